"""The synthetic transaction stream: weeks of two-feature transactions from a known process whose
drift the user sets (kind, shape, strength, start week), reproducible by seed.

Before any drift, legitimate transactions are N(0, I) and fraud is N(mu, I) with |mu| = SEPARATION
at 45 degrees, fraud making up BASE_FRAUD of the traffic. Each kind of drift changes one thing:

- covariate shift moves every transaction along the direction orthogonal to mu: P(x) moves, while
  P(fraud | x) stays exactly the same (an exponential tilt of both classes);
- prior shift raises the fraud rate towards PRIOR_MAX: P(x | fraud) stays, P(fraud) moves;
- concept drift rotates the fraud direction by up to CONCEPT_MAX_DEGREES: the features are drawn
  exactly as before, and each label from the rotated process's P(fraud | x), so P(x) does not move.

The stream holds HISTORY weeks before launch (week 0), so any label delay and training window can
train the launch model without looking at deployed weeks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorers.common import entry

SEPARATION = 2.5  # distance between the class means, in feature standard deviations
BASE_ANGLE = np.pi / 4  # the fraud direction before any drift
BASE_FRAUD = 0.05
PRIOR_MAX = 0.20  # the fraud rate at full-strength prior shift
COVARIATE_MAX = 2.0  # how far (in SDs) full-strength covariate shift moves every transaction
CONCEPT_MAX_DEGREES = 90.0  # how far full-strength concept drift rotates the fraud direction
RAMP_WEEKS = 12  # a gradual drift reaches its full strength this many weeks after it starts
HISTORY = 34  # weeks before launch: the longest delay (8) plus the longest training window (26)
FEATURES = ("amount", "velocity")


@dataclass(frozen=True)
class WeekProcess:
    """The true process of each week (arrays over the stream's weeks, history first)."""

    fraud_rate: np.ndarray  # P(fraud) of the latent class each week
    shift: np.ndarray  # (weeks, 2): how far every transaction moved
    angle: np.ndarray  # the fraud direction the labels follow (radians)


@dataclass(frozen=True)
class Drift:
    """One kind of drift: its label, what it changes, and the process at a drift level in [0, 1]."""

    label: str
    changes: str  # what moves, in a few words
    process: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


def _orthogonal() -> np.ndarray:
    return np.array([np.cos(BASE_ANGLE - np.pi / 2), np.sin(BASE_ANGLE - np.pi / 2)])


def _still(level: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.full(level.shape, BASE_FRAUD), np.zeros((level.size, 2)), np.full(level.shape, BASE_ANGLE)


def _covariate(level: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rate, _, angle = _still(level)
    return rate, level[:, None] * COVARIATE_MAX * _orthogonal()[None, :], angle


def _prior(level: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    _, shift, angle = _still(level)
    return BASE_FRAUD + level * (PRIOR_MAX - BASE_FRAUD), shift, angle


def _concept(level: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rate, shift, _ = _still(level)
    return rate, shift, BASE_ANGLE + level * np.deg2rad(CONCEPT_MAX_DEGREES)


DRIFTS: dict[str, Drift] = {
    "covariate": Drift("Covariate shift", "the features move, P(fraud | x) does not", _covariate),
    "prior": Drift("Prior shift", "the fraud rate rises, P(x | fraud) does not", _prior),
    "concept": Drift("Concept drift", "P(fraud | x) rotates, the features do not move", _concept),
}
SHAPES: dict[str, str] = {"sudden": "Sudden", "gradual": "Gradual"}


@dataclass(frozen=True)
class Stream:
    """Every week's transactions: ``x`` (weeks, n, 2), ``y`` (weeks, n) with 1 for fraud; week
    ``HISTORY`` is launch (deployed week 0)."""

    x: np.ndarray
    y: np.ndarray
    process: WeekProcess
    drift: str
    start: int  # the first drifted deployed week
    weeks: int  # deployed weeks

    @property
    def n(self) -> int:
        return int(self.y.shape[1])

    def week(self, deployed: int) -> int:
        """The array index of deployed week ``deployed`` (negative: before launch)."""
        return HISTORY + deployed


def drift_level(weeks: int, start: int, shape: str, strength: float) -> np.ndarray:
    """The drift's level in [0, strength] for each of the stream's weeks (history first)."""
    deployed = np.arange(-HISTORY, weeks, dtype=float)
    if shape == "sudden":
        ramp = (deployed >= start).astype(float)
    else:
        ramp = np.clip((deployed - start + 1) / RAMP_WEEKS, 0.0, 1.0)
    return strength * ramp


def fraud_direction(angle: float | np.ndarray) -> np.ndarray:
    """mu, the fraud class's mean, at ``angle``."""
    return SEPARATION * np.stack([np.cos(angle), np.sin(angle)], axis=-1)


def true_log_odds(x: np.ndarray, angle: np.ndarray, fraud_rate: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """log P(fraud | x) / P(legit | x) of the process with these parameters (broadcast per week)."""
    mu = fraud_direction(angle)  # (weeks, 2)
    centred = x - shift[:, None, :]
    prior = np.log(fraud_rate / (1 - fraud_rate))
    return np.einsum("wnk,wk->wn", centred, mu) - SEPARATION**2 / 2 + prior[:, None]


def make_stream(  # noqa: PLR0917 (the stream's parameters, in the order a Fit passes them)
    drift: str, shape: str, strength: float, start: int, weeks: int, n: int, seed: int
) -> Stream:
    """Every week of the stream, vectorised over weeks and transactions."""
    kind = entry(DRIFTS, drift, "drift")
    entry(SHAPES, shape, "drift shape")
    level = drift_level(weeks, start, shape, strength)
    rate, shift, angle = kind.process(level)
    total = level.size
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((total, n, 2))
    uniform = rng.random((total, n, 2))
    # The latent class: fraud when the first uniform falls under the week's fraud rate.
    latent = uniform[:, :, 0] < rate[:, None]
    x = shift[:, None, :] + noise + latent[:, :, None] * fraud_direction(BASE_ANGLE)[None, None, :]
    y = latent.copy()
    rotated = ~np.isclose(angle, BASE_ANGLE)
    if rotated.any():
        # Concept drift: the same x, labels drawn from the rotated process's P(fraud | x).
        base_rate = np.full(rotated.sum(), BASE_FRAUD)
        odds = true_log_odds(x[rotated], angle[rotated], base_rate, shift[rotated])
        y[rotated] = uniform[rotated, :, 1] < 1 / (1 + np.exp(-odds))
    process = WeekProcess(rate, shift, angle)
    return Stream(x.astype(np.float32), y, process, drift, start, weeks)
