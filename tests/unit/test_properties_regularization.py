"""Regularization page, every control over its whole range: the view the page builds is finite and
well-formed, agrees with a direct scikit-learn fit, and fails only with the documented UserFacingError.

One sweep costs 1-4 s (19 values of C, 5 folds, learning curves, the coefficient path), so few
settings are drawn; each is read at several values of C and both scorings, as the page reads it.
The fits are remembered per exact arguments (``properties_support.built_view``), as the page's cache
keys them, so a reading never re-runs a sweep.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score

from explorers import regularization as rx
from tests.unit import properties_support as props
from tests.unit.test_regularization import reference_pipeline
from ui.topic import params_of

STEM = "regularization"
DATA = ("dataset", "n_noise", "n_duplicates", "degree", "n_train", "seed")
PENALTY = ("penalty", "l1_ratio")
READING = ("scoring", "C")
DEFAULTS = props.defaults(STEM)
READINGS_PER_SWEEP = 3


def check_study(study: rx.Study) -> None:
    """Shapes, finiteness (NaN only where a learning-curve size lacks a class) and ranges."""
    problem, n_c = study.problem, len(rx.C_GRID)
    assert problem.X_train.shape == (problem.n_train, problem.n_features)
    assert len(problem.feature_kinds) == len(problem.feature_names) == problem.n_features
    props.assert_finite(problem.X_train, "X_train")
    path = study.coefficients.path
    assert path.coefs.shape == (n_c, problem.n_features)
    props.assert_finite(path, "coefficient path")
    props.assert_finite(study.coefficients.test, "test scores")
    props.assert_finite(study.coefficients.train, "train scores")
    for scoring in rx.SCORINGS:
        for part in (study.scores.train, study.scores.cv):
            assert part[scoring].shape == (study.scores.train_sizes.size, n_c, study.n_folds)
            assert np.isfinite(part[scoring][-1]).all(), "the whole-fold size is always usable"
    props.assert_probabilities(study.coefficients.test["accuracy"], "test accuracy")
    assert (study.coefficients.test["log_loss"] >= 0).all()
    assert 0 <= study.capped_fits <= study.n_fits
    props.assert_finite(study.canvas.probabilities, "boundary surface")
    props.assert_probabilities(study.canvas.probabilities, "boundary surface")


def check_view(v: dict[str, Any], view: rx.RegularizationView) -> None:
    """Everything the page shows at its C and scoring."""
    scoring, c = v["scoring"], v["C"]
    props.assert_view(view, at_least=5, gaps_allowed=True)  # gaps: a learning-curve size lacking a class
    for chart in (view.validation, view.coefficients, view.boundary):
        props.assert_valid_figure(chart.figure)
    if view.boundary_caption:
        props.assert_text(view.boundary_caption)
    s, i = view.scores, view.index
    props.assert_finite(s, "grid scores")
    assert rx.C_GRID[i] == c
    assert s.scoring.key == scoring
    assert 0 <= s.zones.best_index < len(rx.C_GRID)
    assert s.zones.zone_of(i) in {"underfitting", "overfitting", "near the best"}
    if scoring == "accuracy":
        props.assert_probabilities([s.train[i], s.cv[i], s.test[i]], "accuracy")
        assert s.gap[i] == pytest.approx(s.train[i] - s.cv[i])
    else:
        assert min(s.train[i], s.cv[i], s.test[i]) >= 0
        assert s.gap[i] == pytest.approx(s.cv[i] - s.train[i])
    sparse = view.sparsity
    assert 0 <= sparse.zeroed_total <= sparse.total == view.study.problem.n_features
    zeroed, total = sparse.real_zeroed()
    assert 0 <= zeroed <= total


def check_against_sklearn(study: rx.Study, c: float, seed: int) -> None:
    """The path's fit at ``c`` is the page's own pipeline fitted directly (cold start, same seed)."""
    problem, index = study.problem, rx.grid_index(c)
    direct = reference_pipeline(c, study.l1_ratio, seed)
    with rx.quiet_convergence():
        direct.fit(problem.X_train, problem.y_train)
    expected = accuracy_score(problem.y_test, direct.predict(problem.X_test))
    assert study.coefficients.test["accuracy"][index] == pytest.approx(
        expected, abs=1.5 / problem.y_test.size
    )


def view_or_explained(values: dict[str, Any]) -> rx.RegularizationView | None:
    """The page's view; when it fails, the sweep itself fails (with a sentence the page shows)."""
    view = props.built_view(rx, values)
    if view is None:
        fits = props.documented(rx.fits, params_of(rx.Params, values))
        if fits is not None:
            sweep = props.documented(props.remembered, fits["study"])
            assert sweep is None, "the sweep ran, so its view must too"
    return view


@settings(max_examples=2, deadline=None, derandomize=True)
@given(v=props.controls(STEM, (*DATA, *PENALTY)), data=st.data())
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
    if data is None:  # an explicit example: read it at both ends of the grid
        readings = [
            {"scoring": v["scoring"], "C": rx.C_GRID[0]},
            {"scoring": v["scoring"], "C": rx.C_GRID[-1]},
        ]
    else:
        readings = [data.draw(props.controls(STEM, READING)) for _ in range(READINGS_PER_SWEEP)]
    values = [{**DEFAULTS, **v, **reading} for reading in readings]
    views = [view_or_explained(each) for each in values]
    props.note("sweep: documented error" if views[0] is None else "checked")
    if views[0] is None:
        assert all(view is None for view in views), "a reading never makes the sweep fail"
        return
    check_study(views[0].study)
    for view, each in zip(views, values, strict=True):
        assert view is not None and view.study is views[0].study, "every reading reads the same sweep"
        check_view(each, view)
    check_against_sklearn(views[0].study, readings[0]["C"], v["seed"])


@settings(max_examples=12, deadline=None, derandomize=True)
@given(r=props.controls(STEM, READING))
def test_reading_controls_on_the_default_sweep(r):
    """Many readings of the page's default sweep (reading never re-runs it)."""
    v = {**DEFAULTS, **r}
    view = props.built_view(rx, v)
    assert view is not None, "the page's defaults must run"
    check_view(v, view)  # type: ignore[arg-type]


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == {*DATA, *PENALTY, *READING}
