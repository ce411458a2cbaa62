"""Drift page, every control over its whole range: the view is well formed, its numbers are finite
or undefined for a stated reason, rates are probabilities, every cost is errors plus retrains, and
the triggered policy retrains exactly at its alarms."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import example, given, settings

from explorers import drift as dx
from tests.unit import properties_support as props

STEM = "drift"
DEFAULTS = props.defaults(STEM)
KEYS = tuple(DEFAULTS)


def check_view(v: dict[str, Any], view: dx.DriftView) -> None:
    props.assert_view(view, at_least=3, gaps_allowed=True)
    assert 3 <= len(view.notice) <= 6
    s = view.summary
    for value in (*s.before, *s.after, s.baseline_before, s.baseline_after):
        assert np.isnan(value) or 0.0 <= value <= 1.0
    weeks = v["weeks"]
    for run, by_week in zip(view.runs, view.by_week, strict=True):
        assert run.deployed.shape == (weeks,) and by_week.shape == (weeks,)
        assert np.all(run.deployed <= np.arange(weeks)), "a model never serves before it is trained"
        assert np.all((run.tp + run.fp + run.fn + run.tn) == v["transactions"])
        finite = by_week[np.isfinite(by_week)]
        assert np.all((finite >= 0) & (finite <= 1))
    for run, cost in zip(view.runs, view.costs, strict=True):
        assert cost.errors == run.errors and cost.retrains == len(run.retrains)
        total = v["cost_error"] * run.errors + v["cost_retrain"] * len(run.retrains)
        assert np.isclose(cost.total, total, rtol=1e-12, atol=1e-9)
    assert view.costs[view.cheapest].total == min(c.total for c in view.costs)
    assert view.runs[2].retrains == view.trace.alarms
    assert view.runs[1].retrains == tuple(range(v["cadence"], weeks, v["cadence"]))
    assert view.runs[0].retrains == ()
    assert s.start == min(v["start"], weeks - 1)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(v=props.controls(STEM, KEYS))
@example(v={**DEFAULTS, "strength": 0.0})
@example(v={**DEFAULTS, "start": 100, "weeks": 26, "delay": 8, "window": 26})
@example(
    v={**DEFAULTS, "drift": "concept", "strength": 1.0, "detector": "adwin", "alarm": 1, "metric": "auc"}
)
@example(v={**DEFAULTS, "drift": "covariate", "strength": 1.0, "detector": "psi", "alarm": 1, "reference": 1})
@example(
    v={
        **DEFAULTS,
        "drift": "prior",
        "shape": "gradual",
        "transactions": 500,
        "cadence": 1,
        "metric": "recall",
    }
)
@example(v={**DEFAULTS, "cost_error": 0.0, "cost_retrain": 0.0, "detector": "ph", "alarm": 1})
def test_every_control_gives_a_well_formed_view(v):
    props.check_built(dx, v, check_view)


def test_defaults_run_without_an_error():
    view = props.built_view(dx, DEFAULTS)
    assert view is not None
    check_view(DEFAULTS, view)  # type: ignore[arg-type]
