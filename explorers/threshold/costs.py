"""What errors cost: expected cost per 1,000 predictions at every threshold, the Bayes-optimal
threshold for calibrated scores, and scikit-learn's TunedThresholdClassifierCV on the same cost.

Convention (TunedThresholdClassifierCV's): an example is flagged when its score >= the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import make_scorer
from sklearn.model_selection import TunedThresholdClassifierCV

from datasets.errors import UserFacingError
from explorers.common import one_thread
from explorers.metrics import check_both_classes, check_prevalence, confusion_at, finite, operating_points
from explorers.threshold.training import ScoredModel

TTCV_GRID_SIZE = 100
TIE_TOLERANCE = 1e-9  # relative: costs this close count as equal


def check_costs(cost_fp: float, cost_fn: float) -> None:
    """UserFacingError unless both error costs are positive and finite."""
    for name, cost in (("false positive", cost_fp), ("false negative", cost_fn)):
        if not finite(cost) > 0:
            raise UserFacingError(f"The cost of a {name} must be greater than $0; got {cost!r}.")


def _weights(n_pos: int, n_neg: int, prevalence: float | None) -> tuple[float, float]:
    """Per-example weights (negative, positive): 1/n each, or (1-pi)/n_neg and pi/n_pos."""
    if prevalence is None:
        return 1.0 / (n_pos + n_neg), 1.0 / (n_pos + n_neg)
    return (1.0 - prevalence) / n_neg, prevalence / n_pos


def _cost_per_1000(
    fp: np.ndarray | int,
    fn: np.ndarray | int,
    weights: tuple[float, float],
    *,
    cost_fp: float,
    cost_fn: float,
) -> np.ndarray:
    """1000 * (c_fp * FPR * (1 - pi) + c_fn * FNR * pi) for per-example ``weights`` (negative, positive)."""
    w_neg, w_pos = weights
    return 1000.0 * (cost_fp * w_neg * np.asarray(fp) + cost_fn * w_pos * np.asarray(fn))


def cost_per_1000(
    y_true: np.ndarray,
    scores: np.ndarray,
    threshold: float,
    *,
    cost_fp: float,
    cost_fn: float,
    prevalence: float | None = None,
) -> float:
    """Expected cost per 1,000 predictions at ``threshold`` (deployment ``prevalence``; None = data's)."""
    check_costs(cost_fp, cost_fn)
    check_prevalence(prevalence)
    c = confusion_at(y_true, scores, threshold)
    check_both_classes(c.tp + c.fn, c.fp + c.tn)
    weights = _weights(c.tp + c.fn, c.fp + c.tn, prevalence)
    return float(_cost_per_1000(c.fp, c.fn, weights, cost_fp=cost_fp, cost_fn=cost_fn))


# --------------------------------------------------------------------------- cost curve


@dataclass(frozen=True, eq=False)
class CostCurve:
    """Expected cost per 1,000 predictions at every distinct operating point (thresholds ascending).

    ``best_interval`` is the widest run of thresholds (within [0, 1]) that all reach the lowest
    cost; ``best_threshold`` is its middle, so a flat optimum is not reported at one edge.
    """

    thresholds: np.ndarray
    cost_per_1000: np.ndarray
    best_threshold: float
    best_cost: float
    best_interval: tuple[float, float]

    @property
    def best_range(self) -> str:
        """'0.12–0.94': the thresholds that all reach the lowest cost, as the page writes them."""
        low, high = self.best_interval
        return f"{low:.2f}–{high:.2f}"

    def cost_at(self, threshold: float) -> float:
        """Cost at any ``threshold``: that of the lowest candidate >= it (it flags the same examples)."""
        i = int(np.searchsorted(self.thresholds, threshold, side="left"))
        return float(self.cost_per_1000[min(i, self.thresholds.size - 1)])


def _is_best(cost: np.ndarray) -> np.ndarray:
    """Which costs are within a relative TIE_TOLERANCE of the minimum."""
    floor = float(cost.min())
    return cost <= floor + TIE_TOLERANCE * max(abs(floor), 1.0)


def optimal_interval(thresholds: np.ndarray, best: np.ndarray) -> tuple[float, float]:
    """The widest range of thresholds in [0, 1] that flag an optimal set of examples.

    Candidate ``thresholds[i]`` (ascending) stands for every threshold in (thresholds[i-1],
    thresholds[i]] (from 0 for the first): they all flag the same examples. Runs of optimal
    candidates merge into one interval; the widest wins (the lowest on a tie).
    """
    lows = np.minimum(np.r_[0.0, thresholds[:-1]], 1.0)
    highs = np.minimum(thresholds, 1.0)
    edges = np.flatnonzero(np.diff(np.r_[0, best.astype(np.int8), 0]))
    runs = [(float(lows[a]), float(highs[b - 1])) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    return max(runs, key=lambda run: run[1] - run[0])


def expected_cost_curve(
    y_true: np.ndarray,
    scores: np.ndarray,
    *,
    cost_fp: float,
    cost_fn: float,
    prevalence: float | None = None,
) -> CostCurve:
    """Cost per 1,000 predictions at every distinct score plus one above the max (nothing flagged).

    The lowest cost is the exact minimum over those operating points; ties (within 1e-9) are broken
    by the middle of the widest optimal interval (``optimal_interval``).
    """
    check_costs(cost_fp, cost_fn)
    check_prevalence(prevalence)
    p = operating_points(y_true, scores)
    weights = _weights(p.n_pos, p.n_neg, prevalence)
    cost = _cost_per_1000(p.fp, p.n_pos - p.tp, weights, cost_fp=cost_fp, cost_fn=cost_fn)[::-1].copy()
    thresholds = p.thresholds[::-1].copy()
    best = _is_best(cost)
    low, high = optimal_interval(thresholds, best)
    middle = (low + high) / 2
    at_middle = min(int(np.searchsorted(thresholds, middle, side="left")), thresholds.size - 1)
    return CostCurve(
        thresholds=thresholds,
        cost_per_1000=cost,
        best_threshold=middle,
        best_cost=float(cost[at_middle]),
        best_interval=(low, high),
    )


# --------------------------------------------------------------------------- Bayes-optimal threshold


def bayes_threshold(
    cost_fp: float, cost_fn: float, data_prevalence: float, deployment_prevalence: float | None = None
) -> float:
    """Optimal threshold for calibrated P(positive): c_fp/(c_fp+c_fn), moved via the odds if pi shifts."""
    check_costs(cost_fp, cost_fn)
    check_prevalence(deployment_prevalence)
    odds = cost_fp / cost_fn
    if deployment_prevalence is not None:
        data_odds = data_prevalence / (1 - data_prevalence)
        odds *= data_odds / (deployment_prevalence / (1 - deployment_prevalence))
    return odds / (1 + odds)


# --------------------------------------------------------------------------- scikit-learn's tuner


def _cost_score(
    y_true: np.ndarray, y_pred: np.ndarray, *, cost_fp: float, cost_fn: float, prevalence: float | None
) -> float:
    """Cost per 1,000 predictions from labels (numpy only: TTCV calls this 100 times)."""
    positive = np.asarray(y_true) == 1
    flagged = np.asarray(y_pred) == 1
    n_pos = int(np.count_nonzero(positive))
    fp = int(np.count_nonzero(flagged & ~positive))
    fn = int(np.count_nonzero(positive & ~flagged))
    weights = _weights(n_pos, positive.size - n_pos, prevalence)
    return float(_cost_per_1000(fp, fn, weights, cost_fp=cost_fp, cost_fn=cost_fn))


def sklearn_tuned_threshold(
    scored: ScoredModel, *, cost_fp: float, cost_fn: float, prevalence: float | None = None
) -> float:
    """TunedThresholdClassifierCV's cost-minimising threshold on the validation data (never refits).

    ``cv="prefit"`` + ``refit=False`` reuses the fitted model; the scorer evaluates the same
    prevalence-weighted cost as ``expected_cost_curve``, so the two differ only by TTCV's grid.
    """
    check_costs(cost_fp, cost_fn)
    check_prevalence(prevalence)
    if np.isclose(scored.val_scores.min(), scored.val_scores.max()):
        raise UserFacingError(
            "The model gives every validation example the same score, so there is no threshold to tune; "
            "try another model, seed or class balance."
        )
    scorer = make_scorer(
        _cost_score, greater_is_better=False, cost_fp=cost_fp, cost_fn=cost_fn, prevalence=prevalence
    )
    tuner = TunedThresholdClassifierCV(
        scored.model,
        scoring=scorer,
        response_method="predict_proba",
        thresholds=TTCV_GRID_SIZE,
        cv="prefit",
        refit=False,
    )
    with one_thread():
        tuner.fit(scored.X_val, scored.y_val)
    return float(tuner.best_threshold_)


def ttcv_grid_step(scores: np.ndarray) -> float:
    """Spacing of TTCV's default grid: ``TTCV_GRID_SIZE`` points from the lowest to the highest score."""
    s = np.asarray(scores, dtype=np.float64)
    return float((s.max() - s.min()) / (TTCV_GRID_SIZE - 1))
