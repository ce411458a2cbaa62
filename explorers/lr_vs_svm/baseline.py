"""What a model must beat: always predicting the training majority class (accuracy), and predicting
the training share of positives for every row (log loss and Brier score), scored on the test set."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorers.lr_vs_svm.data import PreparedData

TIE = 0.005  # scores closer than this are a tie (test accuracies, and a model against the baseline)


@dataclass(frozen=True)
class Baseline:
    """The no-skill scores on the test set, from the clean training labels."""

    majority_label: str
    accuracy: float  # always predicting the majority class
    prior: float  # share of positives in the training rows
    log_loss: float  # predicting ``prior`` for every row
    brier: float

    def beaten_by(self, accuracy: float) -> bool:
        """Whether a test accuracy beats the majority class by more than a tie."""
        return accuracy - self.accuracy >= TIE


def baseline_of(data: PreparedData) -> Baseline:
    """The majority class and the prior of the clean training rows, scored on the test rows."""
    y_train = np.asarray(data.y_train[: data.n_clean])
    y = np.asarray(data.y_test, dtype=float)
    prior = float(y_train.mean())
    majority = 1 if prior > 0.5 else 0  # a tie goes to the first class, as DummyClassifier's does
    return Baseline(
        majority_label=data.positive_label if majority else data.negative_label,
        accuracy=float(np.mean(y == majority)),
        prior=prior,
        log_loss=float(-np.mean(y * math.log(prior) + (1 - y) * math.log(1 - prior))),
        brier=float(np.mean((prior - y) ** 2)),
    )
