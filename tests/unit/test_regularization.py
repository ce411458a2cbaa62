"""explorers.regularization against scikit-learn's own validation_curve, learning_curve and fits."""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import GridSearchCV, learning_curve, validation_curve
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

import datasets
from datasets.errors import UserFacingError
from explorers import regularization as rx
from explorers.metrics import accuracy_per_column, log_loss_per_column

LOG_LOSS = rx.SCORINGS["log_loss"]
QUIET = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def reference_pipeline(c: float, l1_ratio: float, seed: int) -> Pipeline:
    """The plain scikit-learn reference: standardise, then the page's penalised logistic regression."""
    return Pipeline([("scale", StandardScaler()), ("logreg", rx.make_logreg(c, l1_ratio, seed))])


@pytest.fixture(scope="module")
def cancer() -> rx.Problem:
    return rx.build_problem("breast_cancer", n_noise=8, n_duplicates=4, degree=1, n_train=120, seed=3)


@pytest.fixture(scope="module")
def moons() -> rx.Problem:
    return rx.build_problem("moons", n_noise=0, n_duplicates=0, degree=4, n_train=100, seed=1)


@pytest.fixture(scope="module")
def cancer_l1_study() -> rx.Study:
    return rx.run_study(
        "breast_cancer", n_noise=10, n_duplicates=3, degree=1, n_train=160, l1_ratio=1.0, seed=0
    )


@pytest.fixture(scope="module")
def moons_study() -> rx.Study:
    return rx.run_study("moons", n_noise=0, n_duplicates=0, degree=5, n_train=100, l1_ratio=0.0, seed=2)


# Moons with every monomial up to degree 10 (65 features) and 100 training examples: made to overfit.
WIGGLY = {"n_noise": 0, "n_duplicates": 0, "degree": 10, "n_train": 100}


# ----------------------------------------------------------------------------- settings and features


def test_the_c_grid_is_a_1_2_5_log_grid_from_a_thousandth_to_a_thousand():
    assert len(rx.C_GRID) == 19
    assert rx.C_GRID[0] == 0.001
    assert rx.C_GRID[-1] == 1000.0
    assert list(rx.C_GRID) == sorted(rx.C_GRID)
    assert {f"{c:e}"[0] for c in rx.C_GRID} == {"1", "2", "5"}
    assert rx.DEFAULT_C in rx.C_GRID
    assert rx.grid_index(0.0011) == 0
    assert rx.grid_index(3.0) == rx.C_GRID.index(2.0)


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), "1"])
def test_grid_index_rejects_what_is_not_a_positive_number(bad):
    with pytest.raises(UserFacingError):
        rx.grid_index(bad)


def test_penalties_map_to_l1_ratio():
    assert rx.l1_ratio_for("l2", 0.7) == 0.0
    assert rx.l1_ratio_for("l1", 0.7) == 1.0
    assert rx.l1_ratio_for("elasticnet", 0.35) == 0.35
    with pytest.raises(UserFacingError):
        rx.l1_ratio_for("elasticnet", 1.5)
    with pytest.raises(UserFacingError, match="Unknown penalty"):
        rx.l1_ratio_for("dropout", 0.5)
    assert rx.penalty_name(0.0) == "L2"
    assert rx.penalty_name(1.0) == "L1"
    assert "0.5" in rx.penalty_name(0.5)


def test_one_entry_per_penalty_gives_its_solver_and_name():
    for penalty in rx.PENALTIES.values():
        ratio = penalty.ratio(0.35)
        assert rx.penalty_at(ratio) is penalty
        assert rx.solver_for(ratio) is penalty.solver
    assert rx.solver_for(rx.l1_ratio_for("elasticnet", 0.0)) is rx.NEWTON, "elastic-net at 0 is pure L2"
    assert rx.penalty_name(rx.l1_ratio_for("elasticnet", 1.0)) == "L1"


def test_one_entry_per_scoring_gives_its_axis_title_and_direction():
    accuracy = rx.SCORINGS["accuracy"]
    assert accuracy.axis_title == "Accuracy (0–1, higher is better)"
    assert LOG_LOSS.axis_title == "Log loss (nats, lower is better)"
    assert (accuracy.sklearn_name, LOG_LOSS.sklearn_name) == ("accuracy", "neg_log_loss")
    np.testing.assert_array_equal(LOG_LOSS.goodness(np.array([0.2, 0.5])), [-0.2, -0.5])
    with pytest.raises(UserFacingError, match="Unknown scoring"):
        rx.scoring_of("f1")


