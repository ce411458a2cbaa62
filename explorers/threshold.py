"""Threshold & error cost: where to put the decision threshold on a classifier's score, and why.

Pure Python (no Streamlit). Training happens once per (dataset, model, class balance, seed); every
other control only reads the cached validation scores, so the read-only path is a few milliseconds.
Convention throughout (the same as scikit-learn's TunedThresholdClassifierCV): an example is flagged
positive when its score is >= the threshold.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import plotly.graph_objects as go
from sklearn.metrics import make_scorer
from sklearn.model_selection import TunedThresholdClassifierCV

import datasets
from datasets.errors import UserFacingError
from explorers import charts
from explorers.charts import (
    HIGHLIGHT_COLOUR,
    NEGATIVE_COLOUR,
    PALETTE,
    POSITIVE_COLOUR,
    REFERENCE_COLOUR,
    SEQUENTIAL_SCALE,
)
from explorers.common import one_thread, percent_change
from explorers.interview import InterviewGuide
from explorers.metrics import (
    Confusion,
    Curves,
    check_beta,
    check_both_classes,
    check_labels,
    check_prevalence,
    check_threshold,
    confusion_at,
    finite,
    operating_points,
    ratio,
    shifted_precision,
)
from explorers.metrics import Rates as Metrics
from explorers.metrics import rates_from_confusion as metrics_from_confusion
from explorers.models import Classifier, make_model

BASELINE_THRESHOLD = 0.5
TTCV_GRID_SIZE = 100
HIST_BIN_WIDTH = 0.05
_TIE_TOLERANCE = 1e-9
_OPTIMAL_COLOUR = PALETTE[2]


# --------------------------------------------------------------------------- training


@dataclass(frozen=True, eq=False)
class ScoredModel:
    """A fitted model with its validation scores (to choose a threshold) and test scores (to report)."""

    model: Classifier
    dataset_name: str
    positive_label: str
    negative_label: str
    X_val: np.ndarray
    y_val: np.ndarray
    val_scores: np.ndarray
    y_test: np.ndarray
    test_scores: np.ndarray
    n_train: int
    fit_seconds: float


def _positive_scores(model: Classifier, features: np.ndarray) -> np.ndarray:
    """P(positive) for each row of ``features``."""
    with one_thread():
        return np.ascontiguousarray(model.predict_proba(features)[:, 1], dtype=np.float64)


def train_and_score(
    dataset_key: datasets.Source, model: str, positive_fraction: float, seed: int
) -> ScoredModel:
    """Load the data, split 60/20/20 (stratified), fit ``model`` on train and score val and test."""
    estimator = make_model(model, seed)
    data = datasets.load(dataset_key, positive_fraction=positive_fraction, seed=seed)
    parts = datasets.split(data, test_fraction=0.2, val_fraction=0.2, seed=seed)
    start = time.perf_counter()
    with one_thread():
        estimator.fit(parts.X_train, parts.y_train)
    fit_seconds = time.perf_counter() - start
    return ScoredModel(
        model=estimator,
        dataset_name=data.info.name,
        positive_label=data.info.positive_label,
        negative_label=data.info.negative_label,
        X_val=parts.X_val,
        y_val=parts.y_val,
        val_scores=_positive_scores(estimator, parts.X_val),
        y_test=parts.y_test,
        test_scores=_positive_scores(estimator, parts.X_test),
        n_train=int(parts.y_train.size),
        fit_seconds=fit_seconds,
    )


# --------------------------------------------------------------------------- validation


def _check_costs(cost_fp: float, cost_fn: float) -> None:
    """UserFacingError unless both error costs are positive and finite."""
    for name, cost in (("false positive", cost_fp), ("false negative", cost_fn)):
        if not finite(cost) > 0:
            raise UserFacingError(f"The cost of a {name} must be greater than $0; got {cost!r}.")


# --------------------------------------------------------------------------- every operating point


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
    _check_costs(cost_fp, cost_fn)
    check_prevalence(prevalence)
    c = confusion_at(y_true, scores, threshold)
    check_both_classes(c.tp + c.fn, c.fp + c.tn)
    weights = _weights(c.tp + c.fn, c.fp + c.tn, prevalence)
    return float(_cost_per_1000(c.fp, c.fn, weights, cost_fp=cost_fp, cost_fn=cost_fn))


# --------------------------------------------------------------------------- cost curve


@dataclass(frozen=True, eq=False)
class CostCurve:
    """Expected cost per 1,000 predictions at every distinct operating point (thresholds ascending)."""

    thresholds: np.ndarray
    cost_per_1000: np.ndarray
    best_threshold: float
    best_cost: float

    def cost_at(self, threshold: float) -> float:
        """Cost at any ``threshold``: that of the lowest candidate >= it (it flags the same examples)."""
        i = int(np.searchsorted(self.thresholds, threshold, side="left"))
        return float(self.cost_per_1000[min(i, self.thresholds.size - 1)])


def _best_index(cost_high_first: np.ndarray) -> int:
    """First (= highest-threshold) index whose cost is within a relative 1e-9 of the minimum."""
    floor = float(cost_high_first.min())
    return int(np.flatnonzero(cost_high_first <= floor + _TIE_TOLERANCE * max(abs(floor), 1.0))[0])


def expected_cost_curve(
    y_true: np.ndarray,
    scores: np.ndarray,
    *,
    cost_fp: float,
    cost_fn: float,
    prevalence: float | None = None,
) -> CostCurve:
    """Cost per 1,000 predictions at every distinct score plus one above the max (nothing flagged).

    ``best_threshold`` is the exact argmin over those operating points; among ties (within 1e-9) it
    is the HIGHEST threshold, i.e. the one that flags the fewest examples for the same cost.
    """
    _check_costs(cost_fp, cost_fn)
    check_prevalence(prevalence)
    p = operating_points(y_true, scores)
    weights = _weights(p.n_pos, p.n_neg, prevalence)
    cost = _cost_per_1000(p.fp, p.n_pos - p.tp, weights, cost_fp=cost_fp, cost_fn=cost_fn)
    best = _best_index(cost)
    return CostCurve(
        thresholds=p.thresholds[::-1].copy(),
        cost_per_1000=cost[::-1].copy(),
        best_threshold=float(p.thresholds[best]),
        best_cost=float(cost[best]),
    )


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
    _check_costs(cost_fp, cost_fn)
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
    """Spacing of TTCV's default grid: 100 points from the lowest to the highest score."""
    s = np.asarray(scores, dtype=np.float64)
    return float((s.max() - s.min()) / (TTCV_GRID_SIZE - 1))


