"""The click-through-rate feature: raw clicks/impressions, or smoothed toward a prior.

Every variant is one entry of ``CTR_FEATURES`` and one Beta prior: the smoothed CTR is the posterior
mean ``(clicks + alpha) / (impressions + alpha + beta)``. Raw CTR is the prior of strength 0; additive
smoothing puts ``strength`` pseudo-impressions at the pooled CTR; empirical Bayes fits alpha and beta
to the data by maximising the beta-binomial likelihood (``scipy.stats.betabinom``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorers.common import entry

NOISY_IMPRESSIONS = 5  # a post with at most this many impressions is "noisy"
MOMENTS_FLOOR = 1e-3  # smallest prior parameter the fit starts from or returns


@dataclass(frozen=True)
class Prior:
    """A Beta(alpha, beta) prior; alpha = beta = 0 is no prior (raw CTR)."""

    alpha: float
    beta: float

    @property
    def strength(self) -> float:
        """How many impressions the prior is worth."""
        return self.alpha + self.beta

    @property
    def mean(self) -> float:
        return self.alpha / self.strength if self.strength > 0 else float("nan")

    def smooth(self, clicks: np.ndarray, impressions: np.ndarray) -> np.ndarray:
        """The posterior-mean CTR of each post (raw CTR when there is no prior)."""
        return (np.asarray(clicks, float) + self.alpha) / (np.asarray(impressions, float) + self.strength)


def pooled_ctr(clicks: np.ndarray, impressions: np.ndarray) -> float:
    """Every click over every impression."""
    return float(np.sum(clicks) / max(np.sum(impressions), 1))


def moments_prior(clicks: np.ndarray, impressions: np.ndarray) -> Prior:
    """A rough Beta prior from the mean and variance of raw CTR (the fit's starting point)."""
    rate = np.asarray(clicks, float) / np.asarray(impressions, float)
    mean = float(np.clip(rate.mean(), MOMENTS_FLOOR, 1 - MOMENTS_FLOOR))
    variance = float(rate.var())
    if not variance > 0 or variance >= mean * (1 - mean):
        return Prior(mean, 1 - mean)
    strength = mean * (1 - mean) / variance - 1
    return Prior(max(mean * strength, MOMENTS_FLOOR), max((1 - mean) * strength, MOMENTS_FLOOR))


def beta_binomial_loglik(prior: Prior, clicks: np.ndarray, impressions: np.ndarray) -> float:
    """The log-likelihood of the posts' clicks under Beta(alpha, beta) CTRs (scipy.stats.betabinom)."""
    from scipy.stats import betabinom

    return float(betabinom.logpmf(clicks, impressions, prior.alpha, prior.beta).sum())


def fit_prior(clicks: np.ndarray, impressions: np.ndarray) -> Prior:
    """Empirical Bayes: the Beta prior that maximises the beta-binomial likelihood of the clicks.

    Identical (clicks, impressions) pairs are counted once and weighted, which makes the fit a few
    milliseconds on thousands of posts."""
    from scipy.optimize import minimize
    from scipy.special import betaln

    clicks = np.asarray(clicks, np.int64)
    impressions = np.asarray(impressions, np.int64)
    pairs, weight = np.unique(np.column_stack([clicks, impressions]), axis=0, return_counts=True)
    k, n = pairs[:, 0].astype(float), pairs[:, 1].astype(float)
    start = moments_prior(clicks, impressions)

    def negative(log_ab: np.ndarray) -> float:
        a, b = np.exp(log_ab)
        # the binomial coefficient does not depend on the prior, so it is left out
        return -float(weight @ (betaln(k + a, n - k + b) - betaln(a, b)))

    result = minimize(
        negative,
        np.log([start.alpha, start.beta]),
        method="L-BFGS-B",
        bounds=[(np.log(MOMENTS_FLOOR), np.log(1e6))] * 2,
    )
    a, b = np.exp(result.x)
    return Prior(float(a), float(b))


@dataclass(frozen=True)
class CtrFeature:
    """One way to turn clicks and impressions into a CTR feature: its label and its prior."""

    label: str
    short: str
    prior: Callable[[np.ndarray, np.ndarray, float], Prior]  # (clicks, impressions, strength) -> prior


def _none(_clicks: np.ndarray, _impressions: np.ndarray, _strength: float) -> Prior:
    return Prior(0.0, 0.0)


def _additive(clicks: np.ndarray, impressions: np.ndarray, strength: float) -> Prior:
    mean = pooled_ctr(clicks, impressions)
    return Prior(strength * mean, strength * (1 - mean))


def _empirical_bayes(clicks: np.ndarray, impressions: np.ndarray, _strength: float) -> Prior:
    return fit_prior(clicks, impressions)


CTR_FEATURES: dict[str, CtrFeature] = {
    "raw": CtrFeature("Raw clicks / impressions", "raw CTR", _none),
    "additive": CtrFeature("Additive smoothing", "additively smoothed CTR", _additive),
    "eb": CtrFeature("Empirical Bayes", "empirical-Bayes CTR", _empirical_bayes),
}
CTR_OPTIONS: dict[str, str] = {key: feature.label for key, feature in CTR_FEATURES.items()}


def ctr_feature(key: str) -> CtrFeature:
    return entry(CTR_FEATURES, key, "CTR feature")


def prior_for(key: str, clicks: np.ndarray, impressions: np.ndarray, strength: float) -> Prior:
    """The prior of CTR feature ``key``, fitted on these posts' clicks and impressions."""
    return ctr_feature(key).prior(np.asarray(clicks), np.asarray(impressions), float(strength))
