"""The drift charts: performance over time per policy, the detector's trace, sample size against the
drift tests, and each policy's bill."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explorers import charts, formatting
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json
from explorers.drift.detectors import Detector
from explorers.drift.policies import PolicyRun, Trace
from explorers.drift.readings import Cost
from explorers.drift.sample_size import SampleSizeStudy

COLOURS = {"never": PALETTE[3], "cadence": PALETTE[0], "triggered": PALETTE[2]}
BLIND_COLOUR = "#BDBDBD"
RAMP_COLOUR = PALETTE[1]


def _drift_marks(start: int, ramp_end: int | None, delay: int) -> tuple[list[Json], list[Json]]:
    """The drift's start (a line), its ramp (a band) and the label-delay blind spot (a grey band)."""
    shapes = [charts.vline(start - 0.5, colour=HIGHLIGHT_COLOUR, dash="dash")]
    notes = [charts.label("drift starts", start - 0.4, 0.02, font={"size": 12, "color": HIGHLIGHT_COLOUR})]
    if ramp_end is not None:
        shapes.append(charts.x_band(start - 0.5, ramp_end - 0.5, RAMP_COLOUR, opacity=0.08))
    if delay:
        shapes.append(charts.x_band(start - 0.5, start + delay - 0.5, BLIND_COLOUR, opacity=0.35))
        notes.append(charts.label("no labels yet", start - 0.4, 0.97, yanchor="top", font={"size": 12}))
    return shapes, notes


def performance_figure(
    runs: Sequence[tuple[PolicyRun, np.ndarray]],
    baseline: np.ndarray,
    metric: str,
    baseline_name: str,
    *,
    start: int,
    ramp_end: int | None,
    delay: int,
    alarms: Sequence[int],
) -> go.Figure:
    """Each policy's metric per week, the no-skill baseline, the triggered policy's retrains, the
    drift's start and ramp and the weeks whose labels are not back yet."""
    weeks = np.arange(len(baseline))
    traces: list[Json] = [
        {
            "type": "scatter",
            "x": weeks,
            "y": baseline,
            "mode": "lines",
            "name": baseline_name,
            "line": {"color": REFERENCE_COLOUR, "dash": "dot", "width": 1.5},
            "hovertemplate": "week %{x}: %{y:.2f}<extra>no skill</extra>",
        },
    ]
    for run, values in runs:
        traces.append(
            {
                "type": "scatter",
                "x": weeks,
                "y": values,
                "mode": "lines",
                "name": run.name,
                "line": {
                    "color": COLOURS[run.key],
                    "width": 4 if run.key == "never" else 2,
                    "dash": "dash" if run.key == "triggered" else "solid",
                },
                "hovertemplate": "week %{x}: %{y:.2f}<extra>" + run.name + "</extra>",
            }
        )
    triggered = next((values for run, values in runs if run.key == "triggered"), None)
    if alarms and triggered is not None:
        at = np.array(alarms)
        traces.append(
            {
                "type": "scatter",
                "x": at,
                "y": np.nan_to_num(triggered[at], nan=0.0),
                "mode": "markers",
                "name": "Alarm: retrain",
                "marker": {
                    "color": COLOURS["triggered"],
                    "symbol": "triangle-up",
                    "size": 11,
                    "line": {"color": "white", "width": 1},
                },
                "hovertemplate": "alarm: retrained at the start of week %{x}<extra></extra>",
            }
        )
    shapes, notes = _drift_marks(start, ramp_end, delay)
    layout = {
        "xaxis": charts.axis("Week since launch", range=[-0.5, len(weeks) - 0.5]),
        "yaxis": charts.axis(f"{metric} that week", range=[0, 1.02]),
        "shapes": shapes,
        "annotations": notes,
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }
    return charts.figure(traces, layout)


