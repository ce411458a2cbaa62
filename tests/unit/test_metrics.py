"""explorers.metrics against scikit-learn: counts, rates, operating points, curves, average
precision, the PR envelope, reliability curves and the Brier score."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    fbeta_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

from datasets.errors import UserFacingError
from explorers import metrics

# ----------------------------------------------------------------------------- helpers


def prevalence_weights(y: np.ndarray, prevalence: float) -> np.ndarray:
    """Sample weights that make positives ``prevalence`` of the total weight: scikit-learn's way to
    read a curve at another prevalence."""
    n_pos = int(np.count_nonzero(y))
    return np.where(y == 1, prevalence / n_pos, (1.0 - prevalence) / (y.size - n_pos))


def _random_data(seed: int, n: int = 300, decimals: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Labels with a signal, and scores rounded so that many of them tie."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.35).astype(np.int64)
    scores = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0.0, 1.0).round(decimals)
    return y, scores


def _calibrated(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Continuous probabilities (no two equal, none on a bin edge) and labels drawn from them."""
    rng = np.random.default_rng(seed)
    p = rng.beta(0.7, 1.6, n)
    return (rng.random(n) < p).astype(np.int64), p


def _sk_counts(y: np.ndarray, scores: np.ndarray, t: float) -> tuple[int, int, int, int]:
    """(tp, fp, tn, fn) from sklearn's confusion_matrix with the >= convention."""
    tn, fp, fn, tp = confusion_matrix(y, (scores >= t).astype(int), labels=[0, 1]).ravel()
    return int(tp), int(fp), int(tn), int(fn)


labelled_scores = st.lists(
    st.tuples(st.integers(0, 1), st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1.0])),
    min_size=1,
    max_size=40,
)


# ----------------------------------------------------------------------------- one threshold


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_confusion_and_rates_equal_sklearn(seed):
    y, scores = _random_data(seed)
    thresholds = [0.0, 1.0, 0.5, 0.999, *np.unique(scores)[::7].tolist(), float(scores.max()) + 1e-9]
    thresholds = [t for t in thresholds if t <= 1.0]
    for t in thresholds:
        pred = (scores >= t).astype(int)
        c = metrics.confusion_at(y, scores, t)
        assert (c.tp, c.fp, c.tn, c.fn) == _sk_counts(y, scores, t)
        for beta in (0.5, 1.0, 2.0):
            m = metrics.rates_from_confusion(metrics.confusion_at(y, scores, t), t, beta)
            assert m.threshold == t
            assert m.beta == beta
            assert m.precision == pytest.approx(precision_score(y, pred, zero_division=0), abs=1e-12)
            assert m.recall == pytest.approx(recall_score(y, pred, zero_division=0), abs=1e-12)
            assert m.f1 == pytest.approx(f1_score(y, pred, zero_division=0), abs=1e-12)
            assert m.fbeta == pytest.approx(fbeta_score(y, pred, beta=beta, zero_division=0), abs=1e-12)
            assert m.accuracy == pytest.approx(accuracy_score(y, pred), abs=1e-12)
            assert m.fpr == pytest.approx(c.fp / (c.fp + c.tn), abs=1e-12)


def test_threshold_equal_to_a_score_flags_it():
    y = np.array([0, 1, 1, 0])
    scores = np.array([0.2, 0.6, 0.6, 0.6])
    c = metrics.confusion_at(y, scores, 0.6)
    assert (c.tp, c.fp, c.tn, c.fn) == (2, 1, 1, 0)


def test_nothing_flagged_gives_zero_precision_like_sklearn():
    y = np.array([0, 1, 1, 0])
    m = metrics.rates_from_confusion(metrics.confusion_at(y, np.array([0.1, 0.2, 0.3, 0.4]), 1.0), 1.0)
    assert (m.precision, m.recall, m.f1, m.fbeta, m.fpr) == (0.0, 0.0, 0.0, 0.0, 0.0)
    assert m.accuracy == 0.5


