"""The regularization page tells one truth: the page's CV pick is the one "Chosen by CV" everywhere, the
zones follow the stated one-standard-error rule, every quality number has its baseline beside it,
sentences follow the sign of what they cite and never cite a difference that rounds to zero, and a
penalty solved short of its optimum is marked where it is shown."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.dummy import DummyClassifier
from sklearn.metrics import accuracy_score, log_loss

from explorers import regularization as rx
from explorers.formatting import plain
from explorers.regularization.readings import SHORT_OF_OPTIMUM, baseline_score
from explorers.regularization.sentences import measurable
from explorers.regularization.study import Path, stationarity

QUIET = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
TABLE = {"n_noise": 10, "n_duplicates": 3, "degree": 1, "n_train": 160}


@pytest.fixture(scope="module")
def l1_study() -> rx.Study:
    return rx.run_study("breast_cancer", **TABLE, l1_ratio=1.0, seed=0)


@pytest.fixture(scope="module")
def l2_study() -> rx.Study:
    return rx.run_study("breast_cancer", **TABLE, l1_ratio=0.0, seed=0)


def _trace(view: rx.RegularizationView, name: str) -> dict:
    trace = next(t for t in view.validation.figure.data if t.name and t.name.startswith(name))
    return {"x": np.asarray(trace.x, dtype=float), "y": np.asarray(trace.y, dtype=float)}


@pytest.mark.parametrize("scoring", ["log_loss", "accuracy"])
@pytest.mark.parametrize("c", [0.01, 1.0, 1000.0])
def test_cards_chart_marks_and_sentences_quote_one_number(l1_study: rx.Study, scoring: str, c: float):
    """One source per number: the CV pick, the current C's scores and the baseline agree across the
    cards, the chart's markers and the sentences."""
    view = rx.view_at(l1_study, c, scoring)
    best = view.scores.zones.best_index
    numbers = {n.label: n.value for n in (*view.numbers, *view.path_numbers)}
    assert numbers["Chosen by CV"] == f"C = {plain(rx.C_GRID[best])}"
    star = _trace(view, "Chosen by CV")
    assert star["x"][0] == pytest.approx(math.log10(rx.C_GRID[best]))
    metric = view.scores.scoring.metric
    current = _trace(view, "Current C (CV)")
    assert f"{current['y'][0]:.3f}" == numbers[f"CV {metric}"]
    baseline = _trace(view, "Baseline")
    assert f"{baseline['y'][0]:.3f}" == numbers[f"Baseline test {metric}"]
    text = " ".join(view.notice)
    assert numbers[f"Baseline test {metric}"] in text
    assert numbers[f"Test {metric}"] in text
    if view.index == best:
        assert f"best mean CV {metric} on this grid, {numbers[f'CV {metric}']}" in text
    else:
        assert f"at C = {plain(rx.C_GRID[best])}" in view.notice[0]


@pytest.mark.parametrize("scoring", ["log_loss", "accuracy"])
def test_the_baseline_is_scikit_learn_s_dummy_classifier(l1_study: rx.Study, scoring: str):
    p = l1_study.problem
    dummy = DummyClassifier(strategy="prior").fit(np.zeros((p.y_train.size, 1)), p.y_train)
    x_test = np.zeros((p.y_test.size, 1))
    expected = (
        accuracy_score(p.y_test, dummy.predict(x_test))
        if scoring == "accuracy"
        else log_loss(p.y_test, dummy.predict_proba(x_test))
    )
    assert baseline_score(p.y_train, p.y_test, rx.SCORINGS[scoring]) == pytest.approx(expected, abs=1e-12)


def test_a_model_that_does_not_beat_the_baseline_is_told_so(l1_study: rx.Study):
    """At the strongest penalty L1 zeroes every weight: it is the baseline, and the sentence says so."""
    view = rx.view_at(l1_study, 0.001, "accuracy")
    test = next(s for s in view.notice if s.startswith("On the"))
    assert view.scores.test[0] <= view.scores.baseline + 0.0005
    assert "does not beat a baseline that ignores the features" in test


@pytest.mark.parametrize("scoring", ["log_loss", "accuracy"])
def test_zones_follow_the_stated_one_standard_error_rule(l1_study: rx.Study, scoring: str):
    """Recomputed by hand from the per-fold scores: a C is shaded when its mean CV score is more than the
    best C's standard error (SD over folds / sqrt(folds)) worse, contiguously from the grid's edge."""
    s = rx.SCORINGS[scoring]
    per_fold = s.goodness(l1_study.scores.cv[scoring][-1])
    mean = per_fold.mean(axis=1)
    best = int(np.argmax(mean))
    se = max(np.std(per_fold[best], ddof=1) / math.sqrt(per_fold.shape[1]), 1e-3)
    good = mean >= mean[best] - se
    z = rx.zones(l1_study.scores, s)
    assert z.best_index == best and z.standard_error == pytest.approx(se)
    for i in range(len(rx.C_GRID)):
        if z.zone_of(i) != "near the best":
            assert not good[i], i
    below = [i for i in range(best) if not good[: i + 1].any()]
    assert z.underfit_end == (max(below) if below else None)
    caption = rx.view_at(l1_study, 1.0, scoring).validation_caption
    assert "one-standard-error rule" in caption and f"{z.standard_error:.3f}" in caption


