"""The transforms of the count features, one table entry each, all scikit-learn transformers.

Each is fitted on the training rows only (inside the model's Pipeline). Buckets are one-hot encoded
for logistic regression (one weight per bucket) and ordinal for trees (which split on order anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    MinMaxScaler,
    QuantileTransformer,
    SplineTransformer,
    StandardScaler,
)

from explorers.common import entry

CLIP_PERCENTILE = 99.0
SPLINE_KNOTS = 4
MIN_BINS, MAX_BINS, DEFAULT_BINS = 3, 30, 10
Transformer = BaseEstimator


class PercentileClipper(TransformerMixin, BaseEstimator):
    """Clip each column at its ``percentile`` on the training data (scikit-learn has no such step)."""

    def __init__(self, percentile: float = CLIP_PERCENTILE) -> None:
        self.percentile = percentile

    def fit(self, X: np.ndarray, y: object = None) -> PercentileClipper:  # noqa: N803 (scikit-learn's name)
        self.upper_ = np.percentile(np.asarray(X, float), self.percentile, axis=0)
        self.n_features_in_ = np.asarray(X).shape[1]
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        return np.minimum(np.asarray(X, float), self.upper_)


@dataclass(frozen=True)
class Transform:
    """One transform: its label, a short name for sentences, whether it keeps the order of every pair of
    values (strictly monotone), whether it buckets, and how to build it for ``bins`` and an encoding."""

    label: str
    short: str
    strictly_monotone: bool
    make: Callable[[int, bool], Transformer]  # (bins, one_hot) -> unfitted transformer
    tick: str  # its name on a chart axis and a card
    buckets: bool = False
    note: str = ""  # what its histogram shows, when that is not its output


def _quantile(_bins: int, _one_hot: bool) -> Transformer:
    return QuantileTransformer(n_quantiles=1000, output_distribution="uniform", subsample=None)


def _splines(_bins: int, _one_hot: bool) -> Transformer:
    # Cubic B-splines with knots at quantiles of log1p(count): a smooth non-linear curve per count.
    return make_pipeline(
        FunctionTransformer(np.log1p), SplineTransformer(n_knots=SPLINE_KNOTS, degree=3, knots="quantile")
    )


def _buckets(strategy: str) -> Callable[[int, bool], Transformer]:
    def make(bins: int, one_hot: bool) -> Transformer:
        extra = {"quantile_method": "averaged_inverted_cdf"} if strategy == "quantile" else {}
        return KBinsDiscretizer(
            n_bins=bins, encode="onehot-dense" if one_hot else "ordinal", strategy=strategy, **extra
        )

    return make


TRANSFORMS: dict[str, Transform] = {
    "raw": Transform("Raw counts", "raw counts", True, lambda _b, _o: FunctionTransformer(), "raw"),
    "log1p": Transform("log1p", "log1p", True, lambda _b, _o: FunctionTransformer(np.log1p), "log1p"),
    "standard": Transform(
        "Standardised (z-score)", "standardising", True, lambda _b, _o: StandardScaler(), "z-score"
    ),
    "minmax": Transform(
        "Min-max to [0, 1]", "min-max scaling", True, lambda _b, _o: MinMaxScaler(), "min-max"
    ),
    "quantile": Transform(
        "Quantile (uniform output)", "the quantile transform", False, _quantile, "quantile"
    ),
    "clip": Transform(
        f"Clipped at the {CLIP_PERCENTILE:g}th percentile",
        "clipping",
        False,
        lambda _b, _o: PercentileClipper(CLIP_PERCENTILE),
        f"clip p{CLIP_PERCENTILE:g}",
    ),
    "splines": Transform(
        "Splines on log1p",
        "splines on log1p",
        False,
        _splines,
        "log1p splines",
        note=f"Each count becomes {SPLINE_KNOTS + 2} cubic B-spline features of its log1p (knots at its "
        "quantiles); the right panel shows the log1p they are built on.",
    ),
    "width_bins": Transform(
        "Buckets, equal width",
        "equal-width buckets",
        False,
        _buckets("uniform"),
        "equal-width bins",
        buckets=True,
    ),
    "quantile_bins": Transform(
        "Buckets, quantile edges",
        "quantile buckets",
        False,
        _buckets("quantile"),
        "quantile bins",
        buckets=True,
    ),
}
TRANSFORM_OPTIONS: dict[str, str] = {key: t.label for key, t in TRANSFORMS.items()}


def transform(key: str) -> Transform:
    return entry(TRANSFORMS, key, "transform")


def make_transform(key: str, bins: int, *, one_hot: bool = False) -> Transformer:
    """An unfitted transformer for ``key``, with ``bins`` buckets where it buckets."""
    return transform(key).make(int(bins), one_hot)


def bin_edges(fitted: Transformer, column: int) -> np.ndarray | None:
    """The bucket edges a fitted KBinsDiscretizer learned for ``column`` (None for other transforms)."""
    edges = getattr(fitted, "bin_edges_", None)
    return None if edges is None else np.asarray(edges[column], float)
