"""Class-imbalance page, every control over its whole range: the page's calls give finite, well-formed
results that agree with scikit-learn, and fail only with the documented UserFacingError (a strategy
that cannot run on the data reports its reason in its row instead, as the page documents).

Training grows with rows × seeds × strategies, so the draw keeps that product within a budget: every
control still reaches both ends of its range, just not all of them at once.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import event, example, given, settings
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
from datasets.errors import UserFacingError
from explorers import imbalance as ix
from tests.unit.properties_support import (
    assert_finite,
    assert_probabilities,
    assert_sentences,
    assert_text,
    assert_valid_figure,
    controls,
    documented,
    options_of,
    page_controls,
    values_of,
)

STEM = "imbalance"
SETTING = ("dataset", "ratio", "samples", "model", "seed", "k", "leaky", "calibrate")
READING = ("sort_by", "bins")
BUDGETED = ("seeds", "strategies")
DEFAULTS = {key: control.default for key, control in page_controls(STEM).items()}
ROW_FITS = 60_000  # rows × seeds × (strategies + the baseline and calibration) per example


@lru_cache(maxsize=256)
def evaluate(*args: object, **kwargs: object) -> ix.StrategyResult:
    """The page's cached ``evaluate_strategy`` (one entry per strategy, as on the page)."""
    return ix.evaluate_strategy(*args, **kwargs)  # type: ignore[arg-type]


