"""The class-imbalance explorer against scikit-learn, imbalanced-learn and closed forms."""

from __future__ import annotations

import math
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from imblearn.over_sampling import SMOTE
from scipy.special import logit
from scipy.stats import norm
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)

import datasets
from datasets.errors import UserFacingError
from explorers import imbalance as ix
from explorers.imbalance.strategies import failure_reason
from explorers.metrics import RECALL_GRID, interpolated_precision, reliability
from tests.unit.properties_support import defaults, options_of, page_controls
from ui.markdown import literal
from ui.topic import table_frame

SEEDS = (0, 1, 2)
DEFAULT = ("moons", 20, 2000)


def _plan(dataset: str = "moons", ratio: int = 20, n: int = 2000) -> ix.DataPlan:
    return ix.plan_data(dataset, ratio, n)


def _params(**changes: object) -> ix.Params:
    """The page's default controls with ``changes``."""
    return ix.Params(**{**defaults("imbalance"), **changes})


def _run(
    strategy: str, *, model: str = "logreg", leaky: bool = False, k: int = 5, setting=DEFAULT, seeds=SEEDS
):
    return ix.evaluate_strategy(*setting, model, strategy, k=k, leaky=leaky, seeds=seeds)


@pytest.fixture(scope="module")
def default_results() -> dict[str, ix.StrategyResult]:
    """Every strategy once at the default setting (logistic regression, three seeds)."""
    return {strategy: _run(strategy) for strategy in ix.STRATEGIES}


# --------------------------------------------------------------------------- metrics


def _sklearn_metrics(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    predicted = (scores >= threshold).astype(int)
    return {
        "accuracy": accuracy_score(y, predicted),
        "balanced_accuracy": balanced_accuracy_score(y, predicted),
        "precision": precision_score(y, predicted, zero_division=0),
        "recall": recall_score(y, predicted),
        "f1": f1_score(y, predicted, zero_division=0),
        "roc_auc": roc_auc_score(y, scores),
        "pr_auc": average_precision_score(y, scores),
        "brier": brier_score_loss(y, scores),
    }


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [0.05, 0.5, 0.93, 1.0])
def test_metrics_equal_sklearns_with_ties_and_rare_positives(seed: int, threshold: float):
    rng = np.random.default_rng(seed)
    y = (rng.random(300) < 0.06).astype(int)
    y[:2] = 1
    scores = np.round(np.clip(rng.normal(0.2 + 0.4 * y, 0.25), 0, 1), 1)  # heavy ties
    ours = ix.evaluate(y, scores, threshold)
    for metric, expected in _sklearn_metrics(y, scores, threshold).items():
        assert ours.value(metric) == pytest.approx(expected, abs=1e-12), metric
    assert ours.tp + ours.fn == y.sum() and ours.tp + ours.fp == int((scores >= threshold).sum())


def test_every_strategy_reports_sklearns_metrics_on_its_own_test_predictions(default_results):
    for result in default_results.values():
        assert result.ok, result.error
        for run in result.runs:
            expected = _sklearn_metrics(run.y_test, run.scores, run.threshold)
            for metric in ix.METRICS:
                assert run.metrics.value(metric) == pytest.approx(expected[metric], abs=1e-12)
        assert result.mean("pr_auc") == pytest.approx(
            np.mean([average_precision_score(r.y_test, r.scores) for r in result.runs])
        )
        assert result.spread("f1") == pytest.approx(np.std([r.metrics.f1 for r in result.runs], ddof=1))


# --------------------------------------------------------------------------- data at an exact ratio


@pytest.mark.parametrize("dataset", options_of(page_controls("imbalance")["dataset"]))
@pytest.mark.parametrize("ratio", ix.RATIOS)
def test_achieved_ratio_equals_the_requested_one(dataset: str, ratio: int):
    for n in (500, 5000):
        try:
            plan = ix.plan_data(dataset, ratio, n)
        except UserFacingError:
            assert ix.minority_count(dataset, ratio, n) < ix.MIN_MINORITY
            continue
        data = ix.load_imbalanced(plan, seed=3)
        n_neg, n_pos = datasets.label_counts(data.y)
        assert n_neg / n_pos == ratio
        assert (n_neg, n_pos) == (plan.n_majority, plan.n_minority)
        assert abs(plan.n_rows - n) <= ratio + 1 or datasets.REGISTRY[dataset].kind == "tabular"


