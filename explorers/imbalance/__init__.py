"""Class imbalance: how to train and evaluate a classifier when the positive class is rare.

Pure Python (no Streamlit). The positive class is the minority. For each strategy and each seed, the
data is drawn at exactly the requested ratio and split (stratified) first; every resampler runs inside
an ``imblearn.pipeline.Pipeline`` fitted on the training split only.

- ``data``: class counts at an exact ratio, the draw, the split and the 2-D view;
- ``strategies``: the table of strategies and the pipelines they build;
- ``training``: each strategy on every seed, with its test metrics (the cached unit);
- ``calibration``: the prior correction and CalibratedClassifierCV;
- ``tables``, ``figures``, ``sentences``, ``text``: what the page shows;
- ``topic``: the topic (``Params``, ``fits``, ``view``).
"""

from explorers.imbalance.calibration import (
    CALIBRATION_VARIANTS,
    CalibratedRuns,
    Calibration,
    calibrate_resampler,
    calibration,
    prior_correct,
    resampling_odds_ratio,
)
from explorers.imbalance.data import (
    CV_FOLDS,
    MAX_SEEDS,
    MIN_MINORITY,
    NATURAL,
    NATURAL_BY_DEFAULT,
    RATIO_CHOICES,
    RATIOS,
    SAMPLE_SIZES,
    TEST_FRACTION,
    DataPlan,
    PlaneData,
    load_imbalanced,
    minority_count,
    plan_data,
    plane_data,
    ratio_label,
    seed_range,
    settle,
    split_data,
    test_minority,
)
from explorers.imbalance.figures import boundaries_figure, pr_figure, reliability_figure
from explorers.imbalance.notebook import recipe
from explorers.imbalance.sentences import headline, messages, paired_difference, what_to_notice
from explorers.imbalance.strategies import (
    STRATEGIES,
    Strategy,
    StrategyFailedError,
    make_estimator,
    neighbours_for,
    options,
)
from explorers.imbalance.tables import format_metric, metrics_table, ordered, row_note, row_notes
from explorers.imbalance.text import TEXT
from explorers.imbalance.topic import ImbalanceView, Params, fits, run_key, view
from explorers.imbalance.training import (
    LOWER_IS_BETTER,
    METRICS,
    Metrics,
    SeedRun,
    StrategyResult,
    cv_threshold,
    evaluate,
    evaluate_strategy,
    f1_optimal_threshold,
    run_seed,
    run_seed_leaky,
)

__all__ = [
    "CALIBRATION_VARIANTS",
    "CV_FOLDS",
    "LOWER_IS_BETTER",
    "MAX_SEEDS",
    "METRICS",
    "MIN_MINORITY",
    "NATURAL",
    "NATURAL_BY_DEFAULT",
    "RATIOS",
    "RATIO_CHOICES",
    "SAMPLE_SIZES",
    "STRATEGIES",
    "TEST_FRACTION",
    "TEXT",
    "CalibratedRuns",
    "Calibration",
    "DataPlan",
    "ImbalanceView",
    "Metrics",
    "Params",
    "PlaneData",
    "SeedRun",
    "Strategy",
    "StrategyFailedError",
    "StrategyResult",
    "boundaries_figure",
    "calibrate_resampler",
    "calibration",
    "cv_threshold",
    "evaluate",
    "evaluate_strategy",
    "f1_optimal_threshold",
    "fits",
    "format_metric",
    "headline",
    "load_imbalanced",
    "make_estimator",
    "messages",
    "metrics_table",
    "minority_count",
    "neighbours_for",
    "options",
    "ordered",
    "paired_difference",
    "plan_data",
    "plane_data",
    "pr_figure",
    "prior_correct",
    "ratio_label",
    "recipe",
    "reliability_figure",
    "resampling_odds_ratio",
    "row_note",
    "row_notes",
    "run_key",
    "run_seed",
    "run_seed_leaky",
    "seed_range",
    "settle",
    "split_data",
    "test_minority",
    "view",
    "what_to_notice",
]
