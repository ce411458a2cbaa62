"""Feature transforms: every transform, metric, prior and headline number against an independent
reference (scikit-learn, scipy.stats, closed forms, brute force)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import betabinom, rankdata
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import partial_dependence
from sklearn.metrics import log_loss, mean_squared_error, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    MinMaxScaler,
    QuantileTransformer,
    SplineTransformer,
    StandardScaler,
)

from explorers import feature_transforms as fx
from explorers.feature_transforms.ctr import Prior, moments_prior
from explorers.feature_transforms.sentences import ranked
from explorers.feature_transforms.smoothing import smoothing, top
from explorers.feature_transforms.training import FeaturePipeline, bucket_effect
from explorers.view import build
from tests.unit.properties_support import defaults
from ui.topic import params_of

STEM = "feature_transforms"


@pytest.fixture(scope="module")
def counts() -> np.ndarray:
    return fx.make_posts(3000, 1.5, 7).counts()


def _reference(key: str, bins: int) -> object:
    """Each transform built straight from scikit-learn (and numpy for the clip), independently."""
    return {
        "raw": FunctionTransformer(),
        "log1p": FunctionTransformer(np.log1p),
        "standard": StandardScaler(),
        "minmax": MinMaxScaler(),
        "quantile": QuantileTransformer(n_quantiles=1000, output_distribution="uniform", subsample=None),
        "splines": make_pipeline(
            FunctionTransformer(np.log1p), SplineTransformer(n_knots=4, degree=3, knots="quantile")
        ),
        "width_bins": KBinsDiscretizer(n_bins=bins, encode="ordinal", strategy="uniform"),
        "quantile_bins": KBinsDiscretizer(
            n_bins=bins, encode="ordinal", strategy="quantile", quantile_method="averaged_inverted_cdf"
        ),
    }[key]


@pytest.mark.parametrize("key", [k for k in fx.TRANSFORMS if k != "clip"])
@pytest.mark.parametrize("bins", [3, 10, 30])
def test_every_transform_equals_scikit_learns_output(counts: np.ndarray, key: str, bins: int):
    train, test = counts[:2000], counts[2000:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ours = fx.make_transform(key, bins).fit(train)
        reference = _reference(key, bins).fit(train)
    np.testing.assert_array_equal(ours.transform(test), reference.transform(test))
    np.testing.assert_array_equal(ours.transform(train), reference.transform(train))


def test_clipping_caps_each_column_at_its_training_percentile(counts: np.ndarray):
    train, test = counts[:2000], counts[2000:]
    clipped = fx.make_transform("clip", 10).fit(train).transform(test)
    upper = np.percentile(train, 99, axis=0)
    np.testing.assert_array_equal(clipped, np.minimum(test, upper))
    assert (clipped <= upper).all() and (clipped[test < upper] == test[test < upper]).all()


def test_one_hot_buckets_are_the_ordinal_buckets_one_hot(counts: np.ndarray):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ordinal = fx.make_transform("quantile_bins", 8).fit(counts).transform(counts)
        one_hot = fx.make_transform("quantile_bins", 8, one_hot=True).fit(counts).transform(counts)
    sizes = [len(np.unique(ordinal[:, j])) for j in range(4)]
    assert one_hot.shape[1] >= sum(sizes)
    assert (one_hot.sum(axis=1) == 4).all()


@pytest.mark.parametrize("model", list(fx.FEATURE_MODELS))
@pytest.mark.parametrize("key", ["log1p", "quantile", "splines", "width_bins"])
def test_the_pipeline_equals_scikit_learns_pipeline(model: str, key: str):
    sample = fx.make_sample(2000, 1.5, 800, 3)
    prior = fx.train_prior(sample, "eb", 0.0)
    x, y = fx.design(sample, prior, "train")
    x_test, _ = fx.design(sample, prior, "test")
    ours = FeaturePipeline(model, key, 10, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        reference = ours.as_sklearn_pipeline().fit(x, y)
        ours.fit(x, y)
    np.testing.assert_allclose(
        ours.predict_proba(x_test), reference.predict_proba(x_test), rtol=1e-9, atol=1e-12
    )


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), key=st.sampled_from(["log1p", "standard", "minmax"]))
def test_a_monotone_transform_leaves_a_tree_models_ranking_unchanged(seed: int, key: str):
    """Property: trees split on order, so a strictly monotone transform of the counts gives the same
    trees and the same predicted ranking of the training rows."""
    sample = fx.make_sample(1000, 1.5, 500, seed)
    prior = fx.train_prior(sample, "additive", 10.0)
    x, y = fx.design(sample, prior, "train")
    if y.min() == y.max():
        return
    raw = FeaturePipeline("gbm", "raw", 10, seed).fit(x, y).predict_proba(x)[:, 1]
    moved = FeaturePipeline("gbm", key, 10, seed).fit(x, y).predict_proba(x)[:, 1]
    np.testing.assert_array_equal(rankdata(raw), rankdata(moved))
    np.testing.assert_allclose(raw, moved, rtol=1e-9)


def test_logistic_regression_is_not_invariant_to_log1p():
    sample = fx.make_sample(2000, 1.5, 1000, 0)
    prior = fx.train_prior(sample, "eb", 0.0)
    x, y = fx.design(sample, prior, "train")
    raw = FeaturePipeline("logreg", "raw", 10, 0).fit(x, y).predict_proba(x)[:, 1]
    logged = FeaturePipeline("logreg", "log1p", 10, 0).fit(x, y).predict_proba(x)[:, 1]
    assert not np.array_equal(rankdata(raw), rankdata(logged))


# --------------------------------------------------------------------------- metrics


@settings(max_examples=40, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 300), ties=st.booleans())
def test_auc_and_log_loss_equal_scikit_learns(seed: int, n: int, ties: bool):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    p = rng.random(n)
    if ties:
        p = np.round(p, 1)
    p = np.clip(p, 0.0, 1.0)
    if 0 < y.sum() < n:
        assert fx.roc_auc(y, p) == pytest.approx(roc_auc_score(y, p), abs=1e-12)
    else:
        assert fx.roc_auc(y, p) == 0.5
    assert fx.log_loss(y, p) == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-9)


# --------------------------------------------------------------------------- CTR prior


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("alpha", "beta"), [(2.0, 30.0), (0.8, 9.0), (5.0, 5.0)])
def test_empirical_bayes_recovers_a_known_prior(seed: int, alpha: float, beta: float):
    rng = np.random.default_rng(seed)
    impressions = 1 + rng.poisson(40, 20_000)
    clicks = rng.binomial(impressions, rng.beta(alpha, beta, impressions.size))
    fitted = fx.fit_prior(clicks, impressions)
    assert fitted.alpha == pytest.approx(alpha, rel=0.12)
    assert fitted.beta == pytest.approx(beta, rel=0.12)
    assert fitted.mean == pytest.approx(alpha / (alpha + beta), rel=0.03)


def test_empirical_bayes_maximises_scipys_beta_binomial_likelihood():
    """Brute force: no point of a grid around the fit has a higher scipy.stats.betabinom likelihood."""
    sample = fx.make_sample(5000, 1.5, 2000, 1)
    posts = sample.posts
    fitted = fx.fit_prior(posts.clicks, posts.impressions)
    best = fx.beta_binomial_loglik(fitted, posts.clicks, posts.impressions)
    assert best == pytest.approx(
        float(betabinom.logpmf(posts.clicks, posts.impressions, fitted.alpha, fitted.beta).sum())
    )
    for da in (0.9, 0.97, 1.03, 1.1):
        for db in (0.9, 0.97, 1.03, 1.1):
            other = Prior(fitted.alpha * da, fitted.beta * db)
            assert fx.beta_binomial_loglik(other, posts.clicks, posts.impressions) <= best + 1e-6
    assert (
        best
        > fx.beta_binomial_loglik(
            moments_prior(posts.clicks, posts.impressions), posts.clicks, posts.impressions
        )
        - 1e-6
    )


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    impressions=st.integers(1, 10_000),
    share=st.floats(0, 1),
    alpha=st.floats(0.01, 500),
    beta=st.floats(0.01, 500),
)
def test_smoothed_ctr_lies_between_the_raw_ctr_and_the_prior_mean(impressions, share, alpha, beta):
    clicks = round(share * impressions)
    prior = Prior(alpha, beta)
    raw = clicks / impressions
    smoothed = float(prior.smooth(np.array([clicks]), np.array([impressions]))[0])
    low, high = sorted((raw, prior.mean))
    assert low - 1e-12 <= smoothed <= high + 1e-12
    weight = prior.strength / (impressions + prior.strength)  # closed form: a weighted average
    assert smoothed == pytest.approx(weight * prior.mean + (1 - weight) * raw, rel=1e-9, abs=1e-15)


def test_additive_smoothing_puts_strength_pseudo_impressions_at_the_pooled_ctr():
    clicks, impressions = np.array([0, 1, 5, 30]), np.array([1, 1, 50, 300])
    prior = fx.prior_for("additive", clicks, impressions, 20.0)
    pooled = clicks.sum() / impressions.sum()
    np.testing.assert_allclose(prior.smooth(clicks, impressions), (clicks + 20 * pooled) / (impressions + 20))
    np.testing.assert_array_equal(
        fx.prior_for("raw", clicks, impressions, 20.0).smooth(clicks, impressions), clicks / impressions
    )


# --------------------------------------------------------------------------- smoothing panel


def test_smoothing_numbers_against_scikit_learn_and_brute_force():
    posts = fx.make_posts(3000, 1.5, 2)
    prior = fx.fit_prior(posts.clicks, posts.impressions)
    s = smoothing(posts, prior)
    raw = posts.clicks / posts.impressions
    assert s.rmse_raw == pytest.approx(np.sqrt(mean_squared_error(posts.true_ctr, raw)), rel=1e-12)
    assert s.weighted_rmse_smoothed == pytest.approx(
        np.sqrt(mean_squared_error(posts.true_ctr, s.smoothed, sample_weight=posts.impressions)), rel=1e-12
    )
    noisy = posts.impressions <= fx.NOISY_IMPRESSIONS
    assert s.noisy == noisy.sum()
    assert s.shrinkage == pytest.approx(
        np.mean([abs(a - b) for a, b in zip(raw[noisy], s.smoothed[noisy], strict=True)])
    )
    brute = sorted(range(posts.size), key=lambda i: (-raw[i], -posts.impressions[i], i))[:10]
    assert list(s.top_raw) == brute
    assert (
        list(top(s.smoothed, posts.impressions))
        == sorted(range(posts.size), key=lambda i: (-s.smoothed[i], -posts.impressions[i], i))[:10]
    )
    assert s.rmse_smoothed < s.rmse_raw


def test_the_bucket_effect_is_scikit_learns_partial_dependence():
    sample = fx.make_sample(2000, 1.5, 800, 4)
    prior = fx.train_prior(sample, "eb", 0.0)
    x, y = fx.design(sample, prior, "train")
    x_test, _ = fx.design(sample, prior, "test")
    for model in fx.FEATURE_MODELS:
        ours = FeaturePipeline(model, "quantile_bins", 6, 4).fit(x, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a count with few distinct values loses buckets
            reference = ours.as_sklearn_pipeline().fit(x, y)
        edges = ours.counts.bin_edges_[2]
        effect = bucket_effect(ours, x_test[:200], 2, edges)
        pd = partial_dependence(
            reference,
            x_test[:200],
            [2],
            custom_values={2: effect.centres},
            response_method="decision_function",
            kind="average",
        )
        np.testing.assert_allclose(effect.log_odds, pd["average"][0], rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- the headline numbers


def test_the_default_views_numbers_match_an_independent_run():
    """Seed by seed, each model on each transform refitted as scikit-learn's own Pipeline and scored with
    sklearn.metrics gives the view's mean AUC and log loss."""
    params = params_of(fx.Params, {**defaults(STEM), "seeds": 2})
    view = build(fx.fits, fx.view, params)
    runs = view.runs
    for model in fx.FEATURE_MODELS:
        for key in ("raw", "log1p", "quantile_bins"):
            aucs, losses = [], []
            for seed in runs.seeds:
                sample = fx.make_sample(params.posts, params.tail, params.train_size, seed)
                prior = fx.train_prior(sample, params.ctr, 0.0)
                x, y = fx.design(sample, prior, "train")
                x_test, yt = fx.design(sample, prior, "test")
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    warnings.simplefilter("ignore", UserWarning)
                    pipe = FeaturePipeline(model, key, params.bins, seed).as_sklearn_pipeline().fit(x, y)
                p = pipe.predict_proba(x_test)[:, 1]
                aucs.append(roc_auc_score(yt, p))
                losses.append(log_loss(yt, p))
            score = runs.scores[model][key]
            assert score.auc == pytest.approx(np.mean(aucs), abs=1e-9)
            assert score.auc_sd == pytest.approx(np.std(aucs, ddof=1), abs=1e-9)
            assert score.log_loss == pytest.approx(np.mean(losses), abs=1e-9)
    r = ranked(runs.scores[params.model])
    all_aucs = [s.auc for s in runs.scores[params.model].values()]
    assert r.gap == pytest.approx(max(all_aucs) - min(all_aucs))
    assert view.numbers[1].value == f"{r.gap:.3f}"
    assert view.numbers[0].value == f"{runs.scores[params.model][params.transform].auc:.3f}"


