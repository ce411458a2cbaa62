"""explorers.threshold: cost curves, TTCV, the view, its sentences and figures against independent
references (the metrics it reads are checked against scikit-learn in test_metrics.py)."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from unittest.mock import patch

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.pipeline import Pipeline

from datasets.errors import UserFacingError
from explorers import charts, metrics
from explorers import threshold as tx
from explorers.formatting import money
from explorers.models import MODELS
from tests.unit.properties_support import assert_view

# ----------------------------------------------------------------------------- helpers


def _random_data(seed: int, n: int = 300, decimals: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Labels with a signal, and scores rounded so that many of them tie."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.35).astype(np.int64)
    scores = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0.0, 1.0).round(decimals)
    return y, scores


def _sk_counts(y: np.ndarray, scores: np.ndarray, t: float) -> tuple[int, int, int, int]:
    """(tp, fp, tn, fn) from sklearn's confusion_matrix with the >= convention."""
    tn, fp, fn, tp = confusion_matrix(y, (scores >= t).astype(int), labels=[0, 1]).ravel()
    return int(tp), int(fp), int(tn), int(fn)


def _brute_cost(y, scores, t, cfp, cfn, *, prevalence=None) -> float:
    """Cost per 1,000 from sklearn's confusion matrix, written out directly."""
    tp, fp, tn, fn = _sk_counts(y, scores, t)
    if prevalence is None:
        return 1000 * (cfp * fp + cfn * fn) / y.size
    return 1000 * (cfp * fp / (fp + tn) * (1 - prevalence) + cfn * fn / (fn + tp) * prevalence)


def _candidates(scores: np.ndarray) -> list[float]:
    """Every distinct score plus one threshold above the max."""
    top = 1.0 if scores.max() < 1.0 else float(np.nextafter(scores.max(), np.inf))
    return [*np.unique(scores).tolist(), top]


GRID = np.linspace(0.0, 1.0, 4001)  # brute-force thresholds, 0.00025 apart


