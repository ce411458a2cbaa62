"""Presentation mode: larger type and charts, long explanations collapsed, for a projector."""

from __future__ import annotations

import streamlit as st

from ui.controls import Toggle

PRESENTATION = Toggle(
    "present",
    "Presentation mode",
    help="Larger text and charts for a shared screen; long explanations fold away. Kept in the link.",
)

_BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
</style>
"""

_PRESENTATION_CSS = """
<style>
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding: 4rem 1.5rem 3rem; max-width: 100%; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stMetricValue"] { font-size: 2.3rem; }
[data-testid="stMetricValue"] p { font-size: inherit !important; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
[data-testid="stWidgetLabel"] p { font-size: 1.05rem; }
h1 { font-size: 2.3rem !important; }
</style>
"""


def is_on() -> bool:
    """Whether presentation mode is on for this session."""
    return bool(st.session_state.get(PRESENTATION.key, PRESENTATION.default))


def render_toggle() -> bool:
    """Draw the toggle (in the sidebar) and apply the matching styles; return its state."""
    with st.sidebar:
        on = bool(PRESENTATION.render())
    st.html(_PRESENTATION_CSS if on else _BASE_CSS)
    return on
