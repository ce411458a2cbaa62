"""explorers.ads_calibration against independent references: the downsampling correction against
its closed form and Monte Carlo, every metric against scikit-learn (and brute force), NE against an
entropy computed by scipy, AUC under monotone maps (a property), the calibrators against
CalibratedClassifierCV's own predict_proba, and the auction against a Python loop."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit, logit
from scipy.stats import entropy as scipy_entropy
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.frozen import FrozenEstimator
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

from datasets.errors import UserFacingError
from explorers import ads_calibration as ads
from explorers.ads_calibration import data, scoring, training
from explorers.ads_calibration.auction import PER, auction
from explorers.ads_calibration.reading import PRIOR, TRUTH
from tests.unit.properties_support import assert_view, built_view, defaults

DEFAULTS = defaults("ads_calibration")


def _labels_and_scores(seed: int, n: int = 4000, rate: float = 0.05, decimals: int | None = None):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < rate).astype(np.int64)
    p = expit(rng.normal(-3.0 + 1.2 * y, 1.0))
    return y, (p if decimals is None else p.round(decimals))


# --------------------------------------------------------------------------- the correction


@pytest.mark.parametrize("ctr", list(ads.CTRS))
@pytest.mark.parametrize("w", list(ads.RATES))
def test_the_correction_maps_the_downsampled_rate_back_to_the_base_rate(ctr: float, w: float):
    """Closed form: downsampling at w turns a rate π into π / (π + (1 − π)·w); the correction undoes it."""
    downsampled = ctr / (ctr + (1 - ctr) * w)
    assert ads.downsampled_rate(ctr, w) == pytest.approx(downsampled, rel=1e-12)
    assert float(ads.correct(np.array([downsampled]), w)[0]) == pytest.approx(ctr, rel=1e-12)


@given(p=st.floats(1e-6, 1 - 1e-6), w=st.floats(0.001, 1.0))
def test_the_correction_inverts_the_downsampled_posterior(p: float, w: float):
    """Bayes: after keeping a share w of the negatives, P(click | x) becomes p / (p + (1 − p)·w)."""
    odds = p / (1 - p) / w
    assert float(ads.correct(np.array([odds / (1 + odds)]), w)[0]) == pytest.approx(p, rel=1e-9)


@pytest.mark.parametrize(("ctr", "w"), [(0.01, 0.1), (0.002, 0.05), (0.1, 0.5)])
def test_the_correction_recovers_the_base_rate_of_downsampled_data_in_expectation(ctr: float, w: float):
    """Monte Carlo over 200 downsampled logs: the corrected click rate averages to the logs' own click
    rate (within 4 standard errors), though each log's downsampled rate is far from it."""
    pool = data.impressions(ctr, 50_000, seed=3, stream=data.POOL)
    base = pool.clicks / pool.size
    corrected = []
    for seed in range(200):
        log = data.downsample(pool, w, seed)
        assert log.clicks == pool.clicks, "every click is kept"
        corrected.append(float(ads.correct(np.array([log.clicks / log.size]), w)[0]))
    spread = np.std(corrected, ddof=1) / math.sqrt(len(corrected))
    assert abs(np.mean(corrected) - base) < 4 * spread + 1e-4 * base


def test_a_logistic_model_on_downsampled_data_is_corrected_to_the_test_rate():
    """End to end over seeds: the raw mean prediction is inflated about 1/w-fold; corrected, the mean
    prediction over the test impressions is within 8% of their click rate on average."""
    ratios_raw, ratios = [], []
    for seed in range(4):
        t = ads.train(0.01, 0.1, "logreg", 5_000, seed)
        ratios_raw.append(t.scored["none"].ratio)
        ratios.append(t.scored["correction"].ratio)
    assert 5 < np.mean(ratios_raw) < 12
    assert abs(np.mean(ratios) - 1) < 0.08