def test_per_column_scores_equal_sklearns():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 80)
    decision = rng.normal(scale=4, size=(80, 7))
    decision[:, 0] = 60 * (2 * y - 1)  # saturated probabilities: log_loss's clipping
    for j in range(decision.shape[1]):
        proba = expit(decision[:, j])
        assert log_loss_per_column(y, decision)[j] == pytest.approx(log_loss(y, proba), abs=1e-12)
        assert accuracy_per_column(y, decision)[j] == accuracy_score(y, decision[:, j] > 0)


def test_the_prose_states_the_constants():
    intro = rx.TEXT.intro
    assert f"grid of {len(rx.C_GRID)} values of C" in intro
    assert f"{rx.N_FOLDS}-fold cross-validation" in intro
    assert "25% of the data is held out" in intro
    assert f"{rx.SAGA.max_iter}-epoch cap" in rx.HELP["penalty"]
    assert "correlation about 0.995" in rx.HELP["n_duplicates"]


PARAMS = rx.Params(
    dataset="breast_cancer",
    n_noise=20,
    n_duplicates=5,
    degree=6,
    n_train=200,
    seed=0,
    penalty="l1",
    l1_ratio=0.5,
    scoring="log_loss",
    C=1.0,
)


def test_the_fits_hold_exactly_what_changes_them():
    fits = rx.fits(PARAMS)
    assert set(fits) == {"study"}
    assert rx.fits(replace(PARAMS, C=0.01)) == fits, "C is only read"
    for unused in ({"degree": 2}, {"l1_ratio": 0.9}):  # tabular data; the penalty is L1
        assert rx.fits(replace(PARAMS, **unused)) == fits
    assert rx.fits(replace(PARAMS, scoring="accuracy")) == fits, "the sweep holds every scoring"
    assert rx.fits(replace(PARAMS, n_noise=3))["study"] != fits["study"]
    with pytest.raises(UserFacingError, match="Unknown penalty"):
        rx.fits(replace(PARAMS, penalty="dropout"))


@pytest.mark.parametrize(("n_noise", "n_duplicates"), [(0, 0), (7, 0), (0, 5), (13, 12), (30, 10)])
def test_injection_adds_exactly_n_noise_and_m_near_duplicate_features(n_noise, n_duplicates):
    data = datasets.load("diabetes", seed=0)
    rng = np.random.default_rng(0)
    features, names, kinds = rx.inject_features(data.X, data.feature_names, n_noise, n_duplicates, rng)
    d = data.X.shape[1]
    assert features.shape == (data.X.shape[0], d + n_noise + n_duplicates)
    assert len(names) == len(kinds) == features.shape[1]
    assert kinds.count("noise") == n_noise
    assert kinds.count("duplicate") == n_duplicates
    assert kinds.count("original") == d
    np.testing.assert_array_equal(features[:, :d], data.X)
    assert names[:d] == data.feature_names
    assert len(set(names)) == len(names), "every feature keeps a distinct name"
    for name, kind, column in zip(names, kinds, features.T, strict=True):
        if kind == "noise":
            assert re.fullmatch(r"noise \d+", name)
            assert abs(np.corrcoef(column, data.y)[0, 1]) < 0.2
            assert max(abs(np.corrcoef(column, x)[0, 1]) for x in data.X.T) < 0.2
        if kind == "duplicate":
            assert "≈copy" in name
            source = data.feature_names.index(name.split(" ≈copy")[0])
            assert np.corrcoef(column, data.X[:, source])[0, 1] > 0.98


def test_controls_that_do_not_apply_are_neutralised():
    assert rx.applicable_design("breast_cancer", 5, 3, 7) == rx.Design(5, 3, 1)
    assert rx.applicable_design("moons", 5, 3, 7) == rx.Design(0, 0, 7)
    with pytest.raises(UserFacingError):
        rx.applicable_design("moons", 31, 0, 1)
    with pytest.raises(UserFacingError):
        rx.applicable_design("moons", 0, 0, 11)
    with pytest.raises(UserFacingError):
        rx.applicable_design("nope", 0, 0, 1)


