"""Can the probabilities be trusted: reliability curves of logistic regression's probabilities, the
SVM's squashed raw margin and the calibrated SVM, on bins of equal counts (the reading path)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers import metrics
from explorers.lr_vs_svm.fitting import FittedModel

DEFAULT_BINS = 10


@dataclass(frozen=True, eq=False)
class ReliabilityLine:
    """One reliability curve (quantile bins) and the Brier score of the probabilities behind it."""

    name: str
    curve: metrics.Reliability
    brier: float


def reliability_lines(
    y: np.ndarray, logistic: FittedModel, svm: FittedModel, bins: int
) -> tuple[ReliabilityLine, ReliabilityLine, ReliabilityLine]:
    """Logistic regression's probabilities, the SVM's squashed raw margin, the calibrated SVM; each
    Brier score is the fitted model's own (computed once, when it was fitted)."""
    assert svm.raw_test_probability is not None
    sources = (
        (logistic.spec.name, logistic.test_probability, logistic.test_brier),
        (f"{svm.label}: expit(raw margin)", svm.raw_test_probability, svm.raw_brier),
        (f"{svm.label}: calibrated (Platt)", svm.test_probability, svm.test_brier),
    )
    first, second, third = (
        ReliabilityLine(name, metrics.reliability(y, p, bins, strategy="quantile"), brier)
        for name, p, brier in sources
    )
    return first, second, third
