"""The class-imbalance page through AppTest: every control changes the result, reading controls never
retrain, adding a strategy trains only that one, the link (multiselect included) round-trips, and
degenerate settings give messages instead of errors."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from explorers import imbalance as ix
from tests.apptest import (
    chart_specs,
    count_fits,
    open_healthy,
    open_page,
    page_controls,
    rerun_with,
    value_of,
    widget,
)

DEFAULT_SEEDS = (0, 1, 2, 3, 4)


def _plain(cell: str) -> str:
    """A table cell without its highlight markup and Markdown escapes."""
    match = re.fullmatch(r":(?:orange-background|gray)\[\*{1,2}(.*?)\*{1,2}\]", cell)
    return re.sub(r"\\(.)", r"\1", match.group(1) if match else cell)


def _table(at) -> list[dict[str, str]]:
    if not at.table:
        return []
    return [
        {key: _plain(value) for key, value in row.items()} for row in at.table[0].value.to_dict("records")
    ]


def _strategy_cells(at) -> list[str]:
    return [row["Strategy"] for row in _table(at)]


def _state(at) -> str:
    """Everything the page shows as a result: numbers, table, charts and sentences."""
    numbers = [(m.label, m.value) for m in at.metric]
    notes = [md.value for md in at.markdown]
    return json.dumps([numbers, _table(at), chart_specs(at), notes], default=str, sort_keys=True)


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count every fit of the page's model classes; start from empty caches."""
    return count_fits(monkeypatch, LogisticRegression, HistGradientBoostingClassifier)


def test_default_view_shows_the_explorers_numbers():
    at = open_healthy("imbalance")
    rows = _table(at)
    assert {row["Strategy"] for row in rows} == {
        *(ix.STRATEGIES[s].label for s in ("none", "weights", "smote", "threshold")),
        "No-skill baseline",
    }
    assert rows[-1]["Strategy"] == "No-skill baseline", "the baseline row comes last"
    none = ix.evaluate_strategy("moons", 20, 2000, "gbm", "none", k=0, leaky=False, seeds=DEFAULT_SEEDS)
    numbers = {m.label: m.value for m in at.metric}
    assert numbers["Accuracy, doing nothing"] == f"{none.mean('accuracy'):.1%}"
    row = next(r for r in rows if r["Strategy"] == "Do nothing")
    assert row["PR-AUC"] == ix.format_metric(none, "pr_auc")
    assert len(chart_specs(at)) == 3
    assert any("Doing nothing scores" in md.value for md in at.markdown)


CHANGES = {
    "dataset": "linear",
    "ratio": 50,
    "samples": 1000,
    "model": "logreg",
    "seeds": 3,
    "seed": 7,
    "strategies": ("none", "under"),
    "k": 2,
    "leaky": True,
    "calibrate": "over",
    "sort_by": "recall",
    "bins": 20,
}


def test_every_control_is_covered():
    assert set(CHANGES) == {control.key for control in page_controls(open_page("imbalance"))}


@pytest.mark.parametrize(("key", "value"), CHANGES.items())
def test_every_control_changes_the_result(key: str, value: object):
    at = open_page("imbalance")
    before = _state(at)
    rerun_with(at, key, list(value) if isinstance(value, tuple) else value)
    assert not at.warning, [w.value for w in at.warning]
    assert _state(at) != before, key


@pytest.mark.parametrize(("key", "value"), [("sort_by", "brier"), ("bins", 5)])
def test_reading_controls_never_retrain(fits: Counter, key: str, value: object):
    at = open_page("imbalance")
    trained = sum(fits.values())
    assert trained > 0
    rerun_with(at, key, value)
    assert sum(fits.values()) == trained, f"changing {key} retrained"


def test_adding_a_strategy_trains_only_that_one_and_going_back_is_cached(fits: Counter):
    at = open_page("imbalance")
    trained = fits["HistGradientBoostingClassifier"]
    rerun_with(at, "strategies", ["none", "weights", "smote", "threshold", "under"])
    assert fits["HistGradientBoostingClassifier"] - trained == len(DEFAULT_SEEDS), "one fit per seed"
    assert len(_table(at)) == 5 + 1, "the strategies and the no-skill baseline row"
    widget(at, "strategies").set_value(["none", "weights", "smote", "threshold"]).run()
    widget(at, "k").set_value(5).run()
    assert fits["HistGradientBoostingClassifier"] - trained == len(DEFAULT_SEEDS)


def test_k_only_retrains_the_neighbour_based_strategies(fits: Counter):
    at = open_page("imbalance")
    trained = fits["HistGradientBoostingClassifier"]
    rerun_with(at, "k", 3)
    # SMOTE per seed, plus the calibration panel's SMOTE pipeline in each CV fold per seed
    assert fits["HistGradientBoostingClassifier"] - trained == len(DEFAULT_SEEDS) * (1 + ix.CV_FOLDS)