def test_the_baseline_is_the_training_base_rate():
    params = params_of(fx.Params, {**defaults(STEM), "seeds": 1})
    runs = build(fx.fits, fx.view, params).runs
    sample = fx.make_sample(params.posts, params.tail, params.train_size, params.seed)
    rate = sample.train.engaged.mean()
    expected = log_loss(sample.test.engaged, np.full(sample.test.engaged.size, rate))
    assert runs.baseline_log_loss[0] == pytest.approx(expected, rel=1e-9)


def test_the_headline_effects_hold_at_the_defaults():
    """The page's story: log1p helps logistic regression and leaves the trees where they were;
    equal-width buckets are the worst on a heavy tail; smoothing lowers the error to the truth."""
    view = build(fx.fits, fx.view, params_of(fx.Params, defaults(STEM)))
    lr, trees = view.runs.scores["logreg"], view.runs.scores["gbm"]
    assert lr["log1p"].auc - lr["raw"].auc > 0.01
    assert abs(trees["log1p"].auc - trees["raw"].auc) < 0.002
    assert ranked(lr).worst == "width_bins"
    assert view.smoothing.rmse_smoothed < view.smoothing.rmse_raw
    assert view.smoothing.noisy_in_top_raw > view.smoothing.noisy_in_top_smoothed


def test_bad_input_is_one_clear_sentence():
    from datasets.errors import UserFacingError

    params = params_of(fx.Params, defaults(STEM))
    for bad in ({"ctr": "median"}, {"transform": "sqrt"}, {"model": "svm"}):
        with pytest.raises(UserFacingError, match="choose one of"):
            build(fx.fits, fx.view, params.__class__(**{**params.__dict__, **bad}))
