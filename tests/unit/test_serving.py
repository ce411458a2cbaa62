"""explorers.serving: measurement, fit, mode summaries, batch precompute, costs, readings, figures and
sentences."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy import integrate, stats

from datasets.errors import UserFacingError
from explorers import formatting
from explorers import queueing as q
from explorers import serving as sx
from explorers.serving import figures, readings, sentences
from explorers.serving.modes import MODE_BY_KEY
from explorers.serving.precompute import LOOKUP_SIGMA, staleness_of
from explorers.serving.realtime import peak_overload_share, simulate_dynamic_batching, simulate_one_per_call
from explorers.serving.timing import BATCH_SIZES, MIN_REPEATS, fit_linear_cost, make_model
from explorers.view import build
from tests.unit import properties_support as props

TRAFFIC = {"pattern": "poisson", "rate": 400.0, "n_requests": 50_000, "seed": 3}
COST = {"setup_ms": 1.0, "per_row_ms": 0.01}  # capacity 990 req/s per replica one at a time
BATCH = {"users": 1_000_000, "every_hours": 24.0, "active_fraction": 0.2, "lookup_ms": 2.0}
# The page's controls for the settings above (sla and price as the tests read them).
PARAMS = {
    "model": "logreg", "trees": 100, "by_hand": True, "setup_ms": 1.0, "per_row_ms": 0.01, "rate": 400,
    "pattern": "poisson", "requests": 50_000, "seed": 3, "replicas": 1, "batch_replicas": 1,
    "max_batch": 32, "max_wait": 2.0, "users": 1_000_000, "every": 24.0, "active": 20, "new_users": 1.0,
    "lookup_ms": 2.0, "sla": 10, "price": 0.05,
}  # fmt: skip


def _traffic(**changes) -> sx.Traffic:
    return sx.Traffic(**{**TRAFFIC, **changes})


def _cost(**changes) -> sx.ServiceCost:
    return sx.ServiceCost(**{**COST, **changes}, source="set by hand")


def _one(replicas: int = 1, **changes) -> sx.ModeResult:
    return simulate_one_per_call(_traffic(**changes), _cost(), replicas)


def _batched(replicas: int = 1, max_batch: int = 32, max_wait_ms: float = 2.0, **changes) -> sx.ModeResult:
    return simulate_dynamic_batching(_traffic(**changes), _cost(), replicas, max_batch, max_wait_ms)


def _batch(**changes) -> sx.BatchPrecompute:
    settings = {**BATCH, "new_users_per_day": 0.01, **changes}
    return sx.offline_batch(_traffic(), _cost(), sx.BatchSettings(**settings))


def _terms(sla_ms: float = 10, price: float = 0.05, rate: float = TRAFFIC["rate"]) -> sx.Terms:
    return sx.Terms(sla_ms, price, rate)


def _view(**changes) -> sx.ServingView:
    """The page's view for PARAMS with ``changes``; the (unused) logistic regression is measured once."""
    return build(sx.fits, sx.view, sx.Params(**{**PARAMS, **changes}))


def _warnings(
    one: sx.ModeResult, batched: sx.ModeResult, rate: float, batch: sx.BatchPrecompute
) -> list[str]:
    """Every mode's warning, as the view lists them."""
    results = {"one": one, "batched": batched, "batch": batch}
    notes = [mode.warning(mode.name, results[mode.key], rate) for mode in sx.MODES]
    return [note for note in notes if note]


@pytest.fixture(scope="module")
def logreg_timing() -> sx.ServiceTiming:
    return sx.measured("logreg", 100)


# --------------------------------------------------------------------------- measurement and fit


def test_fit_recovers_an_exact_line():
    b = np.array(BATCH_SIZES, dtype=float)
    a, c = fit_linear_cost(b, 0.8 + 0.004 * b)
    assert a == pytest.approx(0.8)
    assert c == pytest.approx(0.004)


def test_fit_is_relative_least_squares_like_numpy_polyfit():
    rng = np.random.default_rng(0)
    b = np.array(BATCH_SIZES, dtype=float)
    t = (1.5 + 0.01 * b) * rng.lognormal(0.0, 0.1, b.size)
    a, c = fit_linear_cost(b, t)
    slope, intercept = np.polyfit(b, t, 1, w=1 / t)
    assert (a, c) == pytest.approx((intercept, slope), rel=1e-6)


