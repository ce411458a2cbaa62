"""Reading a policy's weeks: precision, recall or AUC per week and pooled over a span, the no-skill
baseline, and the cost of errors and retrains."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers.drift.policies import PolicyRun, weekly_auc
from explorers.drift.stream import Stream


@dataclass(frozen=True)
class Metric:
    """One performance metric: its label, its no-skill baseline's words."""

    label: str
    baseline: str


METRICS: dict[str, Metric] = {
    "precision": Metric("Precision", "the fraud rate, as flagging at random scores"),
    "recall": Metric("Recall", "the fraud rate, as flagging at random as many as there are frauds scores"),
    "auc": Metric("AUC", "chance, 0.5, as a random ranking scores"),
}
METRIC_LABELS = {key: m.label for key, m in METRICS.items()}


def _ratio(top: np.ndarray | float, bottom: np.ndarray | float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.asarray(bottom) > 0, np.asarray(top, float) / np.asarray(bottom), np.nan)


def weekly(metric: str, run: PolicyRun, stream: Stream) -> np.ndarray:
    """The metric in each deployed week (NaN where it is undefined, e.g. precision with no flags)."""
    if metric == "precision":
        return _ratio(run.tp, run.tp + run.fp)
    if metric == "recall":
        return _ratio(run.tp, run.tp + run.fn)
    return weekly_auc(run.logit, stream.y[stream.week(0) :])


def pooled(metric: str, run: PolicyRun, weeks: slice, by_week: np.ndarray) -> float:
    """The metric over a span of weeks: precision and recall on every transaction of the span, AUC
    as the mean of its weekly values ``by_week`` (NaN when undefined)."""
    if metric == "auc":
        values = by_week[weeks]
        return float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")
    tp = run.tp[weeks].sum()
    other = run.fp[weeks].sum() if metric == "precision" else run.fn[weeks].sum()
    return float(_ratio(tp, tp + other))


def fraud_rate(stream: Stream, weeks: slice) -> float:
    """The share of fraud among the span's transactions: precision's and recall's no-skill baseline."""
    return float(stream.y[stream.week(0) :][weeks].mean())


def weekly_fraud_rate(stream: Stream) -> np.ndarray:
    return stream.y[stream.week(0) :].mean(axis=1)


def no_skill(metric: str, stream: Stream, weeks: slice) -> float:
    return 0.5 if metric == "auc" else fraud_rate(stream, weeks)


@dataclass(frozen=True)
class Cost:
    """A policy's bill: its errors and retrains at their unit costs."""

    name: str
    errors: int
    retrains: int
    cost_error: float
    cost_retrain: float

    @property
    def error_cost(self) -> float:
        return self.errors * self.cost_error

    @property
    def retrain_cost(self) -> float:
        return self.retrains * self.cost_retrain

    @property
    def total(self) -> float:
        return self.error_cost + self.retrain_cost


def cost_of(run: PolicyRun, cost_error: float, cost_retrain: float) -> Cost:
    return Cost(run.name, run.errors, len(run.retrains), cost_error, cost_retrain)
