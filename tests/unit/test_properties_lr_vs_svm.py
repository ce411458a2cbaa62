"""Logistic regression vs SVM, every control over its whole range: the view the page shows is finite,
well formed and agrees with scikit-learn, and fails only with the documented UserFacingError.

Fits are the expensive part (an RBF SVM with C = 1000 and gamma = 100 on 2,000 rows takes about a
second; the fit-time sweep a second or two), so each fit's result is remembered on its function and
arguments (``properties_support.built_view``): the full view runs on a few drawn settings, and the
reading control on remembered fits.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss

import datasets
from explorers import lr_vs_svm
from explorers.lr_vs_svm.fitting import FittedModel
from explorers.lr_vs_svm.specs import SvmSpec
from tests.unit import properties_support as props
from ui.topic import params_of

STEM = "lr_vs_svm"
DATA = ("dataset", "n_train", "outliers", "scaling", "seed")
MODELS = ("lr_c", "lr_degree", "svm_kernel", "svm_c", "svm_gamma")
READING = ("bins",)
DEFAULTS = props.defaults(STEM)


def check_fitted(data: lr_vs_svm.PreparedData, model: FittedModel) -> None:
    """A fitted model's numbers are finite, in range, and what scikit-learn says."""
    is_svm = isinstance(model.spec, SvmSpec)
    props.assert_finite(model, model.label, allow_nan=() if is_svm else ("raw_brier",))
    props.assert_probabilities([model.train_accuracy, model.test_accuracy], "accuracies")
    props.assert_probabilities(model.test_probability, f"{model.label} P(positive)")
    assert model.test_probability.shape == data.y_test.shape
    assert model.grid_values.shape == (data.grid.feature_points.shape[0],)
    if not is_svm:
        props.assert_probabilities(model.grid_values, "LR surface")
    predicted = model.estimator.predict(data.X_test)
    assert model.test_accuracy == pytest.approx(accuracy_score(data.y_test, predicted), abs=1e-12)
    p = model.test_probability
    assert model.test_log_loss == pytest.approx(log_loss(data.y_test, p, labels=[0, 1]), rel=1e-9)
    assert model.test_brier == pytest.approx(brier_score_loss(data.y_test, p), rel=1e-9)
    assert model.fit_seconds >= 0 and model.latency_seconds >= 0 and model.batch_seconds >= 0
    assert model.n_support <= data.y_train.size
    assert model.n_model_features >= data.n_features


def check_reliability(view: lr_vs_svm.LrVsSvmView, bins: int) -> None:
    """Each reliability line is scikit-learn's calibration curve of its probabilities, with their
    Brier score."""
    assert isinstance(view, lr_vs_svm.LrVsSvmView)
    r = view.live
    y = r.data.y_test
    sources = (r.logistic.test_probability, r.svm.raw_test_probability, r.svm.test_probability)
    cards = view.calibration_numbers[: len(sources)]  # the base rate's card follows the three lines
    for line, p, number in zip(view.reliability, sources, cards, strict=True):
        curve = line.curve
        props.assert_finite(line)
        assert 1 <= len(curve.predicted) == len(curve.observed) <= bins
        props.assert_probabilities(curve.predicted, "mean predicted")
        props.assert_probabilities(curve.observed, "observed")
        assert line.brier == pytest.approx(brier_score_loss(y, p), rel=1e-9)
        assert number.value == f"{line.brier:.3f}"
        edges = np.percentile(p, np.linspace(0, 100, bins + 1))[1:-1]
        if np.abs(p[:, None] - edges[None, :]).min() > 1e-9:  # no point on an edge: the bins are unambiguous
            observed, predicted = calibration_curve(y, p, n_bins=bins, strategy="quantile")
            np.testing.assert_allclose(curve.observed, observed, atol=1e-9)
            np.testing.assert_allclose(curve.predicted, predicted, atol=1e-9)


def check_sweeps(v: dict, view: lr_vs_svm.LrVsSvmView) -> None:
    """The outlier sweeps, the opposite-scaling accuracies and the fit-time sweep."""
    r = view.live
    for sweep in (r.logistic_outliers, r.svm_outliers):
        props.assert_finite(sweep)
        assert sweep.fractions == lr_vs_svm.OUTLIER_FRACTIONS
        assert sweep.moved_share[0] == 0.0
        props.assert_probabilities(sweep.moved_share, "moved share")
        props.assert_probabilities(sweep.test_accuracy, "swept accuracy")
        assert np.isfinite(sweep.at(v["outliers"] or lr_vs_svm.OUTLIER_FRACTIONS[-1])).all()
    props.assert_probabilities(r.other_scaling_accuracy, "accuracy with scaling flipped")
    sweep = r.fit_times
    props.assert_finite(sweep)
    assert sweep.sizes == lr_vs_svm.SWEEP_SIZES
    assert len(sweep.svm_seconds) + len(sweep.svm_projected) == len(sweep.sizes)
    assert all(t > 0 for t in (*sweep.logistic_seconds, *sweep.svm_seconds, *sweep.svm_projected))
    assert np.isfinite([sweep.logistic_exponent, sweep.svm_exponent, sweep.svm_at_largest]).all()
    props.assert_text(view.fit_time_caption)


