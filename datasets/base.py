"""Core types of the dataset registry: dataset metadata, datasets and splits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Kind = Literal["synthetic", "tabular"]

MIN_SAMPLES = 20
MAX_SAMPLES = 20_000


@dataclass(frozen=True)
class DatasetInfo:
    """Static description of one registry entry."""

    key: str
    name: str
    description: str
    kind: Kind
    positive_label: str
    negative_label: str
    natural_positive_fraction: float | None
    n_rows: int | None
    n_features: int
    uploaded: bool = False  # the user's own file: more rows come from the file, not a control


@dataclass(frozen=True)
class Remedy:
    """What a page's own controls do about a class with too few rows: one instruction per class,
    naming the control (e.g. "raise the Positive-class share")."""

    more_positive: str = "use a larger sample size or a larger positive fraction"
    more_negative: str = "use a larger sample size or a smaller positive fraction"

    def advice(self, cls: str) -> str:
        """The instruction that gives more rows of class ``cls`` ("positive" or "negative")."""
        return self.more_positive if cls == "positive" else self.more_negative


@dataclass(frozen=True, eq=False)
class Dataset:
    """A binary classification dataset: float64 features and int64 labels in {0, 1} (1 = positive)."""

    info: DatasetInfo
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]

    @property
    def n_samples(self) -> int:
        """Number of rows."""
        return int(self.y.shape[0])

    @property
    def n_positive(self) -> int:
        """Number of rows with y == 1."""
        return int(np.count_nonzero(self.y == 1))

    @property
    def positive_fraction(self) -> float:
        """Share of rows with y == 1."""
        return self.n_positive / self.n_samples if self.n_samples else 0.0


@dataclass(frozen=True, eq=False)
class Split:
    """Stratified train / validation / test parts; the validation part may have 0 rows."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def label_counts(y: np.ndarray) -> tuple[int, int]:
    """(negatives, positives) in 0/1 labels ``y``."""
    n_pos = int(np.count_nonzero(np.asarray(y) == 1))
    return int(np.asarray(y).size) - n_pos, n_pos


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 row', '3 rows', '1,200 rows': a whole number with its noun, singular or plural."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def format_fraction(fraction: float) -> str:
    """A fraction as a short percentage, e.g. 0.001 -> '0.1%'."""
    return f"{fraction * 100:.4g}%"
