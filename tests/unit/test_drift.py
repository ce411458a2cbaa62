"""The drift page's numbers against independent references: the stream's moments and label rates
per week, the logistic regression against scikit-learn, PSI on hand-computed cases, KS and
Wasserstein against scipy, Page-Hinkley and ADWIN against river, the policies' counts against
scikit-learn's metrics, and each policy's cost as its errors plus its retrains."""

from __future__ import annotations

import numpy as np
import pytest
from river.drift import ADWIN, PageHinkley
from scipy.stats import ks_2samp, wasserstein_distance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, precision_score, recall_score, roc_auc_score

from explorers import drift as dx
from explorers.drift import detectors as det
from explorers.drift import policies as pol
from explorers.drift import readings as rd
from explorers.drift import sample_size as ss
from explorers.drift import stream as sm
from explorers.drift.model import fit_logistic
from explorers.view import build

DEFAULTS = {
    "drift": "concept",
    "shape": "sudden",
    "strength": 0.5,
    "start": 20,
    "weeks": 52,
    "transactions": 1000,
    "seed": 0,
    "delay": 2,
    "window": 8,
    "cadence": 4,
    "detector": "ks",
    "alarm": 3,
    "reference": 4,
    "metric": "precision",
    "cost_error": 50.0,
    "cost_retrain": 1000.0,
}


def params(**changes: object) -> dx.Params:
    return dx.Params(**{**DEFAULTS, **changes})


def simulation(**changes: object) -> pol.Simulation:
    p = params(**changes)
    return dx.simulate(
        p.drift, p.shape, p.strength, p.drift_start, p.weeks, p.transactions, p.seed, p.delay, p.window
    )


# --------------------------------------------------------------------------- the stream


def test_before_the_drift_every_kind_draws_the_same_weeks():
    streams = [sm.make_stream(kind, "sudden", 1.0, 10, 26, 500, 3) for kind in sm.DRIFTS]
    first = sm.HISTORY + 10
    for other in streams[1:]:
        np.testing.assert_array_equal(streams[0].x[:first], other.x[:first])
        np.testing.assert_array_equal(streams[0].y[:first], other.y[:first])


@pytest.mark.parametrize("strength", [0.5, 1.0])
def test_covariate_shift_moves_the_features_orthogonally_and_keeps_the_fraud_rate(strength: float):
    s = sm.make_stream("covariate", "sudden", strength, 10, 26, 20_000, 1)
    before, after = s.x[s.week(0) : s.week(10)], s.x[s.week(10) :]
    moved = after.reshape(-1, 2).mean(0) - before.reshape(-1, 2).mean(0)
    expected = strength * sm.COVARIATE_MAX * np.array([np.cos(-np.pi / 4), np.sin(-np.pi / 4)])
    np.testing.assert_allclose(moved, expected, atol=0.01)  # 4 SE of a mean of 320k draws ~ 0.007
    assert s.y[s.week(10) :].mean() == pytest.approx(sm.BASE_FRAUD, abs=0.002)
    assert after.reshape(-1, 2).std(0) == pytest.approx(before.reshape(-1, 2).std(0), rel=0.01)


def test_prior_shift_raises_the_fraud_rate_week_by_week_and_keeps_p_x_given_fraud():
    s = sm.make_stream("prior", "gradual", 1.0, 5, 26, 20_000, 2)
    rates = s.y[s.week(0) :].mean(1)
    level = np.clip((np.arange(26) - 5 + 1) / sm.RAMP_WEEKS, 0, 1)
    expected = sm.BASE_FRAUD + level * (sm.PRIOR_MAX - sm.BASE_FRAUD)
    se = np.sqrt(expected * (1 - expected) / 20_000)
    assert np.all(np.abs(rates - expected) < 5 * se)
    fraud_after = s.x[s.week(20) :][s.y[s.week(20) :]]
    np.testing.assert_allclose(fraud_after.mean(0), sm.fraud_direction(sm.BASE_ANGLE), atol=0.02)