def _brute_best(y, scores, cfp, cfn, prevalence=None) -> tuple[tuple[float, float], float]:
    """Python loop over a fine grid of thresholds: the widest run of grid points at the lowest cost
    (ties within 1e-9), as (first, last) grid point, and that cost."""
    costs = np.array([_brute_cost(y, scores, t, cfp, cfn, prevalence=prevalence) for t in GRID])
    floor = costs.min()
    best = costs <= floor + 1e-9 * max(floor, 1.0)
    runs, start = [], None
    for i, flag in enumerate([*best, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((GRID[start], GRID[i - 1]))
            start = None
    return max(runs, key=lambda run: run[1] - run[0]), float(floor)


def _brute_middle(y, scores, cfp, cfn, prevalence=None) -> float:
    """The exact middle of the optimal interval, checked against the brute-force grid's."""
    (first, last), _ = _brute_best(y, scores, cfp, cfn, prevalence)
    curve = tx.expected_cost_curve(y, scores, cost_fp=cfp, cost_fn=cfn, prevalence=prevalence)
    assert curve.best_threshold == pytest.approx((first + last) / 2, abs=GRID[1])
    return curve.best_threshold


def _markers(fig: go.Figure) -> dict[str, tuple[float, float]]:
    """Each marker trace's point, by name; the cost-optimal star under the key 'star'."""
    return {
        ("star" if t.marker.symbol == "star" else t.name): (t.x[0], t.y[0])
        for t in fig.data
        if t.mode == "markers"
    }


def _view(
    scored: tx.ScoredModel,
    threshold: float,
    beta: float = 1.0,
    *,
    cost_fp: float,
    cost_fn: float,
    prevalence: float | None = None,
) -> tx.ThresholdView:
    """The page's view of ``scored`` (a model trained on moons) at these reading settings."""
    params = tx.Params("moons", "logreg", 0.3, 0, threshold, beta, cost_fp, cost_fn, prevalence)
    return tx.view(params, {"model": scored})


def _notes(scored: tx.ScoredModel, threshold: float, beta: float = 1.0, **costs) -> list[str]:
    """The view's "What to notice" sentences."""
    return list(_view(scored, threshold, beta, **costs).notice)


@pytest.fixture(scope="module")
def moons_logreg() -> tx.ScoredModel:
    return tx.train_and_score("moons", "logreg", 0.3, 0)


@pytest.fixture(scope="module")
def moons_gbm() -> tx.ScoredModel:
    return tx.train_and_score("moons", "gbm", 0.3, 0)


# ----------------------------------------------------------------------------- cost curve


@pytest.mark.parametrize(
    ("seed", "cfp", "cfn", "prevalence"),
    [(0, 1.0, 5.0, None), (1, 10.0, 1.0, None), (2, 2.0, 3.0, 0.05), (3, 1.0, 1.0, 0.5), (4, 7.0, 2.0, 0.9)],
)
def test_cost_curve_best_equals_brute_force(seed, cfp, cfn, prevalence):
    y, scores = _random_data(seed, n=200)
    curve = tx.expected_cost_curve(y, scores, cost_fp=cfp, cost_fn=cfn, prevalence=prevalence)
    (first, last), best_cost = _brute_best(y, scores, cfp, cfn, prevalence)
    low, high = curve.best_interval
    assert low == pytest.approx(first, abs=1.01 * GRID[1]) and high == pytest.approx(last, abs=1.01 * GRID[1])
    assert curve.best_threshold == pytest.approx((low + high) / 2)
    assert curve.best_cost == pytest.approx(best_cost, rel=1e-12)
    assert curve.cost_at(curve.best_threshold) == pytest.approx(best_cost, rel=1e-12)
    np.testing.assert_array_equal(curve.thresholds, _candidates(scores))
    expected = [_brute_cost(y, scores, t, cfp, cfn, prevalence=prevalence) for t in curve.thresholds]
    np.testing.assert_allclose(curve.cost_per_1000, expected, rtol=1e-12)


def test_cost_at_empirical_prevalence_is_count_formula():
    y, scores = _random_data(5, n=250)
    curve = tx.expected_cost_curve(y, scores, cost_fp=3.0, cost_fn=11.0)
    shifted = tx.expected_cost_curve(y, scores, cost_fp=3.0, cost_fn=11.0, prevalence=float(y.mean()))
    for t, cost in zip(curve.thresholds, curve.cost_per_1000, strict=True):
        _, fp, _, fn = _sk_counts(y, scores, t)
        assert cost == pytest.approx(1000 * (3.0 * fp + 11.0 * fn) / y.size, rel=1e-12)
    np.testing.assert_allclose(shifted.cost_per_1000, curve.cost_per_1000, rtol=1e-12)


def test_cost_at_any_threshold_matches_direct_computation():
    y, scores = _random_data(6, n=150, decimals=3)
    curve = tx.expected_cost_curve(y, scores, cost_fp=2.0, cost_fn=9.0, prevalence=0.2)
    for t in np.linspace(0, 1, 37):
        direct = tx.cost_per_1000(y, scores, t, cost_fp=2.0, cost_fn=9.0, prevalence=0.2)
        assert curve.cost_at(t) == pytest.approx(direct, rel=1e-12)
        assert direct == pytest.approx(_brute_cost(y, scores, t, 2.0, 9.0, prevalence=0.2), rel=1e-12)


def test_a_flat_optimum_is_reported_at_its_middle():
    # Every threshold in (0.1, 0.8] flags the one positive and no negative: cost 0 throughout.
    y = np.array([0, 0, 1, 0])
    scores = np.array([0.1, 0.05, 0.8, 0.02])
    curve = tx.expected_cost_curve(y, scores, cost_fp=2.0, cost_fn=2.0)
    assert curve.best_interval == (0.1, 0.8)
    assert curve.best_threshold == pytest.approx(0.45)
    assert curve.best_cost == pytest.approx(0.0)
    assert curve.best_range == "0.10–0.80"


def test_of_two_optimal_ranges_the_wider_wins():
    # (0.2, 0.3] and (0.5, 0.55] both cost 1 error; the first is wider.
    y = np.array([0, 0, 1, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.5, 0.55, 0.9])
    curve = tx.expected_cost_curve(y, scores, cost_fp=1.0, cost_fn=1.0)
    assert curve.best_interval == (0.2, 0.3)
    assert curve.best_threshold == pytest.approx(0.25)


def test_calibrated_scores_put_the_optimum_at_the_bayes_threshold():
    rng = np.random.default_rng(0)
    p = rng.random(40_000)
    y = (rng.random(p.size) < p).astype(np.int64)
    curve = tx.expected_cost_curve(y, p, cost_fp=1.0, cost_fn=4.0)
    assert tx.bayes_threshold(1.0, 4.0, float(y.mean())) == pytest.approx(0.2)
    assert curve.best_threshold == pytest.approx(0.2, abs=0.03)
    shifted = tx.expected_cost_curve(y, p, cost_fp=1.0, cost_fn=4.0, prevalence=0.1)
    expected = tx.bayes_threshold(1.0, 4.0, float(y.mean()), 0.1)
    assert shifted.best_threshold == pytest.approx(expected, abs=0.04)


def test_bayes_threshold_makes_shifted_posterior_equal_cost_ratio():
    data_pi, deploy_pi, cfp, cfn = 0.3, 0.02, 1.0, 9.0
    t = tx.bayes_threshold(cfp, cfn, data_pi, deploy_pi)
    odds = t / (1 - t) * (deploy_pi / (1 - deploy_pi)) / (data_pi / (1 - data_pi))
    assert odds / (1 + odds) == pytest.approx(cfp / (cfp + cfn))


# ----------------------------------------------------------------------------- scikit-learn's tuner


def _grid_min_cost(scored: tx.ScoredModel, cfp: float, cfn: float, prevalence: float | None) -> float:
    """Independent: the lowest cost over TTCV's 100-point grid."""
    s = scored.val_scores
    grid = np.linspace(s.min(), s.max(), 100)
    return min(_brute_cost(scored.y_val, s, t, cfp, cfn, prevalence=prevalence) for t in grid)


@pytest.mark.parametrize(
    ("fixture", "estimator_class"),
    [("moons_logreg", LogisticRegression), ("moons_gbm", HistGradientBoostingClassifier)],
)
@pytest.mark.parametrize("costs", [(1.0, 5.0, None), (10.0, 1.0, 0.05)])
def test_ttcv_does_not_refit_and_is_at_most_one_grid_step_worse(request, fixture, estimator_class, costs):
    cfp, cfn, prevalence = costs
    scored = request.getfixturevalue(fixture)
    with (
        patch.object(estimator_class, "fit", side_effect=AssertionError("refit")) as fit,
        patch.object(Pipeline, "fit", side_effect=AssertionError("refit")) as pipe_fit,
    ):
        t = tx.sklearn_tuned_threshold(scored, cost_fp=cfp, cost_fn=cfn, prevalence=prevalence)
    assert fit.call_count == 0
    assert pipe_fit.call_count == 0
    ours = tx.expected_cost_curve(
        scored.y_val, scored.val_scores, cost_fp=cfp, cost_fn=cfn, prevalence=prevalence
    )
    their_cost = _brute_cost(scored.y_val, scored.val_scores, t, cfp, cfn, prevalence=prevalence)
    assert their_cost >= ours.best_cost - 1e-9
    assert their_cost == pytest.approx(_grid_min_cost(scored, cfp, cfn, prevalence), rel=1e-9)
    step = tx.ttcv_grid_step(scored.val_scores)
    assert step == pytest.approx((scored.val_scores.max() - scored.val_scores.min()) / 99)
    nearby = [
        _brute_cost(scored.y_val, scored.val_scores, g, cfp, cfn, prevalence=prevalence)
        for g in np.clip(ours.best_threshold + np.array([-step, 0.0]), 0, 1)
    ]
    assert their_cost <= max(nearby) + 1e-9


def test_explain_gap_covers_grid_miss_tie_and_same_point():
    y = np.array([0, 0, 1, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.5, 0.55, 0.9])
    curve = tx.expected_cost_curve(y, scores, cost_fp=1.0, cost_fn=1.0)
    same = tx.explain_threshold_gap(0.55, 0.549, curve=curve, y_true=y, scores=scores)
    assert "same operating point" in same
    no_score_between = tx.explain_threshold_gap(0.55, 0.52, curve=curve, y_true=y, scores=scores)
    assert "no validation score lies between 0.52 and 0.55" in no_score_between
    # Lowering to 0.3 flags one more positive and one more negative: equal costs cancel out.
    cancel = tx.explain_threshold_gap(0.55, 0.3, curve=curve, y_true=y, scores=scores)
    assert "1 more true positives and 1 more false positives" in cancel
    worse = tx.explain_threshold_gap(0.55, 0.95, curve=curve, y_true=y, scores=scores)
    extra = _brute_cost(y, scores, 0.95, 1, 1) - _brute_cost(y, scores, 0.55, 1, 1)
    assert f"step {(0.9 - 0.1) / 99:.3f}" in worse
    assert f"{money(extra)} more per 1,000" in worse


# ----------------------------------------------------------------------------- training


def test_train_and_score_is_deterministic_and_split_60_20_20(moons_logreg):
    again = tx.train_and_score("moons", "logreg", 0.3, 0)
    np.testing.assert_array_equal(again.val_scores, moons_logreg.val_scores)
    np.testing.assert_array_equal(again.test_scores, moons_logreg.test_scores)
    other = tx.train_and_score("moons", "logreg", 0.3, 1)
    assert not np.array_equal(other.val_scores, moons_logreg.val_scores)
    n = moons_logreg.n_train + moons_logreg.y_val.size + moons_logreg.y_test.size
    assert n == 1000
    assert (moons_logreg.n_train, moons_logreg.y_val.size, moons_logreg.y_test.size) == (600, 200, 200)
    assert moons_logreg.y_val.mean() == pytest.approx(0.3, abs=0.01)
    assert moons_logreg.X_val.shape == (200, 2)
    assert moons_logreg.fit_seconds > 0
    assert moons_logreg.positive_label and moons_logreg.negative_label and moons_logreg.dataset_name


@pytest.mark.parametrize("fixture", ["moons_logreg", "moons_gbm"])
def test_models_score_in_unit_interval_and_separate_moons(request, fixture):
    scored = request.getfixturevalue(fixture)
    for y, s in ((scored.y_val, scored.val_scores), (scored.y_test, scored.test_scores)):
        assert s.dtype == np.float64
        assert ((s >= 0) & (s <= 1)).all()
        assert roc_auc_score(y, s) > 0.8
    np.testing.assert_allclose(scored.model.predict_proba(scored.X_val)[:, 1], scored.val_scores)


def test_gbm_is_deterministic_per_seed(moons_gbm):
    again = tx.train_and_score("moons", "gbm", 0.3, 0)
    np.testing.assert_array_equal(again.test_scores, moons_gbm.test_scores)


def test_tabular_dataset_uses_all_rows_at_natural_balance():
    scored = tx.train_and_score("breast_cancer", "logreg", 212 / 569, 0)
    n = scored.n_train + scored.y_val.size + scored.y_test.size
    assert n == 569
    assert scored.X_val.shape[1] == 30
    assert roc_auc_score(scored.y_test, scored.test_scores) > 0.95


# ----------------------------------------------------------------------------- what to notice


def _independent(scored: tx.ScoredModel, t: float) -> dict[str, float]:
    y, s = scored.y_val, scored.val_scores
    _, fp0, _, fn0 = _sk_counts(y, s, 0.5)
    _, fp1, _, fn1 = _sk_counts(y, s, t)
    return {
        "fp0": fp0,
        "fp1": fp1,
        "fn0": fn0,
        "fn1": fn1,
        "r0": recall_score(y, s >= 0.5),
        "r1": recall_score(y, s >= t),
    }


def test_notice_raising_threshold_reports_fp_cut_and_recall(moons_logreg):
    notes = _notes(moons_logreg, 0.7, 1.0, cost_fp=1.0, cost_fn=5.0, prevalence=None)
    ref = _independent(moons_logreg, 0.7)
    assert 3 <= len(notes) <= 5
    first = notes[0]
    assert first.startswith("Raising the threshold from 0.50 to 0.70")
    cut = (ref["fp0"] - ref["fp1"]) / ref["fp0"] * 100
    assert f"cut false positives by {cut:.0f}% ({ref['fp0']} → {ref['fp1']})" in first
    assert f"recall fell from {ref['r0']:.2f} to {ref['r1']:.2f}" in first


def test_notice_lowering_threshold_flips_wording(moons_logreg):
    notes = _notes(moons_logreg, 0.3, 1.0, cost_fp=1.0, cost_fn=5.0, prevalence=None)
    ref = _independent(moons_logreg, 0.3)
    first = notes[0]
    assert first.startswith("Lowering the threshold from 0.50 to 0.30")
    assert "Raising" not in first
    assert f"({ref['fn0']} → {ref['fn1']})" in first
    assert f"false positives rose from {ref['fp0']} to {ref['fp1']}" in first


def test_notice_at_default_describes_it_and_the_optimum(moons_logreg):
    notes = _notes(moons_logreg, 0.5, 1.0, cost_fp=1.0, cost_fn=5.0, prevalence=None)
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    best_t = _brute_middle(y, s, 1.0, 5.0)
    assert notes[0].startswith("At the default 0.50")
    assert f"flags {int((s >= 0.5).sum())} of {y.size}" in notes[0]
    assert f"cost-optimal threshold is {best_t:.2f}" in notes[0]


def test_notice_cost_ttcv_and_bayes_numbers(moons_logreg):
    cfp, cfn, t = 2.0, 7.0, 0.62
    notes = _notes(moons_logreg, t, 1.0, cost_fp=cfp, cost_fn=cfn, prevalence=None)
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    best_t, (_, best_cost) = _brute_middle(y, s, cfp, cfn), _brute_best(y, s, cfp, cfn)
    cost = _brute_cost(y, s, t, cfp, cfn)
    assert f"At 0.62 the expected cost is {money(cost)} per 1,000 predictions" in notes[1]
    assert f"cost-optimal threshold {best_t:.2f} costs {money(best_cost)}" in notes[1]
    assert f"saving {money(cost - best_cost)} per 1,000" in notes[1]
    sk = tx.sklearn_tuned_threshold(moons_logreg, cost_fp=cfp, cost_fn=cfn)
    assert f"TunedThresholdClassifierCV picks {sk:.2f}" in notes[2]
    assert f"({money(_brute_cost(y, s, sk, cfp, cfn))} per 1,000)" in notes[2]
    assert "3.5× a false positive" in notes[-1]
    assert f"= {cfp / (cfp + cfn):.2f}" in notes[-1]
    assert f"found {best_t:.2f}" in notes[-1]
    bayes = cfp / (cfp + cfn)
    extra = _brute_cost(y, s, bayes, cfp, cfn) - best_cost
    if extra > 1e-9:
        assert f"{bayes:.2f} would cost {money(extra)} more per 1,000" in notes[-1]
    else:
        assert f"{bayes:.2f} is itself cost-optimal" in notes[-1]
    assert not any("traffic" in note for note in notes)
    assert _view(moons_logreg, t, 1.0, cost_fp=cfp, cost_fn=cfn).reading.tuned_threshold == sk


def test_notice_prevalence_shift_moves_precision_not_roc(moons_logreg):
    t, pi = 0.4, 0.02
    notes = _notes(moons_logreg, t, 2.0, cost_fp=1.0, cost_fn=20.0, prevalence=pi)
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    tp, fp, tn, fn = _sk_counts(y, s, t)
    weights = np.where(y == 1, pi / y.sum(), (1 - pi) / (y.size - y.sum()))
    shifted = precision_score(y, s >= t, sample_weight=weights)
    sentence = next(note for note in notes if "traffic" in note)
    assert f"{pi:.1%} of traffic instead of {y.mean():.1%}" in sentence
    assert f"goes from {tp / (tp + fp):.2f} to {shifted:.2f}" in sentence
    assert f"recall ({tp / (tp + fn):.2f}) and false-positive rate ({fp / (fp + tn):.2f})" in sentence
    odds = (1 / 20) * (y.mean() / (1 - y.mean())) / (pi / (1 - pi))
    assert f"or {odds / (1 + odds):.2f} once the odds are shifted" in notes[-1]
    assert len(notes) == 5
    best_t, (_, best_cost) = _brute_middle(y, s, 1.0, 20.0, pi), _brute_best(y, s, 1.0, 20.0, pi)
    assert f"{best_t:.2f} costs {money(best_cost)}" in notes[1] or "already the lowest" in notes[1]


def test_notice_at_optimum_says_so(moons_logreg):
    curve = tx.expected_cost_curve(moons_logreg.y_val, moons_logreg.val_scores, cost_fp=1.0, cost_fn=5.0)
    notes = _notes(moons_logreg, curve.best_threshold, 1.0, cost_fp=1.0, cost_fn=5.0, prevalence=None)
    assert "already the lowest" in notes[1]


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize("bad", [-0.1, 1.01, math.nan, math.inf, "0.5x"])
def test_bad_threshold_raises(bad, moons_logreg):
    with pytest.raises(UserFacingError, match="threshold"):
        _view(moons_logreg, bad, cost_fp=1.0, cost_fn=5.0)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan])
