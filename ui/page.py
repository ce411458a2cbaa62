"""The page scaffold every trade-off uses.

The first screen is the **stage**: the title, the interviewer's question in one line, a row of
settings popovers (each summarised in one line), then the controls that move the page's main
chart beside that chart and its headline numbers. Below the stage: the page's own secondary
charts and tables, "What to notice" and "In the interview".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import datasets
from datasets.errors import UserFacingError
from explorers.interview import InterviewGuide, TopicText
from explorers.view import Chart, KeyNumber, View
from ui import compare, presentation, upload, url_state
from ui.blocks import (  # noqa: F401  (the kit's drawing primitives, re-exported for pages)
    aside,
    cards_per_row,
    chart_with_numbers,
    explain,
    show_chart,
    show_number,
    show_number_columns,
    show_numbers,
    two_panels,
)
from ui.controls import Control, ControlGroup, MultiChoice
from ui.export import download_menu
from ui.prewarm import DECLARING
from ui.share import sidebar_tools, toolbar
from ui.shell import ensure_app_shell
from ui.topic import show_messages, view_of

_LOG = logging.getLogger(__name__)

# The current page's control groups are left in session state, so tests and the benchmark
# can drive any page generically.
GROUPS_STATE_KEY = "_page_control_groups"

HEADLINE = 4  # headline numbers on the stage; a view's further numbers sit right below it

# Element keys (CSS classes ``st-key-…``) the browser tests find the stage by.
STAGE_KEY = "stage"
STAGE_CONTROLS_KEY = "stage-controls"
STAGE_NUMBERS_KEY = "stage-numbers"
STAGE_CHART_KEY = "stage-chart"
SETTINGS_KEY = "settings"
HEADER_KEY = "page-header"  # the title's row
TOOLS_KEY = "page-tools"  # pin, unpin, swap and download, right of the title

Values = Mapping[str, Any]
ViewDrawer = Callable[[Any], None]  # draws the rest of one topic's view, below the stage


@dataclass(frozen=True)
class Stage:
    """What a page's first screen holds: the controls that move its main chart, that chart, and
    the view field whose first ``HEADLINE`` key numbers sit above it."""

    controls: tuple[str, ...]  # control keys, in panel order
    chart: str  # the view's field holding the main Chart
    numbers: str = "numbers"  # the view's field holding its key numbers, most important first
    # "side": the controls in a panel left of the chart; "top": in one row above it (for wide
    # controls such as a multiselect)
    panel: Literal["side", "top"] = field(default="side", kw_only=True)


@dataclass(frozen=True)
class PageSpec:
    """Everything a trade-off page shows besides its live result."""

    title: str  # the page's PAGE["title"]
    topic: ModuleType  # the explorer: Params, fits, view and TEXT (see explorers.view)
    groups: tuple[ControlGroup, ...]
    stage: Stage

    def __post_init__(self) -> None:
        keys = {control.key for control in self.controls}
        unknown = [key for key in self.stage.controls if key not in keys]
        if unknown:
            raise ValueError(f"{self.title}: the stage names unknown controls {unknown}")

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
    url_state.sanitize(controls, known=[presentation.PRESENTATION.key], namespaces=(compare.PIN_PREFIX,))
    st.session_state[GROUPS_STATE_KEY] = groups


def page_header(title: str, question: str | None = None) -> DeltaGenerator:
    """One row: the title, then the page's tools (pin, unpin, swap, download) and, in presentation
    mode, the copy-link button and the way out; then the question in one line. Returns the place
    for the tools."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="small", key=HEADER_KEY)
    with row.container(width="stretch"):
        st.title(title)
    tools = row.container(horizontal=True, gap="small", width="content", key=TOOLS_KEY)
    if presentation.is_on():
        with row:
            toolbar()
    if question:
        with st.container(key="question"):
            st.markdown(f":material/record_voice_over: **The question:** {question}")
    return tools


