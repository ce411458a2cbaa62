"""Sample size against drift tests: at one fixed, small true shift of the amount feature (every
transaction moves by ``SHIFT`` SDs, a shift no fraud model notices), draw reference and current
windows of growing size and test them. The KS p-value collapses as the windows grow; PSI and the
Wasserstein distance settle on the shift's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers.drift.detectors import compare, decile_edges
from explorers.drift.stream import BASE_ANGLE, BASE_FRAUD, SEPARATION

SIZES = (100, 300, 1_000, 3_000, 10_000, 30_000)
REPEATS = 3  # windows drawn per size; the chart shows their median
SHIFT = 0.05  # SDs


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


def sample_size_study(seed: int, shift: float = SHIFT) -> SampleSizeStudy:
    """Test windows of every size in ``SIZES`` drawn before and after the shift. Every transaction
    moves by ``shift``, so the Wasserstein distance between the two populations is exactly ``shift``."""
    rng = np.random.default_rng([seed, 7])
    found = np.empty((len(SIZES), REPEATS, 3))
    for i, size in enumerate(SIZES):
        for r in range(REPEATS):
            before = np.sort(amount_sample(rng, size, BASE_FRAUD, 0.0))
            after = np.sort(amount_sample(rng, size, BASE_FRAUD, shift))
            c = compare(before, after, decile_edges(before))
            found[i, r] = (c.p_value, c.psi, c.wasserstein)
    median = np.median(found, axis=1)
    return SampleSizeStudy(np.array(SIZES), median[:, 0], median[:, 1], median[:, 2], abs(shift))
