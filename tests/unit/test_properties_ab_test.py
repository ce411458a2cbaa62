"""A/B test page, every control over its whole range: the view (built as the page builds it) is finite
and well-formed, its shares are probabilities, its plan agrees with its Monte Carlo, and its sentences
read well. The numbers themselves are checked against references in test_ab_test.py."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings

from explorers import ab_test as ab
from tests.unit import properties_support as props

STEM = "ab_test"
DESIGN = ("baseline", "mde", "alpha", "power", "traffic", "share", "whole_weeks")
TRUTH = ("lift", "novelty", "half_life", "seed")
ANALYST = ("peeking", "metrics", "correction", "srm")
ALL = (*DESIGN, *TRUTH, *ANALYST)
DEFAULTS = props.defaults(STEM)


def check_reading(r: ab.Reading, horizon: int) -> None:
    props.assert_probabilities([r.significant, r.ships, r.harms, r.week_ships], "decision shares")
    assert r.ships + r.harms == np.float64(r.significant) or abs(r.ships + r.harms - r.significant) < 1e-12
    assert r.horizon == horizon and r.stop_counts.shape == (horizon,) and r.by_day.shape == (horizon,)
    assert (np.diff(r.by_day) >= 0).all(), "a peeking analyst's rejections only accumulate"
    assert 1 <= r.mean_stop <= horizon
    if not r.peeking:
        assert r.mean_stop == horizon and r.stop_counts[:-1].sum() == 0


def check_result(v: dict, view: ab.AbTestView) -> None:
    props.assert_view(view, at_least=3)
    s, plan = view.story, view.plan
    props.assert_finite(plan)
    assert plan.n_control >= 1 and plan.n_treatment >= 1 and plan.days_needed >= 1
    assert 1 <= plan.horizon <= ab.MAX_DAYS and plan.capped == (plan.days_needed > ab.MAX_DAYS)
    props.assert_probabilities(plan.curve_power, "power curve")
    assert (np.diff(plan.curve_power) >= -1e-12).all(), "power grows with the effect"
    for reading in (s.aa_fixed, s.aa_peek, s.truth_fixed, s.truth_peek):
        check_reading(reading, plan.horizon)
    assert s.aa_peek.significant >= s.aa_fixed.significant, "peeking rejects whatever the last look does"
    assert s.truth_peek.significant >= s.truth_fixed.significant
    for key in ab.CORRECTIONS:
        props.assert_probabilities(s.family.fwer[key], "family-wise error")
        props.assert_probabilities(s.family.primary_power[key], "primary power")
        assert (s.family.fwer[key] <= s.family.fwer["none"] + 1e-12).all(), "a correction never adds errors"
    assert (s.family.fwer["holm"] <= s.family.fwer["bh"] + 1e-12).all(), "BH is the more permissive"
    props.assert_probabilities([s.srm.p_value, s.srm.flag_rate], "ratio check")
    assert s.srm.control + s.srm.treatment <= plan.horizon * v["traffic"] * 1.001 + 2
    assert s.srm.flagged == (s.srm.p_value < ab.SRM_ALPHA)
    assert any("mismatch" in n.label for n in view.numbers) == s.srm.flagged
    assert len(view.messages) == plan.capped + s.srm.flagged
    for number in view.numbers:
        assert "nan" not in number.value.lower() and "inf" not in number.value.lower()
    for table in (view.corrections, view.split):
        assert all(len(row) == len(table.columns) for row in table.rows)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(v=props.controls(STEM, ALL))
@example(
    v={**DEFAULTS, "baseline": 0.5, "mde": 1, "alpha": 0.01, "power": 0.95, "traffic": 1_000, "share": 5}
)
@example(v={**DEFAULTS, "baseline": 50.0, "mde": 50, "alpha": 0.1, "power": 0.7, "traffic": 10_000_000,
            "share": 95, "whole_weeks": False, "lift": 30, "novelty": 50, "half_life": 14})  # fmt: skip
@example(v={**DEFAULTS, "lift": -20, "novelty": 5, "half_life": 1, "peeking": "daily", "metrics": 20,
            "correction": "bh", "srm": 5.0})  # fmt: skip
def test_every_control_gives_finite_valid_results(v):
    props.check_built(ab, v, check_result)


def test_defaults_run_without_an_error():
    view = props.built_view(ab, DEFAULTS)
    assert view is not None
    check_result(DEFAULTS, view)


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == set(ALL)


def test_option_tables_are_the_explorers():
    controls = props.page_controls(STEM)
    assert set(controls["correction"].options) == set(ab.CORRECTIONS)
    assert set(controls["peeking"].options) == set(ab.ANALYSTS)
    assert tuple(controls["metrics"].options) == ab.METRIC_COUNTS
