"""Class-imbalance page, every control over its whole range: the view (the topic's fits and view, as
the page builds them) holds finite, well-formed results that agree with scikit-learn, and fails only
with the documented UserFacingError (a strategy that cannot run on the data reports its reason in its
row instead, as the page documents).

Training grows with rows × seeds × strategies, so the draw keeps that product within a budget: every
control still reaches both ends of its range, just not all of them at once.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)

import datasets
from explorers import imbalance as ix
from tests.unit import properties_support as props

STEM = "imbalance"
SETTING = ("dataset", "ratio", "samples", "model", "seed", "k", "leaky", "calibrate")
READING = ("sort_by", "bins")
BUDGETED = ("seeds", "strategies")
DEFAULTS = props.defaults(STEM)
ROW_FITS = 60_000  # rows × seeds × (strategies + the baseline and calibration) per example


@st.composite
def page_values(draw: st.DrawFn) -> dict:
    """Every control over its range, with rows × seeds × strategies kept within ROW_FITS."""
    v = draw(props.controls(STEM, (*SETTING, *READING)))
    every = props.page_controls(STEM)
    info = datasets.REGISTRY[v["dataset"]]
    rows = min(v["samples"], info.n_rows or v["samples"]) * max(
        1.0, info.n_features / 8
    )  # wide rows cost more
    most_seeds = max(1, min(ix.MAX_SEEDS, int(ROW_FITS // (3 * rows))))
    v["seeds"] = min(draw(props.values_of(every["seeds"])), most_seeds)
    most_strategies = max(1, int(ROW_FITS // (rows * v["seeds"])) - 2)
    options = props.options_of(every["strategies"])
    picks = st.lists(st.sampled_from(options), min_size=1, max_size=most_strategies, unique=True)
    v["strategies"] = tuple(draw(picks))
    return v


def check_run(run: ix.SeedRun) -> None:
    """One seed's metrics are finite, in [0, 1], and what scikit-learn computes from its scores."""
    props.assert_finite(run.metrics)
    props.assert_probabilities(run.scores, "P(minority)")
    assert 0.0 <= run.threshold <= 1.0
    for metric in ix.METRICS:
        props.assert_probabilities(run.metrics.value(metric), metric)
    y, scores = run.y_test, run.scores
    flagged = (scores >= run.threshold).astype(int)
    m = run.metrics
    assert (
        (m.tp + m.fn, m.fp + m.tn) == (run.test_counts[1], run.test_counts[0]) == (y.sum(), y.size - y.sum())
    )
    assert m.precision == pytest.approx(precision_score(y, flagged, zero_division=0), abs=1e-12)
    assert m.recall == pytest.approx(recall_score(y, flagged, zero_division=0), abs=1e-12)
    assert m.balanced_accuracy == pytest.approx(balanced_accuracy_score(y, flagged), abs=1e-12)
    assert m.roc_auc == pytest.approx(roc_auc_score(y, scores), abs=1e-9)
    assert m.pr_auc == pytest.approx(average_precision_score(y, scores), abs=1e-9)
    assert m.brier == pytest.approx(brier_score_loss(y, scores), abs=1e-12)
    assert min(run.train_counts) > 0 and min(run.fitted_counts) > 0


def check_strategy(result: ix.StrategyResult, seeds: tuple[int, ...]) -> None:
    """A strategy that ran has one checked run per seed; one that could not says why."""
    if not result.ok:
        props.assert_text(result.error)
        return
    assert len(result.runs) == len(seeds)
    for run in result.runs:
        check_run(run)
    pooled = result.pooled
    assert pooled is not None
    props.assert_probabilities(pooled.recall, "pooled PR recall")
    props.assert_probabilities(pooled.precision, "pooled PR precision")
    assert (np.diff(pooled.recall) >= 0).all(), "the curve runs from recall 0 to 1"
    assert pooled.tp == sum(run.metrics.tp for run in result.runs), "counts are whole and summed"
    assert pooled.positives == sum(run.metrics.tp + run.metrics.fn for run in result.runs)
    if result.surface is not None:
        props.assert_probabilities(result.surface, "surface")
    props.assert_finite(result.summary)


