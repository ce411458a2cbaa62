"""Ads calibration page, every control over its whole range: the view the page draws is finite, well
formed and agrees with scikit-learn on the predictions it shows, and fails only with the documented
UserFacingError."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

from explorers import ads_calibration as ads
from explorers.ads_calibration.reading import PRIOR, TRUTH
from tests.unit import properties_support as props

STEM = "ads_calibration"
TRAINING = ("ctr", "w", "model", "calibration_size", "seed")
READING = ("calibration", "value")
DEFAULTS = props.defaults(STEM)


def check_view(v: dict[str, Any], view: ads.AdsCalibrationView) -> None:
    """Finite, in range, valid figures and sentences; every shown number agrees with scikit-learn."""
    props.assert_view(view, at_least=4)
    assert len(view.notice) <= 5
    r = view.reading
    t = r.trained
    props.assert_finite(r.outcomes)
    assert r.shown == v["calibration"] or (t.problem is not None and r.shown == "correction")
    for key, s in r.rows.items():
        props.assert_probabilities(s.p, key)
        assert s.auc == pytest.approx(roc_auc_score(t.y, s.p), abs=1e-9)
        assert s.log_loss == pytest.approx(log_loss(t.y, s.p), rel=1e-9)
        assert s.brier == pytest.approx(brier_score_loss(t.y, s.p), rel=1e-9)
        assert s.ne == pytest.approx(s.log_loss / r.rows[PRIOR].log_loss, rel=1e-9)
        assert 0 <= s.ece <= 1
    assert r.rows["correction"].auc == pytest.approx(r.rows["none"].auc, abs=1e-9)
    assert r.outcomes[TRUTH].surplus >= max(o.surplus for o in r.outcomes.values()) - 1e-9
    stressed = [row[0] for i, row in enumerate(view.table.rows) if view.table.is_emphasised(i, 0)]
    assert len(stressed) == 1
    assert "nan" not in " ".join(view.notice).lower()


@settings(max_examples=12, deadline=None, derandomize=True)
@given(v=props.controls(STEM, (*TRAINING, *READING)))
@example(v={**DEFAULTS, "ctr": 0.001, "w": 0.01, "calibration_size": 5_000, "model": "nb"})
@example(v={**DEFAULTS, "ctr": 0.1, "w": 1.0, "model": "gbm", "calibration": "isotonic", "value": 4.0})
@example(v={**DEFAULTS, "ctr": 0.001, "w": 1.0, "calibration": "platt", "value": 0.25, "seed": 9999})
def test_every_control_gives_finite_valid_results(v):
    props.check_built(ads, v, check_view)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    training=st.sampled_from([(0.01, 0.1, "logreg", 20_000, 0), (0.002, 0.05, "gbm", 5_000, 3)]),
    v=props.controls(STEM, READING),
)
def test_reading_controls_on_cached_models(training, v):
    """Many reading settings on a few trained models (reading never retrains)."""
    props.check_built(ads, {**dict(zip(TRAINING, training, strict=True)), **v}, check_view)


def test_defaults_run_without_an_error():
    view = props.built_view(ads, DEFAULTS)
    assert view is not None
    check_view(DEFAULTS, view)  # type: ignore[arg-type]


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == {*TRAINING, *READING}


def test_value_per_click_scales_spend_and_value_consistently():
    """At twice the value per click the truthful bidder's value per won impression doubles."""
    low = props.built_view(ads, {**DEFAULTS, "value": 1.0})
    high = props.built_view(ads, {**DEFAULTS, "value": 2.0})
    assert low is not None and high is not None
    a, b = low.reading.outcomes[TRUTH], high.reading.outcomes[TRUTH]
    assert b.won >= a.won
    assert np.isfinite(b.surplus) and b.surplus >= 2 * a.surplus - 1e-9
