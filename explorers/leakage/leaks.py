"""The leaks the page can switch on, one table entry each, and how each one changes the data.

Each leak is a deliberate misuse of an ordinary tool, applied to the training log only; the production
period is always built the way a serving system would see it (point in time, no post-outcome fields,
transforms fitted on the training log and only applied to production).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler, TargetEncoder

from datasets.errors import UserFacingError
from explorers.leakage.data import BASE_NAMES, ITEM_NAME, NOISE_NAMES, PURCHASES, Events
from explorers.leakage.engine import ENCODER_FOLDS, SELECTED

DUPLICATE_SHARE = 0.3  # share of log rows logged twice (a client retry)
DUPLICATE_JITTER = 0.01  # near-duplicates: the copy's numbers move by this much (SD)
REFUND_IF_POSITIVE, REFUND_IF_NEGATIVE = 0.7, 0.03  # P(refund issued | label)
PROXY_NAME = "Refund issued"
LIFETIME_NAME = "Lifetime purchases (whole log)"


@dataclass(frozen=True)
class Leak:
    """One leak: its control label, its short name, what is done wrong and the honest way."""

    label: str
    short: str
    misuse: str
    honest: str


LEAKS: dict[str, Leak] = {
    "future": Leak(
        "Future feature",
        "Future feature",
        "'Prior purchases' is replaced by the user's purchases over the whole log, counted after the fact, "
        "so it includes this row's own outcome and later ones",
        "count only what was known at the row's timestamp (a point-in-time join)",
    ),
    "target": Leak(
        "Target encoding",
        "Target encoding on all rows",
        "TargetEncoder is fitted on every log row and then applied to them (transform, not the "
        "cross-fitted fit_transform), so each row's item code carries its own label",
        "fit the encoder inside the pipeline, on training folds only",
    ),
    "duplicates": Leak(
        "Duplicates",
        "Near-duplicate rows",
        f"{DUPLICATE_SHARE:.0%} of the log's rows are logged twice with tiny changes, so copies land on both "
        "sides of a random split",
        "deduplicate before splitting, or split by user or time so copies stay together",
    ),
    "preprocessing": Leak(
        "Early selection",
        "Selection before splitting",
        f"StandardScaler and SelectKBest (k = {SELECTED}) are fitted on every log row before "
        "cross-validation, "
        "so the selected columns are those that happen to match the validation labels too",
        "put scaling and selection inside the Pipeline that cross-validation refits per fold",
    ),
    "proxy": Leak(
        "Label proxy",
        "Refund issued (label proxy)",
        "'Refund issued', recorded after the outcome, is used as a feature; at prediction time it is not "
        "known yet",
        "drop fields written after the moment of prediction",
    ),
}


def normalised(leaks: Iterable[str]) -> tuple[str, ...]:
    """The leaks in table order without repeats; UserFacingError for an unknown one."""
    asked = tuple(leaks)
    unknown = [key for key in asked if key not in LEAKS]
    if unknown:
        raise UserFacingError(f"Unknown leak {unknown[0]!r}; choose from: {', '.join(LEAKS)}.")
    return tuple(key for key in LEAKS if key in asked)


@dataclass(frozen=True)
class Prepared:
    """The log and production matrices with the leaks applied. Column 0 is the item (its id, or already
    encoded when ``encoded``); the numeric columns follow (already scaled and selected when
    ``selected``). Log rows are sorted by time."""

    X: np.ndarray
    y: np.ndarray
    user: np.ndarray
    time: np.ndarray
    X_production: np.ndarray
    y_production: np.ndarray
    time_production: np.ndarray
    user_production: np.ndarray
    numeric_names: tuple[str, ...]
    encoded: bool
    selected: bool
    leaks: tuple[str, ...]


def _numeric(events: Events, leaks: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """(log numeric, production numeric, names) with the future feature and the label proxy."""
    log, production = events.log, events.production
    names = [*BASE_NAMES, *NOISE_NAMES]
    train = np.array(events.numeric[log], dtype=float)
    serve = np.array(events.numeric[production], dtype=float)
    if "future" in leaks:  # MISUSE on purpose: a total over the whole log, future rows included
        train[:, PURCHASES] = events.lifetime_purchases[log]
        names[PURCHASES] = LIFETIME_NAME
    if "proxy" in leaks:  # MISUSE on purpose: a field written after the outcome
        rng = np.random.default_rng([int(events.y.size), 7])
        draw = rng.uniform(0.0, 1.0, int(log.sum()))
        y = events.y[log]
        refund = np.where(y == 1, draw < REFUND_IF_POSITIVE, draw < REFUND_IF_NEGATIVE).astype(float)
        train = np.column_stack([train, refund])
        serve = np.column_stack([serve, np.zeros(serve.shape[0])])  # not known yet when predicting
        names.append(PROXY_NAME)
    return train, serve, tuple(names)


def _duplicated(
    x: np.ndarray, y: np.ndarray, user: np.ndarray, time: np.ndarray, seed: int
) -> tuple[np.ndarray, ...]:
    """MISUSE on purpose: a share of rows logged twice, the copy's numbers jittered, sorted by time again."""
    rng = np.random.default_rng([int(seed), 11])
    picked = np.sort(rng.choice(y.size, size=round(DUPLICATE_SHARE * y.size), replace=False))
    copy = x[picked].copy()
    copy[:, 1:] += rng.normal(0.0, DUPLICATE_JITTER, copy[:, 1:].shape)
    x2, y2 = np.vstack([x, copy]), np.r_[y, y[picked]]
    user2, time2 = np.r_[user, user[picked]], np.r_[time, time[picked] + 1e-3]
    order = np.argsort(time2, kind="stable")
    return x2[order], y2[order], user2[order], time2[order]


