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
from explorers import lr_vs_svm as lx

PAYLOAD_LIMIT = 200_000


@pytest.fixture(scope="module")
def moons() -> lx.PreparedData:
    return lx.prepare_data("moons", 200, 0.05, 3)


@pytest.fixture(scope="module")
def moons_pair(moons) -> tuple[lx.FittedModel, lx.FittedModel]:
    logistic = lx.fit_model(lx.LogisticSpec(C=0.1, degree=3), "moons", 200, 0.05, 3)
    svm = lx.fit_model(lx.SvmSpec(kernel="rbf", C=10.0, gamma=1.0), "moons", 200, 0.05, 3)
    return logistic, svm


@pytest.fixture(scope="module")
def cancer() -> lx.PreparedData:
    return lx.prepare_data("breast_cancer", 2000, 0.1, 0)


@pytest.fixture(scope="module")
def cancer_pair() -> tuple[lx.FittedModel, lx.FittedModel]:
    logistic = lx.fit_model(lx.LogisticSpec(), "breast_cancer", 2000, 0.1, 0)
    svm = lx.fit_model(lx.SvmSpec(kernel="linear"), "breast_cancer", 2000, 0.1, 0)
    return logistic, svm


# ----------------------------------------------------------------------------- outliers


@pytest.mark.parametrize("n", [20, 37, 200, 999])
@pytest.mark.parametrize("fraction", [0.0, 0.02, 0.05, 0.1, 0.2, 0.5])
def test_outlier_injection_adds_exactly_the_requested_fraction(n: int, fraction: float):
    rng = np.random.default_rng(n)
    features, y = rng.normal(size=(n, 3)), (rng.random(n) < 0.4).astype(np.int64)
    far, flipped = lx.inject_outliers(features, y, fraction, seed=1)
    expected = round(fraction * n)
    assert far.shape == (expected, 3)
    assert flipped.shape == (expected,)
    assert lx.outlier_count(n, fraction) == expected


def test_outliers_are_far_away_copies_with_flipped_labels():
    rng = np.random.default_rng(0)
    features = rng.normal(loc=[5.0, -2.0], scale=[3.0, 0.5], size=(400, 2))
    y = (features[:, 0] > 5).astype(np.int64)
    far, flipped = lx.inject_outliers(features, y, 0.1, seed=4)
    z_far = (far - features.mean(axis=0)) / features.std(axis=0)
    z_all = (features - features.mean(axis=0)) / features.std(axis=0)
    typical = np.median(np.linalg.norm(z_all, axis=1))
    distances = np.linalg.norm(z_far, axis=1)
    assert np.all(distances >= lx.OUTLIER_STRETCH[0] * typical - 1e-9)
    assert np.all(distances <= lx.OUTLIER_STRETCH[1] * typical + 1e-9)
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
    small, _ = lx.inject_outliers(features, y, 0.05, seed=9)
    large, _ = lx.inject_outliers(features, y, 0.2, seed=9)
    np.testing.assert_allclose(large[: small.shape[0]], small)


@pytest.mark.parametrize("fraction", [-0.1, 0.51, float("nan")])
def test_an_impossible_outlier_fraction_is_a_user_facing_error(fraction: float):
    with pytest.raises(UserFacingError, match="outlier fraction"):
        lx.inject_outliers(np.zeros((10, 2)), np.zeros(10, dtype=int), fraction, seed=0)


# ----------------------------------------------------------------------------- data


@pytest.mark.parametrize("n_train", lx.TRAIN_SIZES)
def test_the_training_set_has_the_requested_size_plus_outliers(n_train: int):
    data = lx.prepare_data("moons", n_train, 0.1, 0)
    assert data.n_clean == n_train
    assert data.n_outliers == round(0.1 * n_train)
    assert data.X_train.shape == (n_train + data.n_outliers, 2)
    assert data.y_test.size == math.ceil(n_train / (1 - lx.TEST_FRACTION)) - n_train


