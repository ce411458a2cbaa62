"""Synthetic ad impressions from a known generating model, so every impression's true click
probability is known, and negative downsampling of the training log.

The true model is a logistic one: four numeric features (two of them correlated, as a user's
engagement and recent clicks are) and three categorical ones (placement, device, ad category),
one-hot encoded for the models. Its intercept is solved so that the mean click probability is the
requested base CTR.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

# Each control's options: the value and its label (the label is in share links).
CTRS: dict[float, str] = {
    0.001: "0.1%",
    0.002: "0.2%",
    0.005: "0.5%",
    0.01: "1%",
    0.02: "2%",
    0.05: "5%",
    0.1: "10%",
}
RATES: dict[float, str] = {
    1.0: "1 (keep all)",
    0.5: "0.5",
    0.2: "0.2",
    0.1: "0.1",
    0.05: "0.05",
    0.02: "0.02",
    0.01: "0.01",
}
CALIBRATION_SIZES: dict[int, str] = {n: f"{n:,}" for n in (5_000, 10_000, 20_000, 50_000, 100_000)}

TEST_SIZE = 50_000  # impressions the page scores (never downsampled)
POSITIVES_WANTED = 400  # the training log holds about this many clicks ...
POOL_LIMITS = (40_000, 200_000)  # ... within these many impressions before downsampling

NUMERIC = ("engagement", "recent clicks", "ad quality", "hour noise")
WEIGHTS = np.array([0.7, 0.5, 0.6, 0.1])
CORRELATION = 0.8  # between engagement and recent clicks
CATEGORIES: dict[str, np.ndarray] = {  # each level's effect on the log-odds of a click
    "placement": np.array([0.4, -0.6, 0.2]),
    "device": np.array([0.2, -0.2]),
    "ad category": np.array([-0.5, -0.2, 0.0, 0.3, 0.6]),
}
N_FEATURES = len(NUMERIC) + sum(effects.size for effects in CATEGORIES.values())
REFERENCE_ROWS = 200_000  # the fixed draw the intercept is solved on

# Independent random streams per part of one seed's data.
POOL, CALIBRATION, TEST, DOWNSAMPLE, AUCTION = range(5)


@dataclass(frozen=True, eq=False)
class Impressions:
    """Impressions: the one-hot features the models see, the true click probability and the clicks."""

    X: np.ndarray
    p: np.ndarray
    y: np.ndarray

    @property
    def size(self) -> int:
        return int(self.y.size)

    @property
    def clicks(self) -> int:
        return int(self.y.sum())


def pool_size(ctr: float) -> int:
    """Impressions in the training log before downsampling: enough for ~POSITIVES_WANTED clicks."""
    low, high = POOL_LIMITS
    return int(min(max(round(POSITIVES_WANTED / ctr), low), high))


def _features(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(one-hot features, the log-odds without the intercept) of ``n`` impressions."""
    z = rng.standard_normal((n, len(NUMERIC)))
    z[:, 1] = CORRELATION * z[:, 0] + np.sqrt(1 - CORRELATION**2) * z[:, 1]
    logit = z @ WEIGHTS
    features = np.zeros((n, N_FEATURES))
    features[:, : len(NUMERIC)] = z
    rows, column = np.arange(n), len(NUMERIC)
    for effects in CATEGORIES.values():
        level = rng.integers(0, effects.size, n)
        logit += effects[level]
        features[rows, column + level] = 1.0
        column += effects.size
    return features, logit


@cache
def _reference_logits() -> np.ndarray:
    return _features(np.random.default_rng(20231130), REFERENCE_ROWS)[1]


@cache
def intercept(ctr: float) -> float:
    """The intercept that makes the mean true click probability ``ctr`` (on a fixed large draw)."""
    logits = _reference_logits()
    return float(brentq(lambda b: float(expit(b + logits).mean()) - ctr, -30.0, 10.0, xtol=1e-10))


def impressions(ctr: float, n: int, seed: int, stream: int) -> Impressions:
    """``n`` impressions at base CTR ``ctr`` from the seed's ``stream``; clicks drawn from the truth."""
    rng = np.random.default_rng([seed, stream])
    features, logit = _features(rng, n)
    p = expit(intercept(ctr) + logit)
    y = (rng.random(n) < p).astype(np.int64)
    return Impressions(features, p, y)


def downsample(data: Impressions, w: float, seed: int) -> Impressions:
    """Every click and a random share ``w`` of the non-clicks (each kept with probability ``w``)."""
    keep = (data.y == 1) | (np.random.default_rng([seed, DOWNSAMPLE]).random(data.size) < w)
    return Impressions(data.X[keep], data.p[keep], data.y[keep])


def downsampled_rate(ctr: float, w: float) -> float:
    """The click rate of a log downsampled at ``w``, in expectation: ctr / (ctr + (1 − ctr)·w)."""
    return ctr / (ctr + (1.0 - ctr) * w)
