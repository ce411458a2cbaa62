"""Training one model on the prepared data and measuring it: scores, probabilities, its output on
the chart's grid, and what it costs to fit and to query (CPU time on one thread)."""

from __future__ import annotations

import statistics
import time
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss
from sklearn.pipeline import Pipeline

import datasets
from explorers import metrics
from explorers.common import one_thread
from explorers.lr_vs_svm.data import PreparedData, frozen, prepare_data
from explorers.lr_vs_svm.specs import ModelSpec

LATENCY_REPEATS = 15
BATCH_ROWS = 1000  # the batch cost is quoted per this many rows


def fit_quietly(estimator: object, features: np.ndarray, y: np.ndarray) -> tuple[bool, float]:
    """Fit on one thread; (whether the solver converged, CPU seconds the fit took).

    CPU time of this thread, not wall time: other work on a shared machine does not inflate it, and
    with every library limited to this one thread it is what the fit costs.

    Non-convergence is expected at extreme settings (no scaling, huge C): it is reported, not raised.
    """
    with warnings.catch_warnings(record=True) as caught, one_thread():
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.thread_time()
        estimator.fit(features, y)  # type: ignore[attr-defined]
        seconds = time.thread_time() - start
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return converged, seconds


def fit_repeats(first_fit_seconds: float) -> int:
    """How many fits to time: several for fast models, one for a slow one."""
    if first_fit_seconds < 0.02:
        return 3
    return 2 if first_fit_seconds < 0.1 else 1


def timed_fit(spec: ModelSpec, features: np.ndarray, y: np.ndarray) -> tuple[Pipeline, float, int, bool]:
    """(fitted model, median fit seconds, repeats, converged): the model is fitted a few times."""
    times: list[float] = []
    while True:
        model = spec.build()
        converged, seconds = fit_quietly(model, features, y)
        times.append(seconds)
        if len(times) >= fit_repeats(times[0]):
            return model, statistics.median(times), len(times), converged


def single_row_latency(model: Pipeline, row: np.ndarray, repeats: int = LATENCY_REPEATS) -> float:
    """Median CPU seconds of ``model.predict`` on one row (as a service answering one request would)."""
    one = np.asarray(row, dtype=float).reshape(1, -1)
    times = []
    with one_thread():
        for _ in range(repeats):
            start = time.thread_time()
            model.predict(one)
            times.append(time.thread_time() - start)
    return statistics.median(times)


@dataclass(frozen=True, eq=False)
class FittedModel:
    """One trained model with its scores, costs and its output on the chart's grid."""

    spec: ModelSpec
    estimator: Pipeline
    train_accuracy: float
    test_accuracy: float
    test_probability: np.ndarray  # P(positive) on the test set: LR's own, the SVM's calibrated
    test_log_loss: float
    test_brier: float
    grid_values: np.ndarray  # on the chart grid: LR's P(positive), the SVM's decision function
    fit_seconds: float
    fit_repeats: int
    latency_seconds: float
    batch_seconds: float  # CPU time to score BATCH_ROWS rows at once (measured on the chart grid)
    n_model_features: int  # columns the final classifier sees (after any polynomial expansion)
    converged: bool
    support_indices: np.ndarray  # rows of the training set that are support vectors (empty for LR)
    raw_test_probability: np.ndarray | None = None  # SVM: expit(margin), NOT a probability
    raw_brier: float = float("nan")  # SVM: Brier score of expit(margin)

    @property
    def n_support(self) -> int:
        """Number of support vectors (0 for logistic regression)."""
        return int(self.support_indices.size)

    @property
    def n_coefficients(self) -> int:
        """The numbers a linear model keeps: one weight per (expanded) feature and the intercept."""
        return self.n_model_features + 1

    @property
    def label(self) -> str:
        """Short name for charts."""
        return self.spec.label


def _scores(model: Pipeline, data: PreparedData) -> tuple[float, float]:
    """(train accuracy, test accuracy) of a fitted model."""
    with one_thread():
        train = accuracy_score(data.y_train, model.predict(data.X_train))
        test = accuracy_score(data.y_test, model.predict(data.X_test))
    return float(train), float(test)


def _probability_model(spec: ModelSpec, model: Pipeline, data: PreparedData, seed: int) -> object:
    """What gives P(positive): the spec's calibrator fitted on the training rows, or the model itself."""
    calibrator = spec.calibrator(seed)
    if calibrator is None:
        return model
    fit_quietly(calibrator, data.X_train, data.y_train)
    return calibrator


def fit_model(
    spec: ModelSpec, dataset_key: datasets.Source, n_train: int, outlier_fraction: float, seed: int
) -> FittedModel:
    """Train ``spec`` on the prepared data, score and time it (the work cached per model)."""
    data = prepare_data(dataset_key, n_train, outlier_fraction, seed)
    spec.check(data.n_features)
    model, seconds, repeats, converged = timed_fit(spec, data.X_train, data.y_train)
    probabilities = _probability_model(spec, model, data, seed)
    train_acc, test_acc = _scores(model, data)
    with one_thread():
        p_test = probabilities.predict_proba(data.X_test)[:, 1]  # type: ignore[attr-defined]
        raw = spec.raw_probability(model, data.X_test)
        start = time.thread_time()
        grid_values = spec.grid_scores(model, data.grid.feature_points)
        batch = (time.thread_time() - start) * BATCH_ROWS / len(grid_values)
    return FittedModel(
        spec=spec,
        estimator=model,
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        test_probability=frozen(p_test),
        test_log_loss=float(log_loss(data.y_test, p_test, labels=[0, 1])),
        test_brier=metrics.brier(data.y_test, p_test),
        grid_values=frozen(grid_values),
        fit_seconds=seconds,
        fit_repeats=repeats,
        latency_seconds=single_row_latency(model, data.X_test[0]),
        batch_seconds=batch,
        n_model_features=spec.width(model, data.n_features),
        converged=converged,
        support_indices=frozen(spec.support(model)),
        raw_test_probability=None if raw is None else frozen(raw),
        raw_brier=float("nan") if raw is None else metrics.brier(data.y_test, raw),
    )