def test_outliers_touch_only_the_training_set():
    clean = lx.prepare_data("xor", 500, 0.0, 5)
    dirty = lx.prepare_data("xor", 500, 0.2, 5)
    np.testing.assert_array_equal(clean.X_test, dirty.X_test)
    np.testing.assert_array_equal(clean.X_train, dirty.X_train[: dirty.n_clean])
    assert dirty.n_outliers == 100


def test_a_table_caps_the_training_set_at_its_rows(cancer: lx.PreparedData):
    assert cancer.n_clean + cancer.y_test.size == 569
    assert cancer.n_features == 30
    assert cancer.view.is_projection
    assert "30 features" in cancer.view.caption()


def test_a_training_set_too_small_to_split_gives_a_message():
    with pytest.raises(UserFacingError, match="larger training-set size"):
        lx.prepare_data("digits", 20, 0.0, 0)


@pytest.mark.parametrize("n_train", [0, 19, 2001, 50.5])
def test_a_training_size_out_of_range_gives_a_message(n_train):
    with pytest.raises(UserFacingError, match="training-set size"):
        lx.prepare_data("moons", n_train, 0.0, 0)


# ----------------------------------------------------------------------------- polynomial features


@pytest.mark.parametrize(("n_features", "degree"), [(2, 1), (2, 5), (2, 10), (10, 3), (30, 2), (64, 1)])
def test_polynomial_feature_count_matches_sklearn(n_features: int, degree: int):
    poly = PolynomialFeatures(degree, include_bias=False).fit(np.zeros((1, n_features)))
    assert lx.polynomial_feature_count(n_features, degree) == poly.n_output_features_


@pytest.mark.parametrize(("dataset", "degree"), [("digits", 2), ("breast_cancer", 3), ("diabetes", 5)])
def test_an_exploding_polynomial_is_refused_with_the_count(dataset: str, degree: int):
    n_features = lx.prepare_data(dataset, 200, 0.0, 0).n_features
    count = math.comb(n_features + degree, degree) - 1
    with pytest.raises(UserFacingError, match=f"{count:,} terms"):
        lx.fit_model(lx.LogisticSpec(degree=degree), dataset, 200, 0.0, 0)
    safe = lx.max_safe_degree(n_features)
    assert lx.polynomial_feature_count(n_features, safe) <= lx.MAX_POLY_FEATURES
    assert safe == lx.MAX_DEGREE or lx.polynomial_feature_count(n_features, safe + 1) > lx.MAX_POLY_FEATURES


def test_every_degree_is_allowed_on_two_features():
    assert lx.max_safe_degree(2) == lx.MAX_DEGREE
    assert lx.check_polynomial_size(2, lx.MAX_DEGREE) == 65


# ----------------------------------------------------------------------------- logistic regression


def _reference_logistic(data: lx.PreparedData, c: float, degree: int):
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
    spec = lx.LogisticSpec(C=1.0, degree=2, scaled=False)
    assert [name for name, _ in spec.build().steps] == ["poly", "model"]
    assert [name for name, _ in lx.LogisticSpec().build().steps] == ["scale", "model"]


# ----------------------------------------------------------------------------- SVM


def _reference_svm(data: lx.PreparedData, **params):
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
        assert 0 < model.batch_seconds_per_1000 < 1
        assert model.fit_repeats >= 1


@pytest.mark.parametrize(
    "spec",
    [lx.SvmSpec(kernel="sigmoid"), lx.SvmSpec(C=0.0), lx.SvmSpec(gamma=-1.0), lx.LogisticSpec(C=-1.0)],
)
def test_invalid_model_settings_are_user_facing_errors(spec):
    with pytest.raises(UserFacingError):
        spec.build()


