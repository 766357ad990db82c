"""Evaluation: labelled question sets, the runner, metrics, reports and the benchmark."""