def test_a_bad_rate_is_a_clear_error():
    with pytest.raises(UserFacingError, match="downsampling rate"):
        ads.correct(np.array([0.5]), 0.0)


# --------------------------------------------------------------------------- the data


@pytest.mark.parametrize("ctr", [0.001, 0.01, 0.1])
def test_the_true_probabilities_average_to_the_base_ctr(ctr: float):
    """A fresh draw (not the one the intercept was solved on): mean true p within 2% of the CTR."""
    fresh = data.impressions(ctr, 200_000, seed=77, stream=9)
    assert fresh.p.mean() == pytest.approx(ctr, rel=0.02)
    assert fresh.y.mean() == pytest.approx(ctr, rel=0.15)


def test_downsampling_keeps_every_click_and_about_w_of_the_rest():
    pool = data.impressions(0.05, 100_000, seed=1, stream=data.POOL)
    log = data.downsample(pool, 0.2, seed=1)
    assert log.clicks == pool.clicks
    kept = (log.size - log.clicks) / (pool.size - pool.clicks)
    assert kept == pytest.approx(0.2, abs=4 * math.sqrt(0.2 * 0.8 / (pool.size - pool.clicks)))


# --------------------------------------------------------------------------- the metrics


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("decimals", [None, 2])
def test_the_metrics_equal_scikit_learns(seed: int, decimals: int | None):
    y, p = _labels_and_scores(seed, decimals=decimals)
    s = ads.score(y, p)
    assert s.auc == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    assert s.log_loss == pytest.approx(log_loss(y, p), rel=1e-12)
    assert s.brier == pytest.approx(brier_score_loss(y, p), rel=1e-12)
    assert s.ratio == pytest.approx(p.sum() / y.sum(), rel=1e-12)
    assert s.mean == pytest.approx(p.mean(), rel=1e-12)


def test_log_loss_clips_certain_mistakes_as_scikit_learn_does():
    y = np.array([1, 0, 1, 0, 0])
    p = np.array([0.0, 1.0, 1.0, 0.0, 0.3])
    assert scoring.log_loss(y, p) == pytest.approx(log_loss(y, p), rel=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_ne_is_log_loss_over_the_entropy_of_the_base_rate(seed: int):
    y, p = _labels_and_scores(seed)
    rate = y.mean()
    entropy = scipy_entropy([rate, 1 - rate])  # nats, computed by scipy from the two class shares
    assert scoring.entropy(rate) == pytest.approx(entropy, rel=1e-12)
    assert ads.score(y, p).ne == pytest.approx(log_loss(y, p) / entropy, rel=1e-12)
    prior = ads.score(y, np.full(y.size, rate))
    assert prior.ne == pytest.approx(1.0, rel=1e-12), "the prior scores exactly 1"


@pytest.mark.parametrize("seed", range(3))
def test_ece_is_the_count_weighted_gap_of_calibration_curves_quantile_bins(seed: int):
    y, p = _labels_and_scores(seed)
    s = ads.score(y, p)
    observed, predicted = calibration_curve(y, p, n_bins=scoring.ECE_BINS, strategy="quantile")
    np.testing.assert_allclose(s.curve.observed, observed, atol=1e-12)
    np.testing.assert_allclose(s.curve.predicted, predicted, atol=1e-12)
    edges = np.percentile(p, np.linspace(0, 100, scoring.ECE_BINS + 1))
    brute = 0.0
    for i in range(scoring.ECE_BINS):  # a loop over bins: [edge_i, edge_i+1), the last one closed
        inside = (p >= edges[i]) & ((p < edges[i + 1]) if i < scoring.ECE_BINS - 1 else (p <= edges[i + 1]))
        if inside.any():
            brute += inside.sum() / p.size * abs(p[inside].mean() - y[inside].mean())
    assert s.ece == pytest.approx(brute, rel=1e-9)


_INCREASING = {
    "correction": ads.correct,
    "sigmoid": lambda p, a: expit(a * 5 * logit(p) + 1.0),
    "power": lambda p, a: p ** (a * 3),
    "log": lambda p, a: np.log(p) * a,
}


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    decimals=st.sampled_from([None, 2, 3]),
    kind=st.sampled_from(sorted(_INCREASING)),
    a=st.floats(0.05, 1.0),
)
def test_auc_is_unchanged_by_any_strictly_increasing_calibration(seed, decimals, kind, a):
    """Property: AUC reads only the order (ties included), so a strictly increasing map keeps it."""
    y, p = _labels_and_scores(seed, n=600, rate=0.1, decimals=decimals)
    p = np.clip(p, 1e-4, 1 - 1e-4)
    q = _INCREASING[kind](p, a)
    assert np.all(np.diff(q[np.argsort(p, kind="stable")]) >= 0)
    assert ads.score(y, q).auc == pytest.approx(ads.score(y, p).auc, abs=1e-12)
    assert scoring.auc(y, q) == pytest.approx(roc_auc_score(y, q), abs=1e-12)


