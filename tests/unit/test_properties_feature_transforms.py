"""Feature transforms page, every control over its whole range: the view is finite and well formed, its
numbers are in range and agree with the fitted runs, and it fails only with the documented error."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import example, given, settings

from explorers import feature_transforms as fx
from explorers.feature_transforms.tables import BASELINE_ROW
from tests.unit import properties_support as props

STEM = "feature_transforms"
DEFAULTS = props.defaults(STEM)


def check_view(v: dict[str, Any], view: fx.FeatureTransformsView) -> None:
    props.assert_view(view, at_least=5)
    runs = view.runs
    for model, scores in runs.scores.items():
        assert set(scores) == set(fx.TRANSFORMS), model
        for score in scores.values():
            props.assert_probabilities(score.aucs, "AUC")
            assert (score.log_losses > 0).all() and np.isfinite(score.log_losses).all()
            assert score.aucs.size == len(runs.seeds)
    assert len(runs.seeds) == v["seeds"]
    s = view.smoothing
    props.assert_probabilities(s.raw, "raw CTR")
    props.assert_probabilities(s.smoothed, "smoothed CTR")
    if s.prior.strength > 0:  # every smoothed CTR lies between the raw CTR and the prior mean
        low, high = np.minimum(s.raw, s.prior.mean), np.maximum(s.raw, s.prior.mean)
        assert ((s.smoothed >= low - 1e-12) & (s.smoothed <= high + 1e-12)).all()
    assert 0 <= s.noisy_in_top_raw <= 10 and 0 <= s.noisy_in_top_smoothed <= 10
    assert runs.eb_prior.alpha > 0 and runs.eb_prior.beta > 0
    for table in (view.table, view.other_table):
        assert len(table.rows) == len(fx.TRANSFORMS) + 1 and table.rows[-1][0] == BASELINE_ROW
        picked = [row[0] for row, stress in zip(table.rows, table.emphasis, strict=True) if any(stress)]
        assert picked == [fx.TRANSFORMS[v["transform"]].label]
    assert view.numbers[0].value == f"{runs.scores[v['model']][v['transform']].auc:.3f}"
    assert (view.effect is None) == bool(view.effect_messages)


@settings(max_examples=8, deadline=None, derandomize=True)
@given(v=props.controls(STEM, tuple(DEFAULTS)))
@example(v={**DEFAULTS, "posts": 1000, "train_size": 5000, "tail": 2.5, "bins": 30, "seeds": 1})
@example(v={**DEFAULTS, "tail": 0.5, "train_size": 250, "bins": 3, "ctr": "raw", "transform": "width_bins"})
@example(
    v={**DEFAULTS, "ctr": "additive", "strength": 200.0, "model": "gbm", "feature": "age_hours", "seeds": 1}
)
def test_every_control_gives_finite_valid_results(v):
    props.check_built(fx, v, check_view)