def trace_figure(
    trace: Trace, detector: Detector, threshold_name: str, *, start: int, ramp_end: int | None, delay: int
) -> go.Figure:
    """The triggered policy's detector statistic per week, its threshold and its alarms."""
    tested = np.isfinite(trace.values)
    weeks = trace.weeks[tested]
    traces: list[Json] = []
    if trace.error_rate is not None:
        traces.append(
            {
                "type": "scatter",
                "x": trace.weeks,
                "y": trace.error_rate,
                "mode": "markers",
                "name": "Error rate (labels back)",
                "marker": {"color": REFERENCE_COLOUR, "size": 6},
                "hovertemplate": "week %{x}: %{y:.3f}<extra>error rate</extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": weeks,
            "y": trace.values[tested],
            "mode": "lines+markers",
            "name": detector.statistic,
            "line": {"color": COLOURS["triggered"], "width": 2},
            "marker": {"size": 5},
            "hovertemplate": "week %{x}: %{y:.4g}<extra></extra>",
        }
    )
    shapes, notes = _drift_marks(start, ramp_end, delay)
    traces.append(
        charts.reference_line(
            (-0.5, len(trace.weeks) - 0.5),
            (trace.threshold, trace.threshold),
            f"Threshold ({threshold_name})",
            dash="dash",
        )
    )
    fired = [week - 1 for week in trace.alarms if np.isfinite(trace.values[week - 1])]
    if fired:
        traces.append(
            {
                "type": "scatter",
                "x": fired,
                "y": trace.values[fired],
                "mode": "markers",
                "name": "Alarm",
                "marker": {"color": HIGHLIGHT_COLOUR, "symbol": "x", "size": 12},
                "hovertemplate": "week %{x}: fired<extra></extra>",
            }
        )
    layout = {
        "xaxis": charts.axis("Week the data is about", range=[-0.5, len(trace.weeks) - 0.5]),
        "yaxis": charts.axis(
            detector.statistic, **({} if detector.short == "ADWIN" else {"rangemode": "tozero"})
        ),
        "shapes": shapes,
        "annotations": notes,
    }
    return charts.figure(traces, layout)


def sample_size_figure(study: SampleSizeStudy, alpha: float, alpha_name: str) -> go.Figure:
    """Left: the KS p-value against the window size (log-log). Right: PSI and Wasserstein."""
    layout = charts.small_multiples_layout(
        ("KS p-value", "PSI and Wasserstein distance"),
        ("Transactions in each window", ""),
        shared=False,
        gap=0.12,
    )
    ticks = {"type": "log", "tickvals": list(study.sizes), "ticktext": [_short(n) for n in study.sizes]}
    layout["xaxis"].update(ticks)
    layout["xaxis2"].update(ticks)
    layout["yaxis"].update(type="log", title={"text": "p-value (log scale)"})
    layout["yaxis2"].update(rangemode="tozero")
    sizes = study.sizes
    floor = 1e-300
    traces: list[Json] = [
        charts.on_panel(
            {
                "type": "scatter",
                "x": sizes,
                "y": np.maximum(study.p_value, floor),
                "mode": "lines+markers",
                "name": "KS p-value",
                "line": {"color": PALETTE[0], "width": 2},
                "hovertemplate": "%{x:,} per window: p = %{y:.3g}<extra></extra>",
            },
            0,
        ),
        charts.on_panel(charts.reference_line((sizes[0], sizes[-1]), (alpha, alpha), alpha_name), 0),
        charts.on_panel(
            {
                "type": "scatter",
                "x": sizes,
                "y": study.psi,
                "mode": "lines+markers",
                "name": "PSI",
                "line": {"color": PALETTE[1], "width": 2},
                "hovertemplate": "%{x:,} per window: PSI %{y:.3f}<extra></extra>",
            },
            1,
        ),
        charts.on_panel(
            {
                "type": "scatter",
                "x": sizes,
                "y": study.wasserstein,
                "mode": "lines+markers",
                "name": "Wasserstein (SDs)",
                "line": {"color": PALETTE[2], "width": 2},
                "hovertemplate": "%{x:,} per window: W %{y:.3f}<extra></extra>",
            },
            1,
        ),
        charts.on_panel(
            charts.reference_line(
                (sizes[0], sizes[-1]),
                (study.true_wasserstein,) * 2,
                f"True Wasserstein {study.true_wasserstein:.2f}",
                dash="dash",
            ),
            1,
        ),
    ]
    return charts.figure(traces, layout)


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)


def cost_figure(costs: Sequence[Cost], cheapest: int) -> go.Figure:
    """Each policy's total cost, split into errors and retrains; the cheapest marked."""
    names = [c.name for c in costs]
    traces: list[Json] = [
        {
            "type": "bar",
            "orientation": "h",
            "y": names,
            "x": [c.error_cost for c in costs],
            "name": "Errors",
            "marker": {"color": PALETTE[3]},
            "hovertemplate": "%{y}: errors %{x:$,.0f}<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "y": names,
            "x": [c.retrain_cost for c in costs],
            "name": "Retrains",
            "marker": {"color": PALETTE[0]},
            "hovertemplate": "%{y}: retrains %{x:$,.0f}<extra></extra>",
        },
    ]
    best = costs[cheapest]
    note = {
        "x": best.total,
        "y": best.name,
        "xref": "x",
        "yref": "y",
        "text": " ★ cheapest",
        "showarrow": False,
        "xanchor": "left",
        "font": {"color": HIGHLIGHT_COLOUR},
    }
    layout = {
        "barmode": "stack",
        "xaxis": charts.axis("Total cost over the stream ($)", rangemode="tozero"),
        "yaxis": {"autorange": "reversed"},
        "annotations": [note],
        "margin": {"r": 110},
    }
    return charts.figure(traces, layout)


def money_label(value: float) -> str:
    return formatting.money(value)
