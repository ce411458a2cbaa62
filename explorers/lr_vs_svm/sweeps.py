"""The sweeps behind the lower charts, each cached on its own: one model refitted at every outlier
fraction, a plain refit with feature scaling flipped, and fit time against training-set size."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score

import datasets
from explorers.common import one_thread
from explorers.lr_vs_svm.data import OUTLIER_FRACTIONS, frozen, prepare_data
from explorers.lr_vs_svm.fitting import fit_quietly
from explorers.lr_vs_svm.specs import SWEEP_PAIR, ModelSpec

# Fit time vs training-set size: a fixed pair of models per dataset and seed.
SWEEP_SIZES: tuple[int, ...] = (500, 1000, 2000, 5000, 10_000, 20_000)
SWEEP_REPEATS = 3  # fits timed per size (their median is kept)
SWEEP_SVM_REPEATED_UP_TO = 2000  # larger SVM fits are timed once
GROWTH_FROM_ROWS = 1000  # the growth exponent ignores smaller sizes (their fits are mostly overhead)
SWEEP_JITTER = 0.05  # tabular rows resampled past the table's size get this much noise (in std units)
SWEEP_SVM_BUDGET_SECONDS = 1.0  # the SVM's fits in the sweep take at most about this long in all
SWEEP_SVM_SINGLE_FIT_LIMIT = 0.5  # a size whose fit would take longer is projected, not measured


# --------------------------------------------------------------------------- outliers and scaling


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A plain fit's test accuracy and its predicted class on the outlier-free data's grid."""

    test_accuracy: float
    grid_positive: np.ndarray  # bool per point of the clean grid


def snapshot(
    spec: ModelSpec, dataset_key: datasets.Source, n_train: int, outlier_fraction: float, seed: int
) -> Snapshot:
    """Fit ``spec`` once (no calibration, no timing) and record what the outlier sweep compares."""
    data = prepare_data(dataset_key, n_train, outlier_fraction, seed)
    clean = prepare_data(dataset_key, n_train, 0.0, seed)
    spec.check(data.n_features)
    model = spec.build()
    fit_quietly(model, data.X_train, data.y_train)
    with one_thread():
        accuracy = accuracy_score(data.y_test, model.predict(data.X_test))
        positive = model.predict(clean.sweep_points) == 1
    return Snapshot(float(accuracy), frozen(positive))


@dataclass(frozen=True)
class OutlierSweep:
    """How one model reacts as the outlier fraction rises (same clean data, same test set)."""

    fractions: tuple[float, ...]
    moved_share: tuple[float, ...]  # share of the clean chart area whose predicted class flips vs 0%
    test_accuracy: tuple[float, ...]

    def at(self, fraction: float) -> tuple[float, float]:
        """(moved share, test-accuracy change vs no outliers) at ``fraction`` (nearest swept value)."""
        index = int(np.argmin(np.abs(np.asarray(self.fractions) - fraction)))
        return self.moved_share[index], self.test_accuracy[index] - self.test_accuracy[0]


def outlier_sweep(
    spec: ModelSpec,
    dataset_key: datasets.Source,
    n_train: int,
    seed: int,
    fractions: tuple[float, ...] = OUTLIER_FRACTIONS,
) -> OutlierSweep:
    """Refit ``spec`` at each outlier fraction and compare with the fit on clean data."""
    fractions = tuple(sorted({0.0, *fractions}))
    shots = [snapshot(spec, dataset_key, n_train, f, seed) for f in fractions]
    base = shots[0].grid_positive
    return OutlierSweep(
        fractions=fractions,
        moved_share=tuple(float(np.mean(s.grid_positive != base)) for s in shots),
        test_accuracy=tuple(s.test_accuracy for s in shots),
    )


# --------------------------------------------------------------------------- fit time vs size


@dataclass(frozen=True)
class FitTimeSweep:
    """Median fit seconds per training-set size; SVM sizes past the time budget are projected."""

    sizes: tuple[int, ...]
    logistic_seconds: tuple[float, ...]
    svm_seconds: tuple[float, ...]  # measured sizes only (a prefix of ``sizes``)
    svm_projected: tuple[float, ...]  # the remaining sizes, from the measured trend
    resampled_from: int | None  # a table's row count when larger sizes were resampled from it

    @property
    def svm_measured_sizes(self) -> tuple[int, ...]:
        """The sizes at which the SVM was actually timed."""
        return self.sizes[: len(self.svm_seconds)]

    @property
    def logistic_exponent(self) -> float:
        """Slope of log(fit time) against log(size) for logistic regression."""
        return growth_exponent(self.sizes, self.logistic_seconds)

    @property
    def svm_exponent(self) -> float:
        """Slope of log(fit time) against log(size) for the SVM, over the measured sizes."""
        return growth_exponent(self.svm_measured_sizes, self.svm_seconds)

    @property
    def svm_at_largest(self) -> float:
        """The SVM's fit seconds at the largest size (measured or projected)."""
        return (self.svm_seconds + self.svm_projected)[-1]


