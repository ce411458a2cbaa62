"""Batch vs real-time serving: latency, throughput, freshness and cost of three ways to serve a model.

Pure Python (no Streamlit). The model's service time is measured, not invented: a real model is
trained and its ``predict_proba`` timed for batch sizes 1 to 1024 on one core, and t(b) = a + c*b
fitted to the medians. Three serving modes then answer the same simulated traffic:

1. real time, one request per call: k replicas behind one FIFO queue;
2. real time with dynamic batching: at most B requests a call, waiting at most W for company;
3. offline batch precompute: every user scored every T hours, requests served by a key-value lookup.

The simulators live in ``explorers.queueing``; this module measures, summarises, prices, draws and
explains. Each replica and the batch job use one core per process, priced per core-hour.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from scipy.optimize import nnls
from scipy.special import ndtr, ndtri
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import datasets
from datasets.errors import UserFacingError
from explorers import charts, queueing
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR
from explorers.common import one_thread
from explorers.interview import InterviewGuide

Array = np.ndarray
Json = dict[str, object]

MODELS: dict[str, str] = {
    "logreg": "Logistic regression",
    "gbm": "Gradient boosting",
    "forest": "Random forest",
}
TREE_COUNTS: tuple[int, ...] = (10, 30, 100, 300)
BATCH_SIZES: tuple[int, ...] = tuple(2**e for e in range(11))  # 1, 2, 4, ..., 1024
TIMING_DATASET = "breast_cancer"  # 30 numeric features, ships with scikit-learn
MIN_REPEATS, MAX_REPEATS = 5, 25
SECONDS_PER_SIZE = 0.015  # timing budget per batch size; at least MIN_REPEATS calls each anyway

SLA_CHOICES_MS: tuple[float, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
# Latency quantiles kept per mode (0 to 0.9999, denser in the tail) and the maximum.
QUANTILE_LEVELS: Array = np.append(1.0 - 10.0 ** -np.linspace(0.0, 4.0, 121), 1.0)
QUEUE_POINTS = 300
LOOKUP_SIGMA = 0.5  # spread of the key-value lookup latency: log-normal, p99 ~ 3.2x the median
BATCH_JOB_CORES = 16  # the precompute job's parallelism (its cost in core-hours does not depend on it)
BATCH_JOB_BATCH = BATCH_SIZES[-1]  # rows per predict call in the precompute job
SECONDS_PER_DAY = 86_400.0

MODE_NAMES = ("One request per call", "Dynamic batching", "Offline batch precompute")
MODE_COLOURS = (PALETTE[0], PALETTE[1], PALETTE[2])


# --------------------------------------------------------------------------- measured service time


@dataclass(frozen=True)
class ServiceCost:
    """The linear cost of one predict call: t(b) = setup + per_row * b, in milliseconds."""

    setup_ms: float
    per_row_ms: float
    source: str  # e.g. "measured: gradient boosting, 100 trees" or "set by hand"

    def __post_init__(self) -> None:
        a, c = self.setup_ms, self.per_row_ms
        if not (np.isfinite(a) and np.isfinite(c) and a >= 0 and c >= 0 and a + c > 0):
            raise UserFacingError(
                f"The service time needs a ≥ 0 ms and c ≥ 0 ms per row, not both 0; got a = {a!r}, c = {c!r}."
            )

    def call_ms(self, batch: int | Array) -> float | Array:
        """Milliseconds one predict call on ``batch`` rows takes."""
        return self.setup_ms + self.per_row_ms * np.asarray(batch, dtype=np.float64)

    def capacity(self, batch: int, replicas: int) -> float:
        """Requests per second ``replicas`` can serve with full batches of ``batch``."""
        return replicas * batch / float(self.call_ms(batch)) * 1000.0


@dataclass(frozen=True, eq=False)
class ServiceTiming:
    """Measured predict times of one trained model, and the fitted line."""

    model: str
    trees: int
    batch_sizes: Array
    median_ms: Array
    low_ms: Array  # 25th percentile of the repeats
    high_ms: Array  # 75th percentile
    repeats: Array
    fit: ServiceCost
    n_features: int
    fit_seconds: float

    @property
    def label(self) -> str:
        """'Gradient boosting, 100 trees' or 'Logistic regression'."""
        return MODELS[self.model] + ("" if self.model == "logreg" else f", {self.trees} trees")


def make_model(model: str, trees: int) -> Pipeline | HistGradientBoostingClassifier | RandomForestClassifier:
    """An unfitted classifier: ``model`` is a key of MODELS; ``trees`` sizes the ensembles."""
    if model == "logreg":
        return Pipeline([("scale", StandardScaler()), ("logreg", LogisticRegression(max_iter=2000))])
    if trees not in TREE_COUNTS:
        raise UserFacingError(f"The number of trees must be one of {', '.join(map(str, TREE_COUNTS))}.")
    if model == "gbm":
        return HistGradientBoostingClassifier(
            max_iter=trees, max_leaf_nodes=15, early_stopping=False, random_state=0
        )
    if model == "forest":
        return RandomForestClassifier(n_estimators=trees, max_depth=10, n_jobs=1, random_state=0)
    raise UserFacingError(f"Unknown model {model!r}; choose one of: {', '.join(MODELS)}.")


def fit_linear_cost(batch_sizes: Array, times_ms: Array) -> tuple[float, float]:
    """Least-squares a, c >= 0 of t(b) = a + c*b, on relative errors (each point weighted by 1/t).

    Relative errors keep the small batches, which one-request-per-call serving lives on, from being
    drowned by the large ones; non-negativity keeps a noisy fit physical.
    """
    b = np.asarray(batch_sizes, dtype=np.float64)
    t = np.asarray(times_ms, dtype=np.float64)
    if b.shape != t.shape or b.size < 2 or not (np.all(t > 0) and np.all(b > 0)):
        raise UserFacingError("Fitting t(b) = a + c·b needs at least two positive batch sizes and times.")
    design = np.column_stack([np.ones_like(b), b]) / t[:, None]
    (setup, per_row), _ = nnls(design, np.ones_like(t))
    return float(setup), float(per_row)


def _time_calls(predict: Callable[[Array], object], inputs: Sequence[Array]) -> list[Array]:
    """Seconds each call ``predict(x)`` takes, several times for each ``x`` in ``inputs``.

    After one warm-up call each, the repeats go round the inputs in turn, so a burst of load from
    elsewhere on the machine slows every batch size alike instead of distorting one of them.
    """
    first = np.empty(len(inputs))
    for index, x in enumerate(inputs):
        start = time.perf_counter()
        predict(x)
        first[index] = time.perf_counter() - start
    budget = SECONDS_PER_SIZE * len(inputs)
    repeats = int(np.clip(budget / max(first.sum(), 1e-7), MIN_REPEATS, MAX_REPEATS))
    out = np.empty((repeats, len(inputs)))
    for r in range(repeats):
        for index, x in enumerate(inputs):
            start = time.perf_counter()
            predict(x)
            out[r, index] = time.perf_counter() - start
    return list(out.T)


def measure_service_time(model: str, trees: int) -> ServiceTiming:
    """Train ``model`` on a bundled tabular dataset, then time ``predict_proba`` on one core for each
    batch size in BATCH_SIZES (median of several repeats) and fit t(b) = a + c*b."""
    estimator = make_model(model, trees)
    data = datasets.load(TIMING_DATASET)
    rows = data.X[np.random.default_rng(0).integers(0, data.X.shape[0], BATCH_SIZES[-1])]
    with one_thread():
        start = time.perf_counter()
        estimator.fit(data.X, data.y)
        fit_seconds = time.perf_counter() - start
        samples = _time_calls(estimator.predict_proba, [np.ascontiguousarray(rows[:b]) for b in BATCH_SIZES])
    sizes = np.array(BATCH_SIZES, dtype=np.int64)
    median = np.array([np.median(s) for s in samples]) * 1000
    setup, per_row = fit_linear_cost(sizes, median)
    label = MODELS[model] + ("" if model == "logreg" else f", {trees} trees")
    return ServiceTiming(
        model=model,
        trees=trees,
        batch_sizes=sizes,
        median_ms=median,
        low_ms=np.array([np.percentile(s, 25) for s in samples]) * 1000,
        high_ms=np.array([np.percentile(s, 75) for s in samples]) * 1000,
        repeats=np.array([s.size for s in samples]),
        fit=ServiceCost(setup, per_row, f"measured: {label.lower()}"),
        n_features=int(data.X.shape[1]),
        fit_seconds=fit_seconds,
    )


# --------------------------------------------------------------------------- real-time modes


@dataclass(frozen=True, eq=False)
class ModeResult:
    """What one real-time mode did with the simulated traffic. Latencies in ms, rates per second."""

    name: str
    replicas: int
    capacity: float  # requests per second the replicas can serve at most
    load: float  # offered load: mean arrival rate / capacity (>= 1 means the queue grows without bound)
    n_requests: int
    horizon_s: float
    p50: float
    p95: float
    p99: float
    mean: float
    quantiles: Array  # latency at QUANTILE_LEVELS
    exceed: Array  # share of requests slower than each of SLA_CHOICES_MS
    throughput: float  # requests finished within the arrival window, per second of it
    utilisation: float  # busy core time / (replicas x the time until the last request leaves)
    mean_batch: float
    queue_times: Array  # s
    in_system: Array  # requests waiting or in service at queue_times
    arrival_rate: Array  # requests per second over each queue_times step
    backlog_growth: float  # requests per second the queue grew by over the window (0 if it drained)

    @property
    def overloaded(self) -> bool:
        """Whether arrivals outpace capacity on average: the queue grows without bound."""
        return self.load >= 1.0

    def sla_violation(self, sla_ms: float) -> float:
        """Share of requests slower than ``sla_ms`` (one of SLA_CHOICES_MS)."""
        return float(self.exceed[_sla_index(sla_ms)])


def _sla_index(sla_ms: float) -> int:
    for index, choice in enumerate(SLA_CHOICES_MS):
        if abs(choice - sla_ms) < 1e-9:
            return index
    raise UserFacingError(f"The SLA must be one of {', '.join(format_sla(x) for x in SLA_CHOICES_MS)}.")


def _quantile_of_sorted(ordered: Array, levels: Array | float) -> Array:
    """Quantiles of already sorted data (numpy's default 'linear' method)."""
    position = np.asarray(levels) * (ordered.size - 1)
    return np.interp(position, np.arange(ordered.size), ordered)


def _summarise(
    name: str,
    arrivals: Array,
    departures: Array,
    *,
    busy_seconds: float,
    replicas: int,
    capacity: float,
    rate: float,
    mean_batch: float,
) -> ModeResult:
    """Latency percentiles, SLA shares, throughput, utilisation and the queue over time of a trace."""
    latency_ms = np.sort(departures - arrivals) * 1000.0
    window = float(arrivals[-1])
    p50, p95, p99 = _quantile_of_sorted(latency_ms, [0.5, 0.95, 0.99])
    exceed = 1.0 - np.searchsorted(latency_ms, SLA_CHOICES_MS, side="right") / latency_ms.size
    times = np.linspace(0.0, window, QUEUE_POINTS + 1)
    arrived = queueing.counts_up_to(arrivals, window, QUEUE_POINTS)
    in_system = arrived - queueing.counts_up_to(departures, window, QUEUE_POINTS)
    step = times[1] - times[0]
    return ModeResult(
        name=name,
        replicas=replicas,
        capacity=capacity,
        load=rate / capacity,
        n_requests=int(arrivals.size),
        horizon_s=window,
        p50=float(p50),
        p95=float(p95),
        p99=float(p99),
        mean=float(latency_ms.mean()),
        quantiles=_quantile_of_sorted(latency_ms, QUANTILE_LEVELS),
        exceed=exceed,
        throughput=float(np.count_nonzero(departures <= window) / window),
        utilisation=min(1.0, busy_seconds / (replicas * float(departures.max()))),
        mean_batch=mean_batch,
        queue_times=times[1:],
        in_system=in_system[1:],
        arrival_rate=np.diff(arrived) / step,
        backlog_growth=float(in_system[-1] / window) if rate >= capacity else 0.0,
    )


def simulate_one_per_call(
    *,
    pattern: str,
    rate: float,
    n_requests: int,
    seed: int,
    setup_ms: float,
    per_row_ms: float,
    replicas: int,
) -> ModeResult:
    """Mode 1: every request is its own predict call, on the first free of ``replicas`` (FIFO)."""
    cost = ServiceCost(setup_ms, per_row_ms, "")
    arrivals = queueing.arrival_times(pattern, rate, n_requests, seed)
    service = float(cost.call_ms(1)) / 1000.0
    departures = queueing.fifo_departures(arrivals, service, replicas)
    return _summarise(
        MODE_NAMES[0],
        arrivals,
        departures,
        busy_seconds=service * arrivals.size,
        replicas=replicas,
        capacity=cost.capacity(1, replicas),
        rate=rate,
        mean_batch=1.0,
    )


def simulate_dynamic_batching(
    *,
    pattern: str,
    rate: float,
    n_requests: int,
    seed: int,
    setup_ms: float,
    per_row_ms: float,
    replicas: int,
    max_batch: int,
    max_wait_ms: float,
) -> ModeResult:
    """Mode 2: requests wait up to ``max_wait_ms`` to share a call of at most ``max_batch`` rows."""
    cost = ServiceCost(setup_ms, per_row_ms, "")
    arrivals = queueing.arrival_times(pattern, rate, n_requests, seed)
    schedule = queueing.dynamic_batching(
        arrivals,
        setup=setup_ms / 1000.0,
        per_row=per_row_ms / 1000.0,
        max_batch=max_batch,
        max_wait=max_wait_ms / 1000.0,
        servers=replicas,
    )
    return _summarise(
        MODE_NAMES[1],
        arrivals,
        schedule.departures(),
        busy_seconds=schedule.busy_seconds,
        replicas=replicas,
        capacity=cost.capacity(max_batch, replicas),
        rate=rate,
        mean_batch=float(schedule.sizes.mean()),
    )


def replicas_needed(cost: ServiceCost, rate: float, batch: int = 1) -> int:
    """The fewest replicas whose capacity exceeds ``rate`` (offered load below 1)."""
    return int(np.floor(rate / cost.capacity(batch, 1))) + 1


def peak_overload_share(pattern: str, seed: int, rate: float, capacity: float) -> float:
    """Share of the horizon during which the pattern's rate exceeds ``capacity``."""
    return float(np.mean(queueing.rate_profile(pattern, seed) * rate > capacity))


# --------------------------------------------------------------------------- offline batch precompute


@dataclass(frozen=True, eq=False)
class BatchPrecompute:
    """Mode 3: predictions for every user computed ahead of time and looked up at request time."""

    users: int
    every_hours: float
    active_fraction: float
    lookup_ms: float
    new_users_per_day: float  # share of the user base that signs up each day
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
    staleness_p50: float
    staleness_p95: float
    fallback_share: float  # requests from users who joined after the last snapshot

    @property
    def wasted_share(self) -> float:
        """Share of the computed predictions that no request reads (inactive users)."""
        return 1.0 - self.active_fraction

    @property
    def run_overlaps(self) -> bool:
        """Whether one run takes longer than the interval between runs."""
        return self.run_hours > self.every_hours

    def sla_violation(self, sla_ms: float) -> float:
        """Share of lookups slower than ``sla_ms`` (one of SLA_CHOICES_MS)."""
        return float(self.exceed[_sla_index(sla_ms)])


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


def offline_batch(
    *,
    pattern: str,
    rate: float,
    n_requests: int,
    seed: int,
    setup_ms: float,
    per_row_ms: float,
    users: int,
    every_hours: float,
    active_fraction: float,
    lookup_ms: float,
    new_users_per_day: float,
) -> BatchPrecompute:
    """Score ``users`` every ``every_hours`` in batches of BATCH_JOB_BATCH; serve by key-value lookup.

    The simulated horizon stands for one day (the diurnal pattern is a compressed day), so a request's
    time of day is its position in the horizon. Users who joined after the last snapshot have no
    prediction and get a fallback; new users are assumed active on their first day, so at staleness s
    their share of requests is g*s / (p + g*s) with g new users per day and p the active share.
    """
    _check_batch_inputs(users, every_hours, active_fraction, lookup_ms, new_users_per_day)
    cost = ServiceCost(setup_ms, per_row_ms, "")
    arrivals = queueing.arrival_times(pattern, rate, n_requests, seed)
    core_seconds_per_run = users * float(cost.call_ms(BATCH_JOB_BATCH)) / BATCH_JOB_BATCH / 1000.0
    run_hours = core_seconds_per_run / BATCH_JOB_CORES / 3600.0
    day_hours = arrivals / arrivals[-1] * 24.0
    if every_hours > 24:  # runs every few days: a request falls on any day of the cycle
        cycle_days = round(every_hours / 24)
        day = np.random.default_rng([seed, 2]).integers(0, cycle_days, day_hours.size)
        day_hours = day_hours + 24.0 * day
    staleness = staleness_of(day_hours, every_hours, run_hours)
    new_share = new_users_per_day * staleness / 24.0
    runs_per_day = 24.0 / every_hours
    counts, edges = np.histogram(staleness, bins=48, range=(0.0, every_hours + min(run_hours, every_hours)))
    p50, p95 = np.percentile(staleness, [50, 95])
    return BatchPrecompute(
        users=users,
        every_hours=every_hours,
        active_fraction=active_fraction,
        lookup_ms=lookup_ms,
        new_users_per_day=new_users_per_day,
        run_hours=run_hours,
        core_hours_per_day=core_seconds_per_run * runs_per_day / 3600.0,
        predictions_per_day=users * runs_per_day,
        p50=float(_lookup_quantiles(lookup_ms, np.array(0.5))),
        p95=float(_lookup_quantiles(lookup_ms, np.array(0.95))),
        p99=float(_lookup_quantiles(lookup_ms, np.array(0.99))),
        quantiles=_lookup_quantiles(lookup_ms, QUANTILE_LEVELS),
        exceed=1.0 - ndtr(np.log(np.array(SLA_CHOICES_MS) / lookup_ms) / LOOKUP_SIGMA),
        staleness_edges=edges,
        staleness_counts=counts,
        staleness_p50=float(p50),
        staleness_p95=float(p95),
        fallback_share=float(np.mean(new_share / (active_fraction + new_share))),
    )


def _check_batch_inputs(
    users: int, every_hours: float, active_fraction: float, lookup_ms: float, new_users_per_day: float
) -> None:
    if int(users) != users or users < 1:
        raise UserFacingError(f"The number of users must be a whole number of at least 1; got {users!r}.")
    if not (np.isfinite(every_hours) and every_hours > 0):
        raise UserFacingError(f"The interval between batch runs must be positive; got {every_hours!r}.")
    if every_hours > 24 and abs(every_hours / 24 - round(every_hours / 24)) > 1e-9:
        raise UserFacingError("An interval longer than a day must be a whole number of days.")
    if not 0 < active_fraction <= 1:
        raise UserFacingError(f"The active share of users must be in (0, 1]; got {active_fraction!r}.")
    if not (np.isfinite(lookup_ms) and lookup_ms > 0):
        raise UserFacingError(f"The lookup latency must be greater than 0 ms; got {lookup_ms!r}.")
    if not 0 <= new_users_per_day <= 1:
        raise UserFacingError(f"New users per day must be between 0% and 100%; got {new_users_per_day!r}.")


# --------------------------------------------------------------------------- cost


def format_load(load: float) -> str:
    """Offered load for a sentence: two decimals near 1, whole numbers with separators beyond 100."""
    return f"{load:,.0f}" if load >= 100 else f"{load:.2f}"


def realtime_cost_per_million(result: ModeResult, price_per_core_hour: float) -> float:
    """Dollars per million predictions served: the replicas run (and are paid) all the time.

    When no request finishes inside the simulated window (a call slower than the whole
    window), the long-run served rate, min(arrival rate, capacity), stands in for throughput.
    """
    _check_price(price_per_core_hour)
    dollars_per_second = result.replicas * price_per_core_hour / 3600.0
    served = result.throughput if result.throughput > 0 else min(result.load, 1.0) * result.capacity
    return dollars_per_second / served * 1e6


def batch_cost_per_million(batch: BatchPrecompute, rate: float, price_per_core_hour: float) -> float:
    """Dollars per million requests served from the precomputed table (the lookup store not counted)."""
    _check_price(price_per_core_hour)
    return batch.core_hours_per_day * price_per_core_hour / (rate * SECONDS_PER_DAY) * 1e6


def _check_price(price: float) -> None:
    if not (np.isfinite(price) and price > 0):
        raise UserFacingError(f"The price per core-hour must be greater than $0; got {price!r}.")


# --------------------------------------------------------------------------- formatting


def format_ms(ms: float) -> str:
    """A duration given in ms, with two significant figures and a readable unit."""
    if not np.isfinite(ms):
        return "∞"
    for limit, unit, scale in ((1.0, "µs", 1000.0), (1000.0, "ms", 1.0), (60_000.0, "s", 1e-3)):
        if ms < limit:
            return f"{_two_figures(ms * scale)} {unit}"
    if ms < 3_600_000.0:
        return f"{_two_figures(ms / 60_000.0)} min"
    return f"{_two_figures(ms / 3_600_000.0)} h"


def format_sla(ms: float) -> str:
    """A round latency target: '2 ms', '500 ms', '1 s'."""
    return f"{ms:g} ms" if ms < 1000 else f"{ms / 1000:g} s"


def format_hours(hours: float) -> str:
    """Hours as '12 h', '1.5 h', '45 min' or '2.0 days'."""
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{_two_figures(hours)} h"
    return f"{hours / 24:.1f} days"


def _two_figures(x: float) -> str:
    """'1,234', '42', '4.2', '0.42'."""
    if x >= 10:
        return f"{x:,.0f}"
    return f"{x:.1f}" if x >= 1 else f"{x:.2g}"


SMALLEST_SHOWN_COST = 1e-4  # key numbers show smaller costs as "<$0.0001" (the table spells them out)


def _short_money(dollars: float) -> str:
    return f"<${SMALLEST_SHOWN_COST:g}" if dollars < SMALLEST_SHOWN_COST else format_money(dollars)


def format_money(dollars: float) -> str:
    """'$12,345', '$1.20', '$0.028', '$0.0000019': two significant figures below $1, never exponents."""
    if dollars >= 100:
        return f"${dollars:,.0f}"
    if dollars >= 1:
        return f"${dollars:.2f}"
    if dollars <= 0:
        return "$0"
    decimals = int(-np.floor(np.log10(dollars))) + 1
    return f"${dollars:.{decimals}f}"


def format_rate(per_second: float) -> str:
    """'850 req/s', '12,000 req/s', '4.2 req/s'."""
    return f"{per_second:,.0f} req/s" if per_second >= 10 else f"{per_second:.2g} req/s"


def format_share(share: float) -> str:
    """A share as a percentage with sensible precision: '0%', '0.04%', '3.2%', '47%'."""
    percent = 100.0 * share
    if percent == 0:
        return "0%"
    if percent < 0.01:
        return "<0.01%"
    if percent < 0.1:
        return f"{percent:.2f}%"
    return f"{percent:.1f}%" if percent < 10 else f"{percent:.0f}%"


# --------------------------------------------------------------------------- key numbers


@dataclass(frozen=True)
class Reading:
    """One number: a short label, its formatted value, an optional explanation, and whether it is one
    of the few key numbers shown large (the others go in the comparison table)."""

    label: str
    value: str
    help: str | None = None
    key: bool = False
    full: str | None = None  # the value spelled out, for the table, when ``value`` is abbreviated

    @property
    def table_value(self) -> str:
        """The value as the comparison table shows it."""
        return self.full or self.value


def comparison_table(modes: Sequence[tuple[str, Sequence[Reading]]]) -> tuple[list[str], list[list[str]]]:
    """Every number of every mode, aligned by label: (row labels, one column of values per mode;
    '—' where a mode has no such number)."""
    rows: list[str] = []
    for _, readings in modes:
        rows += [r.label for r in readings if r.label not in rows]
    columns = [
        [{r.label: r.table_value for r in readings}.get(row, "—") for row in rows] for _, readings in modes
    ]
    return rows, columns


def realtime_readings(result: ModeResult, sla_ms: float, price_per_core_hour: float) -> list[Reading]:
    """Every number of a real-time mode; an overloaded mode's percentiles read 'unbounded'."""
    run = f"{result.n_requests:,}-request run"
    readings = []
    for name, value in (("p50", result.p50), ("p95", result.p95), ("p99", result.p99)):
        if result.overloaded:
            note = f"Unbounded: reached {format_ms(value)} in this {run} and grows with its length."
            readings.append(Reading(name, "∞", note, key=name == "p99", full="unbounded"))
        else:
            note = f"Latency percentile over the {run}."
            readings.append(Reading(name, format_ms(value), note, key=name == "p99"))
    rising = " ↑" if result.overloaded else ""
    replicas = _replicas(result.replicas)
    cost = realtime_cost_per_million(result, price_per_core_hour)
    return [
        *readings,
        Reading(
            f"Over {format_sla(sla_ms)} SLA",
            format_share(result.sla_violation(sla_ms)) + rising,
            "Share of requests slower than the SLA" + (", rising while the queue grows." if rising else "."),
            key=True,
        ),
        Reading(
            "Throughput",
            format_rate(result.throughput),
            f"Answered per second; capacity {format_rate(result.capacity)} with {replicas}.",
        ),
        Reading(
            "Utilisation", format_share(result.utilisation), f"Busy share of {replicas}' time.", key=True
        ),
        Reading(
            "$ per million",
            format_money(cost),
            f"{replicas} at ${price_per_core_hour:g}/core-hour.",
            key=True,
        ),
        Reading("Staleness", "0 s", "Computed at request time from the request's own features."),
        Reading("Mean batch", f"{result.mean_batch:.1f}", "Requests per predict call."),
    ]


def batch_readings(
    batch: BatchPrecompute, sla_ms: float, rate: float, price_per_core_hour: float
) -> list[Reading]:
    """Every number of the offline batch precompute mode (latencies are those of the lookup)."""
    lookup = "Key-value lookup latency"
    dollars = batch_cost_per_million(batch, rate, price_per_core_hour)
    work = f"{batch.core_hours_per_day:,.2g} core-hours a day of precompute; the lookup store not counted."
    if dollars < SMALLEST_SHOWN_COST:
        work = f"{format_money(dollars)}: " + work
    return [
        Reading("p50", format_ms(batch.p50), f"{lookup} (log-normal around the median you set)."),
        Reading("p95", format_ms(batch.p95), lookup + "."),
        Reading("p99", format_ms(batch.p99), lookup + ".", key=True),
        Reading(
            f"Over {format_sla(sla_ms)} SLA",
            format_share(batch.sla_violation(sla_ms)),
            "Of lookups.",
            key=True,
        ),
        Reading("Throughput", format_rate(rate), "Every request is a lookup."),
        Reading("$ per million", _short_money(dollars), work, key=True, full=format_money(dollars)),
        Reading(
            "Staleness",
            format_hours(batch.staleness_p50),
            f"Median age of the prediction served; p95 {format_hours(batch.staleness_p95)}.",
            key=True,
        ),
        Reading("Predictions a day", f"{batch.predictions_per_day:,.0f}", "Every user, every run."),
        Reading("Wasted work", format_share(batch.wasted_share), "Predictions made for users who never ask."),
        Reading(
            "Cold-start", format_share(batch.fallback_share), "Requests from users too new to be scored."
        ),
    ]


def overload_warnings(one: ModeResult, batched: ModeResult, rate: float, batch: BatchPrecompute) -> list[str]:
    """One sentence per mode whose queue grows without bound (offered load >= 1) or whose runs pile up."""
    notes = []
    for result, remedy in (
        (one, f"add replicas (at least {int(np.floor(rate / (one.capacity / one.replicas))) + 1}) or batch"),
        (batched, "raise the maximum batch size or add replicas"),
    ):
        if result.overloaded:
            replicas = _replicas(result.replicas, verb=("serves", "serve"))
            notes.append(
                f"**{result.name} is overloaded:** {format_rate(rate)} arrive but {replicas} at "
                f"most {format_rate(result.capacity)} (load {format_load(result.load)}). "
                f"The queue grows by about {format_rate(result.backlog_growth)} without bound, "
                "so its latency percentiles are shown as unbounded: any finite number would only "
                "measure how long the simulation ran. "
                f"To fix it, {remedy}."
            )
    if batch.run_overlaps:
        notes.append(
            f"**Offline batch precompute cannot keep up:** one run over {batch.users:,} users takes "
            f"{format_hours(batch.run_hours)} on {BATCH_JOB_CORES} cores, longer than the "
            f"{format_hours(batch.every_hours)} between runs, so runs would pile up."
        )
    return notes


# --------------------------------------------------------------------------- figures


def _log_axis(title: str, **extra: object) -> Json:
    return charts.axis(title, type="log", **extra)


def timing_figure(timing: ServiceTiming, used: ServiceCost) -> go.Figure:
    """Measured predict time per call (left) and per prediction (right) against the batch size,
    with the fitted line t(b) = a + c*b and, when set by hand, the line the simulation uses."""
    b = timing.batch_sizes.astype(np.float64)
    line_b = np.geomspace(1, b[-1], 60)
    error = {"type": "data", "symmetric": False, "color": REFERENCE_COLOUR, "thickness": 1, "width": 3}
    traces: list[Json] = []
    for axes, per_prediction in (("", False), ("2", True)):
        per, line_per = (b, line_b) if per_prediction else (1.0, 1.0)
        show = not per_prediction
        traces.append(
            {
                "type": "scatter",
                "x": b,
                "y": timing.median_ms / per,
                "mode": "markers",
                "name": f"Measured median ({timing.label})",
                "legendgroup": "measured",
                "showlegend": show,
                "marker": {"color": PALETTE[0], "size": 8},
                "error_y": {
                    **error,
                    "array": (timing.high_ms - timing.median_ms) / per,
                    "arrayminus": (timing.median_ms - timing.low_ms) / per,
                },
                "xaxis": f"x{axes}",
                "yaxis": f"y{axes}",
                "hovertemplate": "Batch of %{x:.0f}<br>%{y:.3g} ms<extra></extra>",
            }
        )
        fit = timing.fit
        traces.append(
            _cost_line(
                line_b, fit.call_ms(line_b) / line_per, _fit_name(fit), PALETTE[0], axes=axes, show=show
            )
        )
        if used is not fit:
            hand = _fit_name(used, "set by hand")
            traces.append(
                _cost_line(
                    line_b, used.call_ms(line_b) / line_per, hand, HIGHLIGHT_COLOUR, axes=axes, show=show
                )
            )
    layout = {
        "xaxis": _log_axis("Batch size (rows per call)", domain=[0.0, 0.45]),
        "yaxis": _log_axis("Time per call (ms)", dtick=1),
        "xaxis2": _log_axis("Batch size (rows per call)", domain=[0.55, 1.0]),
        "yaxis2": _log_axis("Time per prediction (ms)", anchor="x2", dtick=1),
    }
    return charts.figure(traces, layout)


def _fit_name(cost: ServiceCost, source: str = "fit") -> str:
    return f"t(b) = {format_ms(cost.setup_ms)} + {format_ms(cost.per_row_ms)} × b ({source})"


def _cost_line(x: Array, y: Array, name: str, colour: str, *, axes: str, show: bool) -> Json:
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": name,
        "legendgroup": name,
        "showlegend": show,
        "line": {"color": colour, "dash": "dash" if colour == PALETTE[0] else "solid"},
        "xaxis": f"x{axes}",
        "yaxis": f"y{axes}",
        "hovertemplate": "Batch of %{x:.0f}<br>%{y:.3g} ms<extra>" + name + "</extra>",
    }


