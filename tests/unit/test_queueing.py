"""explorers.queueing against queueing theory (M/M/1, M/D/1, M/M/c, Little's law) and a plain event loop."""

from __future__ import annotations

from math import factorial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from datasets.errors import UserFacingError
from explorers import queueing as q

N = 200_000  # enough for the means below to land within ~1.5% (5% is asserted) at these loads


def _poisson(rate: float, seed: int, n: int = N) -> np.ndarray:
    return q.arrival_times("poisson", rate, n, seed)


def _in_system_at(arrivals: np.ndarray, departures: np.ndarray, times: np.ndarray) -> np.ndarray:
    """How many requests have arrived but not yet left at each of ``times`` (waiting or in service)."""
    arrived = np.searchsorted(arrivals, times, side="right")
    left = np.searchsorted(np.sort(departures), times, side="right")
    return arrived - left


def _erlang_c(servers: int, offered: float) -> float:
    """Probability that an arrival waits in M/M/c (Erlang's C formula), written out."""
    below = sum(offered**k / factorial(k) for k in range(servers))
    top = offered**servers / factorial(servers) * servers / (servers - offered)
    return top / (below + top)


def _reference_batching(arrivals, *, setup, per_row, max_batch, max_wait, servers):
    """The batching policy as a plain event loop: (dispatch times, batch sizes)."""
    a = list(arrivals)
    n, free, i = len(a), [0.0] * servers, 0
    dispatch, sizes = [], []
    while i < n:
        earliest = min(free)
        close = a[i] + max_wait
        if i + max_batch - 1 < n:
            close = min(close, a[i + max_batch - 1])
        start = max(earliest, close)
        j = i
        while j < n and j < i + max_batch and a[j] <= start:
            j += 1
        free[free.index(earliest)] = start + setup + per_row * (j - i)
        dispatch.append(start)
        sizes.append(j - i)
        i = j
    return np.array(dispatch), np.array(sizes)


# --------------------------------------------------------------------------- closed forms


def test_mm1_mean_time_in_system_is_one_over_mu_minus_lambda():
    lam, mu = 0.6, 1.0
    arrivals = _poisson(lam, seed=1)
    service = np.random.default_rng(11).exponential(1 / mu, N)
    sojourn = q.lindley_departures(arrivals, service) - arrivals
    assert sojourn.mean() == pytest.approx(1 / (mu - lam), rel=0.05)


def test_md1_mean_wait_matches_pollaczek_khinchine():
    lam, mu = 0.7, 1.0
    rho = lam / mu
    arrivals = _poisson(lam, seed=2)
    wait = q.fifo_departures(arrivals, 1 / mu, 1) - arrivals - 1 / mu
    assert wait.mean() == pytest.approx(rho / (2 * mu * (1 - rho)), rel=0.05)
    assert wait.min() >= -1e-9


@pytest.mark.parametrize(("servers", "lam"), [(2, 1.4), (3, 2.1)])
def test_mmc_waiting_probability_matches_erlang_c(servers: int, lam: float):
    mu = 1.0
    arrivals = _poisson(lam, seed=3)
    service = np.random.default_rng(13).exponential(1 / mu, N)
    start = q.fifo_departures(arrivals, service, servers) - service
    waited = np.mean(start > arrivals + 1e-12)
    assert waited == pytest.approx(_erlang_c(servers, lam / mu), rel=0.05)


def test_mmc_mean_wait_matches_erlang_c():
    servers, lam, mu = 3, 2.1, 1.0
    arrivals = _poisson(lam, seed=4)
    service = np.random.default_rng(14).exponential(1 / mu, N)
    wait = q.fifo_departures(arrivals, service, servers) - service - arrivals
    assert wait.mean() == pytest.approx(_erlang_c(servers, lam / mu) / (servers * mu - lam), rel=0.05)


def test_littles_law_holds_on_the_trace():
    lam, servers = 2.5, 3
    arrivals = _poisson(lam, seed=5, n=50_000)
    departures = q.fifo_departures(arrivals, 1.0, servers)
    end = departures.max()
    # time-average number in system, counted independently on a fine grid (midpoint rule)
    grid = np.linspace(0.0, end, 400_001)
    midpoints = (grid[:-1] + grid[1:]) / 2
    average_in_system = _in_system_at(arrivals, departures, midpoints).mean()
    throughput, mean_time = arrivals.size / end, (departures - arrivals).mean()
    assert average_in_system == pytest.approx(throughput * mean_time, rel=0.01)


def test_counting_on_a_grid_equals_searching_the_sorted_times():
    rng = np.random.default_rng(3)
    events = rng.uniform(0.0, 12.0, 5000)
    end, steps = 10.0, 300
    grid = np.linspace(0.0, end, steps + 1)
    expected = np.searchsorted(np.sort(events), grid, side="right")
    np.testing.assert_array_equal(q.counts_up_to(events, end, steps), expected)


