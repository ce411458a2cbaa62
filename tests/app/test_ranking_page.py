"""The ranking page through AppTest: every control changes the result, reading controls never
re-simulate, and moving eta changes which ranker the raw clicks prefer."""

from __future__ import annotations

from collections import Counter

import pytest
import streamlit as st

from explorers import ranking as rx
from explorers.ranking import topic as ranking_topic
from explorers.view import build
from tests.apptest import chart_specs, markdown_text, metric_values, open_healthy, rerun_with, table_cells

READING = {"eta": 1.5, "labels": "ips", "clip": 2.0, "k": 10}
SIMULATING = {"noise_a": 1.5, "noise_b": 1.2, "n_items": 30, "seed": 3}


@pytest.fixture
def simulations(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count simulations where ``fits`` names its function; start from empty caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    counts: Counter = Counter()
    real = ranking_topic.simulate

    def counting(*args):
        counts["simulate"] += 1
        return real(*args)

    monkeypatch.setattr(ranking_topic, "simulate", counting)
    return counts


def _result(at) -> tuple:
    return metric_values(at), markdown_text(at), [c["data"] for c in chart_specs(at)]


def test_default_view_matches_the_explorer():
    at = open_healthy("ranking")
    view = build(rx.fits, rx.view, rx.Params(1.0, 0.6, 20, 0, 1.0, "relevance", 5, 10.0))
    numbers = metric_values(at)
    for n in view.numbers:
        assert numbers[n.label] == n.value
    assert numbers["Relevance labels prefer"].startswith("B by")
    assert numbers["Raw clicks (η = 1.0) prefer"].startswith("A by")
    assert len(chart_specs(at)) == 4
    frame = table_cells(at)
    assert list(frame.columns)[-1] == "Prefers"
    assert frame.iloc[0, 0] == "nDCG@5"


@pytest.mark.parametrize(("key", "value"), READING.items())
def test_reading_controls_never_resimulate(simulations: Counter, key: str, value: object):
    at = open_healthy("ranking")
    assert simulations["simulate"] == 1
    before = _result(at)
    rerun_with(at, key, value)
    assert simulations["simulate"] == 1, f"changing {key} re-simulated"
    assert _result(at) != before


@pytest.mark.parametrize(("key", "value"), SIMULATING.items())
def test_session_controls_simulate_once_and_change_the_result(simulations: Counter, key: str, value: object):
    at = open_healthy("ranking")
    before = _result(at)
    rerun_with(at, key, value)
    assert simulations["simulate"] == 2
    assert _result(at) != before


def test_moving_eta_changes_which_ranker_the_clicks_prefer():
    at = open_healthy("ranking", {"eta": "0.0"})
    assert metric_values(at)["Raw clicks (η = 0.0) prefer"].startswith("B by")
    rerun_with(at, "eta", 1.0)
    assert metric_values(at)["Raw clicks (η = 1.0) prefer"].startswith("A by")
    assert "raw clicks prefer A by" in markdown_text(at)


def test_k_past_the_list_length_warns_once():
    at = open_healthy("ranking", {"n_items": "8", "k": "30"})
    assert [w.value for w in at.warning] == [
        "k = 30 is more than the 8 items in each list, so the metrics @k read the whole list (k = 8)."
    ]