@pytest.mark.parametrize("degree", [1, 2, 5, 10])
def test_polynomial_terms_are_sklearns(degree):
    rows = np.random.default_rng(0).normal(size=(30, 2))
    expanded, names, kinds = rx.polynomial_features(rows, ("x1", "x2"), degree)
    reference = PolynomialFeatures(degree, include_bias=False).fit_transform(rows)
    np.testing.assert_allclose(expanded, reference)
    assert len(names) == (degree + 1) * (degree + 2) // 2 - 1
    assert kinds.count("original") == 2
    assert names[:2] == ("x1", "x2")


def test_the_problem_has_the_requested_training_size_and_stratified_folds(cancer: rx.Problem):
    assert cancer.n_train == 120
    assert cancer.y_test.size == pytest.approx(40, abs=1)
    assert cancer.n_features == 30 + 8 + 4
    assert cancer.count("noise") == 8
    assert cancer.count("duplicate") == 4
    assert len(cancer.folds) == 5
    covered = np.sort(np.concatenate([test for _, test in cancer.folds]))
    np.testing.assert_array_equal(covered, np.arange(cancer.n_train))


def test_a_tiny_training_set_uses_fewer_folds_or_explains():
    y = np.array([0] * 30 + [1] * 3)
    assert len(rx.cv_folds(y, 0)) == 3
    with pytest.raises(UserFacingError, match="too few to cross-validate"):
        rx.cv_folds(np.array([0] * 30 + [1]), 0)
    with pytest.raises(UserFacingError):
        rx.build_problem("digits", n_noise=0, n_duplicates=0, degree=1, n_train=40, seed=0)
    with pytest.raises(UserFacingError, match="training-set size"):
        rx.build_problem("moons", n_noise=0, n_duplicates=0, degree=1, n_train=10, seed=0)


# ----------------------------------------------------------------------------- the sweep vs scikit-learn


@QUIET
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5, 1.0])
def test_the_sweep_equals_validation_curve_on_the_same_folds(cancer: rx.Problem, l1_ratio: float):
    ours = rx.cv_scores(cancer, l1_ratio, seed=3, warm_start=False, learning=False)
    for scoring in rx.SCORINGS.values():
        train, test = validation_curve(
            reference_pipeline(1.0, l1_ratio, 3),
            cancer.X_train,
            cancer.y_train,
            param_name="logreg__C",
            param_range=rx.C_GRID,
            cv=list(cancer.folds),
            scoring=scoring.sklearn_name,
        )
        sign = 1 if scoring.key == "accuracy" else -1
        np.testing.assert_allclose(ours.train[scoring.key][-1], sign * train, atol=1e-10)
        np.testing.assert_allclose(ours.cv[scoring.key][-1], sign * test, atol=1e-10)


@pytest.mark.parametrize(
    ("l1_ratio", "solver"), [(0.0, "newton-cholesky"), (0.3, "saga"), (0.5, "saga"), (1.0, "saga")]
)
def test_l2_gets_an_exact_solver_and_l1_and_elastic_net_get_saga(l1_ratio: float, solver: str):
    model = rx.make_logreg(1.0, l1_ratio, 0)
    assert model.solver == solver
    assert model.l1_ratio == l1_ratio
    expected = rx.NEWTON if solver == "newton-cholesky" else rx.SAGA
    assert (model.tol, model.max_iter) == (expected.tol, expected.max_iter)
    assert reference_pipeline(1.0, l1_ratio, 0).named_steps["logreg"].get_params() == model.get_params()