# --------------------------------------------------------------------------- fast paths equal the event loop


@pytest.mark.parametrize("servers", [1, 2, 5, 16])
def test_constant_service_columns_equal_the_heap_loop(servers: int):
    arrivals = _poisson(3.0 * servers, seed=6, n=20_000)
    fast = q.constant_service_departures(arrivals, 0.3, servers)
    exact = q.heap_departures(arrivals, np.full(arrivals.size, 0.3), servers)
    np.testing.assert_allclose(fast, exact, rtol=0, atol=1e-9)


def test_lindley_equals_the_heap_loop_for_any_service_times():
    arrivals = _poisson(0.9, seed=7, n=20_000)
    service = np.random.default_rng(17).gamma(0.5, 2.0, arrivals.size)
    np.testing.assert_allclose(
        q.lindley_departures(arrivals, service), q.heap_departures(arrivals, service, 1), rtol=0, atol=1e-9
    )


@pytest.mark.parametrize("servers", [1, 3])
def test_batching_with_no_wait_and_batch_of_one_is_one_request_per_call(servers: int):
    arrivals = _poisson(4.0 * servers, seed=8, n=50_000)
    setup, per_row = 0.2, 0.03
    schedule = q.dynamic_batching(
        arrivals, setup=setup, per_row=per_row, max_batch=1, max_wait=0.0, servers=servers
    )
    assert np.all(schedule.sizes == 1)
    one_per_call = q.fifo_departures(arrivals, setup + per_row, servers)
    np.testing.assert_allclose(schedule.departures(), one_per_call, rtol=0, atol=1e-9)


# Regimes: light load (batches cut by the arrivals), overload (full batches), and in between.
REGIMES = [  # (arrival rate, policy)
    (100.0, {"setup": 1e-3, "per_row": 1e-5, "max_batch": 32, "max_wait": 2e-3, "servers": 1}),
    (100.0, {"setup": 1e-3, "per_row": 1e-5, "max_batch": 32, "max_wait": 0.0, "servers": 4}),
    (900.0, {"setup": 1e-3, "per_row": 1e-5, "max_batch": 2, "max_wait": 0.0, "servers": 1}),
    (1500.0, {"setup": 1e-3, "per_row": 1e-5, "max_batch": 4, "max_wait": 5e-4, "servers": 2}),
    (5000.0, {"setup": 2e-3, "per_row": 1e-4, "max_batch": 8, "max_wait": 1e-3, "servers": 3}),
    (20_000.0, {"setup": 1e-3, "per_row": 2e-5, "max_batch": 16, "max_wait": 5e-3, "servers": 2}),
    (3000.0, {"setup": 2e-2, "per_row": 5e-4, "max_batch": 64, "max_wait": 1e-2, "servers": 8}),
    (20_000.0, {"setup": 1e-3, "per_row": 1e-5, "max_batch": 4, "max_wait": 1e-3, "servers": 2}),
]


@pytest.mark.parametrize(("rate", "policy"), REGIMES)
def test_dynamic_batching_equals_a_plain_event_loop(rate: float, policy: dict):
    arrivals = _poisson(rate, seed=9, n=20_000)
    schedule = q.dynamic_batching(arrivals, **policy)
    dispatch, sizes = _reference_batching(arrivals, **policy)
    np.testing.assert_array_equal(schedule.sizes, sizes)
    np.testing.assert_allclose(schedule.dispatch, dispatch, rtol=0, atol=1e-9)


POLICIES = st.fixed_dictionaries(
    {
        "setup": st.floats(1e-6, 0.01),
        "per_row": st.floats(0.0, 0.001),
        "max_batch": st.integers(1, 40),
        "max_wait": st.sampled_from([0.0, 1e-4, 1e-3, 1e-2]),
        "servers": st.integers(1, 6),
    }
)


@settings(max_examples=60, deadline=None)
@given(
    traffic=st.tuples(st.integers(1, 300), st.floats(1.0, 5000.0), st.integers(0, 50)),
    policy=POLICIES,
    rounded=st.booleans(),
)
def test_dynamic_batching_equals_the_event_loop_on_random_inputs(traffic, policy: dict, rounded: bool):
    n, rate, seed = traffic
    arrivals = _poisson(rate, seed=seed, n=n)
    if rounded:  # many simultaneous arrivals
        arrivals = np.round(arrivals, 3)
    schedule = q.dynamic_batching(arrivals, **policy)
    dispatch, sizes = _reference_batching(arrivals, **policy)
    np.testing.assert_array_equal(schedule.sizes, sizes)
    np.testing.assert_allclose(schedule.dispatch, dispatch, rtol=0, atol=1e-9)


