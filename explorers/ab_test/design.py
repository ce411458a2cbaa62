"""The experiment's plan: users per arm for the minimum detectable effect, the days that takes at the
site's traffic, and the power curve. statsmodels does the arithmetic (``NormalIndPower`` with Cohen's
h, the arcsine effect size of two proportions); it is imported when a plan is made, not at start-up."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

WEEK = 7
MAX_DAYS = 84  # the simulation plays out at most twelve weeks
CURVE_POINTS = 61


@dataclass(frozen=True)
class Design:
    """The design controls, as rates and counts."""

    baseline: float  # control conversion rate, a fraction
    mde: float  # minimum detectable effect, relative (0.1 = +10%)
    alpha: float
    power: float
    traffic: int  # users a day entering the experiment
    share: float  # fraction of them sent to treatment
    whole_weeks: bool  # run for whole weeks

    @property
    def treated(self) -> float:
        """The treatment's rate at the minimum detectable effect."""
        return self.baseline * (1.0 + self.mde)

    @property
    def ratio(self) -> float:
        """Treatment users per control user."""
        return self.share / (1.0 - self.share)

    @property
    def daily_control(self) -> int:
        return max(1, round(self.traffic * (1.0 - self.share)))

    @property
    def daily_treatment(self) -> int:
        return max(1, round(self.traffic * self.share))


@dataclass(frozen=True)
class Plan:
    """Users per arm, the days that takes, the horizon the test runs to, and the power curve."""

    n_control: int
    n_treatment: int
    days_needed: int  # whole days until both arms have their users
    horizon: int  # days the fixed-horizon test runs (whole weeks if asked), at most MAX_DAYS
    capped: bool  # the plan needs more than MAX_DAYS
    effect_size: float  # Cohen's h at the MDE
    curve_lift: np.ndarray  # relative lifts (fractions) of the power curve
    curve_power: np.ndarray  # power at each, at the planned sample size
    horizon_power: float  # power at the MDE with the users the horizon actually brings

    @property
    def equal_arms(self) -> bool:
        return self.n_control == self.n_treatment


def effect_size(baseline: float, lift: float | np.ndarray) -> float | np.ndarray:
    """Cohen's h between the treated rate ``baseline * (1 + lift)`` and the baseline (statsmodels)."""
    from statsmodels.stats.proportion import proportion_effectsize

    return proportion_effectsize(np.minimum(baseline * (1.0 + np.asarray(lift)), 1.0), baseline)


def sample_size(design: Design) -> tuple[float, float]:
    """Users in control and in treatment (unrounded) for the design's power at its MDE, two-sided."""
    from statsmodels.stats.power import NormalIndPower

    h = float(effect_size(design.baseline, design.mde))
    n_control = NormalIndPower().solve_power(
        effect_size=h, alpha=design.alpha, power=design.power, ratio=design.ratio, alternative="two-sided"
    )
    n_control = float(np.asarray(n_control).item())
    return n_control, n_control * design.ratio


def power_at(design: Design, lift: np.ndarray, n_control: float) -> np.ndarray:
    """Power of the two-sided test to detect each relative ``lift`` with ``n_control`` users in control."""
    from statsmodels.stats.power import NormalIndPower

    h = np.abs(np.atleast_1d(effect_size(design.baseline, lift)))
    return np.asarray(NormalIndPower().power(h, n_control, design.alpha, ratio=design.ratio), dtype=float)


def run_days(days_needed: int, whole_weeks: bool) -> int:
    """The days the fixed-horizon test runs: the days needed, up to whole weeks if asked, at most MAX_DAYS."""
    days = math.ceil(days_needed / WEEK) * WEEK if whole_weeks else days_needed
    return int(min(max(days, 1), MAX_DAYS))


def plan(design: Design) -> Plan:
    """The sample size, duration and power curve of ``design``."""
    raw_control, raw_treatment = sample_size(design)
    n_control, n_treatment = math.ceil(raw_control), math.ceil(raw_treatment)
    days_needed = max(
        math.ceil(n_control / design.daily_control), math.ceil(n_treatment / design.daily_treatment), 1
    )
    horizon = run_days(days_needed, design.whole_weeks)
    lifts = np.linspace(0.0, 2.5 * design.mde, CURVE_POINTS)
    horizon_power = float(power_at(design, np.array([design.mde]), horizon * design.daily_control)[0])
    return Plan(
        n_control=n_control,
        n_treatment=n_treatment,
        days_needed=days_needed,
        horizon=horizon,
        capped=days_needed > MAX_DAYS,
        effect_size=float(effect_size(design.baseline, design.mde)),
        curve_lift=lifts,
        curve_power=power_at(design, lifts, raw_control),
        horizon_power=horizon_power,
    )
