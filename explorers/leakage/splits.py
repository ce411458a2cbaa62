"""The split strategies, one table entry each, and the folds they make on the (time-sorted) log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold, KFold, TimeSeriesSplit

from explorers.common import entry
from explorers.leakage.data import LOG_DAYS

FOLDS = 5
GAP_DAYS = 30.0  # the time split leaves this many days of rows unused (a user's active span)

Folds = list[tuple[np.ndarray, np.ndarray]]
TRAIN, VALIDATION, UNUSED = 0, 1, 2  # a row's role in one fold


def _random(n: int, user: np.ndarray, seed: int) -> Folds:
    return list(KFold(FOLDS, shuffle=True, random_state=seed).split(np.zeros(n)))


def _grouped(n: int, user: np.ndarray, seed: int) -> Folds:
    return list(GroupKFold(FOLDS).split(np.zeros(n), groups=user))


def gap_rows(n: int) -> int:
    """The time split's gap in rows: about GAP_DAYS of the log."""
    return round(n * GAP_DAYS / LOG_DAYS)


def _by_time(n: int, user: np.ndarray, seed: int) -> Folds:
    return list(TimeSeriesSplit(FOLDS, test_size=n // (2 * FOLDS), gap=gap_rows(n)).split(np.zeros(n)))


@dataclass(frozen=True)
class Split:
    """One split strategy: its control label, short name and the folds it makes."""

    label: str
    short: str
    make: Callable[[int, np.ndarray, int], Folds]
    rule: str  # what the folds guarantee, for captions


SPLITS: dict[str, Split] = {
    "random": Split(
        "Random K-fold",
        "random K-fold",
        _random,
        "rows are shuffled, so a user's rows and later days sit on both sides",
    ),
    "group": Split(
        "Grouped by user (GroupKFold)",
        "grouped by user",
        _grouped,
        "no user is in both training and validation",
    ),
    "time": Split(
        "By time (TimeSeriesSplit, 30-day gap)",
        "by time",
        _by_time,
        f"validation rows are always later than every training row, {GAP_DAYS:.0f} days apart",
    ),
}


def split(key: str) -> Split:
    """The split strategy ``key``; UserFacingError for an unknown one."""
    return entry(SPLITS, key, "split strategy")


def folds(key: str, n: int, user: np.ndarray, seed: int) -> Folds:
    """(train indices, validation indices) of each fold of ``key`` over ``n`` time-sorted rows."""
    return split(key).make(n, user, seed)


def roles(made: Folds, n: int) -> np.ndarray:
    """(folds, n) int8: each row's role in each fold (TRAIN, VALIDATION or UNUSED)."""
    out = np.full((len(made), n), UNUSED, dtype=np.int8)
    for i, (train, validation) in enumerate(made):
        out[i, train] = TRAIN
        out[i, validation] = VALIDATION
    return out
