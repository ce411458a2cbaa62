"""The page's simulations as fits: each takes the design, the truth and the seed (hashable), so the
cache keeps one result per exact setting; an A/A truth asks for the very same run as the A/A fit."""

from __future__ import annotations

from explorers.ab_test.design import WEEK, Design, Plan, plan
from explorers.ab_test.family import Family, metric_family
from explorers.ab_test.simulation import Runs, Truth, simulate
from explorers.common import locked_cache


@locked_cache(maxsize=32)
def planned(design: Design) -> Plan:
    """The design's plan, solved once per design for the fits that need its horizon."""
    return plan(design)


def simulation_days(design: Design) -> int:
    """The days simulated: the test's horizon, and at least one week (for the one-week reading)."""
    return max(planned(design).horizon, WEEK)


@locked_cache(maxsize=2)  # the truth's fit, then the family's look-up of the same run
def experiments(design: Design, truth: Truth, seed: int) -> Runs:
    """The Monte Carlo of the design's daily traffic under ``truth``, played out to its horizon."""
    days = simulation_days(design)
    return simulate(design.baseline, design.daily_control, design.daily_treatment, days, truth, seed=seed)


def metrics(design: Design, truth: Truth, seed: int) -> Family:
    """The metric family at the horizon: the experiments' own primary metric (the truth's run), then
    metrics the treatment does not move, with the same users."""
    horizon = planned(design).horizon
    primary = experiments(design, truth, seed).p[:, horizon - 1]
    n_control, n_treatment = horizon * design.daily_control, horizon * design.daily_treatment
    return metric_family(
        primary,
        design.baseline,
        n_control,
        n_treatment,
        moves=not truth.is_null,
        alpha=design.alpha,
        seed=seed,
    )