def test_a_c_within_one_standard_error_of_the_best_is_never_shaded(l2_study: rx.Study):
    """The issue's case: C = 10 within ~0.02 of the best CV accuracy was shaded "underfitting"."""
    s = rx.SCORINGS["accuracy"]
    scores = rx.grid_scores(l2_study, s)
    for i in range(len(rx.C_GRID)):
        if scores.cv[scores.zones.best_index] - scores.cv[i] <= scores.zones.standard_error:
            assert scores.zones.zone_of(i) == "near the best", rx.C_GRID[i]


def test_an_exact_fit_is_stationary_and_so_is_scipy_s_minimiser(l2_study: rx.Study):
    """The optimality residual is ~0 at the optimum: newton-cholesky's L2 path, and an independent
    scipy minimiser of scikit-learn's objective at one C."""
    assert (l2_study.coefficients.stationarity < 1e-3).all()
    p = l2_study.problem
    scaled = l2_study.coefficients.scaler.transform(p.X_train)
    y, c = p.y_train, 1.0

    def objective(theta: np.ndarray) -> float:
        z = scaled @ theta[1:] + theta[0]
        return c * float(np.sum(np.logaddexp(0, z) - y * z)) + 0.5 * float(theta[1:] @ theta[1:])

    theta = minimize(objective, np.zeros(scaled.shape[1] + 1), method="L-BFGS-B", tol=1e-12).x
    coefs = np.tile(theta[1:], (len(rx.C_GRID), 1))
    path = Path(coefs, np.full(len(rx.C_GRID), theta[0]), np.zeros(len(rx.C_GRID), dtype=int))
    at_c = stationarity(scaled, y, path, 0.0)[rx.C_GRID.index(c)]
    assert at_c < 1e-3


def test_saga_short_of_its_optimum_is_marked_in_the_chart_and_said(l1_study: rx.Study):
    """The fair-comparison fix: at large C saga stops early; those C carry ✕ on the curve and a sentence."""
    short = l1_study.coefficients.stationarity > SHORT_OF_OPTIMUM
    assert short[-1], "saga's loose tolerance leaves C = 1000 far from its optimum"
    assert not short[0], "a strong penalty is solved to its optimum"
    view = rx.view_at(l1_study, 1000.0, "accuracy")
    marks = _trace(view, "saga stopped short")
    np.testing.assert_allclose(marks["x"], np.log10(rx.C_GRID)[short])
    np.testing.assert_allclose(marks["y"], view.scores.cv[short])
    first = plain(rx.C_GRID[int(np.flatnonzero(short)[0])])
    assert any(f"From C = {first} up, saga stopped short" in s for s in view.notice)
    assert "not just the penalty" in {n.label: n for n in view.numbers}["Test accuracy"].help


def test_an_exact_solver_has_no_short_marks(l2_study: rx.Study):
    view = rx.view_at(l2_study, 1000.0, "accuracy")
    assert not any(t.name == "saga stopped short of the optimum" for t in view.validation.figure.data)
    assert "✕" not in view.validation_caption


_NUMBER = r"(\d+\.\d{3})"


@QUIET
@pytest.mark.parametrize("l1_ratio", [0.0, 1.0])
def test_sentences_follow_the_sign_and_never_cite_a_zero_difference(l1_ratio: float):
    """Over every C and both scorings: no "by 0.000", and each direction word matches its numbers."""
    study = rx.run_study("moons", n_noise=0, n_duplicates=0, degree=3, n_train=100, l1_ratio=l1_ratio, seed=4)
    for scoring in rx.SCORINGS:
        for c in rx.C_GRID:
            view = rx.view_at(study, c, scoring)
            for sentence in view.notice:
                assert "by 0.000" not in sentence, sentence
                assert "differ by 0.000" not in sentence
            gap = next(s for s in view.notice if s.startswith(("The gap", "At the loosest")))
            found = re.search(rf"(shrinks|grows) from {_NUMBER} at the loosest .* to {_NUMBER}", gap)
            if found:
                verb, last, here = found.group(1), float(found.group(2)), float(found.group(3))
                assert (here < last) if verb == "shrinks" else (here > last), gap
            learning = next(s for s in view.notice if "training folds from" in s)
            improved = re.search(rf"improves it by {_NUMBER}", learning)
            if improved:
                assert float(improved.group(1)) > 0


def test_measurable_means_visible_at_three_decimals():
    assert not measurable(0.0004) and not measurable(-0.0004)
    assert measurable(0.0005) and measurable(-0.002)
