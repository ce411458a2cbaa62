"""Regularization page, every control over its whole range: the page's calls give finite, well-formed
results that agree with a direct scikit-learn fit, and fail only with the documented UserFacingError.

One sweep costs 1-4 s (19 values of C, 5 folds, learning curves, the coefficient path), so few
settings are drawn; each is read at several values of C and both scorings, as the page reads it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score

from explorers import regularization as rx
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

STEM = "regularization"
DATA = ("dataset", "n_noise", "n_duplicates", "degree", "n_train", "seed")
PENALTY = ("penalty", "l1_ratio")
READING = ("scoring", "C")
DEFAULTS = {key: control.default for key, control in page_controls(STEM).items()}
READINGS_PER_SWEEP = 3


@lru_cache(maxsize=16)
def study_for(dataset: str, frozen: tuple) -> rx.Study | None:
    """The page's cached sweep (None: a documented UserFacingError)."""
    return documented(rx.run_study, dataset, **dict(frozen))


@lru_cache(maxsize=32)
def choice_for(dataset: str, frozen: tuple, scoring: str) -> float | None:
    """The page's cached LogisticRegressionCV choice."""
    return documented(rx.sklearn_choice, dataset, scoring=scoring, **dict(frozen))


def check_study(study: rx.Study) -> None:
    """Shapes, finiteness (NaN only where a learning-curve size lacks a class) and ranges."""
    problem, n_c = study.problem, len(rx.C_GRID)
    assert problem.X_train.shape == (problem.n_train, problem.n_features)
    assert len(problem.feature_kinds) == len(problem.feature_names) == problem.n_features
    assert_finite(problem.X_train, "X_train")
    path = study.coefficients.path
    assert path.coefs.shape == (n_c, problem.n_features)
    assert_finite(path, "coefficient path")
    assert_finite(study.coefficients.test, "test scores")
    assert_finite(study.coefficients.train, "train scores")
    for scoring in rx.SCORINGS:
        for part in (study.scores.train, study.scores.cv):
            assert part[scoring].shape == (study.scores.train_sizes.size, n_c, study.n_folds)
            assert np.isfinite(part[scoring][-1]).all(), "the whole-fold size is always usable"
    assert_probabilities(study.coefficients.test["accuracy"], "test accuracy")
    assert (study.coefficients.test["log_loss"] >= 0).all()
    assert 0 <= study.capped_fits <= study.n_fits
    assert_finite(study.canvas.probabilities, "boundary surface")
    assert_probabilities(study.canvas.probabilities, "boundary surface")


def check_reading(dataset: str, frozen: tuple, study: rx.Study, scoring: str, c: float) -> None:
    """Everything the page reads at one C and scoring."""
    chosen = choice_for(dataset, frozen, scoring)
    assert chosen is not None, "the sweep ran, so LogisticRegressionCV on the same data must too"
    assert chosen in rx.C_GRID
    reading = rx.read_at(study, c, scoring)
    assert_finite(reading)
    assert reading.c == c and rx.C_GRID[reading.index] == c
    assert reading.zone in {"underfitting", "overfitting", "near the best"}
    if scoring == "accuracy":
        assert_probabilities([reading.train_score, reading.cv_score, reading.test_score], "accuracy")
        assert reading.gap == pytest.approx(reading.train_score - reading.cv_score)
    else:
        assert min(reading.train_score, reading.cv_score, reading.test_score) >= 0
        assert reading.gap == pytest.approx(reading.cv_score - reading.train_score)
    sparse = rx.sparsity(study.coefficients.path.coefs[reading.index], study.problem.feature_kinds)
    assert 0 <= sparse.zeroed_total <= sparse.total == study.problem.n_features
    zeroed, total = sparse.real_zeroed()
    assert 0 <= zeroed <= total

    assert_valid_figure(rx.validation_curve_figure(study, scoring, reading.c, chosen))
    assert_valid_figure(rx.coefficient_path_figure(study, reading.c))
    figure, caption = rx.decision_boundary_figure(study, reading.c)
    assert_valid_figure(figure)
    if caption:
        assert_text(caption)
    assert_valid_figure(rx.learning_curve_figure(study, scoring, reading.c), gaps_allowed=True)
    assert_sentences(rx.what_to_notice(study, reading.c, scoring, chosen), at_least=6)


def check_against_sklearn(study: rx.Study, c: float, seed: int) -> None:
    """The path's fit at ``c`` is the page's own pipeline fitted directly (cold start, same seed)."""
    problem, index = study.problem, rx.grid_index(c)
    direct = rx.make_pipeline(c, study.l1_ratio, seed)
    with rx._quiet_convergence():
        direct.fit(problem.X_train, problem.y_train)
    expected = accuracy_score(problem.y_test, direct.predict(problem.X_test))
    assert study.coefficients.test["accuracy"][index] == pytest.approx(
        expected, abs=1.5 / problem.y_test.size
    )


@settings(max_examples=2, deadline=None, derandomize=True)
@given(v=controls(STEM, (*DATA, *PENALTY)), data=st.data())
@example(
    v={
        **DEFAULTS,
        "dataset": "digits",
        "n_noise": 30,
        "n_duplicates": 10,
        "n_train": 400,
        "penalty": "l2",
        "scoring": "accuracy",  # L1's saga on the widest data takes 5-10 s
    },
    data=None,
)
@example(v={**DEFAULTS, "dataset": "circles", "degree": 10, "n_train": 40, "penalty": "l2"}, data=None)
def test_every_control_gives_finite_valid_results(v, data):
    settings_ = documented(rx.study_settings, v)
    if settings_ is None:
        return
    frozen = tuple(sorted(settings_.items()))
    study = study_for(v["dataset"], frozen)
    event("sweep: documented error" if study is None else "checked")
    if study is None:
        return
    check_study(study)
    if data is None:  # an explicit example: read it at both ends of the grid
        readings = [(v["scoring"], rx.C_GRID[0]), (v["scoring"], rx.C_GRID[-1])]
    else:
        reading = controls(STEM, READING).map(lambda r: (r["scoring"], r["C"]))
        readings = [data.draw(reading) for _ in range(READINGS_PER_SWEEP)]
    for scoring, c in readings:
        check_reading(v["dataset"], frozen, study, scoring, c)
    check_against_sklearn(study, readings[0][1], v["seed"])


@settings(max_examples=12, deadline=None, derandomize=True)
@given(r=controls(STEM, READING))
def test_reading_controls_on_the_default_sweep(r):
    """Many readings of the page's default sweep (reading never re-runs it)."""
    frozen = tuple(sorted(rx.study_settings(DEFAULTS).items()))
    study = study_for(DEFAULTS["dataset"], frozen)
    assert study is not None, "the page's defaults must run"
    check_reading(DEFAULTS["dataset"], frozen, study, r["scoring"], r["C"])


def test_every_page_control_is_drawn():
    assert set(page_controls(STEM)) == {*DATA, *PENALTY, *READING}
