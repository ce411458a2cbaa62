"""explorers.lr_vs_svm against independent references: scikit-learn estimators built here, closed forms."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import SVC

from datasets.errors import UserFacingError
from explorers import formatting, lr_vs_svm, metrics
from explorers.lr_vs_svm import data as ld
from explorers.lr_vs_svm import figures, fitting, reliability, sentences, specs, sweeps, text
from explorers.lr_vs_svm.baseline import baseline_of

PAYLOAD_LIMIT = 200_000


@pytest.fixture(scope="module")
def moons() -> ld.PreparedData:
    return ld.prepare_data("moons", 200, 0.05, 3)


@pytest.fixture(scope="module")
def moons_pair(moons) -> tuple[fitting.FittedModel, fitting.FittedModel]:
    logistic = fitting.fit_model(specs.LogisticSpec(C=0.1, degree=3), "moons", 200, 0.05, 3)
    svm = fitting.fit_model(specs.SvmSpec(kernel="rbf", C=10.0, gamma=1.0), "moons", 200, 0.05, 3)
    return logistic, svm


@pytest.fixture(scope="module")
def cancer() -> ld.PreparedData:
    return ld.prepare_data("breast_cancer", 2000, 0.1, 0)


@pytest.fixture(scope="module")
def cancer_pair() -> tuple[fitting.FittedModel, fitting.FittedModel]:
    logistic = fitting.fit_model(specs.LogisticSpec(), "breast_cancer", 2000, 0.1, 0)
    svm = fitting.fit_model(specs.SvmSpec(kernel="linear"), "breast_cancer", 2000, 0.1, 0)
    return logistic, svm


# ----------------------------------------------------------------------------- outliers


@pytest.mark.parametrize("n", [20, 37, 200, 999])
@pytest.mark.parametrize("fraction", [0.0, 0.02, 0.05, 0.1, 0.2, 0.5])
def test_outlier_injection_adds_exactly_the_requested_fraction(n: int, fraction: float):
    rng = np.random.default_rng(n)
    features, y = rng.normal(size=(n, 3)), (rng.random(n) < 0.4).astype(np.int64)
    far, flipped = ld.inject_outliers(features, y, fraction, seed=1)
    expected = round(fraction * n)
    assert far.shape == (expected, 3)
    assert flipped.shape == (expected,)
    assert ld.outlier_count(n, fraction) == expected


def test_outliers_are_far_away_copies_with_flipped_labels():
    rng = np.random.default_rng(0)
    features = rng.normal(loc=[5.0, -2.0], scale=[3.0, 0.5], size=(400, 2))
    y = (features[:, 0] > 5).astype(np.int64)
    far, flipped = ld.inject_outliers(features, y, 0.1, seed=4)
    z_far = (far - features.mean(axis=0)) / features.std(axis=0)
    z_all = (features - features.mean(axis=0)) / features.std(axis=0)
    typical = np.median(np.linalg.norm(z_all, axis=1))
    distances = np.linalg.norm(z_far, axis=1)
    assert np.all(distances >= ld.OUTLIER_STRETCH[0] * typical - 1e-9)
    assert np.all(distances <= ld.OUTLIER_STRETCH[1] * typical + 1e-9)
    # each outlier lies on the ray from the mean through some training row, with that row's label flipped
    for point, label in zip(z_far, flipped, strict=True):
        direction = point / np.linalg.norm(point)
        cosines = z_all @ direction / np.linalg.norm(z_all, axis=1)
        source = int(np.argmax(cosines))
        assert cosines[source] == pytest.approx(1.0)
        assert label == 1 - y[source]


def test_outliers_of_a_smaller_fraction_are_a_subset_of_a_larger_one():
    rng = np.random.default_rng(2)
    features, y = rng.normal(size=(300, 2)), rng.integers(0, 2, 300)
    small, _ = ld.inject_outliers(features, y, 0.05, seed=9)
    large, _ = ld.inject_outliers(features, y, 0.2, seed=9)
    np.testing.assert_allclose(large[: small.shape[0]], small)


@pytest.mark.parametrize("fraction", [-0.1, 0.51, float("nan")])
def test_an_impossible_outlier_fraction_is_a_user_facing_error(fraction: float):
    with pytest.raises(UserFacingError, match="outlier fraction"):
        ld.inject_outliers(np.zeros((10, 2)), np.zeros(10, dtype=int), fraction, seed=0)


# ----------------------------------------------------------------------------- data


@pytest.mark.parametrize("n_train", ld.TRAIN_SIZES)
def test_the_training_set_has_the_requested_size_plus_outliers(n_train: int):
    data = ld.prepare_data("moons", n_train, 0.1, 0)
    assert data.n_clean == n_train
    assert data.n_outliers == round(0.1 * n_train)
    assert data.X_train.shape == (n_train + data.n_outliers, 2)
    assert data.y_test.size == math.ceil(n_train / (1 - ld.TEST_FRACTION)) - n_train


def test_outliers_touch_only_the_training_set():
    clean = ld.prepare_data("xor", 500, 0.0, 5)
    dirty = ld.prepare_data("xor", 500, 0.2, 5)
    np.testing.assert_array_equal(clean.X_test, dirty.X_test)
    np.testing.assert_array_equal(clean.X_train, dirty.X_train[: dirty.n_clean])
    assert dirty.n_outliers == 100


def test_a_table_caps_the_training_set_at_its_rows(cancer: ld.PreparedData):
    assert cancer.n_clean + cancer.y_test.size == 569
    assert cancer.n_features == 30
    assert cancer.view.is_projection
    assert "30 features" in cancer.view.caption()


def test_a_training_set_too_small_to_split_is_raised_with_a_reason():
    data = ld.prepare_data("digits", 20, 0.0, 0)
    assert data.n_clean > 20
    for part in (data.y_train[: data.n_clean], data.y_test):
        assert min(part.sum(), part.size - part.sum()) >= specs.CALIBRATION_FOLDS
    assert data.raised_because is not None
    assert "positive samples" in data.raised_because and "rows instead" in data.raised_because
    assert f"Trained on {data.n_clean:,} rows instead." in data.raised_because
    assert ld.prepare_data("moons", 20, 0.0, 0).raised_because is None


@pytest.mark.parametrize("n_train", [0, 19, 2001, 50.5])
def test_a_training_size_out_of_range_gives_a_message(n_train):
    with pytest.raises(UserFacingError, match="training-set size"):
        ld.prepare_data("moons", n_train, 0.0, 0)


# ----------------------------------------------------------------------------- polynomial features


@pytest.mark.parametrize(("n_features", "degree"), [(2, 1), (2, 5), (2, 10), (10, 3), (30, 2), (64, 1)])
def test_polynomial_feature_count_matches_sklearn(n_features: int, degree: int):
    poly = PolynomialFeatures(degree, include_bias=False).fit(np.zeros((1, n_features)))
    assert specs.polynomial_feature_count(n_features, degree) == poly.n_output_features_


@pytest.mark.parametrize(("dataset", "degree"), [("digits", 2), ("breast_cancer", 3), ("diabetes", 5)])
def test_an_exploding_polynomial_is_refused_with_the_count(dataset: str, degree: int):
    n_features = ld.prepare_data(dataset, 200, 0.0, 0).n_features
    count = math.comb(n_features + degree, degree) - 1
    with pytest.raises(UserFacingError, match=f"{count:,} terms"):
        fitting.fit_model(specs.LogisticSpec(degree=degree), dataset, 200, 0.0, 0)
    safe = specs.max_safe_degree(n_features)
    assert specs.polynomial_feature_count(n_features, safe) <= specs.MAX_POLY_FEATURES
    assert (
        safe == specs.MAX_DEGREE
        or specs.polynomial_feature_count(n_features, safe + 1) > specs.MAX_POLY_FEATURES
    )


def test_every_degree_is_allowed_on_two_features():
    assert specs.max_safe_degree(2) == specs.MAX_DEGREE
    assert specs.check_polynomial_size(2, specs.MAX_DEGREE) == 65


# ----------------------------------------------------------------------------- logistic regression


def _reference_logistic(data: ld.PreparedData, c: float, degree: int):
    model = make_pipeline(
        StandardScaler(), PolynomialFeatures(degree, include_bias=False), StandardScaler(),
        LogisticRegression(C=c, max_iter=1000),
    )  # fmt: skip
    return model.fit(data.X_train, data.y_train)


def test_logistic_scores_match_sklearn(moons, moons_pair):
    logistic, _ = moons_pair
    reference = _reference_logistic(moons, 0.1, 3)
    p = reference.predict_proba(moons.X_test)[:, 1]
    np.testing.assert_allclose(logistic.test_probability, p, atol=1e-6)
    y = moons.y_test
    assert logistic.test_accuracy == pytest.approx(np.mean((p >= 0.5) == y))
    assert logistic.train_accuracy == pytest.approx(
        accuracy_score(moons.y_train, reference.predict(moons.X_train))
    )
    by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert logistic.test_log_loss == pytest.approx(by_hand, rel=1e-6)
    assert logistic.test_log_loss == pytest.approx(log_loss(y, p), rel=1e-6)
    assert logistic.test_brier == pytest.approx(np.mean((p - y) ** 2), rel=1e-6)
    assert logistic.n_model_features == 9  # x, y, x², xy, y², x³, x²y, xy², y³
    assert logistic.n_support == 0
    np.testing.assert_allclose(
        logistic.grid_values, reference.predict_proba(moons.grid.feature_points)[:, 1], atol=1e-6
    )


def test_logistic_without_scaling_has_no_scaler():
    spec = specs.LogisticSpec(C=1.0, degree=2, scaled=False)
    assert [name for name, _ in spec.build().steps] == ["poly", "model"]
    assert [name for name, _ in specs.LogisticSpec().build().steps] == ["scale", "model"]


# ----------------------------------------------------------------------------- SVM


def _reference_svm(data: ld.PreparedData, **params):
    return make_pipeline(StandardScaler(), SVC(**params)).fit(data.X_train, data.y_train)


def test_support_vectors_equal_the_fitted_models(moons, moons_pair):
    _, svm = moons_pair
    reference = _reference_svm(moons, kernel="rbf", C=10.0, gamma=1.0)
    svc = reference[-1]
    assert svm.n_support == int(svc.n_support_.sum())
    np.testing.assert_array_equal(np.sort(svm.support_indices), np.sort(svc.support_))
    assert svm.n_support == svm.estimator[-1].support_.size


def test_svm_accuracy_and_raw_margin_match_sklearn(moons, moons_pair):
    _, svm = moons_pair
    reference = _reference_svm(moons, kernel="rbf", C=10.0, gamma=1.0)
    margin = reference.decision_function(moons.X_test)
    assert svm.test_accuracy == pytest.approx(np.mean((margin > 0) == moons.y_test))
    assert svm.train_accuracy == pytest.approx(
        accuracy_score(moons.y_train, reference.predict(moons.X_train))
    )
    np.testing.assert_allclose(svm.raw_test_probability, 1 / (1 + np.exp(-margin)), atol=1e-6)
    assert svm.raw_brier == pytest.approx(np.mean((expit(margin) - moons.y_test) ** 2), rel=1e-6)
    np.testing.assert_allclose(
        svm.grid_values, reference.decision_function(moons.grid.feature_points), atol=1e-6
    )


def test_svm_probabilities_are_calibrated_out_of_fold_as_sklearn_does(moons, moons_pair):
    _, svm = moons_pair
    folds = StratifiedKFold(3, shuffle=True, random_state=3)
    reference = CalibratedClassifierCV(
        make_pipeline(StandardScaler(), SVC(kernel="rbf", C=10.0, gamma=1.0)),
        method="sigmoid",
        cv=folds,
        ensemble=False,
    ).fit(moons.X_train, moons.y_train)
    p = reference.predict_proba(moons.X_test)[:, 1]
    np.testing.assert_allclose(svm.test_probability, p, atol=1e-6)
    assert svm.test_log_loss == pytest.approx(log_loss(moons.y_test, p), rel=1e-6)
    assert svm.test_brier == pytest.approx(brier_score_loss(moons.y_test, p), rel=1e-6)


def test_costs_are_measured(moons_pair):
    for model in moons_pair:
        assert 0 < model.fit_seconds < 10
        assert 0 < model.latency_seconds < 1
        assert 0 < model.batch_seconds < 1
        assert model.fit_repeats >= 1


@pytest.mark.parametrize(
    "spec",
    [
        specs.SvmSpec(kernel="sigmoid"),
        specs.SvmSpec(C=0.0),
        specs.SvmSpec(gamma=-1.0),
        specs.LogisticSpec(C=-1.0),
    ],
)
def test_invalid_model_settings_are_user_facing_errors(spec):
    with pytest.raises(UserFacingError):
        spec.build()


def test_non_convergence_is_reported_not_raised():
    model = make_pipeline(LogisticRegression(max_iter=1))
    data = ld.prepare_data("breast_cancer", 200, 0.0, 0)
    converged, seconds = fitting.fit_quietly(model, data.X_train, data.y_train)
    assert converged is False
    assert seconds > 0


# ----------------------------------------------------------------------------- the PCA view


def test_models_see_every_feature_and_the_plane_is_only_for_plotting(cancer, cancer_pair):
    logistic, svm = cancer_pair
    for model in (logistic, svm):
        assert model.estimator.n_features_in_ == 30
        assert model.estimator[-1].n_features_in_ == 30
    reference = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    reference.fit(cancer.X_train, cancer.y_train)
    assert logistic.test_accuracy == pytest.approx(reference.score(cancer.X_test, cancer.y_test))
    on_plane = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    on_plane.fit(cancer.view.to_plane(cancer.X_train), cancer.y_train)
    assert on_plane.n_features_in_ == 2  # what a plot-only model would be; ours is not that one
    assert cancer.grid.feature_points.shape[1] == 30
    np.testing.assert_allclose(
        logistic.grid_values, reference.predict_proba(cancer.grid.feature_points)[:, 1], atol=1e-6
    )


def test_the_grid_covers_every_point_including_outliers(cancer):
    points = cancer.view.to_plane(np.vstack([cancer.X_train, cancer.X_test]))
    assert cancer.grid.xs.min() <= points[:, 0].min() and cancer.grid.xs.max() >= points[:, 0].max()
    assert cancer.grid.ys.min() <= points[:, 1].min() and cancer.grid.ys.max() >= points[:, 1].max()


# ----------------------------------------------------------------------------- outlier sweep


def test_outlier_sweep_compares_each_fit_with_the_clean_one():
    spec = specs.SvmSpec(kernel="linear", C=1.0)
    sweep = sweeps.outlier_sweep(spec, "linear", 200, 1)
    assert sweep.fractions == ld.OUTLIER_FRACTIONS
    assert sweep.moved_share[0] == 0.0
    clean = ld.prepare_data("linear", 200, 0.0, 1)
    for fraction, moved, accuracy in zip(
        sweep.fractions, sweep.moved_share, sweep.test_accuracy, strict=True
    ):
        data = ld.prepare_data("linear", 200, fraction, 1)
        reference = _reference_svm(data, kernel="linear", C=1.0)
        base = _reference_svm(clean, kernel="linear", C=1.0)
        grid = clean.sweep_points
        assert moved == pytest.approx(np.mean(reference.predict(grid) != base.predict(grid)))
        assert accuracy == pytest.approx(reference.score(data.X_test, data.y_test))
    moved, change = sweep.at(0.2)
    assert moved == sweep.moved_share[-1]
    assert change == pytest.approx(sweep.test_accuracy[-1] - sweep.test_accuracy[0])


def test_scaling_can_be_switched_on_a_spec():
    spec = specs.SvmSpec(kernel="poly", C=10.0, gamma=0.1, scaled=True)
    off = specs.with_scaling(spec, False)
    assert off == specs.SvmSpec(kernel="poly", C=10.0, gamma=0.1, scaled=False)
    assert [name for name, _ in off.build().steps] == ["model"]


# ----------------------------------------------------------------------------- fit time vs size


@pytest.mark.parametrize("exponent", [0.5, 1.0, 2.0, 2.7])
def test_growth_exponent_recovers_a_power_law(exponent: float):
    sizes = (500, 1000, 2000, 5000, 10_000)
    seconds = tuple(1e-6 * n**exponent for n in sizes)
    assert sweeps.growth_exponent(sizes, seconds) == pytest.approx(exponent)


def test_fit_time_sweep_measures_every_size_when_affordable():
    sweep = sweeps.fit_time_sweep("moons", 0, sizes=(100, 200, 400))
    assert sweep.sizes == (100, 200, 400)
    assert len(sweep.logistic_seconds) == len(sweep.svm_seconds) == 3
    assert sweep.svm_projected == ()
    assert all(t > 0 for t in sweep.logistic_seconds + sweep.svm_seconds)
    assert sweep.resampled_from is None


def test_fit_time_sweep_projects_sizes_past_its_budget(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sweeps, "SWEEP_SVM_SINGLE_FIT_LIMIT", 0.0)
    sweep = sweeps.fit_time_sweep("moons", 0, sizes=(100, 200, 400, 800))
    assert len(sweep.svm_seconds) == 2
    assert len(sweep.svm_projected) == 2
    slope = max(sweeps.growth_exponent((100, 200), sweep.svm_seconds), 1.0)
    assert sweep.svm_projected[0] == pytest.approx(sweep.svm_seconds[-1] * 2**slope)
    assert sweep.svm_at_largest == sweep.svm_projected[-1]
    assert "projected" in text.fit_time_caption(sweep) or "dashed" in text.fit_time_caption(sweep)


def test_a_table_is_resampled_with_jitter_past_its_size():
    features, y, source = sweeps.rows_of_size("breast_cancer", 2000, 0)
    assert features.shape == (2000, 30)
    assert y.shape == (2000,)
    assert source == 569
    assert np.unique(features, axis=0).shape[0] == 2000  # jitter: no exact duplicates
    assert set(np.unique(y)) == {0, 1}


# ----------------------------------------------------------------------------- reliability


def test_reliability_curve_is_sklearns(moons, moons_pair):
    logistic, svm = moons_pair
    curves = reliability.reliability_lines(moons.y_test, logistic, svm, 5)
    observed, predicted = calibration_curve(moons.y_test, svm.test_probability, n_bins=5, strategy="quantile")
    np.testing.assert_allclose(curves[2].curve.observed, observed)
    np.testing.assert_allclose(curves[2].curve.predicted, predicted)
    assert curves[0].brier == pytest.approx(brier_score_loss(moons.y_test, logistic.test_probability))
    assert curves[1].brier == pytest.approx(svm.raw_brier)


@pytest.mark.parametrize("bins", [2, 5, 10, 20, 50])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reliability_curve_equals_sklearns_calibration_curve(bins: int, seed: int):
    rng = np.random.default_rng(seed)
    p = rng.beta(0.7, 0.9, size=300).round(2)  # rounded: many ties at the bin edges
    y = (rng.random(300) < p).astype(int)
    observed, predicted = calibration_curve(y, p, n_bins=bins, strategy="quantile")
    curve = metrics.reliability(y, p, bins, strategy="quantile")
    np.testing.assert_allclose(curve.observed, observed)
    np.testing.assert_allclose(curve.predicted, predicted)
    assert metrics.brier(y, p) == pytest.approx(brier_score_loss(y, p))


@pytest.mark.parametrize("bins", [1, 51, 2.5])
def test_reliability_bins_out_of_range_are_refused(moons, moons_pair, bins):
    with pytest.raises(UserFacingError, match="bins"):
        reliability.reliability_lines(moons.y_test, *moons_pair, bins)


# ----------------------------------------------------------------------------- figures


def _validated(fig: go.Figure) -> dict:
    return go.Figure(fig.to_dict()).to_dict()  # raises on an invalid property


def test_surfaces_figure_is_valid_and_shows_both_models(moons, moons_pair):
    fig = _validated(figures.surfaces_figure(moons, *moons_pair))
    kinds = [trace["type"] for trace in fig["data"]]
    assert kinds.count("contour") == 5  # two surfaces, LR boundary, SVM boundary, SVM margins
    axes = {trace.get("xaxis", "x") for trace in fig["data"]}
    assert axes == {"x", "x2"}
    assert fig["layout"]["xaxis2"]["matches"] == "x"
    names = " ".join(trace.get("name", "") for trace in fig["data"])
    assert f"Support vectors ({moons_pair[1].n_support:,})" in names
    assert "Outliers (10)" in names  # 5% of 200
    margins = next(t for t in fig["data"] if t.get("name") == "Margins (f = ±1)")
    assert (margins["contours"]["start"], margins["contours"]["end"]) == (-1.0, 1.0)


@pytest.mark.parametrize("dataset", ["xor", "digits"])
def test_every_chart_stays_under_200_kb_at_the_largest_settings(dataset: str):
    common = (dataset, ld.TRAIN_SIZES[-1], ld.OUTLIER_FRACTIONS[-1], 0)
    data = ld.prepare_data(*common)
    logistic = fitting.fit_model(specs.LogisticSpec(), *common)
    svm = fitting.fit_model(specs.SvmSpec(C=0.001), *common)  # small C: nearly every point a support vector
    assert svm.n_support > figures.POINTS_PER_SPLIT
    swept = [
        sweeps.OutlierSweep(ld.OUTLIER_FRACTIONS, (0.0, 0.1, 0.2, 0.3, 0.4), (0.9, 0.8, 0.8, 0.7, 0.6))
    ] * 2
    timing = sweeps.FitTimeSweep(sweeps.SWEEP_SIZES, (0.01,) * 6, (0.01, 0.02, 0.05), (0.2, 0.8, 3.0), 569)
    charts = [
        figures.surfaces_figure(data, logistic, svm),
        figures.reliability_figure(reliability.reliability_lines(data.y_test, logistic, svm, 20)),
        figures.outlier_figure(*swept, svm.label, 0.2),
        figures.fit_time_figure(timing, 2000),
    ]
    for fig in charts:
        _validated(fig)
        payload = len(pio.to_json(fig, validate=False))  # what st.plotly_chart sends
        assert payload < PAYLOAD_LIMIT, payload


def test_small_figures_are_valid(moons_pair):
    sweep = sweeps.fit_time_sweep("moons", 1, sizes=(100, 200))
    _validated(figures.fit_time_figure(sweep, 150))
    swept = (
        sweeps.outlier_sweep(specs.LogisticSpec(), "moons", 100, 1),
        sweeps.outlier_sweep(specs.SvmSpec(), "moons", 100, 1),
    )
    fig = _validated(figures.outlier_figure(*swept, "RBF SVM", 0.05))
    assert [shape["x0"] for shape in fig["layout"]["shapes"]] == [5.0, 5.0]


# ----------------------------------------------------------------------------- sentences


SHORT_TIMING = sweeps.FitTimeSweep((500, 1000, 2000), (0.004, 0.008, 0.016), (0.01, 0.04), (0.16,), None)


def _result(data, pair, scaled=True, fraction=0.05, timing=SHORT_TIMING) -> sentences.LiveResult:
    logistic, svm = pair
    return sentences.LiveResult(
        data=data,
        logistic=logistic,
        svm=svm,
        logistic_outliers=sweeps.OutlierSweep((0.0, 0.05, 0.2), (0.0, 0.04, 0.1), (0.9, 0.88, 0.85)),
        svm_outliers=sweeps.OutlierSweep((0.0, 0.05, 0.2), (0.0, 0.02, 0.08), (0.95, 0.95, 0.9)),
        outlier_fraction=fraction,
        other_scaling_accuracy=(0.71, 0.62),
        scaled=scaled,
        fit_times=timing,
    )


def costs_of(svm: fitting.FittedModel, logistic: fitting.FittedModel) -> tuple[str, str]:
    """Both batch costs as the page writes them (LR, SVM)."""
    first, second = formatting.durations_s(logistic.batch_seconds, svm.batch_seconds)
    return first, second


def test_what_to_notice_quotes_the_live_numbers(moons, moons_pair):
    logistic, svm = moons_pair
    notes = sentences.what_to_notice(_result(moons, moons_pair))
    text = " ".join(notes)
    assert f"keeps {svm.n_support:,} of its {moons.y_train.size:,} training points" in text
    ratio = svm.latency_seconds / logistic.latency_seconds
    assert f"({ratio:.1f}×)" in text
    batch = svm.batch_seconds / logistic.batch_seconds
    assert f"{costs_of(svm, logistic)[1]} against {costs_of(svm, logistic)[0]} ({batch:.1f}×)" in text
    assert f"{svm.raw_brier:.3f}" in text and f"{svm.test_brier:.3f}" in text
    assert f"from {svm.test_accuracy:.2f} to 0.62" in text  # scaling off would change the SVM
    assert "With 5% outliers" in text and "2% of the chart" in text and "(-0.02)" in text
    assert "n^2.0" in text and "n^1.0" in text and "(projected)" in text
    assert "nan" not in text.lower()


def test_without_scaling_the_sentence_reads_from_scaled_to_unscaled(moons, moons_pair):
    text = " ".join(sentences.what_to_notice(_result(moons, moons_pair, scaled=False, fraction=0.0)))
    assert f"from 0.62 to {moons_pair[1].test_accuracy:.2f}" in text
    assert "Adding 20% outliers would flip the class of 8% of the chart" in text


def test_accuracy_sentence_suggests_a_degree_when_a_line_loses():
    data = ld.prepare_data("moons", 500, 0.0, 0)
    line = fitting.fit_model(specs.LogisticSpec(), "moons", 500, 0.0, 0)
    svm = fitting.fit_model(specs.SvmSpec(), "moons", 500, 0.0, 0)
    assert svm.test_accuracy - line.test_accuracy > 0.03
    assert "polynomial degree" in sentences.accuracy_sentence(line, svm, baseline_of(data))
    assert data.n_clean == 500


def test_a_stuck_solver_is_named_first(moons, moons_pair):
    logistic, svm = moons_pair
    stuck = fitting.FittedModel(**{**svm.__dict__, "converged": False})
    notes = sentences.what_to_notice(_result(moons, (logistic, stuck)))
    assert notes[0].startswith("RBF SVM stopped at the solver's iteration cap")


def test_interview_guide_covers_both_sides():
    guide = text.INTERVIEW
    assert len(guide.talking_points) >= 5
    assert set(guide.pick_when) == {"Logistic regression", "SVM"}
    assert guide.pitfalls and len(guide.follow_ups) >= 5
    assert any("hinge" in point.lower() for point in guide.talking_points)


def test_the_sweep_grid_spans_the_clean_data_in_feature_space(cancer):
    assert cancer.sweep_points.shape == (ld.SWEEP_GRID_RESOLUTION**2, 30)
    plane_xy = cancer.view.to_plane(cancer.sweep_points)
    clean = cancer.view.to_plane(np.vstack([cancer.X_train[: cancer.n_clean], cancer.X_test]))
    assert plane_xy[:, 0].min() <= clean[:, 0].min() and plane_xy[:, 0].max() >= clean[:, 0].max()
    outliers = cancer.view.to_plane(cancer.X_train[cancer.n_clean :])
    assert plane_xy[:, 0].max() < outliers[:, 0].max() or plane_xy[:, 0].min() > outliers[:, 0].min()


# ----------------------------------------------------------------------------- words from constants


def test_prose_quotes_the_constants_it_states():
    assert text.percent_list((0.0, 0.02, 0.05, 0.1, 0.2)) == "0, 2, 5, 10 and 20%"
    assert text.percent_list(ld.OUTLIER_FRACTIONS) in text.OUTLIER_CAPTION
    assert f"from {sweeps.SWEEP_SIZES[0]:,} to {sweeps.SWEEP_SIZES[-1]:,} rows" in text.FIT_TIME_LABEL
    assert f"{1 - ld.TEST_FRACTION:.0%}" in text.TRAIN_SIZE_HELP
    assert f"clean {ld.TEST_FRACTION:.0%} test set" in text.TEXT.intro
    caption = text.fit_time_caption(SHORT_TIMING)
    assert f"median of {sweeps.SWEEP_REPEATS} fits" in caption
    assert f"above {sweeps.SWEEP_SVM_REPEATED_UP_TO:,} rows" in caption
    assert "RBF SVM (C = 1, gamma = scale)" in caption


def test_every_kernel_and_gamma_is_one_table_entry():
    assert list(specs.KERNEL_OPTIONS) == ["linear", "rbf", "poly"]
    assert specs.KERNEL_OPTIONS["poly"] == f"Polynomial (degree {specs.SVM_POLY_DEGREE})"
    assert [specs.SvmSpec(kernel=key).label for key in specs.KERNELS] == [
        "Linear SVM",
        "RBF SVM",
        "Polynomial SVM",
    ]
    assert specs.GAMMA_OPTIONS == {
        "scale": "scale",
        0.01: "0.01",
        0.1: "0.1",
        1.0: "1",
        10.0: "10",
        100.0: "100",
    }
    assert specs.C_OPTIONS[1000.0] == "1000" and specs.C_OPTIONS[0.001] == "0.001"
    linear = specs.svm_spec("linear", 1.0, 10.0, True)
    assert linear == specs.SvmSpec(kernel="linear", gamma="scale")
    assert specs.svm_spec("rbf", 1.0, 10.0, True).gamma == 10.0


# ----------------------------------------------------------------------------- fits and the view


PARAMS = {
    "dataset": "moons", "n_train": 200, "outliers": 0.05, "scaling": True, "seed": 3,
    "lr_c": 0.1, "lr_degree": 3, "svm_kernel": "rbf", "svm_c": 10.0, "svm_gamma": 1.0, "bins": 5,
}  # fmt: skip


def test_each_model_and_each_sweep_is_its_own_fit():
    work = lr_vs_svm.fits(lr_vs_svm.Params(**PARAMS))
    assert list(work) == [
        "data", "logistic", "svm", "logistic_outliers", "logistic_other_scaling",
        "svm_outliers", "svm_other_scaling", "fit_times",
    ]  # fmt: skip
    logistic, svm = specs.LogisticSpec(C=0.1, degree=3), specs.SvmSpec(C=10.0, gamma=1.0)
    assert work["logistic"].args == (logistic, "moons", 200, 0.05, 3)
    assert work["svm"].args == (svm, "moons", 200, 0.05, 3)
    assert work["svm_outliers"].args == (svm, "moons", 200, 3)
    assert work["logistic_other_scaling"].args == (specs.with_scaling(logistic, False), "moons", 200, 0.05, 3)
    assert work["fit_times"].args == ("moons", 3)
    other = lr_vs_svm.fits(lr_vs_svm.Params(**{**PARAMS, "svm_c": 1.0}))
    changed = {key for key in work if work[key].args != other[key].args}
    assert changed == {"svm", "svm_outliers", "svm_other_scaling"}


def test_a_card_and_a_sentence_quote_the_same_cost(moons, moons_pair):
    notes = sentences.what_to_notice(_result(moons, moons_pair))
    result = _result(moons, moons_pair)
    costs = result.costs
    support = next(note for note in notes if "support vectors" in note)
    assert f"takes {costs.batch[1]}" in support and f"one row takes {costs.latency[1]}" in support
    assert f"against {costs.latency[0]}" in support
    assert f"({costs.latency_ratio})" in support


def test_durations_stay_apart_where_two_figures_would_merge_them():
    assert formatting.durations_s(0.0123, 0.05) == ("12 ms", "50 ms")
    assert formatting.durations_s(0.0123, 0.0124) == ("12.3 ms", "12.4 ms")
    assert formatting.durations_s(1.231, 1.234) == ("1.231 s", "1.234 s")
    assert formatting.durations_s(0.0004, 0.0004) == ("400 µs", "400 µs")
    assert formatting.durations_s(0.00042) == ("420 µs",)
