"""Drift detectors: three tests on the features (PSI, Kolmogorov-Smirnov, Wasserstein) against a
reference window, and two on the weekly error rate once its labels are back (ADWIN, Page-Hinkley).

Each detector is one entry of ``DETECTORS``: its label, what it watches, its statistic's name, which
side of the threshold fires, and the threshold at each of the five ``ALARM_LEVELS``.

The feature statistics share one pass over the merged, sorted samples (the two empirical CDFs on
every observed value), as ``scipy.stats.ks_2samp`` and ``scipy.stats.wasserstein_distance`` do;
the KS p-value is Smirnov's asymptotic one (``ks_2samp(method="asymp")``). Page-Hinkley is river's
recurrence and ADWIN its bound, written out so their statistics can be drawn and ADWIN can take a
week of transactions at once; the tests check both against ``river.drift``, which the page never
imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
from scipy.stats import kstwo

PSI_BINS = 10  # deciles of the reference
PSI_FLOOR = 1e-4  # an empty bin counts as this share, so the logarithm stays finite
PH_DELTA = 0.002  # Page-Hinkley's tolerance per week (error-rate units)
PH_MIN_WEEKS = 3  # weeks of labels before Page-Hinkley may fire

ALARM_LEVELS: dict[int, str] = {
    1: "very sensitive",
    2: "sensitive",
    3: "standard",
    4: "strict",
    5: "very strict",
}


@dataclass(frozen=True)
class Detector:
    """One detector: it ``watches`` "features" or "errors"; it fires when its statistic is ``fires``
    ("above" or "below") the threshold of the alarm level."""

    label: str
    short: str  # for legends and sentences
    symbol: str  # how the threshold reads: "p <", "PSI >", "λ =", ...
    watches: Literal["features", "errors"]
    statistic: str  # the traced quantity, for the axis
    fires: Literal["above", "below"]
    thresholds: tuple[float, float, float, float, float]  # by alarm level 1..5
    log_axis: bool = False

    def threshold(self, level: int) -> float:
        return self.thresholds[level - 1]

    def alarm(self, value: float, threshold: float) -> bool:
        return value > threshold if self.fires == "above" else value < threshold

    def threshold_text(self, level: int) -> str:
        """The threshold as it reads ("p < 0.001", "PSI > 0.2")."""
        return f"{self.symbol} {self.threshold(level):g}"


DETECTORS: dict[str, Detector] = {
    "ks": Detector(
        "Kolmogorov-Smirnov test (features)",
        "KS",
        "p <",
        "features",
        "Larger KS statistic D of the two features",
        "below",
        (0.05, 0.01, 1e-3, 1e-5, 1e-8),
        log_axis=True,
    ),
    "psi": Detector(
        "PSI (features)",
        "PSI",
        "PSI >",
        "features",
        "Larger PSI of the two features",
        "above",
        (0.05, 0.1, 0.2, 0.3, 0.5),
    ),
    "w": Detector(
        "Wasserstein distance (features)",
        "Wasserstein",
        "W >",
        "features",
        "Larger Wasserstein distance (SDs)",
        "above",
        (0.05, 0.1, 0.2, 0.3, 0.5),
    ),
    "ph": Detector(
        "Page-Hinkley (error rate)",
        "Page-Hinkley",
        "λ =",
        "errors",
        "Page-Hinkley statistic (error rate)",
        "above",
        (0.01, 0.02, 0.04, 0.08, 0.15),
    ),
    "adwin": Detector(
        "ADWIN (error rate)",
        "ADWIN",
        "δ =",
        "errors",
        "ADWIN margin: largest gap minus its bound",
        "above",
        (0.1, 0.02, 2e-3, 2e-4, 2e-5),
    ),
}
DETECTOR_LABELS: dict[str, str] = {key: d.label for key, d in DETECTORS.items()}


# --------------------------------------------------------------------------- feature statistics


@dataclass(frozen=True)
class Comparison:
    """A sample against a reference: KS statistic and p-value, Wasserstein distance and PSI."""

    ks: float
    p_value: float
    wasserstein: float
    psi: float


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    """Population stability index of two vectors of bin shares: sum (a - e) ln(a / e), with empty
    bins floored at ``PSI_FLOOR``."""
    e = np.maximum(np.asarray(expected, float), PSI_FLOOR)
    a = np.maximum(np.asarray(actual, float), PSI_FLOOR)
    return float(np.sum((a - e) * np.log(a / e)))


def decile_edges(reference_sorted: np.ndarray) -> np.ndarray:
    """The inner edges of ``PSI_BINS`` equal-count bins of the reference."""
    return np.quantile(reference_sorted, np.arange(1, PSI_BINS) / PSI_BINS)


def bin_shares(sample_sorted: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """The share of a sorted sample in each bin between ``edges`` (and the two open ends)."""
    counts = np.diff(
        np.searchsorted(sample_sorted, edges, side="right"), prepend=0, append=sample_sorted.size
    )
    return counts / sample_sorted.size


@cache
def ks_critical(alpha: float, n1: int, n2: int) -> float:
    """The KS statistic whose asymptotic p-value is ``alpha``: p < alpha exactly when D exceeds it."""
    m, n = sorted((float(n1), float(n2)), reverse=True)
    return float(kstwo.isf(alpha, np.round(m * n / (m + n))))


def ks_p_value(d: float, n1: int, n2: int) -> float:
    """Smirnov's asymptotic two-sided p-value, as ``ks_2samp(method="asymp")`` computes it."""
    m, n = sorted((float(n1), float(n2)), reverse=True)
    return float(np.clip(kstwo.sf(d, np.round(m * n / (m + n))), 0.0, 1.0))


