"""The feature-transforms page through AppTest: the cards and tables show the fitted runs, reading controls
(transform, model, count shown) never retrain, and a retraining control trains once."""

from __future__ import annotations

from collections import Counter

import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from explorers import feature_transforms as fx
from explorers.view import build
from tests.apptest import (
    chart_specs,
    count_fits,
    markdown_text,
    metric_values,
    open_page,
    table_cells,
    widget,
)
from tests.unit.properties_support import defaults
from ui.topic import params_of

STEM = "feature_transforms"
PER_RUN = len(fx.TRANSFORMS) * 2  # fits of each model class per seed


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Counter:
    return count_fits(monkeypatch, LogisticRegression, HistGradientBoostingClassifier)


@pytest.fixture(scope="module")
def default_view() -> fx.FeatureTransformsView:
    return build(fx.fits, fx.view, params_of(fx.Params, defaults(STEM)))


def test_the_default_page_shows_the_fitted_numbers(default_view):
    at = open_page(STEM)
    assert not at.exception
    numbers = metric_values(at)
    runs = default_view.runs
    assert numbers["AUC, log1p"] == f"{runs.scores['logreg']['log1p'].auc:.3f}"
    prior = runs.eb_prior
    assert numbers["Fitted prior α / β"] == f"{prior.alpha:.2f} / {prior.beta:.1f}"
    cells = table_cells(at, 0)
    assert "No-skill baseline (predict the base rate)" in list(cells.iloc[:, 0])[-1]
    assert (
        f"{runs.scores['logreg']['log1p'].auc:.3f} ± {runs.scores['logreg']['log1p'].auc_sd:.3f}"
        in cells.iloc[1, 1]
    )
    assert len(chart_specs(at)) == 4
    assert "log1p raised AUC" in markdown_text(at) or "log1p lowered AUC" in markdown_text(at)


@pytest.mark.parametrize(
    ("key", "value"), [("transform", "width_bins"), ("model", "gbm"), ("feature", "impressions")]
)
def test_reading_controls_never_retrain(fits: Counter, key: str, value: object):
    at = open_page(STEM)
    trained = sum(fits.values())
    assert trained == PER_RUN * defaults(STEM)["seeds"]
    before = metric_values(at), chart_specs(at)
    widget(at, key).set_value(value).run()
    assert not at.exception
    assert sum(fits.values()) == trained, f"changing {key} retrained"
    assert (metric_values(at), chart_specs(at)) != before


def test_the_transform_moves_the_headline_and_the_stressed_row(default_view):
    at = open_page(STEM)
    widget(at, "transform").set_value("quantile_bins").run()
    score = default_view.runs.scores["logreg"]["quantile_bins"]
    assert metric_values(at)["AUC, quantile bins"] == f"{score.auc:.3f}"


def test_a_retraining_control_trains_once_and_hits_the_cache_after(fits: Counter):
    at = open_page(STEM)
    trained = sum(fits.values())
    widget(at, "bins").set_value(5).run()
    assert not at.exception
    assert sum(fits.values()) == 2 * trained
    widget(at, "bins").set_value(5).run()
    assert sum(fits.values()) == 2 * trained


def test_prior_strength_applies_only_to_additive_smoothing():
    at = open_page(STEM)
    assert widget(at, "strength").disabled
    widget(at, "ctr").set_value("additive").run()
    assert not widget(at, "strength").disabled
    assert not at.exception
