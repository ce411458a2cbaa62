"""The synthetic event log: users with several correlated rows each, a label from a known process whose
relationship drifts slowly, and a later period that plays "production".

Time runs in days. Each user is active for ``LIFETIME_DAYS``; rows before ``LOG_DAYS`` are the training
log, later rows are production, whose users all signed up after the log ended. The label is

    logit = BIAS + u_user + w1(t)·x1 + w2(t)·x2 + X3_WEIGHT·x3 + item effect,

where u_user is the user's hidden propensity (so a user's rows are correlated) and (w1, w2) rotates from
x1 towards x2 as time goes on, by an angle ``drift``·180° over the whole timeline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from datasets.errors import UserFacingError

TOTAL_ROWS = 2000  # about this many rows over both periods, whatever the rows per user
LOG_DAYS = 120.0  # the training log: days 0-120
END_DAYS = 180.0  # production: days 120-180
ARRIVALS_DAYS = 150.0  # users arrive over days 0-90 (the log's) and 120-150 (production's, all new) ...
LIFETIME_DAYS = 30.0  # ... and each is active for 30 days
PRODUCTION_USERS = 0.4  # share of users who sign up in production
USER_SD = 2.0  # spread of the hidden per-user propensity
STATIC_LOADING = 0.4  # how much of the propensity the two per-user features reveal
SIGNAL = 1.6  # the size of the drifting (x1, x2) weight
X3_WEIGHT = 0.6
ITEM_SD = 0.5
ITEMS = 150  # item categories (a high-cardinality field for target encoding)
NOISE_COLUMNS = 150  # rare event tags (mostly 0) unrelated to the label (for feature selection to pick from)
TOKEN_RATE = 0.01  # each tag is on in 1% of rows
BIAS = -1.0
HABIT = 0.95  # correlation between a user's rows on x1, x2 and x3
MIN_ROWS_PER_USER, MAX_ROWS_PER_USER = 1, 20
MAX_DRIFT = 1.0
MAX_TURN = np.pi  # at drift 1 the weights turn by 180° over the whole timeline

# The columns every row has, by position in ``Events.numeric``; the item id is kept apart.
BASE_NAMES: tuple[str, ...] = ("x1", "x2", "x3", "Account age", "Region score", "Prior purchases")
NOISE_NAMES: tuple[str, ...] = tuple(f"Tag {i + 1}" for i in range(NOISE_COLUMNS))
ITEM_NAME = "Item (target-encoded)"
PURCHASES = BASE_NAMES.index("Prior purchases")


@dataclass(frozen=True)
class Events:
    """Every row of both periods, sorted by time (arrays are read-only)."""

    time: np.ndarray  # day of the event
    user: np.ndarray  # user id
    item: np.ndarray  # item id (categorical)
    numeric: np.ndarray  # (rows, len(BASE_NAMES) + NOISE_COLUMNS): x1, x2, x3, statics, purchases, noise
    y: np.ndarray  # 0/1 label
    lifetime_purchases: np.ndarray  # the user's positives over the whole log (uses the future)
    rows_per_user: int
    drift: float

    @property
    def log(self) -> np.ndarray:
        """Mask of the training log's rows."""
        return self.time < LOG_DAYS

    @property
    def production(self) -> np.ndarray:
        """Mask of the production period's rows."""
        return ~self.log


def weights(time: np.ndarray, drift: float) -> tuple[np.ndarray, np.ndarray]:
    """(w1, w2) at each time: a vector of length SIGNAL turned by drift·180° over the whole timeline."""
    angle = drift * MAX_TURN * np.asarray(time) / END_DAYS
    return SIGNAL * np.cos(angle), SIGNAL * np.sin(angle)


def check(rows_per_user: int, drift: float) -> None:
    """UserFacingError for settings outside the page's ranges."""
    if not MIN_ROWS_PER_USER <= int(rows_per_user) <= MAX_ROWS_PER_USER:
        raise UserFacingError(
            f"Rows per user must be from {MIN_ROWS_PER_USER} to {MAX_ROWS_PER_USER}; got {rows_per_user}."
        )
    if not 0.0 <= float(drift) <= MAX_DRIFT:
        raise UserFacingError(f"Drift must be from 0 to {MAX_DRIFT:g}; got {drift}.")


def _prior_counts(user: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For rows sorted by time: how many positives the same user had strictly before each row."""
    order = np.lexsort((np.arange(user.size), user))  # by user, time order kept inside a user
    sorted_user, sorted_y = user[order], y[order]
    running = np.cumsum(sorted_y) - sorted_y  # positives before, counted over the whole sorted array
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_user)) + 1]
    first = np.repeat(running[starts], np.diff(np.r_[starts, user.size]))
    counts = np.empty(user.size, dtype=float)
    counts[order] = running - first
    return counts


def _user_totals(user: np.ndarray, y: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """For each row, the positives its user has over the rows in ``mask``."""
    totals = np.bincount(user[mask], weights=y[mask], minlength=int(user.max()) + 1)
    return totals[user]


def _frozen(*arrays: np.ndarray) -> None:
    for array in arrays:
        array.setflags(write=False)


def generate(rows_per_user: int, drift: float, seed: int) -> Events:
    """The event log for these settings; the same arguments give the same rows."""
    check(rows_per_user, drift)
    rows_per_user = int(rows_per_user)
    rng = np.random.default_rng([int(seed), 2021])
    users = max(TOTAL_ROWS // rows_per_user, 2)
    propensity = rng.normal(0.0, USER_SD, users)
    statics = STATIC_LOADING * propensity[:, None] / USER_SD + rng.normal(0.0, 1.0, (users, 2))
    # Log users arrive early enough to finish inside the log; production users sign up after it.
    later = np.arange(users) >= round(users * (1.0 - PRODUCTION_USERS))
    arrival = np.where(
        later,
        rng.uniform(LOG_DAYS, ARRIVALS_DAYS, users),
        rng.uniform(0.0, LOG_DAYS - LIFETIME_DAYS, users),
    )
    item_effect = rng.normal(0.0, ITEM_SD, ITEMS)

    user = np.repeat(np.arange(users), rows_per_user)
    time = arrival[user] + rng.uniform(0.0, LIFETIME_DAYS, user.size)
    order = np.argsort(time, kind="stable")
    user, time = user[order], time[order]
    n = user.size
    profile = rng.normal(0.0, 1.0, (users, 3))  # a user's sessions look alike
    x = HABIT * profile[user] + np.sqrt(1.0 - HABIT**2) * rng.normal(0.0, 1.0, (n, 3))
    item = rng.integers(0, ITEMS, n)
    w1, w2 = weights(time, drift)
    logit = BIAS + propensity[user] + w1 * x[:, 0] + w2 * x[:, 1] + X3_WEIGHT * x[:, 2] + item_effect[item]
    y = (rng.uniform(0.0, 1.0, n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    on = rng.uniform(0.0, 1.0, (n, NOISE_COLUMNS)) < TOKEN_RATE
    noise = on * rng.uniform(0.5, 1.5, (n, NOISE_COLUMNS))  # mostly zero; no two tags score alike
    prior = _prior_counts(user, y)
    numeric = np.column_stack([x, statics[user], prior, noise])
    lifetime = _user_totals(user, y, time < LOG_DAYS)
    _frozen(time, user, item, numeric, y, lifetime)
    return Events(time, user, item, numeric, y, lifetime, rows_per_user, float(drift))