@st.composite
def page_values(draw: st.DrawFn) -> dict:
    """Every control over its range, with rows × seeds × strategies kept within ROW_FITS."""
    v = draw(controls(STEM, (*SETTING, *READING)))
    every = page_controls(STEM)
    info = datasets.REGISTRY[v["dataset"]]
    rows = min(v["samples"], info.n_rows or v["samples"]) * max(
        1.0, info.n_features / 8
    )  # wide rows cost more
    most_seeds = max(1, min(ix.MAX_SEEDS, int(ROW_FITS // (3 * rows))))
    v["seeds"] = min(draw(values_of(every["seeds"])), most_seeds)
    most_strategies = max(1, int(ROW_FITS // (rows * v["seeds"])) - 2)
    options = options_of(every["strategies"])
    picks = st.lists(st.sampled_from(options), min_size=1, max_size=most_strategies, unique=True)
    v["strategies"] = tuple(draw(picks))
    return v


def draw_page(v: dict) -> dict:
    """Every explorer call of the page's ``draw``, in order, with the page's arguments."""
    picked = tuple(v["strategies"])
    if not picked:
        raise UserFacingError("Pick at least one strategy to compare.")
    plan = ix.plan_data(v["dataset"], v["ratio"], v["samples"])
    seeds = ix.seed_range(v["seed"], v["seeds"])
    info = datasets.REGISTRY[v["dataset"]]
    run = ix.RunStrategy(evaluate, v["dataset"], v["ratio"], v["samples"], v["model"], v["k"], seeds)
    results = [run(strategy) for strategy in picked]
    if v["leaky"]:
        results += [run(strategy, leaky=True) for strategy in picked if ix.can_leak(strategy)]
    none = run("none")
    resampler = v["calibrate"]
    calibrated = ix.calibrate_resampler(
        v["dataset"], v["ratio"], v["samples"], v["model"], resampler, k=run.k_for(resampler), seeds=seeds
    )
    try:
        cal: ix.Calibration | str = ix.calibration(none, run(resampler), calibrated)
    except UserFacingError as problem:  # the page shows this as a warning in the panel
        cal = str(problem)
    view = ix.plane_data(v["dataset"], v["ratio"], v["samples"], seeds[0])
    out = {
        "plan": plan,
        "seeds": seeds,
        "results": results,
        "none": none,
        "cal": cal,
        "view": view,
        "headline": ix.headline(plan, results, none, info.positive_label),
        "texts": [ix.data_caption(plan, info, v["samples"], seeds), *ix.messages(results)],
        "table": ix.marked_table(results, v["sort_by"]),
        "row_notes": ix.row_notes(results, v["sort_by"]),
        "figures": [ix.pr_figure(results, plan.minority_share)],
        "heights": [ix.pr_height(results)],
    }
    if ix.panel_count(results):
        out["figures"].append(ix.boundaries_figure(view, results))
        out["heights"].append(ix.boundaries_height(ix.panel_count(results)))
        out["texts"].append(ix.boundaries_caption(view))
    shown = cal if isinstance(cal, ix.Calibration) else None
    if shown is not None:
        out["briers"] = [shown.brier(variant) for variant in ix.CALIBRATION_VARIANTS]
        out["figures"].append(ix.reliability_figure(shown, v["bins"]))
        out["texts"].append(ix.calibration_caption(shown))
    out["notes"] = ix.what_to_notice(plan, results, none, info.positive_label, shown)
    return out


def check_run(run: ix.SeedRun) -> None:
    """One seed's metrics are finite, in [0, 1], and what scikit-learn computes from its scores."""
    assert_finite(run.metrics)
    assert_probabilities(run.scores, "P(minority)")
    assert 0.0 <= run.threshold <= 1.0
    for metric in ix.METRICS:
        assert_probabilities(run.metrics.value(metric), metric)
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
        assert_text(result.error)
        return
    assert len(result.runs) == len(seeds)
    for run in result.runs:
        check_run(run)
    assert result.pr_curve is not None and result.pr_curve.shape == ix.RECALL_GRID.shape
    assert_probabilities(result.pr_curve, "mean PR curve")
    if result.surface is not None:
        assert_probabilities(result.surface, "surface")
    assert_finite(result.summary)


def check_result(v: dict, out: dict) -> None:
    plan, seeds = out["plan"], out["seeds"]
    assert plan.n_majority == plan.n_minority * v["ratio"] >= ix.MIN_MINORITY * v["ratio"]
    assert len(seeds) == v["seeds"]
    for result in [*out["results"], out["none"]]:
        check_strategy(result, seeds)
    for number in out["headline"]:
        assert_text(number.label)
        assert_text(number.value)
    for text in [*out["texts"], out["row_notes"] or "-"]:
        assert_text(text)
    table = out["table"]
    assert len(table) == len(out["results"])
    for cell in table.to_numpy().ravel():
        assert_text(str(cell))
    for figure in out["figures"]:
        assert_valid_figure(figure, gaps_allowed=True)
    assert all(height > 0 for height in out["heights"])
    if isinstance(out["cal"], ix.Calibration):
        assert_finite(out["briers"])
        assert all(0 <= mean <= 1 for mean, _ in out["briers"])
        for scores in out["cal"].scores.values():
            assert_probabilities(np.concatenate(scores), "calibration panel")
    else:
        assert_text(out["cal"])
    if out["none"].ok:
        assert_sentences(out["notes"], at_least=1)


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
    out = documented(draw_page, v)
    event("documented error" if out is None else "checked")
    if out is not None:
        check_result(v, out)


def test_defaults_run_without_an_error():
    """The page's own defaults never hit the documented error (so the property is not vacuous)."""
    out = draw_page(DEFAULTS)
    assert all(result.ok for result in out["results"])
    assert isinstance(out["cal"], ix.Calibration)
    check_result(DEFAULTS, out)


def test_every_page_control_is_drawn():
    assert set(page_controls(STEM)) == {*SETTING, *READING, *BUDGETED}


@pytest.mark.parametrize("ratio", ix.RATIOS)
def test_largest_sample_size_runs_at_every_ratio(ratio):
    """20,000 samples is on the page's slider, so every ratio must be able to draw it (the exact ratio
    rounds the minority count; the rows drawn must still be within the datasets' 20,000-row limit)."""
    plan = ix.plan_data("moons", ratio, ix.SAMPLE_SIZES[-1])
    assert plan.n_rows <= datasets.MAX_SAMPLES
    data = ix.load_imbalanced(plan, 0)
    assert (data.n_positive, data.n_samples) == (plan.n_minority, plan.n_rows)
