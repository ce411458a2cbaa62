"""Comparing a pinned view A with the live view B: numbers read back from how the page writes them,
changes and direction words that follow the values as shown, the sentence, and the overlay."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorers import formatting
from explorers.compare import (
    FADED_OPACITY,
    PINNED_NAME,
    SettingChange,
    can_overlay,
    compare_number,
    overlaid,
    overlay,
    parse_amount,
    same_data,
    what_changed,
)
from explorers.view import KeyNumber

FORMATS = {
    "fixed3": lambda x: f"{x:.3f}",
    "share": formatting.share,
    "money": formatting.money,
    "two_figures": formatting.two_figures,
    "duration_ms": formatting.duration_ms,
    "count": lambda x: f"{round(x * 1000):,}",
}
values = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@pytest.mark.parametrize(
    ("text", "value", "decimals", "unit"),
    [
        ("0.862", 0.862, 3, None),
        ("4.8%", 4.8, 1, "%"),
        ("$1,234", 1234.0, 0, None),
        ("−$1.96", -1.96, 2, None),
        ("+0.26", 0.26, 2, None),
        ("-0.3 pts", -0.3, 1, None),
        ("2.1 ms", 2.1, 1, "ms"),
        ("37 µs", 37.0, 0, "µs"),
        ("70 of 120", 70.0, 0, None),
        ("B by 0.062", 0.062, 3, None),
        ("η = 0.3", 0.3, 1, None),
        ("6.0× faster", 6.0, 1, None),
    ],
)
def test_a_formatted_value_reads_back(text: str, value: float, decimals: int, unit: str | None):
    amount = parse_amount(text)
    assert amount is not None
    assert amount.value == pytest.approx(value)
    assert amount.decimals == decimals
    assert amount.unit == unit


@pytest.mark.parametrize("text", ["never", "∞", "", "—"])
def test_words_are_not_numbers(text: str):
    assert parse_amount(text) is None


@given(st.sampled_from(sorted(FORMATS)), values, values)
def test_direction_and_change_follow_the_values_as_shown(name: str, x: float, y: float):
    write = FORMATS[name]
    a, b = write(x), write(y)
    change = compare_number(KeyNumber("n", a), KeyNumber("n", b))
    if a == b:
        assert change.direction == "same" and change.change is None
        return
    amount_a, amount_b = parse_amount(a), parse_amount(b)
    if change.change is None:  # values that do not read alike ('<0.01%' against '3.2%')
        assert change.direction is None
        return
    assert amount_a is not None and amount_b is not None
    delta = parse_amount(change.change.replace("−", "-"))
    assert delta is not None and delta.value != 0, "nothing changes by 0"
    assert change.direction == ("rose" if delta.value > 0 else "fell")
    if amount_a.suffix == amount_b.suffix:
        assert (amount_b.value > amount_a.value) == (change.direction == "rose")
        assert delta.value == pytest.approx(amount_b.value - amount_a.value, abs=10**-delta.decimals)


def test_units_convert_before_they_are_compared():
    change = compare_number(KeyNumber("t", "900 µs"), KeyNumber("t", "1.2 ms"))
    assert change.direction == "rose"
    assert change.change == "+0.3 ms"


def test_a_share_changes_in_points_and_money_keeps_its_sign():
    assert compare_number(KeyNumber("r", "4.8%"), KeyNumber("r", "16%")).change == "+11.2 pts"
    assert compare_number(KeyNumber("m", "$12.50"), KeyNumber("m", "$2.00")).change == "−$10.50"


def test_values_that_do_not_read_alike_get_no_change():
    change = compare_number(KeyNumber("p", "B by 0.062"), KeyNumber("p", "A by 0.130"))
    assert change.change is None and change.direction is None


def test_the_sentence_names_the_settings_and_the_numbers():
    settings = [SettingChange("C", "0.1", "10", 0.1, 10.0)]
    numbers = [
        compare_number(KeyNumber("CV log loss", "0.41"), KeyNumber("CV log loss", "0.29")),
        compare_number(KeyNumber("Non-zero coefficients", "3"), KeyNumber("Non-zero coefficients", "17")),
        compare_number(KeyNumber("Recall", "0.68"), KeyNumber("Recall", "0.68")),
    ]
    assert what_changed(settings, numbers) == (
        "From A to B you raised C from 0.1 to 10: CV log loss fell from 0.41 to 0.29 and non-zero "
        "coefficients rose from 3 to 17, while recall stayed at 0.68."
    )


def test_the_sentence_for_toggles_choices_and_no_change():
    toggle = SettingChange("Peeking", "off", "on", toggle=True)
    choice = SettingChange("Penalty", "L1 (lasso)", "L2 (ridge)")
    same = compare_number(KeyNumber("AUC", "0.81"), KeyNumber("AUC", "0.81"))
    assert what_changed([toggle, choice], [same]) == (
        "From A to B you turned peeking on and changed penalty from L1 (lasso) to L2 (ridge); none of "
        "the headline numbers changed."
    )
    assert what_changed([], [same]).startswith("A and B have the same settings")


def _line(y: list[float], name: str = "curve") -> go.Figure:
    return go.Figure(go.Scatter(x=[1, 2, 3], y=y, mode="lines", name=name))


def test_the_overlay_draws_a_faded_and_dashed_under_b():
    a, b = _line([1, 2, 3]), _line([3, 2, 1])
    combined = overlay(b, a)
    assert len(combined.data) == 3
    ghost, live, legend = combined.data
    assert legend.name == PINNED_NAME and list(legend.x) == [None]
    assert ghost.opacity == FADED_OPACITY and ghost.line.dash == "dash" and ghost.showlegend is False
    assert list(live.y) == [3, 2, 1] and live.opacity is None
    assert list(b.data[0].y) == [3, 2, 1] and len(b.data) == 1, "B's figure is not changed"


def test_same_data_draws_only_as_moved_lines():
    a, b = _line([1, 2, 3]), _line([1, 2, 3])
    a.add_vline(x=1.5)
    b.add_vline(x=2.5)
    assert same_data(a, b)
    combined = overlay(b, a)
    assert len(combined.data) == 2, "B's curve and the legend entry for A's line"
    assert [shape.x0 for shape in combined.layout.shapes] == [2.5, 1.5]
    assert combined.layout.shapes[1].opacity == FADED_OPACITY


def test_heat_maps_are_not_overlaid():
    heat = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]]))
    other = go.Figure(go.Heatmap(z=[[4, 3], [2, 1]]))
    assert not can_overlay(heat)
    assert not overlaid(other, heat)


def test_a_category_axis_with_other_rows_is_not_overlaid():
    a = go.Figure(go.Scatter(x=[0.9, 0.8], y=["<b>Random</b>", "Grouped"], mode="markers"))
    b = go.Figure(go.Scatter(x=[0.9, 0.7], y=["Random", "<b>Grouped</b>"], mode="markers"))
    same_rows = go.Figure(go.Scatter(x=[0.5, 0.6], y=["Random", "<b>Grouped</b>"], mode="markers"))
    assert not overlaid(b, a)
    assert overlaid(b, same_rows)


def test_a_number_that_is_the_moved_setting_is_not_said_twice():
    settings = [SettingChange("C", "1", "10", 1.0, 10.0)]
    numbers = [
        compare_number(KeyNumber("C", "1"), KeyNumber("C", "10")),
        compare_number(KeyNumber("CV log loss", "0.114"), KeyNumber("CV log loss", "0.116")),
    ]
    assert what_changed(settings, numbers) == (
        "From A to B you raised C from 1 to 10: CV log loss rose from 0.114 to 0.116."
    )