# --------------------------------------------------------------------------- training and calibrators


@pytest.mark.parametrize("model", list(ads.MODELS))
def test_the_calibrators_predict_what_calibratedclassifiercv_predicts(model: str):
    """The page applies each fitted calibrator to the score once; CalibratedClassifierCV's own
    predict_proba (default folds) on the test features gives the same probabilities."""
    cal = data.impressions(0.05, 5_000, seed=2, stream=data.CALIBRATION)
    log = data.downsample(data.impressions(0.05, 20_000, seed=2, stream=data.POOL), 0.2, seed=2)
    test = data.impressions(0.05, 3_000, seed=2, stream=data.TEST)
    fitted = training.MODEL_TABLE[model].make(2).fit(log.X, log.y)
    score = training.decision(fitted, test.X)
    raw = expit(score) if hasattr(fitted, "decision_function") else score
    np.testing.assert_allclose(raw, fitted.predict_proba(test.X)[:, 1], rtol=1e-10, atol=1e-14)
    for method in ("sigmoid", "isotonic"):
        reference = CalibratedClassifierCV(FrozenEstimator(fitted), method=method).fit(cal.X, cal.y)
        ours = training.calibrator(fitted, method, cal)(score)
        np.testing.assert_allclose(ours, reference.predict_proba(test.X)[:, 1], rtol=1e-7, atol=1e-10)


def test_train_scores_every_calibration_on_the_same_impressions():
    t = ads.train(0.01, 0.1, "logreg", 20_000, 0)
    assert set(t.scored) == set(ads.CALIBRATIONS)
    for s in t.scored.values():
        assert s is not None and s.p.shape == t.y.shape
    np.testing.assert_allclose(t.scored["correction"].p, ads.correct(t.scored["none"].p, 0.1))
    assert t.scored["correction"].auc == pytest.approx(t.scored["none"].auc, abs=1e-12)
    assert t.scored["platt"].auc == pytest.approx(t.scored["none"].auc, abs=1e-12)
    assert t.truth.ne < t.prior.ne == pytest.approx(1.0)


def test_a_calibration_set_without_clicks_says_so_and_shows_the_correction(monkeypatch):
    monkeypatch.setitem(data.CALIBRATION_SIZES, 50, "50")
    t = ads.train(0.001, 0.1, "logreg", 50, 0)
    assert t.problem is not None and "too few to fit" in t.problem
    assert t.scored["platt"] is None and t.scored["isotonic"] is None
    from explorers.ads_calibration.topic import Params, view

    v = view(Params(0.001, 0.1, "logreg", 50, 0, "isotonic", 1.0), {"model": t})
    assert v.reading.shown == "correction"
    assert [m.tone for m in v.messages] == ["warning", "warning"]
    assert all("—" in row[1] for row in v.table.rows if row[0] in ("Platt (sigmoid)", "Isotonic"))