@dataclass(frozen=True)
class CurveSpec:
    """One latency distribution to draw."""

    name: str
    quantiles: Array
    p99: float
    overloaded: bool
    colour: str


def latency_cdf_figure(curves: Sequence[CurveSpec], sla_ms: float) -> go.Figure:
    """Cumulative share of requests answered within each latency (log axis), with each p99 and the SLA."""
    levels = QUANTILE_LEVELS * 100
    traces: list[Json] = []
    for curve in curves:
        name = curve.name + (" (overloaded: grows with the run)" if curve.overloaded else "")
        x = np.maximum(curve.quantiles, 1e-3)
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": levels,
                "mode": "lines",
                "name": name,
                "line": {"color": curve.colour, "width": 2.5, "dash": "dot" if curve.overloaded else "solid"},
                "hovertemplate": "%{y:.2f}% within %{x:.3g} ms<extra>" + curve.name + "</extra>",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": [max(curve.p99, 1e-3)],
                "y": [99.0],
                "mode": "markers",
                "showlegend": False,
                "marker": {"color": curve.colour, "size": 10, "symbol": "diamond"},
                "hovertemplate": f"p99 {format_ms(curve.p99)}<extra>{curve.name}</extra>",
            }
        )
    layout = {
        "xaxis": _log_axis("Latency (ms, log scale)"),
        "yaxis": charts.axis("Requests answered within (%)", range=[0, 101]),
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": sla_ms,
                "x1": sla_ms,
                "y0": 0,
                "y1": 1,
                "line": {"color": HIGHLIGHT_COLOUR, "dash": "dash", "width": 2},
            }
        ],
        "annotations": [
            {
                "x": float(np.log10(sla_ms)),
                "y": 0.02,
                "xref": "x",
                "yref": "paper",
                "text": f"SLA {format_sla(sla_ms)}",
                "showarrow": False,
                "xanchor": "left",
                "bgcolor": "rgba(255,255,255,0.8)",
                "font": {"color": HIGHLIGHT_COLOUR},
            }
        ],
    }
    return charts.figure(traces, layout)


