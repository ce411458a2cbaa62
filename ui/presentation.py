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
[data-testid="stPageLink"] p { white-space: normal; }
[data-testid="stSidebarNav"] span, [data-testid="stSidebarNav"] .stMarkdownEllipsis,
[data-testid="stSidebarNav"] .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  min-width: 0; overflow-wrap: anywhere; line-height: 1.25;
}
[data-testid="stSidebarNavLink"] { height: auto !important; min-height: 2rem; }
</style>
"""


# Not a widget key: Streamlit never clears it.
_LAST_STATE_KEY = "_presentation_last_state"


def is_on() -> bool:
    """Whether presentation mode is on for this session."""
    return bool(st.session_state.get(PRESENTATION.key, PRESENTATION.default))


def render_toggle() -> bool:
    """Draw the toggle (in the sidebar), keep the link in step, apply the styles; return its state.

    Unlike the page controls, this app-wide toggle is not bound with ``bind="query-params"``:
    Streamlit sometimes drops an app-shell widget's bound parameter when the page changes.
    It is read from the link on a session's first run and written back on every run instead.
    """
    key = PRESENTATION.key
    # The widget's own default is the last known state (the link's value on a session's first
    # run), never a value pushed through session state: when the browser re-creates the
    # sidebar during a page switch, it reports the widget's default, which must stay "on".
    last = st.session_state.get(_LAST_STATE_KEY)
    with st.sidebar:
        on = bool(
            st.toggle(
                PRESENTATION.label,
                value=_from_link() if last is None else last,
                key=key,
                help=PRESENTATION.help,
            )
        )
    st.session_state[_LAST_STATE_KEY] = on
    if on:
        st.query_params[key] = PRESENTATION.to_url(True)  # re-sent each run: survives page changes
    elif key in st.query_params:
        del st.query_params[key]
    st.html(_PRESENTATION_CSS if on else _BASE_CSS)
    return on


def _from_link() -> bool:
    """The link's value (already checked by ``url_state.sanitize``), or the default."""
    raw = st.query_params.get(PRESENTATION.key)
    return PRESENTATION.default if raw is None else bool(PRESENTATION.parse(raw))