def test_stratified_split_keeps_the_ratio_in_both_parts():
    parts = ix.split_data(ix.load_imbalanced(_plan(), 0), 0)
    for y in (parts.y_train, parts.y_test):
        n_neg, n_pos = datasets.label_counts(y)
        assert n_neg / n_pos == pytest.approx(20, rel=0.1)


# --------------------------------------------------------------------------- degenerate data


def test_extreme_ratio_at_the_smallest_size_says_what_happened_and_what_works():
    with pytest.raises(UserFacingError) as caught:
        ix.plan_data("moons", 1000, 200)
    message = str(caught.value)
    assert "hold only 0 class B examples" in message
    assert "test split would get 0" in message
    assert "1:20 or milder" in message and "at least 10,000 samples" in message
    assert ix.plan_data("moons", 20, 200).n_minority >= ix.MIN_MINORITY
    assert ix.plan_data("moons", 1000, 10000).n_minority >= ix.MIN_MINORITY
    assert ix.minority_count("moons", 50, 200) < ix.MIN_MINORITY, (
        "1:20 is the mildest suggestion that is needed"
    )


def test_one_minority_example_in_the_test_split_is_explained():
    assert ix.test_minority(4, 400) == 1
    with pytest.raises(UserFacingError, match="test split would get 1: with zero or one minority example"):
        ix.plan_data("moons", 100, 500)  # 5 minority examples in all
    with pytest.raises(UserFacingError, match="test split would get 2, leaving 5 to train on: too few"):
        ix.plan_data("moons", 50, 350)  # 7 minority examples in all


def test_the_test_minority_count_is_what_the_split_gives():
    for n_min in (4, 8, 9, 23, 95):
        data = ix.load_imbalanced(ix.DataPlan("moons", 20, n_min, 20 * n_min), seed=1)
        if n_min >= ix.MIN_MINORITY:
            assert ix.split_data(data, 1).y_test.sum() == ix.test_minority(n_min, 20 * n_min)


def test_a_table_too_small_for_the_ratio_points_to_generated_data():
    with pytest.raises(UserFacingError) as caught:
        ix.plan_data("breast_cancer", 1000, 20000)
    message = str(caught.value)
    assert "357 benign rows" in message and "generated dataset" in message
    assert "1:20 or milder" in message


def test_k_neighbors_is_lowered_when_the_minority_is_small_and_the_row_says_so():
    setting = ("moons", 100, 1000)  # 10 minority examples, 7 or 8 of them in training
    result = _run("smote", k=15, setting=setting)
    assert result.ok, result.error
    for run in result.runs:
        assert run.neighbours == min(15, run.train_counts[1] - 1)
        assert run.fitted_counts[1] == run.fitted_counts[0], "SMOTE still balanced the classes"
    assert result.notes and result.notes[0].startswith("k lowered from 15 to ")
    assert (
        "k lowered" in ix.row_note(result) and "k lowered" in dict(ix.row_notes([result], "pr_auc"))["SMOTE"]
    )
    assert any("SMOTE" in m.text and "k lowered" in m.text for m in ix.messages([result]))
    untouched = _run("smote", k=3, setting=setting)
    assert not untouched.notes and all(run.neighbours == 3 for run in untouched.runs)


def test_neighbours_for_refuses_a_single_minority_example():
    assert ix.neighbours_for(5, 4) == 3
    with pytest.raises(ix.StrategyFailedError, match="at least 2 minority training examples"):
        ix.neighbours_for(5, 1)


def test_a_failing_strategy_gives_its_reason_and_the_others_still_run():
    setting = ("moons", 1, 500)  # balanced: ADASYN has nothing to generate
    failed = _run("adasyn", setting=setting)
    assert not failed.ok and failed.runs == ()
    assert failed.error == "Failed on seed 0: the classes are already balanced, so it generates nothing."
    others = [_run(strategy, setting=setting) for strategy in ("none", "smote")]
    assert all(result.ok for result in others)
    table = ix.metrics_table([*others, failed], "pr_auc")
    pr_auc = table.columns.index("PR-AUC")
    row = table.rows[-1]
    assert row[0] == f"ADASYN. {failed.error}", "failed rows go last and say why"
    assert row[pr_auc] == "–" and all(other[pr_auc] != "–" for other in table.rows[:-1])
    assert ("ADASYN", failed.error) in ix.row_notes([*others, failed], "pr_auc")


