"""The Streamlit app's pages (app.py routes to them); views/common.py holds what they share."""
