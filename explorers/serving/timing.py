"""The model's service time, measured: a real model is trained and its ``predict_proba`` timed on one
core for every batch size, and the line t(b) = a + c·b fitted to the medians drives the simulations."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import nnls
from sklearn.base import ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import datasets
from datasets.errors import UserFacingError
from explorers.common import entry, labels, one_thread

Array = np.ndarray

TREE_COUNTS: tuple[int, ...] = (10, 30, 100, 300)
BATCH_SIZES: tuple[int, ...] = tuple(2**e for e in range(11))  # 1, 2, 4, ..., 1024
TIMING_DATASET = "breast_cancer"  # 30 numeric features, ships with scikit-learn
MIN_REPEATS, MAX_REPEATS = 5, 25
SECONDS_PER_SIZE = 0.015  # timing budget per batch size; at least MIN_REPEATS calls each anyway


# --------------------------------------------------------------------------- the models


@dataclass(frozen=True)
class ServingModel:
    """One model to serve: its label and how to build it unfitted with a number of trees."""

    label: str
    make: Callable[[int], ClassifierMixin | Pipeline]
    has_trees: bool = True  # whether the number of trees sizes it

    def label_for(self, trees: int) -> str:
        """'Gradient boosting, 100 trees' or 'Logistic regression'."""
        return f"{self.label}, {trees} trees" if self.has_trees else self.label


def _logistic(_trees: int) -> Pipeline:
    return Pipeline([("scale", StandardScaler()), ("logreg", LogisticRegression(max_iter=2000))])


def _boosting(trees: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=trees, max_leaf_nodes=15, early_stopping=False, random_state=0
    )


def _forest(trees: int) -> RandomForestClassifier:
    return RandomForestClassifier(n_estimators=trees, max_depth=10, n_jobs=1, random_state=0)


MODELS: dict[str, ServingModel] = {
    "logreg": ServingModel("Logistic regression", _logistic, has_trees=False),
    "gbm": ServingModel("Gradient boosting", _boosting),
    "forest": ServingModel("Random forest", _forest),
}
MODEL_LABELS: dict[str, str] = labels(MODELS)


def serving_model(model: str) -> ServingModel:
    """The entry of MODELS for ``model``, or UserFacingError."""
    return entry(MODELS, model, "model")


def make_model(model: str, trees: int) -> ClassifierMixin | Pipeline:
    """An unfitted classifier: ``model`` is a key of MODELS; ``trees`` sizes the ensembles."""
    entry = serving_model(model)
    if entry.has_trees and trees not in TREE_COUNTS:
        raise UserFacingError(f"The number of trees must be one of {', '.join(map(str, TREE_COUNTS))}.")
    return entry.make(trees)


# --------------------------------------------------------------------------- the cost of one call


@dataclass(frozen=True)
class ServiceCost:
    """The linear cost of one predict call: t(b) = setup + per_row * b, in milliseconds."""

    setup_ms: float
    per_row_ms: float
    source: str  # e.g. "measured: gradient boosting, 100 trees" or "set by hand"

    def __post_init__(self) -> None:
        a, c = self.setup_ms, self.per_row_ms
        if not (np.isfinite(a) and np.isfinite(c) and a >= 0 and c >= 0 and a + c > 0):
            raise UserFacingError(
                f"The service time needs a ≥ 0 ms and c ≥ 0 ms per row, not both 0; got a = {a!r}, c = {c!r}."
            )

    @property
    def measured(self) -> bool:
        """Whether the line was fitted to measured times (not set by hand)."""
        return self.source.startswith("measured")

    def call_ms(self, batch: int | Array) -> float | Array:
        """Milliseconds one predict call on ``batch`` rows takes."""
        return self.setup_ms + self.per_row_ms * np.asarray(batch, dtype=np.float64)

    def capacity(self, batch: int, replicas: int) -> float:
        """Requests per second ``replicas`` can serve with full batches of ``batch``."""
        return replicas * batch / float(self.call_ms(batch)) * 1000.0

    def resolve(self) -> ServiceCost:
        """Itself (see ``MeasuredCost.resolve``)."""
        return self


@dataclass(frozen=True)
class MeasuredCost:
    """The fitted line of a measured model, named by the model; its times are measured once per process
    (``measured``), so the simulations and the measurement chart read the same line."""

    model: str
    trees: int

    def resolve(self) -> ServiceCost:
        """The line fitted to the model's measured times."""
        return measured(self.model, self.trees).fit


