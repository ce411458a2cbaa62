"""Offline batch precompute: every user scored every T hours by a batch job, requests served by a
key-value lookup. What it costs in core-hours, how stale the predictions served are, and how many
requests come from users too new to have one.

Runs are scheduled every T hours, each scoring the features as of its scheduled time, and run one at a
time. When one run takes longer than T, the scheduled runs queue up: each is published later than the
one before, so the age of what is served grows without bound (the backlog), and the job runs all day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from datasets.errors import UserFacingError
from explorers.serving.realtime import QUANTILE_LEVELS, SLA_CHOICES_MS, Traffic, sla_index
from explorers.serving.timing import BATCH_SIZES, CostSpec

Array = np.ndarray

LOOKUP_SIGMA = 0.5  # spread of the key-value lookup latency: log-normal, p99 ~ 3.2x the median
# The lookup's default median: an in-memory key-value read in the serving data centre (Redis, a feature
# store's online tier) takes a few hundred microseconds, ~1-2 ms at p99. The real-time modes are timed
# without any network hop either, so both sides of the comparison are the serving process's own work.
DEFAULT_LOOKUP_MS = 0.5
BATCH_JOB_CORES = 16  # the precompute job's parallelism (its cost in core-hours does not depend on it)
BATCH_JOB_BATCH = BATCH_SIZES[-1]  # rows per predict call in the precompute job
STALENESS_BINS = 48


@dataclass(frozen=True)
class BatchSettings:
    """How the precompute job runs and who asks for its predictions."""

    users: int
    every_hours: float
    active_fraction: float  # share of the users who send any request in a day
    lookup_ms: float  # median latency of the key-value lookup
    new_users_per_day: float  # share of the user base that signs up each day

    def __post_init__(self) -> None:
        if int(self.users) != self.users or self.users < 1:
            raise UserFacingError(
                f"The number of users must be a whole number of at least 1; got {self.users!r}."
            )
        every = self.every_hours
        if not (np.isfinite(every) and every > 0):
            raise UserFacingError(f"The interval between batch runs must be positive; got {every!r}.")
        if every > 24 and abs(every / 24 - round(every / 24)) > 1e-9:
            raise UserFacingError("An interval longer than a day must be a whole number of days.")
        if not 0 < self.active_fraction <= 1:
            raise UserFacingError(
                f"The active share of users must be in (0, 1]; got {self.active_fraction!r}."
            )
        if not (np.isfinite(self.lookup_ms) and self.lookup_ms > 0):
            raise UserFacingError(f"The lookup latency must be greater than 0 ms; got {self.lookup_ms!r}.")
        if not 0 <= self.new_users_per_day <= 1:
            raise UserFacingError(
                f"New users per day must be between 0% and 100%; got {self.new_users_per_day!r}."
            )


@dataclass(frozen=True, eq=False)
class BatchPrecompute:
    """Predictions for every user computed ahead of time and looked up at request time."""

    users: int
    every_hours: float
    active_fraction: float
    lookup_ms: float
    new_users_per_day: float
    run_hours: float  # wall time of one run on BATCH_JOB_CORES cores
    core_hours_per_day: float
    predictions_per_day: float
    p50: float
    p95: float
    p99: float
    quantiles: Array  # lookup latency at QUANTILE_LEVELS (ms)
    exceed: Array  # share of lookups slower than each of SLA_CHOICES_MS
    staleness_edges: Array  # histogram of the age (hours) of the prediction each request is served
    staleness_counts: Array
    staleness_p50: float  # math.inf when the runs cannot keep up
    staleness_p95: float
    fallback_share: float  # requests from users who joined after the last snapshot (its limit, 0 or 1,
    # when the runs cannot keep up)

    @property
    def overloaded(self) -> bool:
        """Never: a lookup does not queue (a run that outlasts its interval is ``run_overlaps``)."""
        return False

    @property
    def wasted_share(self) -> float:
        """Share of the computed predictions that no request reads (inactive users)."""
        return 1.0 - self.active_fraction

    @property
    def run_overlaps(self) -> bool:
        """Whether one run takes longer than the interval between runs."""
        return self.run_hours > self.every_hours

    @property
    def keeps_up(self) -> bool:
        """Whether every run finishes before the next is due (else staleness grows without bound)."""
        return not self.run_overlaps

    @property
    def backlog_growth(self) -> float:
        """Hours the served predictions age per hour of wall time, beyond the steady state: 1 − T/R
        when the runs cannot keep up (one run of R hours is due every T), else 0."""
        return 0.0 if self.keeps_up else 1.0 - self.every_hours / self.run_hours

    def sla_violation(self, sla_ms: float) -> float:
        """Share of lookups slower than ``sla_ms`` (one of SLA_CHOICES_MS)."""
        return float(self.exceed[sla_index(sla_ms)])


def _lookup_quantiles(median_ms: float, levels: Array) -> Array:
    """Quantiles of the log-normal lookup latency with median ``median_ms`` (the maximum is the 99.99th)."""
    clipped = np.clip(levels, 1e-4, 1 - 1e-4)
    return median_ms * np.exp(LOOKUP_SIGMA * ndtri(clipped))


def staleness_of(day_hours: Array, every_hours: float, run_hours: float) -> Array:
    """Age (hours) of the prediction served at each request time of day: runs snapshot the features
    at 0, T, 2T, ... hours and publish ``run_hours`` later, so before then the previous run's
    predictions (one more interval older) are served."""
    since_snapshot = np.mod(day_hours, every_hours)
    return np.where(since_snapshot >= run_hours, since_snapshot, since_snapshot + every_hours)


def offline_batch(traffic: Traffic, cost: CostSpec, settings: BatchSettings) -> BatchPrecompute:
    """Score every user every ``settings.every_hours`` in batches of BATCH_JOB_BATCH; serve by lookup.

    The simulated horizon stands for one day (the diurnal pattern is a compressed day), so a request's
    time of day is its position in the horizon. Users who joined after the last snapshot have no
    prediction and get a fallback; new users are assumed active on their first day, so at staleness s
    their share of requests is g*s / (p + g*s) with g new users per day and p the active share.
    """
    s = settings
    arrivals = traffic.arrivals()
    core_seconds_per_run = s.users * float(cost.resolve().call_ms(BATCH_JOB_BATCH)) / BATCH_JOB_BATCH / 1000.0
    run_hours = core_seconds_per_run / BATCH_JOB_CORES / 3600.0
    day_hours = arrivals / arrivals[-1] * 24.0
    if s.every_hours > 24:  # runs every few days: a request falls on any day of the cycle
        cycle_days = round(s.every_hours / 24)
        day = np.random.default_rng([traffic.seed, 2]).integers(0, cycle_days, day_hours.size)
        day_hours = day_hours + 24.0 * day
    keeps_up = run_hours <= s.every_hours
    runs_per_day = 24.0 / s.every_hours if keeps_up else 24.0 / run_hours  # back to back when behind
    staleness = staleness_of(day_hours, s.every_hours, run_hours)
    histogram_range = (0.0, s.every_hours + min(run_hours, s.every_hours))
    counts, edges = np.histogram(staleness, bins=STALENESS_BINS, range=histogram_range)
    if keeps_up:
        p50, p95 = (float(v) for v in np.percentile(staleness, [50, 95]))
        new_share = s.new_users_per_day * staleness / 24.0
        fallback = float(np.mean(new_share / (s.active_fraction + new_share)))
    else:  # the backlog grows: no finite age, and every user eventually joined after the last snapshot
        counts = np.zeros_like(counts)
        p50 = p95 = math.inf
        fallback = 1.0 if s.new_users_per_day > 0 else 0.0
    return BatchPrecompute(
        users=s.users,
        every_hours=s.every_hours,
        active_fraction=s.active_fraction,
        lookup_ms=s.lookup_ms,
        new_users_per_day=s.new_users_per_day,
        run_hours=run_hours,
        core_hours_per_day=core_seconds_per_run * runs_per_day / 3600.0,
        predictions_per_day=s.users * runs_per_day,
        p50=float(_lookup_quantiles(s.lookup_ms, np.array(0.5))),
        p95=float(_lookup_quantiles(s.lookup_ms, np.array(0.95))),
        p99=float(_lookup_quantiles(s.lookup_ms, np.array(0.99))),
        quantiles=_lookup_quantiles(s.lookup_ms, QUANTILE_LEVELS),
        exceed=1.0 - ndtr(np.log(np.array(SLA_CHOICES_MS) / s.lookup_ms) / LOOKUP_SIGMA),
        staleness_edges=edges,
        staleness_counts=counts,
        staleness_p50=p50,
        staleness_p95=p95,
        fallback_share=fallback,
    )
