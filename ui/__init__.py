"""Streamlit glue shared by every page: URL-bound controls, the page scaffold, caching, theme."""
