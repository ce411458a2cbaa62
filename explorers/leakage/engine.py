"""The honest pipeline, in numpy: fast enough to refit per fold, per split strategy and per leak on every
slider move (scikit-learn's Pipeline costs ~50 ms per fold here in call overhead alone).

It reproduces, step for step, ``Pipeline([ColumnTransformer([("item", make_pipeline(TargetEncoder(cv=
KFold(5, shuffle=True, random_state=0)), StandardScaler()), [0]), ("numeric", make_pipeline(StandardScaler(),
SelectKBest(f_classif, k=16)), slice(1, None))]), KNeighborsClassifier(15, weights="distance")])``; the
tests check it against that very Pipeline with ``cross_val_score``. A step a leak already did outside the
pipeline (``encoded``, ``selected``) is skipped, as the Pipeline would pass that column through.

The model is k-nearest neighbours: a flexible learner that memorises what it has seen (a user's other
rows, a duplicate), as deep trees do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import KFold

NEIGHBOURS = 15
SELECTED = 16  # SelectKBest's k on the numeric columns
ENCODER_FOLDS = 5  # TargetEncoder's cross-fitting folds


# --------------------------------------------------------------------------- target encoding


def encodings(item: np.ndarray, y: np.ndarray, categories: int) -> tuple[np.ndarray, float]:
    """TargetEncoder's smooth="auto" encodings per category id (0..categories-1) and the target mean:
    lambda·category mean + (1 − lambda)·mean, lambda = n·var(y) / (n·var(y) + within-category variance)."""
    codes = item.astype(np.int64)
    counts = np.bincount(codes, minlength=categories).astype(float)
    sums = np.bincount(codes, weights=y, minlength=categories)
    squares = np.bincount(codes, weights=y * y, minlength=categories)
    mean, variance = float(np.mean(y)), float(np.var(y))
    seen = counts > 0
    means = np.where(seen, sums / np.where(seen, counts, 1.0), mean)
    within = np.where(seen, squares / np.where(seen, counts, 1.0) - means**2, 0.0)
    denominator = counts * variance + within
    weight = np.where(denominator > 0, counts * variance / np.where(denominator > 0, denominator, 1.0), 0.0)
    return weight * means + (1.0 - weight) * mean, mean


def cross_fitted(item: np.ndarray, y: np.ndarray, categories: int) -> np.ndarray:
    """TargetEncoder.fit_transform: each training row encoded by the other inner folds only."""
    out = np.empty(item.size)
    for train, held in KFold(ENCODER_FOLDS, shuffle=True, random_state=0).split(item):
        table, _ = encodings(item[train], y[train], categories)
        out[held] = table[item[held].astype(np.int64)]
    return out


# --------------------------------------------------------------------------- scaling and selection


def _scaler(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """StandardScaler's mean and scale (a constant column keeps scale 1)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    return mean, np.where(scale > 0, scale, 1.0)


