"""Logistic regression vs SVM page, every control over its whole range: the page's calls give finite,
well-formed results that agree with scikit-learn, and fail only with the documented UserFacingError.

Fits are the expensive part (an RBF SVM with C = 1000 and gamma = 100 on 2,000 rows takes about a
second), so the full page runs on a few drawn settings and the reading control on cached fits.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss

import datasets
from explorers import lr_vs_svm as lx
from tests.unit.properties_support import (
    assert_finite,
    assert_probabilities,
    assert_sentences,
    assert_text,
    assert_valid_figure,
    controls,
    documented,
    page_controls,
)

STEM = "lr_vs_svm"
DATA = ("dataset", "n_train", "outliers", "scaling", "seed")
MODELS = ("lr_c", "lr_degree", "svm_kernel", "svm_c", "svm_gamma")
READING = ("bins",)
DEFAULTS = {key: control.default for key, control in page_controls(STEM).items()}
# What the sentences read of the fit-time sweep; the page's full sweep has its own test below.
SHORT_SWEEP = lx.SWEEP_SIZES[:2]


def specs(v: dict) -> tuple[lx.LogisticSpec, lx.SvmSpec]:
    """The two model specs exactly as the page builds them."""
    logistic = lx.LogisticSpec(C=v["lr_c"], degree=v["lr_degree"], scaled=v["scaling"])
    gamma = "scale" if v["svm_kernel"] == "linear" else v["svm_gamma"]
    return logistic, lx.SvmSpec(kernel=v["svm_kernel"], C=v["svm_c"], gamma=gamma, scaled=v["scaling"])


def fit_both(v: dict) -> tuple[lx.PreparedData, lx.FittedModel, lx.FittedModel]:
    """The page's data and fits (it checks the polynomial size before fitting)."""
    common = (v["dataset"], v["n_train"], v["outliers"], v["seed"])
    data = lx.prepare_data(*common)
    lx.check_polynomial_size(data.n_features, v["lr_degree"])
    logistic_spec, svm_spec = specs(v)
    return data, lx.fit_model(logistic_spec, *common), lx.fit_model(svm_spec, *common)


@lru_cache(maxsize=16)
def cached_fits(frozen: tuple) -> tuple | None:
    """``fit_both`` per setting (None: a documented UserFacingError)."""
    return documented(fit_both, dict(frozen))


def check_fitted(data: lx.PreparedData, model: lx.FittedModel) -> None:
    """A fitted model's numbers are finite, in range, and what scikit-learn says."""
    assert_finite(model, model.label, allow_nan=("raw_brier",) if not model.is_svm else ())
    assert_probabilities([model.train_accuracy, model.test_accuracy], "accuracies")
    assert_probabilities(model.test_probability, f"{model.label} P(positive)")
    assert model.test_probability.shape == data.y_test.shape
    assert model.grid_values.shape == (data.grid.feature_points.shape[0],)
    if not model.is_svm:
        assert_probabilities(model.grid_values, "LR surface")
    predicted = model.estimator.predict(data.X_test)
    assert model.test_accuracy == pytest.approx(accuracy_score(data.y_test, predicted), abs=1e-12)
    p = model.test_probability
    assert model.test_log_loss == pytest.approx(log_loss(data.y_test, p, labels=[0, 1]), rel=1e-9)
    assert model.test_brier == pytest.approx(brier_score_loss(data.y_test, p), rel=1e-9)
    assert model.fit_seconds >= 0 and model.latency_seconds >= 0 and model.batch_seconds_per_1000 >= 0
    assert model.n_support <= data.y_train.size
    assert model.n_model_features >= data.n_features


def check_reliability(
    data: lx.PreparedData, logistic: lx.FittedModel, svm: lx.FittedModel, bins: int
) -> None:
    curves = lx.reliability_curves(data.y_test, logistic, svm, bins)
    for curve, p in zip(
        curves, (logistic.test_probability, svm.raw_test_probability, svm.test_probability), strict=True
    ):
        assert_finite(curve)
        assert 1 <= len(curve.mean_predicted) == len(curve.observed) <= bins
        assert_probabilities(curve.mean_predicted, "mean predicted")
        assert_probabilities(curve.observed, "observed")
        assert curve.brier == pytest.approx(brier_score_loss(data.y_test, p), rel=1e-9)
        edges = np.percentile(p, np.linspace(0, 100, bins + 1))[1:-1]
        if np.abs(p[:, None] - edges[None, :]).min() > 1e-9:  # no point on an edge: the bins are unambiguous
            observed, predicted = calibration_curve(data.y_test, p, n_bins=bins, strategy="quantile")
            np.testing.assert_allclose(curve.observed, observed, atol=1e-9)
            np.testing.assert_allclose(curve.mean_predicted, predicted, atol=1e-9)
    assert_valid_figure(lx.reliability_figure(curves))


