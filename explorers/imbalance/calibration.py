"""Calibration: resampling shifts the prior a model learns; the prior correction and
CalibratedClassifierCV are the two ways to undo it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from sklearn.calibration import CalibratedClassifierCV

import datasets
from datasets.errors import UserFacingError
from explorers.common import one_thread
from explorers.imbalance import strategies
from explorers.imbalance.data import CV_FOLDS, Counts, load_imbalanced, plan_data, split_data
from explorers.metrics import Reliability, brier, reliability

if TYPE_CHECKING:
    from explorers.imbalance.training import StrategyResult

CALIBRATION_VARIANTS: tuple[str, ...] = ("before", "after", "prior", "calibrated")
# A reliability bin with fewer test examples is left off the curve: its observed share would jump
# between 0 and 1 (with 20 examples its standard error is still up to 0.11). The counts are drawn.
MIN_BIN_COUNT = 20


def resampling_odds_ratio(train_counts: Counts, fitted_counts: Counts) -> float:
    """r = training odds of the minority class / odds after resampling (1 when nothing resampled)."""
    (n_neg, n_pos), (f_neg, f_pos) = train_counts, fitted_counts
    return (n_pos / n_neg) / (f_pos / f_neg)


def prior_correct(p: np.ndarray, odds_ratio: float) -> np.ndarray:
    """Undo a change of class prior: p' = p·r / (p·r + (1 − p)), r = original odds / resampled odds."""
    probability = np.asarray(p, dtype=float)
    if not odds_ratio > 0:
        raise UserFacingError(f"The odds ratio must be positive; got {odds_ratio!r}.")
    weighted = probability * odds_ratio
    return weighted / (weighted + (1.0 - probability))


@dataclass(frozen=True, eq=False)
class CalibratedRuns:
    """CalibratedClassifierCV around the resampling pipeline, fitted on the NON-resampled training split:
    each CV fold resamples only its own training part, and the sigmoid is fitted on the untouched rest."""

    resampler: str
    scores: tuple[np.ndarray, ...] = ()  # calibrated P(minority) on each seed's test split
    briers: tuple[float, ...] = ()  # their Brier scores
    error: str | None = None


def calibrate_resampler(
    dataset: datasets.Source,
    ratio: int,
    n_samples: int,
    model: str,
    resampler: str,
    *,
    k: int,
    seeds: tuple[int, ...],
) -> CalibratedRuns:
    """Per seed, the resampling pipeline wrapped in CalibratedClassifierCV (sigmoid, CV_FOLDS folds)."""
    entry = strategies.STRATEGIES.get(resampler)
    if entry is None or not entry.can_leak:
        raise UserFacingError(f"Pick a resampling strategy for the calibration panel, not {resampler!r}.")
    plan = plan_data(dataset, ratio, n_samples)
    scores, briers = [], []
    for seed in seeds:
        parts = split_data(load_imbalanced(plan, seed), seed)
        n_min = datasets.label_counts(parts.y_train)[1]
        fold_minority = n_min - math.ceil(n_min / CV_FOLDS)
        try:
            k_used = strategies.neighbours(resampler, k, fold_minority) or 1
            calibrated = CalibratedClassifierCV(
                strategies.make_estimator(model, resampler, seed, k_used),
                method="sigmoid",
                cv=strategies.folds(seed),
            )
            with one_thread():
                calibrated.fit(parts.X_train, parts.y_train)
        except (strategies.StrategyFailedError, ValueError, RuntimeError) as problem:
            return CalibratedRuns(resampler, error=strategies.failure_reason(seed, problem))
        scores.append(strategies.probabilities(calibrated, parts.X_test))
        briers.append(brier(parts.y_test, scores[-1]))
    return CalibratedRuns(resampler, scores=tuple(scores), briers=tuple(briers))


def _mean_and_spread(values: tuple[float, ...]) -> tuple[float, float]:
    """(mean, sample standard deviation; 0 for one value)."""
    array = np.asarray(values, dtype=float)
    return float(array.mean()), float(array.std(ddof=1)) if array.size > 1 else 0.0


@dataclass(frozen=True, eq=False)
class Calibration:
    """P(minority) on every seed's test split: untouched model, resampled, and the two fixes, with each
    variant's Brier score per seed (computed once, where the scores were)."""

    resampler: str
    y_test: tuple[np.ndarray, ...]
    scores: dict[str, tuple[np.ndarray, ...]]  # by CALIBRATION_VARIANTS
    seed_briers: dict[str, tuple[float, ...]]  # by CALIBRATION_VARIANTS
    odds_ratios: tuple[float, ...]
    _brier: dict[str, tuple[float, float]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        summary = {variant: _mean_and_spread(values) for variant, values in self.seed_briers.items()}
        object.__setattr__(self, "_brier", summary)

    def short_label(self, variant: str) -> str:
        """A variant's name in a few words."""
        name = strategies.STRATEGIES[self.resampler].label
        return {
            "before": "No resampling",
            "after": name,
            "prior": "Prior-corrected",
            "calibrated": "CV-calibrated",
        }[variant]

    def label(self, variant: str) -> str:
        """Legend name of a variant."""
        name = strategies.STRATEGIES[self.resampler].label
        return {
            "before": "No resampling",
            "after": name,
            "prior": f"{name} + prior correction",
            "calibrated": f"{name} + CalibratedClassifierCV",
        }[variant]

    def brier(self, variant: str) -> tuple[float, float]:
        """(mean, sample sd) of the Brier score over the seeds."""
        return self._brier[variant]

    def mean_probability(self, variant: str) -> float:
        """Average predicted P(minority) over every test example of every seed."""
        return float(np.mean(np.concatenate(self.scores[variant])))

    @property
    def minority_rate(self) -> float:
        """Observed minority share of the pooled test splits."""
        return float(np.mean(np.concatenate(self.y_test)))

    def hidden(self, bins: int) -> int:
        """Bins, over every variant, left off the curves for holding fewer than MIN_BIN_COUNT examples."""
        return sum(
            int(np.count_nonzero(self.curve(variant, bins).counts < MIN_BIN_COUNT))
            for variant in CALIBRATION_VARIANTS
        )

    def curve(self, variant: str, bins: int) -> Reliability:
        """Reliability of ``variant`` on the test splits of every seed pooled (equal-width bins)."""
        return reliability(np.concatenate(self.y_test), np.concatenate(self.scores[variant]), bins)


def calibration(before: StrategyResult, after: StrategyResult, calibrated: CalibratedRuns) -> Calibration:
    """The untouched model, the resampled one, its prior correction and its CV calibration, side by side."""
    for result in (before, after):
        if not result.ok:
            raise UserFacingError(f"The calibration panel needs {result.label}, which failed: {result.error}")
    if calibrated.error is not None:
        raise UserFacingError(f"CalibratedClassifierCV could not be fitted. {calibrated.error}")
    return Calibration(
        resampler=after.strategy,
        y_test=tuple(run.y_test for run in before.runs),
        scores={
            "before": tuple(run.scores for run in before.runs),
            "after": tuple(run.scores for run in after.runs),
            "prior": tuple(prior_correct(run.scores, run.odds_ratio) for run in after.runs),
            "calibrated": calibrated.scores,
        },
        seed_briers={
            "before": tuple(run.metrics.brier for run in before.runs),
            "after": tuple(run.metrics.brier for run in after.runs),
            "prior": tuple(run.prior_brier for run in after.runs),
            "calibrated": calibrated.briers,
        },
        odds_ratios=tuple(run.odds_ratio for run in after.runs),
    )