def queue_figure(results: Sequence[ModeResult]) -> go.Figure:
    """Requests in the system over time for each real-time mode, over the arrival rate (grey)."""
    first = results[0]
    traces: list[Json] = [
        {
            "type": "scatter",
            "x": first.queue_times,
            "y": first.arrival_rate,
            "mode": "lines",
            "name": "Arrival rate (right axis)",
            "line": {"color": "rgba(127,127,127,0.5)", "width": 1, "shape": "hv"},
            "fill": "tozeroy",
            "fillcolor": "rgba(127,127,127,0.15)",
            "yaxis": "y2",
            "hovertemplate": "t = %{x:.3g} s<br>%{y:,.0f} req/s<extra></extra>",
        }
    ]
    for result, colour in zip(results, MODE_COLOURS, strict=False):
        traces.append(
            {
                "type": "scatter",
                "x": result.queue_times,
                "y": result.in_system,
                "mode": "lines",
                "name": result.name,
                "line": {"color": colour, "width": 2},
                "hovertemplate": "t = %{x:.3g} s<br>%{y:,} in system<extra>" + result.name + "</extra>",
            }
        )
    layout = {
        "xaxis": charts.axis("Time since the start of the simulation (s)"),
        "yaxis": charts.axis("Requests waiting or in service", rangemode="tozero"),
        "yaxis2": charts.axis(
            "Arrival rate (req/s)", overlaying="y", side="right", rangemode="tozero", showgrid=False
        ),
    }
    return charts.figure(traces, layout)