def test_adasyns_cryptic_error_is_put_in_words():
    problem = RuntimeError("Not any neigbours belong to the majority class. This case will induce a NaN case")
    reason = failure_reason(4, problem)
    assert reason.startswith("Failed on seed 4: no minority example has a majority-class neighbour")


# --------------------------------------------------------------------------- resampling inside the pipeline


@pytest.fixture
def smote_calls(monkeypatch: pytest.MonkeyPatch) -> list[np.ndarray]:
    """The labels SMOTE is asked to resample, call by call."""
    calls: list[np.ndarray] = []
    original = SMOTE._fit_resample

    def recording(self, features, y, *args, **kwargs):
        calls.append(np.asarray(y).copy())
        return original(self, features, y, *args, **kwargs)

    monkeypatch.setattr(SMOTE, "_fit_resample", recording)
    return calls


def test_the_pipeline_resamples_only_the_training_split(smote_calls):
    plan = _plan()
    run, _ = ix.run_seed(plan, "logreg", "smote", 5, seed=4)
    parts = ix.split_data(ix.load_imbalanced(plan, 4), 4)
    assert run.test_counts == datasets.label_counts(parts.y_test), (
        "the test split keeps its real class counts"
    )
    assert run.y_test.size == parts.y_test.size and np.array_equal(run.y_test, parts.y_test)
    assert smote_calls, "SMOTE ran"
    for labels in smote_calls:
        assert datasets.label_counts(labels) == datasets.label_counts(parts.y_train), (
            "only training rows are resampled"
        )
    assert run.train_counts == datasets.label_counts(parts.y_train)
    assert run.fitted_counts == (run.train_counts[0], run.train_counts[0]), "the model saw balanced classes"


def test_the_leaky_mode_resamples_before_splitting(smote_calls):
    plan = _plan()
    leaky = ix.run_seed_leaky(plan, "logreg", "smote", 5, seed=4)
    honest, _ = ix.run_seed(plan, "logreg", "smote", 5, seed=4)
    assert len(smote_calls) >= 1
    assert datasets.label_counts(smote_calls[0]) == (plan.n_majority, plan.n_minority), "the whole dataset"
    neg, pos = leaky.test_counts
    assert abs(neg - pos) <= 1, "the test split is drawn from the balanced, resampled data"
    assert pos > 3 * plan.n_minority * ix.TEST_FRACTION, "synthetic minority rows reached the test split"
    assert honest.test_counts[1] / sum(honest.test_counts) == pytest.approx(plan.minority_share, abs=0.01)
    assert leaky.metrics.pr_auc > honest.metrics.pr_auc


def test_strategies_without_resampling_have_no_leaky_variant():
    with pytest.raises(UserFacingError, match="no leaky variant"):
        ix.run_seed_leaky(_plan(), "logreg", "weights", 5, seed=0)
    work = ix.fits(_params(strategies=("weights", "smote"), k=7, leaky=True, seed=SEEDS[0], seeds=len(SEEDS)))
    assert ix.run_key("weights", leaky=True) not in work
    assert work[ix.run_key("weights")].kwargs == {"k": 0, "leaky": False, "seeds": SEEDS}
    assert work[ix.run_key("smote", leaky=True)].kwargs == {"k": 7, "leaky": True, "seeds": SEEDS}


def test_estimators_are_imblearn_pipelines_with_the_strategy_inside():
    smote = ix.make_estimator("logreg", "smote", seed=1, k=3)
    assert list(smote.named_steps) == ["scale", "resample", "model"]
    assert smote.named_steps["resample"].k_neighbors == 3
    weights = ix.make_estimator("gbm", "weights", seed=1)
    assert weights.named_steps["model"].class_weight == "balanced"
    assert "resample" not in ix.make_estimator("logreg", "threshold", seed=1).named_steps
    with pytest.raises(UserFacingError):
        ix.make_estimator("svm", "none", seed=1)


# --------------------------------------------------------------------------- threshold moving


