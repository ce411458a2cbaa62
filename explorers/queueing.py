"""Queue simulators for model serving: FIFO with k replicas, and dynamic (micro-)batching.

Pure numpy. Times are in seconds; ``arrivals`` is always sorted ascending. Every simulator returns,
for each request in arrival order, the time its prediction is returned (its departure).

How each one avoids a Python loop per request (50,000 requests on the 2-core development machine,
shared with other work, so every figure is high; an exact heap-based event loop in pure Python takes
10-35 ms there):

- One replica, any service times: Lindley's recursion D_n = max(A_n, D_{n-1}) + S_n unrolls to
  D_n = C_n + max_{m<=n}(A_m - C_{m-1}) with C the cumulative service, i.e. ``np.cumsum`` and
  ``np.maximum.accumulate`` (0.4-0.5 ms).
- k replicas, the same service time for every request (the serving case: t(1) = a + c): start times are
  non-decreasing in FIFO order, so with equal service times request n always takes the replica that
  request n - k used. The k interleaved subsequences are k independent one-replica queues, solved
  together as the columns of an (n/k) x k array (0.35 ms).
- k replicas, service times that differ (the M/M/c check): the exact earliest-free-replica heap loop.
- Dynamic batching: a batch is cut when a replica is free and either B requests are waiting or the
  oldest has waited W. Long stretches are solved vectorised and then verified, and only the batches in
  between go through a scalar loop (about 0.5 us a batch): a stretch whose batches the arrivals alone
  decide (each closes at its B-th request or its deadline, and nothing more arrives before it starts)
  is k columns of Lindley's recursion as above, and so is a stretch of full batches (all of size B,
  hence of equal service time). Light and heavy load are thus mostly vectorised (2-10 ms); a moderate
  load at which late batches keep taking in more requests falls back to the loop (up to ~25 ms,
  against 30-50 ms for the plain loop everywhere).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.errors import UserFacingError

Array = np.ndarray


def _check_arrivals(arrivals: Array) -> Array:
    """``arrivals`` as a 1-D float array, sorted and finite, or UserFacingError."""
    a = np.asarray(arrivals, dtype=np.float64)
    if a.ndim != 1 or a.size == 0 or not np.isfinite(a).all():
        raise UserFacingError("Arrival times must be a non-empty 1-D array of finite numbers.")
    if a.size > 1 and np.any(np.diff(a) < 0):
        raise UserFacingError("Arrival times must be sorted ascending.")
    return a


def _check_servers(servers: int) -> int:
    if int(servers) != servers or servers < 1:
        raise UserFacingError(
            f"The number of replicas must be a whole number of at least 1; got {servers!r}."
        )
    return int(servers)


# --------------------------------------------------------------------------- FIFO, one request per call


def lindley_departures(arrivals: Array, service: Array) -> Array:
    """Departures of a one-replica FIFO queue with per-request ``service`` times (any distribution)."""
    a = _check_arrivals(arrivals)
    s = np.broadcast_to(np.asarray(service, dtype=np.float64), a.shape)
    done = np.cumsum(s)
    return done + np.maximum.accumulate(a - (done - s))


def constant_service_departures(arrivals: Array, service: float, servers: int) -> Array:
    """Departures of a k-replica FIFO queue where every request takes ``service`` seconds.

    Request n takes the replica request n - k used (start times never decrease and service times are
    equal), so D_n = max(A_n, D_{n-k}) + S: k independent one-replica queues, one per column.
    """
    a = _check_arrivals(arrivals)
    k = _check_servers(servers)
    if not service > 0:
        raise UserFacingError(f"The service time must be greater than 0; got {service!r}.")
    rows = -(-a.size // k)
    padded = np.full(rows * k, np.inf)
    padded[: a.size] = a
    columns = padded.reshape(rows, k)
    position = np.arange(rows, dtype=np.float64)[:, None] * service
    # D_q = max_{l<=q}(A_l + (q - l + 1) S) = (q + 1) S + max_{l<=q}(A_l - l S), per column
    departures = np.maximum.accumulate(columns - position, axis=0) + position + service
    return departures.reshape(-1)[: a.size]


def heap_departures(arrivals: Array, service: Array, servers: int) -> Array:
    """Departures of a k-replica FIFO queue with arbitrary service times (exact event loop)."""
    a = _check_arrivals(arrivals)
    k = _check_servers(servers)
    s = np.broadcast_to(np.asarray(service, dtype=np.float64), a.shape)
    free = [0.0] * k
    out = np.empty(a.size)
    replace = heapq.heapreplace
    for n, (arrive, work) in enumerate(zip(a.tolist(), s.tolist(), strict=True)):
        start = free[0] if free[0] > arrive else arrive
        out[n] = start + work
        replace(free, start + work)
    return out


def fifo_departures(arrivals: Array, service: float | Array, servers: int) -> Array:
    """Departures of a k-replica FIFO queue, by the fastest exact method for the input."""
    k = _check_servers(servers)
    s = np.asarray(service, dtype=np.float64)
    if k == 1:
        return lindley_departures(arrivals, s)
    if s.ndim == 0 or (s.size > 0 and np.all(s == s.flat[0])):
        return constant_service_departures(arrivals, float(s.flat[0]), k)
    return heap_departures(arrivals, s, k)


# --------------------------------------------------------------------------- dynamic batching


@dataclass(frozen=True)
class BatchSchedule:
    """Batches in dispatch order: request ``starts[j]`` to ``starts[j] + sizes[j] - 1`` leave together."""

    dispatch: Array  # when each batch starts on a replica (s)
    sizes: Array  # requests per batch
    service: Array  # how long each batch takes (s)

    @property
    def starts(self) -> Array:
        """Index of each batch's first request."""
        return np.cumsum(self.sizes) - self.sizes

    def departures(self) -> Array:
        """Per request, in arrival order: when its batch finishes."""
        return np.repeat(self.dispatch + self.service, self.sizes)

    @property
    def busy_seconds(self) -> float:
        """Replica-seconds spent computing."""
        return float(self.service.sum())


