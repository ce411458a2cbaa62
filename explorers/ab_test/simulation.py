"""The Monte Carlo: thousands of experiments played out day by day, all at once (numpy arrays of
simulations x days, never a Python loop per experiment), read by a fixed-horizon analyst and by one
who peeks every day; the extra metrics of a family; the sample-ratio check of a split.

The test is the pooled two-proportion z-test (``statsmodels.stats.proportion.proportions_ztest``'s
default), written out so it runs on every simulated experiment and day in one pass."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

N_SIMS = 2_000  # simulated experiments per truth
QUANTILES = (0.1, 0.5, 0.9)
SRM_ALPHA = 0.001  # the usual sample-ratio alarm: a split this unlikely under the plan is a bug


@dataclass(frozen=True)
class Truth:
    """What the treatment really does: a long-run relative lift, plus a novelty lift on day 1 that
    halves every ``half_life`` days."""

    lift: float
    novelty: float
    half_life: float

    @property
    def is_null(self) -> bool:
        """No effect at all: an A/A test."""
        return self.lift == 0 and self.novelty == 0

    def daily(self, days: int) -> np.ndarray:
        """The true relative lift on each day (day 1 first)."""
        return self.lift + self.novelty * 0.5 ** (np.arange(days) / self.half_life)


NULL = Truth(0.0, 0.0, 1.0)


def z_test(
    conv_c: np.ndarray, n_c: np.ndarray, conv_t: np.ndarray, n_t: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The pooled two-proportion z statistic (treatment minus control) and its two-sided p-value, for
    arrays of counts; a day on which neither arm converts (or both always do) has z = 0 and p = 1."""
    n_c, n_t = np.asarray(n_c, dtype=float), np.asarray(n_t, dtype=float)
    pooled = (conv_c + conv_t) / (n_c + n_t)
    se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n_c + 1.0 / n_t))
    diff = conv_t / n_t - conv_c / n_c
    z = np.divide(diff, se, out=np.zeros(np.broadcast(diff, se).shape), where=se > 0)
    return z, 2.0 * stats.norm.sf(np.abs(z))


@dataclass(frozen=True)
class Runs:
    """``N_SIMS`` experiments under one truth, analysed on the cumulative counts of every day."""

    truth: Truth
    days: int
    z: np.ndarray  # (sims, days): treatment minus control
    p: np.ndarray  # (sims, days): two-sided p-values
    true_daily: np.ndarray  # (days,) the true relative lift of each day
    daily_lift: np.ndarray  # (len(QUANTILES), days) the observed lift of each single day, across runs
    cumulative_lift: np.ndarray  # (len(QUANTILES), days) the lift estimated from day 1 to each day
    cumulative_mean: np.ndarray  # (days,) its mean across runs


def _relative(treated: np.ndarray, control: np.ndarray) -> np.ndarray:
    """treated / control - 1, NaN where the control rate is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(control > 0, treated / control - 1.0, np.nan)


def _quantiles(values: np.ndarray) -> np.ndarray:
    """Each column's QUANTILES over the runs, ignoring NaN (numpy's linear method, as ``nanquantile``
    computes it, in one sort rather than a loop over columns); NaN where a whole column is NaN."""
    ordered = np.sort(values, axis=0)  # NaN sorts last
    seen = (~np.isnan(values)).sum(axis=0)
    columns = np.arange(values.shape[1])
    out = np.full((len(QUANTILES), values.shape[1]), np.nan)
    some = seen > 0
    for i, q in enumerate(QUANTILES):
        position = q * (np.maximum(seen, 1) - 1)
        low = np.floor(position).astype(int)
        high = np.minimum(low + 1, np.maximum(seen, 1) - 1)
        frac = position - low
        value = ordered[low, columns] + (ordered[high, columns] - ordered[low, columns]) * frac
        out[i, some] = value[some]
    return out


def simulate(
    baseline: float,
    daily_control: int,
    daily_treatment: int,
    days: int,
    truth: Truth,
    *,
    seed: int,
    n_sims: int = N_SIMS,
) -> Runs:
    """``n_sims`` experiments of ``days`` days: each day ``daily_control`` users see control at the
    baseline rate and ``daily_treatment`` see treatment at the day's true lift; every day's cumulative
    counts are tested."""
    rng = np.random.default_rng(seed)
    true_daily = truth.daily(days)
    rate_t = np.clip(baseline * (1.0 + true_daily), 0.0, 1.0)
    conv_c = rng.binomial(daily_control, baseline, size=(n_sims, days))
    conv_t = rng.binomial(daily_treatment, rate_t, size=(n_sims, days))
    cum_c, cum_t = np.cumsum(conv_c, axis=1), np.cumsum(conv_t, axis=1)
    users = np.arange(1, days + 1)
    z, p = z_test(cum_c, users * daily_control, cum_t, users * daily_treatment)
    daily = _relative(conv_t / daily_treatment, conv_c / daily_control)
    cumulative = _relative(cum_t / (users * daily_treatment), cum_c / (users * daily_control))
    seen = (~np.isnan(cumulative)).sum(axis=0)
    total = np.nansum(cumulative, axis=0)
    mean = np.divide(total, seen, out=np.full(days, np.nan), where=seen > 0)
    return Runs(truth, days, z, p, true_daily, _quantiles(daily), _quantiles(cumulative), mean)


@dataclass(frozen=True)
class Reading:
    """One analyst's decisions on a set of runs, up to the horizon."""

    peeking: bool
    horizon: int
    significant: float  # share of runs declared significant (either direction)
    ships: float  # share declared significant with treatment ahead
    harms: float  # share declared significant with treatment behind
    stop_counts: np.ndarray  # (horizon,) runs that stopped on each day (day 1 first)
    by_day: np.ndarray  # (horizon,) share declared significant by each day, peeking daily
    mean_stop: float  # mean day the test ended on (the horizon for runs that never stopped)
    week_estimate: float  # mean lift estimated from the first week
    week_ships: float  # share a one-week fixed test would have shipped


def read(runs: Runs, horizon: int, alpha: float, *, peeking: bool) -> Reading:
    """Decide every run: at the horizon only, or at the first day with p < alpha when peeking."""
    p, z = runs.p[:, :horizon], runs.z[:, :horizon]
    hit = p < alpha
    ever = np.logical_or.accumulate(hit, axis=1)
    n = p.shape[0]
    if peeking:
        stopped = ever[:, -1]
        stop_day = np.where(stopped, hit.argmax(axis=1) + 1, horizon)
    else:
        stopped = hit[:, -1]
        stop_day = np.full(n, horizon)
    z_at_stop = z[np.arange(n), stop_day - 1]
    counts = np.bincount(stop_day[stopped] - 1, minlength=horizon)
    week = min(7, runs.days) - 1
    return Reading(
        peeking=peeking,
        horizon=horizon,
        significant=float(stopped.mean()),
        ships=float((stopped & (z_at_stop > 0)).mean()),
        harms=float((stopped & (z_at_stop < 0)).mean()),
        stop_counts=counts,
        by_day=ever.mean(axis=0),
        mean_stop=float(stop_day.mean()),
        week_estimate=float(runs.cumulative_mean[week]),
        week_ships=float(((runs.p[:, week] < alpha) & (runs.z[:, week] > 0)).mean()),
    )
