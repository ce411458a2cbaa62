"""The real-time modes on simulated traffic: one request per call, and dynamic batching, each on k
replicas behind one FIFO queue (the simulators live in ``explorers.queueing``), summarised as latency
percentiles, SLA shares, throughput, utilisation and the queue over time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from datasets.errors import UserFacingError
from explorers import formatting, queueing
from explorers.serving.timing import CostSpec

Array = np.ndarray

SLA_CHOICES_MS: tuple[float, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
# Latency quantiles kept per mode (0 to 0.9999, denser in the tail) and the maximum.
QUANTILE_LEVELS: Array = np.append(1.0 - 10.0 ** -np.linspace(0.0, 4.0, 121), 1.0)
QUEUE_POINTS = 300


@dataclass(frozen=True)
class Traffic:
    """The simulated requests: ``n_requests`` at a mean ``rate`` per second in a ``pattern`` of
    ``queueing.PATTERNS``; the horizon they span stands for one day."""

    pattern: str
    rate: float
    n_requests: int
    seed: int

    def arrivals(self) -> Array:
        """The arrival times (s), shared read-only by every mode."""
        return queueing.arrival_times(self.pattern, self.rate, self.n_requests, self.seed)


def sla_index(sla_ms: float) -> int:
    """The position of ``sla_ms`` in SLA_CHOICES_MS, or UserFacingError."""
    for index, choice in enumerate(SLA_CHOICES_MS):
        if abs(choice - sla_ms) < 1e-9:
            return index
    choices = ", ".join(formatting.sla(x) for x in SLA_CHOICES_MS)
    raise UserFacingError(f"The SLA must be one of {choices}.")


@dataclass(frozen=True, eq=False)
class ModeResult:
    """What one real-time mode did with the simulated traffic. Latencies in ms, rates per second."""

    replicas: int
    capacity: float  # requests per second the replicas can serve at most
    load: float  # offered load: mean arrival rate / capacity (>= 1 means the queue grows without bound)
    n_requests: int
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
        return float(self.exceed[sla_index(sla_ms)])

    def replicas_needed(self, rate: float) -> int:
        """The fewest replicas like these whose capacity exceeds ``rate`` (offered load below 1)."""
        return int(np.floor(rate / (self.capacity / self.replicas))) + 1


def _quantile_of_sorted(ordered: Array, levels: Array | float) -> Array:
    """Quantiles of already sorted data (numpy's default 'linear' method)."""
    position = np.asarray(levels) * (ordered.size - 1)
    return np.interp(position, np.arange(ordered.size), ordered)


def _summarise(
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
        replicas=replicas,
        capacity=capacity,
        load=rate / capacity,
        n_requests=int(arrivals.size),
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


def simulate_one_per_call(traffic: Traffic, cost: CostSpec, replicas: int) -> ModeResult:
    """Every request is its own predict call, on the first free of ``replicas`` (FIFO)."""
    line = cost.resolve()
    arrivals = traffic.arrivals()
    service = float(line.call_ms(1)) / 1000.0
    departures = queueing.fifo_departures(arrivals, service, replicas)
    return _summarise(
        arrivals,
        departures,
        busy_seconds=service * arrivals.size,
        replicas=replicas,
        capacity=line.capacity(1, replicas),
        rate=traffic.rate,
        mean_batch=1.0,
    )


def simulate_dynamic_batching(
    traffic: Traffic, cost: CostSpec, replicas: int, max_batch: int, max_wait_ms: float
) -> ModeResult:
    """Requests wait up to ``max_wait_ms`` to share a call of at most ``max_batch`` rows."""
    line = cost.resolve()
    arrivals = traffic.arrivals()
    schedule = queueing.dynamic_batching(
        arrivals,
        setup=line.setup_ms / 1000.0,
        per_row=line.per_row_ms / 1000.0,
        max_batch=max_batch,
        max_wait=max_wait_ms / 1000.0,
        servers=replicas,
    )
    return _summarise(
        arrivals,
        schedule.departures(),
        busy_seconds=schedule.busy_seconds,
        replicas=replicas,
        capacity=line.capacity(max_batch, replicas),
        rate=traffic.rate,
        mean_batch=float(schedule.sizes.mean()),
    )


def peak_overload_share(pattern: str, seed: int, rate: float, capacity: float) -> float:
    """Share of the horizon during which the pattern's rate exceeds ``capacity``."""
    return float(np.mean(queueing.rate_profile(pattern, seed) * rate > capacity))
