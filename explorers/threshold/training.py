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
# Positive-class shares tried, in order, when a small table cannot give every split both classes
# at the share asked for.
FALLBACK_BALANCES: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3, 0.5)


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
    balance_asked: float | None = None  # the share asked for, when the data could not give it
    balance_used: float | None = None  # the share used instead
    balance_reason: str | None = None  # why the share asked for could not be split, with the data's counts

    @property
    def balance_notice(self) -> str | None:
        """Why the positive-class share differs from the one asked for (None when it does not)."""
        if self.balance_asked is None or self.balance_used is None:
            return None
        reason = self.balance_reason or (
            f"{self.dataset_name} has too few rows for {self.balance_asked:.0%} positives in every split "
            "(train, validation and test each need both classes)."
        )
        used = f"{self.balance_used:.0%}"
        return f"{reason} Meanwhile the model uses {used} positives, the nearest share that splits."


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


def _split(
    dataset_key: datasets.Source, positive_fraction: float, seed: int
) -> tuple[datasets.Dataset, datasets.Split]:
    """The data at ``positive_fraction`` positives, split train/validation/test (stratified)."""
    data = datasets.load(dataset_key, positive_fraction=positive_fraction, seed=seed, remedy=REMEDY)
    parts = datasets.split(
        data, test_fraction=TEST_FRACTION, val_fraction=VAL_FRACTION, seed=seed, remedy=REMEDY
    )
    return data, parts


def _split_or_fall_back(
    dataset_key: datasets.Source, positive_fraction: float, seed: int
) -> tuple[datasets.Dataset, datasets.Split, float | None, str | None]:
    """``_split`` at the share asked for, or at the first larger share of FALLBACK_BALANCES that gives
    every split both classes: that share and why the one asked for failed (None, None when it worked)."""
    try:
        return (*_split(dataset_key, positive_fraction, seed), None, None)
    except datasets.DatasetError as problem:
        for balance in (b for b in FALLBACK_BALANCES if b > positive_fraction):
            try:
                return (*_split(dataset_key, balance, seed), balance, str(problem))
            except datasets.DatasetError:
                continue
        raise


def train_and_score(
    dataset_key: datasets.Source, model: str, positive_fraction: float, seed: int
) -> ScoredModel:
    """Load the data, split train/validation/test (stratified), fit ``model`` on train and score
    validation and test; a share of positives the data cannot split is raised (``balance_notice``)."""
    estimator = make_model(model, seed)
    data, parts, fallback, reason = _split_or_fall_back(dataset_key, positive_fraction, seed)
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
        balance_asked=None if fallback is None else positive_fraction,
        balance_used=fallback,
        balance_reason=reason,
    )
