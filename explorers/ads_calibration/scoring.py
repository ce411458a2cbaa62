"""The probability metrics the page reports for one set of predicted click probabilities, in plain
numpy with scikit-learn's formulas (``tests/unit/test_ads_calibration.py`` checks each against
``sklearn.metrics`` and a brute-force reference): AUC, log loss, normalised entropy (NE), Brier,
expected calibration error (ECE) and the calibration ratio."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from explorers.metrics import Reliability, reliability

ECE_BINS = 10  # equal-count (quantile) bins: with clicks this rare, equal-width bins would all be empty
EPS = np.finfo(np.float64).eps  # log loss clips probabilities to [eps, 1 − eps], as scikit-learn does
HISTOGRAM_EDGES = np.linspace(-5.0, 0.0, 41)  # log10 of the predicted CTR, 1e-5 to 1


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """ROC AUC by the Mann–Whitney rank sum (ties count a half, as ``roc_auc_score``)."""
    positive = y == 1
    n_pos = int(positive.sum())
    n_neg = y.size - n_pos
    ranks = rankdata(p)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    """Mean negative log-likelihood of the clicks (natural log), probabilities clipped as scikit-learn."""
    q = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(np.where(y == 1, np.log(q), np.log1p(-q))))


def entropy(rate: float) -> float:
    """The binary entropy (nats) of a click rate: the log loss of predicting that rate for everyone."""
    return float(-(rate * np.log(rate) + (1 - rate) * np.log1p(-rate)))


def normalised_entropy(y: np.ndarray, p: np.ndarray) -> float:
    """NE: the log loss divided by the entropy of the observed click rate. The prior scores 1; lower
    is better; it is comparable across data sets with different base rates."""
    return log_loss(y, p) / entropy(float(y.mean()))


def brier(y: np.ndarray, p: np.ndarray) -> float:
    """The Brier score: the mean squared error of the click probability."""
    return float(np.mean((p - y) ** 2))


def ece(curve: Reliability) -> float:
    """Expected calibration error: the bins' |mean predicted − observed|, weighted by their size."""
    return float(np.sum(curve.counts * np.abs(curve.predicted - curve.observed)) / curve.counts.sum())


def calibration_ratio(y: np.ndarray, p: np.ndarray) -> float:
    """Sum of predicted click probabilities / number of clicks: 1 when the predictions add up."""
    return float(p.sum() / y.sum())


@dataclass(frozen=True, eq=False)
class Scored:
    """One set of predictions on the test impressions, with every number the page reports about it."""

    p: np.ndarray
    auc: float
    log_loss: float
    ne: float
    brier: float
    ece: float
    ratio: float
    mean: float  # the mean predicted CTR
    curve: Reliability  # ECE_BINS equal-count bins
    histogram: np.ndarray  # impressions per HISTOGRAM_EDGES bin of log10(p)


def score(y: np.ndarray, p: np.ndarray) -> Scored:
    """Every reported number for predictions ``p`` of the clicks ``y``."""
    curve = reliability(y, p, ECE_BINS, "quantile")
    logs = np.log10(np.clip(p, 10 ** HISTOGRAM_EDGES[0], 1.0))
    return Scored(
        p=p,
        auc=auc(y, p),
        log_loss=log_loss(y, p),
        ne=normalised_entropy(y, p),
        brier=brier(y, p),
        ece=ece(curve),
        ratio=calibration_ratio(y, p),
        mean=float(p.mean()),
        curve=curve,
        histogram=np.histogram(logs, HISTOGRAM_EDGES)[0],
    )
