"""The page's four figures: score distributions, confusion matrix, PR and ROC curves, cost curve.

Each is built from plain dicts with ``charts.figure``, which skips plotly's validation on the
reading path; the unit tests validate every builder's output.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import plotly.graph_objects as go

from explorers import charts, formatting
from explorers.charts import (
    HIGHLIGHT_COLOUR,
    NEGATIVE_COLOUR,
    PALETTE,
    POSITIVE_COLOUR,
    REFERENCE_COLOUR,
    SEQUENTIAL_SCALE,
    Json,
)
from explorers.metrics import Confusion, Curves, Rates, check_labels, check_threshold, ratio
from explorers.threshold.costs import CostCurve

HIST_BIN_WIDTH = 0.05
FLAGGED_OPACITY = 0.08
OPTIMAL_COLOUR = PALETTE[2]
DEPLOYED_COLOUR = PALETTE[3]
_UNIT = [0, 1.02]  # axis range of a rate, with room for a marker at 1

# --------------------------------------------------------------------------- score distributions


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
        "shapes": [
            charts.x_band(threshold, 1.0, HIGHLIGHT_COLOUR, opacity=FLAGGED_OPACITY),
            charts.vline(threshold),
        ],
        "annotations": [_flagged_label(threshold, positive_label)],
        "xaxis": charts.axis(f"Model score P({positive_label}) (probability, 0–1)", range=[0, 1]),
        "yaxis": charts.axis("Examples (count)"),
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- confusion matrix


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


# --------------------------------------------------------------------------- PR and ROC

_PR, _ROC = 0, 1  # panel indices
_PR_HOVER = "Recall %{x:.2f}<br>Precision %{y:.2f}<extra>%{fullData.name}</extra>"
_ROC_HOVER = "False-positive rate %{x:.2f}<br>Recall %{y:.2f}<extra>%{fullData.name}</extra>"


def _curve(x: np.ndarray, y: np.ndarray, *, name: str, line: Json, panel: int, hover: str) -> Json:
    """A line over operating points on ``panel``."""
    trace = {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": name,
        "line": line,
        "hovertemplate": hover,
    }
    return charts.on_panel(trace, panel)


def _point(x: float, y: float, *, name: str, colour: str, panel: int, hover: str) -> Json:
    """A single marked operating point on ``panel``."""
    point = charts.marker(x, y, name=name, colour=colour, symbol="circle", hover=hover, size=12)
    return charts.on_panel(point, panel)


def _pr_traces(c: Curves, current: Rates, deployed_precision: float | None) -> list[Json]:
    """PR curve(s) and operating point(s) on the left panel."""
    here = f"Threshold {current.threshold:.2f}<br>Recall {current.recall:.2f}"
    traces = [
        _curve(
            c.recall[1:],
            c.precision[1:],
            name=f"PR at data prevalence (AP {c.average_precision:.2f})",
            line={"color": PALETTE[0]},
            panel=_PR,
            hover=_PR_HOVER,
        ),
        _point(
            current.recall,
            current.precision,
            name=f"Threshold {current.threshold:.2f}",
            colour=HIGHLIGHT_COLOUR,
            panel=_PR,
            hover=f"{here}<br>Precision {current.precision:.2f}",
        ),
    ]
    if c.precision_at_prevalence is None or c.prevalence is None or deployed_precision is None:
        return traces
    name = f"PR at deployment prevalence {c.prevalence:.1%} (AP {c.average_precision_at_prevalence:.2f})"
    return [
        *traces,
        _curve(
            c.recall[1:],
            c.precision_at_prevalence[1:],
            name=name,
            line={"color": DEPLOYED_COLOUR, "dash": "dash"},
            panel=_PR,
            hover=_PR_HOVER,
        ),
        _point(
            current.recall,
            deployed_precision,
            name="Same threshold, deployed",
            colour=DEPLOYED_COLOUR,
            panel=_PR,
            hover=f"{here}<br>Precision {deployed_precision:.2f} at prevalence {c.prevalence:.1%}",
        ),
    ]


def _roc_traces(c: Curves, current: Rates) -> list[Json]:
    """ROC curve, chance diagonal and operating point on the right panel."""
    here = f"Threshold {current.threshold:.2f}<br>False-positive rate {current.fpr:.2f}"
    return [
        _curve(
            c.fpr,
            c.tpr,
            name=f"ROC (AUC {c.roc_auc:.2f}), the same at any prevalence",
            line={"color": PALETTE[0]},
            panel=_ROC,
            hover=_ROC_HOVER,
        ),
        charts.on_panel(charts.reference_line((0.0, 1.0), (0.0, 1.0), "Chance"), _ROC),
        _point(
            current.fpr,
            current.recall,
            name="Operating point (ROC)",
            colour=HIGHLIGHT_COLOUR,
            panel=_ROC,
            hover=f"{here}<br>Recall {current.recall:.2f}",
        ),
    ]


def pr_roc_figure(curves: Curves, current: Rates, deployed_precision: float | None = None) -> go.Figure:
    """Precision-recall (left) and ROC (right) with the current operating point marked.

    ``current`` holds the rates at the data's prevalence; when ``curves`` has a deployment
    prevalence, the shifted PR curve and the operating point at ``deployed_precision`` are added
    (dashed); ROC does not move.
    """
    layout = {
        "xaxis": charts.axis("Recall = TPR (0–1)", domain=[0.0, 0.45], range=_UNIT),
        "yaxis": charts.axis("Precision (0–1)", range=_UNIT),
        "xaxis2": charts.axis("False-positive rate (0–1)", domain=[0.55, 1.0], range=_UNIT),
        "yaxis2": charts.axis("Recall = TPR (0–1)", anchor="x2", range=_UNIT),
    }
    traces = [*_pr_traces(curves, current, deployed_precision), *_roc_traces(curves, current)]
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- cost curve


def _step_xy(curve: CostCurve) -> tuple[np.ndarray, np.ndarray]:
    """Points of the cost step function from 0 to the highest candidate (draw with line shape 'vh')."""
    x, y = curve.thresholds, curve.cost_per_1000
    if x[0] > 0:
        x, y = np.r_[0.0, x], np.r_[y[0], y]
    return x, y


def _cost_marker(threshold: float, cost: float, name: str, colour: str, symbol: str) -> Json:
    """One labelled threshold marker on the cost curve."""
    hover = f"{name}<br>Threshold {threshold:.3f}<br>{formatting.money(cost)} per 1,000"
    return charts.marker(threshold, cost, name=name, colour=colour, symbol=symbol, hover=hover, size=13)


def cost_curve_figure(
    cost_curve: CostCurve,
    current_threshold: float,
    current_cost: float,
    tuned: tuple[float, float] | None = None,
) -> go.Figure:
    """Cost per 1,000 predictions vs threshold, marking the current and cost-optimal thresholds and
    ``tuned``, TunedThresholdClassifierCV's (threshold, cost), when there is one."""
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
    best = cost_curve.best_threshold
    traces = [
        line,
        _cost_marker(current_threshold, current_cost, "Current threshold", HIGHLIGHT_COLOUR, "circle"),
        _cost_marker(best, cost_curve.best_cost, "Cost-optimal (every score tried)", OPTIMAL_COLOUR, "star"),
    ]
    if tuned is not None:
        traces.append(_cost_marker(*tuned, "TunedThresholdClassifierCV", REFERENCE_COLOUR, "diamond"))
    layout = {
        "shapes": [charts.vline(current_threshold, dash="dot")],
        "xaxis": charts.axis("Threshold on P(positive) (0–1)", range=[0, 1]),
        "yaxis": charts.axis("Cost per 1,000 predictions ($)", rangemode="tozero"),
    }
    return charts.figure(traces, layout)
