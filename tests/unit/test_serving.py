"""explorers.serving: measurement, fit, mode summaries, batch precompute, costs, figures and sentences."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy import integrate, stats

from datasets.errors import UserFacingError
from explorers import queueing as q
from explorers import serving as sx

TRAFFIC = {"pattern": "poisson", "rate": 400.0, "n_requests": 50_000, "seed": 3}
COST = {"setup_ms": 1.0, "per_row_ms": 0.01}  # capacity 990 req/s per replica one at a time
BATCH = {"users": 1_000_000, "every_hours": 24.0, "active_fraction": 0.2, "lookup_ms": 2.0}


def _one(**changes) -> sx.ModeResult:
    return sx.simulate_one_per_call(**{**TRAFFIC, **COST, "replicas": 1, **changes})


def _batched(**changes) -> sx.ModeResult:
    args = {**TRAFFIC, **COST, "replicas": 1, "max_batch": 32, "max_wait_ms": 2.0, **changes}
    return sx.simulate_dynamic_batching(**args)


def _batch(**changes) -> sx.BatchPrecompute:
    return sx.offline_batch(**{**TRAFFIC, **COST, **BATCH, "new_users_per_day": 0.01, **changes})


@pytest.fixture(scope="module")
def logreg_timing() -> sx.ServiceTiming:
    return sx.measure_service_time("logreg", 100)


# --------------------------------------------------------------------------- measurement and fit


def test_fit_recovers_an_exact_line():
    b = np.array(sx.BATCH_SIZES, dtype=float)
    a, c = sx.fit_linear_cost(b, 0.8 + 0.004 * b)
    assert a == pytest.approx(0.8)
    assert c == pytest.approx(0.004)


def test_fit_is_relative_least_squares_like_numpy_polyfit():
    rng = np.random.default_rng(0)
    b = np.array(sx.BATCH_SIZES, dtype=float)
    t = (1.5 + 0.01 * b) * rng.lognormal(0.0, 0.1, b.size)
    a, c = sx.fit_linear_cost(b, t)
    slope, intercept = np.polyfit(b, t, 1, w=1 / t)
    assert (a, c) == pytest.approx((intercept, slope), rel=1e-6)


def test_fit_keeps_a_and_c_non_negative():
    b = np.array([1.0, 2.0, 4.0, 8.0])
    a, c = sx.fit_linear_cost(b, np.array([0.1, 0.3, 0.7, 1.5]))  # unconstrained intercept is negative
    assert a == pytest.approx(0.0, abs=1e-12)
    assert c > 0


def test_measured_timing_is_sane(logreg_timing: sx.ServiceTiming):
    t = logreg_timing
    assert list(t.batch_sizes) == list(sx.BATCH_SIZES)
    assert np.all(t.median_ms > 0)
    assert np.all(t.low_ms <= t.median_ms) and np.all(t.median_ms <= t.high_ms)
    assert np.all(t.repeats >= sx.MIN_REPEATS)
    assert t.fit.setup_ms > 0 and t.fit.per_row_ms >= 0
    assert t.fit.setup_ms < t.median_ms[0] * 3, "the fit passes near the single-row time"
    assert t.median_ms[-1] > t.median_ms[0] * 0.5, "1,024 rows never cost much less than one"
    assert t.n_features == 30
    assert t.label == "Logistic regression"


@pytest.mark.parametrize("model", ["gbm", "forest"])
def test_ensembles_measure_and_bigger_ones_are_slower_per_call(model: str):
    small = sx.measure_service_time(model, 10)
    large = sx.measure_service_time(model, 100)
    assert large.median_ms[0] > small.median_ms[0]
    assert small.label.endswith("10 trees")


def test_unknown_models_and_sizes_are_user_facing_errors():
    with pytest.raises(UserFacingError):
        sx.make_model("svm", 10)
    with pytest.raises(UserFacingError):
        sx.make_model("gbm", 7)


def test_service_cost_rejects_a_free_model():
    with pytest.raises(UserFacingError):
        sx.ServiceCost(0.0, 0.0, "")
    with pytest.raises(UserFacingError):
        sx.ServiceCost(-1.0, 0.1, "")
    cost = sx.ServiceCost(20.0, 0.5, "")
    assert cost.call_ms(32) == pytest.approx(36.0)
    assert cost.capacity(32, 2) == pytest.approx(2 * 32 / 0.036)


# --------------------------------------------------------------------------- real-time modes


def test_one_per_call_summary_matches_numpy_on_the_same_trace():
    result = _one()
    arrivals = q.arrival_times(**TRAFFIC)
    latency = (q.fifo_departures(arrivals, 0.00101, 1) - arrivals) * 1000
    assert (result.p50, result.p95, result.p99) == pytest.approx(tuple(np.percentile(latency, [50, 95, 99])))
    assert result.mean == pytest.approx(latency.mean())
    for sla in (1, 2, 5):
        assert result.sla_violation(sla) == pytest.approx(np.mean(latency > sla))
    assert result.quantiles[-1] == pytest.approx(latency.max())


def test_one_per_call_reads_like_queueing_theory_when_stable():
    result = _one()
    rho = 400 * 0.00101
    assert result.load == pytest.approx(rho)
    assert not result.overloaded
    assert result.utilisation == pytest.approx(rho, rel=0.03)
    assert result.throughput == pytest.approx(400, rel=0.01)
    md1_wait_ms = rho / (2 * (1 / 1.01) * (1 - rho))  # Pollaczek–Khinchine, in ms (mu per ms)
    assert result.mean == pytest.approx(1.01 + md1_wait_ms, rel=0.05)
    assert result.backlog_growth == 0.0


def test_overload_is_flagged_and_still_reports_what_is_meaningful():
    result = _one(rate=1500.0)
    assert result.overloaded
    assert result.load == pytest.approx(1500 * 0.00101)
    assert result.throughput == pytest.approx(result.capacity, rel=0.02)
    assert result.backlog_growth == pytest.approx(1500 - result.capacity, rel=0.05)
    assert result.in_system[-1] > result.in_system[len(result.in_system) // 2] > 1000, (
        "the queue keeps growing"
    )
    readings = {r.label: r for r in sx.realtime_readings(result, 10, 0.05)}
    assert readings["p99"].value == "∞"
    assert readings["p99"].table_value == "unbounded"
    assert sx.format_ms(result.p99) in readings["p99"].help
    assert "grows" in readings["p99"].help
    notes = sx.overload_warnings(result, _batched(rate=1500.0), 1500.0, _batch())
    assert len(notes) == 1
    assert "One request per call is overloaded" in notes[0]
    assert "at least 2" in notes[0]


def test_more_replicas_cut_the_tail():
    one, two = _one(rate=900.0), _one(rate=900.0, replicas=2)
    assert two.p99 < one.p99
    assert two.utilisation == pytest.approx(one.utilisation / 2, rel=0.05)


def test_batching_with_no_wait_and_batch_of_one_reads_like_one_per_call():
    one = _one(rate=800.0, replicas=2)
    batched = _batched(rate=800.0, replicas=2, max_batch=1, max_wait_ms=0.0)
    np.testing.assert_allclose(batched.quantiles, one.quantiles, atol=1e-6)
    assert batched.capacity == pytest.approx(one.capacity)
    assert batched.mean_batch == 1.0


def test_batching_survives_a_load_that_overwhelms_one_per_call():
    one, batched = _one(rate=1500.0), _batched(rate=1500.0)
    assert one.overloaded and not batched.overloaded
    assert batched.mean_batch > 1.5
    assert batched.p99 < 50
    assert batched.capacity == pytest.approx(32 / (1.32e-3))


def test_saturated_batching_throughput_is_its_capacity():
    result = _batched(rate=30_000.0, max_batch=8)
    assert result.overloaded
    assert result.throughput == pytest.approx(8 / 1.08e-3, rel=0.02)


def test_costs_follow_from_replicas_and_throughput():
    result = _one(replicas=3)
    assert sx.realtime_cost_per_million(result, 0.05) == pytest.approx(
        3 * 0.05 / 3600 / result.throughput * 1e6
    )
    with pytest.raises(UserFacingError):
        sx.realtime_cost_per_million(result, 0.0)


def test_a_call_longer_than_the_window_is_costed_at_capacity():
    """Nothing finishes inside a 1 s window when a call takes 10 s; the long-run served rate is
    the capacity, 1 request per 10 s per replica."""
    result = sx.simulate_one_per_call(
        pattern="poisson",
        rate=50_000.0,
        n_requests=50_000,
        seed=0,
        setup_ms=10_000.0,
        per_row_ms=0.0,
        replicas=2,
    )
    assert result.throughput == 0 and result.overloaded
    assert sx.realtime_cost_per_million(result, 0.05) == pytest.approx(2 * 0.05 / 3600 / 0.2 * 1e6)
    assert all(reading.value for reading in sx.realtime_readings(result, 10.0, 0.05))


# --------------------------------------------------------------------------- offline batch precompute


def test_staleness_is_uniform_over_the_interval_after_the_run():
    batch = _batch(every_hours=6.0)
    run = batch.run_hours
    # requests spread evenly over the day: staleness ~ U(run, T + run)
    assert batch.staleness_p50 == pytest.approx(run + 3.0, rel=0.03)
    assert batch.staleness_p95 == pytest.approx(run + 0.95 * 6.0, rel=0.03)
    assert batch.staleness_counts.sum() == TRAFFIC["n_requests"]


def test_staleness_of_matches_the_schedule():
    hours = np.array([0.0, 0.5, 1.0, 5.9, 6.0, 6.5, 23.99])
    np.testing.assert_allclose(sx.staleness_of(hours, 6.0, 1.0), [6.0, 6.5, 1.0, 5.9, 6.0, 6.5, 5.99])


def test_cold_start_share_matches_its_integral():
    g, p, t = 0.02, 0.2, 24.0
    batch = _batch(new_users_per_day=g, active_fraction=p, every_hours=t)
    run = batch.run_hours

    def share(s: float) -> float:
        return (g * s / 24) / (p + g * s / 24)

    expected = integrate.quad(share, run, t + run)[0] / t
    assert batch.fallback_share == pytest.approx(expected, rel=0.03)
    assert _batch(new_users_per_day=0.0).fallback_share == 0.0


def test_lookup_latency_is_log_normal_around_the_median():
    batch = _batch(lookup_ms=3.0)
    reference = stats.lognorm(s=sx.LOOKUP_SIGMA, scale=3.0)
    assert batch.p50 == pytest.approx(3.0)
    assert batch.p99 == pytest.approx(reference.ppf(0.99))
    assert batch.sla_violation(5) == pytest.approx(reference.sf(5.0))


def test_batch_cost_work_and_waste():
    batch = _batch(every_hours=6.0, active_fraction=0.25)
    per_row_s = (1.0 + 0.01 * 1024) / 1024 / 1000
    core_hours = 1_000_000 * per_row_s * 4 / 3600
    assert batch.core_hours_per_day == pytest.approx(core_hours)
    assert batch.predictions_per_day == 4_000_000
    assert batch.wasted_share == pytest.approx(0.75)
    assert sx.batch_cost_per_million(batch, 400.0, 0.05) == pytest.approx(
        core_hours * 0.05 / (400 * 86_400) * 1e6
    )


def test_a_run_longer_than_its_interval_is_reported():
    batch = sx.offline_batch(
        **TRAFFIC,
        setup_ms=20.0,
        per_row_ms=0.5,
        **{**BATCH, "users": 1_000_000_000, "every_hours": 1.0},
        new_users_per_day=0.01,
    )
    assert batch.run_overlaps
    notes = sx.overload_warnings(_one(), _batched(), 400.0, batch)
    assert any("cannot keep up" in note for note in notes)


def test_runs_every_few_days_spread_requests_over_the_cycle():
    batch = _batch(every_hours=48.0)
    assert batch.staleness_p50 == pytest.approx(24.0 + batch.run_hours, rel=0.05)


@pytest.mark.parametrize(
    "changes",
    [{"users": 0}, {"every_hours": 0.0}, {"every_hours": 30.0}, {"active_fraction": 0.0}, {"lookup_ms": 0.0}],
)
def test_bad_batch_settings_are_user_facing_errors(changes):
    with pytest.raises(UserFacingError):
        _batch(**changes)


def test_an_sla_off_the_menu_is_a_user_facing_error():
    with pytest.raises(UserFacingError):
        _one().sla_violation(7)


def test_tiny_costs_are_abbreviated_in_key_numbers_only():
    readings = {r.label: r for r in sx.batch_readings(_batch(), 10, 400.0, 0.05)}
    cost = readings["$ per million"]
    assert cost.value == "<$0.0001"
    exact = sx.batch_cost_per_million(_batch(), 400.0, 0.05)
    assert cost.table_value == sx.format_money(exact)
    rows, columns = sx.comparison_table([("batch", list(readings.values()))])
    assert columns[0][rows.index("$ per million")] == sx.format_money(exact)


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0.642, "642 µs"),
        (0.0042, "4.2 µs"),
        (1.93, "1.9 ms"),
        (41.2, "41 ms"),
        (4200, "4.2 s"),
        (90_000, "1.5 min"),
    ],
)
def test_format_ms(ms: float, text: str):
    assert sx.format_ms(ms) == text


def test_format_money_share_and_hours():
    assert sx.format_money(0.0000022) == "$0.0000022"
    assert sx.format_money(0.028) == "$0.028"
    assert sx.format_money(1.2) == "$1.20"
    assert sx.format_money(12345) == "$12,345"
    assert sx.format_share(0.0) == "0%"
    assert sx.format_share(0.00004) == "<0.01%"
    assert sx.format_share(0.032) == "3.2%"
    assert sx.format_share(0.47) == "47%"
    assert sx.format_hours(0.5) == "30 min"
    assert sx.format_hours(12) == "12 h"
    assert sx.format_hours(72) == "3.0 days"


# --------------------------------------------------------------------------- figures and sentences


def test_figures_are_valid_plotly(logreg_timing: sx.ServiceTiming):
    one, batched, batch = _one(rate=1500.0), _batched(), _batch()
    curves = [sx.CurveSpec(r.name, r.quantiles, r.p99, r.overloaded, "#000000") for r in (one, batched)]
    figures = [
        sx.timing_figure(logreg_timing, logreg_timing.fit),
        sx.timing_figure(logreg_timing, sx.ServiceCost(20, 0.5, "set by hand")),
        sx.latency_cdf_figure(curves, 10),
        sx.queue_figure([one, batched]),
        sx.staleness_figure(batch),
    ]
    for figure in figures:
        go.Figure(figure.to_dict())  # raises on an invalid property
    assert len(figures[1].data) == len(figures[0].data) + 2, "the hand-set line is drawn on both panels"
    assert figures[2].layout.xaxis.type == "log"
    assert "overloaded" in figures[2].data[0].name
    assert figures[2].layout.shapes[0].x0 == 10


def test_what_to_notice_quotes_the_live_numbers():
    cost = sx.ServiceCost(**COST, source="measured: test")
    one, batched, batch = _one(rate=1500.0), _batched(rate=1500.0), _batch()
    notes = sx.what_to_notice(
        cost=cost, one=one, batched=batched, batch=batch, pattern="poisson", seed=3, rate=1500.0,
        max_batch=32, max_wait_ms=2.0, sla_ms=10, price=0.05,
    )  # fmt: skip
    text = " ".join(notes)
    assert len(notes) == 4
    assert "one replica saturates" in text
    assert sx.format_ms(batched.p99) in text
    assert f"{batched.mean_batch:.1f} requests a call" in text
    assert "B = 32" in text
    assert sx.format_share(batch.fallback_share) in text
    assert "nan" not in text.lower()


def test_peaks_above_capacity_are_explained_for_diurnal_traffic():
    cost = sx.ServiceCost(**COST, source="set by hand")
    traffic = {**TRAFFIC, "pattern": "diurnal", "rate": 700.0}
    one = sx.simulate_one_per_call(**traffic, **COST, replicas=1)
    batched = sx.simulate_dynamic_batching(**traffic, **COST, replicas=1, max_batch=32, max_wait_ms=2.0)
    notes = sx.what_to_notice(
        cost=cost, one=one, batched=batched, batch=_batch(), pattern="diurnal", seed=3, rate=700.0,
        max_batch=32, max_wait_ms=2.0, sla_ms=10, price=0.05,
    )  # fmt: skip
    assert len(notes) == 5
    assert "peaks at 1.8× the mean rate" in notes[3]
    share = sx.peak_overload_share("diurnal", 3, 700.0, one.capacity)
    assert 0 < share < 1
    assert sx.format_share(share) in notes[3]
