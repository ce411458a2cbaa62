"""``load``: build a dataset with exact class counts and rows shuffled by seed."""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

from datasets import synthetic, tabular
from datasets.base import MAX_SAMPLES, MIN_SAMPLES, Dataset, DatasetInfo, Remedy, format_fraction
from datasets.errors import DatasetError
from datasets.registry import DEFAULT_N_SAMPLES, DEFAULT_NOISE, DEFAULT_POSITIVE_FRACTION, registry_info
from datasets.user import UserData

Arrays = tuple[np.ndarray, np.ndarray]
Source = str | UserData  # a registry key, or data the user uploaded


def get_info(source: Source) -> DatasetInfo:
    """The description of a registry key or of uploaded data; DatasetError for an unknown key."""
    if isinstance(source, UserData):
        return source.info
    return registry_info(source)


def load(
    key: Source,
    *,
    n_samples: int | None = None,
    positive_fraction: float | None = None,
    seed: int = 0,
    remedy: Remedy | None = None,
) -> Dataset:
    """Load dataset ``key`` (a registry key or uploaded data): exact class counts, rows shuffled by
    ``seed``. A positive fraction no rows can honour raises DatasetError with ``remedy``'s advice
    (the page's own control) when given."""
    info = get_info(key)
    _check_request(n_samples, positive_fraction, seed)
    # The first of two spawned streams: the draws every seed has always made.
    data_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[0])
    if info.kind == "synthetic":
        features, y = _synthetic(info, n_samples, positive_fraction, data_rng)
        names = synthetic.FEATURE_NAMES
    else:
        features, y, names = _tabular(key, n_samples, positive_fraction, data_rng, remedy)
    return Dataset(info=info, X=np.ascontiguousarray(features, dtype=np.float64), y=y, feature_names=names)


def _check_request(n_samples: int | None, positive_fraction: float | None, seed: int) -> None:
    """Raise DatasetError for out-of-range arguments shared by every dataset."""
    if n_samples is not None and not (
        isinstance(n_samples, Integral) and MIN_SAMPLES <= n_samples <= MAX_SAMPLES
    ):
        raise DatasetError(
            f"The number of samples must be a whole number from {MIN_SAMPLES} to {MAX_SAMPLES:,}; "
            f"got {n_samples!r}."
        )
    if positive_fraction is not None and not (
        isinstance(positive_fraction, Real) and 0 < positive_fraction < 1
    ):
        raise DatasetError(
            "The positive fraction must be strictly between 0 and 1 (e.g. 0.1 for 10%); "
            f"got {positive_fraction!r}."
        )
    if not (isinstance(seed, Integral) and seed >= 0):
        raise DatasetError(f"The random seed must be a non-negative whole number; got {seed!r}.")


def _has_class(n_samples: int, positive_fraction: float, cls: str) -> bool:
    """Whether ``n_samples`` rows at ``positive_fraction`` keep at least one sample of class ``cls``."""
    n_pos = round(n_samples * positive_fraction)
    return n_pos >= 1 if cls == "positive" else n_samples - n_pos >= 1


def _min_samples_for(positive_fraction: float, cls: str) -> int:
    """Smallest allowed sample size that keeps at least one sample of class ``cls``."""
    share = positive_fraction if cls == "positive" else 1 - positive_fraction
    n = max(MIN_SAMPLES, math.ceil(0.5 / share - 1e-9))
    while n <= MAX_SAMPLES and not _has_class(n, positive_fraction, cls):
        n += 1
    return n


def empty_class_message(positive_fraction: float, n_samples: int, empty: str) -> str:
    """Message for a request that leaves the ``empty`` class ("positive"/"negative") with no samples."""
    direction = "larger" if empty == "positive" else "smaller"
    needed = _min_samples_for(positive_fraction, empty)
    stem = (
        f"A positive fraction of {format_fraction(positive_fraction)} of {n_samples:,} samples "
        f"leaves no {empty} samples"
    )
    if needed > MAX_SAMPLES:
        return f"{stem}; use a {direction} positive fraction."
    return f"{stem}; use at least {needed:,} samples or a {direction} fraction."


