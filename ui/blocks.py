"""Drawing primitives every page shares: charts, key numbers, panels and explanations, each sized
for the current screen mode (normal or presentation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st
import streamlit.elements.plotly_chart  # sets Streamlit's plotly default; use_theme() overrides it
from streamlit.delta_generator import DeltaGenerator

from explorers.charts import apply_theme, use_theme
from explorers.export import chart_title
from explorers.view import Chart, KeyNumber
from ui import presentation
from ui.markdown import literal

use_theme()

PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def aside(text: str) -> None:
    """A one-line aside, small and the same in both modes (longer text goes through ``explain``)."""
    st.caption(text)


def cards_per_row(per_row: int) -> int:
    """Cards in a grid row: ``per_row`` normally, one fewer in presentation mode, where text is larger."""
    return max(1, per_row - 1) if presentation.is_on() else per_row


def explain(text: str) -> None:
    """A longer explanation: a caption normally, folded into an expander in presentation mode."""
    if presentation.is_on():
        with st.expander("Explanation"):
            st.markdown(text)
    else:
        st.caption(text)


# The main chart's height on the stage (normal, presentation), so it fits the first 1280x720 screen
# with the settings row and the headline numbers above it; its width there, at 1280x720, with the
# controls beside it ("side") or above it ("top").
STAGE_CHART_HEIGHT = (350, 290)
STAGE_CHART_WIDTH = {"side": (620, 880), "top": (820, 1200)}


def show_chart(chart: Chart, *, stage: str | None = None, room: int = 0) -> None:
    """Draw a view's chart in the app's theme, sized for the current screen mode (and for the
    stage, with its panel on the ``stage`` side, when it is a page's main chart, ``room`` px lower
    for what sits above it there)."""
    on = presentation.is_on()
    scaled = int(chart.height * 1.1) if on else chart.height
    height = STAGE_CHART_HEIGHT[on] - room if stage else scaled
    width = STAGE_CHART_WIDTH[stage][on] if stage else None
    title = _take_title(chart.figure)
    if title:
        st.caption(f"**{literal(title)}**")
        chart.figure.layout.margin.t = max(24, (chart.figure.layout.margin.t or 56) - 26)  # its room
    apply_theme(chart.figure, presentation=on, height=height, width=width)
    st.plotly_chart(chart.figure, theme=None, config=PLOTLY_CONFIG)


def _take_title(fig: go.Figure) -> str:
    """The figure's title as plain text, taken out of the figure: drawn above it as text, it wraps
    to the column's width instead of running into the legend or out of the chart."""
    text = chart_title(Chart(fig), "")
    if text:
        fig.layout.title.text = None
    return text


def show_number(number: KeyNumber, *, border: bool = True) -> None:
    """One key number as an ``st.metric``, bordered unless told otherwise."""
    st.metric(
        number.label,
        number.value,
        delta=number.delta,
        help=number.help,
        delta_color=number.delta_color,
        delta_description=number.delta_description,
        border=border,
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
