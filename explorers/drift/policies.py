"""Three retraining policies on the same stream, week by week:

- never: the launch model serves every week;
- fixed cadence: every N weeks, retrain on the most recent labelled weeks (the training window);
- drift-triggered: when the detector fires, retrain on the labelled weeks available by then.

A model trained at the start of week t learns from weeks t - delay - window .. t - delay - 1 (the
labels of the last ``delay`` weeks are not back yet): ``Models.coef[t]``. Every policy is scored on
every deployed week at once (numpy over weeks and transactions); only the triggered policy walks
the weeks, because its next retrain depends on what its detector saw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from explorers.drift.detectors import (
    DETECTORS,
    Comparison,
    compare,
    compare_many,
    decile_edges,
    error_detector,
    ks_critical,
    weekly_errors,
)
from explorers.drift.model import Models, scores
from explorers.drift.stream import Stream


@dataclass(frozen=True)
class Simulation:
    """The stream, each feature of each week sorted (for the feature tests), and every week's model."""

    stream: Stream
    sorted_x: np.ndarray  # (weeks, 2, n): each week's features, sorted
    models: Models


@dataclass(frozen=True)
class PolicyRun:
    """One policy's deployed model and outcome per deployed week."""

    key: str
    name: str
    deployed: np.ndarray  # (weeks,): the week whose model served each week
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray
    logit: np.ndarray  # (weeks, n): the served model's log-odds of fraud for every transaction

    @property
    def retrains(self) -> tuple[int, ...]:
        """The weeks at whose start a new model went live."""
        return tuple(int(w) for w in np.flatnonzero(np.diff(self.deployed) != 0) + 1)

    @property
    def errors(self) -> int:
        return int(self.fp.sum() + self.fn.sum())


@dataclass(frozen=True)
class Trace:
    """What the triggered policy's detector saw: ``values[i]`` about deployed week ``weeks[i]``,
    the threshold, and the weeks at whose start it fired."""

    weeks: np.ndarray
    values: np.ndarray
    threshold: float
    alarms: tuple[int, ...]
    error_rate: np.ndarray | None = None  # the weekly error rates an error detector was fed


def outcome(key: str, name: str, stream: Stream, models: Models, deployed: np.ndarray) -> PolicyRun:
    """Confusion counts per week of the policy that deploys ``deployed``."""
    logit = scores(stream, models.coef, deployed)
    y = stream.y[stream.week(0) :]
    flagged = logit >= 0  # P(fraud) >= 0.5: the fewest errors when every error costs the same
    tp, fp = (flagged & y).sum(1), (flagged & ~y).sum(1)
    fn, tn = (~flagged & y).sum(1), (~flagged & ~y).sum(1)
    return PolicyRun(key, name, deployed, tp, fp, fn, tn, logit)


def weekly_auc(logit: np.ndarray, y: np.ndarray) -> np.ndarray:
    """ROC AUC of each row (Mann-Whitney U, ties ranked half-way), NaN without both classes."""
    order = np.argsort(logit, axis=1)
    ranks = np.empty_like(logit)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1.0, logit.shape[1] + 1), logit.shape), axis=1)
    tied = np.any(np.diff(np.take_along_axis(logit, order, axis=1), axis=1) == 0, axis=1)
    if tied.any():  # equal scores share their average rank (never seen on continuous features)
        ranks[tied] = rankdata(logit[tied], axis=1)
    pos = y.sum(1)
    neg = y.shape[1] - pos
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = ((ranks * y).sum(1) - pos * (pos + 1) / 2) / (pos * neg)
    return np.where((pos > 0) & (neg > 0), auc, np.nan)


def never(sim: Simulation) -> PolicyRun:
    deployed = np.zeros(sim.stream.weeks, dtype=int)
    return outcome("never", "Never retrained", sim.stream, sim.models, deployed)