def render_page(spec: PageSpec, draw_view: ViewDrawer) -> None:
    """Draw a whole trade-off page: the stage (settings, stage controls, main chart and headline
    numbers), then the rest of the topic's view through ``draw_view``, "What to notice" and
    "In the interview". While ``ui.prewarm`` reads the page's declaration, it draws nothing."""
    if DECLARING.get():
        return
    begin_page(spec.groups)
    tools = page_header(spec.title, spec.text.question)
    show_url_notices()
    settings = st.container(key=SETTINGS_KEY)
    upload_slot = st.container()
    with st.container(key=STAGE_KEY):
        if spec.stage.panel == "top":
            panel, result = st.container(), st.container()
        else:
            panel, result = st.columns([1, 3], gap="medium")
    values, has_data = _render_controls(spec, settings, panel, upload_slot)
    sidebar_tools(spec.controls)
    view = _view_safely(spec.topic, values, result) if has_data else None
    with tools:
        compare.pin_buttons(spec.controls)
        if view is not None and not presentation.is_on():  # a presenter's screen stays uncluttered
            download_menu(spec.title, spec.topic, spec.controls, values, view)
    if not has_data:
        with result:
            st.info(
                "Upload a usable CSV file above to see this trade-off on your own data.",
                icon=":material/upload_file:",
            )
    if view is None:
        render_interview(spec.text.interview)
        return
    comparison = _comparison(spec, values, view, result)
    _draw_below_stage(spec, view, draw_view, result, comparison)


def _pinned_values(spec: PageSpec, values: Values) -> dict[str, Any] | str | None:
    """A's values (an upload stands in for "Your data (CSV)" when B has one), a sentence saying why
    A cannot be shown, or None when nothing is pinned."""
    pinned = compare.pinned_values(spec.controls)
    if pinned is None:
        return None
    for control in filter(upload.offers_upload, spec.controls):
        if pinned[control.key] == datasets.UPLOAD_KEY:
            if isinstance(values[control.key], str):
                return "The pinned view A used your own data (CSV): pick it here too to compare."
            pinned[control.key] = values[control.key]
    return pinned


def _comparison(
    spec: PageSpec, values: Values, view: View, result: DeltaGenerator
) -> compare.Comparison | None:
    """A against B while A is pinned; a failure to build A is one warning in the stage."""
    a_values = _pinned_values(spec, values)
    if a_values is None:
        return None
    a_view = a_values if isinstance(a_values, str) else compare.pinned_view_safely(spec.topic, a_values)
    if isinstance(a_view, str):
        result.warning(a_view, icon=":material/push_pin:")
        return None
    return compare.compare(
        spec.controls,
        a_values=a_values,
        b_values=values,
        a_numbers=getattr(a_view, spec.stage.numbers),
        b_numbers=getattr(view, spec.stage.numbers),
        chart_a=getattr(a_view, spec.stage.chart),
        headline=HEADLINE,
    )


def _draw_below_stage(
    spec: PageSpec,
    view: View,
    draw_view: ViewDrawer,
    result: DeltaGenerator,
    comparison: compare.Comparison | None = None,
) -> None:
    """The stage's chart and numbers, then everything else the view holds."""
    numbers: Sequence[KeyNumber] = getattr(view, spec.stage.numbers)
    with result:
        _draw_stage_result(getattr(view, spec.stage.chart), numbers[:HEADLINE], spec.stage.panel, comparison)
    if comparison is not None:
        with st.container(key=compare.COMPARE_KEY):
            st.markdown(f":material/compare_arrows: {comparison.sentence}")
            with st.expander("Every key number, A against B", expanded=False):
                compare.comparison_table(comparison.numbers)
    show_messages(view.messages)
    if len(numbers) > HEADLINE:
        with st.container(key="more-numbers"):
            _number_row(numbers[HEADLINE:], columns=HEADLINE)
    if spec.text.intro:
        explain(spec.text.intro)
    try:
        draw_view(view)
    except Exception:
        _LOG.exception("Could not draw the view of %s", spec.title)
        st.error("Part of this page could not be drawn. Try other settings.", icon=":material/error:")
    if view.notice:
        st.subheader("What to notice", divider="gray")
        st.markdown("\n".join(f"- {sentence}" for sentence in view.notice))
    render_interview(spec.text.interview)


def _draw_stage_result(
    chart: Chart | None,
    numbers: Sequence[KeyNumber],
    panel: str,
    comparison: compare.Comparison | None = None,
) -> None:
    """The headline numbers in one row, the main chart below them at the stage's height; while A is
    pinned, each number with A's and the change, and A drawn faded under B (or beside it)."""
    if numbers:
        with st.container(key=STAGE_NUMBERS_KEY):
            if comparison is None:
                _number_row(numbers, columns=len(numbers))
            else:
                compare.show_compared_numbers(comparison.numbers, numbers)
    b, a = (chart, None) if comparison is None else compare.main_chart(chart, comparison.chart_a)
    with st.container(key=STAGE_CHART_KEY):
        if b is None:
            st.info("Nothing to draw for these settings.", icon=":material/info:")
        elif comparison is None:
            show_chart(b, stage=panel)
        else:
            _draw_compared_chart(b, a, panel)


