"""The page's four charts: both decision surfaces, the reliability diagram, the outlier sweep and
fit time against training-set size."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from explorers import charts, plane
from explorers.charts import HIGHLIGHT_COLOUR, NEGATIVE_COLOUR, POSITIVE_COLOUR, Json
from explorers.lr_vs_svm.data import PreparedData
from explorers.lr_vs_svm.fitting import FittedModel
from explorers.lr_vs_svm.reliability import ReliabilityLine
from explorers.lr_vs_svm.specs import SWEEP_PAIR, LogisticSpec, SvmSpec
from explorers.lr_vs_svm.sweeps import FitTimeSweep, OutlierSweep

POINTS_PER_SPLIT = 500  # points drawn per split and panel (the models use all of them)
_MARGIN_COLOUR = "#262730"
_PANEL_GAP = 0.14


def _legend_below() -> Json:
    """A horizontal legend at the bottom of the figure, below the axis titles."""
    return {
        "orientation": "h",
        "yref": "container",
        "yanchor": "bottom",
        "y": 0.0,
        "xanchor": "left",
        "x": 0.0,
    }


def _marker_line(x: float, xref: str = "x") -> Json:
    """The dotted line marking the current setting."""
    return charts.vline(x, dash="dot", width=1.5, xref=xref)


# --------------------------------------------------------------------------- decision surfaces


def _plane_xy(data: PreparedData, rows: np.ndarray) -> np.ndarray:
    """Plane coordinates of some training rows."""
    return data.view.to_plane(data.X_train[rows])


def _support_trace(data: PreparedData, svm: FittedModel) -> Json:
    """Open rings around the SVM's support vectors (an even subset when there are many)."""
    shown = svm.support_indices[plane.shown_rows(svm.n_support, POINTS_PER_SPLIT)]
    xy = _plane_xy(data, shown) if shown.size else np.empty((0, 2))
    return {
        "type": "scatter",
        "mode": "markers",
        "name": f"Support vectors ({svm.n_support:,})",
        "x": np.round(xy[:, 0], 4).tolist(),
        "y": np.round(xy[:, 1], 4).tolist(),
        "marker": {"symbol": "circle-open", "size": 12, "color": _MARGIN_COLOUR, "line": {"width": 1.5}},
        "hoverinfo": "skip",
    }


def _outlier_trace(data: PreparedData, show_legend: bool) -> Json:
    """The injected outliers as crosses in the colour of their (flipped) label."""
    rows = np.arange(data.n_clean, data.y_train.size)
    xy = _plane_xy(data, rows) if rows.size else np.empty((0, 2))
    colours = [POSITIVE_COLOUR if label == 1 else NEGATIVE_COLOUR for label in data.y_train[rows]]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": f"Outliers ({rows.size})",
        "legendgroup": "outliers",
        "x": np.round(xy[:, 0], 4).tolist(),
        "y": np.round(xy[:, 1], 4).tolist(),
        "marker": {"symbol": "x", "size": 10, "color": colours, "line": {"width": 1, "color": "white"}},
        "showlegend": show_legend,
        "hovertemplate": "Injected outlier<extra></extra>",
    }


def _points(data: PreparedData, show_legend: bool) -> list[Json]:
    """Train (filled circles), test (outlined diamonds) and outliers (crosses) on one panel."""
    labels = {"positive_label": data.positive_label, "negative_label": data.negative_label}
    clean = np.arange(data.n_clean)
    traces = plane.points_traces(
        _plane_xy(data, clean),
        data.y_train[: data.n_clean],
        split="train",
        show_legend=show_legend,
        max_points=POINTS_PER_SPLIT,
        **labels,
    )
    traces += plane.points_traces(
        data.view.to_plane(data.X_test),
        data.y_test,
        split="test",
        show_legend=show_legend,
        max_points=POINTS_PER_SPLIT,
        **labels,
    )
    if data.n_outliers:
        traces.append(_outlier_trace(data, show_legend))
    return traces


def _colorbar_at(trace: Json, x: float, title: str) -> Json:
    """A surface trace with its colour bar moved beside its own panel."""
    bar = {"title": {"text": title, "side": "right"}, "thickness": 12, "len": 0.8, "x": x, "xpad": 4}
    return {**trace, "colorbar": bar}


def surfaces_figure(data: PreparedData, logistic: FittedModel, svm: FittedModel) -> go.Figure:
    """The two decision surfaces side by side on shared axes, with the same points on both."""
    grid = data.grid
    titles = (f"{logistic.label}: P({data.positive_label})", f"{svm.label}: decision function")
    layout = charts.small_multiples_layout(titles, data.view.axis_titles, gap=_PANEL_GAP)
    panel_width = (1 - _PANEL_GAP) / 2
    lr_surface = plane.surface_trace(
        grid, logistic.grid_values, kind=LogisticSpec.surface, name="P(positive)"
    )
    svm_surface = plane.surface_trace(grid, svm.grid_values, kind=SvmSpec.surface, name="Decision function")
    left = [
        _colorbar_at(lr_surface, panel_width + 0.005, "P(positive)"),
        plane.level_lines_trace(grid, logistic.grid_values, [0.5], name="Boundary"),
        *_points(data, show_legend=True),
    ]
    right = [
        _colorbar_at(svm_surface, 1.005, "f(x)"),
        plane.level_lines_trace(grid, svm.grid_values, [0.0], name="SVM boundary (f = 0)", show_legend=False),
        plane.level_lines_trace(
            grid, svm.grid_values, [-1.0, 1.0], name="Margins (f = ±1)", dash="dash", width=1.5
        ),
        *_points(data, show_legend=False),
        _support_trace(data, svm),
    ]
    traces = [charts.on_panel(t, 0) for t in left] + [charts.on_panel(t, 1) for t in right]
    layout["legend"] = _legend_below()
    layout["margin"] = {"l": 10, "r": 40, "t": 40, "b": 10}
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- reliability