def test_bad_beta_raises(bad, moons_logreg):
    with pytest.raises(UserFacingError, match="beta"):
        _view(moons_logreg, 0.5, bad, cost_fp=1.0, cost_fn=5.0)


@pytest.mark.parametrize(("cfp", "cfn"), [(0.0, 1.0), (1.0, -2.0), (math.nan, 1.0), (1.0, math.inf)])
def test_bad_costs_raise(cfp, cfn, moons_logreg):
    y, s = _random_data(0, n=20)
    with pytest.raises(UserFacingError, match="cost"):
        tx.expected_cost_curve(y, s, cost_fp=cfp, cost_fn=cfn)
    with pytest.raises(UserFacingError, match="cost"):
        tx.sklearn_tuned_threshold(moons_logreg, cost_fp=cfp, cost_fn=cfn)
    with pytest.raises(UserFacingError, match="cost"):
        _notes(moons_logreg, 0.5, 1.0, cost_fp=cfp, cost_fn=cfn, prevalence=None)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.2, math.nan])
def test_bad_prevalence_raises(bad, moons_logreg):
    y, s = _random_data(0, n=20)
    with pytest.raises(UserFacingError, match="prevalence"):
        tx.expected_cost_curve(y, s, cost_fp=1, cost_fn=1, prevalence=bad)
    with pytest.raises(UserFacingError, match="prevalence"):
        _view(moons_logreg, 0.5, cost_fp=1.0, cost_fn=5.0, prevalence=bad)