def test_concept_drift_keeps_the_features_and_labels_follow_the_rotated_process():
    s = sm.make_stream("concept", "sudden", 1.0, 5, 20, 20_000, 4)
    base = sm.make_stream("prior", "sudden", 0.0, 5, 20, 20_000, 4)
    np.testing.assert_array_equal(s.x, base.x)  # P(x) does not move at all
    after_x = s.x[s.week(5) :].reshape(-1, 2).astype(float)
    after_y = s.y[s.week(5) :].reshape(-1)
    model = LogisticRegression(C=1e6, max_iter=1000).fit(after_x, after_y)
    angle = np.arctan2(model.coef_[0, 1], model.coef_[0, 0])
    assert np.rad2deg(angle) == pytest.approx(45 + sm.CONCEPT_MAX_DEGREES, abs=3)
    assert np.hypot(*model.coef_[0]) == pytest.approx(sm.SEPARATION, rel=0.08)


def test_the_same_seed_draws_the_same_stream():
    a, b = (sm.make_stream("concept", "gradual", 0.7, 12, 39, 500, 9) for _ in range(2))
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)


# --------------------------------------------------------------------------- the model


def test_newton_logistic_regression_matches_scikit_learn():
    s = sm.make_stream("concept", "sudden", 0.5, 20, 26, 1000, 0)
    x, y = s.x[:8].reshape(-1, 2).astype(float), s.y[:8].reshape(-1)
    ours = fit_logistic(x, y)
    ref = LogisticRegression(C=1.0, tol=1e-10, max_iter=1000).fit(x, y)
    np.testing.assert_allclose(ours, [*ref.coef_[0], ref.intercept_[0]], atol=1e-5)


def test_each_week_trains_on_the_labelled_window():
    sim = simulation(delay=3, window=4)
    s = sim.stream
    for t in (0, 7, 30):
        end = s.week(t - 3)
        x, y = s.x[end - 4 : end].reshape(-1, 2), s.y[end - 4 : end].reshape(-1)
        np.testing.assert_allclose(sim.models.coef[t], fit_logistic(x, y), atol=1e-6)


# --------------------------------------------------------------------------- drift statistics


def test_psi_matches_its_definition_on_hand_computed_cases():
    assert det.psi([0.5, 0.5], [0.5, 0.5]) == 0.0
    # (0.7 - 0.5) ln(0.7 / 0.5) + (0.3 - 0.5) ln(0.3 / 0.5) = 0.2 ln 1.4 + 0.2 ln(5/3)
    assert det.psi([0.5, 0.5], [0.7, 0.3]) == pytest.approx(0.2 * np.log(1.4) + 0.2 * np.log(5 / 3))
    assert det.psi([0.25] * 4, [0.1, 0.2, 0.3, 0.4]) == pytest.approx(
        sum((a - 0.25) * np.log(a / 0.25) for a in (0.1, 0.2, 0.3, 0.4))
    )
    # An empty bin counts as PSI_FLOOR.
    assert det.psi([0.5, 0.5], [1.0, 0.0]) == pytest.approx(
        0.5 * np.log(2) + (1e-4 - 0.5) * np.log(1e-4 / 0.5)
    )


def test_bin_shares_are_the_reference_deciles():
    rng = np.random.default_rng(0)
    ref = np.sort(rng.standard_normal(10_000))
    shares = det.bin_shares(ref, det.decile_edges(ref))
    np.testing.assert_allclose(shares, 0.1, atol=1e-3)
    assert det.psi(shares, shares) == 0.0


@pytest.mark.parametrize(("shift", "n1", "n2"), [(0.0, 4000, 1000), (0.1, 2000, 1000), (0.5, 800, 600)])
def test_ks_and_wasserstein_match_scipy(shift: float, n1: int, n2: int):
    rng = np.random.default_rng(int(shift * 10) + n1)
    a = np.sort(rng.standard_normal(n1).astype(np.float32))
    b = np.sort((rng.standard_normal(n2) + shift).astype(np.float32))
    c = det.compare(a, b, det.decile_edges(a))
    ref = ks_2samp(a, b, method="asymp")
    assert c.ks == pytest.approx(ref.statistic, abs=1e-12)
    assert c.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)
    assert c.wasserstein == pytest.approx(wasserstein_distance(a, b), rel=1e-6)
    assert (c.p_value < 1e-3) == (c.ks > det.ks_critical(1e-3, n1, n2))


