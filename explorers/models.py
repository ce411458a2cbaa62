"""The quick classifiers several trade-offs train: one table entry per model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from explorers.common import entry, labels

Classifier = Pipeline | HistGradientBoostingClassifier


@dataclass(frozen=True)
class ModelEntry:
    """One model: its label and how to build it unfitted for a seed."""

    label: str
    make: Callable[[int], Classifier]


def _logistic(_seed: int) -> Classifier:
    return Pipeline([("scale", StandardScaler()), ("logreg", LogisticRegression(max_iter=1000))])


def _boosting(seed: int) -> Classifier:
    # Small and single-threaded: ~10-22 ms to fit here, within 0.01 of the validation AUC
    # of 100 full-size trees on these datasets.
    return HistGradientBoostingClassifier(
        max_iter=25,
        learning_rate=0.25,
        max_leaf_nodes=8,
        max_bins=32,
        early_stopping=False,
        random_state=seed,
    )


QUICK_MODELS: dict[str, ModelEntry] = {
    "logreg": ModelEntry("Logistic regression", _logistic),
    "gbm": ModelEntry("Gradient boosting", _boosting),
}
MODELS: dict[str, str] = labels(QUICK_MODELS)


def make_model(model: str, seed: int) -> Classifier:
    """An unfitted classifier for ``model`` (a key of MODELS)."""
    return entry(QUICK_MODELS, model, "model").make(seed)