def _between(y_true: np.ndarray, scores: np.ndarray, a: float, b: float) -> tuple[int, int]:
    """(positives, negatives) scoring in [min(a, b), max(a, b)): flagged by one threshold only."""
    y, s = check_labels(y_true, scores)
    inside = (s >= min(a, b)) & (s < max(a, b))
    n_pos = int(np.count_nonzero(inside & (y == 1)))
    return n_pos, int(np.count_nonzero(inside)) - n_pos


def _tie_reason(ours: float, sklearn_t: float, n_pos: int, n_neg: int) -> str:
    """Why two thresholds with the same validation cost both count as optimal."""
    if n_pos + n_neg == 0:
        if _same_threshold(ours, sklearn_t):
            return "both searches land on the same operating point."
        return (
            f"no validation score lies between {min(ours, sklearn_t):.2f} and {max(ours, sklearn_t):.2f}, "
            "so both flag exactly the same examples at the same cost; this page reports the highest such "
            "threshold."
        )
    return (
        f"between {min(ours, sklearn_t):.2f} and {max(ours, sklearn_t):.2f} the lower threshold also flags "
        f"{n_pos:,} more true positives and {n_neg:,} more false positives, which cancel out exactly at "
        "these costs; among tied thresholds this page reports the highest (fewest flags)."
    )


