"""The class-imbalance page tells one truth: each operating point sits on its own PR curve (both from
the same pooled scores), counts are whole, quality numbers have their baselines beside them, the
reliability curves leave out bins too small to trust and count every bin, and the data can keep its own
class shares."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    precision_recall_curve,
    roc_auc_score,
)

from datasets.errors import UserFacingError
from explorers import imbalance as ix
from explorers.imbalance.calibration import MIN_BIN_COUNT
from explorers.imbalance.data import Setting
from explorers.imbalance.sentences import majority_accuracy
from explorers.view import build

SEVERE = {  # the case: 1:100, where the dots sat far off their curves
    "dataset": "moons", "ratio": 100, "samples": 2000, "model": "gbm", "seeds": 5, "seed": 0,
    "strategies": ("none", "weights", "smote", "threshold"), "k": 5, "leaky": False,
    "calibrate": "smote", "sort_by": "pr_auc", "bins": 20,
}  # fmt: skip


@pytest.fixture(scope="module")
def severe() -> ix.ImbalanceView:
    return build(ix.fits, ix.view, ix.Params(**SEVERE))


def _pooled(result: ix.StrategyResult) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([r.y_test for r in result.runs]), np.concatenate([r.scores for r in result.runs])


def test_each_operating_point_is_on_its_own_pr_curve(severe: ix.ImbalanceView):
    """scikit-learn's precision_recall_curve on the pooled test scores passes through each fixed-threshold
    strategy's point: the point is one of its (recall, precision) pairs."""
    for result in severe.results:
        y, scores = _pooled(result)
        precision, recall, _ = precision_recall_curve(y, scores)
        pooled = result.pooled
        assert pooled.tp == sum(r.metrics.tp for r in result.runs)
        assert pooled.positives == int(y.sum())
        if len({r.threshold for r in result.runs}) == 1:
            on_curve = np.isclose(recall, pooled.point_recall) & np.isclose(precision, pooled.point_precision)
            assert on_curve.any(), result.label
        else:  # thresholds tuned per seed: the point is still within the curve's range of precision
            near = np.abs(recall - pooled.point_recall) < 0.05
            assert precision[near].min() - 0.05 <= pooled.point_precision <= precision[near].max() + 0.05


def test_the_chart_draws_the_pooled_curve_and_its_point(severe: ix.ImbalanceView):
    for result in severe.results:
        traces = [t for t in severe.pr.figure.data if t.legendgroup == result.label]
        curve, dot = traces
        assert dot.x[0] == pytest.approx(result.pooled.point_recall)
        assert dot.y[0] == pytest.approx(result.pooled.point_precision)
        xs, ys = np.asarray(curve.x), np.asarray(curve.y)
        if len({r.threshold for r in result.runs}) == 1:  # the drawn (thinned) curve keeps the point's vertex
            hit = np.isclose(xs, round(dot.x[0], 4)) & np.isclose(ys, round(dot.y[0], 4), atol=1e-4)
            assert hit.any(), result.label
        y, scores = _pooled(result)
        assert xs[0] == 0 and xs[-1] == pytest.approx(1.0)
        assert average_precision_score(y, scores) >= 0  # the curve is scikit-learn's on the same scores


def test_counts_are_whole_numbers_in_cards_and_sentences(severe: ix.ImbalanceView):
    cards = {n.label: n for n in severe.numbers}
    caught = cards["Caught, doing nothing"].value
    assert re.fullmatch(r"\d+ of \d+", caught)
    assert f"catches {caught} class B examples in the 5 seeds' test splits" in severe.notice[0]
    for sentence in severe.notice:
        assert not re.search(r"\b\d+\.\d+ of \d", sentence), sentence