def test_fit_keeps_a_and_c_non_negative():
    b = np.array([1.0, 2.0, 4.0, 8.0])
    a, c = fit_linear_cost(b, np.array([0.1, 0.3, 0.7, 1.5]))  # unconstrained intercept is negative
    assert a == pytest.approx(0.0, abs=1e-12)
    assert c > 0


def test_measured_timing_is_sane(logreg_timing: sx.ServiceTiming):
    t = logreg_timing
    assert list(t.batch_sizes) == list(BATCH_SIZES)
    assert np.all(t.median_ms > 0)
    assert np.all(t.low_ms <= t.median_ms) and np.all(t.median_ms <= t.high_ms)
    assert np.all(t.repeats >= MIN_REPEATS)
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
        make_model("svm", 10)
    with pytest.raises(UserFacingError):
        make_model("gbm", 7)


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
    outcome = readings.realtime_outcome(result, _terms(rate=1500.0))
    p99 = {number.label: number for number in outcome.cards}["p99"]
    assert p99.value == "∞"
    assert dict(outcome.cells)["p99"] == "unbounded"
    assert formatting.duration_ms(result.p99) in p99.help
    assert "grows" in p99.help
    notes = _warnings(result, _batched(rate=1500.0), 1500.0, _batch())
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
    assert readings.realtime_outcome(result, _terms()).dollars_per_million == sx.realtime_cost_per_million(
        result, 0.05
    )
    with pytest.raises(UserFacingError):
        sx.realtime_cost_per_million(result, 0.0)


def test_a_call_longer_than_the_window_is_costed_at_capacity():
    """Nothing finishes inside a 1 s window when a call takes 10 s; the long-run served rate is
    the capacity, 1 request per 10 s per replica."""
    result = simulate_one_per_call(
        sx.Traffic(pattern="poisson", rate=50_000.0, n_requests=50_000, seed=0),
        sx.ServiceCost(setup_ms=10_000.0, per_row_ms=0.0, source="set by hand"),
        2,
    )
    assert result.throughput == 0 and result.overloaded
    assert sx.realtime_cost_per_million(result, 0.05) == pytest.approx(2 * 0.05 / 3600 / 0.2 * 1e6)
    outcome = readings.realtime_outcome(result, _terms(rate=50_000.0))
    assert all(number.value for number in outcome.cards)
    assert all(value for _, value in outcome.cells)


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
    np.testing.assert_allclose(staleness_of(hours, 6.0, 1.0), [6.0, 6.5, 1.0, 5.9, 6.0, 6.5, 5.99])


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
    reference = stats.lognorm(s=LOOKUP_SIGMA, scale=3.0)
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
        _traffic(),
        _cost(setup_ms=20.0, per_row_ms=0.5),
        sx.BatchSettings(**{**BATCH, "users": 1_000_000_000, "every_hours": 1.0}, new_users_per_day=0.01),
    )
    assert batch.run_overlaps and not batch.keeps_up
    notes = _warnings(_one(), _batched(), 400.0, batch)
    assert any("cannot keep up" in note for note in notes)


def _behind() -> sx.BatchPrecompute:
    """1B users every hour with a 20 ms + 0.5 ms/row model: a run takes ~9 h, one is due every hour."""
    changes = {"users": 1_000_000_000, "every_hours": 1.0, "new_users_per_day": 0.01}
    settings = sx.BatchSettings(**{**BATCH, **changes})
    return sx.offline_batch(_traffic(), _cost(setup_ms=20.0, per_row_ms=0.5), settings)


def _published_ages(every: float, run: float, n_runs: int) -> np.ndarray:
    """Brute force: runs due every ``every`` hours, each scoring the data as of when it is due, run one
    at a time; the age of each run's predictions when the next one replaces them."""
    finish = 0.0
    ages = []
    for k in range(n_runs):
        due = k * every
        finish = max(finish, due) + run
        ages.append(finish - due)
    return np.array(ages)