def _draw_compared_chart(b: Chart, a: Chart | None, panel: str) -> None:
    """B with A faded under it; when they cannot be overlaid, A and B at full size on two tabs to
    flip between (half the stage's width cannot hold a chart's labels at 1280x720)."""
    room = compare.COMPARED_ROOM
    if a is None:
        compare.chart_legend(b)
        show_chart(b, stage=panel, room=room)
        return
    for tab, chart in zip(st.tabs(["B (live)", "A (pinned)"]), (b, a), strict=True):
        with tab:
            show_chart(chart, stage=panel, room=room)


def _number_row(numbers: Sequence[KeyNumber], columns: int) -> None:
    """Key numbers side by side, unboxed, in ``columns`` equal columns."""
    for column, number in zip(st.columns(columns), numbers, strict=False):
        with column:
            show_number(number, border=False)


def show_url_notices() -> None:
    """Show, once, what was ignored from the link."""
    for notice in url_state.pop_notices():
        st.warning(notice, icon=":material/link_off:")


def _render_controls(
    spec: PageSpec, settings: DeltaGenerator, panel: DeltaGenerator, upload_slot: DeltaGenerator
) -> tuple[dict[str, Any], bool]:
    """The stage's controls in its panel; every other group's controls in a popover on the
    settings row, summarised in one line; the upload panel, when "Your data (CSV)" is picked,
    between the two. The widgets are drawn in declaration order, wherever they sit, so a control
    that follows an earlier one (``applies_when``, ``default_when``) sees its current value.
    Returns the values (the uploaded data in place of "upload") and whether there is data to show."""
    popover_slots, summary = _settings_slots(spec, settings)
    slots = {**_stage_slots(spec, panel), **popover_slots}
    values = {}
    for control in spec.controls:
        with slots[control.key]:
            values[control.key] = control.render()
    summaries = [
        " · ".join(control.summary(values[control.key]) for control in _off_stage(spec, group))
        for group in spec.groups
    ]
    summary.caption(" · ".join(text for text in summaries if text))
    has_data = True
    for control in filter(upload.offers_upload, spec.controls):
        with upload_slot:
            has_data = upload.resolve(control, values)
    return values, has_data


def _off_stage(spec: PageSpec, group: ControlGroup) -> list[Control]:
    return [control for control in group.controls if control.key not in spec.stage.controls]


def _stage_slots(spec: PageSpec, panel: DeltaGenerator) -> dict[str, DeltaGenerator]:
    """A place in the stage's panel for each of its controls: one under another beside the chart,
    or side by side above it."""
    by_key = {control.key: control for control in spec.controls}
    with panel.container(border=True, key=STAGE_CONTROLS_KEY):
        if spec.stage.panel == "top":
            widths = [2 if isinstance(by_key[key], MultiChoice) else 1 for key in spec.stage.controls]
            return dict(zip(spec.stage.controls, st.columns(widths, gap="medium"), strict=True))
        return {key: st.container() for key in spec.stage.controls}


def _settings_slots(
    spec: PageSpec, settings: DeltaGenerator
) -> tuple[dict[str, DeltaGenerator], DeltaGenerator]:
    """A popover on the settings row for each group with controls off the stage, a place in it for
    each of those controls, and the place for the row's one-line summary."""
    slots: dict[str, DeltaGenerator] = {}
    row = settings.container(horizontal=True, vertical_alignment="center", gap="small", wrap=False)
    for index, group in enumerate(spec.groups):
        rest = _off_stage(spec, group)
        if not rest:
            continue
        with row.popover(group.short_title, icon=_group_icon(group), key=f"settings-{index}"):
            st.markdown(f"**{group.title}**")
            if group.caption:
                st.caption(group.caption)
            slots.update({control.key: st.container() for control in rest})
    return slots, row.container(key="settings-summary", width="stretch")


def _group_icon(group: ControlGroup) -> str:
    return ":material/model_training:" if group.retrains else ":material/tune:"


def _view_safely(topic: ModuleType, values: Values, where: DeltaGenerator) -> View | None:
    """The topic's view for ``values``; a UserFacingError or a failure becomes one notice, in
    the stage where the chart would be."""
    try:
        return view_of(topic, values)
    except UserFacingError as problem:
        where.warning(str(problem), icon=":material/warning:")
    except Exception:
        _LOG.exception("Could not compute the result for %s", dict(values))
        where.error(
            "Something went wrong computing this view. Try other settings, or press "
            "**Reset to defaults** in the sidebar.",
            icon=":material/error:",
        )
    return None


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
