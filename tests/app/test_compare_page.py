"""Pin and compare on every page, through the kit: pin the view as A, move a stage control, read
A, B and the change for every key number, then swap and unpin."""

from __future__ import annotations

import pytest

from bench.links import other_value
from explorers.compare import parse_amount
from tests.apptest import assert_healthy, markdown_text, open_healthy, rerun_with, value_of
from tests.unit.properties_support import page_spec
from ui.compare import PIN_PREFIX
from ui.registry import discover

TRADE_OFFS = [entry.script.stem for entry in discover() if entry.section != "Start"]
TABLE_COLUMNS = ["Number", "A (pinned)", "B (live)", "Change"]


def _pinned_keys(at) -> set[str]:
    return {key for key in at.query_params if key.startswith(PIN_PREFIX)}


def _comparison_table(at):
    tables = [frame.value for frame in at.dataframe if list(frame.value.columns) == TABLE_COLUMNS]
    assert len(tables) == 1, "one table of every key number, A against B"
    return tables[0]


def _click(at, key: str):
    at.button(key=key).click().run()
    assert_healthy(at)
    return at


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_pin_move_compare_swap_and_unpin(stem: str):
    spec = page_spec(stem)
    controls = {control.key: control for control in spec.controls}
    at = open_healthy(stem)
    single = {metric.label: metric.value for metric in at.metric}
    assert not _pinned_keys(at)

    _click(at, "pin")
    assert _pinned_keys(at) == {PIN_PREFIX + key for key in controls}, "A holds every control"

    moved = spec.stage.controls[0]
    rerun_with(at, moved, other_value(controls[moved]))
    table = _comparison_table(at)
    live = {metric.label: metric.value for metric in at.metric}
    for _, row in table.iterrows():
        assert row["B (live)"] == live.get(row["Number"], row["B (live)"])
        a, b = parse_amount(row["A (pinned)"]), parse_amount(row["B (live)"])
        if row["Change"] not in ("same", "—"):
            change = parse_amount(row["Change"].replace("−", "-"))
            assert a is not None and b is not None and change is not None
            if a.suffix == b.suffix:  # units converted ('361 ms' to '1.2 s') are unit-tested
                assert (change.value > 0) == (b.value > a.value), row.to_dict()
    assert set(table["A (pinned)"]) <= set(single.values()), "A's numbers are the pinned view's"
    sentence = markdown_text(at)
    assert "From A to B you" in sentence
    compared = [metric for metric in at.metric if "A" in (metric.delta or "")]
    assert len(compared) == min(len(table), 4), "each headline number shows A and the change"

    _click(at, "swap")
    assert value_of(at, controls[moved]) == controls[moved].default, "A's settings are live after a swap"
    pinned = at.query_params[PIN_PREFIX + moved]
    pinned = [pinned] if isinstance(pinned, str) else list(pinned)
    assert pinned == controls[moved].url_values(other_value(controls[moved])), "B is pinned after a swap"

    _click(at, "unpin")
    assert not _pinned_keys(at)
    assert "From A to B you" not in markdown_text(at)
