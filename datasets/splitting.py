"""``split``: stratified, seeded train / validation / test partition of a dataset."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.model_selection import train_test_split

from datasets.base import Dataset, DatasetInfo, Remedy, Split, label_counts
from datasets.errors import DatasetError

Indices = tuple[np.ndarray, np.ndarray, np.ndarray]
DEFAULT_REMEDY = Remedy()


def split(
    dataset: Dataset,
    *,
    test_fraction: float = 0.25,
    val_fraction: float = 0.0,
    seed: int = 0,
    min_per_class: int = 2,
    remedy: Remedy = DEFAULT_REMEDY,
) -> Split:
    """Stratified split into train / val / test; each part gets at least ``min_per_class`` of each class.
    A part that would not raises DatasetError with the data's real counts and ``remedy``'s advice."""
    _check_fractions(test_fraction, val_fraction)
    if not (isinstance(seed, Integral) and seed >= 0):
        raise DatasetError(f"The random seed must be a non-negative whole number; got {seed!r}.")
    y = dataset.y
    try:
        train, val, test = _split_indices(y, float(test_fraction), float(val_fraction), int(seed))
    except ValueError as exc:
        raise DatasetError(_too_few_message(dataset, min_per_class, remedy)) from exc
    parts = {"training": train, "test": test}
    if val_fraction > 0:
        parts["validation"] = val
    for part, rows in parts.items():
        _check_part(dataset, rows, part, min_per_class, remedy)
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


def _rarer(y: np.ndarray) -> tuple[str, int]:
    """The rarer class ("positive" or "negative") and its size."""
    n_neg, n_pos = label_counts(y)
    return ("positive", n_pos) if n_pos <= n_neg else ("negative", n_neg)


def _samples(count: int, cls: str) -> str:
    """E.g. '1 positive sample' or '3 negative samples'."""
    return f"{count} {cls} sample{'' if count == 1 else 's'}"


def _in_source(info: DatasetInfo, cls: str) -> int | None:
    """Rows of class ``cls`` in the whole table (None for generated data: any amount)."""
    if info.n_rows is None or info.natural_positive_fraction is None:
        return None
    n_pos = round(info.n_rows * info.natural_positive_fraction)
    return n_pos if cls == "positive" else info.n_rows - n_pos


def _held(dataset: Dataset, cls: str, remedy: Remedy) -> str:
    """How many ``cls`` samples the data holds, of how many in its table, and what to do."""
    info = dataset.info
    count = label_counts(dataset.y)[1 if cls == "positive" else 0]
    label = info.positive_label if cls == "positive" else info.negative_label
    available = _in_source(info, cls)
    held = f"the {dataset.n_samples:,} rows used hold {_samples(count, cls)} ('{label}')"
    if available is None:
        return f"the data has {_samples(count, cls)} in all; {remedy.advice(cls)}"
    if count < available:
        where = "file" if info.uploaded else "table"
        return f"{held}, of the {available:,} in the {where}; {remedy.advice(cls)}"
    if info.uploaded:
        return f"{held}, all the file has; add rows of that class to the file or pick another positive class"
    return f"{held}, all the table has; pick another dataset"


def _too_few_message(dataset: Dataset, min_per_class: int, remedy: Remedy) -> str:
    """Message for data too small to stratify at all."""
    cls, _ = _rarer(dataset.y)
    needed = max(min_per_class, 1)
    return (
        f"Too few {cls} samples to give every split part at least {needed} of them: "
        f"{_held(dataset, cls, remedy)}."
    )


def _check_part(dataset: Dataset, rows: np.ndarray, part: str, min_per_class: int, remedy: Remedy) -> None:
    """Raise DatasetError if part ``part`` has fewer than ``min_per_class`` samples of either class."""
    n_neg, n_pos = label_counts(dataset.y[rows])
    for cls, count in (("positive", n_pos), ("negative", n_neg)):
        if count < min_per_class:
            raise DatasetError(
                f"The {part} set would get only {_samples(count, cls)} (at least {min_per_class} needed) "
                f"because {_held(dataset, cls, remedy)}."
            )