@pytest.mark.parametrize("seed", range(4))
def test_f1_optimal_threshold_matches_a_brute_force_search(seed: int):
    rng = np.random.default_rng(seed)
    y = (rng.random(400) < 0.08).astype(int)
    scores = np.round(rng.beta(2, 5, 400) + 0.3 * y, 2)
    best = ix.f1_optimal_threshold(y, scores)
    brute = max(f1_score(y, (scores >= t).astype(int), zero_division=0) for t in np.unique(scores))
    assert f1_score(y, (scores >= best).astype(int)) == pytest.approx(brute)


def test_threshold_moving_tunes_on_training_folds_and_keeps_the_untouched_model(default_results):
    moved, none = default_results["threshold"], default_results["none"]
    plan = _plan()
    for run, plain in zip(moved.runs, none.runs, strict=True):
        parts = ix.split_data(ix.load_imbalanced(plan, run.seed), run.seed)
        expected = ix.cv_threshold(
            ix.make_estimator("logreg", "none", run.seed), parts.X_train, parts.y_train, run.seed
        )
        assert run.threshold == pytest.approx(expected), "chosen from the training split alone"
        assert np.allclose(run.scores, plain.scores), "same model as doing nothing"
    assert moved.mean("pr_auc") == pytest.approx(none.mean("pr_auc"))


# --------------------------------------------------------------------------- calibration


def test_prior_correction_recovers_the_true_posterior_of_two_gaussians():
    x = np.linspace(-3, 4, 50)
    posterior = lambda prior: prior * norm.pdf(x, 1) / (prior * norm.pdf(x, 1) + (1 - prior) * norm.pdf(x, 0))  # noqa: E731
    true_prior, resampled_prior = 0.02, 0.5
    r = (true_prior / (1 - true_prior)) / (resampled_prior / (1 - resampled_prior))
    assert np.allclose(ix.prior_correct(posterior(resampled_prior), r), posterior(true_prior))
    p = np.array([0.01, 0.3, 0.5, 0.99])
    assert np.allclose(logit(ix.prior_correct(p, 0.05)), logit(p) + math.log(0.05)), "a shift of the log-odds"
    assert np.allclose(ix.prior_correct(p, 1.0), p)
    assert ix.resampling_odds_ratio((1900, 95), (1900, 1900)) == pytest.approx(0.05)
    with pytest.raises(UserFacingError):
        ix.prior_correct(p, 0.0)


@pytest.mark.parametrize("bins", [5, 10, 20])
def test_reliability_equals_sklearns_calibration_curve(bins: int):
    rng = np.random.default_rng(bins)
    p = rng.beta(0.5, 4, 800)
    p[:3] = [0.0, 1.0, 0.5]
    y = (rng.random(800) < p).astype(int)
    ours = reliability(y, p, bins)
    observed, predicted = calibration_curve(y, p, n_bins=bins, strategy="uniform")
    assert np.allclose(ours.observed, observed) and np.allclose(ours.predicted, predicted)
    assert ours.counts.sum() == 800


def test_resampling_inflates_probabilities_and_both_fixes_bring_them_back(default_results):
    calibrated = ix.calibrate_resampler(*DEFAULT, "logreg", "smote", k=5, seeds=SEEDS)
    cal = ix.calibration(default_results["none"], default_results["smote"], calibrated)
    assert cal.mean_probability("after") > 2 * cal.minority_rate
    assert cal.brier("after")[0] > cal.brier("before")[0]
    for fix in ("prior", "calibrated"):
        assert cal.brier(fix)[0] < 0.8 * cal.brier("after")[0]
        assert cal.mean_probability(fix) == pytest.approx(cal.minority_rate, abs=0.02)
    y = np.concatenate(cal.y_test)
    assert cal.brier("prior")[0] == pytest.approx(
        np.mean([brier_score_loss(y_, s) for y_, s in zip(cal.y_test, cal.scores["prior"], strict=True)])
    )
    assert y.size == sum(run.y_test.size for run in default_results["none"].runs)
    assert all(
        r == pytest.approx(ix.resampling_odds_ratio(run.train_counts, run.fitted_counts))
        for r, run in zip(cal.odds_ratios, default_results["smote"].runs, strict=True)
    )


def test_calibration_panel_needs_a_resampler():
    with pytest.raises(UserFacingError, match="resampling strategy"):
        ix.calibrate_resampler(*DEFAULT, "logreg", "weights", k=5, seeds=SEEDS)


# --------------------------------------------------------------------------- curves