def test_unknown_settings_are_clear_errors():
    with pytest.raises(UserFacingError, match="model"):
        ads.train(0.01, 0.1, "svm", 20_000, 0)
    with pytest.raises(UserFacingError, match="lists"):
        ads.train(0.03, 0.1, "logreg", 20_000, 0)


# --------------------------------------------------------------------------- the auction


def test_the_auction_equals_a_python_loop():
    rng = np.random.default_rng(5)
    truth = rng.uniform(0.001, 0.05, 500)
    predicted = np.clip(truth * rng.lognormal(0, 0.5, 500), 0, 1)
    competing = training.competing_bids(truth, 5)
    spend = value = wins = 0.0
    for p, t, c in zip(predicted, truth, competing, strict=True):
        if p * 2.0 > c:
            wins, spend, value = wins + 1, spend + c, value + t * 2.0
    o = auction(predicted, truth, competing, 2.0)
    assert o.won == pytest.approx(wins / 500)
    assert o.spend == pytest.approx(spend * PER / 500, rel=1e-12)
    assert o.value == pytest.approx(value * PER / 500, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 1000), scale=st.floats(0.2, 5.0), noise=st.floats(0.0, 1.0))
def test_bidding_the_true_probability_earns_the_most(seed: int, scale: float, noise: float):
    """Second price: bidding your value wins exactly the impressions worth more than they cost."""
    rng = np.random.default_rng(seed)
    truth = rng.uniform(0.001, 0.1, 2000)
    competing = training.competing_bids(truth, seed)
    other = truth * scale * np.exp(noise * rng.standard_normal(truth.size))
    assert (
        auction(truth, truth, competing, 1.5).surplus >= auction(other, truth, competing, 1.5).surplus - 1e-12
    )


# --------------------------------------------------------------------------- the view


def test_the_default_view_is_well_formed_and_stresses_the_shown_row():
    v = built_view(ads, DEFAULTS)
    assert v is not None
    assert_view(v, at_least=4)
    r = v.reading
    assert r.shown == DEFAULTS["calibration"]
    (stressed,) = [i for i in range(len(v.table.rows)) if v.table.is_emphasised(i, 1)]
    assert v.table.rows[stressed][0] == "None"
    assert [v.table.is_muted(i) for i in range(len(v.table.rows))] == [False] * 4 + [True] * 2
    assert r.rows[PRIOR].auc == 0.5
    assert r.best_surplus == max(o.surplus for o in r.outcomes.values())
    cards = {n.label: n.value for n in v.numbers}
    assert cards["AUC"] == f"{roc_auc_score(r.trained.y, r.current.p):.3f}"
    assert cards["Calibration ratio"] == f"{r.current.p.sum() / r.trained.y.sum():.2f}"
    assert TRUTH in r.outcomes


def test_switching_calibration_only_reads():
    fitted = {key: fit.run() for key, fit in ads.fits(ads.Params(**DEFAULTS)).items()}
    ratios = {}
    for key in ads.CALIBRATIONS:
        v = ads.view(ads.Params(**{**DEFAULTS, "calibration": key}), fitted)
        ratios[key] = v.reading.current.ratio
        assert v.reliability.figure is not None
    assert abs(ratios["correction"] - 1) < abs(ratios["none"] - 1) / 3


def test_a_fitted_calibration_states_its_auc_against_the_raw_model():
    v = built_view(ads, {**DEFAULTS, "calibration": "platt"})
    assert v is not None
    assert any(s.startswith("AUC reads only the order") for s in v.notice)
    assert "Platt" in " ".join(v.notice)


def test_every_page_figure_is_valid():
    from tests.unit.properties_support import assert_valid_figure

    v = built_view(ads, {**DEFAULTS, "calibration": "isotonic", "ctr": 0.001})
    assert v is not None
    for chart in (v.reliability, v.auction):
        assert_valid_figure(chart.figure)
