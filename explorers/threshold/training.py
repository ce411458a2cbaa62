"""The expensive part: one model per (dataset, model, class balance, seed), with its scores.

Every other control only reads the cached validation scores, so the reading path is a few
milliseconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

import datasets
from explorers.common import one_thread
from explorers.models import Classifier, make_model

VAL_FRACTION = 0.2  # of all rows, to choose the threshold on
TEST_FRACTION = 0.2  # of all rows, touched only to report one number


@dataclass(frozen=True, eq=False)
class ScoredModel:
    """A fitted model with its validation scores (to choose a threshold) and test scores (to report)."""

    model: Classifier
    dataset_name: str
    positive_label: str
    negative_label: str
    X_val: np.ndarray
    y_val: np.ndarray
    val_scores: np.ndarray
    y_test: np.ndarray
    test_scores: np.ndarray
    n_train: int
    fit_seconds: float


# The page's one control that changes how many rows of each class are used.
REMEDY = datasets.Remedy(
    more_positive="raise the Positive-class share", more_negative="lower the Positive-class share"
)


def split_text() -> str:
    """The split as people write it: '60/20/20'."""
    train = 1.0 - VAL_FRACTION - TEST_FRACTION
    return "/".join(f"{100 * share:.0f}" for share in (train, VAL_FRACTION, TEST_FRACTION))


def _positive_scores(model: Classifier, features: np.ndarray) -> np.ndarray:
    """P(positive) for each row of ``features``."""
    with one_thread():
        return np.ascontiguousarray(model.predict_proba(features)[:, 1], dtype=np.float64)


def train_and_score(
    dataset_key: datasets.Source, model: str, positive_fraction: float, seed: int
) -> ScoredModel:
    """Load the data, split train/validation/test (stratified), fit ``model`` on train and score
    validation and test."""
    estimator = make_model(model, seed)
    data = datasets.load(dataset_key, positive_fraction=positive_fraction, seed=seed, remedy=REMEDY)
    parts = datasets.split(
        data, test_fraction=TEST_FRACTION, val_fraction=VAL_FRACTION, seed=seed, remedy=REMEDY
    )
    start = time.perf_counter()
    with one_thread():
        estimator.fit(parts.X_train, parts.y_train)
    fit_seconds = time.perf_counter() - start
    return ScoredModel(
        model=estimator,
        dataset_name=data.info.name,
        positive_label=data.info.positive_label,
        negative_label=data.info.negative_label,
        X_val=parts.X_val,
        y_val=parts.y_val,
        val_scores=_positive_scores(estimator, parts.X_val),
        y_test=parts.y_test,
        test_scores=_positive_scores(estimator, parts.X_test),
        n_train=int(parts.y_train.size),
        fit_seconds=fit_seconds,
    )