def explain_threshold_gap(
    ours: float, sklearn_t: float, *, curve: CostCurve, y_true: np.ndarray, scores: np.ndarray
) -> str:
    """The honest reason why TTCV's threshold differs from the exhaustive search's (or that it doesn't).

    ``curve`` is the cost curve both were tuned on; ``y_true``/``scores`` the validation data.
    """
    our_cost, sk_cost = curve.cost_at(ours), curve.cost_at(sklearn_t)
    extra = sk_cost - our_cost
    if abs(extra) <= 1e-6 * max(abs(our_cost), 1.0):
        return _tie_reason(ours, sklearn_t, *_between(y_true, scores, ours, sklearn_t))
    if extra > 0:
        return (
            f"TTCV tries {TTCV_GRID_SIZE} evenly spaced thresholds from the lowest to the highest "
            f"validation score (step {ttcv_grid_step(scores):.3f}), while this page tries every distinct "
            f"score, so TTCV can miss the exact optimum by up to one grid step; here that costs "
            f"{_money(extra)} more per 1,000."
        )
    return (
        "TTCV found a cheaper point than the exhaustive search, which cannot happen with the same data, "
        "costs and prevalence; check that both were given the same ones."
    )


# --------------------------------------------------------------------------- Bayes-optimal threshold


def bayes_threshold(
    cost_fp: float, cost_fn: float, data_prevalence: float, deployment_prevalence: float | None = None
) -> float:
    """Optimal threshold for calibrated P(positive): c_fp/(c_fp+c_fn), moved via the odds if pi shifts."""
    _check_costs(cost_fp, cost_fn)
    check_prevalence(deployment_prevalence)
    odds = cost_fp / cost_fn
    if deployment_prevalence is not None:
        data_odds = data_prevalence / (1 - data_prevalence)
        odds *= data_odds / (deployment_prevalence / (1 - deployment_prevalence))
    return odds / (1 + odds)


# --------------------------------------------------------------------------- figures
# Figures are built as one dict and validated once by go.Figure: ~3x cheaper than add_trace calls.

Json = dict[str, object]


