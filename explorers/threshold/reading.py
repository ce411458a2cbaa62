"""The cheap part: the trained model's validation scores read at one threshold, beta, pair of error
costs and deployment prevalence. Every number the page shows is computed here, once."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from datasets.errors import UserFacingError
from explorers import formatting
from explorers.metrics import (
    Confusion,
    Curves,
    ExpectedCounts,
    Rates,
    check_beta,
    check_labels,
    check_threshold,
    confusion_at,
    curves,
    expected_counts,
    rates_at_prevalence,
    rates_from_confusion,
)
from explorers.threshold.costs import CostCurve, cost_per_1000, expected_cost_curve, sklearn_tuned_threshold
from explorers.threshold.training import ScoredModel

BASELINE_THRESHOLD = 0.5  # the default every change is compared with
PREVALENCE_SHIFT = 0.0005  # a deployment prevalence closer than this to the data's is no shift


@dataclass(frozen=True, eq=False)
class Reading:
    """The scores read at the chosen settings (validation data unless said otherwise)."""

    threshold: float
    cost_fp: float
    cost_fn: float
    prevalence: float | None  # the deployment prevalence picked (None: as in the data)
    data_prevalence: float
    confusion: Confusion
    baseline_confusion: Confusion  # at BASELINE_THRESHOLD
    current: Rates
    baseline: Rates  # at BASELINE_THRESHOLD, same beta
    curves: Curves
    deployed_precision: float | None  # precision at the threshold at the deployment prevalence
    cost_curve: CostCurve
    current_cost: float  # per 1,000 predictions at the threshold
    test_cost: float  # per 1,000 test predictions at the cost-optimal threshold
    tuned_threshold: float | None  # TunedThresholdClassifierCV's pick; None when it cannot tune
    tuned_cost: float | None
    tuning_problem: str | None  # why there is no tuned threshold
    shown: Rates  # the rates the cards show: at the deployment prevalence when one is picked
    no_skill: Rates  # flagging everyone, read where ``shown`` is (its precision is the prevalence)
    majority_accuracy: float  # always predicting the commoner class, read where ``shown`` is
    shown_baseline: Rates  # the same at BASELINE_THRESHOLD
    expected: ExpectedCounts | None  # per 1,000 predictions at the deployment prevalence, if picked

    @property
    def shifted_prevalence(self) -> float | None:
        """The deployment prevalence when it differs from the data's, else None."""
        return _shifted(self.prevalence, self.data_prevalence)

    @property
    def shown_label(self) -> str:
        """Where the cards, histogram and matrix are read: 'at 0.5% prevalence' or 'on validation data'."""
        return (
            "on validation data"
            if self.prevalence is None
            else f"at {formatting.percent(self.prevalence)} prevalence"
        )


def _shifted(prevalence: float | None, data_prevalence: float) -> float | None:
    """``prevalence`` when it differs from the data's by PREVALENCE_SHIFT or more, else None."""
    if prevalence is None or abs(prevalence - data_prevalence) < PREVALENCE_SHIFT:
        return None
    return prevalence


def _at(c: Confusion, threshold: float, beta: float, prevalence: float | None) -> Rates:
    """Rates at the data's prevalence (None) or reweighted to ``prevalence``."""
    if prevalence is None:
        return rates_from_confusion(c, threshold, beta)
    return rates_at_prevalence(c, threshold, beta, prevalence)


# TTCV's search depends on the costs and the prevalence, not on the threshold or beta being read: it
# is remembered per fitted model (by identity; a model stays alive while remembered) and setting.
TUNED_REMEMBERED = 64


@functools.lru_cache(maxsize=TUNED_REMEMBERED)
def _tuned(
    scored: ScoredModel, cost_fp: float, cost_fn: float, prevalence: float | None
) -> tuple[float | None, str | None]:
    """TTCV's threshold, or None and the reason it has none (e.g. every score the same)."""
    try:
        return sklearn_tuned_threshold(scored, cost_fp=cost_fp, cost_fn=cost_fn, prevalence=prevalence), None
    except UserFacingError as problem:
        return None, str(problem)


def read(
    scored: ScoredModel,
    *,
    threshold: float,
    beta: float,
    cost_fp: float,
    cost_fn: float,
    prevalence: float | None,
) -> Reading:
    """Every number of the page for these settings; UserFacingError for settings out of range."""
    y, scores = check_labels(scored.y_val, scored.val_scores)
    threshold = check_threshold(threshold)
    check_beta(beta)
    now, base = confusion_at(y, scores, threshold), confusion_at(y, scores, BASELINE_THRESHOLD)
    current = rates_from_confusion(now, threshold, beta)
    curve_set = curves(y, scores, prevalence)
    costs = {"cost_fp": cost_fp, "cost_fn": cost_fn, "prevalence": prevalence}
    cost_curve = expected_cost_curve(y, scores, **costs)
    tuned, problem = _tuned(scored, cost_fp, cost_fn, prevalence)
    n_pos, n_neg = now.tp + now.fn, now.fp + now.tn
    everyone = _at(Confusion(tp=n_pos, fp=n_neg, tn=0, fn=0), 0.0, beta, prevalence)
    shown = _at(now, threshold, beta, prevalence)
    return Reading(
        threshold=threshold,
        cost_fp=float(cost_fp),
        cost_fn=float(cost_fn),
        prevalence=prevalence,
        data_prevalence=(now.tp + now.fn) / now.n,
        confusion=now,
        baseline_confusion=base,
        current=current,
        baseline=rates_from_confusion(base, BASELINE_THRESHOLD, beta),
        curves=curve_set,
        deployed_precision=None if prevalence is None else shown.precision,
        cost_curve=cost_curve,
        current_cost=cost_curve.cost_at(threshold),
        test_cost=cost_per_1000(scored.y_test, scored.test_scores, cost_curve.best_threshold, **costs),
        tuned_threshold=tuned,
        tuned_cost=None if tuned is None else cost_curve.cost_at(tuned),
        tuning_problem=problem,
        shown=shown,
        no_skill=everyone,
        majority_accuracy=max(everyone.accuracy, 1.0 - everyone.accuracy),
        shown_baseline=_at(base, BASELINE_THRESHOLD, beta, prevalence),
        expected=None if prevalence is None else expected_counts(now, prevalence),
    )
