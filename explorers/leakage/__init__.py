"""Leakage and split strategy: why offline scores lie.

Pure Python (no Streamlit). ``data`` generates the event log (users with correlated rows, a drifting
label, a later production period of new users); ``leaks`` holds the leaks, each a deliberate misuse of
a scikit-learn tool applied to the log; ``splits`` the split strategies (KFold, GroupKFold,
TimeSeriesSplit); ``engine`` the honest pipeline in numpy (checked against scikit-learn's Pipeline);
``training`` the cached units (cross-validation, production score, permutation importance);
``figures``, ``sentences``, ``text`` what the page shows; ``topic`` the topic (``Params``, ``fits``,
``view``).
"""

from explorers.leakage.data import LOG_DAYS, MAX_ROWS_PER_USER, MIN_ROWS_PER_USER, Events, generate
from explorers.leakage.leaks import LEAKS, Prepared, leaked, normalised, prepare
from explorers.leakage.notebook import recipe
from explorers.leakage.sentences import LeakRow, added
from explorers.leakage.splits import FOLDS, SPLITS, folds
from explorers.leakage.text import TEXT
from explorers.leakage.topic import LeakageView, Params, fits, leak_table, view
from explorers.leakage.training import (
    Estimate,
    Importance,
    Production,
    cross_validated,
    importance,
    production_score,
)

LEAK_OPTIONS: dict[str, str] = {key: leak.label for key, leak in LEAKS.items()}
SPLIT_OPTIONS: dict[str, str] = {key: s.label for key, s in SPLITS.items()}

__all__ = [
    "FOLDS",
    "LEAKS",
    "LEAK_OPTIONS",
    "LOG_DAYS",
    "MAX_ROWS_PER_USER",
    "MIN_ROWS_PER_USER",
    "SPLITS",
    "SPLIT_OPTIONS",
    "TEXT",
    "Estimate",
    "Events",
    "Importance",
    "LeakRow",
    "LeakageView",
    "Params",
    "Prepared",
    "Production",
    "added",
    "cross_validated",
    "fits",
    "folds",
    "generate",
    "importance",
    "leak_table",
    "leaked",
    "normalised",
    "prepare",
    "production_score",
    "recipe",
    "view",
]