def test_l2_fits_are_the_penalised_optimum_at_every_c(moons: rx.Problem):
    """The gradient of C * sum(log loss) + |w|^2 / 2, written out by hand, vanishes along the whole path."""
    path = rx.coefficient_path(moons, 0.0, seed=1)
    scaled, y = path.scaler.transform(moons.X_train), moons.y_train
    for index, c in enumerate(rx.C_GRID):
        w, b = path.path.coefs[index], path.path.intercepts[index]
        residual = expit(scaled @ w + b) - y
        gradient = np.r_[c * scaled.T @ residual + w, c * residual.sum()]
        # scikit-learn's tolerance applies to the objective divided by C * n.
        assert np.abs(gradient).max() / (c * y.size) < 1e-6, c
        assert path.path.n_iter[index] < rx.NEWTON.max_iter


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_l2_on_wiggly_moons_overfits_at_the_largest_c(seed: int):
    """Exact L2 fits let the weights grow at large C, so the validation curve turns up: the lesson shows."""
    study = rx.run_study("moons", **WIGGLY, l1_ratio=0.0, seed=seed)
    assert study.capped_fits == 0
    cv, train = study.scores.curve("log_loss", "cv"), study.scores.curve("log_loss", "train")
    z = rx.zones(study.scores, LOG_LOSS)
    assert z.best_index < len(rx.C_GRID) - 1
    assert cv[-1] > cv[z.best_index] + 0.05, "CV log loss at C = 1000 is clearly worse than the best"
    assert train[-1] < train[z.best_index], "while the training fit keeps improving"
    assert z.zone_of(len(rx.C_GRID) - 1) == "overfitting"
    norms = np.linalg.norm(study.coefficients.path.coefs, axis=1)
    assert norms[-1] > 2 * norms[z.best_index], "the weights keep growing as the penalty fades"
    notes = rx.view_at(study, 1000.0, "log_loss").notice
    assert any("the overfitting zone" in note for note in notes)
    assert not any("saga" in note for note in notes), "no fit here is saga's"


@QUIET
@pytest.mark.parametrize("l1_ratio", [0.0, 1.0])
def test_warm_starts_along_the_path_match_cold_fits_closely(moons: rx.Problem, l1_ratio: float):
    warm = rx.cv_scores(moons, l1_ratio, seed=1, warm_start=True, learning=False)
    cold = rx.cv_scores(moons, l1_ratio, seed=1, warm_start=False, learning=False)
    # L2's Newton solver reaches the optimum from any start; saga's loose tolerance leaves a little slack.
    atol = 1e-5 if l1_ratio == 0.0 else 0.03
    for scoring in rx.SCORINGS:
        np.testing.assert_allclose(warm.curve(scoring, "cv"), cold.curve(scoring, "cv"), atol=atol)
        np.testing.assert_allclose(warm.curve(scoring, "train"), cold.curve(scoring, "train"), atol=atol)


@QUIET
def test_learning_curves_equal_sklearns_learning_curve(cancer: rx.Problem):
    ours = rx.cv_scores(cancer, 0.0, seed=3, warm_start=False)
    sizes = ours.train_sizes
    assert sizes[-1] == min(train.size for train, _ in cancer.folds)
    for c in (0.01, 1.0, 100.0):
        index = rx.C_GRID.index(c)
        used, train, test = learning_curve(
            reference_pipeline(c, 0.0, 3),
            cancer.X_train,
            cancer.y_train,
            train_sizes=sizes,
            cv=list(cancer.folds),
            scoring="neg_log_loss",
            shuffle=False,
        )
        np.testing.assert_array_equal(used, sizes)
        np.testing.assert_allclose(ours.train["log_loss"][:, index, :], -train, atol=1e-10)
        np.testing.assert_allclose(ours.cv["log_loss"][:, index, :], -test, atol=1e-10)


def test_learning_sizes_end_with_the_whole_fold_and_skip_tiny_subsets():
    assert rx.learning_sizes(160).tolist() == [24, 56, 96, 160]
    sizes = rx.learning_sizes(30)
    assert sizes[-1] == 30
    assert sizes.min() >= rx.MIN_LEARNING_ROWS


@QUIET
@pytest.mark.parametrize("c", [0.01, 0.1, 1.0, 1000.0])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5, 1.0])
def test_the_coefficient_path_at_c_is_a_direct_fit(cancer: rx.Problem, c: float, l1_ratio: float):
    path = rx.coefficient_path(cancer, l1_ratio, seed=3)
    direct = reference_pipeline(c, l1_ratio, 3).fit(cancer.X_train, cancer.y_train)
    index = rx.C_GRID.index(c)
    coef = direct.named_steps["logreg"].coef_[0]
    np.testing.assert_allclose(path.path.coefs[index], coef, atol=1e-12)
    np.testing.assert_array_equal(path.path.coefs[index] == 0.0, coef == 0.0)
    proba = direct.predict_proba(cancer.X_test)[:, 1]
    ours = expit(path.path.decision(path.scaler.transform(cancer.X_test))[:, index])
    np.testing.assert_allclose(ours, proba, atol=1e-12)
    assert path.test["accuracy"][index] == pytest.approx(
        accuracy_score(cancer.y_test, direct.predict(cancer.X_test)), abs=1e-12
    )
    assert path.test["log_loss"][index] == pytest.approx(log_loss(cancer.y_test, proba), abs=1e-10)