def draw_page(v: dict, fits: tuple, sweep_sizes: tuple[int, ...]) -> list[str]:
    """The rest of the page's ``draw``: outlier sweeps, scaling snapshots, fit times, sentences."""
    data, logistic, svm = fits
    logistic_spec, svm_spec = specs(v)
    assert_valid_figure(lx.surfaces_figure(data, logistic, svm), gaps_allowed=True)
    assert_text(lx.data_caption(data))
    check_reliability(data, logistic, svm, v["bins"])
    clean = (v["dataset"], v["n_train"], v["seed"])
    sweeps = (lx.outlier_sweep(logistic_spec, *clean), lx.outlier_sweep(svm_spec, *clean))
    for sweep in sweeps:
        assert_finite(sweep)
        assert sweep.fractions == lx.OUTLIER_FRACTIONS
        assert sweep.moved_share[0] == 0.0
        assert_probabilities(sweep.moved_share, "moved share")
        assert_probabilities(sweep.test_accuracy, "swept accuracy")
        assert np.isfinite(sweep.at(v["outliers"] or lx.OUTLIER_FRACTIONS[-1])).all()
    assert_valid_figure(lx.outlier_figure(*sweeps, svm.label, v["outliers"]))
    common = (v["dataset"], v["n_train"], v["outliers"], v["seed"])
    other = tuple(
        lx.snapshot(lx.with_scaling(spec, not v["scaling"]), *common).test_accuracy
        for spec in (logistic_spec, svm_spec)
    )
    assert_probabilities(other, "accuracy with scaling flipped")
    fit_times = lx.fit_time_sweep(v["dataset"], v["seed"], sweep_sizes)
    result = lx.LiveResult(
        data=data,
        logistic=logistic,
        svm=svm,
        logistic_outliers=sweeps[0],
        svm_outliers=sweeps[1],
        outlier_fraction=v["outliers"],
        other_scaling_accuracy=other,
        scaled=v["scaling"],
        fit_times=fit_times,
    )
    return lx.what_to_notice(result)


def _run(v: dict) -> None:
    fits = cached_fits(tuple(sorted(v.items(), key=lambda kv: kv[0])))
    if fits is None:
        event("fit: documented error")
        return
    data, logistic, svm = fits
    assert data.X_train.shape[0] == data.y_train.size == data.n_clean + data.n_outliers
    assert data.n_outliers == lx.outlier_count(data.n_clean, v["outliers"])
    assert_finite(data.X_train, "X_train")
    check_fitted(data, logistic)
    check_fitted(data, svm)
    notes = documented(draw_page, v, fits, SHORT_SWEEP)
    event("reading: documented error" if notes is None else "checked")
    if notes is not None:
        assert_sentences(notes, at_least=5)


@st.composite
def page_values(draw: st.DrawFn) -> dict:
    """Every control over its range; the degree also from the range that fits the drawn dataset,
    so that half the examples do not stop at the (documented) polynomial-size error."""
    v = draw(controls(STEM, (*DATA, *MODELS, *READING)))
    safe = lx.max_safe_degree(datasets.REGISTRY[v["dataset"]].n_features)
    v["lr_degree"] = draw(st.one_of(st.just(v["lr_degree"]), st.integers(1, safe)))
    return v


@settings(max_examples=6, deadline=None, derandomize=True)
@given(v=page_values())
@example(v={**DEFAULTS, "dataset": "digits", "lr_degree": 10})  # a UserFacingError: too many terms
@example(v={**DEFAULTS, "dataset": "diabetes", "n_train": 20, "outliers": 0.2, "bins": 20})
@example(
    v={**DEFAULTS, "n_train": 2000, "svm_c": 1000.0, "svm_gamma": 100.0, "lr_c": 1000.0, "lr_degree": 10}
)
@example(
    v={
        **DEFAULTS,
        "dataset": "breast_cancer",
        "scaling": False,
        "svm_kernel": "poly",
        "svm_c": 0.001,
        "bins": 4,
    }
)
def test_every_control_gives_finite_valid_results(v):
    _run(v)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(
    setting=st.sampled_from(
        [
            {**DEFAULTS},
            {**DEFAULTS, "dataset": "xor", "n_train": 20, "svm_kernel": "linear", "lr_degree": 3},
            {**DEFAULTS, "dataset": "digits", "n_train": 200, "outliers": 0.05, "svm_gamma": 10.0},
        ]
    ),
    bins=controls(STEM, READING),
)
def test_reliability_bins_on_cached_fits(setting, bins):
    v = {**setting, **bins}
    fits = cached_fits(tuple(sorted(v.items(), key=lambda kv: kv[0])))
    assert fits is not None
    check_reliability(*fits, v["bins"])


@settings(max_examples=3, deadline=None, derandomize=True)
@given(v=controls(STEM, ("dataset", "seed", "n_train")))
def test_fit_time_sweep_as_the_page_runs_it(v):
    sweep = documented(lx.fit_time_sweep, v["dataset"], v["seed"])
    assert sweep is not None
    assert_finite(sweep)
    assert sweep.sizes == lx.SWEEP_SIZES
    assert len(sweep.svm_seconds) + len(sweep.svm_projected) == len(sweep.sizes)
    assert all(t > 0 for t in (*sweep.logistic_seconds, *sweep.svm_seconds, *sweep.svm_projected))
    assert np.isfinite([sweep.logistic_exponent, sweep.svm_exponent, sweep.svm_at_largest]).all()
    assert_valid_figure(lx.fit_time_figure(sweep, v["n_train"]))
    assert_text(lx.fit_time_caption(sweep))
    assert_text(lx.fit_time_sentence(sweep))


def test_defaults_run_without_an_error():
    """The page's own defaults never hit the documented error (so the properties are not vacuous)."""
    fits = cached_fits(tuple(sorted(DEFAULTS.items(), key=lambda kv: kv[0])))
    assert fits is not None
    assert_sentences(draw_page(DEFAULTS, fits, SHORT_SWEEP), at_least=5)


def test_every_page_control_is_drawn():
    assert set(page_controls(STEM)) == {*DATA, *MODELS, *READING}
