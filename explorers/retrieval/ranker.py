"""The ranker's cost, measured: a real scikit-learn model is trained and its ``predict_proba`` timed on
one core for batches of candidates, and the line t(b) = a + c·b fitted to the medians (as the serving
page measures a model), or a line set by hand."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import nnls
from sklearn.base import ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from datasets.errors import UserFacingError
from explorers.common import entry, labels, locked_cache, one_thread

Array = np.ndarray

BATCHES: tuple[int, ...] = (1, 10, 100, 1000)  # candidates scored per call
FEATURES = 40  # user, item and cross features of one (user, candidate) pair
REPEATS = 7


@dataclass(frozen=True)
class Ranker:
    """One ranking model: its label and how to build it unfitted."""

    label: str
    make: Callable[[], ClassifierMixin | Pipeline]


RANKERS: dict[str, Ranker] = {
    "logreg": Ranker("Logistic regression", lambda: make_pipeline(StandardScaler(), LogisticRegression())),
    "gbm": Ranker(
        "Gradient boosting, 100 trees",
        lambda: HistGradientBoostingClassifier(
            max_iter=100, max_leaf_nodes=15, early_stopping=False, random_state=0
        ),
    ),
    "gbm300": Ranker(
        "Gradient boosting, 300 trees",
        lambda: HistGradientBoostingClassifier(
            max_iter=300, max_leaf_nodes=31, early_stopping=False, random_state=0
        ),
    ),
}
RANKER_LABELS: dict[str, str] = labels(RANKERS)


@dataclass(frozen=True)
class RankerCost:
    """What scoring b candidates in one call costs: t(b) = setup_ms + per_candidate_ms · b."""

    setup_ms: float
    per_candidate_ms: float
    source: str  # "measured: gradient boosting, 100 trees" or "set by hand"

    def __post_init__(self) -> None:
        a, c = self.setup_ms, self.per_candidate_ms
        if not (np.isfinite(a) and np.isfinite(c) and a >= 0 and c >= 0):
            raise UserFacingError(f"The ranker's cost needs a ≥ 0 ms and c ≥ 0 ms; got a = {a!r}, c = {c!r}.")

    def ms(self, candidates: int | Array) -> float | Array:
        """Milliseconds to score ``candidates`` in one call."""
        return self.setup_ms + self.per_candidate_ms * np.asarray(candidates, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class RankerTiming:
    """Measured ``predict_proba`` times of one trained ranker, and the fitted line."""

    key: str
    batches: Array
    median_ms: Array
    cost: RankerCost

    @property
    def label(self) -> str:
        """The model's name."""
        return RANKERS[self.key].label


def fit_line(batches: Array, times_ms: Array) -> tuple[float, float]:
    """Least-squares a, c ≥ 0 of t(b) = a + c·b on relative errors (each point weighted by 1/t)."""
    b, t = np.asarray(batches, dtype=np.float64), np.asarray(times_ms, dtype=np.float64)
    design = np.column_stack([np.ones_like(b), b]) / t[:, None]
    (setup, per_row), _ = nnls(design, np.ones_like(t))
    return float(setup), float(per_row)


def measure_ranker(key: str) -> RankerTiming:
    """Train ranker ``key`` on synthetic (user, candidate) features and time ``predict_proba`` on one
    core, REPEATS times for each batch size in BATCHES, going round the sizes in turn."""
    model = entry(RANKERS, key, "ranker").make()
    features, y = make_classification(n_samples=3000, n_features=FEATURES, n_informative=12, random_state=0)
    inputs = [np.ascontiguousarray(features[:b]) for b in BATCHES]
    seconds = np.empty((REPEATS, len(BATCHES)))
    with one_thread():
        model.fit(features, y)
        for x in inputs:
            model.predict_proba(x)  # warm-up
        for r in range(REPEATS):
            for column, x in enumerate(inputs):
                start = time.perf_counter()
                model.predict_proba(x)
                seconds[r, column] = time.perf_counter() - start
    median = np.median(seconds, axis=0) * 1000.0
    setup, per_candidate = fit_line(np.array(BATCHES), median)
    cost = RankerCost(setup, per_candidate, f"measured: {RANKERS[key].label.lower()}")
    return RankerTiming(key, np.array(BATCHES), median, cost)


@locked_cache(maxsize=len(RANKERS))
def measured_ranker(key: str) -> RankerTiming:
    """``measure_ranker``, once per ranker in this process (every number on the page reads one line)."""
    return measure_ranker(key)