@dataclass
class _Batcher:
    """State of one dynamic-batching simulation; ``run`` returns the schedule."""

    arrivals: Array
    setup: float  # a: fixed cost of one call (s)
    per_row: float  # c: cost per request in the batch (s)
    max_batch: int
    max_wait: float
    servers: int

    def __post_init__(self) -> None:
        a, n, b = self.arrivals, self.arrivals.size, self.max_batch
        index = np.arange(n)
        # When the batch starting at request i closes if a replica is free: its B-th request or its deadline.
        natural = a + self.max_wait
        full = index + b - 1 < n
        natural[full] = np.minimum(natural[full], a[index[full] + b - 1])
        self.natural = natural
        self.natural_next = np.minimum(index + b, np.searchsorted(a, natural, side="right"))
        self.free: list[float] = [-np.inf] * self.servers  # a heap of the replicas' free times
        self.chunks: list[tuple[Array, Array]] = []  # (dispatch times, sizes), in order

    def _accept(self, dispatch: Array, sizes: Array) -> None:
        """Record batches and update the replicas' free times.

        The k latest finishing times become the replicas' free times: any other finishing time is
        before the last dispatch, so for every later batch that replica is simply free.
        """
        self.chunks.append((dispatch, sizes))
        ends = dispatch + (self.setup + self.per_row * sizes)
        latest = np.partition(np.concatenate([self.free, ends]), -self.servers)[-self.servers :]
        self.free = np.sort(latest).tolist()  # sorted ascending: a valid heap

    # ----------------------------------------------------------- one batch at a time

    def steps(self, i: int, count: int) -> int:
        """Dispatch up to ``count`` batches one by one from request ``i``; return the next first request.

        The hot loop of the simulation (about 0.3 us a batch), hence the local names and positions
        relative to ``i``.
        """
        n, b = self.arrivals.size, self.max_batch
        stop = min(n, i + count * _MEAN_BATCH_GUESS + b)  # a window of requests, so the lists stay short
        arrivals = self.arrivals[i:stop].tolist()
        natural = self.natural[i:stop].tolist()
        natural_next = (self.natural_next[i:stop] - i).tolist()
        size = stop - i
        last = size if stop == n else size - b
        setup, per_row, free, replace = self.setup, self.per_row, self.free, heapq.heapreplace
        dispatch: list[float] = []
        sizes: list[int] = []
        add_dispatch, add_size = dispatch.append, sizes.append
        r = 0
        while r < last and count:
            t = natural[r]
            if free[0] <= t:
                j = natural_next[r]
            else:
                t = free[0]
                j = bisect_right(arrivals, t, r, r + b if r + b < size else size)
            replace(free, t + (setup + per_row * (j - r)))
            add_dispatch(t)
            add_size(j - r)
            r = j
            count -= 1
        self.chunks.append((np.array(dispatch), np.array(sizes, dtype=np.int64)))
        return i + r

    # ----------------------------------------------------------- vectorised stretches

    def _natural_chain(self, i: int, limit: int) -> Array:
        """First requests of up to ``limit`` consecutive batches cut by the arrivals alone, from ``i``."""
        n = self.arrivals.size
        stop = min(n, i + limit * _MEAN_BATCH_GUESS + self.max_batch)
        window = self.natural_next[i:stop].tolist()
        chain, s, last = [], i, stop if stop == n else stop - self.max_batch
        while s < last and len(chain) < limit:
            chain.append(s)
            s = window[s - i]
        return np.array(chain, dtype=np.int64)

    def chain_stretch(self, i: int, limit: int) -> tuple[int, int]:
        """Batches from ``i`` whose contents the arrivals alone decide, solved as k FIFO columns.

        Each batch holds what arrived by its closing time (its B-th request or its deadline); it
        starts then, or later if every replica is busy, and is accepted while (1) no further request
        arrived before its late start (which would have joined it) and (2) the replica that batch j - k
        used is the earliest free one, or free in time anyway, so that batch j takes it: then column
        j mod k is a one-replica queue and Lindley's recursion (cumulative sums and maxima) solves it.
        Returns how many batches were accepted and the first request after them.
        """
        n, k = self.arrivals.size, self.servers
        starts = self._natural_chain(i, limit)
        count = starts.size
        if count == 0:
            return 0, i
        rows = -(-count // k)
        close = np.full(rows * k, np.inf)
        close[:count] = self.natural[starts]
        sizes = self.natural_next[starts] - starts
        service = np.zeros(rows * k)
        service[:count] = self.setup + self.per_row * sizes
        work = service.reshape(rows, k)
        before = np.cumsum(work, axis=0) - work  # each column's earlier work
        free = np.sort(self.free)
        columns = np.maximum(np.maximum.accumulate(close.reshape(rows, k) - before, axis=0), free[None, :])
        dispatch = (columns + before).reshape(-1)[:count]
        close = close[:count]
        ends = dispatch + service[:count]
        finished = np.concatenate([free, ends])  # finishing times of batch j - k, ..., j - 1 at j
        earliest = _sliding_min(finished[1:], k - 1)[:count]
        takes_its_column = (finished[:count] <= close) | (finished[:count] <= earliest)
        after = starts + sizes
        nothing_joins = (dispatch <= close) | (sizes == self.max_batch) | (after >= n)
        nothing_joins |= self.arrivals[np.minimum(after, n - 1)] > dispatch
        broken = np.flatnonzero(~(takes_its_column & nothing_joins))
        accepted = int(broken[0]) if broken.size else count
        if accepted:
            self._accept(dispatch[:accepted], sizes[:accepted])
        return accepted, int(after[accepted - 1]) if accepted else i

    def full_stretch(self, i: int, limit: int) -> tuple[int, int]:
        """Batches of exactly B from ``i``, each starting at max(closing time, earliest free replica),
        accepted while all B requests have arrived by then.

        Every full batch takes the same time, so batch j takes the replica batch j - k used and the
        first k take the replicas in order of their free times: k columns of Lindley's recursion.
        Returns how many batches were accepted and the first request after them.
        """
        n, b, k = self.arrivals.size, self.max_batch, self.servers
        count = min(limit, (n - i) // b)
        if count == 0:
            return 0, i
        starts = i + b * np.arange(count)
        service = self.setup + self.per_row * b
        rows = -(-count // k)
        close = np.full(rows * k, np.inf)
        close[:count] = self.natural[starts]
        offset = np.arange(rows, dtype=np.float64)[:, None] * service
        columns = np.maximum.accumulate(close.reshape(rows, k) - offset, axis=0)
        dispatch = (np.maximum(columns, np.sort(self.free)[None, :]) + offset).reshape(-1)[:count]
        late = np.flatnonzero(self.arrivals[starts + b - 1] > dispatch)
        accepted = int(late[0]) if late.size else count
        if accepted:
            self._accept(dispatch[:accepted], np.full(accepted, b, dtype=np.int64))
        return accepted, i + accepted * b

    # ----------------------------------------------------------- driver

    def run(self) -> BatchSchedule:
        """Alternate vectorised stretches with runs of single steps that back off while stretches fail."""
        n, b, arrivals = self.arrivals.size, self.max_batch, self.arrivals
        i, limit, backoff = 0, _FIRST_STRETCH, _FIRST_BACKOFF
        while i < n:
            free = self.free[0]
            accepted = 0
            if free <= self.natural[i] or i + b > n or arrivals[i + b - 1] > free:
                accepted, i = self.chain_stretch(i, limit)
            else:
                accepted, i = self.full_stretch(i, limit)
            if accepted >= limit // 2:
                limit, backoff = min(2 * limit, _MAX_STRETCH), _FIRST_BACKOFF
                continue
            limit = _FIRST_STRETCH
            if i < n:
                i = self.steps(i, backoff)
                backoff = min(2 * backoff, _MAX_BACKOFF)
        dispatch = np.concatenate([chunk[0] for chunk in self.chunks])
        sizes = np.concatenate([chunk[1] for chunk in self.chunks])
        return BatchSchedule(dispatch=dispatch, sizes=sizes, service=self.setup + self.per_row * sizes)


_FIRST_STRETCH = 128  # batches a vectorised stretch tries first; doubled while they succeed
_MAX_STRETCH = 1 << 16
_FIRST_BACKOFF = 16  # single steps after a stretch stops early; doubled while stretches keep failing
_MAX_BACKOFF = 4096
_MEAN_BATCH_GUESS = 4  # requests a batch is assumed to hold when sizing the window a stretch looks at


def _sliding_min(values: Array, width: int) -> Array:
    """``out[j] = min(values[j : j + width])`` (+inf for an empty window), padded with +inf at the end."""
    if width <= 0:
        return np.full(values.size, np.inf)
    out, span = values, 1
    while 2 * span <= width:
        out = np.minimum(out[:-span], out[span:])
        span *= 2
    rest = width - span
    out = np.minimum(out[: out.size - rest], out[rest:])
    return np.concatenate([out, np.full(values.size - out.size, np.inf)])


def dynamic_batching(
    arrivals: Array, *, setup: float, per_row: float, max_batch: int, max_wait: float, servers: int
) -> BatchSchedule:
    """Adaptive batching as in Triton's dynamic batcher or BentoML's adaptive batching.

    Requests queue in FIFO order. A batch closes when a replica is free and either ``max_batch``
    requests are waiting or the oldest has waited ``max_wait`` seconds (whichever is first; a replica
    that frees up after that takes what is waiting, up to ``max_batch``). A batch of b requests keeps
    its replica busy for ``setup + per_row * b`` seconds. With ``max_wait = 0`` and ``max_batch = 1``
    this is the one-request-per-call FIFO queue.
    """
    a = _check_arrivals(arrivals)
    k = _check_servers(servers)
    if int(max_batch) != max_batch or max_batch < 1:
        raise UserFacingError(
            f"The maximum batch size must be a whole number of at least 1; got {max_batch!r}."
        )
    if not (np.isfinite(max_wait) and max_wait >= 0):
        raise UserFacingError(f"The maximum wait must be 0 or more; got {max_wait!r}.")
    if not (setup >= 0 and per_row >= 0 and setup + per_row > 0):
        raise UserFacingError("The service time must be positive: a ≥ 0, c ≥ 0 and a + c > 0.")
    return _Batcher(a, float(setup), float(per_row), int(max_batch), float(max_wait), k).run()


# --------------------------------------------------------------------------- reading a trace


def counts_up_to(events: Array, end: float, steps: int) -> Array:
    """How many ``events`` (times >= 0) happened by each of ``steps + 1`` equally spaced times from 0
    to ``end``, by counting per step (no sort)."""
    step = end / steps
    index = np.minimum(np.ceil(np.asarray(events) / step), steps + 1).astype(np.int64)
    return np.cumsum(np.bincount(index, minlength=steps + 2))[: steps + 1]


# --------------------------------------------------------------------------- arrivals

PATTERNS: dict[str, str] = {
    "poisson": "Steady (Poisson)",
    "diurnal": "Diurnal",
    "bursty": "Bursty (flash crowds)",
}
DIURNAL_SWING = 0.8  # the rate goes from 0.2x the mean at night to 1.8x at midday
FLASH_CROWDS = 6  # per simulated horizon
FLASH_HEIGHT = 8.0  # a crowd adds 8x the base rate at its start...
FLASH_DECAY = 0.01  # ...decaying with this time constant (a fraction of the horizon)
PROFILE_CELLS = 2048


def rate_profile(pattern: str, seed: int, cells: int = PROFILE_CELLS) -> Array:
    """The arrival rate over the horizon, relative to its mean (so it averages 1), on ``cells`` equal cells.

    Diurnal: a sinusoid over one day compressed into the horizon, lowest at the start (midnight).
    Bursty: a base rate plus ``FLASH_CROWDS`` flash crowds at random times, each a jump that decays
    exponentially.
    """
    u = (np.arange(cells) + 0.5) / cells
    if pattern == "poisson":
        profile = np.ones(cells)
    elif pattern == "diurnal":
        profile = 1.0 - DIURNAL_SWING * np.cos(2 * np.pi * u)
    elif pattern == "bursty":
        crowds = np.sort(np.random.default_rng([seed, 1]).uniform(0.0, 0.95, FLASH_CROWDS))
        since = u[:, None] - crowds[None, :]
        jumps = np.where(since >= 0, np.exp(-np.maximum(since, 0) / FLASH_DECAY), 0.0)
        profile = 1.0 + FLASH_HEIGHT * jumps.sum(axis=1)
    else:
        raise UserFacingError(f"Unknown arrival pattern {pattern!r}; choose one of: {', '.join(PATTERNS)}.")
    return profile / profile.mean()


def arrival_times(pattern: str, rate: float, n_requests: int, seed: int) -> Array:
    """``n_requests`` arrival times (s) of a (non-homogeneous) Poisson process with mean ``rate`` per second.

    Uses time rescaling: n points of a unit-rate Poisson process conditioned on its count are uniform
    order statistics (cumulative exponential gaps, normalised), and mapping them through the inverse
    of the cumulative rate gives the arrivals of the process with that rate. The horizon is
    n_requests / rate seconds.
    """
    if not (np.isfinite(rate) and rate > 0):
        raise UserFacingError(f"The arrival rate must be greater than 0 requests per second; got {rate!r}.")
    if int(n_requests) != n_requests or n_requests < 1:
        raise UserFacingError(
            f"The number of requests must be a whole number of at least 1; got {n_requests!r}."
        )
    return _arrival_times(pattern, float(rate), int(n_requests), int(seed))


@lru_cache(maxsize=4)
def _arrival_times(pattern: str, rate: float, n: int, seed: int) -> Array:
    """The arrivals for ``arrival_times``, remembered for the few most recent settings (every serving
    mode of one view simulates the same traffic); read-only, since they are shared."""
    gaps = np.random.default_rng([seed, 0]).exponential(size=n + 1)
    unit = np.cumsum(gaps)
    unit = unit[:n] / unit[n]  # sorted, uniform on (0, 1)
    horizon = n / rate
    if pattern == "poisson":
        times = unit * horizon
    else:
        profile = rate_profile(pattern, seed)
        cumulative = np.concatenate([[0.0], np.cumsum(profile)]) / profile.sum()
        times = np.interp(unit, cumulative, np.linspace(0.0, 1.0, profile.size + 1)) * horizon
    times.flags.writeable = False
    return times