def staleness_figure(batch: BatchPrecompute) -> go.Figure:
    """Histogram of the age of the predictions requests are served, in hours."""
    edges = batch.staleness_edges
    share = batch.staleness_counts / batch.staleness_counts.sum() * 100
    median = batch.staleness_p50
    traces: list[Json] = [
        {
            "type": "bar",
            "x": (edges[:-1] + edges[1:]) / 2,
            "y": share,
            "width": np.diff(edges),
            "name": "Requests",
            "marker": {"color": MODE_COLOURS[2], "line": {"width": 0}},
            "hovertemplate": "%{x:.1f} h old: %{y:.2f}% of requests<extra></extra>",
            "showlegend": False,
        }
    ]
    layout = {
        "xaxis": charts.axis("Age of the prediction served (hours)", range=[0, float(edges[-1])]),
        "yaxis": charts.axis("Share of requests (%)", rangemode="tozero"),
        "bargap": 0.05,
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": median,
                "x1": median,
                "y0": 0,
                "y1": 1,
                "line": {"color": REFERENCE_COLOUR, "dash": "dash", "width": 2},
            }
        ],
        "annotations": [
            {
                "x": median,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "text": f"median {format_hours(median)}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        ],
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- what to notice


def _replicas(count: int, verb: tuple[str, str] | None = None) -> str:
    """'one replica', '3 replicas'; with ``verb`` = (singular, plural) followed by the agreeing verb."""
    noun = "one replica" if count == 1 else f"{count} replicas"
    return noun if verb is None else f"{noun} {verb[0] if count == 1 else verb[1]}"


def _service_sentence(cost: ServiceCost, max_batch: int) -> str:
    """What batching saves per prediction, from the service-time line in use."""
    single = float(cost.call_ms(1))
    batched = float(cost.call_ms(max_batch))
    ratio = single / (batched / max_batch)
    source = "as measured" if cost.source.startswith("measured") else "as set by hand"
    return (
        f"Each predict call costs a = {format_ms(cost.setup_ms)} plus c = {format_ms(cost.per_row_ms)} "
        f"per row ({source}), so a batch of {max_batch} takes {format_ms(batched)}: {ratio:.1f}× less per "
        f"prediction than {format_ms(single)} one at a time. That fixed cost a is what batching amortises."
    )


def _one_per_call_sentence(one: ModeResult, rate: float, sla_ms: float, cost: ServiceCost) -> str:
    if one.overloaded:
        return (
            f"At {format_rate(rate)} {_replicas(one.replicas, verb=('saturates', 'saturate'))} (capacity "
            f"{format_rate(one.capacity)}): the queue grows by {format_rate(one.backlog_growth)} and p99 had "
            f"reached {format_ms(one.p99)} after {one.n_requests:,} requests, with no steady state; one "
            "request per call needs at least "
            f"{replicas_needed(cost, rate)} replicas just to keep up."
        )
    return (
        f"At {format_rate(rate)}, one request per call keeps {_replicas(one.replicas)} "
        f"{format_share(one.utilisation)} busy: p50 {format_ms(one.p50)}, p99 {format_ms(one.p99)}, and "
        f"{format_share(one.sla_violation(sla_ms))} of requests miss the {format_sla(sla_ms)} SLA."
    )


def _batching_sentence(
    one: ModeResult, batched: ModeResult, max_batch: int, max_wait_ms: float, price: float
) -> str:
    setting = f"Dynamic batching with B = {max_batch} and W = {format_ms(max_wait_ms)}"
    setting += f" on {_replicas(batched.replicas)}"
    share = realtime_cost_per_million(batched, price) / realtime_cost_per_million(one, price)
    cost = (
        "at the same cost" if abs(share - 1) <= 0.005 else f"at {format_share(share)} of the cost per million"
    )
    if batched.overloaded:
        return (
            f"{setting} is overloaded too (capacity {format_rate(batched.capacity)} with full batches): "
            "raise B or add replicas."
        )
    calls = f"averages {batched.mean_batch:.1f} requests a call"
    if one.overloaded:
        return (
            f"{setting} {calls} and holds p99 at {format_ms(batched.p99)} {cost}, where one request per call "
            "has no steady state."
        )
    if batched.p50 > one.p50 * 1.05 and batched.mean_batch < 1.5:
        return (
            f"{setting} {calls}: at this load there is little to batch, so requests mostly just wait "
            f"(p50 {format_ms(one.p50)} → {format_ms(batched.p50)}, p99 {format_ms(one.p99)} → "
            f"{format_ms(batched.p99)}) {cost}."
        )
    verb = "holds p99 at" if batched.p99 <= one.p99 else "raises p99 to"
    return (
        f"{setting} {calls} and {verb} {format_ms(batched.p99)} (one per call: {format_ms(one.p99)}) {cost}, "
        f"with its replicas {format_share(batched.utilisation)} busy."
    )


def _batch_sentence(batch: BatchPrecompute, one: ModeResult, rate: float, price: float) -> str:
    cost = batch_cost_per_million(batch, rate, price)
    realtime = realtime_cost_per_million(one, price)
    return (
        f"Precomputing {batch.users:,} users every {format_hours(batch.every_hours)} costs "
        f"{format_money(cost)} per million requests (one per call: {format_money(realtime)}), but "
        f"{format_share(batch.wasted_share)} of that work scores users who never ask, predictions are a "
        f"median {format_hours(batch.staleness_p50)} old (95th percentile "
        f"{format_hours(batch.staleness_p95)}), and "
        f"{format_share(batch.fallback_share)} of requests come from users too new to have one."
    )


def _peak_sentence(pattern: str, seed: int, rate: float, one: ModeResult) -> str | None:
    if pattern == "poisson" or one.overloaded:
        return None
    profile = queueing.rate_profile(pattern, seed)
    share = peak_overload_share(pattern, seed, rate, one.capacity)
    peak = f"the {queueing.PATTERNS[pattern].lower()} pattern peaks at {profile.max():.1f}× the mean rate"
    if share == 0:
        return (
            f"Even though {peak} ({format_rate(rate * profile.max())}), one request per call stays below "
            "capacity throughout."
        )
    return (
        f"The average load is {one.load:.2f}, but {peak} ({format_rate(rate * profile.max())}), above "
        f"one-per-call capacity for {format_share(share)} of the time: queues build during peaks and drain "
        "after, which is "
        "where the tail latency comes from. Capacity is planned for the peak, not the mean."
    )


def what_to_notice(
    *,
    cost: ServiceCost,
    one: ModeResult,
    batched: ModeResult,
    batch: BatchPrecompute,
    pattern: str,
    seed: int,
    rate: float,
    max_batch: int,
    max_wait_ms: float,
    sla_ms: float,
    price: float,
) -> list[str]:
    """Four or five sentences computed from the live results."""
    notes = [
        _service_sentence(cost, max_batch),
        _one_per_call_sentence(one, rate, sla_ms, cost),
        _batching_sentence(one, batched, max_batch, max_wait_ms, price),
    ]
    peak = _peak_sentence(pattern, seed, rate, one)
    if peak:
        notes.append(peak)
    notes.append(_batch_sentence(batch, one, rate, price))
    return notes


# --------------------------------------------------------------------------- interview notes


INTERVIEW = InterviewGuide(
    talking_points=(
        "Start from the product: how fresh must a prediction be, and how many distinct inputs are there?",
        "Batch precompute turns serving into a key-value lookup: cheap, fast and robust, but stale.",
        "Real time sees the request's own context (query, session, cart) that no nightly job can know.",
        "Latency = queueing + batching wait + compute; near saturation queueing dominates the tail.",
        "Quote p99 against an SLA, not the mean: users feel the tail, and fan-out multiplies it.",
        "Utilisation above ~70-80% makes the tail explode; plan capacity for the peak, not the average.",
        "A model's fixed per-call cost (Python overhead, kernel launch, network) is what batching amortises.",
        "Dynamic batching trades a bounded wait W for throughput; it pays off when a ≫ c.",
        "Hybrid is common: precompute candidates or embeddings in batch, rank them in real time.",
    ),
    pick_when={
        "Offline batch precompute": (
            "The key space is bounded and known: every user, every item, every pair you care about.",
            "Predictions can be hours old: daily recommendations, churn scores, email campaigns.",
            "The model is heavy and its features are expensive to compute at request time.",
            "Most of the base is active, so little precompute is wasted.",
        ),
        "Real time, one request per call": (
            "Inputs are unseen or unbounded: search queries, fraud on a new transaction, free text.",
            "The request's context matters: session, location, what is in the cart right now.",
            "Traffic is light or the model is cheap per call, so batching has little to amortise.",
        ),
        "Real time with dynamic batching": (
            "Per-call overhead dominates (GPUs, large models, Python services) and traffic is high.",
            "The SLA leaves room for a few milliseconds of deliberate waiting.",
            "Servers such as Triton, TorchServe or BentoML already offer it as configuration.",
        ),
    },
    pitfalls=(
        "Sizing replicas for the mean rate: any burst then queues, and the tail latency explodes.",
        "Quoting average latency: a healthy mean can hide a p99 that breaks the SLA.",
        "Batching at light load: requests wait W for company that never comes.",
        "Precomputing for everyone when few are active: most of the compute is thrown away.",
        "Forgetting cold start: new users or items have no precomputed prediction until the next run.",
        "Training-serving skew: batch features computed one way offline, real-time features another way.",
        "Letting a queue grow without bound instead of shedding load or autoscaling before saturation.",
    ),
    follow_ups=(
        "Traffic doubles during a sale: what happens to p99, and how do you autoscale in time?",
        "How would you serve recommendations for a user who signed up a minute ago?",
        "Where does a feature store fit, and how does it keep offline and online features consistent?",
        "Your model moves to a GPU with a 5 ms launch cost: how do you set B and W?",
        "How do you combine a nightly candidate list with real-time re-ranking?",
        "How would you detect that precomputed predictions have gone stale or stopped refreshing?",
    ),
)