def test_one_class_raises():
    with pytest.raises(UserFacingError, match="both positive and negative"):
        tx.expected_cost_curve(np.array([1, 1]), np.array([0.1, 0.2]), cost_fp=1, cost_fn=1)


def test_unknown_model_raises():
    with pytest.raises(UserFacingError, match="Unknown model 'svm'"):
        tx.train_and_score("moons", "svm", 0.3, 0)
    assert set(MODELS) == {"logreg", "gbm"}


# ----------------------------------------------------------------------------- figures


def _axis_titles(fig) -> dict[str, str]:
    layout = fig.layout.to_plotly_json()
    return {
        k: (v.get("title") or {}).get("text", "")
        for k, v in layout.items()
        if re.fullmatch(r"[xy]axis\d*", k)
    }


def _assert_every_axis_titled(fig) -> None:
    titles = _axis_titles(fig)
    used = {trace.xaxis or "x" for trace in fig.data} | {trace.yaxis or "y" for trace in fig.data}
    for ref in used:
        name = ref[0] + "axis" + ref[1:]
        assert titles.get(name), f"{name} has no title"
    assert all(titles.values())
    fig.to_json()


def test_score_distribution_figure(moons_logreg):
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    fig = tx.score_distribution_figure(y, s, 0.37, "class B", "class A")
    line = next(shape for shape in fig.layout.shapes if shape.type == "line")
    rect = next(shape for shape in fig.layout.shapes if shape.type == "rect")
    assert line.x0 == line.x1 == 0.37
    assert (rect.x0, rect.x1) == (0.37, 1.0)
    negatives, positives = fig.data
    assert sum(negatives.y) == int((y == 0).sum())
    assert sum(positives.y) == int((y == 1).sum())
    assert "class B" in positives.name
    assert "0.37" in fig.layout.annotations[0].text
    assert "Examples (count)" in _axis_titles(fig)["yaxis"]
    _assert_every_axis_titled(fig)