@QUIET
def test_l1_gives_exact_zeros_where_sklearn_does_and_l2_gives_none(cancer: rx.Problem):
    l1 = rx.coefficient_path(cancer, 1.0, seed=3).path.coefs
    l2 = rx.coefficient_path(cancer, 0.0, seed=3).path.coefs
    zeros = (l1 == 0).sum(axis=1)
    assert zeros[0] == cancer.n_features, "the tightest L1 penalty zeroes everything"
    assert zeros[-1] < zeros[rx.C_GRID.index(0.05)], "a looser penalty keeps more features"
    assert (l2 != 0).all()
    for c in (0.05, 0.2):
        reference = LogisticRegression(
            C=c, l1_ratio=1.0, solver="saga", tol=rx.SAGA.tol, max_iter=rx.SAGA.max_iter, random_state=3
        )
        reference.fit(StandardScaler().fit_transform(cancer.X_train), cancer.y_train)
        np.testing.assert_array_equal(l1[rx.C_GRID.index(c)] == 0, reference.coef_[0] == 0)


def test_sparsity_counts_zeros_by_kind():
    coefs = np.array([0.0, 0.3, 0.0, 0.0, -0.2, 0.0, 0.1])
    kinds = ("original", "original", "noise", "noise", "noise", "duplicate", "duplicate")
    sp = rx.sparsity(coefs, kinds)
    assert sp.zeroed == {"original": 1, "noise": 2, "duplicate": 1}
    assert sp.totals == {"original": 2, "noise": 3, "duplicate": 2}
    assert (sp.zeroed_total, sp.total) == (4, 7)
    assert sp.real_zeroed() == (1, 2)
    assert rx.mean_abs_coef(coefs, kinds, "noise") == pytest.approx(0.2 / 3)
    assert math.isnan(rx.mean_abs_coef(coefs, kinds, "polynomial"))


# ----------------------------------------------------------------------------- scikit-learn's own search


