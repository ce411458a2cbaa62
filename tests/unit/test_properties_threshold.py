"""Threshold page, every control over its whole range: the view the page draws is finite, well formed
and agrees with scikit-learn, and fails only with the documented UserFacingError."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix, fbeta_score, precision_score, recall_score, roc_auc_score

from explorers import threshold as tx
from explorers.view import Fit
from tests.unit import properties_support as props

STEM = "threshold"
TRAINING = ("dataset", "model", "balance", "seed")
READING = ("threshold", "beta", "cost_fp", "cost_fn", "prevalence")
DEFAULTS = props.defaults(STEM)


def check_view(v: dict[str, Any], view: tx.ThresholdView) -> None:
    """Finite, in range, valid figures, sentences, and agreement with independent references."""
    props.assert_view(view, at_least=3)
    assert len(view.notice) <= 5
    r = view.reading
    props.assert_finite(r)
    for name in ("precision", "recall", "f1", "fbeta", "accuracy", "fpr"):
        props.assert_probabilities(getattr(r.current, name), name)
    props.assert_probabilities(r.curves.precision, "precision curve")
    props.assert_probabilities(r.curves.fpr, "ROC FPR")
    props.assert_probabilities(r.curves.tpr, "ROC TPR")
    props.assert_probabilities([r.curves.roc_auc, r.curves.average_precision], "AUCs")
    if r.tuned_threshold is None:
        assert view.messages, "no tuned threshold without a message saying why"
    else:
        assert 0.0 <= r.tuned_threshold <= 1.0
    assert r.current_cost >= r.cost_curve.best_cost - 1e-9 >= -1e-9
    assert np.isfinite(r.test_cost) and r.test_cost >= 0

    # Independent references: scikit-learn on the same scores at the drawn threshold and beta.
    scored = props.remembered(Fit(tx.train_and_score, tuple(v[key] for key in TRAINING)))
    props.assert_probabilities(scored.val_scores, "validation scores")
    props.assert_probabilities(scored.test_scores, "test scores")
    y, scores = scored.y_val, scored.val_scores
    assert set(np.unique(y)) <= {0, 1}
    flagged = (scores >= v["threshold"]).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, flagged, labels=[0, 1]).ravel()
    c = r.confusion
    assert (c.tp, c.fp, c.tn, c.fn) == (tp, fp, tn, fn)
    m = r.current
    assert m.precision == pytest.approx(precision_score(y, flagged, zero_division=0), abs=1e-12)
    assert m.recall == pytest.approx(recall_score(y, flagged, zero_division=0), abs=1e-12)
    assert m.fbeta == pytest.approx(fbeta_score(y, flagged, beta=v["beta"], zero_division=0), abs=1e-12)
    assert r.curves.roc_auc == pytest.approx(roc_auc_score(y, scores), abs=1e-12)
    pi = v["prevalence"]
    n_pos, n_neg = tp + fn, tn + fp
    brute = (
        1000 * (v["cost_fp"] * fp + v["cost_fn"] * fn) / y.size
        if pi is None
        else 1000 * (v["cost_fp"] * fp / n_neg * (1 - pi) + v["cost_fn"] * fn / n_pos * pi)
    )
    assert r.current_cost == pytest.approx(brute, rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(v=props.controls(STEM, (*TRAINING, *READING)))
@example(v={**DEFAULTS, "balance": 0.02, "dataset": "breast_cancer", "model": "gbm"})
@example(v={**DEFAULTS, "balance": 0.5, "dataset": "digits", "threshold": 1.0, "beta": 4.0})
@example(v={**DEFAULTS, "threshold": 0.0, "beta": 0.25, "cost_fp": 100_000.0, "cost_fn": 0.01})
@example(v={**DEFAULTS, "cost_fp": 0.01, "cost_fn": 100_000.0, "prevalence": 0.001})
def test_every_control_gives_finite_valid_results(v):
    props.check_built(tx, v, check_view)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    training=st.sampled_from(
        [("moons", "logreg", 0.3, 0), ("digits", "gbm", 0.1, 7), ("xor", "gbm", 0.5, 9999)]
    ),
    v=props.controls(STEM, READING),
)
def test_reading_controls_on_cached_models(training, v):
    """Many more reading settings on a few trained models (reading never retrains)."""
    props.check_built(tx, {**dict(zip(TRAINING, training, strict=True)), **v}, check_view)


def test_defaults_run_without_an_error():
    """The page's own defaults never hit the documented error (so the property above is not vacuous)."""
    view = props.built_view(tx, DEFAULTS)
    assert view is not None
    check_view(DEFAULTS, view)  # type: ignore[arg-type]


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == {*TRAINING, *READING}