def test_confusion_matrix_figure():
    fig = tx.confusion_matrix_figure(metrics.Confusion(tp=30, fp=10, tn=50, fn=10), "spam", "ham")
    heat = fig.data[0]
    assert list(heat.x) == ["ham", "spam"]
    assert list(heat.y) == ["ham", "spam"]
    assert "50" in heat.text[0][0] and "83% of row" in heat.text[0][0]
    assert "10" in heat.text[0][1] and "False positive" in heat.text[0][1]
    assert "30" in heat.text[1][1] and "75% of row" in heat.text[1][1]
    titles = _axis_titles(fig)
    assert (titles["xaxis"], titles["yaxis"]) == ("Predicted class", "True class")
    _assert_every_axis_titled(fig)


def test_pr_roc_figure_marks_operating_point_and_shifted_curve(moons_logreg):
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    m = metrics.rates_from_confusion(metrics.confusion_at(y, s, 0.45), 0.45)
    deployed = metrics.shifted_precision(m.recall, m.fpr, 0.05)
    plain = tx.pr_roc_figure(metrics.curves(y, s), m)
    shifted = tx.pr_roc_figure(metrics.curves(y, s, prevalence=0.05), m, deployed)
    points = [t for t in plain.data if t.mode == "markers"]
    assert [(p.x[0], p.y[0]) for p in points] == [(m.recall, m.precision), (m.fpr, m.recall)]
    moved = [t for t in shifted.data if t.mode == "markers" and t.name == "Same threshold, deployed"]
    assert moved[0].y[0] == pytest.approx(deployed)
    assert any(t.line.dash == "dash" for t in shifted.data if t.mode == "lines")
    roc = next(t for t in plain.data if t.xaxis == "x2" and t.mode == "lines")
    roc_shifted = next(t for t in shifted.data if t.xaxis == "x2" and t.mode == "lines")
    np.testing.assert_array_equal(roc.x, roc_shifted.x)
    np.testing.assert_array_equal(roc.y, roc_shifted.y)
    assert len(shifted.data) == len(plain.data) + 2
    for fig in (plain, shifted):
        _assert_every_axis_titled(fig)
        assert set(_axis_titles(fig)) == {"xaxis", "yaxis", "xaxis2", "yaxis2"}


