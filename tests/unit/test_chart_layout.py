"""The readability rules every chart gets when drawn: log ticks, overlay axes, legends, axis titles."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorers import chart_layout as cl
from explorers.charts import apply_theme, figure
from explorers.view import Chart
from tests.unit import properties_support as props
from tests.unit.properties_support import defaults, page_spec
from tests.unit.test_topics import TRADE_OFFS


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0.4, 9.0, [0.5, 1, 2, 5]),
        (0.4, 4.0, [0.5, 0.7, 1, 2, 3]),
        (0.05, 20.0, [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]),
        (1, 100_000, [1, 10, 100, 1_000, 10_000, 100_000]),
    ],
)
def test_log_ticks_are_round_values(low: float, high: float, expected: list[float]):
    assert cl.log_ticks(low, high) == pytest.approx(expected)


@given(st.floats(1e-6, 1e6), st.floats(1.5, 1e6))
def test_log_ticks_lie_in_the_range_and_are_round(low: float, factor: float):
    ticks = cl.log_ticks(low, low * factor)
    assert len(ticks) >= 2
    assert ticks == sorted(ticks)
    for tick in ticks:
        mantissa = tick / 10 ** math.floor(math.log10(tick))
        assert len(f"{mantissa:.12g}".replace(".", "")) <= 2  # e.g. 1, 2, 5, 7 or 1.5 (a narrow range)


def test_tick_text_is_a_plain_number():
    assert [cl.tick_text(v) for v in (0.001, 0.5, 1, 10_000)] == ["0.001", "0.5", "1", "10,000"]


def test_a_log_axis_gets_round_tick_labels_never_minor_digits():
    fig = figure([{"type": "scatter", "x": [0.4, 9.0], "y": [1, 2]}], {"xaxis": {"type": "log"}})
    apply_theme(fig)
    assert list(fig.layout.xaxis.ticktext) == ["0.5", "1", "2", "5"]


def test_an_overlaying_axis_gets_its_own_round_ticks():
    layout = {"yaxis2": {"overlaying": "y", "side": "right"}}
    fig = figure([{"type": "scatter", "x": [1, 2], "y": [0, 512], "yaxis": "y2"}], layout)
    apply_theme(fig)
    assert fig.layout.yaxis2.tickmode == "auto" and fig.layout.yaxis2.showgrid is False


def test_legend_rows_follow_plotlys_grid():
    assert cl.legend_rows(["a", "b"], 14, 800) == 1
    assert cl.legend_rows(["x" * 40] * 5, 14, 800) == 3  # two columns as wide as the widest entry


def _legend_figure(names: list[str], **layout: object) -> go.Figure:
    return figure([{"type": "scatter", "x": [1], "y": [1], "name": name} for name in names], layout)


def test_a_long_legend_first_gets_a_smaller_font():
    fig = _legend_figure([f"entry {i} of the legend" for i in range(5)])
    cl.fit_legend(fig, 20, 800)
    assert fig.layout.legend.font.size < 20
    assert cl.legend_rows(cl._legend_names(fig), fig.layout.legend.font.size, 800) <= cl.LEGEND_ROWS


def test_a_legend_too_long_for_two_rows_moves_beside_the_chart():
    fig = _legend_figure([f"a rather long legend entry {i}" for i in range(6)], height=500)
    cl.fit_legend(fig, 20, 600)
    assert fig.layout.legend.orientation == "v"


def test_a_y_title_longer_than_the_chart_is_tall_wraps():
    long_title = "Precision (mean over seeds, 0–1) on the validation split"
    fig = figure([], {"yaxis": {"title": {"text": long_title}}})
    cl.wrap_axis_titles(fig, 20, 320, 800)
    assert "<br>" in fig.layout.yaxis.title.text
    short = figure([], {"yaxis": {"title": {"text": "Recall"}}})
    cl.wrap_axis_titles(short, 20, 320, 800)
    assert short.layout.yaxis.title.text == "Recall"


@pytest.mark.parametrize("stem", TRADE_OFFS)
@pytest.mark.parametrize(("presentation", "width"), [(False, 1000), (True, 700), (True, 420)])
def test_every_pages_figures_stay_valid_after_the_rules(stem: str, presentation: bool, width: int):
    """The rules write plotly's own stores directly: what they write must pass plotly's validation,
    and read back through plotly's accessors as written."""
    view = props.built_view(page_spec(stem).topic, defaults(stem))
    for chart in (value for value in vars(view).values() if isinstance(value, Chart)):
        fig = apply_theme(go.Figure(chart.figure), presentation=presentation, height=300, width=width)
        go.Figure(fig.to_dict()).to_json()
        legend = fig.to_dict()["layout"].get("legend", {})
        if legend.get("orientation") == "v":
            assert fig.layout.legend.orientation == "v"
            assert fig.layout.legend.font.size == legend["font"]["size"]
