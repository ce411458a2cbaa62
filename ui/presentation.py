"""Presentation mode: larger type and charts, long explanations collapsed, for a projector."""

from __future__ import annotations

import streamlit as st

from ui.controls import InvalidUrlValueError, Toggle

PRESENTATION = Toggle(
    "present",
    "Presentation mode",
    help="Larger text and charts for a shared screen; long explanations fold away. Kept in the link.",
)

# Both modes: tabular figures, a compact title, whole metric labels (wrapped, never cut off),
# and a compact stage.
_COMMON_CSS = """
<style>
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
[data-testid="stMain"] h1 { padding: 0 0 0.2rem; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
.st-key-question p { margin-bottom: 0; }
.st-key-page-header h1 { line-height: 1.15; }
.st-key-page-tools button, .st-key-present-toolbar button { min-height: 2.1rem; padding: 0.1rem 0.65rem; }
.st-key-page-tools, .st-key-present-toolbar { position: relative; top: 0.85rem; }
.st-key-stage-chart [data-baseweb="tab"] { padding-top: 0; padding-bottom: 0.2rem; height: auto; }
.st-key-stage-chart [data-baseweb="tab"] p { font-size: 0.85rem; }
.st-key-present-toolbar { align-items: center; }
.st-key-settings-summary { min-width: 0; }
.st-key-settings-summary p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] *,
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
.st-key-more-numbers [data-testid="stMetric"] { padding: 0.1rem 0.2rem 0.1rem 0.6rem; }
.st-key-more-numbers [data-testid="stColumn"]:has([data-testid="stMetric"]) {
  border-left: 3px solid #BFBFBF;
}
.st-key-stage-numbers [data-testid="stMetric"] { padding: 0.1rem 0.2rem 0.1rem 0.6rem; }
.st-key-stage-numbers [data-testid="stColumn"] { border-left: 3px solid #0072B2; }
.st-key-stage-numbers [data-testid="stMetricLabel"] p { font-size: 0.85rem !important; line-height: 1.25; }
.st-key-stage-numbers [data-testid="stMetricValue"] { font-size: 1.75rem !important; line-height: 1.3; }
.st-key-stage-numbers [data-testid="stMetricDelta"] { font-size: 0.8rem !important; padding: 0 0.35rem; }
.st-key-stage-numbers [data-testid="stMetricDelta"] svg { width: 0.8rem; height: 0.8rem; }
.st-key-stage-numbers [data-testid="stMetricDeltaDescription"] * { font-size: 0.75rem !important; }
.st-key-stage-controls [data-testid="stVerticalBlock"] { gap: 0.5rem; }
.st-key-stage-chart [data-testid="stVerticalBlock"] { gap: 0.1rem; }
.st-key-stage-controls [data-testid="stMultiSelect"] div { max-height: none !important; }
.st-key-stage-controls [data-tag] { max-width: 100% !important; height: auto !important; }
.st-key-stage-controls [data-tag] span {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
</style>
"""

_BASE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.4rem; }
[data-testid="stMain"] h1 { font-size: 1.9rem; }
</style>
"""

# Presentation: larger type everywhere (widget values and table text too), the sidebar folded
# away, and a stage that still fits one 1280x720 screen.
_PRESENTATION_CSS = """
<style>
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding: 2.9rem 1.5rem 3rem; max-width: 100%; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.1rem; }
[data-testid="stMain"] h1 { font-size: 1.7rem !important; }
[data-testid="stMetricValue"] { font-size: 2.1rem; }
[data-testid="stMetricValue"] p { font-size: inherit !important; }
[data-testid="stMetricLabel"] p { font-size: 1rem; }
[data-testid="stWidgetLabel"] p { font-size: 1rem; }
.st-key-stage-numbers [data-testid="stMetricLabel"] p { font-size: 0.8rem !important; }
.st-key-stage-numbers [data-testid="stMetricValue"] { font-size: 1.6rem !important; }
[data-testid="stNumberInputField"], [data-baseweb="select"] *, [data-baseweb="input"] input,
[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"],
[data-testid="stSliderTickBarMax"], [data-testid="stRadio"] label p,
[data-testid="stMultiSelect"] span, [data-testid="stSelectSlider"] * { font-size: 1rem !important; }
[data-testid="stTable"] table, [data-testid="stTable"] th, [data-testid="stTable"] td {
  font-size: 1rem !important;
}
[data-testid="stCaptionContainer"] { font-size: 0.9rem; }
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


def sidebar_state() -> str:
    """The sidebar's state for ``st.set_page_config``: folded away in presentation mode (the page's
    header then holds the share link and the way out), open otherwise. Read before the toggle is
    drawn: its widget state, else the last known state, else the link."""
    on = st.session_state.get(PRESENTATION.key, st.session_state.get(_LAST_STATE_KEY))
    if on is None:
        try:
            on = _from_link()
        except InvalidUrlValueError:  # garbage in the link: the notice comes with the page
            on = PRESENTATION.default
    return "collapsed" if on else "expanded"


def _leave() -> None:
    st.session_state[PRESENTATION.key] = False
    st.session_state[_LAST_STATE_KEY] = False


def leave_button() -> None:
    """A button that turns presentation mode off (the toggle itself sits in the folded sidebar)."""
    st.button(
        "Leave",
        icon=":material/close_fullscreen:",
        key="leave-present",
        on_click=_leave,
    )


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
    st.html(_COMMON_CSS)
    st.html(_PRESENTATION_CSS if on else _BASE_CSS)
    return on


def _from_link() -> bool:
    """The link's value (already checked by ``url_state.sanitize``), or the default."""
    raw = st.query_params.get(PRESENTATION.key)
    return PRESENTATION.default if raw is None else bool(PRESENTATION.parse(raw))
