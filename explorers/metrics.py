"""Classification metrics every trade-off reads, in one place, each tested against scikit-learn.

Where a metric runs on a reading path or once per seed and strategy, it is plain numpy with
scikit-learn's formulas, because scikit-learn's input checks dominate on data this small
(measured on 500 scores: ``roc_curve`` 1.2 ms and ``average_precision_score`` 1.9 ms against
0.1 ms for both here; ``confusion_matrix`` ~2 ms; ``calibration_curve`` ~5 ms):
``operating_points``, ``curves`` (ROC, precision-recall and average precision, also at another
prevalence, which is scikit-learn's with class weights), ``confusion_at`` and ``reliability``.
``tests/unit/test_metrics.py`` checks each against ``sklearn.metrics``.

Convention (TunedThresholdClassifierCV's): an example is flagged when its score >= the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.special import expit
from sklearn.metrics import brier_score_loss

from datasets.errors import UserFacingError

BinStrategy = Literal["uniform", "quantile"]
RECALL_GRID = np.linspace(0.0, 1.0, 101)


# --------------------------------------------------------------------------- validation


def finite(value: object) -> float:
    """``value`` as a finite float, or NaN when it is not a real number."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
    return number if np.isfinite(number) else float("nan")


def check_threshold(threshold: float) -> float:
    """``threshold`` as a float in [0, 1], or UserFacingError."""
    value = finite(threshold)
    if not 0.0 <= value <= 1.0:
        raise UserFacingError(f"The threshold must be between 0 and 1; got {threshold!r}.")
    return value


def check_beta(beta: float) -> float:
    """``beta`` as a positive float, or UserFacingError."""
    value = finite(beta)
    if not value > 0:
        raise UserFacingError(f"F-beta's beta must be greater than 0 (1 = F1); got {beta!r}.")
    return value


def check_prevalence(prevalence: float | None) -> None:
    """UserFacingError unless ``prevalence`` is None or strictly between 0 and 1."""
    if prevalence is not None and not 0.0 < finite(prevalence) < 1.0:
        raise UserFacingError(
            "The deployment prevalence must be strictly between 0 and 1 (e.g. 0.05 for 5%); "
            f"got {prevalence!r}."
        )


