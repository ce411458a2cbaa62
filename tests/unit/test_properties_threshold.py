"""Threshold page, every control over its whole range: the view the page draws is finite, well formed
and agrees with scikit-learn, and fails only with the documented UserFacingError."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix, fbeta_score, precision_score, recall_score, roc_auc_score

from explorers import charts, metrics
from explorers import threshold as tx
from explorers.view import Fit
from tests.unit.properties_support import (
    assert_finite,
    assert_probabilities,
    assert_sentences,
    assert_valid_figure,
    assert_view,
    built_view,
    controls,
    documented,
    page_controls,
)

STEM = "threshold"
TRAINING = ("dataset", "model", "balance", "seed")
READING = ("threshold", "beta", "cost_fp", "cost_fn", "prevalence")
DEFAULTS = {key: control.default for key, control in page_controls(STEM).items()}


@lru_cache(maxsize=64)
def trained(dataset: str, model: str, balance: float, seed: int) -> tx.ScoredModel:
    """The page's one fit, memoised on its arguments (a failing one raises again, uncached)."""
    return tx.train_and_score(dataset, model, balance, seed)


class Memoised:
    """The threshold topic with its training memoised: the same ``fits`` and ``view`` otherwise."""

    Params = tx.Params
    view = staticmethod(tx.view)

    @staticmethod
    def fits(params: tx.Params) -> dict[str, Fit]:
        return {key: replace(fit, func=trained) for key, fit in tx.fits(params).items()}


def check_view(view: tx.ThresholdView, v: dict[str, Any]) -> None:
    """Finite, in range, valid figures, sentences, and agreement with independent references."""
    assert_view(view, at_least=3)
    assert len(view.notice) <= 5
    r = view.reading
    assert_finite(r)
    for name in ("precision", "recall", "f1", "fbeta", "accuracy", "fpr"):
        assert_probabilities(getattr(r.current, name), name)
    assert_probabilities(r.curves.precision, "precision curve")
    assert_probabilities(r.curves.fpr, "ROC FPR")
    assert_probabilities(r.curves.tpr, "ROC TPR")
    assert_probabilities([r.curves.roc_auc, r.curves.average_precision], "AUCs")
    if r.tuned_threshold is None:
        assert view.messages, "no tuned threshold without a message saying why"
    else:
        assert 0.0 <= r.tuned_threshold <= 1.0
    assert r.current_cost >= r.cost_curve.best_cost - 1e-9 >= -1e-9
    assert np.isfinite(r.test_cost) and r.test_cost >= 0

    # Independent references: scikit-learn on the same scores at the drawn threshold and beta.
    scored = trained(*(v[key] for key in TRAINING))
    assert_probabilities(scored.val_scores, "validation scores")
    assert_probabilities(scored.test_scores, "test scores")
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


def _run(v: dict[str, Any]) -> None:
    view = built_view(Memoised, v)
    if view is not None:
        check_view(view, v)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(v=controls(STEM, (*TRAINING, *READING)))
@example(v={**DEFAULTS, "balance": 0.02, "dataset": "breast_cancer", "model": "gbm"})
@example(v={**DEFAULTS, "balance": 0.5, "dataset": "digits", "threshold": 1.0, "beta": 4.0})
@example(v={**DEFAULTS, "threshold": 0.0, "beta": 0.25, "cost_fp": 100_000.0, "cost_fn": 0.01})
@example(v={**DEFAULTS, "cost_fp": 0.01, "cost_fn": 100_000.0, "prevalence": 0.001})
def test_every_control_gives_finite_valid_results(v):
    _run(v)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    training=st.sampled_from(
        [("moons", "logreg", 0.3, 0), ("digits", "gbm", 0.1, 7), ("xor", "gbm", 0.5, 9999)]
    ),
    v=controls(STEM, READING),
)
def test_reading_controls_on_cached_models(training, v):
    """Many more reading settings on a few trained models (reading never retrains)."""
    _run({**dict(zip(TRAINING, training, strict=True)), **v})


def test_defaults_run_without_an_error():
    """The page's own defaults never hit the documented error (so the property above is not vacuous)."""
    view = built_view(Memoised, DEFAULTS)
    assert view is not None
    check_view(view, DEFAULTS)  # type: ignore[arg-type]


def test_the_memoised_topic_is_the_page_topic():
    """Memoising changes only how the model is trained, not which model or what the view shows."""
    params = tx.Params(**DEFAULTS)
    assert [fit.args for fit in Memoised.fits(params).values()] == [
        fit.args for fit in tx.fits(params).values()
    ]
    assert built_view(Memoised, DEFAULTS).notice == built_view(tx, DEFAULTS).notice  # type: ignore[union-attr]


def test_every_page_control_is_drawn():
    assert set(page_controls(STEM)) == {*TRAINING, *READING}


def test_the_shared_checks_really_fail():
    """The helpers every property test relies on reject what they are meant to reject."""

    def untyped() -> None:
        raise KeyError("not a documented error")

    with pytest.raises(KeyError):
        documented(untyped)
    assert documented(metrics.rates_at, np.array([0, 1]), np.array([0.2, 0.8]), 1.5) is None
    with pytest.raises(AssertionError):
        assert_finite({"deep": [metrics.Confusion(1, 2, 3, 4), np.array([0.5, np.nan])]})
    with pytest.raises(AssertionError):
        assert_valid_figure(charts.figure([{"type": "scatter", "x": [0.0, np.inf], "y": [1, 2]}], {}))
    with pytest.raises(ValueError, match="colour"):
        assert_valid_figure(charts.figure([{"type": "scatter", "x": [0], "y": [0], "colour": "red"}], {}))
    with pytest.raises(AssertionError):
        assert_sentences(["Precision is nan at this threshold."])
    with pytest.raises(AssertionError):
        assert_probabilities([0.2, 1.01])