def test_cost_curve_figure_markers(moons_logreg):
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    curve = tx.expected_cost_curve(y, s, cost_fp=1.0, cost_fn=5.0)
    fig = tx.cost_curve_figure(curve, 0.62, curve.cost_at(0.62), (0.3, curve.cost_at(0.3)))
    markers = _markers(fig)
    assert markers["Current threshold"] == (0.62, curve.cost_at(0.62))
    assert markers["star"] == (curve.best_threshold, curve.best_cost)
    symbols = [t.marker.symbol for t in fig.data if t.mode == "markers"]
    assert symbols[-1] == "star", "the star is drawn last, over the diamond"
    sizes = {t.marker.symbol: t.marker.size for t in fig.data if t.mode == "markers"}
    assert sizes["star"] > sizes["diamond"]
    band = fig.layout.shapes[0]
    assert (band.x0, band.x1) == curve.best_interval
    assert markers["TunedThresholdClassifierCV"] == (0.3, pytest.approx(_brute_cost(y, s, 0.3, 1.0, 5.0)))
    assert fig.layout.shapes[1].x0 == 0.62
    line = fig.data[0]
    assert line.line.shape == "vh"
    assert line.x[0] == 0.0 and line.x[-1] == pytest.approx(1.0)
    assert min(line.y) == pytest.approx(curve.best_cost)
    assert _axis_titles(fig)["yaxis"] == "Cost per 1,000 predictions ($)"
    _assert_every_axis_titled(fig)


