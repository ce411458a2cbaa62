"""The strategies, one table entry each, and how each becomes an imbalanced-learn pipeline.

Every resampler runs inside an ``imblearn.pipeline.Pipeline``, so it only ever resamples the rows
the pipeline is fitted on (the training split, or a CV fold's training part).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from imblearn.base import BaseSampler
from imblearn.combine import SMOTETomek
from imblearn.ensemble import BalancedRandomForestClassifier
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from explorers.charts import PALETTE, REFERENCE_COLOUR
from explorers.common import entry, labels, one_thread
from explorers.imbalance.data import CV_FOLDS
from explorers.models import MODELS, make_model

DEFAULT_THRESHOLD = 0.5
FOREST_TREES = 30

# How the model step is built: the base model as is, with balanced class weights, a balanced
# random forest in its place, or the base model with its threshold tuned by cross-validation.
Build = Literal["base", "class_weights", "balanced_forest", "threshold_moving"]
# (seed, k_neighbors) -> an unfitted sampler that balances the classes 1:1
SamplerFactory = Callable[[int, int], BaseSampler]


@dataclass(frozen=True)
class Strategy:
    """One way to handle the imbalance: its name and colour, what it adds to the pipeline, and the
    note its table row carries (a template filled from the row's run; see ``tables.row_note``)."""

    key: str
    label: str  # also the value in share links: never change it
    colour: str
    build: Build
    note: str
    sampler: SamplerFactory | None = None
    uses_k: bool = False  # whether k_neighbors changes it
    short: str = ""  # a name for a narrow card (the label when empty)

    @property
    def card_name(self) -> str:
        """The name on a narrow card: ``short``, or the label when it is short already."""
        return self.short or self.label

    @property
    def can_leak(self) -> bool:
        """Whether it resamples data, so it has a leaky (resample-before-split) variant."""
        return self.sampler is not None

    @property
    def tunes_threshold(self) -> bool:
        """Whether its threshold is chosen by cross-validation instead of DEFAULT_THRESHOLD."""
        return self.build == "threshold_moving"


_FITTED_NOTE = "Fitted on {fitted_neg:,} + {fitted_pos:,} rows ({fitted_share:.0%} minority)."
LEAKY_NOTE = (
    "Resampled before the split: the test split is {test_share:.0%} minority, with resampled rows in it."
)

STRATEGIES: dict[str, Strategy] = {
    s.key: s
    for s in (
        Strategy("none", "Do nothing", PALETTE[7], "base", "Threshold {threshold:.2f}."),
        Strategy(
            "weights",
            "Class weights (balanced)",
            PALETTE[0],
            "class_weights",
            "Each minority error weighs {weight:.0f}× a majority one.",
            short="Class weights",
        ),
        Strategy(
            "under",
            "Random undersampling",
            PALETTE[4],
            "base",
            _FITTED_NOTE,
            lambda seed, _k: RandomUnderSampler(random_state=seed),
            short="Undersampling",
        ),
        Strategy(
            "over",
            "Random oversampling",
            PALETTE[3],
            "base",
            _FITTED_NOTE,
            lambda seed, _k: RandomOverSampler(random_state=seed),
            short="Oversampling",
        ),
        Strategy(
            "smote",
            "SMOTE",
            PALETTE[1],
            "base",
            _FITTED_NOTE,
            lambda seed, k: SMOTE(k_neighbors=k, random_state=seed),
            uses_k=True,
        ),
        Strategy(
            "adasyn",
            "ADASYN",
            PALETTE[5],
            "base",
            _FITTED_NOTE,
            lambda seed, k: ADASYN(n_neighbors=k, random_state=seed),
            uses_k=True,
        ),
        Strategy(
            "smote_tomek",
            "SMOTE + Tomek links",
            "#B59F00",  # Okabe-Ito yellow, darkened to read on white
            "base",
            _FITTED_NOTE,
            lambda seed, k: SMOTETomek(smote=SMOTE(k_neighbors=k, random_state=seed), random_state=seed),
            uses_k=True,
            short="SMOTE-Tomek",
        ),
        Strategy(
            "ensemble",
            "Balanced random forest",
            PALETTE[2],
            "balanced_forest",
            "{trees} trees, each on a balanced bootstrap; ignores the base model.",
            short="Balanced forest",
        ),
        Strategy(
            "threshold",
            "Threshold moving",
            REFERENCE_COLOUR,
            "threshold_moving",
            "Threshold {threshold:.2f}, F1-optimal on out-of-fold training scores.",
            short="Threshold",
        ),
    )
}


def strategy(key: str) -> Strategy:
    """The table entry of ``key``, or UserFacingError."""
    return entry(STRATEGIES, key, "strategy")


def options(*, resamplers_only: bool = False) -> dict[str, str]:
    """Labels by key, for a picker: every strategy, or only those that resample."""
    return labels({key: s for key, s in STRATEGIES.items() if s.can_leak or not resamplers_only})


def strategy_label(key: str, *, leaky: bool = False) -> str:
    """The strategy's display name, marked when it resampled before the split."""
    name = STRATEGIES[key].label
    return f"{name}, leaky" if leaky else name


def k_for(key: str, k: int) -> int:
    """``k`` for a neighbour-based strategy, else 0, so ``k`` never changes another's cache entry."""
    return k if STRATEGIES[key].uses_k else 0


class StrategyFailedError(Exception):
    """A strategy that cannot run on this data; the message is the reason shown in its row."""


def neighbours_for(k: int, n_minority_fitted: int) -> int:
    """``k`` lowered so SMOTE/ADASYN find k neighbours among the minority rows they are fitted on."""
    usable = min(int(k), n_minority_fitted - 1)
    if usable < 1:
        raise StrategyFailedError(
            f"needs at least 2 minority training examples to interpolate between; it got {n_minority_fitted}."
        )
    return usable


def neighbours(key: str, k: int, n_minority_fitted: int) -> int | None:
    """The k_neighbors a strategy uses on this many minority rows; None when it uses none."""
    return neighbours_for(k, n_minority_fitted) if STRATEGIES[key].uses_k else None


def _balanced_forest(seed: int) -> BalancedRandomForestClassifier:
    """A small balanced random forest: every tree sees a balanced bootstrap of the training data."""
    return BalancedRandomForestClassifier(
        n_estimators=FOREST_TREES,
        sampling_strategy="all",
        replacement=True,
        bootstrap=False,
        min_samples_leaf=2,
        n_jobs=1,
        random_state=seed,
    )


def _model_step(model: str, build: Build, seed: int) -> Any:
    """The pipeline's final step for a strategy built as ``build``."""
    if build == "balanced_forest":
        return _balanced_forest(seed)
    estimator = make_model(model, seed)
    if build == "class_weights":
        final = estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator
        final.set_params(class_weight="balanced")
    return estimator


def make_estimator(model: str, key: str, seed: int, k: int = 5) -> Pipeline:
    """An unfitted imblearn Pipeline: scale, resample (training folds only), then the model."""
    entry(MODELS, model, "model")  # also for the balanced forest, which ignores the model
    chosen = strategy(key)
    steps: list[tuple[str, Any]] = [("scale", StandardScaler())]
    if chosen.sampler is not None:
        steps.append(("resample", chosen.sampler(seed, k)))
    steps.append(("model", _model_step(model, chosen.build, seed)))
    return Pipeline(steps)


def folds(seed: int) -> StratifiedKFold:
    """The shuffled stratified folds that tune thresholds and fit calibrators."""
    return StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed)


def probabilities(estimator: Any, features: np.ndarray) -> np.ndarray:
    """P(minority) for ``features``, single-threaded."""
    with one_thread():
        return np.ascontiguousarray(estimator.predict_proba(features)[:, 1], dtype=np.float64)


def failure_reason(seed: int, problem: Exception) -> str:
    """Why a strategy failed, in words (imbalanced-learn's ADASYN message is cryptic)."""
    text = str(problem)
    if "neighbours belong to the majority class" in text or "neigbours belong to the majority" in text:
        text = (
            "no minority example has a majority-class neighbour (the classes are separated), so ADASYN has "
            "nothing to weight its synthetic examples by; SMOTE works here"
        )
    elif "No samples will be generated" in text:
        text = "the classes are already balanced, so it generates nothing"
    return f"Failed on seed {seed}: {text.rstrip('.')}."