def test_non_convergence_is_reported_not_raised():
    model = make_pipeline(LogisticRegression(max_iter=1))
    data = lx.prepare_data("breast_cancer", 200, 0.0, 0)
    converged, seconds = lx._fit_quietly(model, data.X_train, data.y_train)
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
    spec = lx.SvmSpec(kernel="linear", C=1.0)
    sweep = lx.outlier_sweep(spec, "linear", 200, 1)
    assert sweep.fractions == lx.OUTLIER_FRACTIONS
    assert sweep.moved_share[0] == 0.0
    clean = lx.prepare_data("linear", 200, 0.0, 1)
    for fraction, moved, accuracy in zip(
        sweep.fractions, sweep.moved_share, sweep.test_accuracy, strict=True
    ):
        data = lx.prepare_data("linear", 200, fraction, 1)
        reference = _reference_svm(data, kernel="linear", C=1.0)
        base = _reference_svm(clean, kernel="linear", C=1.0)
        grid = clean.sweep_points
        assert moved == pytest.approx(np.mean(reference.predict(grid) != base.predict(grid)))
        assert accuracy == pytest.approx(reference.score(data.X_test, data.y_test))
    moved, change = sweep.at(0.2)
    assert moved == sweep.moved_share[-1]
    assert change == pytest.approx(sweep.test_accuracy[-1] - sweep.test_accuracy[0])


def test_scaling_can_be_switched_on_a_spec():
    spec = lx.SvmSpec(kernel="poly", C=10.0, gamma=0.1, scaled=True)
    off = lx.with_scaling(spec, False)
    assert off == lx.SvmSpec(kernel="poly", C=10.0, gamma=0.1, scaled=False)
    assert [name for name, _ in off.build().steps] == ["model"]


# ----------------------------------------------------------------------------- fit time vs size


@pytest.mark.parametrize("exponent", [0.5, 1.0, 2.0, 2.7])
def test_growth_exponent_recovers_a_power_law(exponent: float):
    sizes = (500, 1000, 2000, 5000, 10_000)
    seconds = tuple(1e-6 * n**exponent for n in sizes)
    assert lx.growth_exponent(sizes, seconds) == pytest.approx(exponent)


def test_fit_time_sweep_measures_every_size_when_affordable():
    sweep = lx.fit_time_sweep("moons", 0, sizes=(100, 200, 400))
    assert sweep.sizes == (100, 200, 400)
    assert len(sweep.logistic_seconds) == len(sweep.svm_seconds) == 3
    assert sweep.svm_projected == ()
    assert all(t > 0 for t in sweep.logistic_seconds + sweep.svm_seconds)
    assert sweep.resampled_from is None


