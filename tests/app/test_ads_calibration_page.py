"""The ads calibration page through AppTest: the default view matches scikit-learn, the calibration
and the value per click never retrain, switching calibration moves the calibration ratio, and
extreme links give a sane page (fits are counted on the model classes themselves)."""

from __future__ import annotations

from collections import Counter

import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from explorers import ads_calibration as ads
from tests.apptest import (
    assert_healthy,
    chart_specs,
    count_fits,
    markdown_text,
    metric_values,
    open_healthy,
    open_page,
    rerun_with,
    table_cells,
    widget,
)

STEM = "ads_calibration"


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count every logistic regression fit; start from empty caches."""
    return count_fits(monkeypatch, LogisticRegression)


def test_default_view_matches_sklearn_on_the_same_predictions():
    at = open_healthy(STEM)
    t = ads.train(0.01, 0.1, "logreg", 20_000, 0)
    raw = t.scored["none"]
    numbers = metric_values(at)
    assert numbers["AUC"] == f"{roc_auc_score(t.y, raw.p):.3f}"
    assert numbers["Calibration ratio"] == f"{raw.p.sum() / t.y.sum():.2f}"
    assert len(chart_specs(at)) == 2
    cells = table_cells(at)
    first = " ".join(cells.iloc[:, 0])
    assert "Prior: the base rate for everyone (no skill)" in first and "True probabilities (oracle)" in first
    assert "Keeping 0.1 of the non-clicks raised the mean prediction" in markdown_text(at)


@pytest.mark.parametrize(
    ("key", "value"), [("calibration", "correction"), ("calibration", "isotonic"), ("value", 2.5)]
)
def test_reading_controls_never_retrain(fits: Counter, key: str, value: object):
    at = open_healthy(STEM)
    trained = sum(fits.values())
    assert trained >= 1
    before = metric_values(at)
    rerun_with(at, key, value)
    assert sum(fits.values()) == trained, f"changing {key} retrained the model"
    assert metric_values(at) != before


@pytest.mark.parametrize(
    ("key", "value"), [("ctr", 0.05), ("w", 0.5), ("calibration_size", 5_000), ("seed", 4)]
)
def test_training_controls_retrain_once_and_change_the_result(fits: Counter, key: str, value: object):
    at = open_healthy(STEM)
    trained = sum(fits.values())
    before = (metric_values(at), markdown_text(at))
    rerun_with(at, key, value)
    assert sum(fits.values()) > trained
    assert (metric_values(at), markdown_text(at)) != before  # the calibration set moves Platt and isotonic
    again = sum(fits.values())
    rerun_with(at, key, widget(at, key).value)
    assert sum(fits.values()) == again, "a rerun with the same settings must hit the cache"


def test_the_correction_brings_the_calibration_ratio_toward_one():
    at = open_healthy(STEM)
    raw = float(metric_values(at)["Calibration ratio"])
    rerun_with(at, "calibration", "correction")
    corrected = float(metric_values(at)["Calibration ratio"])
    assert abs(corrected - 1) < abs(raw - 1) / 5
    assert metric_values(at)["AUC"] == metric_values(open_healthy(STEM))["AUC"], "AUC does not move"


@pytest.mark.parametrize(
    "params",
    [
        {"ctr": "0.1%", "w": "0.01", "calibration_size": "5,000", "model": "Gaussian naive Bayes"},
        {"ctr": "10%", "w": "1 (keep all)", "model": "Gradient boosting", "calibration": "Isotonic"},
        {"ctr": "0.1%", "calibration": "Platt", "value": "0.25", "seed": "9999"},
        {"value": "4.0", "calibration": "Correction"},
    ],
)
def test_extreme_settings_give_a_sane_view(params: dict[str, str]):
    at = open_page(STEM, params)
    assert_healthy(at)
    assert not [w.value for w in at.warning if "Ignored" in w.value], "every value here is valid"
    numbers = metric_values(at)
    assert 0 <= float(numbers["AUC"]) <= 1
    assert float(numbers["Calibration ratio"]) > 0
    assert "nan" not in markdown_text(at).lower()