def cadence(sim: Simulation, every: int) -> PolicyRun:
    deployed = (np.arange(sim.stream.weeks) // every) * every
    name = "Every week" if every == 1 else f"Every {every} weeks"
    return outcome("cadence", name, sim.stream, sim.models, deployed)


def _reference(sim: Simulation, retrained: int, reference: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """The features the model retrained at ``retrained`` is compared against: its ``reference`` most
    recent training weeks, per feature sorted, and their decile edges."""
    end = sim.stream.week(retrained - sim.models.delay)
    pooled = np.sort(sim.stream.x[end - reference : end].reshape(-1, 2).T, axis=1)
    return pooled, [decile_edges(feature) for feature in pooled]


def triggered(sim: Simulation, detector: str, level: int, reference: int) -> tuple[PolicyRun, Trace]:
    """Walk the weeks: at the start of each week the detector looks at what arrived (last week's
    features, or the error rate of the week whose labels just came back); when it fires, the
    policy retrains and the detector starts afresh against the new model."""
    spec = DETECTORS[detector]
    if spec.watches == "errors":
        return _error_triggered(sim, detector, spec.threshold(level), spec.short)
    return _feature_triggered(sim, detector, level, reference)


CHUNK = 13  # weeks the feature tests look ahead at once (a retrain discards the rest)


def _feature_triggered(sim: Simulation, detector: str, level: int, reference: int) -> tuple[PolicyRun, Trace]:
    """The feature detectors: the statistic of each week against the current model's reference,
    computed a chunk of weeks at a time (numpy over weeks and transactions); the first week past the
    threshold fires, the policy retrains, and the rest of the chunk is tested against the new reference."""
    spec = DETECTORS[detector]
    threshold = spec.threshold(level)
    stream, weeks = sim.stream, sim.stream.weeks
    deployed = np.zeros(weeks, dtype=int)
    values = np.full(weeks, np.nan)
    alarms: list[int] = []
    ref, edges = _reference(sim, 0, reference)
    critical = ks_critical(threshold, ref.shape[1], stream.n)
    week = 0  # the next deployed week to test (its result acts at the start of week + 1)
    while week < weeks - 1:
        span = range(week, min(week + CHUNK, weeks - 1))
        block = sim.sorted_x[stream.week(span.start) : stream.week(span.stop)]
        # The larger statistic of the two features (for KS: the larger D, the smaller p-value).
        stat = np.maximum(*(compare_many(ref[k], block[:, k], edges[k], detector) for k in range(2)))
        hits = np.flatnonzero(stat > critical if detector == "ks" else spec.alarm(stat, threshold))
        last = hits[0] if hits.size else len(span) - 1
        values[span.start : span.start + last + 1] = stat[: last + 1]
        week = span.start + last + 1
        if hits.size:
            alarms.append(int(week))
            deployed[week:] = week
            ref, edges = _reference(sim, week, reference)
    run = outcome("triggered", f"{spec.short}-triggered", stream, sim.models, deployed)
    # The KS trace is D against the D whose p-value is the threshold (the same alarms, no p per week).
    drawn = critical if detector == "ks" else threshold
    return run, Trace(np.arange(weeks), values, drawn, tuple(alarms))


def _errors(sim: Simulation, model: int, week: int) -> int:
    """How many of week ``week``'s transactions the model trained at ``model`` gets wrong."""
    x = sim.stream.x[sim.stream.week(week)].astype(np.float64)
    coef = sim.models.coef[model]
    flagged = x @ coef[:2] + coef[2] >= 0
    return int(np.count_nonzero(flagged != sim.stream.y[sim.stream.week(week)]))


def _error_triggered(sim: Simulation, detector: str, threshold: float, short: str) -> tuple[PolicyRun, Trace]:
    stream, weeks, delay = sim.stream, sim.stream.weeks, sim.models.delay
    deployed = np.zeros(weeks, dtype=int)
    values, rates = np.full(weeks, np.nan), np.full(weeks, np.nan)
    alarms: list[int] = []
    current, watcher = 0, error_detector(detector, threshold)
    for t in range(1, weeks):
        back = t - 1 - delay  # the week whose labels arrive at the start of week t
        if back >= current:
            errors = _errors(sim, current, back)
            rates[back] = errors / stream.n
            fired = weekly_errors(watcher, errors, stream.n)
            values[back] = watcher.statistic
            if fired:
                alarms.append(t)
                current, watcher = t, error_detector(detector, threshold)
        deployed[t] = current
    run = outcome("triggered", f"{short}-triggered", stream, sim.models, deployed)
    drawn = 0.0 if detector == "adwin" else threshold  # ADWIN's margin fires above 0
    return run, Trace(np.arange(weeks), values, drawn, tuple(alarms), rates)


def comparisons(sim: Simulation, retrained: int, reference: int, week: int) -> list[Comparison]:
    """Every feature statistic of deployed ``week`` against the reference of a model retrained at
    ``retrained`` (for tests and sentences)."""
    ref, edges = _reference(sim, retrained, reference)
    return [compare(ref[k], sim.sorted_x[sim.stream.week(week)][k], edges[k]) for k in range(2)]
