"""The page's cached units of work: the offline cross-validated estimate of one split strategy, the
production score, and permutation importance, each for one set of leaks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from datasets.errors import UserFacingError
from explorers.common import one_thread
from explorers.leakage import engine
from explorers.leakage.data import ITEM_NAME, ITEMS, generate
from explorers.leakage.leaks import Prepared, normalised, prepare
from explorers.leakage.splits import folds, roles

REPEATS = 3  # permutation importance shuffles per column


def prepared_data(rows_per_user: int, drift: float, seed: int, leaks: tuple[str, ...]) -> Prepared:
    """The log and production period for these settings, with ``leaks`` applied to the log."""
    return prepare(generate(rows_per_user, drift, seed), normalised(leaks), seed)


def fitted(data: Prepared, rows: np.ndarray | slice = slice(None)) -> engine.Fitted:
    """The pipeline fitted on the log's ``rows``."""
    return engine.fit(
        data.X[rows], data.y[rows], encoded=data.encoded, selected_before=data.selected, categories=ITEMS
    )


def _both_classes(y: np.ndarray, where: str) -> None:
    if np.unique(y).size < 2:
        raise UserFacingError(f"The {where} holds only one class with these settings; try another seed.")


@dataclass(frozen=True)
class Estimate:
    """One split strategy's cross-validated AUC on the log, fold by fold, and each row's role per fold."""

    split: str
    leaks: tuple[str, ...]
    fold_aucs: np.ndarray
    roles: np.ndarray  # (folds, rows): TRAIN, VALIDATION or UNUSED
    time: np.ndarray  # each log row's day
    user: np.ndarray  # each log row's user

    @property
    def auc(self) -> float:
        """The offline estimate: the mean AUC over the folds (what cross_val_score averages)."""
        return float(np.mean(self.fold_aucs))


def cross_validated(
    rows_per_user: int, drift: float, seed: int, leaks: tuple[str, ...], split: str
) -> Estimate:
    """The offline estimate: the pipeline refitted on each fold's training rows, scored (AUC) on its
    validation rows."""
    data = prepared_data(rows_per_user, drift, seed, leaks)
    made = folds(split, data.y.size, data.user, seed)
    scores = []
    with one_thread():
        for train, validation in made:
            _both_classes(data.y[validation], "a validation fold")
            _both_classes(data.y[train], "a training fold")
            predicted = engine.predict(fitted(data, train), data.X[validation])
            scores.append(engine.auc(data.y[validation], predicted))
    return Estimate(split, data.leaks, np.array(scores), roles(made, data.y.size), data.time, data.user)


@dataclass(frozen=True)
class Production:
    """The model trained on the whole log, scored on the later production period."""

    leaks: tuple[str, ...]
    auc: float
    rows: int
    positives: int
    log_rows: int
    log_users: int
    time: np.ndarray  # each production row's day
    user: np.ndarray  # each production row's user


def production_score(rows_per_user: int, drift: float, seed: int, leaks: tuple[str, ...]) -> Production:
    """Fit the pipeline on the whole log (leaks included), then score the production period."""
    data = prepared_data(rows_per_user, drift, seed, leaks)
    y = data.y_production
    _both_classes(y, "production period")
    with one_thread():
        scores = engine.predict(fitted(data), data.X_production)
    return Production(
        data.leaks,
        engine.auc(y, scores),
        int(y.size),
        int(y.sum()),
        int(data.y.size),
        int(np.unique(data.user).size),
        data.time_production,
        data.user_production,
    )


@dataclass(frozen=True)
class Importance:
    """Permutation importance (AUC lost when a column is shuffled) of the model's input columns on the
    last fold of a split, largest first."""

    names: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    split: str
    leaks: tuple[str, ...]


def importance(rows_per_user: int, drift: float, seed: int, leaks: tuple[str, ...], split: str) -> Importance:
    """Fit on the last fold's training rows, then shuffle each model input column of its validation rows
    ``REPEATS`` times and measure the AUC lost."""
    data = prepared_data(rows_per_user, drift, seed, leaks)
    train, validation = folds(split, data.y.size, data.user, seed)[-1]
    _both_classes(data.y[validation], "last validation fold")
    with one_thread():
        model = fitted(data, train)
        inputs = model.transform(data.X[validation])
        drops = engine.permutation_drops(model, inputs, data.y[validation], REPEATS, seed)
    numeric = np.array(data.numeric_names)[model.keep]
    names = (ITEM_NAME, *numeric.tolist())
    mean, std = drops.mean(axis=1), drops.std(axis=1)
    order = np.argsort(-mean, kind="stable")
    return Importance(tuple(names[i] for i in order), mean[order], std[order], split, data.leaks)