def test_cards_sentences_and_table_quote_the_same_numbers(severe: ix.ImbalanceView):
    """One source per number: the accuracy card, its baseline, the caught count and the best PR-AUC."""
    cards = {n.label: n for n in severe.numbers}
    none = severe.none
    majority = majority_accuracy(none)
    accuracy = cards["Accuracy, doing nothing"]
    assert accuracy.value in severe.notice[0] and f"({majority:.1%})" in severe.notice[0]
    assert f"{majority:.1%}" in accuracy.help
    best_label = next(label for label in cards if label.startswith("Best PR-AUC"))
    best = max((r for r in severe.results if r.ok and not r.leaky), key=lambda r: r.mean("pr_auc"))
    assert best_label == f"Best PR-AUC: {ix.STRATEGIES[best.strategy].card_name}"
    assert cards[best_label].value == f"{best.mean('pr_auc'):.2f}"
    legend = next(t.name for t in severe.pr.figure.data if t.legendgroup == best.label and t.mode == "lines")
    assert f"PR-AUC {cards[best_label].value}" in legend
    assert f"{severe.plan.minority_share:.2f}" in severe.table_caption, "PR-AUC's chance level"


@pytest.mark.parametrize("key", list(ix.STRATEGIES))
def test_every_strategy_fits_a_card_label_and_the_delta_says_what_it_is(key: str):
    assert len(f"Best PR-AUC: {ix.STRATEGIES[key].card_name}") <= 28


def test_the_best_pr_auc_delta_names_its_reference(severe: ix.ImbalanceView):
    card = next(n for n in severe.numbers if n.label.startswith("Best PR-AUC"))
    assert card.delta is None or card.delta.endswith("vs doing nothing")
    assert card.delta_description is None


def test_reliability_leaves_out_small_bins_and_counts_every_bin(severe: ix.ImbalanceView):
    cal, figure = severe.calibration, severe.reliability.figure
    for variant in ix.CALIBRATION_VARIANTS:
        y = np.concatenate(cal.y_test)
        p = np.concatenate(cal.scores[variant])
        expected = np.histogram(p, bins=20, range=(0, 1))[0]
        counts = expected[expected > 0]
        bars = next(t for t in figure.data if t.type == "bar" and t.legendgroup == variant)
        assert list(bars.y) == counts.tolist()
        assert sum(bars.y) == y.size
        curve = next(t for t in figure.data if t.type == "scatter" and t.legendgroup == variant)
        assert all(n >= MIN_BIN_COUNT for n in curve.customdata)
        assert len(curve.x) == int(np.count_nonzero(counts >= MIN_BIN_COUNT))
    hidden = cal.hidden(20)
    assert hidden > 0 and f"{hidden} bins" in severe.calibration_caption


def test_the_calibration_panel_s_own_resampler_is_named_when_it_is_not_compared():
    view = build(ix.fits, ix.view, ix.Params(**{**SEVERE, "strategies": ("none", "weights"), "seeds": 2}))
    sentence = next(s for s in view.notice if s.startswith("The calibration panel"))
    assert "SMOTE" in sentence and "Resampler in the calibration panel" in sentence
    assert "not among the strategies compared above" in sentence


def test_as_in_the_data_keeps_a_table_s_own_class_counts():
    target = load_breast_cancer().target  # 1 = benign in scikit-learn; the page's positive is malignant
    malignant, benign = int((target == 0).sum()), int((target == 1).sum())
    plan = ix.plan_data("breast_cancer", ix.NATURAL, 20_000)
    assert (plan.n_minority, plan.n_majority) == (malignant, benign)
    assert plan.ratio_text == f"as in the data, 1:{benign / malignant:.3g}"
    fewer = ix.plan_data("breast_cancer", ix.NATURAL, 200)
    assert fewer.n_rows == 200 and fewer.n_minority == round(200 * malignant / (malignant + benign))
    assert ix.ratio_label(ix.NATURAL) == "As in the data"


def test_no_strategy_picked_keeps_the_rest_of_the_page_with_one_notice():
    """No dead end: the baseline, its table row, its curve and the calibration panel stay."""
    view = build(ix.fits, ix.view, ix.Params(**{**SEVERE, "strategies": (), "seeds": 2}))
    picks = [m for m in view.messages if "Pick at least one strategy" in m.text]
    assert len(picks) == 1 and picks[0].tone == "warning"
    assert [row[0] for row in view.table.rows] == ["Do nothing", "No-skill baseline"]
    assert view.reliability is not None and view.numbers and view.notice