def test_interpolated_precision_is_the_envelope_of_sklearns_pr_curve():
    rng = np.random.default_rng(0)
    y = (rng.random(500) < 0.1).astype(int)
    scores = rng.random(500) * 0.7 + 0.3 * y
    precision, recall, _ = precision_recall_curve(y, scores)
    ours = interpolated_precision(y, scores)
    for level, value in zip(RECALL_GRID, ours, strict=True):
        assert value == pytest.approx(precision[recall >= level - 1e-12].max())
    assert np.all(np.diff(ours) <= 1e-12), "non-increasing in recall"


# --------------------------------------------------------------------------- table, figures, sentences


def test_table_highlights_each_columns_best_mean_and_never_a_leaky_row(default_results):
    results = [*default_results.values(), _run("smote", leaky=True)]
    table = ix.metrics_table(results, "pr_auc")
    rows = ix.ordered(results, "pr_auc")
    assert [cells[0] for cells in table.rows] == [r.label for r in rows]
    assert rows[rows.index(default_results["smote"]) + 1].leaky, "the leaky twin follows its correct row"
    assert list(table.muted) == [r.leaky for r in rows]
    for metric, label in ix.METRICS.items():
        column = table.columns.index(label)
        means = {r.label: r.mean(metric) for r in rows if not r.leaky}
        target = min(means.values()) if metric in ix.LOWER_IS_BETTER else max(means.values())
        marked = {r.label for index, r in enumerate(rows) if table.is_emphasised(index, column)}
        assert marked == {name for name, value in means.items() if value == target}, metric
    assert " ±\u00a0" in table.rows[0][table.columns.index("PR-AUC")]
    shown = table_frame(table)
    for column, label in enumerate(table.columns):
        highlighted = shown[label].str.startswith(":orange-background[**")
        assert list(highlighted) == [table.is_emphasised(row, column) for row in range(len(rows))], label
    leaky_row = shown.iloc[rows.index(default_results["smote"]) + 1]
    assert all(cell.startswith(":gray[*") for cell in leaky_row)
    assert literal("a*b [1]") == "a\\*b \\[1\\]"
    pr_auc = [r.mean("pr_auc") for r in rows if not r.leaky]
    assert pr_auc == sorted(pr_auc, reverse=True)
    assert next(r.mean("brier") for r in ix.ordered(results, "brier") if not r.leaky) == min(
        r.mean("brier") for r in rows if not r.leaky
    )


def test_one_seed_shows_no_spread():
    result = _run("none", seeds=(5,))
    assert "±" not in ix.format_metric(result, "f1") and result.spread("f1") == 0.0


def test_figures_are_valid_plotly(default_results):
    results = list(default_results.values())
    plan = _plan()
    pr = ix.pr_figure(results, plan.minority_share)
    go.Figure(pr.to_dict())
    assert sum(1 for trace in pr.data if trace.mode == "lines") == len(results) + 1
    view = ix.plane_data(*DEFAULT, seed=0)
    boundaries = ix.boundaries_figure(view, results)
    go.Figure(boundaries.to_dict())
    assert sum(1 for trace in boundaries.data if trace.type == "contour") == 2 * len(results)
    assert len(boundaries.to_json()) < 600_000, "the payload stays small"
    calibrated = ix.calibrate_resampler(*DEFAULT, "logreg", "smote", k=5, seeds=SEEDS)
    cal = ix.calibration(default_results["none"], default_results["smote"], calibrated)
    reliability = ix.reliability_figure(cal, 10)
    go.Figure(reliability.to_dict())
    # the diagonal, a curve and a bar of counts per variant, and the bin-size floor
    assert len(reliability.data) == 2 + 2 * len(ix.CALIBRATION_VARIANTS)


def test_surfaces_are_each_models_probabilities_on_the_shared_grid(default_results):
    view = ix.plane_data(*DEFAULT, seed=0)
    plan = _plan()
    data = ix.load_imbalanced(plan, 0)
    parts = ix.split_data(data, 0)
    model = ix.make_estimator("logreg", "weights", 0).fit(parts.X_train, parts.y_train)
    expected = model.predict_proba(view.grid.feature_points)[:, 1]
    assert np.allclose(default_results["weights"].surface, expected)
    assert view.y_train.size == parts.y_train.size


