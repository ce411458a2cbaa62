"""Threshold page, every control over its whole range: the page's calls give finite, well-formed
results that agree with scikit-learn, and fail only with the documented UserFacingError."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix, fbeta_score, precision_score, recall_score, roc_auc_score

from explorers import threshold as tx
from tests.unit.properties_support import (
    assert_finite,
    assert_probabilities,
    assert_sentences,
    assert_valid_figure,
    controls,
    documented,
    page_controls,
)

STEM = "threshold"
TRAINING = ("dataset", "model", "balance", "seed")
READING = ("threshold", "beta", "cost_fp", "cost_fn", "prevalence")
DEFAULTS = {key: control.default for key, control in page_controls(STEM).items()}


@lru_cache(maxsize=64)
def trained(dataset: str, model: str, balance: float, seed: int) -> tx.ScoredModel | None:
    """The page's cached training call (None: a documented UserFacingError)."""
    return documented(tx.train_and_score, dataset, model, balance, seed)


def draw_page(scored: tx.ScoredModel, v: dict) -> dict:
    """Every explorer call of the page's ``draw``, in order, with the page's arguments."""
    y, scores = scored.y_val, scored.val_scores
    costs = {"cost_fp": v["cost_fp"], "cost_fn": v["cost_fn"], "prevalence": v["prevalence"]}
    current = tx.metrics_at(y, scores, v["threshold"], v["beta"])
    base = tx.metrics_at(y, scores, tx.BASELINE_THRESHOLD, v["beta"])
    confusion = tx.confusion_at(y, scores, v["threshold"])
    curve_set = tx.curves(y, scores, v["prevalence"])
    cost_curve = tx.expected_cost_curve(y, scores, **costs)
    tuned = tx.sklearn_tuned_threshold(scored, **costs)
    current_cost = cost_curve.cost_at(v["threshold"])
    figures = [
        tx.score_distribution_figure(y, scores, v["threshold"], scored.positive_label, scored.negative_label),
        tx.confusion_matrix_figure(confusion, scored.positive_label, scored.negative_label),
        tx.pr_roc_figure(curve_set, current),
        tx.cost_curve_figure(cost_curve, v["threshold"], current_cost, tuned),
    ]
    return {
        "current": current,
        "base": base,
        "confusion": confusion,
        "curves": curve_set,
        "cost_curve": cost_curve,
        "tuned": tuned,
        "current_cost": current_cost,
        "test_cost": tx.cost_per_1000(scored.y_test, scored.test_scores, cost_curve.best_threshold, **costs),
        "figures": figures,
        "notes": tx.what_to_notice(
            scored, v["threshold"], v["beta"], **costs, sklearn_threshold=tuned, cost_curve=cost_curve
        ),
    }


def check_result(scored: tx.ScoredModel, v: dict, out: dict) -> None:
    """Finite, in range, valid figures, sentences, and agreement with independent references."""
    y, scores = scored.y_val, scored.val_scores
    assert_finite(out["current"])
    assert_finite(out["base"])
    assert_finite(out["curves"])
    assert_finite(out["cost_curve"])
    for name in ("precision", "recall", "f1", "fbeta", "accuracy", "fpr"):
        assert_probabilities(getattr(out["current"], name), name)
    assert_probabilities(out["curves"].precision, "precision curve")
    assert_probabilities(out["curves"].fpr, "ROC FPR")
    assert_probabilities(out["curves"].tpr, "ROC TPR")
    assert_probabilities([out["curves"].roc_auc, out["curves"].average_precision], "AUCs")
    assert 0.0 <= out["tuned"] <= 1.0
    assert out["current_cost"] >= out["cost_curve"].best_cost - 1e-9 >= -1e-9
    assert np.isfinite(out["test_cost"]) and out["test_cost"] >= 0

    # Independent references: scikit-learn on the same scores at the drawn threshold and beta.
    flagged = (scores >= v["threshold"]).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, flagged, labels=[0, 1]).ravel()
    c = out["confusion"]
    assert (c.tp, c.fp, c.tn, c.fn) == (tp, fp, tn, fn)
    m = out["current"]
    assert m.precision == pytest.approx(precision_score(y, flagged, zero_division=0), abs=1e-12)
    assert m.recall == pytest.approx(recall_score(y, flagged, zero_division=0), abs=1e-12)
    assert m.fbeta == pytest.approx(fbeta_score(y, flagged, beta=v["beta"], zero_division=0), abs=1e-12)
    assert out["curves"].roc_auc == pytest.approx(roc_auc_score(y, scores), abs=1e-12)
    pi = v["prevalence"]
    n_pos, n_neg = tp + fn, tn + fp
    brute = (
        1000 * (v["cost_fp"] * fp + v["cost_fn"] * fn) / y.size
        if pi is None
        else 1000 * (v["cost_fp"] * fp / n_neg * (1 - pi) + v["cost_fn"] * fn / n_pos * pi)
    )
    assert out["current_cost"] == pytest.approx(brute, rel=1e-9, abs=1e-9)

    for figure in out["figures"]:
        assert_valid_figure(figure)
    assert_sentences(out["notes"], at_least=3)
    assert len(out["notes"]) <= 5


def _run(v: dict) -> None:
    scored = trained(*(v[key] for key in TRAINING))
    if scored is None:
        event("training: documented error")
        return
    assert_probabilities(scored.val_scores, "validation scores")
    assert_probabilities(scored.test_scores, "test scores")
    assert set(np.unique(scored.y_val)) <= {0, 1}
    out = documented(draw_page, scored, v)
    event("reading: documented error" if out is None else "checked")
    if out is not None:
        check_result(scored, v, out)


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
    scored = trained(*(DEFAULTS[key] for key in TRAINING))
    assert scored is not None
    check_result(scored, DEFAULTS, draw_page(scored, DEFAULTS))


def test_every_page_control_is_drawn():
    assert set(page_controls(STEM)) == {*TRAINING, *READING}


def test_the_shared_checks_really_fail():
    """The helpers every property test relies on reject what they are meant to reject."""

    def untyped() -> None:
        raise KeyError("not a documented error")

    with pytest.raises(KeyError):
        documented(untyped)
    assert documented(tx.metrics_at, np.array([0, 1]), np.array([0.2, 0.8]), 1.5) is None
    with pytest.raises(AssertionError):
        assert_finite({"deep": [tx.Confusion(1, 2, 3, 4), np.array([0.5, np.nan])]})
    with pytest.raises(AssertionError):
        assert_valid_figure(tx.charts.figure([{"type": "scatter", "x": [0.0, np.inf], "y": [1, 2]}], {}))
    with pytest.raises(ValueError, match="colour"):
        assert_valid_figure(tx.charts.figure([{"type": "scatter", "x": [0], "y": [0], "colour": "red"}], {}))
    with pytest.raises(AssertionError):
        assert_sentences(["Precision is nan at this threshold."])
    with pytest.raises(AssertionError):
        assert_probabilities([0.2, 1.01])