def test_a_batch_that_cannot_keep_up_has_unbounded_staleness_not_a_finite_one():
    batch = _behind()
    run, every = batch.run_hours, batch.every_hours
    assert run == pytest.approx(1e9 * (20.0 + 0.5 * 1024) / 1024 / 1000 / 16 / 3600)  # ~9 h
    ages = _published_ages(every, run, 200)
    # the age grows without bound, by 1 − T/R of every hour (brute force against the closed form)
    growth = (ages[-1] - ages[-101]) / (100 * run)
    assert growth == pytest.approx(batch.backlog_growth, rel=1e-9)
    assert batch.backlog_growth == pytest.approx(1 - every / run)
    assert batch.staleness_p50 == batch.staleness_p95 == np.inf
    assert batch.staleness_counts.sum() == 0
    # the job runs all day on its cores, and only finishes 24/R runs a day
    assert batch.core_hours_per_day == pytest.approx(16 * 24.0)
    assert batch.predictions_per_day == pytest.approx(1e9 * 24.0 / run)
    outcome = readings.batch_outcome(batch, _terms())
    cards = {number.label: number for number in outcome.cards}
    assert cards["Staleness"].value == "∞ ↑" and "Cannot keep up" in (cards["Staleness"].help or "")
    assert dict(outcome.cells)["Staleness"].startswith("unbounded")
    figure = figures.staleness_figure(batch, "#000")
    assert not figure.data and "Cannot keep up" in figure.layout.annotations[0].text
    go.Figure(figure.to_dict())


def test_a_batch_that_keeps_up_is_unchanged_by_the_backlog_model():
    batch = _batch(every_hours=6.0)
    assert batch.keeps_up and batch.backlog_growth == 0.0
    ages = _published_ages(6.0, batch.run_hours, 50)
    np.testing.assert_allclose(ages, batch.run_hours)  # every run is published one run-time after it is due


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
    outcome = readings.batch_outcome(_batch(), _terms())
    cost = {number.label: number for number in outcome.cards}["$ per million"]
    assert cost.value == "<$0.0001"
    exact = sx.batch_cost_per_million(_batch(), 400.0, 0.05)
    assert dict(outcome.cells)["$ per million"] == formatting.money(exact)
    table = readings.comparison_table([("batch", outcome)])
    assert table.columns == ("", "batch")
    assert {row[0]: row[1] for row in table.rows}["$ per million"] == formatting.money(exact)


def test_the_table_aligns_every_number_of_every_mode():
    table = readings.comparison_table(
        [
            ("one", readings.realtime_outcome(_one(), _terms())),
            ("batch", readings.batch_outcome(_batch(), _terms())),
        ]
    )
    rows = {row[0]: row[1:] for row in table.rows}
    assert list(rows)[:3] == ["p50", "p95", "p99"]
    assert rows["Utilisation"][1] == readings.MISSING
    assert rows["Wasted work"][0] == readings.MISSING
    assert rows["Staleness"][0] == "0 s"


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
def test_duration_ms(ms: float, text: str):
    assert formatting.duration_ms(ms) == text


def test_money_share_hours_sla_and_ratio():
    assert formatting.money(0.0000022) == "$0.0000022"
    assert formatting.money(0.028) == "$0.028"
    assert formatting.money(1.2) == "$1.20"
    assert formatting.money(12345) == "$12,345"
    assert formatting.share(0.0) == "0%"
    assert formatting.share(0.00004) == "<0.01%"
    assert formatting.share(0.032) == "3.2%"
    assert formatting.share(0.47) == "47%"
    assert formatting.hours(0.5) == "30 min"
    assert formatting.hours(12) == "12 h"
    assert formatting.hours(72) == "3.0 days"
    assert [formatting.sla(ms) for ms in (2, 500, 1000, 5000)] == ["2 ms", "500 ms", "1 s", "5 s"]
    assert [formatting.ratio(x) for x in (0.845, 1.5, 1234.5)] == ["0.84", "1.50", "1,234"]


# --------------------------------------------------------------------------- figures and sentences


