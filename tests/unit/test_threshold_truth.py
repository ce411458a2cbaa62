"""Threshold & error cost, issue 14: every element read at one stated prevalence, the flat optimum
reported at its middle (against TunedThresholdClassifierCV), one card per metric, money written one
way, and charts whose markers and curves can be told apart."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score, fbeta_score, make_scorer, precision_score, recall_score
from sklearn.model_selection import TunedThresholdClassifierCV

from explorers import formatting
from explorers import threshold as tx
from explorers.formatting import money
from explorers.threshold.costs import _cost_score

MONEY = re.compile(r"\$[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")


@pytest.fixture(scope="module")
def moons() -> tx.ScoredModel:
    return tx.train_and_score("moons", "logreg", 0.3, 0)


def _view(scored: tx.ScoredModel, threshold: float, beta: float = 1.0, prevalence: float | None = None):
    params = tx.Params("moons", "logreg", 0.3, 0, threshold, beta, 1.0, 5.0, prevalence)
    return tx.view(params, {"model": scored})


def _weights(y: np.ndarray, prevalence: float) -> np.ndarray:
    """Sample weights that give the positives ``prevalence`` of the total (an independent reweighting)."""
    return np.where(y == 1, prevalence / y.sum(), (1 - prevalence) / (y.size - y.sum()))


@pytest.mark.parametrize("prevalence", [0.005, 0.05, 0.5])
def test_cards_histogram_and_matrix_read_the_deployment_prevalence(moons, prevalence: float):
    v = _view(moons, 0.55, 2.0, prevalence)
    y, flagged = moons.y_val, (moons.val_scores >= 0.55).astype(int)
    w = _weights(y, prevalence)
    cards = {n.label: n.value for n in v.numbers}
    where = f"at {formatting.percent(prevalence)} prevalence"
    assert cards[f"Precision {where}"] == f"{precision_score(y, flagged, sample_weight=w):.2f}"
    assert cards[f"F1 {where}"] == f"{f1_score(y, flagged, sample_weight=w):.2f}"
    assert cards[f"F-beta (beta=2) {where}"] == f"{fbeta_score(y, flagged, beta=2, sample_weight=w):.2f}"
    assert cards[f"Accuracy {where}"] == f"{accuracy_score(y, flagged, sample_weight=w):.2f}"
    assert cards["Recall"] == f"{recall_score(y, flagged):.2f}"
    sentence = next(s for s in v.notice if "of traffic" in s)
    assert (
        f"to {cards[f'Precision {where}']}" in sentence
        or f"stays at {cards[f'Precision {where}']}" in sentence
    )
    matrix = v.matrix.figure
    assert (
        f"expected per 1,000 predictions at {formatting.percent(prevalence)} prevalence"
        in matrix.layout.title.text
    )
    cells = [float(t.split("<br>")[1].replace(",", "")) for row in matrix.data[0].text for t in row]
    assert sum(cells) == pytest.approx(1000, abs=0.3)
    histogram = v.distribution.figure
    assert f"{formatting.percent(prevalence)} prevalence" in histogram.layout.title.text
    assert sum(float(np.sum(t.y)) for t in histogram.data) == pytest.approx(1000)
    positives = next(t for t in histogram.data if t.name.startswith("True ") and t.marker.color == "#E69F00")
    assert float(np.sum(positives.y)) == pytest.approx(1000 * prevalence)


def test_as_data_every_element_says_validation_data(moons):
    v = _view(moons, 0.5)
    assert {n.label for n in v.numbers} == {
        "Precision on validation data",
        "Recall",
        "F1 on validation data",
        "Accuracy on validation data",
        "False-positive rate",
    }
    assert "validation data" in v.matrix.figure.layout.title.text
    assert "validation data" in v.distribution.figure.layout.title.text
    cells = [int(t.split("<br>")[1].replace(",", "")) for row in v.matrix.figure.data[0].text for t in row]
    assert sum(cells) == moons.y_val.size


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
def test_f1_and_f_beta_are_never_two_identical_cards(moons, beta: float):
    labels = [n.label for n in _view(moons, 0.5, beta).numbers]
    assert len(labels) == len(set(labels))
    assert any(label.startswith("F-beta") for label in labels) == (beta != 1)


@pytest.mark.parametrize(("balance", "seed"), [(0.5, 0), (0.5, 2), (0.5, 3)])
def test_the_star_is_the_middle_of_the_range_ttcv_lands_in(balance: float, seed: int):
    scored = tx.train_and_score("breast_cancer", "gbm", balance, seed)
    scorer = make_scorer(_cost_score, greater_is_better=False, cost_fp=1.0, cost_fn=5.0, prevalence=None)
    tuner = TunedThresholdClassifierCV(
        scored.model,
        scoring=scorer,
        response_method="predict_proba",
        thresholds=100,
        cv="prefit",
        refit=False,
    ).fit(scored.X_val, scored.y_val)
    params = tx.Params("breast_cancer", "gbm", balance, seed, 0.5, 1.0, 1.0, 5.0, None)
    v = tx.view(params, {"model": scored})
    curve = v.reading.cost_curve
    low, high = curve.best_interval
    assert curve.cost_at(tuner.best_threshold_) == pytest.approx(curve.best_cost)
    assert low <= tuner.best_threshold_ <= high
    assert curve.best_threshold == pytest.approx((low + high) / 2)
    assert high - low > 0.05, "a flat optimum, where the old highest-threshold rule sat at one edge"
    card = next(n for n in v.cost_numbers if n.label.startswith("Cost-optimal"))
    assert card.delta == f"any of {low:.2f}–{high:.2f}"
    markers = [t for t in v.cost.figure.data if t.mode == "markers"]
    assert markers[-1].marker.symbol == "star" and markers[-1].x[0] == curve.best_threshold
    assert markers[-1].marker.size > next(t for t in markers if t.marker.symbol == "diamond").marker.size


def _texts(v) -> list[str]:
    """Every piece of text the view shows: cards, sentences, messages and figure text and hover."""
    texts = [s for n in (*v.numbers, *v.cost_numbers) for s in (n.value, n.delta or "", n.help or "")]
    texts += list(v.notice)
    for chart in (v.distribution, v.matrix, v.pr_roc, v.cost):
        for trace in chart.figure.to_plotly_json()["data"]:
            texts += [str(trace.get("name", "")), str(trace.get("hovertemplate", ""))]
            texts += [str(c) for c in np.ravel(trace.get("customdata") or [])]
    return texts


@pytest.mark.parametrize("prevalence", [None, 0.005])
def test_money_is_written_one_way_everywhere(moons, prevalence):
    v = _view(moons, 0.3, 1.0, prevalence)
    amounts = [m for text in _texts(v) for m in MONEY.findall(text)]
    assert amounts
    for amount in amounts:
        assert money(float(amount[1:].replace(",", ""))) == amount, amount
    assert not any("%{y:,.2f}" in text for text in _texts(v)), "hover formats money itself"


def test_pr_and_roc_panels_are_titled_and_their_curves_differ(moons):
    fig = _view(moons, 0.5, 1.0, 0.05).pr_roc.figure
    titles = [a.text for a in fig.layout.annotations]
    assert any("Precision-recall" in t for t in titles) and any("ROC" in t for t in titles)
    lines = [t for t in fig.data if t.mode == "lines" and t.hoverinfo != "skip"]
    colours = [t.line.color for t in lines]
    assert len(set(colours)) == len(colours), "every curve has its own colour"


def test_each_cost_card_names_its_split(moons):
    for number in _view(moons, 0.5).cost_numbers:
        assert number.label.endswith(("(validation)", "(test split)")), number.label


def test_a_share_of_positives_the_data_cannot_split_is_raised_with_a_notice():
    scored = tx.train_and_score("breast_cancer", "logreg", 0.02, 0)
    assert (scored.balance_asked, scored.balance_used) == (0.02, 0.05)
    for part in (scored.y_val, scored.y_test):
        assert 0 < part.sum() < part.size
    params = tx.Params("breast_cancer", "logreg", 0.02, 0, 0.5, 1.0, 1.0, 5.0, None)
    v = tx.view(params, {"model": scored})
    (message,) = [m.text for m in v.messages]
    assert "positive sample" in message and "raise the Positive-class share" in message
    assert "uses 5% positives" in message
    assert v.numbers and v.notice