@settings(max_examples=60, deadline=None)
@given(data=labelled_scores, threshold=st.floats(0.0, 1.0), beta=st.floats(0.1, 5.0))
def test_rates_property_equal_sklearn(data, threshold, beta):
    y = np.array([d[0] for d in data])
    scores = np.array([d[1] for d in data])
    pred = (scores >= threshold).astype(int)
    m = metrics.rates_from_confusion(metrics.confusion_at(y, scores, threshold), threshold, beta)
    assert m.precision == pytest.approx(precision_score(y, pred, zero_division=0), abs=1e-12)
    assert m.recall == pytest.approx(recall_score(y, pred, zero_division=0), abs=1e-12)
    assert m.f1 == pytest.approx(f1_score(y, pred, zero_division=0), abs=1e-12)
    assert m.fbeta == pytest.approx(fbeta_score(y, pred, beta=beta, zero_division=0), abs=1e-12)
    assert m.accuracy == pytest.approx(accuracy_score(y, pred), abs=1e-12)
    c = metrics.confusion_at(y, scores, threshold)
    assert (c.tp, c.fp, c.tn, c.fn) == _sk_counts(y, scores, threshold)


@settings(max_examples=60, deadline=None)
@given(data=labelled_scores, threshold=st.floats(0.0, 1.0))
def test_confusion_at_equals_confusion_matrix(data, threshold):
    y = np.array([d[0] for d in data])
    scores = np.array([d[1] for d in data])
    c = metrics.confusion_at(y, scores, threshold)
    expected = confusion_matrix(y, (scores >= threshold).astype(int), labels=[0, 1])
    np.testing.assert_array_equal([[c.tn, c.fp], [c.fn, c.tp]], expected)
    assert c.n == y.size


def test_shifted_precision_formula():
    assert metrics.shifted_precision(0.8, 0.1, 0.5) == pytest.approx(0.4 / (0.4 + 0.05))
    assert metrics.shifted_precision(0.0, 0.0, 0.3) == 0.0


# ----------------------------------------------------------------------------- every operating point


@pytest.mark.parametrize(("seed", "decimals"), [(0, 2), (4, 3), (9, 6)])
def test_operating_points_equal_roc_curve(seed, decimals):
    y, scores = _random_data(seed, n=400, decimals=decimals)
    p = metrics.operating_points(y, scores)
    fpr, tpr, thresholds = roc_curve(y, scores, drop_intermediate=False)
    assert (p.n_pos, p.n_neg) == (int(y.sum()), int(y.size - y.sum()))
    np.testing.assert_array_equal(p.thresholds[1:], thresholds[1:])
    np.testing.assert_array_equal(p.thresholds[1:], np.unique(scores)[::-1])
    assert p.thresholds[0] > scores.max()
    np.testing.assert_array_equal(p.tp, np.rint(tpr * p.n_pos))
    np.testing.assert_array_equal(p.fp, np.rint(fpr * p.n_neg))
    assert (p.tp[0], p.fp[0]) == (0, 0)
    for k in range(0, p.thresholds.size, 17):
        tp, fp, _, _ = _sk_counts(y, scores, p.thresholds[k])
        assert (p.tp[k], p.fp[k]) == (tp, fp)


def test_operating_points_above_a_score_of_one():
    y, scores = np.array([0, 1, 1]), np.array([0.2, 0.7, 1.0])
    p = metrics.operating_points(y, scores)
    assert p.thresholds[0] > 1.0
    assert (p.tp[0], p.fp[0]) == (0, 0)


@pytest.mark.parametrize("seed", [0, 7])
def test_curves_match_sklearn_and_roc_ignores_prevalence(seed):
    y, scores = _random_data(seed, n=400, decimals=3)
    plain = metrics.curves(y, scores)
    shifted = metrics.curves(y, scores, prevalence=0.05)
    assert plain.roc_auc == pytest.approx(roc_auc_score(y, scores), rel=1e-12)
    assert plain.average_precision == pytest.approx(average_precision_score(y, scores), rel=1e-12)
    sk_fpr, sk_tpr, _ = roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(plain.fpr, sk_fpr)
    np.testing.assert_allclose(plain.tpr, sk_tpr)
    np.testing.assert_array_equal(shifted.fpr, plain.fpr)
    np.testing.assert_array_equal(shifted.tpr, plain.tpr)
    assert shifted.roc_auc == plain.roc_auc
    assert plain.precision_at_prevalence is None
    assert plain.average_precision_at_prevalence is None