def test_ks_counts_ties_as_scipy_does():
    a = np.sort(np.array([0, 0, 1, 1, 2, 2, 3, 3], dtype=np.float32))
    b = np.sort(np.array([1, 1, 1, 2, 4, 4], dtype=np.float32))
    c = det.compare(a, b, det.decile_edges(a))
    assert c.ks == pytest.approx(ks_2samp(a, b, method="asymp").statistic)
    many = det.compare_many(a, b[None, :], det.decile_edges(a), "ks")
    assert many[0] == pytest.approx(c.ks)


@pytest.mark.parametrize("statistic", ["ks", "w", "psi"])
def test_the_vectorised_statistics_equal_one_at_a_time(statistic: str):
    sim = simulation(drift="covariate", strength=1.0)
    ref, edges = pol._reference(sim, 0, 4)
    block = sim.sorted_x[sim.stream.week(15) : sim.stream.week(25)]
    many = det.compare_many(ref[0], block[:, 0], edges[0], statistic)
    field = {"ks": "ks", "w": "wasserstein", "psi": "psi"}[statistic]
    one = [getattr(det.compare(ref[0], row, edges[0]), field) for row in block[:, 0]]
    np.testing.assert_allclose(many, one, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- error-rate detectors


def _error_stream(seed: int, jump: float) -> list[float]:
    rng = np.random.default_rng(seed)
    rates = np.r_[rng.normal(0.03, 0.005, 25), rng.normal(0.03 + jump, 0.005, 25)]
    return list(np.clip(rates, 0, 1))


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("threshold", [0.01, 0.04, 0.15])
def test_page_hinkley_raises_rivers_alarms(seed: int, threshold: float):
    ours = det.PageHinkley(threshold)
    theirs = PageHinkley(min_instances=det.PH_MIN_WEEKS, delta=det.PH_DELTA, threshold=threshold, mode="up")
    for x in _error_stream(seed, 0.04):
        fired = ours.update(x)
        theirs.update(x)
        assert fired == theirs.drift_detected
        if fired:  # river resets itself on the next update; the policy starts a fresh detector
            ours = det.PageHinkley(threshold)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("delta", [0.02, 0.002])
def test_adwin_fires_in_the_week_rivers_adwin_does(seed: int, delta: float):
    """Ours takes each week's error count; river's takes every transaction's 0/1 error and checks
    once a week (clock = transactions a week). Both cut the window where the error rate jumped."""
    rng = np.random.default_rng(seed)
    n, rates = 500, np.r_[np.full(12, 0.03), np.full(12, 0.09)]
    weeks = [(rng.random(n) < rate).astype(int) for rate in rates]
    ours, theirs = det.Adwin(delta), ADWIN(delta=delta, clock=n, grace_period=n, min_window_length=5)
    our_week = their_week = None
    for week, errors in enumerate(weeks):
        if ours.update(int(errors.sum()), n) and our_week is None:
            our_week = week
        for e in errors:
            theirs.update(int(e))
            if theirs.drift_detected and their_week is None:
                their_week = week
    assert our_week is not None and their_week is not None
    assert 12 <= our_week <= 14 and abs(our_week - their_week) <= 1


def test_adwin_stays_quiet_on_a_steady_error_rate():
    rng = np.random.default_rng(5)
    ours = det.Adwin(0.002)
    assert not any(ours.update(int((rng.random(1000) < 0.04).sum()), 1000) for _ in range(52))


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
@pytest.mark.parametrize(
    ("drift", "detector"),
    [("covariate", "ks"), ("covariate", "psi"), ("covariate", "w"), ("concept", "ph"), ("concept", "adwin")],
)
def test_a_detector_fires_after_a_strong_sudden_drift_and_not_before(seed: int, drift: str, detector: str):
    sim = simulation(drift=drift, strength=1.0, seed=seed, delay=1)
    _, trace = pol.triggered(sim, detector, 4, 4)  # strict: no false alarm on these seeds
    assert trace.alarms, "it fires"
    assert trace.alarms[0] > 20, "not before the drift"
    limit = 2 if DETECTORS_WATCH[detector] == "features" else 2 + 1 + 6
    assert trace.alarms[0] <= 20 + limit


DETECTORS_WATCH = {key: d.watches for key, d in det.DETECTORS.items()}


def test_feature_detectors_cannot_see_concept_drift():
    sim = simulation(drift="concept", strength=1.0, delay=1)
    for detector in ("ks", "psi", "w"):
        _, trace = pol.triggered(sim, detector, 4, 4)
        assert not [week for week in trace.alarms if week > 20]


# --------------------------------------------------------------------------- policies and costs


def _brute_confusion(sim: pol.Simulation, deployed: np.ndarray) -> np.ndarray:
    s, coef = sim.stream, sim.models.coef
    out = []
    for week in range(s.weeks):
        x = s.x[s.week(week)].astype(float)
        c = coef[deployed[week]]
        flagged = (1 / (1 + np.exp(-(x @ c[:2] + c[2])))) >= 0.5
        out.append(confusion_matrix(s.y[s.week(week)], flagged, labels=[0, 1]).ravel())
    return np.array(out)  # tn, fp, fn, tp


@pytest.mark.parametrize("every", [1, 4, 13])
def test_a_fixed_cadence_serves_the_model_of_its_last_retrain(every: int):
    sim = simulation()
    run = pol.cadence(sim, every)
    assert run.retrains == tuple(range(every, 52, every))
    tn, fp, fn, tp = _brute_confusion(sim, run.deployed).T
    for mine, theirs in ((run.tn, tn), (run.fp, fp), (run.fn, fn), (run.tp, tp)):
        np.testing.assert_array_equal(mine, theirs)


def test_weekly_metrics_match_scikit_learn():
    sim = simulation(drift="prior", strength=0.8)
    run = pol.cadence(sim, 8)
    s = sim.stream
    auc = rd.weekly("auc", run, s)
    precision, recall = rd.weekly("precision", run, s), rd.weekly("recall", run, s)
    for week in (0, 19, 33, 51):
        y, logit = s.y[s.week(week)], run.logit[week]
        assert auc[week] == pytest.approx(roc_auc_score(y, logit), abs=1e-12)
        assert precision[week] == pytest.approx(precision_score(y, logit >= 0), abs=1e-12)
        assert recall[week] == pytest.approx(recall_score(y, logit >= 0), abs=1e-12)
    after = slice(20, 52)
    y, flagged = s.y[s.week(20) :].ravel(), run.logit[after].ravel() >= 0
    assert rd.pooled("precision", run, after, precision) == pytest.approx(precision_score(y, flagged))
    assert rd.pooled("recall", run, after, recall) == pytest.approx(recall_score(y, flagged))
    assert rd.pooled("auc", run, after, auc) == pytest.approx(np.mean(auc[after]))


@pytest.mark.parametrize(("cost_error", "cost_retrain"), [(50.0, 1000.0), (0.0, 5.0), (123.45, 0.0)])
def test_a_policys_cost_is_its_errors_plus_its_retrains(cost_error: float, cost_retrain: float):
    v = build(
        dx.fits,
        dx.view,
        params(detector="ph", drift="prior", strength=1.0, cost_error=cost_error, cost_retrain=cost_retrain),
    )
    sim = simulation(detector="ph", drift="prior", strength=1.0)
    for run, cost in zip(v.runs, v.costs, strict=True):
        _, fp, fn, _ = _brute_confusion(sim, run.deployed).T
        retrains = int(np.count_nonzero(np.diff(run.deployed)))
        assert cost.errors == int(fp.sum() + fn.sum())
        assert cost.retrains == retrains
        assert cost.total == pytest.approx(cost_error * (fp.sum() + fn.sum()) + cost_retrain * retrains)
    assert v.costs[v.cheapest].total == min(c.total for c in v.costs)


def test_the_triggered_policy_retrains_exactly_at_its_alarms():
    sim = simulation(drift="covariate", strength=1.0, detector="psi")
    run, trace = pol.triggered(sim, "psi", 2, 4)
    assert run.retrains == trace.alarms
    served = np.searchsorted(trace.alarms, range(52), side="right")
    for week, alarm in enumerate(served):
        assert run.deployed[week] == (trace.alarms[alarm - 1] if alarm else 0)


def test_the_feature_trace_is_each_week_against_the_current_reference():
    sim = simulation(drift="covariate", strength=1.0)
    _, trace = pol.triggered(sim, "w", 3, 2)
    retrained = 0
    for week in range(sim.stream.weeks - 1):
        found = pol.comparisons(sim, retrained, 2, week)
        assert trace.values[week] == pytest.approx(max(c.wasserstein for c in found), rel=1e-9)
        if week + 1 in trace.alarms:
            retrained = week + 1


def test_the_error_trace_feeds_the_delayed_error_rate_of_the_served_model():
    sim = simulation(drift="concept", strength=1.0, delay=3)
    run, trace = pol.triggered(sim, "adwin", 3, 4)
    fed = np.flatnonzero(np.isfinite(trace.error_rate))
    for week in fed:
        x, y = sim.stream.x[sim.stream.week(week)].astype(float), sim.stream.y[sim.stream.week(week)]
        c = sim.models.coef[run.deployed[week]]
        assert trace.error_rate[week] == pytest.approx(np.mean((x @ c[:2] + c[2] >= 0) != y))
    assert fed.max() <= sim.stream.weeks - 2 - 3  # the last three weeks' labels are not back


# --------------------------------------------------------------------------- sample size


def test_sample_size_wasserstein_converges_to_the_shift_and_the_p_value_collapses():
    study = ss.sample_size_study(0)
    assert study.true_wasserstein == ss.SHIFT
    assert study.wasserstein[-1] == pytest.approx(ss.SHIFT, abs=0.015)
    assert study.p_value[-1] < 1e-3
    assert study.p_value[0] > 0.05
    assert study.psi[-1] < 0.01  # far below any PSI alarm level


@pytest.mark.parametrize("shift", [0.0, 0.3])
def test_sample_size_statistics_match_scipy_on_the_same_draws(shift: float):
    study = ss.sample_size_study(3, shift)
    rng = np.random.default_rng([3, 7])
    for i, size in enumerate(ss.SIZES[:3]):
        found = []
        for _ in range(ss.REPEATS):
            before = ss.amount_sample(rng, size, sm.BASE_FRAUD, 0.0)
            after = ss.amount_sample(rng, size, sm.BASE_FRAUD, shift)
            found.append(
                (ks_2samp(before, after, method="asymp").pvalue, wasserstein_distance(before, after))
            )
        assert study.p_value[i] == pytest.approx(np.median([f[0] for f in found]), rel=1e-9)
        assert study.wasserstein[i] == pytest.approx(np.median([f[1] for f in found]), rel=1e-9)


# --------------------------------------------------------------------------- the view


def test_the_default_view_tells_the_issues_story():
    v = build(dx.fits, dx.view, params())
    s = v.summary
    assert s.before[0] > s.after[0] + 0.2, "concept drift cuts the unretrained model's precision"
    assert s.after[1] > s.after[0] + 0.1, "a 4-week cadence recovers much of it"
    assert s.detection.first_after is None, "the KS detector on the features never fires"
    assert any("never fired" in sentence for sentence in v.notice)
    assert v.costs[v.cheapest].name == "Every 4 weeks"


def test_a_start_past_the_stream_moves_to_its_last_week_with_one_message():
    v = build(dx.fits, dx.view, params(start=90, weeks=52))
    assert v.summary.start == 51
    assert len(v.messages) == 1 and "week 90" in v.messages[0].text
