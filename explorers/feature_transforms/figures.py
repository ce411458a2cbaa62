"""The page's figures, from plain dicts (``charts.figure``; the unit tests validate each one):
AUC per transform for both models, a count before and after the transform, raw and smoothed CTR
against the true CTR, and a model's learned effect per bucket."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers import charts
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json
from explorers.feature_transforms.training import Effect, Score

MODEL_COLOURS = {"logreg": PALETTE[0], "gbm": PALETTE[1]}
RAW_COLOUR = REFERENCE_COLOUR
SMOOTH_COLOUR = PALETTE[0]
HISTOGRAM_BINS = 40
SCATTER_POSTS = 1500  # posts drawn in the smoothing scatter (all are used in its numbers)


def quality_figure(
    scores: dict[str, dict[str, Score]], ticks: dict[str, str], model_labels: dict[str, str], current: str
) -> go.Figure:
    """Mean test AUC ± 1 sd over seeds for every transform (one row each, top to bottom), one series per
    model, the current transform's row shaded."""
    keys = list(ticks)
    y = np.arange(len(keys), dtype=float)
    traces: list[Json] = []
    for shift, (model, by_transform) in zip((-0.14, 0.14), scores.items(), strict=True):
        traces.append(
            {
                "type": "scatter",
                "x": [by_transform[k].auc for k in keys],
                "y": y + shift,
                "mode": "markers",
                "name": model_labels[model],
                "marker": {"color": MODEL_COLOURS[model], "size": 11},
                "error_x": {
                    "type": "data",
                    "array": [by_transform[k].auc_sd for k in keys],
                    "visible": True,
                    "thickness": 1.5,
                    "width": 3,
                },
                "customdata": [ticks[k] for k in keys],
                "hovertemplate": "%{customdata}: AUC %{x:.3f}<extra>" + model_labels[model] + "</extra>",
            }
        )
    where = keys.index(current)
    band = {
        "type": "rect",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": where - 0.45,
        "y1": where + 0.45,
        "fillcolor": HIGHLIGHT_COLOUR,
        "opacity": 0.18,
        "line": {"width": 0},
        "layer": "below",
    }
    layout: Json = {
        "xaxis": charts.axis("Test ROC-AUC, mean ± sd over seeds (chance: 0.5)"),
        "yaxis": charts.axis(
            "", tickmode="array", tickvals=list(y), ticktext=[ticks[k] for k in keys], autorange="reversed"
        ),
        "shapes": [band],
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "margin": {"t": 36, "l": 10},
    }
    return charts.figure(traces, layout)


def _histogram(values: np.ndarray, axis_index: int, colour: str, name: str) -> Json:
    counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
    return charts.on_panel(
        {
            "type": "bar",
            "x": (edges[:-1] + edges[1:]) / 2,
            "y": counts,
            "width": float(edges[1] - edges[0]) if edges.size > 1 else 1.0,
            "name": name,
            "marker": {"color": colour, "line": {"width": 0}},
            "showlegend": False,
            "hovertemplate": "%{x:.3g}: %{y} training rows<extra></extra>",
        },
        axis_index,
    )


def distribution_figure(
    raw: np.ndarray, transformed: np.ndarray, feature: str, transform: str, edges: np.ndarray | None
) -> go.Figure:
    """A count before (left) and after (right) the transform, on the training rows; bucket edges (if
    the transform buckets) drawn on the raw histogram."""
    layout = charts.small_multiples_layout(
        (f"{feature}, raw", f"After: {transform}"), (feature, "Training rows"), shared=False, gap=0.1
    )
    layout["xaxis2"]["title"] = {"text": "Transformed value"}
    layout["showlegend"] = False
    layout["margin"] = {"t": 40}
    shapes = []
    if edges is not None:
        shapes = [charts.vline(float(e), colour=HIGHLIGHT_COLOUR, width=1, dash="dot") for e in edges]
    layout["shapes"] = shapes
    return charts.figure(
        [_histogram(raw, 0, RAW_COLOUR, "raw"), _histogram(transformed, 1, SMOOTH_COLOUR, "transformed")],
        layout,
    )


def smoothing_figure(
    true_ctr: np.ndarray, raw: np.ndarray, smoothed: np.ndarray, impressions: np.ndarray, prior_mean: float
) -> go.Figure:
    """Raw and smoothed CTR against the true CTR, marker size growing with impressions."""
    order = np.random.default_rng(0).permutation(true_ctr.size)[:SCATTER_POSTS]
    size = 4 + 3 * np.log10(impressions[order])
    hover = "true %{x:.3f}, estimate %{y:.3f}<br>%{customdata} impressions<extra>"
    traces = [
        {
            "type": "scattergl",
            "x": true_ctr[order],
            "y": values[order],
            "mode": "markers",
            "name": name,
            "marker": {"color": colour, "size": size, "opacity": opacity},
            "customdata": impressions[order],
            "hovertemplate": hover + name + "</extra>",
        }
        for name, values, colour, opacity in (
            ("Raw clicks / impressions", raw, RAW_COLOUR, 0.35),
            ("Smoothed", smoothed, SMOOTH_COLOUR, 0.6),
        )
    ]
    top = float(max(true_ctr.max(), 0.05))
    traces.append(charts.reference_line((0.0, top), (0.0, top), "Estimate = true CTR"))
    layout: Json = {
        "xaxis": charts.axis("True CTR"),
        "yaxis": charts.axis("Estimated CTR", range=[-0.03, 1.05]),
        "shapes": [
            {
                "type": "line",
                "x0": 0,
                "x1": 1,
                "xref": "paper",
                "y0": prior_mean,
                "y1": prior_mean,
                "line": {"color": HIGHLIGHT_COLOUR, "dash": "dash", "width": 1.5},
            }
        ],
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "margin": {"t": 40},
    }
    return charts.figure(traces, layout)


def compact(x: float) -> str:
    """A count as people write it on an axis: '7', '42', '0.5', '1.4k', '2.6M'."""
    for size, unit in ((1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:.2g}{unit}" if abs(x) < 10 * size else f"{x / size:.0f}{unit}"
    return f"{x:.0f}" if abs(x) >= 10 else f"{x:.2g}"


def effect_figure(effect: Effect, feature: str, model: str) -> go.Figure:
    """The model's mean log-odds with every row's count set to each bucket's centre, one step per bucket."""
    lows, highs = effect.edges[:-1], effect.edges[1:]
    names = [f"{compact(lo)}–{compact(hi)}" for lo, hi in zip(lows, highs, strict=True)]
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": names,
        "y": effect.log_odds,
        "name": model,
        "line": {"color": SMOOTH_COLOUR, "shape": "hvh"},
        "marker": {"color": SMOOTH_COLOUR, "size": 9},
        "hovertemplate": feature + " %{x}<br>mean log-odds %{y:.2f}<extra></extra>",
    }
    layout: Json = {
        "xaxis": charts.axis(f"{feature} bucket (training edges)", type="category"),
        "yaxis": charts.axis("Mean predicted log-odds"),
        "showlegend": False,
        "margin": {"t": 30},
    }
    return charts.figure([trace], layout)