def compare(
    reference_sorted: np.ndarray, sample_sorted: np.ndarray, edges: np.ndarray, *, p_value: bool = True
) -> Comparison:
    """Every feature statistic of a sorted sample against a sorted reference, in one merge (the
    p-value NaN unless asked for: the policy walk compares D with its critical value instead)."""
    merged = np.sort(np.concatenate([reference_sorted, sample_sorted]), kind="mergesort")
    cdf_ref = np.searchsorted(reference_sorted, merged, side="right") / reference_sorted.size
    cdf_new = np.searchsorted(sample_sorted, merged, side="right") / sample_sorted.size
    gap = np.abs(cdf_ref - cdf_new)
    d = float(gap.max())
    wasserstein = float(np.sum(gap[:-1] * np.diff(merged)))
    shares = psi(bin_shares(reference_sorted, edges), bin_shares(sample_sorted, edges))
    p = ks_p_value(d, reference_sorted.size, sample_sorted.size) if p_value else float("nan")
    return Comparison(d, p, wasserstein, shares)


def compare_many(
    reference_sorted: np.ndarray, samples_sorted: np.ndarray, edges: np.ndarray, statistic: str
) -> np.ndarray:
    """One statistic ("ks", "w" or "psi") of each row of ``samples_sorted`` (k, n) against one
    reference, vectorised over the rows; ``compare`` computes the same for one sample.

    For the Wasserstein distance, one stable argsort of each row's merged values gives both empirical
    CDFs as running counts; PSI and KS need no merge."""
    k, n = samples_sorted.shape
    m = reference_sorted.size
    if statistic == "psi":
        bins = np.searchsorted(edges, samples_sorted, side="left")  # bin b holds (edge b-1, edge b]
        counts = np.bincount((bins + np.arange(k)[:, None] * PSI_BINS).ravel(), minlength=k * PSI_BINS)
        actual = np.maximum(counts.reshape(k, PSI_BINS) / n, PSI_FLOOR)
        expected = np.maximum(bin_shares(reference_sorted, edges), PSI_FLOOR)
        return np.sum((actual - expected) * np.log(actual / expected), axis=1)
    if statistic == "ks":
        return _ks_many(reference_sorted, samples_sorted)
    values = np.concatenate([np.broadcast_to(reference_sorted, (k, m)), samples_sorted], axis=1)
    order = np.argsort(values, axis=1, kind="stable")
    seen_ref = np.cumsum(order < m, axis=1, dtype=np.int32)
    seen_new = np.arange(1, m + n + 1, dtype=np.int32) - seen_ref
    gap = np.abs(seen_ref * (1.0 / m) - seen_new * (1.0 / n))
    steps = np.diff(np.sort(values, axis=1), axis=1).astype(np.float64)
    return np.sum(gap[:, :-1] * steps, axis=1)


