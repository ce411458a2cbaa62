"""The page scaffold every trade-off uses, in a fixed order:

title, the interviewer's question, controls, live result, "What to notice", "In the interview".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import streamlit as st
import streamlit.elements.plotly_chart  # sets Streamlit's plotly default; use_theme() overrides it
from streamlit.delta_generator import DeltaGenerator

from datasets.errors import UserFacingError
from explorers.charts import apply_theme, use_theme
from explorers.interview import InterviewGuide, TopicText
from explorers.view import Chart, KeyNumber
from ui import presentation, upload, url_state
from ui.controls import Control, ControlGroup
from ui.shell import ensure_app_shell
from ui.topic import view_of

_LOG = logging.getLogger(__name__)
use_theme()

PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

# The current page's control groups are left in session state, so tests and the benchmark
# can drive any page generically.
GROUPS_STATE_KEY = "_page_control_groups"

Values = Mapping[str, Any]
ViewDrawer = Callable[[Any], None]  # draws one topic's view


@dataclass(frozen=True)
class PageSpec:
    """Everything a trade-off page shows besides its live result."""

    title: str  # the page's PAGE["title"]
    topic: ModuleType  # the explorer: Params, fits, view and TEXT (see explorers.view)
    groups: tuple[ControlGroup, ...]

    @property
    def text(self) -> TopicText:
        """The question, intro and interview guide, from the explorer."""
        return self.topic.TEXT

    @property
    def controls(self) -> tuple[Control, ...]:
        """Every control of the page, in display order."""
        return tuple(control for group in self.groups for control in group.controls)


def begin_page(groups: tuple[ControlGroup, ...] = ()) -> None:
    """First call of every page: stay inside the app shell, then check the link's values
    against the page's controls (unknown parameters are dropped with a notice)."""
    ensure_app_shell()
    controls = [control for group in groups for control in group.controls]
    url_state.sanitize(controls, known=[presentation.PRESENTATION.key])
    st.session_state[GROUPS_STATE_KEY] = groups


def render_page(spec: PageSpec, draw_view: ViewDrawer) -> None:
    """Draw a whole trade-off page: the controls, then the topic's view for their values (its fits
    through the bounded cache), drawn by ``draw_view``, then its "What to notice" sentences."""
    begin_page(spec.groups)
    st.title(spec.title)
    st.info(f"**The question:** {spec.text.question}", icon=":material/record_voice_over:")
    if spec.text.intro:
        explain(spec.text.intro)
    show_url_notices()
    values, has_data = _render_controls(spec.groups)
    sidebar_tools(spec.controls)
    st.subheader("Live result", divider="gray")
    if not has_data:
        st.info(
            "Upload a usable CSV file above to see this trade-off on your own data.",
            icon=":material/upload_file:",
        )
    sentences = _draw_safely(spec.topic, draw_view, values) if has_data else []
    if sentences:
        st.subheader("What to notice", divider="gray")
        st.markdown("\n".join(f"- {sentence}" for sentence in sentences))
    render_interview(spec.text.interview)


def show_url_notices() -> None:
    """Show, once, what was ignored from the link."""
    for notice in url_state.pop_notices():
        st.warning(notice, icon=":material/link_off:")


def _render_controls(groups: Sequence[ControlGroup]) -> tuple[dict[str, Any], bool]:
    """Every group's widgets; the upload panel right below the group that picks "Your data (CSV)".
    Returns the values (the uploaded data in place of "upload") and whether there is data to show."""
    values: dict[str, Any] = {}
    has_data = True
    for group in groups:
        with st.container(border=True):
            st.markdown(f"**{group.title}**")
            if group.caption and not presentation.is_on():
                st.caption(group.caption)
            columns = st.columns(group.columns)
            for index, control in enumerate(group.controls):
                with columns[index % group.columns]:
                    values[control.key] = control.render()
        for control in filter(upload.offers_upload, group.controls):
            has_data = upload.resolve(control, values)
    return values, has_data


# Copies the address bar, which Streamlit keeps in step with every bound control. A constant:
# no server-side or user-supplied text is ever interpolated into this script.
_COPY_LINK_BUTTON = """
<button id="copy-share-link" type="button" style="width:100%;min-height:2.5rem;padding:0.25rem 0.75rem;
 border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;background:#fff;color:inherit;font:inherit;
 cursor:pointer;">Copy share link</button>
<script>
(function () {
  const button = document.getElementById("copy-share-link");
  if (!button || button.dataset.ready) { return; }
  button.dataset.ready = "1";
  button.addEventListener("click", function () {
    const done = function (text) { button.textContent = text; setTimeout(function () {
      button.textContent = "Copy share link"; }, 2000); };
    navigator.clipboard.writeText(window.location.href).then(
      function () { done("Link copied"); },
      function () { done("Copy the link below"); });
  });
})();
</script>
"""


