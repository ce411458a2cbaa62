"""The drift page through AppTest: the default numbers match an independent computation, controls
that only read the simulation never retrain a model, and a faster cadence changes the curve."""

from __future__ import annotations

import base64
from collections import Counter

import numpy as np
import pytest
import streamlit as st
from sklearn.metrics import precision_score

from explorers.drift import model as dm
from explorers.drift import topic as dt
from explorers.drift.stream import make_stream
from tests.apptest import chart_specs, markdown_text, metric_values, open_healthy, rerun_with

READING = {
    "metric": "auc",
    "cost_error": 10.0,
    "cost_retrain": 50.0,
    "cadence": 2,
    "detector": "ph",
    "alarm": 1,
    "reference": 8,
}
TRAINING = {"delay": 4, "window": 13, "strength": 0.8, "seed": 3}


@pytest.fixture
def trainings(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count every training of the week-by-week models, from empty caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    counts: Counter = Counter()
    original = dm.models_for

    def counting(*args, **kwargs):
        counts["models"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(dt, "models_for", counting)
    return counts


def test_the_default_numbers_match_scikit_learn_on_the_same_stream():
    at = open_healthy("drift")
    stream = make_stream("concept", "sudden", 0.5, 20, 52, 1000, 0)
    coef = dm.models_for(stream, 2, 8).coef[0]  # never retrained: the launch model serves every week
    x, y = stream.x[stream.week(20) :].reshape(-1, 2).astype(float), stream.y[stream.week(20) :].ravel()
    flagged = x @ coef[:2] + coef[2] >= 0
    numbers = metric_values(at)
    assert numbers["Precision after the drift, never retrained"] == f"{precision_score(y, flagged):.2f}"
    assert numbers["No-skill precision baseline after the drift"] == f"{y.mean():.2f}"
    assert numbers["KS: weeks to an alarm after the drift"] == "never"
    assert "never fired after the drift, because concept drift leaves the features" in markdown_text(at)
    assert len(chart_specs(at)) == 4


@pytest.mark.parametrize(("key", "value"), READING.items())
def test_reading_and_policy_controls_never_retrain(trainings: Counter, key: str, value: object):
    at = open_healthy("drift")
    assert trainings["models"] == 1
    before = metric_values(at)
    rerun_with(at, key, value)
    assert trainings["models"] == 1, f"changing {key} retrained"
    assert metric_values(at) != before or key in {
        "reference",
        "cost_retrain",
    }  # the cheapest stays the cheapest


@pytest.mark.parametrize(("key", "value"), TRAINING.items())
def test_training_controls_retrain_once(trainings: Counter, key: str, value: object):
    at = open_healthy("drift")
    before = metric_values(at)
    rerun_with(at, key, value)
    assert trainings["models"] == 2
    assert metric_values(at) != before


def _cadence_curve(at) -> np.ndarray:
    trace = next(t for t in chart_specs(at)[0]["data"] if str(t.get("name", "")).startswith("Every"))
    y = trace["y"]
    if isinstance(y, dict):  # plotly writes a numpy array as base64 bytes and a dtype
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"])).astype(float)
    return np.array(y, dtype=float)


def test_a_faster_cadence_changes_the_performance_curve():
    at = open_healthy("drift", {"cadence": "26"})
    slow = _cadence_curve(at)
    rerun_with(at, "cadence", 4)
    fast = _cadence_curve(at)
    assert not np.allclose(slow, fast, equal_nan=True)
    weeks = slice(30, 52)
    assert np.nanmean(fast[weeks]) > np.nanmean(slow[weeks]) + 0.1, "retraining recovers precision"