def _ks_many(reference_sorted: np.ndarray, samples_sorted: np.ndarray) -> np.ndarray:
    """The KS statistic of each sorted row against the sorted reference, without merging them.

    Both empirical CDFs are step functions, so the largest gap sits at an observed value: at each
    sample value (the reference's CDF by a binary search) and at each reference value (the sample's
    CDF by counting the sample values at or below it)."""
    k, n = samples_sorted.shape
    m = reference_sorted.size
    # At the sample values: F_ref(s) = #ref <= s / m; F_new(s) = #sample <= s / n (ties: the last one).
    first = np.searchsorted(reference_sorted, samples_sorted, side="left")
    after = first.copy()  # side="right", searched again only where a sample value equals a reference one
    equal = reference_sorted[np.minimum(first, m - 1)] == samples_sorted
    after[equal] = np.searchsorted(reference_sorted, samples_sorted[equal], side="right")
    ref_at = after / m
    last = np.ones((k, n), dtype=bool)
    last[:, :-1] = samples_sorted[:, 1:] != samples_sorted[:, :-1]
    position = np.where(last, np.arange(n), n)
    upto = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1]  # the last index of each tie
    at_samples = np.abs(ref_at - (upto + 1) / n).max(axis=1)
    # At the reference values: F_new(r_j) counts the samples whose first reference index >= them is <= j.
    counts = np.bincount((first + np.arange(k)[:, None] * (m + 1)).ravel(), minlength=k * (m + 1))
    new_at = np.cumsum(counts.reshape(k, m + 1)[:, :m], axis=1) / n
    ref_last = np.ones(m, dtype=bool)
    ref_last[:-1] = reference_sorted[1:] != reference_sorted[:-1]
    ref_cdf = np.arange(1, m + 1) / m
    at_reference = np.abs(ref_cdf[ref_last] - new_at[:, ref_last]).max(axis=1)
    return np.maximum(at_samples, at_reference)


def feature_statistic(key: str, comparisons: list[Comparison]) -> float:
    """The detector's statistic over the features: the smallest p-value, or the largest PSI or W."""
    if key == "ks":
        return min(c.p_value for c in comparisons)
    if key == "psi":
        return max(c.psi for c in comparisons)
    return max(c.wasserstein for c in comparisons)


# --------------------------------------------------------------------------- error-rate detectors


class PageHinkley:
    """river's Page-Hinkley recurrence for increases (``mode="up"``), its statistic kept to draw."""

    def __init__(self, threshold: float, delta: float = PH_DELTA, min_instances: int = PH_MIN_WEEKS) -> None:
        self.threshold, self.delta, self.min_instances = threshold, delta, min_instances
        self.alpha = 1 - 0.0001
        self.count, self.mean, self.total, self.lowest = 0, 0.0, 0.0, float("inf")
        self.statistic = 0.0

    def update(self, x: float) -> bool:
        """Add one week's error rate; True when the detector fires."""
        self.count += 1
        self.mean += (x - self.mean) / self.count
        self.total = self.alpha * self.total + (x - self.mean) - self.delta
        self.lowest = min(self.lowest, self.total)
        self.statistic = self.total - self.lowest
        return self.count >= self.min_instances and self.statistic > self.threshold


class Adwin:
    """ADWIN (Bifet and Gavaldà, 2007) on the stream of per-transaction errors, checked once a week
    with its cut points at week boundaries: each week's errors arrive as one batch of counts, so no
    loop runs per transaction. Its statistic is the largest gap between the means of an older and a
    newer sub-window minus ADWIN's Bernstein bound for that cut: it fires above 0. (Tested to fire in
    the same weeks as ``river.drift.ADWIN`` fed every transaction and checked weekly.)"""

    MIN_LENGTH = 5  # river's min_window_length, in transactions

    def __init__(self, delta: float) -> None:
        self.delta = delta
        self.errors: list[int] = []
        self.sizes: list[int] = []
        self.statistic = 0.0

    def update(self, errors: int, size: int) -> bool:
        """Add one week's error count out of ``size`` transactions; True when it fires."""
        self.errors.append(int(errors))
        self.sizes.append(int(size))
        if len(self.sizes) < 2:
            self.statistic = float("nan")
            return False
        errs, sizes = np.array(self.errors, float), np.array(self.sizes, float)
        width, mean = sizes.sum(), errs.sum() / sizes.sum()
        variance = mean * (1 - mean)
        n0, e0 = np.cumsum(sizes)[:-1], np.cumsum(errs)[:-1]  # the older sub-window at each cut
        n1, e1 = width - n0, errs.sum() - e0
        log_term = np.log(2 * np.log(width) / self.delta)
        harmonic = 1 / (n0 - self.MIN_LENGTH + 1) + 1 / (n1 - self.MIN_LENGTH + 1)
        bound = np.sqrt(2 * harmonic * variance * log_term) + 2 / 3 * log_term * harmonic
        self.statistic = float(np.max(np.abs(e0 / n0 - e1 / n1) - bound))
        return self.statistic > 0


def weekly_errors(detector: PageHinkley | Adwin, errors: int, size: int) -> bool:
    """Feed a detector one week's errors: ADWIN the counts, Page-Hinkley the rate."""
    if isinstance(detector, Adwin):
        return detector.update(errors, size)
    return detector.update(errors / size)


def error_detector(key: str, threshold: float) -> PageHinkley | Adwin:
    """A fresh error-rate detector."""
    return Adwin(threshold) if key == "adwin" else PageHinkley(threshold)