def planned_counts(n_samples: int, positive_fraction: float) -> tuple[int, int]:
    """(n_neg, n_pos) with n_pos = round(n_samples * positive_fraction); both must be at least 1."""
    n_pos = round(n_samples * positive_fraction)
    n_neg = n_samples - n_pos
    if n_pos == 0 or n_neg == 0:
        empty = "positive" if n_pos == 0 else "negative"
        raise DatasetError(empty_class_message(positive_fraction, n_samples, empty))
    return n_neg, n_pos


def _synthetic(
    info: DatasetInfo,
    n_samples: int | None,
    positive_fraction: float | None,
    rng: np.random.Generator,
) -> Arrays:
    """Generate a synthetic dataset with exact class counts and its default noise, shuffled."""
    n = DEFAULT_N_SAMPLES if n_samples is None else int(n_samples)
    fraction = DEFAULT_POSITIVE_FRACTION if positive_fraction is None else float(positive_fraction)
    n_neg, n_pos = planned_counts(n, fraction)
    features, y = synthetic.GENERATORS[info.key](n_neg, n_pos, DEFAULT_NOISE[info.key], rng)
    order = rng.permutation(y.size)
    return features[order], y[order]


def _largest_counts(n_pos_all: int, n_neg_all: int, cap: int, fraction: float) -> tuple[int, int]:
    """(n_neg, n_pos) for the largest n <= cap with round(n * fraction) positives available."""
    for n in range(cap, 0, -1):
        n_pos = round(n * fraction)
        if n_pos <= n_pos_all and n - n_pos <= n_neg_all:
            return n - n_pos, n_pos
    return 0, 0


def tabular_counts(
    n_pos_all: int,
    n_neg_all: int,
    n_samples: int | None,
    fraction: float | None,
    remedy: Remedy | None = None,
) -> tuple[int, int]:
    """(n_neg, n_pos) to draw from a table with the given class sizes, capped at ``n_samples`` rows."""
    total = n_pos_all + n_neg_all
    cap = total if n_samples is None else min(int(n_samples), total)
    if fraction is None:
        n_pos = round(cap * n_pos_all / total)
        return cap - n_pos, n_pos
    n_neg, n_pos = _largest_counts(n_pos_all, n_neg_all, cap, fraction)
    if n_pos > 0 and n_neg > 0:
        return n_neg, n_pos
    empty = "positive" if n_pos == 0 else "negative"
    full_neg, full_pos = _largest_counts(n_pos_all, n_neg_all, total, fraction)
    if n_samples is not None and full_pos > 0 and full_neg > 0:
        raise DatasetError(empty_class_message(fraction, cap, empty))
    direction = "larger" if empty == "positive" else "smaller"
    advice = f"use a {direction} positive fraction" if remedy is None else remedy.advice(empty)
    raise DatasetError(
        f"A positive fraction of {format_fraction(fraction)} leaves no {empty} samples even using all "
        f"{total:,} rows of this dataset; {advice}."
    )


def _whole_table(source: Source) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Every row of a bundled or uploaded table: features, labels, feature names."""
    if isinstance(source, UserData):
        return source.X, source.y, source.feature_names
    return tabular.LOADERS[source]()


def _tabular(
    source: Source,
    n_samples: int | None,
    positive_fraction: float | None,
    rng: np.random.Generator,
    remedy: Remedy | None,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Draw a stratified, shuffled subsample of a table with the requested class counts."""
    features, y_all, names = _whole_table(source)
    pos_rows, neg_rows = np.flatnonzero(y_all == 1), np.flatnonzero(y_all == 0)
    fraction = None if positive_fraction is None else float(positive_fraction)
    n_neg, n_pos = tabular_counts(pos_rows.size, neg_rows.size, n_samples, fraction, remedy)
    chosen = np.concatenate(
        [rng.choice(neg_rows, size=n_neg, replace=False), rng.choice(pos_rows, size=n_pos, replace=False)]
    )
    rows = rng.permutation(chosen)
    return features[rows], y_all[rows].copy(), names