def reliability_figure(lines: tuple[ReliabilityLine, ...]) -> go.Figure:
    """Reliability diagram: observed positive rate per bin against the mean predicted probability."""
    styles = (
        {"color": LogisticSpec.colour},
        {"color": SvmSpec.colour, "dash": "dot"},
        {"color": SvmSpec.colour},
    )
    traces: list[Json] = [charts.reference_line((0, 1), (0, 1), "Perfectly calibrated", dash="dash")]
    for line, style in zip(lines, styles, strict=True):
        traces.append(
            {
                "type": "scatter",
                "x": np.round(line.curve.predicted, 4).tolist(),
                "y": np.round(line.curve.observed, 4).tolist(),
                "mode": "lines+markers",
                "name": f"{line.name} (Brier {line.brier:.3f})",
                "line": style,
                "hovertemplate": "Predicted %{x:.2f}<br>Observed %{y:.2f}<extra></extra>",
            }
        )
    layout = {
        "xaxis": charts.axis("Mean predicted P(positive) in the bin (0–1)", range=[-0.02, 1.02]),
        "yaxis": charts.axis("Observed share of positives (0–1)", range=[-0.02, 1.02]),
        "legend": _legend_below(),
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- outlier sweep


def _sweep_trace(x: list[float], y: list[float], name: str, colour: str, *, legend: bool, hover: str) -> Json:
    """One line of the outlier sweep."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "legendgroup": name,
        "showlegend": legend,
        "line": {"color": colour},
        "hovertemplate": f"{name}<br>%{{x:g}}% outliers: {hover}<extra></extra>",
    }


def outlier_figure(logistic: OutlierSweep, svm: OutlierSweep, svm_label: str, current: float) -> go.Figure:
    """Two panels against the outlier fraction: boundary movement, and test-accuracy change."""
    layout = charts.small_multiples_layout(
        ("How far the boundary moves", "Test accuracy change"),
        ("Outliers added (% of training rows)", "Share of the chart that flips class (%)"),
        gap=0.12,
        shared=False,
    )
    layout["yaxis2"] = {**layout["yaxis2"], "title": {"text": "Test-accuracy change (% points)"}}  # type: ignore[dict-item]
    traces: list[Json] = []
    lines = ((logistic, LogisticSpec.name, LogisticSpec.colour), (svm, svm_label, SvmSpec.colour))
    for sweep, name, colour in lines:
        x = [round(f * 100, 2) for f in sweep.fractions]
        moved = [round(m * 100, 2) for m in sweep.moved_share]
        change = [round((a - sweep.test_accuracy[0]) * 100, 2) for a in sweep.test_accuracy]
        traces.append(_sweep_trace(x, moved, name, colour, legend=True, hover="%{y:.1f}% of the chart flips"))
        traces.append(
            charts.on_panel(
                _sweep_trace(x, change, name, colour, legend=False, hover="%{y:+.1f} accuracy points"), 1
            )
        )
    layout["shapes"] = [_marker_line(current * 100, "x"), _marker_line(current * 100, "x2")]
    layout["legend"] = _legend_below()
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- fit time vs size


def _time_trace(
    sizes: tuple[int, ...], seconds: tuple[float, ...], name: str, colour: str, dash: str = "solid"
) -> Json:
    """One fit-time line, in milliseconds."""
    return {
        "type": "scatter",
        "x": list(sizes),
        "y": [round(s * 1000, 3) for s in seconds],
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "dash": dash},
        "hovertemplate": f"{name}<br>%{{x:,}} rows: %{{y:,.1f}} ms<extra></extra>",
    }


def _line_label(x: float, text: str) -> Json:
    """A small label at the top of the marker line on the log x axis."""
    return {
        "x": math.log10(x),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "top",
        "font": {"color": HIGHLIGHT_COLOUR},
    }


def fit_time_figure(sweep: FitTimeSweep, n_train: int) -> go.Figure:
    """Fit time against training-set size on log-log axes; projected SVM sizes dashed."""
    logistic, svm = SWEEP_PAIR
    measured = sweep.svm_measured_sizes
    traces: list[Json] = [
        _time_trace(sweep.sizes, sweep.logistic_seconds, logistic.label, logistic.colour),
        _time_trace(measured, sweep.svm_seconds, svm.label, svm.colour),
    ]
    if sweep.svm_projected:
        xs = (measured[-1], *sweep.sizes[len(measured) :])
        ys = (sweep.svm_seconds[-1], *sweep.svm_projected)
        traces.append(_time_trace(xs, ys, f"{svm.label}, projected", svm.colour, dash="dash"))
    layout = {
        "xaxis": charts.axis(
            "Training-set size (rows, log scale)",
            type="log",
            tickvals=list(sweep.sizes),
            ticktext=[f"{n:,}" for n in sweep.sizes],
        ),
        "yaxis": charts.axis("Fit time (ms, log scale)", type="log", dtick=1),
        "shapes": [_marker_line(n_train)],
        "annotations": [_line_label(n_train, "this page's training set")],
        "legend": _legend_below(),
    }
    return charts.figure(traces, layout)
