"""Real tabular datasets bundled with scikit-learn, made binary; loaded offline and cached."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits

RawData = tuple[np.ndarray, np.ndarray, tuple[str, ...]]


def _freeze(data: np.ndarray, target: np.ndarray, names: Iterable[object]) -> RawData:
    """Read-only float64 features, int64 labels and a tuple of feature names."""
    features = np.asarray(data, dtype=np.float64).copy()
    labels = np.asarray(target, dtype=np.int64).copy()
    features.setflags(write=False)
    labels.setflags(write=False)
    return features, labels, tuple(str(name) for name in names)


@cache
def breast_cancer() -> RawData:
    """Breast cancer Wisconsin; y = 1 for malignant (sklearn's target 0)."""
    bunch = load_breast_cancer()
    return _freeze(bunch.data, 1 - bunch.target, bunch.feature_names)


@cache
def diabetes() -> RawData:
    """Diabetes; y = 1 when disease progression is above its 75th percentile."""
    bunch = load_diabetes()
    threshold = np.percentile(bunch.target, 75)
    return _freeze(bunch.data, bunch.target > threshold, bunch.feature_names)


@cache
def digits() -> RawData:
    """Digits; y = 1 for the digit 9, 0 for every other digit."""
    bunch = load_digits()
    return _freeze(bunch.data, bunch.target == 9, bunch.feature_names)


LOADERS: dict[str, Callable[[], RawData]] = {
    "breast_cancer": breast_cancer,
    "diabetes": diabetes,
    "digits": digits,
}
