"""The A/B test page through AppTest: every control changes the result, the analyst's controls never
re-simulate, the link round-trips, peeking raises the A/A false-positive rate on the card, and a plan
longer than the simulation or a broken split is a warning, never an exception."""

from __future__ import annotations

from collections import Counter

import pytest
import streamlit as st

from explorers import ab_test as ab
from explorers.ab_test import runs
from tests.apptest import (
    chart_specs,
    link_query,
    markdown_text,
    open_healthy,
    open_page,
    page_controls,
    rerun_with,
    widget,
)

STEM = "ab_test"
# A new value for every control, with the context in which it matters.
CHANGES: list[tuple[str, object, dict[str, str]]] = [
    ("baseline", 10.0, {}),
    ("mde", 20, {}),
    ("alpha", 0.01, {}),
    ("power", 0.9, {}),
    ("traffic", 20_000, {}),
    ("share", 30, {}),
    ("whole_weeks", False, {"traffic": "20,000"}),  # 4 days needed: run 4 or 7
    ("lift", 10, {}),
    ("novelty", 20, {}),
    ("half_life", 7, {"novelty": "20"}),
    ("seed", 5, {}),
    ("peeking", "daily", {}),
    ("metrics", 5, {}),
    ("correction", "holm", {"metrics": "5"}),
    ("srm", 2.0, {}),
]
READING = {"peeking": "daily", "metrics": 10, "correction": "bh", "srm": 1.5}


def _result(at) -> tuple:
    numbers = [(m.label, m.value) for m in at.metric]
    return numbers, markdown_text(at), [w.value for w in at.warning], chart_specs(at)


def test_every_control_is_covered():
    keys = {control.key for control in page_controls(open_page(STEM))}
    assert keys == {key for key, _, _ in CHANGES}


@pytest.mark.parametrize(("key", "value", "params"), CHANGES, ids=[key for key, _, _ in CHANGES])
def test_every_control_changes_the_result(key: str, value: object, params: dict[str, str]):
    at = open_healthy(STEM, params)
    before = _result(at)
    rerun_with(at, key, value)
    assert widget(at, key).value == value
    assert _result(at) != before, f"changing {key} changed nothing"


def test_default_view_shows_the_plan_and_the_error_rates():
    at = open_healthy(STEM)
    cards = {m.label: m.value for m in at.metric}
    assert cards["Sample size per arm"] == "31,218" and cards["Days needed"] == "7"
    assert {"A/A false positives", "Ships the treatment", "Mean stopping day"} <= set(cards)
    assert len(chart_specs(at)) == 5
    assert "What to notice" in [h.value for h in at.subheader]
    assert "raised the false-positive rate of an A/A test" in markdown_text(at)


def test_peeking_raises_the_false_positive_rate_on_the_card():
    at = open_healthy(STEM)
    fixed = next(m for m in at.metric if m.label == "A/A false positives")
    rerun_with(at, "peeking", "daily")
    peeking = next(m for m in at.metric if m.label == "A/A false positives")
    as_share = lambda text: float(text.rstrip("%")) / 100  # noqa: E731
    assert as_share(peeking.value) > as_share(fixed.value) + 0.05


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count Monte Carlo runs and plans, from empty caches (the kit's and the fits' own)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    runs.experiments.cache_clear()
    runs.planned.cache_clear()
    counts: Counter = Counter()
    for name in ("simulate", "plan", "metric_family"):
        original = getattr(runs, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(runs, name, counting)
    return counts


@pytest.mark.parametrize(("key", "value"), list(READING.items()))
def test_analyst_controls_never_re_simulate(calls: Counter, key: str, value: object):
    at = open_page(STEM)
    before = dict(calls)
    assert before == {"simulate": 1, "plan": 1, "metric_family": 1}, "an A/A truth is simulated once"
    rerun_with(at, key, value)
    assert dict(calls) == before


def test_a_true_lift_simulates_its_own_runs_beside_the_aa(calls: Counter):
    at = open_page(STEM)
    rerun_with(at, "lift", 5)
    assert calls["simulate"] == 2 and calls["plan"] == 1, "the A/A runs and the plan are reused"


def test_the_link_round_trips():
    params = {
        "baseline": "2.5", "mde": "15", "alpha": "0.10", "power": "90%", "traffic": "50,000", "share": "30",
        "whole_weeks": "false", "lift": "4", "novelty": "25", "half_life": "5", "seed": "42",
        "peeking": "Peek daily, stop at p < α", "metrics": "10", "correction": "Benjamini–Hochberg",
        "srm": "0.5",
    }  # fmt: skip
    at = open_healthy(STEM, params)
    assert widget(at, "traffic").value == 50_000 and widget(at, "correction").value == "bh"
    query = link_query(at)
    assert {key: query[key] for key in params} == params
    again = open_healthy(STEM, query)
    assert _result(again) == _result(at)


def test_a_plan_longer_than_the_simulation_is_a_warning():
    at = open_healthy(STEM, {"baseline": "0.5", "mde": "1", "traffic": "1,000", "share": "5"})
    warnings = [w.value for w in at.warning]
    assert any("the simulation runs 84" in w for w in warnings)
    assert "longer than the 84 days simulated here" in markdown_text(at)


def test_an_injected_mismatch_is_flagged():
    at = open_healthy(STEM, {"srm": "3.0"})
    assert any("Sample-ratio mismatch" in w.value for w in at.warning)
    assert any(m.label == "Sample-ratio check: mismatch" for m in at.metric)
    assert "a sample-ratio mismatch" in markdown_text(at)


@pytest.mark.parametrize(
    "params",
    [
        {
            "baseline": "50.0",
            "mde": "50",
            "traffic": "10,000,000",
            "share": "95",
            "lift": "30",
            "novelty": "50",
        },
        {"baseline": "0.5", "lift": "-20", "novelty": "5", "half_life": "1", "metrics": "20", "srm": "5.0"},
        {
            "whole_weeks": "false",
            "traffic": "10,000,000",
            "mde": "50",
            "peeking": "Peek daily, stop at p < α",
        },
    ],
)
def test_extreme_settings_give_a_sane_view(params: dict[str, str]):
    at = open_healthy(STEM, params)
    assert not [w.value for w in at.warning if "Ignored" in w.value], "every value here is valid"
    assert len(chart_specs(at)) == 5
    text = markdown_text(at).lower()
    assert " nan" not in text and "inf%" not in text
    assert ab.N_SIMS == 2_000