def test_url_round_trip_including_the_multiselect():
    wanted = {
        "dataset": "blobs",
        "ratio": 10,
        "samples": 1000,
        "model": "logreg",
        "seeds": 3,
        "seed": 2,
        "strategies": ("threshold", "over", "none"),
        "k": 4,
        "leaky": True,
        "calibrate": "over",
        "sort_by": "f1",
        "bins": 5,
    }
    first = open_page("imbalance")
    controls = {c.key: c for c in page_controls(first)}
    at = open_healthy("imbalance", {key: controls[key].url_values(value) for key, value in wanted.items()})
    assert not any("Ignored" in w.value for w in at.warning)
    for key, value in wanted.items():
        assert value_of(at, controls[key]) == value, key
    assert [row["Strategy"] for row in _table(at)].count("Random oversampling, leaky") == 1
    link = at.sidebar.code[0].value
    query = parse_qs(urlparse(link).query)
    assert query["strategies"] == ["Threshold moving", "Random oversampling", "Do nothing"]
    reopened = open_healthy("imbalance", query)
    assert _table(reopened) == _table(at)


def test_one_unknown_item_in_the_multiselect_keeps_the_valid_ones_and_names_the_dropped_one():
    at = open_healthy("imbalance", {"strategies": ["SMOTE", "Magic"]})
    control = next(c for c in page_controls(at) if c.key == "strategies")
    assert value_of(at, control) == ("smote",)
    notices = [w.value for w in at.warning if "Ignored from the link" in w.value]
    assert len(notices) == 1 and "unknown item `Magic`" in notices[0] and "kept SMOTE" in notices[0]


def test_a_ratio_the_sample_size_cannot_hold_falls_back_with_one_notice():
    """No dead end: the page runs at the nearest setting with enough minority examples and says so."""
    at = open_healthy("imbalance", {"ratio": "1:50", "samples": "200", "model": "Logistic regression"})
    notices = [w.value for w in at.warning if "instead" in w.value]
    assert len(notices) == 1
    assert (
        "test split would get 1" in notices[0]
        and "500 samples instead, the fewest that keep 1:50" in notices[0]
    )
    assert at.table


def test_an_empty_pick_asks_for_a_strategy():
    at = open_page("imbalance")
    rerun_with(at, "strategies", [])
    assert any("Pick at least one strategy" in w.value for w in at.warning)
    emptied = open_page("imbalance", {"strategies": ""})  # the link the emptied widget writes
    notices = [w.value for w in emptied.warning]
    assert not any("Ignored" in notice for notice in notices), "an empty pick is not a bad link"
    assert any("Pick at least one strategy" in notice for notice in notices)


def test_a_failing_strategy_shows_its_reason_while_the_others_show():
    params = {
        "ratio": "1:1",
        "samples": "500",
        "strategies": ["Do nothing", "ADASYN", "SMOTE"],
        "model": "Logistic regression",
    }
    at = open_healthy("imbalance", params)
    rows = {row["Strategy"].split(".")[0]: row for row in _table(at)}
    assert "already balanced" in next(name for name in _strategy_cells(at) if name.startswith("ADASYN"))
    assert rows["ADASYN"]["F1"] == "–"
    assert rows["SMOTE"]["F1"] != "–" and rows["Do nothing"]["F1"] != "–"
    assert any("ADASYN" in i.value for i in at.info)


def test_small_minority_lowers_k_and_says_so():
    at = open_healthy(
        "imbalance", {"ratio": "1:100", "samples": "1,000", "k": "15", "model": "Logistic regression"}
    )
    assert any("k lowered from 15" in i.value for i in at.info)
    assert any("**SMOTE**: " in md.value and "k lowered from 15" in md.value for md in at.caption)


def test_presentation_mode_keeps_the_table_and_charts():
    at = open_healthy("imbalance", {"present": "true"})
    assert len(_table(at)) == 4 + 1 and len(chart_specs(at)) == 3  # the strategies and the baseline


def test_when_every_picked_strategy_fails_the_page_still_explains_itself():
    at = open_healthy(
        "imbalance", {"ratio": "1:1", "samples": "500", "strategies": "ADASYN", "calibrate": "ADASYN"}
    )
    assert any("no boundary to draw" in i.value for i in at.info)
    assert any("CalibratedClassifierCV" in w.value or "ADASYN" in w.value for w in at.warning)
    assert "already balanced" in _strategy_cells(at)[0]


def test_uploads_default_to_the_data_s_own_class_shares():
    """Picking "Your data (CSV)" moves the ratio from its default 1:20 to "As in the data" (and back);
    a ratio the user picked is kept."""
    at = open_page("imbalance")
    assert widget(at, "ratio").value == 20
    widget(at, "dataset").set_value("upload").run()
    assert widget(at, "ratio").value == 0
    assert not at.exception and not any("Session State" in w.value for w in at.warning)
    widget(at, "dataset").set_value("moons").run()
    assert widget(at, "ratio").value == 20
    widget(at, "ratio").set_value(50).run()
    widget(at, "dataset").set_value("upload").run()
    assert widget(at, "ratio").value == 50, "a ratio the user picked is kept"