def check_labels(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1-D int labels in {0, 1} and float scores of the same, non-zero length."""
    y = np.asarray(y_true)
    s = np.asarray(scores, dtype=np.float64)
    if y.ndim != 1 or y.shape != s.shape or y.size == 0:
        raise UserFacingError("Labels and scores must be non-empty 1-D arrays of the same length.")
    if not np.isin(y, (0, 1)).all():
        raise UserFacingError("Labels must be 0 (negative) or 1 (positive).")
    if not np.isfinite(s).all():
        raise UserFacingError("Scores must be finite numbers.")
    return y.astype(np.int64, copy=False), s


def check_both_classes(n_pos: int, n_neg: int) -> None:
    """UserFacingError when the labels lack one class (rates would be undefined)."""
    if n_pos == 0 or n_neg == 0:
        raise UserFacingError("The validation data needs both positive and negative examples.")


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or 0.0 when the denominator is 0 (scikit-learn's zero_division=0)."""
    return float(numerator / denominator) if denominator else 0.0


# --------------------------------------------------------------------------- one threshold


@dataclass(frozen=True)
class Confusion:
    """Confusion-matrix counts at one threshold."""

    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def n(self) -> int:
        """Number of examples."""
        return self.tp + self.fp + self.tn + self.fn


def confusion_at(y_true: np.ndarray, scores: np.ndarray, threshold: float) -> Confusion:
    """Counts when every score >= ``threshold`` is flagged positive (as ``confusion_matrix``)."""
    y, s = check_labels(y_true, scores)
    flagged = s >= check_threshold(threshold)
    positive = y == 1
    tp = int(np.count_nonzero(flagged & positive))
    fp = int(np.count_nonzero(flagged)) - tp
    fn = int(np.count_nonzero(positive)) - tp
    return Confusion(tp=tp, fp=fp, tn=y.size - tp - fp - fn, fn=fn)


@dataclass(frozen=True)
class Rates:
    """Classification metrics at one threshold (undefined ratios are 0.0, like zero_division=0)."""

    threshold: float
    precision: float
    recall: float
    f1: float
    fbeta: float
    beta: float
    accuracy: float
    fpr: float


def _rates(counts: tuple[float, float, float, float], threshold: float, beta: float) -> Rates:
    """Metrics from (possibly weighted) counts (tp, fp, tn, fn), with sklearn.metrics' formulas."""
    tp, fp, tn, fn = counts
    beta2 = check_beta(beta) ** 2
    return Rates(
        threshold=float(threshold),
        precision=ratio(tp, tp + fp),
        recall=ratio(tp, tp + fn),
        f1=ratio(2 * tp, 2 * tp + fp + fn),
        fbeta=ratio((1 + beta2) * tp, beta2 * (tp + fn) + tp + fp),
        beta=float(beta),
        accuracy=ratio(tp + tn, tp + fp + tn + fn),
        fpr=ratio(fp, fp + tn),
    )


def rates_from_confusion(c: Confusion, threshold: float, beta: float = 1.0) -> Rates:
    """Metrics from confusion counts, with the same formulas as sklearn.metrics."""
    return _rates((c.tp, c.fp, c.tn, c.fn), threshold, beta)


@dataclass(frozen=True)
class ExpectedCounts:
    """Confusion counts expected per ``per`` predictions at a ``prevalence`` (not whole numbers)."""

    tp: float
    fp: float
    tn: float
    fn: float
    per: int
    prevalence: float


def expected_counts(c: Confusion, prevalence: float, per: int = 1000) -> ExpectedCounts:
    """``c`` reweighted to ``per`` predictions with ``prevalence`` positives: the true-positive and
    false-positive rates are kept, each class row scaled to its expected size."""
    check_prevalence(prevalence)
    n_pos, n_neg = c.tp + c.fn, c.fp + c.tn
    check_both_classes(n_pos, n_neg)
    pos, neg = per * prevalence / n_pos, per * (1 - prevalence) / n_neg
    return ExpectedCounts(c.tp * pos, c.fp * neg, c.tn * neg, c.fn * pos, per, prevalence)


def rates_at_prevalence(c: Confusion, threshold: float, beta: float, prevalence: float) -> Rates:
    """The rates a threshold would have at another ``prevalence`` (recall and FPR do not move)."""
    e = expected_counts(c, prevalence)
    return _rates((e.tp, e.fp, e.tn, e.fn), threshold, beta)


def shifted_precision(recall: float, fpr: float, prevalence: float) -> float:
    """Precision at another prevalence: pi*TPR / (pi*TPR + (1-pi)*FPR) (0.0 when nothing is flagged)."""
    check_prevalence(prevalence)
    return ratio(prevalence * recall, prevalence * recall + (1 - prevalence) * fpr)


# --------------------------------------------------------------------------- every operating point


@dataclass(frozen=True)
class OperatingPoints:
    """Every distinct operating point, highest threshold first; index 0 flags nothing."""

    thresholds: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    n_pos: int
    n_neg: int


def _above_max(max_score: float) -> float:
    """A threshold that flags nothing: 1.0 when all scores are below 1, else just above the max."""
    return 1.0 if max_score < 1.0 else float(np.nextafter(max_score, np.inf))


def operating_points(y_true: np.ndarray, scores: np.ndarray) -> OperatingPoints:
    """Counts at every distinct threshold, as ``roc_curve(drop_intermediate=False)`` finds them:
    sort by score, cumulative sums, the last of each run of ties."""
    y, s = check_labels(y_true, scores)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    ends = np.r_[np.flatnonzero(np.diff(s_sorted)), s.size - 1]
    tp = np.cumsum(y_sorted)[ends]
    fp = ends + 1 - tp
    n_pos = int(tp[-1])
    check_both_classes(n_pos, s.size - n_pos)
    return OperatingPoints(
        thresholds=np.r_[_above_max(float(s_sorted[0])), s_sorted[ends]],
        tp=np.r_[0, tp],
        fp=np.r_[0, fp],
        n_pos=n_pos,
        n_neg=int(s.size - n_pos),
    )


@dataclass(frozen=True, eq=False)
class Curves:
    """ROC and precision-recall curves over every operating point (index 0 flags nothing)."""

    thresholds: np.ndarray
    fpr: np.ndarray
    tpr: np.ndarray
    recall: np.ndarray
    precision: np.ndarray
    precision_at_prevalence: np.ndarray | None
    roc_auc: float
    average_precision: float
    average_precision_at_prevalence: float | None
    prevalence: float | None


def _precision(tpr: np.ndarray, fpr: np.ndarray, w_pos: float, w_neg: float) -> np.ndarray:
    """Weighted precision per point; the nothing-flagged point gets 1.0 (scikit-learn's convention)."""
    flagged = w_pos * tpr + w_neg * fpr
    out = np.ones_like(tpr)
    np.divide(w_pos * tpr, flagged, out=out, where=flagged > 0)
    return out


def _average_precision(recall: np.ndarray, precision: np.ndarray) -> float:
    """AP = sum over points of (R_k - R_(k-1)) * P_k, as ``average_precision_score``."""
    return float(np.sum(np.diff(recall) * precision[1:]))


def curves(y_true: np.ndarray, scores: np.ndarray, prevalence: float | None = None) -> Curves:
    """ROC, PR at the data's prevalence and (if given) PR at a deployment ``prevalence``."""
    check_prevalence(prevalence)
    p = operating_points(y_true, scores)
    tpr, fpr = p.tp / p.n_pos, p.fp / p.n_neg
    precision = _precision(tpr, fpr, float(p.n_pos), float(p.n_neg))
    shifted = None if prevalence is None else _precision(tpr, fpr, prevalence, 1.0 - prevalence)
    return Curves(
        thresholds=p.thresholds,
        fpr=fpr,
        tpr=tpr,
        recall=tpr,
        precision=precision,
        precision_at_prevalence=shifted,
        roc_auc=float(np.trapezoid(tpr, fpr)),
        average_precision=_average_precision(tpr, precision),
        average_precision_at_prevalence=None if shifted is None else _average_precision(tpr, shifted),
        prevalence=prevalence,
    )


def interpolated_precision(
    y_true: np.ndarray, scores: np.ndarray, recall_grid: np.ndarray = RECALL_GRID
) -> np.ndarray:
    """Precision at each recall level: the best precision at that recall or higher (the PR envelope)."""
    c = curves(y_true, scores)
    envelope = np.maximum.accumulate(c.precision[::-1])[::-1]
    index = np.minimum(np.searchsorted(c.recall, recall_grid, side="left"), c.recall.size - 1)
    return envelope[index]


# --------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class Reliability:
    """A reliability curve: per non-empty bin, mean predicted probability, observed rate and size."""

    predicted: np.ndarray
    observed: np.ndarray
    counts: np.ndarray


def reliability(
    y_true: np.ndarray, probability: np.ndarray, bins: int = 10, strategy: BinStrategy = "uniform"
) -> Reliability:
    """What ``calibration_curve(y, p, n_bins=bins, strategy=...)`` returns, plus each bin's size.

    Plain numpy on the reading path; the bins and formulas are scikit-learn's.
    """
    if not (isinstance(bins, int) and 2 <= bins <= 50):
        raise UserFacingError(f"The number of reliability bins must be from 2 to 50; got {bins!r}.")
    y, p = np.asarray(y_true, dtype=float), np.asarray(probability, dtype=float)
    if strategy == "quantile":
        edges = np.percentile(p, np.linspace(0, 100, bins + 1))
    else:
        edges = np.linspace(0.0, 1.0, bins + 1)
    ids = np.searchsorted(edges[1:-1], p)
    total = np.bincount(ids, minlength=bins)
    kept = total > 0
    sums = np.bincount(ids, weights=p, minlength=bins)[kept]
    hits = np.bincount(ids, weights=y, minlength=bins)[kept]
    return Reliability(sums / total[kept], hits / total[kept], total[kept])


def brier(y_true: np.ndarray, probability: np.ndarray) -> float:
    """The Brier score: the mean squared error of P(positive)."""
    return float(brier_score_loss(np.asarray(y_true), np.asarray(probability, dtype=float), pos_label=1))


# --- added for regularization
# A validation sweep scores 19 fits on every fold and learning-curve size at once: a decision matrix
# (n, k) per fold. scikit-learn's log_loss and accuracy_score, one column at a time, take ~2 ms and
# ~0.6 ms a column (~2 s a sweep); these take microseconds. Both are tested against scikit-learn.


def log_loss_per_column(y_true: np.ndarray, decision: np.ndarray) -> np.ndarray:
    """Mean log loss of each column of logistic ``decision`` values (n, k), clipped as
    ``sklearn.metrics.log_loss`` clips probabilities."""
    eps = np.finfo(np.float64).eps
    p = np.clip(expit(decision), eps, 1 - eps)
    positive = (np.asarray(y_true) == 1)[:, None]
    return -np.mean(np.where(positive, np.log(p), np.log1p(-p)), axis=0)


def accuracy_per_column(y_true: np.ndarray, decision: np.ndarray) -> np.ndarray:
    """Accuracy of each column of ``decision`` (n, k): positive when decision > 0, as ``predict``."""
    return np.mean((decision > 0) == (np.asarray(y_true) == 1)[:, None], axis=0)