# What a simulation is told about the service time: a line set by hand, or a model to measure.
CostSpec = ServiceCost | MeasuredCost


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True, eq=False)
class ServiceTiming:
    """Measured predict times of one trained model, and the fitted line."""

    model: str
    trees: int
    batch_sizes: Array
    median_ms: Array
    low_ms: Array  # 25th percentile of the repeats
    high_ms: Array  # 75th percentile
    repeats: Array
    fit: ServiceCost
    n_features: int
    fit_seconds: float

    @property
    def label(self) -> str:
        """'Gradient boosting, 100 trees' or 'Logistic regression'."""
        return MODELS[self.model].label_for(self.trees)


def fit_linear_cost(batch_sizes: Array, times_ms: Array) -> tuple[float, float]:
    """Least-squares a, c >= 0 of t(b) = a + c*b, on relative errors (each point weighted by 1/t).

    Relative errors keep the small batches, which one-request-per-call serving lives on, from being
    drowned by the large ones; non-negativity keeps a noisy fit physical.
    """
    b = np.asarray(batch_sizes, dtype=np.float64)
    t = np.asarray(times_ms, dtype=np.float64)
    if b.shape != t.shape or b.size < 2 or not (np.all(t > 0) and np.all(b > 0)):
        raise UserFacingError("Fitting t(b) = a + c·b needs at least two positive batch sizes and times.")
    design = np.column_stack([np.ones_like(b), b]) / t[:, None]
    (setup, per_row), _ = nnls(design, np.ones_like(t))
    return float(setup), float(per_row)


def _time_calls(predict: Callable[[Array], object], inputs: Sequence[Array]) -> list[Array]:
    """Seconds each call ``predict(x)`` takes, several times for each ``x`` in ``inputs``.

    After one warm-up call each, the repeats go round the inputs in turn, so a burst of load from
    elsewhere on the machine slows every batch size alike instead of distorting one of them.
    """
    first = np.empty(len(inputs))
    for index, x in enumerate(inputs):
        start = time.perf_counter()
        predict(x)
        first[index] = time.perf_counter() - start
    budget = SECONDS_PER_SIZE * len(inputs)
    repeats = int(np.clip(budget / max(first.sum(), 1e-7), MIN_REPEATS, MAX_REPEATS))
    out = np.empty((repeats, len(inputs)))
    for r in range(repeats):
        for index, x in enumerate(inputs):
            start = time.perf_counter()
            predict(x)
            out[r, index] = time.perf_counter() - start
    return list(out.T)


def measure_service_time(model: str, trees: int) -> ServiceTiming:
    """Train ``model`` on a bundled tabular dataset, then time ``predict_proba`` on one core for each
    batch size in BATCH_SIZES (median of several repeats) and fit t(b) = a + c*b."""
    estimator = make_model(model, trees)
    data = datasets.load(TIMING_DATASET)
    rows = data.X[np.random.default_rng(0).integers(0, data.X.shape[0], BATCH_SIZES[-1])]
    with one_thread():
        start = time.perf_counter()
        estimator.fit(data.X, data.y)
        fit_seconds = time.perf_counter() - start
        samples = _time_calls(estimator.predict_proba, [np.ascontiguousarray(rows[:b]) for b in BATCH_SIZES])
    sizes = np.array(BATCH_SIZES, dtype=np.int64)
    median = np.array([np.median(s) for s in samples]) * 1000
    setup, per_row = fit_linear_cost(sizes, median)
    label = MODELS[model].label_for(trees)
    return ServiceTiming(
        model=model,
        trees=trees,
        batch_sizes=sizes,
        median_ms=median,
        low_ms=np.array([np.percentile(s, 25) for s in samples]) * 1000,
        high_ms=np.array([np.percentile(s, 75) for s in samples]) * 1000,
        repeats=np.array([s.size for s in samples]),
        fit=ServiceCost(setup, per_row, f"measured: {label.lower()}"),
        n_features=int(data.X.shape[1]),
        fit_seconds=fit_seconds,
    )


@lru_cache(maxsize=len(MODELS) * len(TREE_COUNTS))
def measured(model: str, trees: int) -> ServiceTiming:
    """``measure_service_time``, once per model and size in this process: timings vary from run to
    run, and the chart of the times and every simulation built on them must read the same line."""
    return measure_service_time(model, trees)