def _vline(x: float, colour: str, dash: str = "solid") -> Json:
    """A full-height vertical line shape at ``x``."""
    line = {"color": colour, "width": 2, "dash": dash}
    return {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper", "line": line}


def _histogram_trace(scores: np.ndarray, label: str, colour: str, edges: np.ndarray) -> Json:
    """Counts of ``scores`` in fixed bins as bars, with readable hover."""
    counts, _ = np.histogram(scores, bins=edges)
    ranges = [f"{lo:.2f}–{hi:.2f}" for lo, hi in pairwise(edges)]
    return {
        "type": "bar",
        "x": (edges[:-1] + edges[1:]) / 2,
        "y": counts,
        "width": HIST_BIN_WIDTH,
        "name": f"True {label}",
        "marker": {"color": colour, "line": {"width": 0}},
        "opacity": 0.6,
        "customdata": ranges,
        "hovertemplate": f"Score %{{customdata}}<br>%{{y}} true {label}<extra></extra>",
    }


def _flagged_region(threshold: float) -> Json:
    """Light shading over the scores that get flagged (threshold to 1)."""
    return {
        "type": "rect",
        "x0": threshold,
        "x1": 1.0,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "fillcolor": HIGHLIGHT_COLOUR,
        "opacity": 0.08,
        "line": {"width": 0},
        "layer": "below",
    }


def _flagged_label(threshold: float, positive_label: str) -> Json:
    """Annotation at the top of the threshold line, pointing into the flagged region."""
    left = threshold <= 0.6
    text = f"Flagged {positive_label} (score ≥ {threshold:.2f}) →"
    return {
        "x": threshold,
        "y": 1,
        "yref": "paper",
        "xanchor": "left" if left else "right",
        "yanchor": "top",
        "showarrow": False,
        "text": f" {text}" if left else f"{text} ",
        "font": {"color": HIGHLIGHT_COLOUR},
    }


def score_distribution_figure(
    y_val: np.ndarray, val_scores: np.ndarray, threshold: float, positive_label: str, negative_label: str
) -> go.Figure:
    """Overlaid score histograms by true class, the threshold line and the flagged region."""
    y, s = check_labels(y_val, val_scores)
    threshold = check_threshold(threshold)
    edges = np.linspace(0.0, 1.0, round(1 / HIST_BIN_WIDTH) + 1)
    traces = [
        _histogram_trace(s[y == 0], negative_label, NEGATIVE_COLOUR, edges),
        _histogram_trace(s[y == 1], positive_label, POSITIVE_COLOUR, edges),
    ]
    layout = {
        "barmode": "overlay",
        "bargap": 0,
        "shapes": [_flagged_region(threshold), _vline(threshold, HIGHLIGHT_COLOUR)],
        "annotations": [_flagged_label(threshold, positive_label)],
        "xaxis": charts.axis(f"Model score P({positive_label}) (probability, 0–1)", range=[0, 1]),
        "yaxis": charts.axis("Examples (count)"),
    }
    return charts.figure(traces, layout)


def _cell_text(count: int, row_total: int, name: str) -> str:
    """Cell label: name, count and share of its true-class row."""
    return f"{name}<br>{count:,}<br>({ratio(count, row_total):.0%} of row)"


def confusion_matrix_figure(confusion: Confusion, positive_label: str, negative_label: str) -> go.Figure:
    """2x2 heatmap (rows = true class, columns = predicted), coloured by share of the row."""
    c = confusion
    rows = ((c.tn, c.fp, "True negative", "False positive"), (c.fn, c.tp, "False negative", "True positive"))
    z, text = [], []
    for left, right, left_name, right_name in rows:
        total = left + right
        z.append([ratio(left, total), ratio(right, total)])
        text.append([_cell_text(left, total, left_name), _cell_text(right, total, right_name)])
    labels = [negative_label, positive_label]
    heatmap = {
        "type": "heatmap",
        "z": z,
        "x": labels,
        "y": labels,
        "text": text,
        "texttemplate": "%{text}",
        "colorscale": [list(stop) for stop in SEQUENTIAL_SCALE],
        "zmin": 0,
        "zmax": 1,
        "showscale": False,
        "hovertemplate": "True %{y}, predicted %{x}<br>%{text}<extra></extra>",
    }
    layout = {
        "xaxis": charts.axis("Predicted class"),
        "yaxis": charts.axis("True class", autorange="reversed"),
    }
    return charts.figure([heatmap], layout)


def _point(x: float, y: float, *, name: str, colour: str, axes: str, hover: str) -> Json:
    """A single marked operating point; ``axes`` is '' (left panel) or '2' (right panel)."""
    return {
        "type": "scatter",
        "x": [x],
        "y": [y],
        "mode": "markers",
        "name": name,
        "xaxis": f"x{axes}",
        "yaxis": f"y{axes}",
        "marker": {"color": colour, "size": 12, "line": {"color": "white", "width": 1.5}},
        "hovertemplate": hover + "<extra></extra>",
    }


def _curve(x: np.ndarray, y: np.ndarray, *, name: str, line: Json, axes: str, hover: str) -> Json:
    """A line over operating points; ``axes`` is '' (left panel) or '2' (right panel)."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": name,
        "line": line,
        "xaxis": f"x{axes}",
        "yaxis": f"y{axes}",
        "hovertemplate": hover,
    }


_PR_HOVER = "Recall %{x:.2f}<br>Precision %{y:.2f}<extra>%{fullData.name}</extra>"
_ROC_HOVER = "False-positive rate %{x:.2f}<br>Recall %{y:.2f}<extra>%{fullData.name}</extra>"


def _pr_traces(c: Curves, current: Metrics) -> list[Json]:
    """PR curve(s) and operating point(s) on the left panel."""
    here = f"Threshold {current.threshold:.2f}<br>Recall {current.recall:.2f}"
    traces = [
        _curve(
            c.recall[1:],
            c.precision[1:],
            name=f"PR at data prevalence (AP {c.average_precision:.2f})",
            line={"color": PALETTE[0]},
            axes="",
            hover=_PR_HOVER,
        ),
        _point(
            current.recall,
            current.precision,
            name=f"Threshold {current.threshold:.2f}",
            colour=HIGHLIGHT_COLOUR,
            axes="",
            hover=f"{here}<br>Precision {current.precision:.2f}",
        ),
    ]
    if c.precision_at_prevalence is None or c.prevalence is None:
        return traces
    moved = shifted_precision(current.recall, current.fpr, c.prevalence)
    name = f"PR at deployment prevalence {c.prevalence:.1%} (AP {c.average_precision_at_prevalence:.2f})"
    traces += [
        _curve(
            c.recall[1:],
            c.precision_at_prevalence[1:],
            name=name,
            line={"color": PALETTE[3], "dash": "dash"},
            axes="",
            hover=_PR_HOVER,
        ),
        _point(
            current.recall,
            moved,
            name="Same threshold, deployed",
            colour=PALETTE[3],
            axes="",
            hover=f"{here}<br>Precision {moved:.2f} at prevalence {c.prevalence:.1%}",
        ),
    ]
    return traces


def _roc_traces(c: Curves, current: Metrics) -> list[Json]:
    """ROC curve, chance diagonal and operating point on the right panel."""
    here = f"Threshold {current.threshold:.2f}<br>False-positive rate {current.fpr:.2f}"
    diagonal = np.array([0.0, 1.0])
    return [
        _curve(
            c.fpr,
            c.tpr,
            name=f"ROC (AUC {c.roc_auc:.2f}), the same at any prevalence",
            line={"color": PALETTE[0]},
            axes="2",
            hover=_ROC_HOVER,
        ),
        _curve(
            diagonal,
            diagonal,
            name="Chance",
            line={"color": REFERENCE_COLOUR, "dash": "dot", "width": 1},
            axes="2",
            hover=_ROC_HOVER,
        ),
        _point(
            current.fpr,
            current.recall,
            name="Operating point (ROC)",
            colour=HIGHLIGHT_COLOUR,
            axes="2",
            hover=f"{here}<br>Recall {current.recall:.2f}",
        ),
    ]


def pr_roc_figure(curves_: Curves, current: Metrics) -> go.Figure:
    """Precision-recall (left) and ROC (right) with the current operating point marked.

    ``current`` holds the metrics at the data's prevalence; when ``curves_`` has a deployment
    prevalence, the shifted PR curve and its operating point are added (dashed); ROC does not move.
    """
    unit = [0, 1.02]
    layout = {
        "xaxis": charts.axis("Recall = TPR (0–1)", domain=[0.0, 0.45], range=unit),
        "yaxis": charts.axis("Precision (0–1)", range=unit),
        "xaxis2": charts.axis("False-positive rate (0–1)", domain=[0.55, 1.0], range=unit),
        "yaxis2": charts.axis("Recall = TPR (0–1)", anchor="x2", range=unit),
    }
    return charts.figure([*_pr_traces(curves_, current), *_roc_traces(curves_, current)], layout)


def _step_xy(curve: CostCurve) -> tuple[np.ndarray, np.ndarray]:
    """Points of the cost step function from 0 to the highest candidate (draw with line shape 'vh')."""
    x, y = curve.thresholds, curve.cost_per_1000
    if x[0] > 0:
        x, y = np.r_[0.0, x], np.r_[y[0], y]
    return x, y


def _marker(t: float, cost: float, name: str, colour: str, symbol: str) -> Json:
    """One labelled threshold marker on the cost curve."""
    return {
        "type": "scatter",
        "x": [t],
        "y": [cost],
        "mode": "markers",
        "name": name,
        "marker": {"color": colour, "size": 13, "symbol": symbol, "line": {"color": "white", "width": 1}},
        "hovertemplate": f"{name}<br>Threshold {t:.3f}<br>{_money(cost)} per 1,000<extra></extra>",
    }


def cost_curve_figure(
    cost_curve: CostCurve, current_threshold: float, current_cost: float, sklearn_threshold: float
) -> go.Figure:
    """Cost per 1,000 predictions vs threshold, marking the current, cost-optimal and TTCV thresholds."""
    x, y = _step_xy(cost_curve)
    line = {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "line": {"color": PALETTE[0], "shape": "vh"},
        "name": "Expected cost",
        "hovertemplate": "Threshold ≤ %{x:.3f}<br>$%{y:,.2f} per 1,000<extra></extra>",
    }
    best, sk_cost = cost_curve.best_threshold, cost_curve.cost_at(sklearn_threshold)
    traces = [
        line,
        _marker(current_threshold, current_cost, "Current threshold", HIGHLIGHT_COLOUR, "circle"),
        _marker(best, cost_curve.best_cost, "Cost-optimal (every score tried)", _OPTIMAL_COLOUR, "star"),
        _marker(sklearn_threshold, sk_cost, "TunedThresholdClassifierCV", REFERENCE_COLOUR, "diamond"),
    ]
    layout = {
        "shapes": [_vline(current_threshold, HIGHLIGHT_COLOUR, "dot")],
        "xaxis": charts.axis("Threshold on P(positive) (0–1)", range=[0, 1]),
        "yaxis": charts.axis("Cost per 1,000 predictions ($)", rangemode="tozero"),
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- what to notice


def _money(amount: float) -> str:
    """Dollars with thousands separators: cents below $1,000, whole dollars above."""
    return f"${amount:,.2f}" if abs(amount) < 1000 else f"${amount:,.0f}"


def _same_threshold(a: float, b: float) -> bool:
    """Whether two thresholds print the same with 2 decimals."""
    return f"{a:.2f}" == f"{b:.2f}"


def _raise_sentence(base: Confusion, now: Confusion, threshold: float) -> str:
    """Raising the threshold: fewer (or equal) false positives, lower (or equal) recall."""
    r0, r1 = ratio(base.tp, base.tp + base.fn), ratio(now.tp, now.tp + now.fn)
    if now.fp < base.fp:
        cut = abs(percent_change(base.fp, now.fp))
        fp_part = f"cut false positives by {cut:.0f}% ({base.fp:,} → {now.fp:,})"
    else:
        fp_part = f"left false positives unchanged at {now.fp:,}"
    recall_part = f"recall fell from {r0:.2f} to {r1:.2f}" if r1 < r0 else f"recall stayed at {r1:.2f}"
    start = f"Raising the threshold from {BASELINE_THRESHOLD:.2f} to {threshold:.2f}"
    return f"{start} {fp_part} while {recall_part}."


def _lower_sentence(base: Confusion, now: Confusion, threshold: float) -> str:
    """Lowering the threshold: fewer (or equal) false negatives, more (or equal) false positives."""
    if now.fn < base.fn:
        cut = abs(percent_change(base.fn, now.fn))
        fn_part = f"cut false negatives by {cut:.0f}% ({base.fn:,} → {now.fn:,})"
    else:
        fn_part = f"left false negatives unchanged at {now.fn:,}"
    if now.fp > base.fp:
        fp_part = f"false positives rose from {base.fp:,} to {now.fp:,}"
    else:
        fp_part = f"false positives stayed at {now.fp:,}"
    start = f"Lowering the threshold from {BASELINE_THRESHOLD:.2f} to {threshold:.2f}"
    return f"{start} {fn_part} while {fp_part}."


def _baseline_sentence(base: Confusion, now: Confusion, threshold: float, best: float) -> str:
    """Compare the current threshold with the 0.50 default (or describe 0.50 itself)."""
    if _same_threshold(threshold, BASELINE_THRESHOLD):
        m = metrics_from_confusion(now, threshold)
        return (
            f"At the default {BASELINE_THRESHOLD:.2f} the model flags {now.tp + now.fp:,} of {now.n:,} "
            f"validation examples (precision {m.precision:.2f}, recall {m.recall:.2f}); 0.50 is only "
            "special for calibrated scores with equal error costs, and here the cost-optimal threshold "
            f"is {best:.2f}."
        )
    if threshold > BASELINE_THRESHOLD:
        return _raise_sentence(base, now, threshold)
    return _lower_sentence(base, now, threshold)


def _cost_sentence(threshold: float, cost: float, curve: CostCurve) -> str:
    """Cost at the current threshold vs the cost-optimal one."""
    saving = cost - curve.best_cost
    head = f"At {threshold:.2f} the expected cost is {_money(cost)} per 1,000 predictions"
    if saving <= _TIE_TOLERANCE * max(cost, 1.0):
        return f"{head}, already the lowest of any threshold on the validation data."
    return (
        f"{head}; the cost-optimal threshold {curve.best_threshold:.2f} costs "
        f"{_money(curve.best_cost)}, saving {_money(saving)} per 1,000."
    )


def _ttcv_sentence(curve: CostCurve, sklearn_t: float, y_true: np.ndarray, scores: np.ndarray) -> str:
    """TTCV's pick, its cost and why it may differ."""
    why = explain_threshold_gap(curve.best_threshold, sklearn_t, curve=curve, y_true=y_true, scores=scores)
    digits = 2 if f"{sklearn_t:.2f}" != f"{curve.best_threshold:.2f}" else 3
    return (
        f"scikit-learn's TunedThresholdClassifierCV picks {sklearn_t:.{digits}f} "
        f"({_money(curve.cost_at(sklearn_t))} per 1,000) versus {curve.best_threshold:.{digits}f} here: {why}"
    )


def _prevalence_sentence(now: Confusion, threshold: float, data_pi: float, prevalence: float) -> str:
    """How precision moves with the deployment prevalence while TPR and FPR stay put."""
    m = metrics_from_confusion(now, threshold)
    moved = shifted_precision(m.recall, m.fpr, prevalence)
    change = (
        f"stays at {moved:.2f}"
        if f"{moved:.2f}" == f"{m.precision:.2f}"
        else f"goes from {m.precision:.2f} to {moved:.2f}"
    )
    return (
        f"If positives are {prevalence:.1%} of traffic instead of {data_pi:.1%} as in the validation "
        f"data, precision at {threshold:.2f} {change}, while recall "
        f"({m.recall:.2f}) and false-positive rate ({m.fpr:.2f}) stay put: ROC ignores prevalence."
    )


def _cost_ratio(cost_fp: float, cost_fn: float) -> str:
    """'a false negative costs 5.0× a false positive' (or the other way round)."""
    if cost_fn >= cost_fp:
        return f"a false negative costs {cost_fn / cost_fp:.1f}× a false positive"
    return f"a false positive costs {cost_fp / cost_fn:.1f}× a false negative"


def _bayes_verdict(target: float, curve: CostCurve) -> str:
    """How the Bayes threshold fares on the validation data, compared with the exhaustive search."""
    extra = curve.cost_at(target) - curve.best_cost
    if extra <= _TIE_TOLERANCE * max(curve.best_cost, 1.0):
        return f"{target:.2f} is itself cost-optimal on the validation data"
    return (
        f"{target:.2f} would cost {_money(extra)} more per 1,000 here, a sign that the scores are not "
        "calibrated probabilities (or that the validation set is small)"
    )


def _bayes_sentence(
    costs: tuple[float, float], data_pi: float, prevalence: float | None, curve: CostCurve
) -> str:
    """The Bayes-optimal threshold implied by the cost ratio, compared with the one found."""
    target = bayes_threshold(*costs, data_pi)
    rule = f"c_FP / (c_FP + c_FN) = {target:.2f}"
    if prevalence is not None:
        target = bayes_threshold(*costs, data_pi, prevalence)
        rule += f", or {target:.2f} once the odds are shifted to the deployment prevalence"
    return (
        f"Because {_cost_ratio(*costs)}, calibrated probabilities would put the threshold at {rule}; "
        f"the search found {curve.best_threshold:.2f}, and {_bayes_verdict(target, curve)}."
    )


def what_to_notice(
    scored: ScoredModel,
    threshold: float,
    beta: float,
    *,
    cost_fp: float,
    cost_fn: float,
    prevalence: float | None,
    sklearn_threshold: float | None = None,
    cost_curve: CostCurve | None = None,
) -> list[str]:
    """3-5 sentences with live numbers; pass ``sklearn_threshold`` and ``cost_curve`` when the
    page has already computed them (for these same costs and prevalence) to skip the work."""
    threshold = check_threshold(threshold)
    check_beta(beta)
    y, s = scored.y_val, scored.val_scores
    curve = cost_curve or expected_cost_curve(y, s, cost_fp=cost_fp, cost_fn=cost_fn, prevalence=prevalence)
    now, base = confusion_at(y, s, threshold), confusion_at(y, s, BASELINE_THRESHOLD)
    if sklearn_threshold is None:
        sklearn_threshold = sklearn_tuned_threshold(
            scored, cost_fp=cost_fp, cost_fn=cost_fn, prevalence=prevalence
        )
    data_pi = (now.tp + now.fn) / now.n
    notes = [
        _baseline_sentence(base, now, threshold, curve.best_threshold),
        _cost_sentence(threshold, curve.cost_at(threshold), curve),
        _ttcv_sentence(curve, sklearn_threshold, y, s),
    ]
    shift = prevalence if prevalence is not None and abs(prevalence - data_pi) >= 0.0005 else None
    if shift is not None:
        notes.append(_prevalence_sentence(now, threshold, data_pi, shift))
    notes.append(_bayes_sentence((cost_fp, cost_fn), data_pi, shift, curve))
    return notes


# --------------------------------------------------------------------------- interview notes


INTERVIEW = InterviewGuide(
    talking_points=(
        "A classifier gives a score; the threshold is a product decision, not a modelling one.",
        "0.5 is only optimal for calibrated probabilities, equal error costs and unchanged prevalence.",
        "Write the cost of each error in business units, then minimise expected cost per prediction.",
        "Calibrated P(positive): flag when p ≥ c_FP / (c_FP + c_FN); a 10:1 miss cost gives ≈ 0.09.",
        "Choose the threshold on validation data; report the test set once, or the number is optimistic.",
        "ROC is prevalence-free; precision is not — quote precision at the deployment base rate.",
        "F-beta weights recall β times as much as precision: β = 2 for screening, β = 0.5 for spam.",
        "Capacity limits turn the threshold into top-k: flag what the review team can handle per day.",
    ),
    pick_when={
        "Lower threshold (favour recall)": (
            "A miss is expensive: fraud losses, cancer screening (a follow-up test catches false alarms).",
            "A human review queue or a cheap second-stage model filters the false positives.",
            "Positives are rare and each one matters more than the reviewers' time.",
        ),
        "Higher threshold (favour precision)": (
            "A false alarm hurts users: losing a legitimate email costs more than letting one spam through.",
            "Actions are automatic and costly to undo (blocking accounts, declining payments).",
            "Downstream capacity is fixed: a small team can only review the top few hundred cases.",
        ),
        "Cost-optimal threshold": (
            "You can price both errors; re-derive it whenever costs or prevalence change.",
        ),
    },
    pitfalls=(
        "Tuning the threshold on the test set: the reported metric is then biased upwards.",
        "Tuning on the training set: scores are over-confident there, so the threshold is too extreme.",
        "Keeping the threshold after prevalence shifts: precision and alert volume drift silently.",
        "Using c_FP/(c_FP+c_FN) on uncalibrated scores (boosting, SVMs, resampled training data).",
        "Optimising accuracy on imbalanced data: 'never flag' already scores 99% at 1% prevalence.",
        "Reporting a single threshold without the PR curve hides what other operating points offer.",
    ),
    follow_ups=(
        "How would you set the threshold if the review team can handle only 500 cases a day?",
        "Prevalence doubles next month: what happens to precision, recall and your threshold?",
        "How do you monitor the threshold in production without immediate labels?",
        "Would you use one threshold for every user segment or market? What about fairness?",
        "When would you calibrate (Platt, isotonic) before picking the threshold?",
        "How do you pick the threshold when the validation set has only 20 positives?",
    ),
)
