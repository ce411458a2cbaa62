"""Sample size against drift tests: at one fixed true shift (the page's drift at its full strength,
on the amount feature), draw reference and current windows of growing size and test them. The KS
p-value collapses as the windows grow; PSI and the Wasserstein distance settle on the shift's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers.drift.detectors import compare, decile_edges
from explorers.drift.stream import BASE_ANGLE, DRIFTS, SEPARATION

SIZES = (100, 300, 1_000, 3_000, 10_000, 30_000)
REPEATS = 3  # windows drawn per size; the chart shows their median


@dataclass(frozen=True)
class SampleSizeStudy:
    """The median of each statistic over ``REPEATS`` draws, per window size."""

    sizes: np.ndarray
    p_value: np.ndarray
    psi: np.ndarray
    wasserstein: np.ndarray
    true_wasserstein: float  # the population value the Wasserstein distance converges to


def amount_sample(rng: np.random.Generator, size: int, rate: float, shift: float) -> np.ndarray:
    """The amount feature of ``size`` transactions: N(shift, 1), plus the fraud mean for fraud."""
    fraud = rng.random(size) < rate
    return shift + rng.standard_normal(size) + fraud * SEPARATION * np.cos(BASE_ANGLE)


def drifted_amount(drift: str, strength: float) -> tuple[float, float]:
    """(fraud rate, shift of every transaction) of the amount feature at the drift's full strength."""
    rate, shift, _ = DRIFTS[drift].process(np.array([strength]))
    return float(rate[0]), float(shift[0, 0])


def population_wasserstein(drift: str, strength: float) -> float:
    """W1 between the amount's distribution before and after: a pure shift moves it by the shift; a
    change of fraud rate from a to b moves mass |b - a| by the fraud mean (closed forms)."""
    base_rate, _ = drifted_amount(drift, 0.0)
    rate, shift = drifted_amount(drift, strength)
    return abs(shift) + abs(rate - base_rate) * SEPARATION * np.cos(BASE_ANGLE)


def sample_size_study(drift: str, strength: float, seed: int) -> SampleSizeStudy:
    """Test windows of every size in ``SIZES`` drawn before and after the drift."""
    rng = np.random.default_rng([seed, 7])
    base_rate, _ = drifted_amount(drift, 0.0)
    rate, shift = drifted_amount(drift, strength)
    found = np.empty((len(SIZES), REPEATS, 3))
    for i, size in enumerate(SIZES):
        for r in range(REPEATS):
            before = np.sort(amount_sample(rng, size, base_rate, 0.0))
            after = np.sort(amount_sample(rng, size, rate, shift))
            c = compare(before, after, decile_edges(before))
            found[i, r] = (c.p_value, c.psi, c.wasserstein)
    median = np.median(found, axis=1)
    return SampleSizeStudy(
        np.array(SIZES), median[:, 0], median[:, 1], median[:, 2], population_wasserstein(drift, strength)
    )