# ----------------------------------------------------------------------------- interview notes


def test_interview_guide_is_filled_in():
    guide = tx.INTERVIEW
    assert len(guide.talking_points) >= 5
    assert {"Lower threshold (favour recall)", "Higher threshold (favour precision)"} <= set(guide.pick_when)
    assert guide.pitfalls and guide.follow_ups
    text = " ".join([*guide.talking_points, *guide.pitfalls, *guide.follow_ups]).lower()
    for topic in ("0.5", "validation", "prevalence", "calibrat", "f-beta"):
        assert topic in text


def test_ttcv_on_constant_scores_raises_user_facing_error(moons_logreg):
    flat = tx.ScoredModel(
        **{**moons_logreg.__dict__, "val_scores": np.full_like(moons_logreg.val_scores, 0.4)}
    )
    with pytest.raises(UserFacingError, match="same score"):
        tx.sklearn_tuned_threshold(flat, cost_fp=1.0, cost_fn=1.0)


def test_bayes_verdict_on_calibrated_scores_says_optimal():
    y = np.array([0, 0, 0, 1, 0, 1, 1, 1])
    scores = np.array([0.05, 0.1, 0.15, 0.3, 0.4, 0.6, 0.7, 0.9])
    curve = tx.expected_cost_curve(y, scores, cost_fp=1.0, cost_fn=1.0)
    assert curve.cost_at(0.5) == pytest.approx(curve.best_cost)
    assert "0.50 is itself cost-optimal" in tx.bayes_sentence((1.0, 1.0), 0.5, None, curve)


def test_every_figure_is_valid_plotly(moons_logreg):
    """Figures skip plotly's validation at run time, so validate each builder's output here."""
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    rates = metrics.rates_from_confusion(metrics.confusion_at(y, s, 0.4), 0.4)
    curve = tx.expected_cost_curve(y, s, cost_fp=1.0, cost_fn=5.0, prevalence=0.02)
    figures = [
        tx.score_distribution_figure(y, s, 0.4, "class B", "class A"),
        tx.confusion_matrix_figure(metrics.confusion_at(y, s, 0.4), "class B", "class A"),
        tx.pr_roc_figure(metrics.curves(y, s, prevalence=0.02), rates, 0.1),
        tx.cost_curve_figure(curve, 0.4, curve.cost_at(0.4), (0.35, curve.cost_at(0.35))),
        tx.cost_curve_figure(curve, 0.4, curve.cost_at(0.4)),
    ]
    for figure in figures:
        assert go.Figure(figure.to_dict()).to_dict() == figure.to_dict()


def test_validation_really_rejects_a_bad_property():
    broken = charts.figure([{"type": "scatter", "x": [0], "y": [0], "colour": "red"}], {})
    with pytest.raises(ValueError, match="colour"):
        go.Figure(broken.to_dict())


def test_text_states_the_split_from_the_fractions():
    assert tx.TEXT.interview is tx.INTERVIEW
    assert "(60/20/20 train/validation/test)" in tx.TEXT.intro
    assert tx.TEXT.question == "Your classifier outputs a score. Where do you put the threshold, and why?"


# ----------------------------------------------------------------------------- the view


def test_fits_train_one_model_on_the_training_controls_only():
    base = tx.Params("moons", "logreg", 0.3, 0, 0.5, 1.0, 1.0, 5.0, None)
    (fit,) = tx.fits(base).values()
    assert fit.func is tx.train_and_score
    assert fit.args == ("moons", "logreg", 0.3, 0)
    assert fit.cache == "model"
    for change in (
        {"threshold": 0.7},
        {"beta": 2.0},
        {"cost_fp": 3.0},
        {"cost_fn": 9.0},
        {"prevalence": 0.01},
    ):
        assert tx.fits(replace(base, **change)) == tx.fits(base), change
    assert tx.fits(replace(base, seed=1))["model"].args == ("moons", "logreg", 0.3, 1)


