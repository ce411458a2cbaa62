"""The serving charts: latency distributions, the queue over time, the staleness of precomputed
predictions, and the measured service time with its fitted line."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explorers import charts, formatting
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json
from explorers.formatting import duration_ms
from explorers.serving.modes import Result, ServingMode
from explorers.serving.precompute import BatchPrecompute
from explorers.serving.realtime import QUANTILE_LEVELS, ModeResult
from explorers.serving.timing import ServiceCost, ServiceTiming

Array = np.ndarray
SMALLEST_LATENCY_MS = 1e-3  # latencies are drawn from here on the log axis


def latency_cdf_figure(curves: Sequence[tuple[ServingMode, Result]], sla_ms: float) -> go.Figure:
    """Cumulative share of requests answered within each latency (log axis), with each p99 and the SLA."""
    levels = QUANTILE_LEVELS * 100
    traces: list[Json] = []
    for mode, result in curves:
        name = mode.name + (" (overloaded: grows with the run)" if result.overloaded else "")
        line = {"color": mode.colour, "width": 2.5, "dash": "dot" if result.overloaded else "solid"}
        traces.append(
            {
                "type": "scatter",
                "x": np.maximum(result.quantiles, SMALLEST_LATENCY_MS),
                "y": levels,
                "mode": "lines",
                "name": name,
                "line": line,
                "hovertemplate": "%{y:.2f}% within %{x:.3g} ms<extra>" + mode.name + "</extra>",
            }
        )
        hover = f"{mode.name}<br>p99 {duration_ms(result.p99)}"
        p99 = charts.marker(
            max(result.p99, SMALLEST_LATENCY_MS),
            99.0,
            name=name,
            colour=mode.colour,
            symbol="diamond",
            hover=hover,
            size=10,
        )
        traces.append({**p99, "showlegend": False})
    sla = charts.label(
        f"SLA {formatting.sla(sla_ms)}", float(np.log10(sla_ms)), 0.02, font={"color": HIGHLIGHT_COLOUR}
    )
    layout = {
        "xaxis": charts.axis("Latency (ms, log scale)", type="log"),
        "yaxis": charts.axis("Requests answered within (%)", range=[0, 101]),
        "shapes": [charts.vline(sla_ms, colour=HIGHLIGHT_COLOUR, dash="dash")],
        "annotations": [sla],
    }
    return charts.figure(traces, layout)


def queue_figure(results: Sequence[tuple[ServingMode, ModeResult]]) -> go.Figure:
    """Requests in the system over time for each real-time mode, over the arrival rate (grey)."""
    first = results[0][1]
    traces: list[Json] = [
        {
            "type": "scatter",
            "x": first.queue_times,
            "y": first.arrival_rate,
            "mode": "lines",
            "name": "Arrival rate (right axis)",
            "line": {"color": "rgba(127,127,127,0.5)", "width": 1, "shape": "hv"},
            "fill": "tozeroy",
            "fillcolor": "rgba(127,127,127,0.15)",
            "yaxis": "y2",
            "hovertemplate": "t = %{x:.3g} s<br>%{y:,.0f} req/s<extra></extra>",
        }
    ]
    for mode, result in results:
        traces.append(
            {
                "type": "scatter",
                "x": result.queue_times,
                "y": result.in_system,
                "mode": "lines",
                "name": mode.name,
                "line": {"color": mode.colour, "width": 2},
                "hovertemplate": "t = %{x:.3g} s<br>%{y:,} in system<extra>" + mode.name + "</extra>",
            }
        )
    layout = {
        "xaxis": charts.axis("Time since the start of the simulation (s)"),
        "yaxis": charts.axis("Requests waiting or in service", rangemode="tozero"),
        "yaxis2": charts.axis(
            "Arrival rate (req/s)", overlaying="y", side="right", rangemode="tozero", showgrid=False
        ),
    }
    return charts.figure(traces, layout)


def staleness_figure(batch: BatchPrecompute, colour: str) -> go.Figure:
    """Histogram of the age of the predictions requests are served, in hours; a notice in its place when
    the runs cannot keep up (the age then has no distribution: it grows)."""
    if not batch.keeps_up:
        return _no_staleness(batch)
    edges = batch.staleness_edges
    share = batch.staleness_counts / batch.staleness_counts.sum() * 100
    median = batch.staleness_p50
    traces: list[Json] = [
        {
            "type": "bar",
            "x": (edges[:-1] + edges[1:]) / 2,
            "y": share,
            "width": np.diff(edges),
            "name": "Requests",
            "marker": {"color": colour, "line": {"width": 0}},
            "hovertemplate": "%{x:.1f} h old: %{y:.2f}% of requests<extra></extra>",
            "showlegend": False,
        }
    ]
    layout = {
        "xaxis": charts.axis("Age of the prediction served (hours)", range=[0, float(edges[-1])]),
        "yaxis": charts.axis("Share of requests (%)", rangemode="tozero"),
        "bargap": 0.05,
        "shapes": [charts.vline(median, colour=REFERENCE_COLOUR, dash="dash")],
        "annotations": [charts.label(f"median {formatting.hours(median)}", median, 1.0, yanchor="top")],
    }
    return charts.figure(traces, layout)


def _no_staleness(batch: BatchPrecompute) -> go.Figure:
    """An empty chart that says why: the runs queue, so the age of what is served grows without bound."""
    text = (
        f"Cannot keep up: a run takes {formatting.hours(batch.run_hours)}, one is due every "
        f"{formatting.hours(batch.every_hours)}.<br>The runs queue, so the predictions served grow older "
        "without bound."
    )
    layout = {
        "xaxis": charts.axis("Age of the prediction served (hours)", range=[0, 1], showticklabels=False),
        "yaxis": charts.axis("Share of requests (%)", range=[0, 1], showticklabels=False),
        "annotations": [
            {"x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "text": text, "showarrow": False}
        ],
    }
    return charts.figure([], layout)


def timing_figure(timing: ServiceTiming, used: ServiceCost) -> go.Figure:
    """Measured predict time per call (left) and per prediction (right) against the batch size,
    with the fitted line t(b) = a + c*b and, when set by hand, the line the simulation uses."""
    b = timing.batch_sizes.astype(np.float64)
    line_b = np.geomspace(1, b[-1], 60)
    error = {"type": "data", "symmetric": False, "color": REFERENCE_COLOUR, "thickness": 1, "width": 3}
    lines = [(timing.fit, _fit_name(timing.fit), PALETTE[0])]
    if used != timing.fit:
        lines.append((used, _fit_name(used, "set by hand"), HIGHLIGHT_COLOUR))
    traces: list[Json] = []
    for axes, per_prediction in (("", False), ("2", True)):
        per, line_per = (b, line_b) if per_prediction else (1.0, 1.0)
        show = not per_prediction
        traces.append(
            {
                "type": "scatter",
                "x": b,
                "y": timing.median_ms / per,
                "mode": "markers",
                "name": f"Measured median ({timing.label})",
                "legendgroup": "measured",
                "showlegend": show,
                "marker": {"color": PALETTE[0], "size": 8},
                "error_y": {
                    **error,
                    "array": (timing.high_ms - timing.median_ms) / per,
                    "arrayminus": (timing.median_ms - timing.low_ms) / per,
                },
                "xaxis": f"x{axes}",
                "yaxis": f"y{axes}",
                "hovertemplate": "Batch of %{x:.0f}<br>%{y:.3g} ms<extra></extra>",
            }
        )
        for cost, name, colour in lines:
            y = cost.call_ms(line_b) / line_per
            traces.append(_cost_line(line_b, y, name, colour, axes=axes, show=show))
    layout = {
        "xaxis": charts.axis("Batch size (rows per call)", type="log", domain=[0.0, 0.45]),
        "yaxis": charts.axis("Time per call (ms)", type="log", dtick=1),
        "xaxis2": charts.axis("Batch size (rows per call)", type="log", domain=[0.55, 1.0]),
        "yaxis2": charts.axis("Time per prediction (ms)", type="log", anchor="x2", dtick=1),
    }
    return charts.figure(traces, layout)


def _fit_name(cost: ServiceCost, source: str = "fit") -> str:
    return f"t(b) = {duration_ms(cost.setup_ms)} + {duration_ms(cost.per_row_ms)} × b ({source})"


def _cost_line(x: Array, y: Array, name: str, colour: str, *, axes: str, show: bool) -> Json:
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": name,
        "legendgroup": name,
        "showlegend": show,
        "line": {"color": colour, "dash": "dash" if colour == PALETTE[0] else "solid"},
        "xaxis": f"x{axes}",
        "yaxis": f"y{axes}",
        "hovertemplate": "Batch of %{x:.0f}<br>%{y:.3g} ms<extra>" + name + "</extra>",
    }