def test_fit_time_sweep_projects_sizes_past_its_budget(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(lx, "SWEEP_SVM_SINGLE_FIT_LIMIT", 0.0)
    sweep = lx.fit_time_sweep("moons", 0, sizes=(100, 200, 400, 800))
    assert len(sweep.svm_seconds) == 2
    assert len(sweep.svm_projected) == 2
    slope = max(lx.growth_exponent((100, 200), sweep.svm_seconds), 1.0)
    assert sweep.svm_projected[0] == pytest.approx(sweep.svm_seconds[-1] * 2**slope)
    assert sweep.svm_at_largest == sweep.svm_projected[-1]
    assert "projected" in lx.fit_time_caption(sweep) or "dashed" in lx.fit_time_caption(sweep)


def test_a_table_is_resampled_with_jitter_past_its_size():
    features, y, source = lx._rows_of_size("breast_cancer", 2000, 0)
    assert features.shape == (2000, 30)
    assert y.shape == (2000,)
    assert source == 569
    assert np.unique(features, axis=0).shape[0] == 2000  # jitter: no exact duplicates
    assert set(np.unique(y)) == {0, 1}


# ----------------------------------------------------------------------------- reliability


def test_reliability_curve_is_sklearns(moons, moons_pair):
    logistic, svm = moons_pair
    curves = lx.reliability_curves(moons.y_test, logistic, svm, 5)
    observed, predicted = calibration_curve(moons.y_test, svm.test_probability, n_bins=5, strategy="quantile")
    np.testing.assert_allclose(curves[2].observed, observed)
    np.testing.assert_allclose(curves[2].mean_predicted, predicted)
    assert curves[0].brier == pytest.approx(brier_score_loss(moons.y_test, logistic.test_probability))
    assert curves[1].brier == pytest.approx(svm.raw_brier)


@pytest.mark.parametrize("bins", [2, 5, 10, 20, 50])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reliability_curve_equals_sklearns_calibration_curve(bins: int, seed: int):
    rng = np.random.default_rng(seed)
    p = rng.beta(0.7, 0.9, size=300).round(2)  # rounded: many ties at the bin edges
    y = (rng.random(300) < p).astype(int)
    observed, predicted = calibration_curve(y, p, n_bins=bins, strategy="quantile")
    curve = lx.reliability_curve("x", y, p, bins)
    np.testing.assert_allclose(curve.observed, observed)
    np.testing.assert_allclose(curve.mean_predicted, predicted)
    assert curve.brier == pytest.approx(brier_score_loss(y, p))


@pytest.mark.parametrize("bins", [1, 51, 2.5])
def test_reliability_bins_out_of_range_are_refused(moons_pair, bins):
    with pytest.raises(UserFacingError, match="bins"):
        lx.reliability_curve("x", np.array([0, 1]), np.array([0.2, 0.8]), bins)


# ----------------------------------------------------------------------------- figures


def _validated(fig: go.Figure) -> dict:
    return go.Figure(fig.to_dict()).to_dict()  # raises on an invalid property


def test_surfaces_figure_is_valid_and_shows_both_models(moons, moons_pair):
    fig = _validated(lx.surfaces_figure(moons, *moons_pair))
    kinds = [trace["type"] for trace in fig["data"]]
    assert kinds.count("contour") == 5  # two surfaces, LR boundary, SVM boundary, SVM margins
    axes = {trace.get("xaxis", "x") for trace in fig["data"]}
    assert axes == {"x", "x2"}
    assert fig["layout"]["xaxis2"]["matches"] == "x"
    names = " ".join(trace.get("name", "") for trace in fig["data"])
    assert f"Support vectors ({moons_pair[1].n_support:,})" in names
    assert "Injected outliers (10" in names  # 5% of 200
    margins = next(t for t in fig["data"] if t.get("name") == "SVM margins (f = ±1)")
    assert (margins["contours"]["start"], margins["contours"]["end"]) == (-1.0, 1.0)


@pytest.mark.parametrize("dataset", ["xor", "digits"])
def test_every_chart_stays_under_200_kb_at_the_largest_settings(dataset: str):
    common = (dataset, lx.TRAIN_SIZES[-1], lx.OUTLIER_FRACTIONS[-1], 0)
    data = lx.prepare_data(*common)
    logistic = lx.fit_model(lx.LogisticSpec(), *common)
    svm = lx.fit_model(lx.SvmSpec(C=0.001), *common)  # small C: nearly every point a support vector
    assert svm.n_support > lx.POINTS_PER_SPLIT
    sweeps = [lx.OutlierSweep(lx.OUTLIER_FRACTIONS, (0.0, 0.1, 0.2, 0.3, 0.4), (0.9, 0.8, 0.8, 0.7, 0.6))] * 2
    timing = lx.FitTimeSweep(lx.SWEEP_SIZES, (0.01,) * 6, (0.01, 0.02, 0.05), (0.2, 0.8, 3.0), 569)
    figures = [
        lx.surfaces_figure(data, logistic, svm),
        lx.reliability_figure(lx.reliability_curves(data.y_test, logistic, svm, 20)),
        lx.outlier_figure(*sweeps, svm.label, 0.2),
        lx.fit_time_figure(timing, 2000),
    ]
    for fig in figures:
        _validated(fig)
        payload = len(pio.to_json(fig, validate=False))  # what st.plotly_chart sends
        assert payload < PAYLOAD_LIMIT, payload


def test_small_figures_are_valid(moons_pair):
    sweep = lx.fit_time_sweep("moons", 1, sizes=(100, 200))
    _validated(lx.fit_time_figure(sweep, 150))
    sweeps = (
        lx.outlier_sweep(lx.LogisticSpec(), "moons", 100, 1),
        lx.outlier_sweep(lx.SvmSpec(), "moons", 100, 1),
    )
    fig = _validated(lx.outlier_figure(*sweeps, "RBF SVM", 0.05))
    assert [shape["x0"] for shape in fig["layout"]["shapes"]] == [5.0, 5.0]


# ----------------------------------------------------------------------------- sentences


def _result(data, pair, scaled=True, fraction=0.05, timing=None) -> lx.LiveResult:
    logistic, svm = pair
    return lx.LiveResult(
        data=data,
        logistic=logistic,
        svm=svm,
        logistic_outliers=lx.OutlierSweep((0.0, 0.05, 0.2), (0.0, 0.04, 0.1), (0.9, 0.88, 0.85)),
        svm_outliers=lx.OutlierSweep((0.0, 0.05, 0.2), (0.0, 0.02, 0.08), (0.95, 0.95, 0.9)),
        outlier_fraction=fraction,
        other_scaling_accuracy=(0.71, 0.62),
        scaled=scaled,
        fit_times=timing,
    )


def test_what_to_notice_quotes_the_live_numbers(moons, moons_pair):
    logistic, svm = moons_pair
    timing = lx.FitTimeSweep((500, 1000, 2000), (0.004, 0.008, 0.016), (0.01, 0.04), (0.16,), None)
    notes = lx.what_to_notice(_result(moons, moons_pair, timing=timing))
    text = " ".join(notes)
    assert f"keeps {svm.n_support:,} of its {moons.y_train.size:,} training points" in text
    ratio = svm.latency_seconds / logistic.latency_seconds
    assert f"({ratio:.1f}×)" in text
    batch = svm.batch_seconds_per_1000 / logistic.batch_seconds_per_1000
    assert f"{batch:.1f}× logistic regression's" in text
    assert f"{svm.raw_brier:.3f}" in text and f"{svm.test_brier:.3f}" in text
    assert f"from {svm.test_accuracy:.2f} to 0.62" in text  # scaling off would change the SVM
    assert "With 5% outliers" in text and "2% of the chart" in text and "(-0.02)" in text
    assert "n^2.0" in text and "n^1.0" in text and "(projected)" in text
    assert "nan" not in text.lower()


def test_without_scaling_the_sentence_reads_from_scaled_to_unscaled(moons, moons_pair):
    text = " ".join(lx.what_to_notice(_result(moons, moons_pair, scaled=False, fraction=0.0)))
    assert f"from 0.62 to {moons_pair[1].test_accuracy:.2f}" in text
    assert "Adding 20% outliers would flip the class of 8% of the chart" in text


def test_accuracy_sentence_suggests_a_degree_when_a_line_loses():
    data = lx.prepare_data("moons", 500, 0.0, 0)
    line = lx.fit_model(lx.LogisticSpec(), "moons", 500, 0.0, 0)
    svm = lx.fit_model(lx.SvmSpec(), "moons", 500, 0.0, 0)
    assert svm.test_accuracy - line.test_accuracy > 0.03
    assert "polynomial degree" in lx.accuracy_sentence(line, svm)
    assert data.n_clean == 500


def test_a_stuck_solver_is_named_first(moons, moons_pair):
    logistic, svm = moons_pair
    stuck = lx.FittedModel(**{**svm.__dict__, "converged": False})
    notes = lx.what_to_notice(_result(moons, (logistic, stuck)))
    assert notes[0].startswith("RBF SVM stopped at the solver's iteration cap")


def test_interview_guide_covers_both_sides():
    guide = lx.INTERVIEW
    assert len(guide.talking_points) >= 5
    assert set(guide.pick_when) == {"Logistic regression", "SVM"}
    assert guide.pitfalls and len(guide.follow_ups) >= 5
    assert any("hinge" in point.lower() for point in guide.talking_points)


def test_the_sweep_grid_spans_the_clean_data_in_feature_space(cancer):
    assert cancer.sweep_points.shape == (lx.SWEEP_GRID_RESOLUTION**2, 30)
    plane_xy = cancer.view.to_plane(cancer.sweep_points)
    clean = cancer.view.to_plane(np.vstack([cancer.X_train[: cancer.n_clean], cancer.X_test]))
    assert plane_xy[:, 0].min() <= clean[:, 0].min() and plane_xy[:, 0].max() >= clean[:, 0].max()
    outliers = cancer.view.to_plane(cancer.X_train[cancer.n_clean :])
    assert plane_xy[:, 0].max() < outliers[:, 0].max() or plane_xy[:, 0].min() > outliers[:, 0].min()
