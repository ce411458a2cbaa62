"""The retrieval charts: recall against latency over the knob's sweep, the funnel with its latency
against the budget, and the projection of latency and memory to larger catalogues."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go

from explorers import charts
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json
from explorers.formatting import duration_ms
from explorers.retrieval.indexes import IndexKind, format_bytes
from explorers.retrieval.measure import Sweep
from explorers.retrieval.readings import TARGET_SIZE, Funnel, Point, Projection

Array = np.ndarray
EXACT_COLOUR = PALETTE[7]


def knob_label(kind: IndexKind, knob: int) -> str:
    """'nprobe 8', 'efSearch 64', or the exact search's name."""
    return f"{kind.knob} {knob}" if kind.knob else kind.short


def recall_text(value: float) -> str:
    """A recall as a percentage that never reads 100% unless it is: '97.3%', '99.98%', '100%'."""
    if value >= 1.0:
        return "100%"
    for places in (1, 2, 3, 4):
        text = f"{100.0 * value:.{places}f}"
        if float(text) < 100.0:
            return f"{text}%"
    return "99.9999%"


def tradeoff_figure(
    kind: IndexKind, sweep: Sweep, here: Point, exact: Point, *, k: int, baseline: float, room_ms: float
) -> go.Figure:
    """Recall@k against median ms per query for every knob value swept (the current one marked), exact
    search as the reference star, the random baseline, and the time the budget leaves for retrieval."""
    x, y = sweep.latency_ms[-1], sweep.recall
    labels = [knob_label(kind, int(v)) for v in sweep.knobs]
    traces: list[Json] = []
    if kind.knob:
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "mode": "lines+markers",
                "name": f"{kind.short}, every {kind.knob}",
                "line": {"color": kind.colour, "width": 2},
                "marker": {"size": 7},
                "customdata": labels,
                "hovertemplate": "%{customdata}: recall %{y:.1%} at %{x:.3g} ms<extra></extra>",
            }
        )
    traces.append(
        charts.marker(
            here.latency_ms,
            here.recall,
            name=f"Current: {knob_label(kind, here.knob)}",
            colour=HIGHLIGHT_COLOUR,
            symbol="circle",
            hover=f"{knob_label(kind, here.knob)}<br>recall@{k} {recall_text(here.recall)} at "
            f"{duration_ms(here.latency_ms)}",
            size=15,
        )
    )
    traces.append(
        charts.marker(
            exact.latency_ms,
            exact.recall,
            name="Exact search",
            colour=EXACT_COLOUR,
            symbol="star",
            hover=f"Exact search<br>recall 100% at {duration_ms(exact.latency_ms)}",
            size=15,
        )
    )
    low = float(min(x.min(), exact.latency_ms))
    high = float(max(x.max(), exact.latency_ms))
    traces.append(charts.reference_line((low, high), (baseline, baseline), f"Random retrieval ({k:,}/N)"))
    right = high * 4
    shapes: list[Json] = []
    note = {
        "y": 0.04,
        "xref": "x",
        "yref": "paper",
        "showarrow": False,
        "font": {"color": HIGHLIGHT_COLOUR},
        "bgcolor": "rgba(255,255,255,0.8)",
    }
    if 0 < room_ms <= right:
        shapes.append(charts.vline(room_ms, colour=HIGHLIGHT_COLOUR, dash="dash"))
        words, x, anchor = f"budget left for retrieval: {duration_ms(room_ms)}", room_ms, "right"
    elif room_ms > right:
        words, x, anchor = f"budget left for retrieval: {duration_ms(room_ms)} →", right, "right"
    else:
        words, x, anchor = "ranking alone fills the budget", low, "left"
    annotations = [{**note, "x": float(np.log10(x)), "text": words, "xanchor": anchor}]
    span = np.log10([low / 1.6, max(high, min(max(room_ms, high), right)) * 1.6])
    layout = {
        "xaxis": charts.axis("Median search time per query (ms, log scale)", type="log", range=list(span)),
        "yaxis": charts.axis(f"Recall@{k:,}", range=[0, 1.04], tickformat=".0%"),
        "shapes": shapes,
        "annotations": annotations,
    }
    return charts.figure(traces, layout)