@pytest.mark.parametrize(("seed", "prevalence"), [(0, None), (1, 0.01), (2, 0.3), (3, 0.9)])
def test_curves_equal_precision_recall_curve(seed, prevalence):
    """Our curves run from the highest threshold down; scikit-learn's PR curve runs up, ending at
    (recall 0, precision 1): reversed, they are the same points, with and without prevalence weights."""
    y, scores = _random_data(seed, n=350, decimals=3)
    c = metrics.curves(y, scores, prevalence)
    precision, recall, thresholds = precision_recall_curve(y, scores)
    np.testing.assert_allclose(c.precision, precision[::-1], rtol=1e-12)
    np.testing.assert_allclose(c.recall, recall[::-1], rtol=1e-12)
    np.testing.assert_array_equal(c.thresholds[1:], thresholds[::-1])
    if prevalence is None:
        return
    weights = prevalence_weights(y, prevalence)
    assert weights[y == 1].sum() == pytest.approx(prevalence)
    assert weights.sum() == pytest.approx(1.0)
    precision_w, recall_w, _ = precision_recall_curve(y, scores, sample_weight=weights)
    assert c.precision_at_prevalence is not None
    np.testing.assert_allclose(c.precision_at_prevalence, precision_w[::-1], rtol=1e-9)
    np.testing.assert_allclose(c.recall, recall_w[::-1], rtol=1e-9)
    fpr_w, tpr_w, _ = roc_curve(y, scores, sample_weight=weights, drop_intermediate=False)
    np.testing.assert_allclose(c.fpr, fpr_w, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(c.tpr, tpr_w, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("prevalence", [0.01, 0.2, 0.8])
def test_precision_at_prevalence_equals_reweighted_sklearn(prevalence):
    y, scores = _random_data(3, n=300, decimals=3)
    c = metrics.curves(y, scores, prevalence=prevalence)
    n_pos, n_neg = int(y.sum()), int(y.size - y.sum())
    weights = np.where(y == 1, prevalence / n_pos, (1 - prevalence) / n_neg)
    assert c.precision_at_prevalence is not None
    for k in range(1, c.thresholds.size, 13):
        pred = (scores >= c.thresholds[k]).astype(int)
        expected = precision_score(y, pred, sample_weight=weights, zero_division=0)
        assert c.precision_at_prevalence[k] == pytest.approx(expected, rel=1e-9)
        assert c.precision[k] == pytest.approx(precision_score(y, pred, zero_division=0), rel=1e-12)
    weighted_ap = average_precision_score(y, scores, sample_weight=weights)
    assert c.average_precision_at_prevalence == pytest.approx(weighted_ap, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(data=labelled_scores, prevalence=st.sampled_from([None, 0.001, 0.05, 0.5, 0.95]))
def test_average_precision_equals_sklearn(data, prevalence):
    y = np.array([d[0] for d in data])
    scores = np.array([d[1] for d in data])
    if y.min() == y.max():
        with pytest.raises(UserFacingError, match="both positive and negative"):
            metrics.curves(y, scores, prevalence)
        return
    c = metrics.curves(y, scores, prevalence)
    assert c.average_precision == pytest.approx(average_precision_score(y, scores), rel=1e-12)
    # AP is the step integral of the PR curve: sum of (R_k - R_(k-1)) * P_k.
    assert c.average_precision == pytest.approx(float(np.sum(np.diff(c.recall) * c.precision[1:])), rel=1e-9)
    if prevalence is not None:
        weights = prevalence_weights(y, prevalence)
        expected = average_precision_score(y, scores, sample_weight=weights)
        assert c.average_precision_at_prevalence == pytest.approx(expected, rel=1e-9)


# ----------------------------------------------------------------------------- the PR envelope


@pytest.mark.parametrize(("seed", "decimals"), [(0, 2), (5, 3), (8, 6)])
def test_interpolated_precision_is_the_pr_envelope(seed, decimals):
    """At each recall r: the best precision at recall >= r, over scikit-learn's PR curve."""
    y, scores = _random_data(seed, n=300, decimals=decimals)
    envelope = metrics.interpolated_precision(y, scores)
    precision, recall, _ = precision_recall_curve(y, scores)
    expected = [precision[recall >= r - 1e-12].max() for r in metrics.RECALL_GRID]
    np.testing.assert_allclose(envelope, expected, rtol=1e-12)
    assert envelope.shape == metrics.RECALL_GRID.shape
    assert (np.diff(envelope) <= 1e-12).all(), "the envelope never rises with recall"
    for r, p in zip(recall, precision, strict=True):  # it lies on or above every PR point
        index = np.searchsorted(metrics.RECALL_GRID, r, side="right") - 1
        assert envelope[index] >= p - 1e-12
    assert envelope[0] == 1.0  # the nothing-flagged point has precision 1


def test_interpolated_precision_on_a_custom_grid():
    y, scores = _random_data(1, n=200)
    grid = np.array([0.0, 0.33, 0.9, 1.0])
    precision, recall, _ = precision_recall_curve(y, scores)
    expected = [precision[recall >= r].max() for r in grid]
    np.testing.assert_allclose(metrics.interpolated_precision(y, scores, grid), expected)


# ----------------------------------------------------------------------------- calibration


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize(("seed", "bins"), [(0, 10), (1, 5), (2, 17)])
def test_reliability_equals_calibration_curve(seed, bins, strategy):
    y, p = _calibrated(seed, 1000)  # 999 * k / bins is never whole: no quantile edge on a probability
    curve = metrics.reliability(y, p, bins, strategy)
    observed, predicted = calibration_curve(y, p, n_bins=bins, strategy=strategy)
    np.testing.assert_allclose(curve.observed, observed, rtol=1e-12)
    np.testing.assert_allclose(curve.predicted, predicted, rtol=1e-12)
    # Counts as np.histogram counts them (no probability here lies on an inner edge).
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, bins + 1)
    else:
        edges = np.percentile(p, np.linspace(0, 100, bins + 1))
    counts, _ = np.histogram(p, bins=edges)
    np.testing.assert_array_equal(curve.counts, counts[counts > 0])
    assert curve.counts.sum() == y.size


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_reliability_on_ties_and_edges_follows_calibration_curve(strategy):
    """Probabilities on bin edges and many ties: the bins are scikit-learn's, empty ones dropped."""
    rng = np.random.default_rng(3)
    p = rng.choice([0.0, 0.1, 0.2, 0.5, 0.5, 0.9, 1.0], 400)
    y = (rng.random(p.size) < p).astype(np.int64)
    curve = metrics.reliability(y, p, 10, strategy)
    observed, predicted = calibration_curve(y, p, n_bins=10, strategy=strategy)
    np.testing.assert_allclose(curve.observed, observed, rtol=1e-12)
    np.testing.assert_allclose(curve.predicted, predicted, rtol=1e-12)
    assert curve.counts.sum() == y.size
    assert (curve.counts > 0).all()


@pytest.mark.parametrize("bins", [1, 51, 2.5, "10"])
def test_reliability_rejects_a_bad_bin_count(bins):
    y, p = _calibrated(0, 50)
    with pytest.raises(UserFacingError, match="bins"):
        metrics.reliability(y, p, bins)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [0, 1])
def test_brier_equals_brier_score_loss(seed):
    y, p = _calibrated(seed, 500)
    assert metrics.brier(y, p) == pytest.approx(brier_score_loss(y, p), rel=1e-12)
    assert metrics.brier(y, p) == pytest.approx(float(np.mean((p - y) ** 2)), rel=1e-12)
    assert metrics.brier(y, y.astype(float)) == 0.0


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize("bad", [-0.1, 1.01, math.nan, math.inf, "0.5x"])
def test_bad_threshold_raises(bad):
    y, s = _random_data(0, n=20)
    with pytest.raises(UserFacingError, match="threshold"):
        metrics.rates_from_confusion(metrics.confusion_at(y, s, bad), bad)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan])
def test_bad_beta_raises(bad):
    y, s = _random_data(0, n=20)
    with pytest.raises(UserFacingError, match="beta"):
        metrics.rates_from_confusion(metrics.confusion_at(y, s, 0.5), 0.5, bad)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.2, math.nan])
def test_bad_prevalence_raises(bad):
    y, s = _random_data(0, n=20)
    with pytest.raises(UserFacingError, match="prevalence"):
        metrics.curves(y, s, prevalence=bad)


def test_bad_labels_and_scores_raise():
    with pytest.raises(UserFacingError, match=r"0 \(negative\) or 1"):
        metrics.confusion_at(np.array([0, 2]), np.array([0.1, 0.2]), 0.5)
    with pytest.raises(UserFacingError, match="same length"):
        metrics.confusion_at(np.array([0, 1]), np.array([0.1]), 0.5)
    with pytest.raises(UserFacingError, match="finite"):
        metrics.confusion_at(np.array([0, 1]), np.array([0.1, np.nan]), 0.5)
    with pytest.raises(UserFacingError, match="both positive and negative"):
        metrics.operating_points(np.array([1, 1]), np.array([0.1, 0.2]))
