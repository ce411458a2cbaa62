"""Streamlit's own floor: a page with one slider and nothing else."""

import streamlit as st

st.slider("Floor", 0, 1000, 500, key="floor")