def sidebar_tools(controls: Sequence[Control]) -> None:
    """The share link and the reset button, in the sidebar."""
    every_control = (*controls, presentation.PRESENTATION) if presentation.is_on() else tuple(controls)
    with st.sidebar:
        st.html(_COPY_LINK_BUTTON, unsafe_allow_javascript=True)
        with st.expander("The link, every setting spelled out", icon=":material/link:"):
            st.code(url_state.share_url(every_control), language=None, wrap_lines=True)
            st.caption("It reopens exactly this view, even if a default changes in a later version.")
        if not controls:
            return
        st.button(
            "Reset to defaults",
            icon=":material/restart_alt:",
            on_click=url_state.reset_to_defaults,
            args=(controls,),
            width="stretch",
        )


def _draw_safely(topic: ModuleType, draw_view: ViewDrawer, values: Values) -> list[str]:
    """The view drawn and its sentences; a UserFacingError or a failure becomes one notice."""
    try:
        view = view_of(topic, values)
        draw_view(view)
        return list(view.notice)
    except UserFacingError as problem:
        st.warning(str(problem), icon=":material/warning:")
    except Exception:
        _LOG.exception("Could not compute the result for %s", dict(values))
        st.error(
            "Something went wrong computing this view. Try other settings, or press "
            "**Reset to defaults** in the sidebar.",
            icon=":material/error:",
        )
    return []


def render_interview(guide: InterviewGuide) -> None:
    """The "In the interview" section; folded away in presentation mode."""
    st.subheader("In the interview", divider="gray")
    folded = presentation.is_on()
    with st.expander("Talking points, when to pick which, pitfalls, follow-ups", expanded=not folded):
        tabs = st.tabs(["Talking points", "When to pick which", "Pitfalls", "Follow-up questions"])
        with tabs[0]:
            _bullets(guide.talking_points)
        with tabs[1]:
            for side, reasons in guide.pick_when.items():
                st.markdown(f"**{side}**")
                _bullets(reasons)
        with tabs[2]:
            _bullets(guide.pitfalls)
        with tabs[3]:
            _bullets(guide.follow_ups)


def _bullets(lines: Sequence[str]) -> None:
    st.markdown("\n".join(f"- {line}" for line in lines))


def aside(text: str) -> None:
    """A one-line aside, small and the same in both modes (longer text goes through ``explain``)."""
    st.caption(text)


def grid_columns(per_row: int) -> list[DeltaGenerator]:
    """Columns for a grid of cards: ``per_row`` normally, one fewer in presentation mode, where text
    is larger."""
    return list(st.columns(max(1, per_row - 1) if presentation.is_on() else per_row))


def explain(text: str) -> None:
    """A longer explanation: a caption normally, folded into an expander in presentation mode."""
    if presentation.is_on():
        with st.expander("Explanation"):
            st.markdown(text)
    else:
        st.caption(text)


def show_chart(chart: Chart) -> None:
    """Draw a view's chart in the app's theme, sized for the current screen mode."""
    on = presentation.is_on()
    apply_theme(chart.figure, presentation=on, height=int(chart.height * 1.1) if on else chart.height)
    st.plotly_chart(chart.figure, theme=None, config=PLOTLY_CONFIG)


def show_number(number: KeyNumber) -> None:
    """One key number as a bordered ``st.metric``."""
    st.metric(
        number.label,
        number.value,
        delta=number.delta,
        help=number.help,
        delta_color=number.delta_color,
        delta_description=number.delta_description,
        border=True,
    )


def show_numbers(numbers: Sequence[KeyNumber], *, per_row: int | None = None) -> None:
    """Rows of ``st.metric``s, so no key number lives only inside a chart.

    Normally one row, or rows of ``per_row``; in presentation mode at most three a row, so labels
    stay whole.
    """
    per_row = min(per_row or len(numbers), len(numbers))
    if presentation.is_on() and len(numbers) > 3:
        per_row = len(numbers)
        rows = -(-per_row // 3)
        per_row = -(-per_row // rows)
    for start in range(0, len(numbers), per_row):
        for column, number in zip(st.columns(per_row), numbers[start : start + per_row], strict=False):
            with column:
                show_number(number)


def chart_with_numbers(chart: Chart, numbers: Sequence[KeyNumber]) -> None:
    """A chart with its key numbers beside it; stacked (numbers in a row) in presentation mode."""
    if presentation.is_on():
        show_chart(chart)
        show_numbers(numbers)
        return
    left, side = st.columns([3, 1])
    with left:
        show_chart(chart)
    with side:
        for number in numbers:
            show_number(number)


def show_number_columns(columns: Sequence[tuple[str, Sequence[KeyNumber]]]) -> None:
    """Bordered columns side by side, each a bold title over its key numbers, one under another."""
    for column, (title, numbers) in zip(st.columns(len(columns), border=True), columns, strict=True):
        with column:
            st.markdown(f"**{title}**")
            for number in numbers:
                show_number(number)


def two_panels() -> tuple[DeltaGenerator, DeltaGenerator]:
    """Two panels side by side normally; one under the other in presentation mode, where fonts are larger."""
    if presentation.is_on():
        return st.container(), st.container()
    left, right = st.columns(2)
    return left, right