def test_the_table_has_a_no_skill_baseline_row_scored_by_scikit_learn(severe: ix.ImbalanceView):
    """Flagging nothing, a constant score (a random ranking's expectation) and the share as everyone's
    probability, each scored by scikit-learn on every seed's test split, then averaged as the table is."""
    row = dict(zip(severe.table.columns, severe.table.rows[-1], strict=True))
    assert row["Strategy"] == "No-skill baseline" and severe.table.is_muted(len(severe.table.rows) - 1)
    assert not any(severe.table.emphasis[-1]), "the baseline is never the stressed best"
    tests = [run.y_test for run in severe.none.runs]
    nothing = [np.zeros_like(y) for y in tests]
    shares = [np.full(y.size, y.mean()) for y in tests]
    expected = {
        "Accuracy": np.mean([accuracy_score(y, p) for y, p in zip(tests, nothing, strict=True)]),
        "Balanced accuracy": np.mean(
            [balanced_accuracy_score(y, p) for y, p in zip(tests, nothing, strict=True)]
        ),
        "Recall": 0.0,
        "F1": 0.0,
        "ROC-AUC": np.mean([roc_auc_score(y, s) for y, s in zip(tests, shares, strict=True)]),
        "PR-AUC": np.mean([average_precision_score(y, s) for y, s in zip(tests, shares, strict=True)]),
        "Brier score": np.mean([brier_score_loss(y, s) for y, s in zip(tests, shares, strict=True)]),
    }
    for column, value in expected.items():
        decimals = 3 if column in ("Accuracy", "Brier score") else 2
        assert row[column] == f"{value:.{decimals}f}", column
    assert row["Precision"] == "–", "flagging nothing has no precision"
    assert "No-skill baseline" in dict(severe.row_notes)


def test_doing_nothing_s_recall_is_the_table_s_in_the_sentence(severe: ix.ImbalanceView):
    """The sentence quotes the table's recall (a mean over the seeds), not the pooled share caught."""
    none = severe.none
    row = next(cells for cells in severe.table.rows if cells[0] == none.label)
    recall = f"{none.mean('recall'):.2f}"
    assert row[severe.table.columns.index("Recall")].startswith(recall)
    assert f"(recall {recall}, the mean over the seeds)" in severe.notice[0]


SMALL = {**SEVERE, "model": "logreg", "seeds": 1, "strategies": ("none",), "calibrate": "over"}


@pytest.mark.parametrize(
    ("setting", "used", "said"),
    [
        (
            {"dataset": "moons", "ratio": 50, "samples": 200},
            (50, 500),
            "500 samples instead, the fewest that keep 1:50",
        ),
        (  # four steps either way: the ratio, what the page is about, is kept
            {"dataset": "moons", "ratio": 500, "samples": 200},
            (500, 5000),
            "5,000 samples instead",
        ),
        (  # a table holds too few rows for 1:200 at any size
            {"dataset": "breast_cancer", "ratio": 200, "samples": 2000},
            (20, 2000),
            "1:20 instead, the strongest imbalance",
        ),
    ],
)
def test_too_few_minority_examples_fall_back_to_the_nearest_setting_with_one_notice(setting, used, said):
    """No dead end: the nearest ratio or sample size (by slider steps) that leaves enough minority
    examples is used, and one notice names it and why; the page shows its result."""
    view = build(ix.fits, ix.view, ix.Params(**{**SMALL, **setting}))
    assert view.plan == ix.plan_data(setting["dataset"], *used)
    assert view.plan.n_minority >= ix.MIN_MINORITY and view.numbers and view.table.rows
    notices = [m for m in view.messages if "instead" in m.text]
    assert len(notices) == 1 and notices[0].tone == "warning"
    assert said in notices[0].text and "this page needs 8" in notices[0].text
    assert ix.settle(setting["dataset"], setting["ratio"], setting["samples"]).notice == notices[0].text


def test_a_setting_with_enough_minority_examples_is_used_as_asked():
    assert ix.settle("moons", 20, 2000) == Setting(20, 2000)
    with pytest.raises(UserFacingError):
        ix.settle("moons", 3, 2000)  # not a ratio of the page: no nearest to fall back to