def test_batching_respects_the_policy():
    arrivals = _poisson(800.0, seed=10, n=30_000)
    b, w = 16, 2e-3
    schedule = q.dynamic_batching(arrivals, setup=1e-3, per_row=1e-5, max_batch=b, max_wait=w, servers=2)
    starts = schedule.starts
    assert schedule.sizes.sum() == arrivals.size
    assert schedule.sizes.max() <= b
    assert np.all(schedule.dispatch >= arrivals[starts + schedule.sizes - 1] - 1e-12), (
        "all members had arrived"
    )
    # a batch leaves early only when full: otherwise its oldest request waited the whole W (or longer)
    not_full = schedule.sizes < b
    assert np.all(schedule.dispatch[not_full] >= arrivals[starts[not_full]] + w - 1e-12)


def test_saturated_batching_runs_at_full_batch_capacity():
    setup, per_row, b, servers = 2e-3, 1e-4, 8, 2
    capacity = servers * b / (setup + per_row * b)
    arrivals = _poisson(2 * capacity, seed=12, n=40_000)
    schedule = q.dynamic_batching(
        arrivals, setup=setup, per_row=per_row, max_batch=b, max_wait=1e-3, servers=servers
    )
    assert np.mean(schedule.sizes == b) > 0.99
    assert arrivals.size / schedule.departures().max() == pytest.approx(capacity, rel=0.01)


# --------------------------------------------------------------------------- arrivals


def test_poisson_arrivals_have_the_rate_and_exponential_gaps():
    arrivals = _poisson(250.0, seed=3, n=50_000)
    assert arrivals.size == 50_000
    assert np.all(np.diff(arrivals) >= 0)
    assert arrivals.size / arrivals[-1] == pytest.approx(250.0, rel=0.02)
    gaps = np.diff(arrivals) * 250.0
    assert stats.kstest(gaps, "expon").pvalue > 0.01


@pytest.mark.parametrize("pattern", ["diurnal", "bursty"])
def test_time_rescaled_arrivals_are_a_unit_poisson_process(pattern: str):
    """Time-rescaling theorem: through the cumulative rate, a Poisson process with that rate becomes
    a unit-rate one, so the rescaled gaps are exponential with mean 1."""
    rate, n, seed = 40.0, 40_000, 4
    arrivals = q.arrival_times(pattern, rate, n, seed)
    profile = q.rate_profile(pattern, seed)
    horizon = n / rate
    edges = np.linspace(0.0, horizon, profile.size + 1)
    cumulative = np.concatenate([[0.0], np.cumsum(profile * rate * horizon / profile.size)])
    rescaled = np.interp(arrivals, edges, cumulative)
    assert stats.kstest(np.diff(rescaled), "expon").pvalue > 0.01


def test_diurnal_traffic_follows_the_day():
    arrivals = q.arrival_times("diurnal", 100.0, 100_000, 0)
    counts, _ = np.histogram(arrivals, bins=8, range=(0.0, 1000.0))
    assert counts[0] < counts[3] > counts[7], "night, midday, night"
    assert counts.max() / counts.min() > 3


def test_rate_profiles_average_one_and_bursts_peak():
    for pattern in q.PATTERNS:
        assert q.rate_profile(pattern, 1).mean() == pytest.approx(1.0)
    assert q.rate_profile("bursty", 1).max() > 4
    assert not np.array_equal(q.rate_profile("bursty", 1), q.rate_profile("bursty", 2))


def test_arrivals_are_shared_read_only():
    arrivals = q.arrival_times("poisson", 10, 100, 1)
    assert arrivals is q.arrival_times("poisson", 10, 100, 1)
    with pytest.raises(ValueError):
        arrivals[0] = 5.0


def test_arrivals_are_reproducible_from_the_seed():
    np.testing.assert_array_equal(
        q.arrival_times("bursty", 10, 1000, 7), q.arrival_times("bursty", 10, 1000, 7)
    )
    assert not np.array_equal(
        q.arrival_times("poisson", 10, 1000, 7), q.arrival_times("poisson", 10, 1000, 8)
    )


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda: q.arrival_times("weekly", 10, 100, 0),
        lambda: q.arrival_times("poisson", 0, 100, 0),
        lambda: q.arrival_times("poisson", 10, 0, 0),
        lambda: q.fifo_departures(np.array([1.0, 0.5]), 1.0, 1),
        lambda: q.fifo_departures(np.array([]), 1.0, 1),
        lambda: q.constant_service_departures(np.array([0.0, 1.0]), 0.0, 2),
        lambda: q.fifo_departures(np.array([0.0, 1.0]), 1.0, 0),
        lambda: q.dynamic_batching(
            np.array([0.0]), setup=0.0, per_row=0.0, max_batch=1, max_wait=0, servers=1
        ),
        lambda: q.dynamic_batching(
            np.array([0.0]), setup=1.0, per_row=0.0, max_batch=0, max_wait=0, servers=1
        ),
        lambda: q.dynamic_batching(
            np.array([0.0]), setup=1.0, per_row=0.0, max_batch=1, max_wait=-1, servers=1
        ),
    ],
)
def test_bad_input_raises_a_user_facing_error(call):
    with pytest.raises(UserFacingError):
        call()
