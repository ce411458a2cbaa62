"""Threshold & error cost: where to put the decision threshold on a classifier's score, and why.

Pure Python (no Streamlit). ``training`` fits one model per (dataset, model, class balance, seed);
``reading`` reads its validation scores at the other controls (a few milliseconds); ``costs`` holds
the cost model, ``figures`` and ``sentences`` draw and explain the reading, ``text`` holds the words,
and ``topic`` puts it together as the page's topic (``Params``, ``fits``, ``view``).
"""

from explorers.threshold.costs import (
    bayes_threshold,
    cost_per_1000,
    expected_cost_curve,
    sklearn_tuned_threshold,
    ttcv_grid_step,
)
from explorers.threshold.figures import (
    confusion_matrix_figure,
    cost_curve_figure,
    pr_roc_figure,
    score_distribution_figure,
)
from explorers.threshold.notebook import recipe
from explorers.threshold.sentences import bayes_sentence, explain_threshold_gap
from explorers.threshold.text import INTERVIEW, TEXT
from explorers.threshold.topic import PREVALENCES, Params, ThresholdView, fits, view
from explorers.threshold.training import ScoredModel, train_and_score

__all__ = [
    "INTERVIEW",
    "PREVALENCES",
    "TEXT",
    "Params",
    "ScoredModel",
    "ThresholdView",
    "bayes_sentence",
    "bayes_threshold",
    "confusion_matrix_figure",
    "cost_curve_figure",
    "cost_per_1000",
    "expected_cost_curve",
    "explain_threshold_gap",
    "fits",
    "pr_roc_figure",
    "recipe",
    "score_distribution_figure",
    "sklearn_tuned_threshold",
    "train_and_score",
    "ttcv_grid_step",
    "view",
]
