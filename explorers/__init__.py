"""Pure, streamlit-free computations and figure builders, one module per trade-off."""