def test_every_number_comes_from_one_field(moons_logreg):
    """A card, a chart marker and a sentence showing the same number read the same field."""
    v = _view(moons_logreg, 0.62, 2.0, cost_fp=2.0, cost_fn=7.0, prevalence=0.05)
    r = v.reading
    assert r.tuned_threshold is not None and r.tuned_cost is not None and r.deployed_precision is not None
    cards = {number.label: number for number in (*v.numbers, *v.cost_numbers)}
    assert cards["Precision at 5% prevalence"].value == f"{r.deployed_precision:.2f}"
    assert cards["F-beta (beta=2) at 5% prevalence"].value == f"{r.shown.fbeta:.2f}"
    assert cards["Recall"].delta == f"{r.current.recall - r.baseline.recall:+.2f}"
    assert cards["Recall"].delta_description == "vs 0.50"
    assert cards["False-positive rate"].delta_color == "inverse"
    assert cards["Cost per 1,000 at your threshold (validation)"].value == money(r.current_cost)
    assert cards["Cost-optimal threshold (validation)"].value == f"{r.cost_curve.best_threshold:.2f}"
    assert cards["TunedThresholdClassifierCV picks (validation)"].value == f"{r.tuned_threshold:.2f}"
    assert cards["Test cost at the cost-optimal threshold (test split)"].value == money(r.test_cost)
    markers = _markers(v.cost.figure)
    assert markers["Current threshold"] == (r.threshold, r.current_cost)
    assert markers["star"] == (
        r.cost_curve.best_threshold,
        r.cost_curve.best_cost,
    )
    assert markers["TunedThresholdClassifierCV"] == (r.tuned_threshold, r.tuned_cost)
    assert f"the expected cost is {money(r.current_cost)} per 1,000" in v.notice[1]
    assert f"({money(r.tuned_cost)} per 1,000)" in v.notice[2]
    deployed = next(t for t in v.pr_roc.figure.data if t.name == "Same threshold, deployed")
    assert deployed.y[0] == r.deployed_precision
    assert (
        f"precision at 0.62 goes from {r.current.precision:.2f} to {r.deployed_precision:.2f}" in v.notice[3]
    )
    y, s = moons_logreg.y_val, moons_logreg.val_scores
    weights = np.where(y == 1, 0.05 / y.sum(), 0.95 / (y.size - y.sum()))
    assert r.deployed_precision == pytest.approx(precision_score(y, s >= 0.62, sample_weight=weights))
    assert r.current_cost == pytest.approx(_brute_cost(y, s, 0.62, 2.0, 7.0, prevalence=0.05))
    test_cost = _brute_cost(
        moons_logreg.y_test, moons_logreg.test_scores, r.cost_curve.best_threshold, 2.0, 7.0, prevalence=0.05
    )
    assert r.test_cost == pytest.approx(test_cost)


def test_default_view_is_whole_and_its_caption_names_the_data(moons_logreg):
    v = _view(moons_logreg, 0.5, cost_fp=1.0, cost_fn=5.0)
    assert_view(v, at_least=3)
    assert not v.messages
    assert [number.delta for number in v.numbers] == [None] * 5, "at the default nothing moved"
    assert v.data_caption.startswith(f"**{moons_logreg.dataset_name}.** ")
    assert f"200 validation examples, {int(moons_logreg.y_val.sum())} of them" in v.data_caption
    assert "fitted on 600 training examples in " in v.data_caption
    assert (v.distribution.height, v.matrix.height, v.pr_roc.height, v.cost.height) == (340, 340, 460, 380)


def test_constant_scores_give_a_message_and_still_the_rest(moons_logreg):
    flat = tx.ScoredModel(
        **{**moons_logreg.__dict__, "val_scores": np.full_like(moons_logreg.val_scores, 0.4)}
    )
    v = _view(flat, 0.5, cost_fp=1.0, cost_fn=5.0)
    assert [message.tone for message in v.messages] == ["warning"]
    assert "same score" in v.messages[0].text
    assert v.reading.tuned_threshold is None
    cards = {number.label: number for number in v.cost_numbers}
    assert cards["TunedThresholdClassifierCV picks (validation)"].value == "—"
    assert "same score" in (cards["TunedThresholdClassifierCV picks (validation)"].help or "")
    assert "TunedThresholdClassifierCV" not in [t.name for t in v.cost.figure.data]
    assert len(v.numbers) == 5
    assert len(v.notice) == 3
    assert not any("TunedThresholdClassifierCV" in note for note in v.notice)
    assert_view(v, at_least=3)


def test_moving_the_threshold_or_beta_never_reruns_ttcvs_search(moons_logreg: tx.ScoredModel):
    """TTCV's search depends on the costs and prevalence only: reading another threshold reuses it."""
    costs = {"cost_fp": 1.0, "cost_fn": 7.0}
    with patch.object(TunedThresholdClassifierCV, "fit", autospec=True, side_effect=_real_ttcv_fit) as fit:
        first = _view(moons_logreg, 0.5, **costs)
        searches = fit.call_count
        assert searches <= 1
        for threshold, beta in ((0.2, 1.0), (0.7, 2.0), (0.9, 0.5)):
            view = _view(moons_logreg, threshold, beta, **costs)
            assert view.reading.tuned_threshold == first.reading.tuned_threshold
        assert fit.call_count == searches
        _view(moons_logreg, 0.5, cost_fp=1.0, cost_fn=9.0)
        assert fit.call_count == searches + 1, "new costs: a new search"


_real_ttcv_fit = TunedThresholdClassifierCV.fit