def check_table(view: ix.ImbalanceView) -> None:
    """A row per shown run and the no-skill baseline's last, a text in every cell, stress only on correct
    rows, leaky rows and the baseline shaded."""
    table = view.table
    baseline = 1 if view.none.ok else 0
    assert len(table.rows) == len(view.results) + baseline == len(table.muted) == len(table.emphasis)
    for row, cells in enumerate(table.rows):
        assert len(cells) == len(table.columns) == len(table.emphasis[row])
        for cell in cells:
            props.assert_text(cell)
        assert not (table.is_muted(row) and any(table.emphasis[row])), "a leaky row is never the best"
    assert sorted(table.muted) == sorted([*(r.leaky for r in view.results), *(True,) * baseline])


def check_calibration(view: ix.ImbalanceView) -> None:
    """The panel's Brier scores are scikit-learn's on its scores, or a warning says why there is none."""
    cal = view.calibration
    if cal is None:
        assert view.reliability is None and len(view.calibration_messages) == 1
        return
    assert view.reliability is not None and view.reliability.height > 0
    props.assert_text(view.calibration_caption)
    assert len(view.calibration_numbers) == len(ix.CALIBRATION_VARIANTS)
    for variant in ix.CALIBRATION_VARIANTS:
        mean, spread = cal.brier(variant)
        props.assert_finite((mean, spread))
        assert 0 <= mean <= 1
        expected = [brier_score_loss(y, p) for y, p in zip(cal.y_test, cal.scores[variant], strict=True)]
        assert mean == pytest.approx(np.mean(expected), abs=1e-12), variant
        props.assert_probabilities(np.concatenate(cal.scores[variant]), "calibration panel")


def check_view(v: dict, view: ix.ImbalanceView) -> None:
    plan, seeds = view.plan, view.seeds
    used = ix.settle(v["dataset"], v["ratio"], v["samples"])  # the nearest setting with enough minority
    if used.ratio == ix.NATURAL:  # the data's own shares, up to the samples asked for
        assert plan.n_minority >= ix.MIN_MINORITY and plan.n_rows <= used.samples
    else:
        assert plan.n_majority == plan.n_minority * used.ratio >= ix.MIN_MINORITY * used.ratio
    assert sum(used.notice in m.text for m in view.messages) == (used.notice is not None)
    assert len(seeds) == v["seeds"]
    for result in [*view.results, view.none]:
        check_strategy(result, seeds)
    props.assert_view(view, at_least=1 if view.none.ok else 0, gaps_allowed=True)
    for text in (view.data_caption, view.table_caption, view.boundaries_title):
        props.assert_text(text)
    check_table(view)
    assert view.pr.height > 0
    if view.boundaries is None:
        assert len(view.boundaries_messages) == 1
    else:
        assert view.boundaries.height > 0
        props.assert_text(view.boundaries_caption)
    check_calibration(view)


@settings(max_examples=10, deadline=None, derandomize=True)
@given(v=page_values())
@example(v={**DEFAULTS})
@example(v={**DEFAULTS, "ratio": 1000, "samples": 20_000, "seeds": 1, "strategies": ("ensemble", "adasyn")})
@example(
    v={
        **DEFAULTS,
        "dataset": "xor",
        "ratio": 1,
        "samples": 200,
        "seeds": 10,
        "k": 15,
        "leaky": True,
        "strategies": ("under", "smote_tomek"),
        "calibrate": "adasyn",
        "bins": 20,
    }
)
@example(v={**DEFAULTS, "dataset": "breast_cancer", "ratio": 20, "samples": 200, "model": "logreg", "k": 1})
def test_every_control_gives_finite_valid_results(v):
    props.check_built(ix, v, check_view)


def test_defaults_run_without_an_error():
    """The page's own defaults never hit the documented error (so the property is not vacuous)."""
    view = props.built_view(ix, DEFAULTS)
    assert view is not None
    assert all(result.ok for result in view.results)
    assert view.calibration is not None
    check_view(DEFAULTS, view)


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == {*SETTING, *READING, *BUDGETED}


@pytest.mark.parametrize("ratio", ix.RATIOS)
def test_largest_sample_size_runs_at_every_ratio(ratio):
    """20,000 samples is on the page's slider, so every ratio must be able to draw it (the exact ratio
    rounds the minority count; the rows drawn must still be within the datasets' 20,000-row limit)."""
    plan = ix.plan_data("moons", ratio, ix.SAMPLE_SIZES[-1])
    assert plan.n_rows <= datasets.MAX_SAMPLES
    data = ix.load_imbalanced(plan, 0)
    assert (data.n_positive, data.n_samples) == (plan.n_minority, plan.n_rows)