def prepare(events: Events, leaks: tuple[str, ...], seed: int) -> Prepared:
    """The matrices cross-validation and the production model see, with ``leaks`` applied to the log."""
    leaks = normalised(leaks)
    log, production = events.log, events.production
    train_numeric, serve_numeric, names = _numeric(events, leaks)
    x = np.column_stack([events.item[log].astype(float), train_numeric])
    x_serve = np.column_stack([events.item[production].astype(float), serve_numeric])
    y, user, time = events.y[log], events.user[log], events.time[log]
    if "duplicates" in leaks:
        x, y, user, time = _duplicated(x, y, user, time, seed)
    if "target" in leaks:  # MISUSE on purpose: fitted on every row, then transform (not fit_transform)
        encoder = TargetEncoder(
            target_type="binary", cv=KFold(ENCODER_FOLDS, shuffle=True, random_state=0)
        ).fit(x[:, :1], y)
        x[:, 0], x_serve[:, 0] = encoder.transform(x[:, :1])[:, 0], encoder.transform(x_serve[:, :1])[:, 0]
    if "preprocessing" in leaks:  # MISUSE on purpose: scaler and selector fitted before the split
        scaler = StandardScaler().fit(x[:, 1:])
        with warnings.catch_warnings():  # a constant column (one row per user: no prior purchases)
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            selector = SelectKBest(f_classif, k=SELECTED).fit(scaler.transform(x[:, 1:]), y)
        keep = selector.get_support()
        names = tuple(name for name, kept in zip(names, keep, strict=True) if kept)
        x = np.column_stack([x[:, :1], selector.transform(scaler.transform(x[:, 1:]))])
        x_serve = np.column_stack([x_serve[:, :1], selector.transform(scaler.transform(x_serve[:, 1:]))])
    return Prepared(
        X=x,
        y=y,
        user=user,
        time=time,
        X_production=x_serve,
        y_production=events.y[production],
        time_production=events.time[production],
        user_production=events.user[production],
        numeric_names=names,
        encoded="target" in leaks,
        selected="preprocessing" in leaks,
        leaks=leaks,
    )


def leaked(leaks: tuple[str, ...], names: Iterable[str]) -> frozenset[str]:
    """Which of the model's input ``names`` a leak wrote: the lifetime count, the refund flag, the item
    encoded on all data, the tags selected on all data."""
    out = {LIFETIME_NAME: "future", PROXY_NAME: "proxy", ITEM_NAME: "target"}
    return frozenset(
        name for name in names if out.get(name) in leaks or ("preprocessing" in leaks and name in NOISE_NAMES)
    )
