"""Leakage page, every control over its whole range: the view is finite and well formed, its numbers are
AUCs in [0, 1] that agree with the fits they quote, and it fails only with the documented
UserFacingError."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import example, given, settings

from explorers import leakage as lx
from tests.unit import properties_support as props

STEM = "leakage"
TRAINING = ("split", "leaks", "drift", "rows_per_user", "seed")
READING = ("fold",)
DEFAULTS = props.defaults(STEM)


def check_view(v: dict[str, Any], view: lx.LeakageView) -> None:
    """Finite, in range, valid figures and sentences; the cards quote the view's fields."""
    props.assert_view(view, at_least=3)
    props.assert_finite(view.rows)
    for estimate in (*view.estimates.values(), *view.clean.values()):
        props.assert_probabilities(estimate.fold_aucs, "fold AUCs")
        assert estimate.fold_aucs.size == lx.FOLDS
    props.assert_probabilities([view.production.auc, view.clean_production.auc], "production AUCs")
    assert view.leaks == lx.normalised(v["leaks"])
    assert view.gap == view.estimates[v["split"]].auc - view.production.auc
    cards = {n.label: n.value for n in view.numbers}
    assert cards["Optimism gap"] == f"{view.gap:+.2f}"
    assert (view.messages != ()) == (not v["leaks"])
    assert np.all(np.diff(view.importance_result.mean) <= 0)
    assert len(view.table.rows) == len(lx.LEAKS) + 2


@settings(max_examples=3, deadline=None, derandomize=True, database=None)
@given(v=props.controls(STEM, (*TRAINING, *READING)))
@example(v={**DEFAULTS, "rows_per_user": 1, "leaks": ()})
@example(v={**DEFAULTS, "rows_per_user": 20, "drift": 1.0, "split": "group", "leaks": tuple(lx.LEAKS)})
@example(v={**DEFAULTS, "drift": 0.0, "split": "time", "seed": 9999, "fold": 1})
def test_every_control_gives_finite_valid_results(v):
    props.check_built(lx, v, check_view)


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == {*TRAINING, *READING}
