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
from explorers.metrics import Confusion, Curves, ExpectedCounts, Rates, check_labels, check_threshold, ratio
from explorers.threshold.costs import CostCurve

HIST_BIN_WIDTH = 0.05
FLAGGED_OPACITY = 0.08
OPTIMAL_COLOUR = PALETTE[2]
DEPLOYED_COLOUR = PALETTE[3]
PR_COLOUR = PALETTE[0]
ROC_COLOUR = PALETTE[4]
PR_ROC_TITLES = ("Precision-recall (moves with prevalence)", "ROC (the same at any prevalence)")
PER = 1000  # expected counts are quoted per this many predictions
_UNIT = [0, 1.02]  # axis range of a rate, with room for a marker at 1

# --------------------------------------------------------------------------- score distributions


def _histogram_trace(
    scores: np.ndarray, label: str, colour: str, edges: np.ndarray, weight: float | None
) -> Json:
    """Counts of ``scores`` in fixed bins as bars (times ``weight``, expected per 1,000, when given)."""
    counts, _ = np.histogram(scores, bins=edges)
    ranges = [f"{lo:.2f}–{hi:.2f}" for lo, hi in pairwise(edges)]
    shown = "%{y}" if weight is None else "%{y:.1f} expected per 1,000"
    return {
        "type": "bar",
        "x": (edges[:-1] + edges[1:]) / 2,
        "y": counts if weight is None else counts * weight,
        "width": HIST_BIN_WIDTH,
        "name": f"True {label}",
        "marker": {"color": colour, "line": {"width": 0}},
        "opacity": 0.6,
        "customdata": ranges,
        "hovertemplate": f"Score %{{customdata}}<br>{shown} true {label}<extra></extra>",
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


def _class_weights(y: np.ndarray, prevalence: float | None) -> tuple[float | None, float | None]:
    """(negative, positive) weights that turn counts into expected counts per 1,000 predictions at
    ``prevalence``; (None, None) for the validation data's own counts."""
    if prevalence is None:
        return None, None
    n_pos = int(np.count_nonzero(y == 1))
    return PER * (1 - prevalence) / (y.size - n_pos), PER * prevalence / n_pos


def where_read(prevalence: float | None, data_share: float) -> str:
    """Where a chart is read: the validation data (``data_share`` positive) or expected counts per
    1,000 predictions at a deployment ``prevalence``."""
    if prevalence is None:
        return f"validation data, {data_share:.1%} positive"
    return f"expected per {PER:,} predictions at {formatting.percent(prevalence)} prevalence"


def score_distribution_figure(
    y_val: np.ndarray,
    val_scores: np.ndarray,
    threshold: float,
    positive_label: str,
    negative_label: str,
    *,
    prevalence: float | None = None,
) -> go.Figure:
    """Overlaid score histograms by true class, the threshold line and the flagged region; counts of
    the validation data, or expected per 1,000 predictions at a deployment ``prevalence``."""
    y, s = check_labels(y_val, val_scores)
    threshold = check_threshold(threshold)
    edges = np.linspace(0.0, 1.0, round(1 / HIST_BIN_WIDTH) + 1)
    w_neg, w_pos = _class_weights(y, prevalence)
    traces = [
        _histogram_trace(s[y == 0], negative_label, NEGATIVE_COLOUR, edges, w_neg),
        _histogram_trace(s[y == 1], positive_label, POSITIVE_COLOUR, edges, w_pos),
    ]
    y_title = "Examples (count)" if prevalence is None else f"Expected per {PER:,} predictions"
    layout = {
        "title": {"text": f"Scores by true class ({where_read(prevalence, float(np.mean(y == 1)))})"},
        "barmode": "overlay",
        "bargap": 0,
        "shapes": [
            charts.x_band(threshold, 1.0, HIGHLIGHT_COLOUR, opacity=FLAGGED_OPACITY),
            charts.vline(threshold),
        ],
        "annotations": [_flagged_label(threshold, positive_label)],
        "xaxis": charts.axis(f"Model score P({positive_label}) (probability, 0–1)", range=[0, 1]),
        "yaxis": charts.axis(y_title),
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- confusion matrix


def _cell_text(count: float, row_total: float, name: str, whole: bool) -> str:
    """Cell label: name, count (a whole number, or an expected count to one decimal) and row share."""
    shown = f"{count:,.0f}" if whole else f"{count:,.1f}"
    return f"{name}<br>{shown}<br>({ratio(count, row_total):.0%} of row)"


def confusion_matrix_figure(
    confusion: Confusion | ExpectedCounts, positive_label: str, negative_label: str
) -> go.Figure:
    """2x2 heatmap (rows = true class, columns = predicted), coloured by share of the row: the
    validation counts, or the counts expected per 1,000 predictions at a deployment prevalence."""
    c = confusion
    whole = isinstance(c, Confusion)
    rows = ((c.tn, c.fp, "True negative", "False positive"), (c.fn, c.tp, "False negative", "True positive"))
    z, text = [], []
    for left, right, left_name, right_name in rows:
        total = left + right
        z.append([ratio(left, total), ratio(right, total)])
        text.append([_cell_text(left, total, left_name, whole), _cell_text(right, total, right_name, whole)])
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
    data_share = ratio(c.tp + c.fn, c.tp + c.fn + c.fp + c.tn)
    where = where_read(None if whole else c.prevalence, data_share)
    layout = {
        "title": {"text": f"Confusion matrix ({where})"},
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
            line={"color": PR_COLOUR},
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
    everyone = float(c.precision[-1])  # flagging everyone: precision = the prevalence
    no_skill = charts.reference_line((0.0, 1.0), (everyone, everyone), f"No skill: precision {everyone:.2f}")
    traces.append(charts.on_panel(no_skill, _PR))
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
            line={"color": ROC_COLOUR},
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
    layout = charts.small_multiples_layout(PR_ROC_TITLES, ("", ""), gap=0.1, shared=False)
    layout["xaxis"] |= charts.axis("Recall = TPR (0–1)", range=_UNIT)
    layout["yaxis"] |= charts.axis("Precision (0–1)", range=_UNIT)
    layout["xaxis2"] |= charts.axis("False-positive rate (0–1)", range=_UNIT)
    layout["yaxis2"] |= charts.axis("Recall = TPR (0–1)", range=_UNIT)
    traces = [*_pr_traces(curves, current, deployed_precision), *_roc_traces(curves, current)]
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- cost curve


def _step_xy(curve: CostCurve) -> tuple[np.ndarray, np.ndarray]:
    """Points of the cost step function from 0 to the highest candidate (draw with line shape 'vh')."""
    x, y = curve.thresholds, curve.cost_per_1000
    if x[0] > 0:
        x, y = np.r_[0.0, x], np.r_[y[0], y]
    return x, y


def _cost_marker(threshold: float, cost: float, name: str, *, colour: str, symbol: str, size: int) -> Json:
    """One labelled threshold marker on the cost curve."""
    hover = f"{name}<br>Threshold {threshold:.3f}<br>{formatting.money(cost)} per 1,000"
    return charts.marker(threshold, cost, name=name, colour=colour, symbol=symbol, hover=hover, size=size)


def cost_curve_figure(
    cost_curve: CostCurve,
    current_threshold: float,
    current_cost: float,
    tuned: tuple[float, float] | None = None,
) -> go.Figure:
    """Cost per 1,000 predictions vs threshold, marking the current threshold, the optimal interval
    (shaded) with its middle (star), and ``tuned``, TunedThresholdClassifierCV's (threshold, cost)
    when there is one. The star is drawn last and largest, so no marker hides it."""
    x, y = _step_xy(cost_curve)
    line = {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "line": {"color": PALETTE[0], "shape": "vh"},
        "name": "Expected cost",
        "customdata": [formatting.money(value) for value in y],
        "hovertemplate": "Threshold ≤ %{x:.3f}<br>%{customdata} per 1,000<extra></extra>",
    }
    low, high = cost_curve.best_interval
    traces = [
        line,
        _cost_marker(
            current_threshold,
            current_cost,
            "Current threshold",
            colour=HIGHLIGHT_COLOUR,
            symbol="circle",
            size=13,
        ),
    ]
    if tuned is not None:
        traces.append(
            _cost_marker(
                *tuned, "TunedThresholdClassifierCV", colour=REFERENCE_COLOUR, symbol="diamond", size=11
            )
        )
    star = f"Cost-optimal: middle of {low:.2f}–{high:.2f} (every score tried)"
    traces.append(
        _cost_marker(
            cost_curve.best_threshold,
            cost_curve.best_cost,
            star,
            colour=OPTIMAL_COLOUR,
            symbol="star",
            size=17,
        )
    )
    layout = {
        "shapes": [
            charts.x_band(low, high, OPTIMAL_COLOUR, opacity=0.12),
            charts.vline(current_threshold, dash="dot"),
        ],
        "xaxis": charts.axis("Threshold on P(positive) (0–1)", range=[0, 1]),
        "yaxis": charts.axis("Cost per 1,000 predictions ($)", rangemode="tozero"),
    }
    return charts.figure(traces, layout)