def check_view(v: dict, view: lr_vs_svm.LrVsSvmView) -> None:
    """The whole view: data, both models, reliability, sweeps, and what the cards say."""
    props.assert_view(view, at_least=6, gaps_allowed=True)  # the surfaces leave gaps outside the data
    r = view.live
    data = r.data
    assert data.X_train.shape[0] == data.y_train.size == data.n_clean + data.n_outliers
    assert data.n_outliers == lr_vs_svm.outlier_count(data.n_clean, v["outliers"])
    props.assert_finite(data.X_train, "X_train")
    check_fitted(data, r.logistic)
    check_fitted(data, r.svm)
    check_reliability(view, v["bins"])
    check_sweeps(v, view)
    props.assert_text(view.data_caption)
    numbers = {number.label: number.value for number in view.numbers}
    assert numbers["LR test accuracy"] == f"{r.logistic.test_accuracy:.3f}"
    assert numbers["SVM test accuracy"] == f"{r.svm.test_accuracy:.3f}"
    assert numbers["Majority-class baseline accuracy"] == f"{r.baseline.accuracy:.3f}"
    assert view.calibration_numbers[-1].value == f"{r.baseline.brier:.3f}"
    if r.logistic.spec.degree != v["lr_degree"]:
        assert any(f"uses degree {r.logistic.spec.degree}" in m.text for m in view.messages)


@st.composite
def page_values(draw: st.DrawFn) -> dict:
    """Every control over its range; the degree also from the range that fits the drawn dataset,
    so that half the examples do not stop at the (documented) polynomial-size error."""
    v = draw(props.controls(STEM, (*DATA, *MODELS, *READING)))
    safe = lr_vs_svm.max_safe_degree(datasets.REGISTRY[v["dataset"]].n_features)
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
    props.check_built(lr_vs_svm, v, check_view)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(
    setting=st.sampled_from(
        [
            {**DEFAULTS},
            {**DEFAULTS, "dataset": "xor", "n_train": 20, "svm_kernel": "linear", "lr_degree": 3},
            {**DEFAULTS, "dataset": "digits", "n_train": 200, "outliers": 0.05, "svm_gamma": 10.0},
        ]
    ),
    bins=props.controls(STEM, READING),
)
def test_reliability_bins_on_memoised_fits(setting, bins):
    v = {**setting, **bins}
    view = props.built_view(lr_vs_svm, v)
    assert view is not None
    check_reliability(view, v["bins"])  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(v=props.controls(STEM, (*DATA, *MODELS)), reading=props.controls(STEM, READING))
def test_a_reading_control_never_changes_a_fit(v, reading):
    """The bins regroup the test scores only: every fit keeps its arguments."""
    before = lr_vs_svm.fits(params_of(lr_vs_svm.Params, {**v, "bins": lr_vs_svm.DEFAULT_BINS}))
    after = lr_vs_svm.fits(params_of(lr_vs_svm.Params, {**v, **reading}))
    assert {key: fit.args for key, fit in before.items()} == {key: fit.args for key, fit in after.items()}


@settings(max_examples=25, deadline=None, derandomize=True)
@given(v=props.controls(STEM, (*DATA, *MODELS, *READING)), gamma=props.controls(STEM, ("svm_gamma",)))
def test_gamma_changes_no_fit_of_a_linear_svm(v, gamma):
    params = params_of(lr_vs_svm.Params, {**v, "svm_kernel": "linear"})
    before, after = lr_vs_svm.fits(params), lr_vs_svm.fits(replace(params, **gamma))
    assert {key: fit.args for key, fit in before.items()} == {key: fit.args for key, fit in after.items()}


def test_defaults_run_without_an_error():
    """The page's own defaults never hit the documented error (so the properties are not vacuous)."""
    view = props.built_view(lr_vs_svm, DEFAULTS)
    assert view is not None
    check_view(DEFAULTS, view)  # type: ignore[arg-type]


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == {*DATA, *MODELS, *READING}