def funnel_figure(catalogue: int, funnel: Funnel) -> go.Figure:
    """Left: items at each stage of the funnel (log scale). Right: retrieval and ranking time, stacked,
    against the budget."""
    layout = charts.small_multiples_layout(
        ["Items at each stage", "Milliseconds per request"], ("", ""), shared=False, gap=0.16
    )
    stages = ["Catalogue", "Retrieved", "Ranked", "Shown"]
    counts = [catalogue, funnel.k, funnel.k, funnel.shown]
    bars = charts.on_panel(
        {
            "type": "bar",
            "orientation": "h",
            "y": stages,
            "x": counts,
            "text": [f"{c:,}" for c in counts],
            "textposition": "auto",
            "marker": {"color": [REFERENCE_COLOUR, PALETTE[0], PALETTE[1], PALETTE[2]]},
            "name": "Items",
            "showlegend": False,
            "hovertemplate": "%{y}: %{x:,}<extra></extra>",
        },
        0,
    )
    parts = [("Retrieval", funnel.retrieval_ms, PALETTE[0]), ("Ranking", funnel.ranking_ms, PALETTE[1])]
    stacked = [
        charts.on_panel(
            {
                "type": "bar",
                "orientation": "h",
                "y": ["Request"],
                "x": [ms],
                "name": f"{name} {duration_ms(ms)}",
                "marker": {"color": colour},
                "hovertemplate": f"{name}: {duration_ms(ms)}<extra></extra>",
            },
            1,
        )
        for name, ms, colour in parts
    ]
    layout["barmode"] = "stack"
    layout["xaxis"].update(decade_axis(1.0, catalogue * 3.0, lambda c: f"{c:,.0f}"))  # type: ignore[attr-defined]
    layout["yaxis"]["autorange"] = "reversed"  # type: ignore[index]
    layout["xaxis2"]["title"] = {"text": "ms"}  # type: ignore[index]
    layout["xaxis2"]["range"] = [0, max(funnel.total_ms, funnel.budget_ms) * 1.1]  # type: ignore[index]
    layout["shapes"] = [charts.vline(funnel.budget_ms, colour=HIGHLIGHT_COLOUR, dash="dash", xref="x2")]
    layout["annotations"] = [
        *layout["annotations"],  # type: ignore[misc]
        {
            "x": funnel.budget_ms,
            "y": 0.9,
            "xref": "x2",
            "yref": "paper",
            "text": f"budget {duration_ms(funnel.budget_ms)}",
            "showarrow": False,
            "xanchor": "right",
            "font": {"color": HIGHLIGHT_COLOUR},
        },
    ]
    return charts.figure([bars, *stacked], layout)


def _size_text(value: float) -> str:
    """'10k', '1M', '10M'."""
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    return f"{value / 1e3:g}k" if value >= 1e3 else f"{value:g}"