def growth_exponent(sizes: tuple[int, ...], seconds: tuple[float, ...]) -> float:
    """Least-squares slope in log-log space over the sizes from GROWTH_FROM_ROWS up."""
    pairs = [(n, t) for n, t in zip(sizes, seconds, strict=False) if n >= GROWTH_FROM_ROWS and t > 0]
    if len(pairs) < 2:
        pairs = [(n, t) for n, t in zip(sizes, seconds, strict=False) if t > 0]
    if len(pairs) < 2:
        return float("nan")
    logs = np.log(np.array(pairs, dtype=float))
    return float(np.polyfit(logs[:, 0], logs[:, 1], 1)[0])


def rows_of_size(
    dataset_key: datasets.Source, size: int, seed: int
) -> tuple[np.ndarray, np.ndarray, int | None]:
    """``size`` rows of the dataset: generated for synthetic sets, resampled with jitter for tables."""
    info = datasets.get_info(dataset_key)
    if info.kind == "synthetic":
        data = datasets.load(dataset_key, n_samples=size, seed=seed)
        return data.X, data.y, None
    table = datasets.load(dataset_key, seed=seed)
    if size <= table.n_samples:
        return table.X[:size], table.y[:size], None
    rng = np.random.default_rng([seed, size])
    rows = rng.integers(0, table.n_samples, size=size)
    spread = table.X.std(axis=0)
    noise = rng.normal(scale=SWEEP_JITTER, size=(size, table.X.shape[1])) * spread
    return table.X[rows] + noise, table.y[rows], table.n_samples


def _median_seconds(spec: ModelSpec, features: np.ndarray, y: np.ndarray, repeats: int) -> float:
    """Median of ``repeats`` timed fits."""
    return statistics.median(fit_quietly(spec.build(), features, y)[1] for _ in range(repeats))


def svm_repeats(size: int) -> int:
    """How many SVM fits the sweep times at ``size`` rows."""
    return SWEEP_REPEATS if size <= SWEEP_SVM_REPEATED_UP_TO else 1


def fit_time_sweep(
    dataset_key: datasets.Source, seed: int, sizes: tuple[int, ...] = SWEEP_SIZES
) -> FitTimeSweep:
    """Fit time against training-set size for the SWEEP_PAIR (logistic regression, an RBF SVM).

    Times are CPU seconds on one thread, the median of SWEEP_REPEATS fits (see ``svm_repeats``).
    The SVM stops being timed once its fits exceed the time budget; the remaining sizes are
    projected from its measured trend.
    """
    logistic, svm = SWEEP_PAIR
    warm_features, warm_y, _ = rows_of_size(dataset_key, sizes[0], seed)
    fit_quietly(logistic.build(), warm_features, warm_y)  # one-off costs (imports, thread pools) untimed
    lr_times: list[float] = []
    svm_times: list[float] = []
    resampled: int | None = None
    for size in sizes:
        features, y, source_rows = rows_of_size(dataset_key, size, seed)
        resampled = resampled or source_rows
        lr_times.append(_median_seconds(logistic, features, y, SWEEP_REPEATS))
        if len(svm_times) == len(lr_times) - 1 and not _svm_budget_spent(sizes, svm_times):
            svm_times.append(_median_seconds(svm, features, y, svm_repeats(size)))
    projected = _project(sizes, svm_times)
    return FitTimeSweep(tuple(sizes), tuple(lr_times), tuple(svm_times), projected, resampled)


def trend_exponent(sizes: tuple[int, ...], seconds: list[float] | tuple[float, ...]) -> float:
    """The measured growth exponent, kept within [1, 3] (a kernel SVM's fit grows at least linearly and
    about quadratically in practice; the clamp keeps one noisy timing from projecting nonsense)."""
    slope = growth_exponent(sizes[: len(seconds)], tuple(seconds))
    return min(max(slope, 1.0), 3.0) if math.isfinite(slope) else 2.0


def _svm_budget_spent(sizes: tuple[int, ...], times: list[float]) -> bool:
    """Whether the next, larger SVM fit would take too long, extrapolating the measured trend."""
    if len(times) < 2 or len(times) >= len(sizes):
        return False
    following = times[-1] * (sizes[len(times)] / sizes[len(times) - 1]) ** trend_exponent(sizes, times)
    return following > SWEEP_SVM_SINGLE_FIT_LIMIT or sum(times) + following > SWEEP_SVM_BUDGET_SECONDS


def _project(sizes: tuple[int, ...], measured: list[float]) -> tuple[float, ...]:
    """Seconds for the sizes after the measured ones, extending the measured log-log trend."""
    rest = sizes[len(measured) :]
    if not rest:
        return ()
    slope = trend_exponent(sizes, measured)
    return tuple(measured[-1] * (n / sizes[len(measured) - 1]) ** slope for n in rest)
