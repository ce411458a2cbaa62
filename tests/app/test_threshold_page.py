"""The threshold page through AppTest: every control does what it says, and reading controls
never retrain (fits are counted on the estimator classes themselves)."""

from __future__ import annotations

from collections import Counter

import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score, recall_score

from explorers import threshold as tx
from tests.apptest import chart_specs, count_fits, markdown_text, metric_values, open_page, widget

READ_ONLY = {"threshold": 0.73, "beta": 2.5, "cost_fp": 3.0, "cost_fn": 40.0, "prevalence": 0.01}
RETRAINING = {"dataset": "breast_cancer", "model": "gbm", "balance": 0.4, "seed": 11}


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count every fit of the page's model classes; start from empty caches."""
    return count_fits(monkeypatch, LogisticRegression, HistGradientBoostingClassifier)


def test_default_view_matches_sklearn_on_the_same_scores():
    at = open_page("threshold")
    scored = tx.train_and_score("moons", "logreg", 0.3, 0)
    predicted = (scored.val_scores >= 0.5).astype(int)
    numbers = metric_values(at)
    assert numbers["Precision on validation data"] == f"{precision_score(scored.y_val, predicted):.2f}"
    assert numbers["Recall"] == f"{recall_score(scored.y_val, predicted):.2f}"
    best = tx.expected_cost_curve(scored.y_val, scored.val_scores, cost_fp=1.0, cost_fn=5.0)
    assert numbers["Cost-optimal threshold (validation)"] == f"{best.best_threshold:.2f}"
    assert len(chart_specs(at)) == 4


@pytest.mark.parametrize(("key", "value"), READ_ONLY.items())
def test_reading_controls_never_retrain(fits: Counter, key: str, value: object):
    at = open_page("threshold")
    assert sum(fits.values()) == 1
    before = metric_values(at)
    widget(at, key).set_value(value).run()
    assert not at.exception
    assert sum(fits.values()) == 1, f"changing {key} retrained the model"
    assert metric_values(at) != before or key == "prevalence"


@pytest.mark.parametrize(("key", "value"), RETRAINING.items())
def test_model_controls_retrain_once_and_change_the_result(fits: Counter, key: str, value: object):
    at = open_page("threshold")
    before = metric_values(at)
    widget(at, key).set_value(value).run()
    assert not at.exception
    assert sum(fits.values()) == 2, f"changing {key} should fit exactly one new model"
    assert metric_values(at) != before
    widget(at, key).set_value(widget(at, key).value).run()
    assert sum(fits.values()) == 2, "a rerun with the same settings must hit the cache"


def test_threshold_moves_precision_recall_and_the_markers():
    at = open_page("threshold")
    widget(at, "threshold").set_value(0.8).run()
    scored = tx.train_and_score("moons", "logreg", 0.3, 0)
    predicted = (scored.val_scores >= 0.8).astype(int)
    assert metric_values(at)["Recall"] == f"{recall_score(scored.y_val, predicted):.2f}"
    distribution = chart_specs(at)[0]
    assert any(shape.get("x0") == pytest.approx(0.8) for shape in distribution["layout"].get("shapes", []))
    assert "Raising the threshold from 0.50 to 0.80" in markdown_text(at)


def test_beta_changes_only_the_f_beta_number():
    at = open_page("threshold")
    before = metric_values(at)
    widget(at, "beta").set_value(2.0).run()
    after = metric_values(at)
    changed = {label for label in after if before.get(label) != after[label]} | (set(before) - set(after))
    assert changed and all("beta" in label for label in changed)


def test_costs_move_the_cost_optimal_threshold():
    at = open_page("threshold")
    low = float(metric_values(at)["Cost-optimal threshold (validation)"])
    widget(at, "cost_fn").set_value(1.0).run()
    widget(at, "cost_fp").set_value(20.0).run()
    high = float(metric_values(at)["Cost-optimal threshold (validation)"])
    assert high > low, "expensive false positives push the optimal threshold up"


def test_prevalence_moves_the_pr_curve_but_not_roc():
    at = open_page("threshold")
    widget(at, "prevalence").set_value(0.01).run()
    notes = markdown_text(at)
    assert "1.0%" in notes
    assert "precision" in notes.lower()
    pr_roc = chart_specs(at)[2]
    names = " ".join(trace.get("name", "") for trace in pr_roc["data"])
    assert "deployment" in names.lower()


def test_degenerate_balance_gives_a_message_not_a_crash():
    at = open_page("threshold", {"dataset": "Breast cancer (Wisconsin)", "balance": "0.02"})
    assert not at.exception
    assert not at.error
    assert widget(at, "dataset").value == "breast_cancer"
    warnings = " ".join(w.value for w in at.warning)
    assert "positive" in warnings.lower()


@pytest.mark.parametrize(
    "params",
    [
        {"threshold": "0.0"},
        {"threshold": "1.0"},
        {"beta": "0.25", "threshold": "0.99"},
        {"beta": "4.0", "threshold": "0.01"},
        {"cost_fp": "0.01", "cost_fn": "100000.0"},
        {"cost_fp": "100000.0", "cost_fn": "0.01", "prevalence": "0.1%"},
        {"dataset": "Handwritten digits: 9 vs rest", "model": "Gradient boosting", "balance": "0.5"},
        {"dataset": "Diabetes progression", "balance": "0.05", "prevalence": "50%"},
        {"dataset": "Concentric circles", "balance": "0.02", "seed": "9999"},
    ],
)
def test_extreme_settings_give_a_sane_view(params: dict[str, str]):
    at = open_page("threshold", params)
    assert not at.exception
    assert not at.error
    assert not [w.value for w in at.warning if "Ignored" in w.value], "every value here is valid"
    numbers = metric_values(at)
    if numbers:  # a degenerate split shows a message instead of numbers
        for prefix in ("Precision", "Recall", "Accuracy", "False-positive rate"):
            (label,) = [label for label in numbers if label.startswith(prefix)]
            assert 0.0 <= float(numbers[label]) <= 1.0
        assert len(chart_specs(at)) == 4
        assert "nan" not in markdown_text(at).lower()
    else:
        assert at.warning