def test_what_to_notice_quotes_the_live_numbers(default_results):
    results = [*default_results.values(), _run("under", leaky=True)]
    none = default_results["none"]
    calibrated = ix.calibrate_resampler(*DEFAULT, "logreg", "smote", k=5, seeds=SEEDS)
    cal = ix.calibration(none, default_results["smote"], calibrated)
    notes = ix.what_to_notice(_plan(), results, none, "class B", cal)
    text = " ".join(notes)
    assert f"Doing nothing scores {none.mean('accuracy'):.1%} accuracy" in notes[0]
    assert f"recall {none.mean('recall'):.2f}" in notes[0]
    assert "Ranked by accuracy" in text or "leads on both" in text
    assert "paired seeds" in text
    assert "Threshold moving keeps the untouched model" in text
    assert "The leaky split" in text and "Random undersampling" in text
    fitted = f"{cal.brier('calibrated')[0]:.3f}"
    moved = "(lowers Brier to|raises Brier to|leaves Brier at)"
    assert re.search(rf"CalibratedClassifierCV {moved} {fitted}", text)


def test_paired_difference_uses_the_seed_by_seed_gaps(default_results):
    a, b = default_results["smote"], default_results["none"]
    diff, error = ix.paired_difference(a, b, "recall")
    gaps = a.values("recall") - b.values("recall")
    assert diff == pytest.approx(gaps.mean())
    assert error == pytest.approx(gaps.std(ddof=1) / math.sqrt(gaps.size))


def test_headline_numbers(default_results):
    plan = _plan()
    numbers = ix.headline(plan, list(default_results.values()), default_results["none"], "class B")
    assert numbers[0].value == "4.8%"
    caught = numbers[2]
    none = default_results["none"]
    tp = sum(r.metrics.tp for r in none.runs)
    positives = sum(r.metrics.tp + r.metrics.fn for r in none.runs)
    assert caught.value == f"{tp} of {positives}" and caught.help.startswith("Class B examples caught")
    assert numbers[3].value == f"{max(r.mean('pr_auc') for r in default_results.values()):.2f}"


def test_seed_range_and_unknown_inputs():
    assert ix.seed_range(3, 5) == (3, 4, 5, 6, 7)
    with pytest.raises(UserFacingError):
        ix.seed_range(0, 0)
    with pytest.raises(UserFacingError):
        ix.plan_data("nope", 20, 2000)
    with pytest.raises(UserFacingError):
        ix.plan_data("moons", 3, 2000)


# --------------------------------------------------------------------------- the topic's fits


def test_strategy_labels_are_the_values_share_links_hold():
    assert ix.options() == {
        "none": "Do nothing",
        "weights": "Class weights (balanced)",
        "under": "Random undersampling",
        "over": "Random oversampling",
        "smote": "SMOTE",
        "adasyn": "ADASYN",
        "smote_tomek": "SMOTE + Tomek links",
        "ensemble": "Balanced random forest",
        "threshold": "Threshold moving",
    }
    assert list(ix.options(resamplers_only=True)) == ["under", "over", "smote", "adasyn", "smote_tomek"]


def test_fits_run_each_strategy_once_with_the_baseline_and_the_calibration_resampler():
    work = ix.fits(_params(strategies=("threshold", "none"), calibrate="over"))
    assert list(work) == ["threshold", "none", "over", "calibrated", "plane"]
    assert [fit.cache for fit in work.values()] == ["data", "data", "data", "data", "model"]
    assert work["plane"].args == ("moons", 20, 2000, 0)
    assert work["calibrated"].kwargs == {"k": 0, "seeds": (0, 1, 2, 3, 4)}


@pytest.mark.parametrize(("key", "value"), [("sort_by", "brier"), ("bins", 20)])
def test_reading_controls_leave_every_fit_as_it_was(key: str, value: object):
    before, after = ix.fits(_params()), ix.fits(_params(**{key: value}))
    assert list(before) == list(after)
    for name, fit in before.items():
        assert (fit.func, fit.args, fit.kwargs) == (after[name].func, after[name].args, after[name].kwargs)


def test_an_empty_pick_trains_only_the_baseline_and_its_calibration_panel():
    """No dead end: with no strategy picked, doing nothing (and the calibration panel) still runs."""
    work = ix.fits(_params(strategies=()))
    assert set(work) == {"none", "smote", "calibrated", "plane"}
