"""How far smoothing moves each post's CTR, and whether it moves it toward the truth: the shrinkage of
the noisiest posts, the error to the true CTR (unweighted and weighted by impressions), and the top 10
posts by raw and by smoothed CTR."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers.feature_transforms.ctr import NOISY_IMPRESSIONS, Prior
from explorers.feature_transforms.data import Posts

TOP = 10


def rmse(estimate: np.ndarray, truth: np.ndarray, weight: np.ndarray | None = None) -> float:
    """Root mean squared error, each post weighted by ``weight`` when given."""
    return float(np.sqrt(np.average((estimate - truth) ** 2, weights=weight)))


def top(values: np.ndarray, impressions: np.ndarray, k: int = TOP) -> np.ndarray:
    """The ``k`` posts with the highest ``values``, ties broken by more impressions, then by index."""
    order = np.lexsort((np.arange(values.size), -impressions, -values))
    return order[: min(k, values.size)]


@dataclass(frozen=True)
class Smoothing:
    """Raw against smoothed CTR on one table of posts."""

    prior: Prior
    raw: np.ndarray
    smoothed: np.ndarray
    noisy: int  # posts with at most NOISY_IMPRESSIONS impressions
    shrinkage: float  # their mean |raw - smoothed|
    rmse_raw: float
    rmse_smoothed: float
    weighted_rmse_raw: float
    weighted_rmse_smoothed: float
    top_raw: np.ndarray  # post indices
    top_smoothed: np.ndarray
    noisy_in_top_raw: int
    noisy_in_top_smoothed: int


def smoothing(posts: Posts, prior: Prior) -> Smoothing:
    """Every post's raw and smoothed CTR against its true CTR."""
    raw = posts.clicks / posts.impressions
    smoothed = prior.smooth(posts.clicks, posts.impressions)
    noisy = posts.impressions <= NOISY_IMPRESSIONS
    weight = posts.impressions.astype(float)
    top_raw, top_smoothed = top(raw, posts.impressions), top(smoothed, posts.impressions)
    return Smoothing(
        prior=prior,
        raw=raw,
        smoothed=smoothed,
        noisy=int(noisy.sum()),
        shrinkage=float(np.abs(raw - smoothed)[noisy].mean()) if noisy.any() else 0.0,
        rmse_raw=rmse(raw, posts.true_ctr),
        rmse_smoothed=rmse(smoothed, posts.true_ctr),
        weighted_rmse_raw=rmse(raw, posts.true_ctr, weight),
        weighted_rmse_smoothed=rmse(smoothed, posts.true_ctr, weight),
        top_raw=top_raw,
        top_smoothed=top_smoothed,
        noisy_in_top_raw=int(noisy[top_raw].sum()),
        noisy_in_top_smoothed=int(noisy[top_smoothed].sum()),
    )
