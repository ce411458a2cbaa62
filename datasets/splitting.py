"""``split``: stratified, seeded train / validation / test partition of a dataset."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.model_selection import train_test_split

from datasets.base import Dataset, Split, label_counts
from datasets.errors import DatasetError

Indices = tuple[np.ndarray, np.ndarray, np.ndarray]


def split(
    dataset: Dataset,
    *,
    test_fraction: float = 0.25,
    val_fraction: float = 0.0,
    seed: int = 0,
    min_per_class: int = 2,
) -> Split:
    """Stratified split into train / val / test; each part gets at least ``min_per_class`` of each class."""
    _check_fractions(test_fraction, val_fraction)
    if not (isinstance(seed, Integral) and seed >= 0):
        raise DatasetError(f"The random seed must be a non-negative whole number; got {seed!r}.")
    y = dataset.y
    try:
        train, val, test = _split_indices(y, float(test_fraction), float(val_fraction), int(seed))
    except ValueError as exc:
        raise DatasetError(_too_few_message(y, min_per_class)) from exc
    parts = {"training": train, "test": test}
    if val_fraction > 0:
        parts["validation"] = val
    for part, rows in parts.items():
        _check_part(y, rows, part, min_per_class)
    features = dataset.X
    return Split(features[train], y[train], features[val], y[val], features[test], y[test])


def _check_fractions(test_fraction: float, val_fraction: float) -> None:
    """Raise DatasetError unless 0 < test, 0 <= val and test + val < 1."""
    if not (isinstance(test_fraction, Real) and 0 < test_fraction < 1):
        raise DatasetError(f"The test fraction must be strictly between 0 and 1; got {test_fraction!r}.")
    if not (isinstance(val_fraction, Real) and 0 <= val_fraction < 1):
        raise DatasetError(f"The validation fraction must be at least 0 and below 1; got {val_fraction!r}.")
    if test_fraction + val_fraction >= 1:
        raise DatasetError(
            f"The test and validation fractions add up to {test_fraction + val_fraction:.2f}, leaving no "
            "training data; make their sum smaller than 1."
        )


def _split_indices(y: np.ndarray, test_fraction: float, val_fraction: float, seed: int) -> Indices:
    """Row indices of the train, val and test parts (two stratified stages when val_fraction > 0)."""
    states = np.random.default_rng(seed).integers(0, 2**31 - 1, size=2)
    rows = np.arange(y.size)
    rest, test = train_test_split(rows, test_size=test_fraction, stratify=y, random_state=int(states[0]))
    if val_fraction == 0:
        return np.sort(rest), np.empty(0, dtype=rows.dtype), np.sort(test)
    relative = val_fraction / (1 - test_fraction)
    train, val = train_test_split(rest, test_size=relative, stratify=y[rest], random_state=int(states[1]))
    return np.sort(train), np.sort(val), np.sort(test)


def _advice(y: np.ndarray) -> tuple[str, int, str]:
    """The rarer class, its size, and which way to move the positive fraction to get more of it."""
    n_neg, n_pos = label_counts(y)
    if n_pos <= n_neg:
        return "positive", n_pos, "larger"
    return "negative", n_neg, "smaller"


def _samples(count: int, cls: str) -> str:
    """E.g. '1 positive sample' or '3 negative samples'."""
    return f"{count} {cls} sample{'' if count == 1 else 's'}"


def _too_few_message(y: np.ndarray, min_per_class: int) -> str:
    """Message for data too small to stratify at all."""
    cls, available, direction = _advice(y)
    needed = max(min_per_class, 1)
    return (
        f"The data has only {_samples(available, cls)}, too few to give every split part at least "
        f"{needed} of them; use a larger sample size or a {direction} positive fraction."
    )


def _check_part(y: np.ndarray, rows: np.ndarray, part: str, min_per_class: int) -> None:
    """Raise DatasetError if part ``part`` has fewer than ``min_per_class`` samples of either class."""
    n_neg, n_pos = label_counts(y[rows])
    for cls, count in (("positive", n_pos), ("negative", n_neg)):
        if count < min_per_class:
            total = label_counts(y)[1 if cls == "positive" else 0]
            direction = "larger" if cls == "positive" else "smaller"
            raise DatasetError(
                f"The {part} set would get only {_samples(count, cls)} "
                f"(at least {min_per_class} needed) "
                f"because the data has {total} {cls} samples in all; use a larger sample size or a "
                f"{direction} positive fraction."
            )