def _grid_search_choice(problem: rx.Problem, l1_ratio: float, scoring: str) -> float:
    """The C GridSearchCV picks over a StandardScaler + LogisticRegression pipeline (the scaler refitted
    inside each fold, as the sweep does) on the sweep's folds, grid and scoring, every fit from zero."""
    search = GridSearchCV(
        reference_pipeline(1.0, l1_ratio, 0),
        {"logreg__C": list(rx.C_GRID)},
        cv=list(problem.folds),
        scoring=rx.SCORINGS[scoring].sklearn_name,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return float(search.fit(problem.X_train, problem.y_train).best_params_["logreg__C"])


def _logistic_regression_cv_choice(problem: rx.Problem, l1_ratio: float, scoring: str) -> float:
    """The C LogisticRegressionCV picks on the same folds, grid, scoring and solver, after one
    StandardScaler fitted on the whole training set (the usual way to use it)."""
    solver = rx.solver_for(l1_ratio)
    search = LogisticRegressionCV(
        Cs=list(rx.C_GRID),
        cv=list(problem.folds),
        l1_ratios=(l1_ratio,),
        solver=solver.name,
        scoring=rx.SCORINGS[scoring].sklearn_name,
        tol=solver.tol,
        max_iter=solver.max_iter,
        random_state=0,
        use_legacy_attributes=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        make_pipeline(StandardScaler(), search).fit(problem.X_train, problem.y_train)
    return float(search.C_)


@pytest.mark.parametrize("scoring", ["log_loss", "accuracy"])
def test_the_pick_read_off_the_curve_is_grid_search_cvs_with_an_exact_solver(scoring: str):
    """With L2's exact solver the sweep's best mean CV score is GridSearchCV's choice, to the grid step."""
    study = rx.run_study("moons", **WIGGLY, l1_ratio=0.0, seed=0)
    best = rx.zones(study.scores, rx.SCORINGS[scoring]).best_index
    assert rx.C_GRID[best] == _grid_search_choice(study.problem, 0.0, scoring)
    assert best < len(rx.C_GRID) - 1, "C = 1000 overfits with an exact solver"


@QUIET
@pytest.mark.parametrize("scoring", ["log_loss", "accuracy"])
def test_scikit_learns_searches_pick_a_c_whose_cv_score_is_near_the_sweeps_best(
    cancer_l1_study: rx.Study, scoring: str
):
    """saga stops at a loose tolerance, so GridSearchCV's cold fits and LogisticRegressionCV's own
    scaling can land a grid step away; their picks score within 0.03 of the sweep's best."""
    cv = cancer_l1_study.scores.curve(scoring, "cv")
    best = rx.zones(cancer_l1_study.scores, rx.SCORINGS[scoring]).best_index
    for choose in (_grid_search_choice, _logistic_regression_cv_choice):
        chosen = choose(cancer_l1_study.problem, 1.0, scoring)
        assert chosen in rx.C_GRID
        assert abs(cv[rx.grid_index(chosen)] - cv[best]) < 0.03, (choose.__name__, scoring)


@QUIET
def test_saga_reports_its_cap_and_the_sentence_names_it():
    study = rx.run_study("moons", **WIGGLY, l1_ratio=1.0, seed=0)
    p = study.problem
    direct = reference_pipeline(1000.0, 1.0, 0).fit(p.X_train, p.y_train).named_steps["logreg"]
    assert direct.solver == "saga"
    assert study.coefficients.path.n_iter[-1] == direct.n_iter_[0] == rx.SAGA.max_iter, "a capped fit"
    assert study.capped_fits > 0
    notes = rx.view_at(study, 1000.0, "log_loss").notice
    assert notes[-1].startswith(
        f"saga stopped at its {rx.SAGA.max_iter}-epoch cap in {study.capped_fits} of {study.n_fits} fits"
    )


# ----------------------------------------------------------------------------- zones and readings


def _scores(cv_mean: list[float], noise: float = 0.002, folds: int = 5) -> rx.Scores:
    """Scores whose folds differ by a constant offset plus a little jitter (paired differences are tight)."""
    rng = np.random.default_rng(0)
    n = len(cv_mean)
    cv = (
        np.array(cv_mean)[:, None]
        + rng.normal(0, 0.05, size=folds)[None, :]
        + rng.normal(0, noise, (n, folds))
    )
    cv = cv[None]
    train = cv - 0.05
    return rx.Scores(np.array([100]), {"log_loss": train}, {"log_loss": cv}, 0, n * folds)


def test_zones_of_a_u_shaped_validation_curve():
    curve = [0.7, 0.6, 0.4, 0.3, 0.2, 0.2002, 0.25, 0.3]
    z = rx.zones(_scores(curve), LOG_LOSS)
    assert z.best_index == 4
    assert z.underfit_end == 3
    assert z.overfit_start == 6
    assert [z.zone_of(i) for i in range(8)] == ["underfitting"] * 4 + ["near the best"] * 2 + [
        "overfitting"
    ] * 2


def test_a_plateau_is_not_an_overfitting_zone():
    z = rx.zones(_scores([0.7, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2], noise=0.0), LOG_LOSS)
    assert z.overfit_start is None
    assert z.underfit_end is not None


def test_clearly_worse_is_the_one_standard_error_rule():
    """Worse than the best's mean by more than the best's SD over folds / sqrt(folds)."""
    per_fold = np.array([[1.0, 2.0, 3.0], [0.9, 1.9, 2.9], [0.3, 1.0, 2.0], [1.0, 1.6, 3.1]])
    se = np.std(per_fold[0], ddof=1) / math.sqrt(3)  # 0.577
    worse = rx.clearly_worse(per_fold, 0)
    assert worse.tolist() == [False, False, True, False]
    assert per_fold[2].mean() < per_fold[0].mean() - se < per_fold[1].mean()


def test_the_grid_scores_match_the_sweep(cancer_l1_study: rx.Study):
    r = rx.grid_scores(cancer_l1_study, LOG_LOSS)
    acc = rx.grid_scores(cancer_l1_study, rx.SCORINGS["accuracy"])
    for c in (0.001, 0.5, 1000.0):
        i = rx.C_GRID.index(c)
        assert r.cv[i] == pytest.approx(cancer_l1_study.scores.cv["log_loss"][-1, i].mean())
        assert r.train[i] == pytest.approx(cancer_l1_study.scores.train["log_loss"][-1, i].mean())
        assert r.gap[i] == pytest.approx(r.cv[i] - r.train[i])
        assert acc.gap[i] == pytest.approx(acc.train[i] - acc.cv[i])
    assert r.zones.zone_of(rx.C_GRID.index(0.001)) == "underfitting"


def test_the_key_numbers_read_the_grid_scores_at_c(cancer_l1_study: rx.Study):
    view = rx.view_at(cancer_l1_study, 0.5, "accuracy")
    i = rx.C_GRID.index(0.5)
    numbers = {n.label: n.value for n in view.numbers}
    assert numbers == {
        "C": "0.5",
        "λ = 1/C": "2",
        "Train accuracy": f"{view.scores.train[i]:.3f}",
        "CV accuracy": f"{view.scores.cv[i]:.3f}",
        "Train–CV gap": f"{view.scores.gap[i]:.3f}",
        "Test accuracy": f"{view.scores.test[i]:.3f}",
        "Baseline test accuracy": f"{view.scores.baseline:.3f}",
    }
    path = {n.label: n.value for n in view.path_numbers}
    assert "LogisticRegressionCV's pick" not in path
    assert path["Chosen by CV"] == f"C = {rx.C_GRID[view.scores.zones.best_index]:g}"
    assert path["Noise features zeroed"] == f"{view.sparsity.zeroed['noise']} of 10"
    assert path["Near-duplicates zeroed"] == f"{view.sparsity.zeroed['duplicate']} of 3"
    assert path["Real features zeroed"] == "{} of {}".format(*view.sparsity.real_zeroed())


# ----------------------------------------------------------------------------- figures


def _trace(fig: go.Figure, name: str) -> dict:
    """A trace by name, with its arrays as plain lists."""
    trace = next(t for t in fig.data if t.name == name)
    return {key: np.asarray(trace[key]).tolist() for key in ("x", "y")}


@pytest.mark.parametrize("c", [0.001, 0.5, 1000.0])
@pytest.mark.parametrize("scoring", ["log_loss", "accuracy"])
def test_the_current_c_is_marked_on_both_curves(cancer_l1_study: rx.Study, c: float, scoring: str):
    view = rx.view_at(cancer_l1_study, c, scoring)
    fig = view.validation.figure
    go.Figure(fig.to_dict())  # validates every property
    train, cv = _trace(fig, "Current C (train)"), _trace(fig, "Current C (CV)")
    assert train["x"] == cv["x"] == [pytest.approx(math.log10(c))]
    assert train["y"] == [pytest.approx(view.scores.train[view.index])]
    assert cv["y"] == [pytest.approx(view.scores.cv[view.index])]
    best = _trace(fig, "Chosen by CV")
    assert best["x"] == [pytest.approx(math.log10(rx.C_GRID[view.scores.zones.best_index]))]
    shapes = fig.to_dict()["layout"]["shapes"]
    assert any(s["type"] == "line" and s["x0"] == pytest.approx(math.log10(c)) for s in shapes)


def test_zones_are_shaded_where_the_zones_are(cancer_l1_study: rx.Study):
    fig = rx.view_at(cancer_l1_study, 1.0, "log_loss").validation.figure
    z = rx.zones(cancer_l1_study.scores, LOG_LOSS)
    rects = [s for s in fig.to_dict()["layout"]["shapes"] if s["type"] == "rect"]
    assert len(rects) == (z.underfit_end is not None) + (z.overfit_start is not None)
    texts = " ".join(a["text"] for a in fig.to_dict()["layout"]["annotations"])
    if z.underfit_end is not None:
        assert "Underfitting" in texts
        assert rects[0]["x1"] < math.log10(rx.C_GRID[z.best_index])


def test_coefficient_path_colours_noise_apart_and_marks_the_current_c(cancer_l1_study: rx.Study):
    fig = rx.view_at(cancer_l1_study, 0.2, "log_loss").coefficients.figure
    go.Figure(fig.to_dict())
    p = cancer_l1_study.problem
    coefs = cancer_l1_study.coefficients.path.coefs
    lines = {t.legendgroup: t for t in fig.data if t.mode == "lines"}
    assert set(lines) == {"original", "noise", "duplicate"}
    assert len({t.line.color for t in lines.values()}) == 3, "each kind has its own colour"
    for kind, trace in lines.items():
        columns = [j for j, k in enumerate(p.feature_kinds) if k == kind]
        paths = np.asarray(trace.y, dtype=float).reshape(len(columns), len(rx.C_GRID) + 1)
        assert np.isnan(paths[:, -1]).all(), "paths are separated by gaps"
        np.testing.assert_allclose(paths[:, :-1], coefs[:, columns].T, atol=1e-4)
        assert trace.text[0] == p.feature_names[columns[0]]
    assert len(lines["noise"].y) == 10 * (len(rx.C_GRID) + 1)
    current = _trace(fig, "Current C")
    index = rx.C_GRID.index(0.2)
    np.testing.assert_allclose(current["x"], math.log10(0.2))
    np.testing.assert_allclose(current["y"], coefs[index], atol=1e-4)


def test_learning_curve_figure_reads_the_sweep(cancer_l1_study: rx.Study):
    fig = rx.view_at(cancer_l1_study, 1.0, "log_loss").learning.figure
    go.Figure(fig.to_dict())
    cv = _trace(fig, "CV, C = 1")
    index = rx.C_GRID.index(1.0)
    np.testing.assert_allclose(cv["y"], cancer_l1_study.scores.cv["log_loss"][:, index, :].mean(axis=1))
    names = [t.name for t in fig.data]
    assert "CV, 10× tighter C = 0.1" in names
    assert "CV, 10× looser C = 10" in names
    edge = rx.view_at(cancer_l1_study, 1000.0, "log_loss").learning.figure
    assert not any("looser" in t.name for t in edge.data)


@QUIET
def test_decision_boundary_on_2d_data_is_the_polynomial_models_probability(moons_study: rx.Study):
    view = rx.view_at(moons_study, 10.0, "log_loss")
    fig, caption = view.boundary.figure, view.boundary_caption
    go.Figure(fig.to_dict())
    assert caption == ""
    surface = fig.data[0]
    xs, ys = np.array(surface.x), np.array(surface.y)
    grid = np.column_stack([np.repeat(xs[None], ys.size, 0).ravel(), np.repeat(ys, xs.size)])
    p = moons_study.problem
    direct = reference_pipeline(10.0, 0.0, 2).fit(p.X_train, p.y_train)
    expected = direct.predict_proba(PolynomialFeatures(5, include_bias=False).fit_transform(grid))[:, 1]
    np.testing.assert_allclose(np.array(surface.z).ravel(), expected, atol=2e-3)


def test_decision_boundary_on_tabular_data_is_a_pca_view(cancer_l1_study: rx.Study):
    view = rx.view_at(cancer_l1_study, 1.0, "log_loss")
    fig, caption = view.boundary.figure, view.boundary_caption
    go.Figure(fig.to_dict())
    assert f"all {cancer_l1_study.problem.n_features} features" in caption
    assert fig.to_dict()["layout"]["xaxis"]["title"]["text"].startswith("PC1")


# ----------------------------------------------------------------------------- what to notice


def test_sentences_state_the_live_numbers(cancer_l1_study: rx.Study):
    view = rx.view_at(cancer_l1_study, 0.05, "log_loss")
    text = " ".join(view.notice)
    assert "nan" not in text.lower()
    sp = rx.sparsity(
        cancer_l1_study.coefficients.path.coefs[rx.C_GRID.index(0.05)], cancer_l1_study.problem.feature_kinds
    )
    assert f"L1 at C = 0.05 zeroed {sp.zeroed['noise']} of 10 noise features" in text
    real = sp.real_zeroed()
    assert f"{real[0]} of {real[1]} real features" in text
    gap, now = view.scores.gap, view.index
    assert f"from {gap[-1]:.3f} at the loosest C = 1000 to {gap[now]:.3f} at C = 0.05" in text
    assert f"{view.scores.test[now]:.3f}" in text


def test_l2_sentences_say_nothing_is_zeroed(moons_study: rx.Study):
    text = " ".join(rx.view_at(moons_study, 1.0, "accuracy").notice)
    assert "zeroes none of the 20" in text


def test_interview_guide_is_complete():
    guide = rx.INTERVIEW
    assert len(guide.talking_points) >= 5
    assert {"L2", "L1 or elastic-net"} <= set(guide.pick_when)
    text = " ".join([*guide.talking_points, *guide.pitfalls]).lower()
    for topic in ("bias", "scale", "cross-validation", "early stopping", "dropout", "tree depth"):
        assert topic in text, topic