def decade_axis(low: float, high: float, write: Callable[[float], str], **extra: object) -> Json:
    """A log axis from ``low`` to ``high`` (> 0) ticked at whole decades only, each written by ``write``."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    ticks = [10.0**e for e in range(first, last + 1)]
    if len(ticks) > 6:
        ticks = ticks[:: -(-len(ticks) // 6)]
    return {
        "type": "log",
        "range": [math.log10(low), math.log10(high)],
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [write(t) for t in ticks],
        **extra,
    }


def _growth_traces(projection: Projection, name: str, colour: str, panel: int, values: str) -> list[Json]:
    """The measured part (solid, with markers) and the projection beyond it (dashed) of one index."""
    last = projection.measured_sizes[-1]
    beyond = projection.sizes[projection.sizes >= last]
    if values == "ms":
        measured_y, beyond_y = (
            projection.measured_ms,
            projection.intercept
            + projection.slope * (np.log(beyond) if projection.kind.growth == "log" else beyond),
        )
        unit = "%{y:.3g} ms per query"
    else:
        measured_y = np.array([projection.memory_at(s) for s in projection.measured_sizes])
        beyond_y = np.array([projection.memory_at(s) for s in beyond])
        unit = "%{y:.3s}B"
    return [
        charts.on_panel(
            {
                "type": "scatter",
                "x": projection.measured_sizes,
                "y": measured_y,
                "mode": "lines+markers",
                "name": f"{name}, measured",
                "legendgroup": name,
                "showlegend": panel == 0,
                "line": {"color": colour, "width": 2.5},
                "hovertemplate": f"{name} at %{{x:,.0f}} items: {unit} (measured)<extra></extra>",
            },
            panel,
        ),
        charts.on_panel(
            {
                "type": "scatter",
                "x": np.r_[last, beyond],
                "y": np.r_[measured_y[-1], beyond_y],
                "mode": "lines",
                "name": f"{name}, projected",
                "legendgroup": name,
                "showlegend": panel == 0,
                "line": {"color": colour, "width": 2, "dash": "dash"},
                "hovertemplate": f"{name} at %{{x:,.0f}} items: {unit} (projected)<extra></extra>",
            },
            panel,
        ),
    ]


def projection_figure(index: Projection, exact: Projection, budget_ms: float) -> go.Figure:
    """Search time and memory of exact search and the chosen index as the catalogue grows to 10 million:
    solid where measured, dashed where projected; the budget on the time panel."""
    layout = charts.small_multiples_layout(
        ["Search time per query (ms)", "Memory of the index"],
        ("Catalogue size (items, log scale)", ""),
        shared=False,
        gap=0.12,
    )
    traces: list[Json] = []
    pairs = [(exact, "Exact", EXACT_COLOUR)]
    if index.kind is not exact.kind:
        pairs.append((index, index.kind.short, index.kind.colour))
    for panel, values in ((0, "ms"), (1, "bytes")):
        for projection, name, colour in pairs:
            traces += _growth_traces(projection, name, colour, panel, values)
    sizes = (float(exact.measured_sizes[0]) / 1.5, float(exact.sizes[-1]) * 1.5)
    times = np.r_[exact.measured_ms, exact.ms, index.measured_ms, index.ms, budget_ms]
    memory = np.r_[
        exact.memory_at(sizes[0]),
        exact.memory_at(sizes[1]),
        index.memory_at(sizes[0]),
        index.memory_at(sizes[1]),
    ]
    for axis, (low, high), write in (
        ("xaxis", sizes, _size_text),
        ("xaxis2", sizes, _size_text),
        ("yaxis", (times.min() / 2, times.max() * 2), duration_ms),
        ("yaxis2", (memory.min() / 2, memory.max() * 2), format_bytes),
    ):
        layout[axis].update(decade_axis(low, high, write))  # type: ignore[attr-defined]
    layout["xaxis2"]["title"] = {"text": "Catalogue size (items, log scale)"}  # type: ignore[index]
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "x domain",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": budget_ms,
            "y1": budget_ms,
            "line": {"color": HIGHLIGHT_COLOUR, "dash": "dot", "width": 1.5},
        },
        charts.vline(TARGET_SIZE, colour=REFERENCE_COLOUR, dash="dot", width=1),
        charts.vline(TARGET_SIZE, colour=REFERENCE_COLOUR, dash="dot", width=1, xref="x2"),
    ]
    layout["annotations"] = [
        *layout["annotations"],  # type: ignore[misc]
        {
            "x": 0.02,
            "y": math.log10(budget_ms),
            "xref": "x domain",
            "yref": "y",
            "yanchor": "bottom",
            "xanchor": "left",
            "text": f"budget {duration_ms(budget_ms)}",
            "showarrow": False,
            "font": {"color": HIGHLIGHT_COLOUR},
        },
    ]
    return charts.figure(traces, layout)


def memory_words(index: Projection, size: float) -> str:
    """'12 MB at 20,000 items'."""
    return f"{format_bytes(index.memory_at(size))} at {size:,.0f} items"