def test_figures_are_valid_plotly(logreg_timing: sx.ServiceTiming):
    one, batched, batch = _one(rate=1500.0), _batched(), _batch()
    real_time = [(MODE_BY_KEY["one"], one), (MODE_BY_KEY["batched"], batched)]
    figs = [
        figures.timing_figure(logreg_timing, logreg_timing.fit),
        figures.timing_figure(logreg_timing, sx.ServiceCost(20, 0.5, "set by hand")),
        figures.latency_cdf_figure([*real_time, (MODE_BY_KEY["batch"], batch)], 10),
        figures.queue_figure(real_time),
        figures.staleness_figure(batch, MODE_BY_KEY["batch"].colour),
    ]
    for figure in figs:
        go.Figure(figure.to_dict())  # raises on an invalid property
    assert len(figs[1].data) == len(figs[0].data) + 2, "the hand-set line is drawn on both panels"
    assert figs[2].layout.xaxis.type == "log"
    assert "overloaded" in figs[2].data[0].name
    assert figs[2].layout.shapes[0].x0 == 10


def test_the_view_holds_every_chart_number_and_sentence():
    view = _view()
    assert [column.title for column in view.cards] == [mode.name for mode in sx.MODES]
    assert view.numbers == tuple(number for column in view.cards for number in column.numbers)
    assert view.table.columns == ("", *(mode.name for mode in sx.MODES))
    assert view.cost == sx.ServiceCost(1.0, 0.01, "set by hand")
    assert view.outcomes["one"].over_sla == view.one.sla_violation(10)
    assert view.latency.height == 400 and view.service.height == 380
    assert view.timing.label in view.service_caption
    assert not view.messages


def test_reading_controls_change_no_fit():
    fits = sx.fits(sx.Params(**PARAMS))
    for changes in ({"sla": 100}, {"price": 0.2}):
        again = sx.fits(sx.Params(**{**PARAMS, **changes}))
        assert {key: fit.args for key, fit in again.items()} == {key: fit.args for key, fit in fits.items()}


def test_batch_controls_change_only_the_precompute_fit():
    fits = sx.fits(sx.Params(**PARAMS))
    again = sx.fits(sx.Params(**{**PARAMS, "every": 12.0}))
    assert [key for key in fits if fits[key].args != again[key].args] == ["batch"]


def test_a_hand_set_service_time_ignores_the_model_and_a_measured_one_the_hand_set_line():
    by_hand = sx.fits(sx.Params(**PARAMS))
    other_model = sx.fits(sx.Params(**{**PARAMS, "model": "gbm"}))
    assert [key for key in by_hand if by_hand[key].args != other_model[key].args] == ["timing"]
    measured = sx.fits(sx.Params(**{**PARAMS, "by_hand": False}))
    other_line = sx.fits(sx.Params(**{**PARAMS, "by_hand": False, "setup_ms": 5.0}))
    assert all(measured[key].args == other_line[key].args for key in measured)
    assert measured["one"].args[1] == sx.MeasuredCost("logreg", 100)


def test_a_measured_line_is_the_same_for_the_chart_and_the_simulations():
    spec = sx.MeasuredCost("logreg", 100)
    assert spec.resolve() is sx.measured("logreg", 100).fit
    view = _view(by_hand=False)
    assert view.cost is view.timing.fit


def test_what_to_notice_quotes_the_live_numbers():
    view = _view(rate=1500)
    one, batched, batch = view.one, view.batched, view.batch
    notes = list(view.notice)
    text = " ".join(notes)
    assert len(notes) == 5
    assert "one replica saturates" in text
    assert formatting.duration_ms(batched.p99) in text
    assert f"{batched.mean_batch:.1f} requests a call" in text
    assert "B = 32" in text
    assert formatting.share(batch.fallback_share) in text
    assert "nan" not in text.lower()
    assert one.overloaded and f"at least {one.replicas_needed(1500.0)} replicas" in text


def test_peaks_above_capacity_are_explained_for_diurnal_traffic():
    view = _view(pattern="diurnal", rate=700)
    notes = list(view.notice)
    assert len(notes) == 6
    assert "peaks at 1.8× the mean rate" in notes[3]
    share = peak_overload_share("diurnal", 3, 700.0, view.one.capacity)
    assert 0 < share < 1
    assert formatting.share(share) in notes[3]


def test_sentences_are_built_from_the_view_s_outcomes():
    view = _view(rate=700, replicas=2)
    notes = sentences.what_to_notice(
        sx.Params(**{**PARAMS, "rate": 700, "replicas": 2}),
        view.cost,
        one=view.one,
        batched=view.batched,
        batch=view.batch,
        outcomes=view.outcomes,
    )
    assert tuple(notes) == view.notice
    assert formatting.money(view.outcomes["batch"].dollars_per_million) in notes[-1]