def f_scores(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """f_classif's F statistic of each column for two classes; where it is undefined (a constant column)
    the lowest float, as SelectKBest ranks it."""
    groups = [x[y == label] for label in (0, 1)]
    mean = x.mean(axis=0)
    between = sum(g.shape[0] * (g.mean(axis=0) - mean) ** 2 for g in groups)
    within = sum(((g - g.mean(axis=0)) ** 2).sum(axis=0) for g in groups)
    dof = x.shape[0] - 2
    with np.errstate(divide="ignore", invalid="ignore"):
        f = (between / 1.0) / (within / dof)
    return np.nan_to_num(f, nan=np.finfo(float).min, posinf=np.finfo(float).max)


def selected(scores: np.ndarray, k: int | None = None) -> np.ndarray:
    """SelectKBest's mask: the k best scores (SELECTED by default), ties broken as its stable sort does."""
    k = SELECTED if k is None else k
    mask = np.zeros(scores.size, dtype=bool)
    mask[np.argsort(scores, kind="mergesort")[-min(k, scores.size) :]] = True
    return mask


# --------------------------------------------------------------------------- the fitted pipeline


@dataclass(frozen=True)
class Fitted:
    """Everything the pipeline learnt on its training rows, and their model inputs and labels."""

    encoded: bool  # the item column arrived already encoded (a leak did it)
    selected: bool  # the numeric columns arrived already scaled and selected (a leak did it)
    item_table: np.ndarray  # encoding per item id (when not ``encoded``)
    item_mean: float
    item_scale: tuple[float, float]  # the item column's scaler
    numeric_scale: tuple[np.ndarray, np.ndarray]
    keep: np.ndarray  # numeric columns kept
    inputs: np.ndarray  # the training rows as the model sees them
    y: np.ndarray

    def transform(self, x: np.ndarray) -> np.ndarray:
        """New rows as the model sees them: encoded, scaled item, then the kept numeric columns."""
        if self.encoded:
            item = x[:, 0]
        else:
            codes = x[:, 0].astype(np.int64)
            known = (codes >= 0) & (codes < self.item_table.size)
            item = np.where(
                known, self.item_table[np.clip(codes, 0, self.item_table.size - 1)], self.item_mean
            )
        numeric = x[:, 1:] if self.selected else (x[:, 1:] - self.numeric_scale[0]) / self.numeric_scale[1]
        mean, scale = self.item_scale
        return np.column_stack([(item - mean) / scale, numeric[:, self.keep]])


def fit(x: np.ndarray, y: np.ndarray, *, encoded: bool, selected_before: bool, categories: int) -> Fitted:
    """Fit the pipeline on training rows ``x`` (column 0 the item, then the numeric columns)."""
    y = np.asarray(y, dtype=float)
    if encoded:
        table, mean, item = np.zeros(0), float(np.mean(y)), x[:, 0]
    else:
        table, mean = encodings(x[:, 0], y, categories)
        item = cross_fitted(x[:, 0], y, categories)
    item_mean, item_scale = _scaler(item[:, None])
    if selected_before:
        numeric_scale = (np.zeros(x.shape[1] - 1), np.ones(x.shape[1] - 1))
        keep = np.ones(x.shape[1] - 1, dtype=bool)
        numeric = x[:, 1:]
    else:
        numeric_scale = _scaler(x[:, 1:])
        numeric = (x[:, 1:] - numeric_scale[0]) / numeric_scale[1]
        keep = selected(f_scores(numeric, y))
    inputs = np.column_stack([(item - item_mean[0]) / item_scale[0], numeric[:, keep]])
    return Fitted(
        encoded, selected_before, table, mean, (float(item_mean[0]), float(item_scale[0])),
        numeric_scale, keep, inputs, y,
    )  # fmt: skip


def neighbours_proba(train: np.ndarray, labels: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """KNeighborsClassifier(NEIGHBOURS, weights="distance").predict_proba(rows)[:, 1]: the inverse-distance
    weighted share of positives among the nearest training rows (an exact match takes all the weight)."""
    k = min(NEIGHBOURS, train.shape[0])
    squared = (train**2).sum(axis=1)[None, :] - 2.0 * rows @ train.T  # + |row|², which ranks nothing
    nearest = np.argpartition(squared, k - 1, axis=1)[:, :k]
    own = (rows**2).sum(axis=1)[:, None]
    d = np.sqrt(np.maximum(np.take_along_axis(squared, nearest, axis=1) + own, 0.0))
    exact = d == 0
    with np.errstate(divide="ignore"):
        weight = np.where(exact.any(axis=1, keepdims=True), exact.astype(float), 1.0 / d)
    return (weight * labels[nearest]).sum(axis=1) / weight.sum(axis=1)


def predict(fitted: Fitted, x: np.ndarray) -> np.ndarray:
    """P(label 1) for new rows."""
    return neighbours_proba(fitted.inputs, fitted.y, fitted.transform(x))


def auc(y: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count half): roc_auc_score's value."""
    from scipy.stats import rankdata

    y = np.asarray(y)
    ranks = rankdata(scores)
    positives = int(y.sum())
    negatives = y.size - positives
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def permutation_drops(
    fitted: Fitted, inputs: np.ndarray, y: np.ndarray, repeats: int, seed: int
) -> np.ndarray:
    """(columns, repeats): the AUC lost when each model input column is shuffled, as
    sklearn.inspection.permutation_importance measures it."""
    base = auc(y, neighbours_proba(fitted.inputs, fitted.y, inputs))
    rng = np.random.default_rng([int(seed), 5])
    drops = np.empty((inputs.shape[1], repeats))
    for column in range(inputs.shape[1]):
        shuffled = inputs.copy()
        for r in range(repeats):
            shuffled[:, column] = inputs[rng.permutation(inputs.shape[0]), column]
            drops[column, r] = base - auc(y, neighbours_proba(fitted.inputs, fitted.y, shuffled))
    return drops
