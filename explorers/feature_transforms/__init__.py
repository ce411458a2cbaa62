"""Turning a raw signal into a feature: normalise, log, bucket and smooth a click-through rate.

Pure Python (no Streamlit). Modules, by responsibility:

- ``data``: the synthetic engagement table (posts, true CTR, clicks) and its labelled rows;
- ``ctr``: the CTR feature, raw or smoothed with a Beta prior (additive or empirical Bayes);
- ``transforms``: the count transforms, one scikit-learn transformer each;
- ``training``: both models on every transform and seed (the page's one cached fit);
- ``smoothing``, ``tables``, ``figures``, ``sentences``, ``text``: what the page shows;
- ``topic``: the topic (``Params``, ``fits``, ``view``).
"""

from explorers.feature_transforms.ctr import (
    CTR_FEATURES,
    CTR_OPTIONS,
    NOISY_IMPRESSIONS,
    Prior,
    beta_binomial_loglik,
    fit_prior,
    prior_for,
)
from explorers.feature_transforms.data import (
    COUNTS,
    MAX_SEEDS,
    POST_COUNTS,
    TEST_ROWS,
    TRAIN_SIZES,
    make_posts,
    make_sample,
)
from explorers.feature_transforms.notebook import recipe
from explorers.feature_transforms.smoothing import Smoothing, smoothing
from explorers.feature_transforms.text import TEXT
from explorers.feature_transforms.topic import FeatureTransformsView, Params, fits, view
from explorers.feature_transforms.training import (
    FEATURE_MODELS,
    MODEL_OPTIONS,
    FeaturePipeline,
    Runs,
    Setting,
    design,
    evaluate,
    log_loss,
    roc_auc,
    train_prior,
)
from explorers.feature_transforms.transforms import (
    DEFAULT_BINS,
    MAX_BINS,
    MIN_BINS,
    TRANSFORM_OPTIONS,
    TRANSFORMS,
    PercentileClipper,
    make_transform,
)

__all__ = [
    "COUNTS",
    "CTR_FEATURES",
    "CTR_OPTIONS",
    "DEFAULT_BINS",
    "FEATURE_MODELS",
    "MAX_BINS",
    "MAX_SEEDS",
    "MIN_BINS",
    "MODEL_OPTIONS",
    "NOISY_IMPRESSIONS",
    "POST_COUNTS",
    "TEST_ROWS",
    "TEXT",
    "TRAIN_SIZES",
    "TRANSFORMS",
    "TRANSFORM_OPTIONS",
    "FeaturePipeline",
    "FeatureTransformsView",
    "Params",
    "PercentileClipper",
    "Prior",
    "Runs",
    "Setting",
    "Smoothing",
    "beta_binomial_loglik",
    "design",
    "evaluate",
    "fit_prior",
    "fits",
    "log_loss",
    "make_posts",
    "make_sample",
    "make_transform",
    "prior_for",
    "recipe",
    "roc_auc",
    "smoothing",
    "train_prior",
    "view",
]