# --------------------------------------------------------------------------- truth pass


def test_the_default_lookup_is_a_key_value_read_faster_than_computing_per_request():
    """At the page's defaults the precomputed path's tail beats the real-time ones (the talking point)."""
    view = _view(lookup_ms=sx.DEFAULT_LOOKUP_MS, setup_ms=1.0, per_row_ms=0.01)
    reference = stats.lognorm(s=LOOKUP_SIGMA, scale=sx.DEFAULT_LOOKUP_MS)
    assert view.batch.p99 == pytest.approx(reference.ppf(0.99))
    assert view.batch.p99 < 2.0, "an in-memory key-value read: ~1-2 ms at p99"
    assert view.batch.p99 < view.one.p99
    lookup = next(note for note in view.notice if note.startswith("A precomputed prediction"))
    assert "faster than computing it per request" in lookup
    page_default = props.defaults("serving")["lookup_ms"]
    assert page_default == sx.DEFAULT_LOOKUP_MS


def test_a_slow_lookup_is_said_to_be_no_faster():
    view = _view(lookup_ms=20.0)
    lookup = next(note for note in view.notice if note.startswith("A precomputed prediction"))
    assert "no faster than computing it per request" in lookup
    assert "over the 10 ms SLA" in lookup


@pytest.mark.parametrize("sla", [1, 5, 50])
def test_sentences_judge_latency_against_the_user_s_sla(sla):
    """Bursty traffic near capacity: the batching sentence says inside or over the SLA the user set."""
    view = _view(pattern="bursty", rate=700, sla=sla)
    batched = view.batched
    sentence = next(note for note in view.notice if note.startswith("Dynamic batching"))
    assert "holds p99" not in sentence
    over = view.outcomes["batched"].over_sla
    if batched.p99 <= sla:
        assert f"inside the {formatting.sla(sla)} SLA" in sentence
    else:
        assert f"over the {formatting.sla(sla)} SLA: {formatting.share(over)} of requests miss it" in sentence


def test_the_table_says_what_each_cost_covers():
    view = _view()
    rows = {row[0]: row[1:] for row in view.table.rows}
    assert rows["What the $ covers"][2] == "the precompute job only, not the lookup store"
    assert "paid all day" in rows["What the $ covers"][0]
    batch_sentence = view.notice[-1]
    assert "the lookup store is not counted" in batch_sentence


def test_timed_count_reads_once_when_every_size_was_timed_equally():
    assert sx.text.times(5, 5) == "5 times"
    assert sx.text.times(5, 8) == "5–8 times"


def test_cards_table_and_sentences_quote_the_same_numbers():
    """One source per number: every card's value is the table's cell for that mode and row, and the
    sentences quote the cards' latencies and costs."""
    view = _view()
    by_label = {row[0]: row[1:] for row in view.table.rows}
    for column, cards in enumerate(view.cards):
        for number in cards.numbers:
            cell = by_label[number.label][column]
            assert cell == number.value or number.value in {"<$0.0001"} or cell.startswith(number.value)
    text = " ".join(view.notice)
    for key in ("one", "batched", "batch"):
        assert {n.label: n.value for n in view.outcomes[key].cards}["p99"] in text
    assert formatting.money(view.outcomes["one"].dollars_per_million) in text


@pytest.mark.parametrize(
    ("p99", "said"),
    [
        (2.046, "p99 2.05 ms, over the 2 ms SLA: 1.6% of requests miss it"),
        (1.996, "p99 1.996 ms, inside the 2 ms SLA"),
        (1.6, "p99 1.6 ms, inside the 2 ms SLA"),
        (2.0, "p99 2.0 ms, inside the 2 ms SLA"),
    ],
)
def test_a_p99_next_to_the_sla_is_written_with_enough_figures_to_tell_them_apart(p99: float, said: str):
    """Never 'p99 2.0 ms, over the 2 ms SLA': the p99 gets the figures that separate it from the SLA."""
    assert sentences._against_sla(p99, 0.016, 2.0) == said
