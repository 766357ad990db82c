"""Deployment: deploy/compose.yaml (containers) and deploy/local.py (the same topology as processes)."""
