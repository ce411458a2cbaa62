"""The page's four figures, built from plain dicts with ``charts.figure`` (validated in the tests)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers import charts
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json
from explorers.ranking.labels import SOURCES
from explorers.ranking.reading import CLIP_GRID, ETA_GRID, Reading, Stat

COLOURS = {"relevance": PALETTE[2], "clicks": PALETTE[5], "ips": PALETTE[0], "seen": PALETTE[3]}
RANKER_COLOURS = {"a": PALETTE[1], "b": PALETTE[0], "random": REFERENCE_COLOUR}
TRAP_NAMES = {
    "relevance": "Relevance labels",
    "seen": "Clicks, every item seen",
    "clicks": "Raw clicks (logged under A)",
    "ips": "IPS-weighted clicks",
}


def clip_label(clip: float | None) -> str:
    """'10' or 'none'."""
    return "none" if clip is None else f"{clip:g}"


def _line(
    x: np.ndarray, y: np.ndarray, name: str, colour: str, *, width: float = 2.5, dash: str = "solid"
) -> Json:
    hover = f"{name}<br>η %{{x:.1f}}: B − A %{{y:.3f}}<extra></extra>"
    return charts.line(x, y, name, colour, hover=hover, width=width, dash=dash)


def trap_figure(r: Reading) -> go.Figure:
    """B − A nDCG@k by label source against eta: raw clicks slide towards A, IPS holds B's lead at a
    cost in spread (band: ± 1 sd over seeds), relevance labels do not move. The source the table reads
    is drawn thicker; markers sit at the current eta."""
    names = {**TRAP_NAMES, "ips": f"IPS-weighted clicks (clip {clip_label(r.clip)})"}
    ips, sd = r.sweep["ips"], r.sweep["ips_sd"]
    traces: list[Json] = [charts.spread_band(ETA_GRID, ips - sd, ips + sd, COLOURS["ips"], "IPS ± 1 sd")]
    for key in ("relevance", "seen", "clicks", "ips"):
        width = 4.5 if key == r.source else 2.0
        dash = "dot" if key == "seen" else "solid"
        traces.append(_line(ETA_GRID, r.sweep[key], names[key], COLOURS[key], width=width, dash=dash))
    for key in ("relevance", "clicks", "ips"):
        gap = r.gaps[key]
        traces.append(
            {
                **charts.marker(
                    r.eta,
                    gap.mean,
                    name=f"At η = {r.eta:.1f}: {names[key]}",
                    colour=COLOURS[key],
                    symbol="circle",
                    hover=f"{names[key]} at η = {r.eta:.1f}<br>B − A {gap.mean:.3f} ± {gap.sd:.3f}",
                    size=11,
                ),
                "showlegend": False,
            }
        )
    layout = {
        "title": {"text": f"Who wins on nDCG@{r.k} depends on the labels: B − A as position bias grows"},
        "shapes": [charts.vline(r.eta, dash="dot"), _zero_line()],
        "xaxis": charts.axis("Position-bias strength η (P(examine rank r) = 1/r^η)", range=[-0.05, 2.05]),
        "yaxis": charts.axis(f"nDCG@{r.k}: B − A (above 0: B wins)"),
    }
    return charts.figure(traces, layout)


def _zero_line(xref: str = "paper") -> Json:
    line = {"color": REFERENCE_COLOUR, "width": 1}
    return {"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 0, "xref": xref, "yref": "y", "line": line}


def k_figure(r: Reading) -> go.Figure:
    """nDCG@k for every k on the chosen labels: A, B and a random ranking, the current k marked."""
    ks = np.arange(1, r.n_items + 1)
    names = {"a": "Ranker A", "b": "Ranker B", "random": "Random (baseline)"}
    traces = [
        {
            "type": "scatter",
            "x": ks,
            "y": r.k_curves[key],
            "mode": "lines+markers",
            "name": names[key],
            "line": {"color": RANKER_COLOURS[key], "dash": "dot" if key == "random" else "solid"},
            "marker": {"size": 5},
            "hovertemplate": f"{names[key]}<br>nDCG@%{{x}} = %{{y:.3f}}<extra></extra>",
        }
        for key in ("a", "b", "random")
    ]
    layout = {
        "title": {"text": f"nDCG@k on {r.source_name}, k = 1 to {r.n_items}"},
        "shapes": [charts.vline(r.k, dash="dot")],
        "xaxis": charts.axis("Cut-off k (items the user sees)", range=[0.5, r.n_items + 0.5]),
        "yaxis": charts.axis(f"nDCG@k on {r.source_name}", rangemode="tozero"),
    }
    return charts.figure(traces, layout)


def positions_figure(r: Reading) -> go.Figure:
    """Click-through at each of A's positions: observed, the click model's expectation, and what it
    would be if every position were examined (the gap is position bias)."""
    positions = np.arange(1, r.n_items + 1)
    traces = [
        {
            "type": "bar",
            "x": positions,
            "y": r.ctr_observed,
            "name": "Observed",
            "marker": {"color": COLOURS["clicks"], "line": {"width": 0}},
            "opacity": 0.75,
            "hovertemplate": "Position %{x}<br>observed click-through %{y:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": positions,
            "y": r.ctr_expected,
            "mode": "lines",
            "name": f"Model: 1/r^{r.eta:.1f} × P(click | seen)",
            "line": {"color": PALETTE[7], "width": 1.5},
            "hovertemplate": "Position %{x}<br>expected %{y:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": positions,
            "y": r.ctr_if_seen,
            "mode": "lines+markers",
            "name": "If every position were seen",
            "line": {"color": COLOURS["relevance"], "dash": "dash"},
            "hovertemplate": "Position %{x}<br>click-through if examined %{y:.3f}<extra></extra>",
        },
    ]
    layout = {
        "title": {"text": f"Click-through by position under A at η = {r.eta:.1f}"},
        "xaxis": charts.axis("Position under ranker A (1 = top)", range=[0.4, r.n_items + 0.6]),
        "yaxis": charts.axis("Click-through rate (0–1)", rangemode="tozero"),
        "bargap": 0.15,
    }
    return charts.figure(traces, layout)


def clip_figure(r: Reading) -> go.Figure:
    """IPS's B − A gap (mean ± sd over seeds) at every clip, against the no-position-bias gap and
    raw clicks' gap: a low clip is steady but biased towards A, no clip is right on average but noisy."""
    labels = [clip_label(c) for c in CLIP_GRID]
    means = [g.mean for g in r.clip_gaps]
    sds = [g.sd for g in r.clip_gaps]
    here = CLIP_GRID.index(r.clip)
    current: Stat = r.clip_gaps[here]
    traces = [
        {
            "type": "scatter",
            "x": labels,
            "y": means,
            "mode": "lines+markers",
            "name": "IPS-weighted clicks (± 1 sd)",
            "line": {"color": COLOURS["ips"]},
            "error_y": {"type": "data", "array": sds, "visible": True, "color": COLOURS["ips"]},
            "hovertemplate": "Clip %{x}<br>B − A %{y:.3f}<extra></extra>",
        },
        {
            **_line(
                np.array(labels),
                np.full(len(labels), r.gaps["seen"].mean),
                TRAP_NAMES["seen"],
                COLOURS["seen"],
                width=2,
                dash="dot",
            ),
            "hovertemplate": f"Every item seen: B − A {r.gaps['seen'].mean:.3f}<extra></extra>",
        },
        {
            **_line(
                np.array(labels),
                np.full(len(labels), r.gaps["clicks"].mean),
                TRAP_NAMES["clicks"],
                COLOURS["clicks"],
                width=2,
                dash="dash",
            ),
            "hovertemplate": f"Raw clicks: B − A {r.gaps['clicks'].mean:.3f}<extra></extra>",
        },
        charts.marker(
            labels[here],  # type: ignore[arg-type]
            current.mean,
            name=f"Clip {labels[here]}",
            colour=HIGHLIGHT_COLOUR,
            symbol="diamond",
            hover=f"Clip {labels[here]}: B − A {current.mean:.3f} ± {current.sd:.3f}",
            size=14,
        ),
    ]
    layout = {
        "title": {
            "text": f"IPS's B − A on nDCG@{r.k} at every clip (mean ± 1 sd over seeds), η = {r.eta:.1f}"
        },
        "shapes": [_zero_line()],
        "xaxis": charts.axis("IPS clip: the largest weight allowed", type="category"),
        "yaxis": charts.axis(f"nDCG@{r.k}: B − A at η = {r.eta:.1f}"),
    }
    return charts.figure(traces, layout)


__all__ = ["SOURCES", "clip_figure", "k_figure", "positions_figure", "trap_figure"]
