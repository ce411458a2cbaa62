"""The page's figures: the reliability diagram with the predictions' histogram under it (log axes, as
click rates are small), and the auction's spend against true value per bidding strategy."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explorers import charts, formatting
from explorers.ads_calibration.scoring import HISTOGRAM_EDGES, Scored
from explorers.ads_calibration.training import CALIBRATION_TABLE
from explorers.charts import PALETTE, Json

RAW_COLOUR = CALIBRATION_TABLE["none"].colour
TRUTH_COLOUR = PALETTE[7]
CENTRES = 10 ** ((HISTOGRAM_EDGES[:-1] + HISTOGRAM_EDGES[1:]) / 2)


def _positive(values: np.ndarray) -> np.ndarray:
    return values[values > 0]


def log_range(scored: Sequence[Scored], rate: float) -> tuple[float, float]:
    """The log10 range both axes of the diagram share: every plotted bin and the observed rate."""
    values = np.concatenate([np.r_[rate], *(_positive(s.curve.predicted) for s in scored)])
    values = np.concatenate([values, *(_positive(s.curve.observed) for s in scored)])
    low, high = math.log10(values.min()), math.log10(values.max())
    return max(math.floor(low * 4) / 4 - 0.1, HISTOGRAM_EDGES[0]), min(math.ceil(high * 4) / 4 + 0.1, 0.0)


def percent_ticks(low: float, high: float) -> Json:
    """Tick values on a log axis from 10**low to 10**high: decades (with 2 and 5 when the range is
    short), written as percentages."""
    steps = (1, 2, 5) if high - low < 2.5 else (1,)
    ticks = [m * 10.0**k for k in range(math.floor(low), math.ceil(high) + 1) for m in steps]
    kept = [t for t in ticks if 10**low <= t <= 10**high]
    return {"tickmode": "array", "tickvals": kept, "ticktext": [formatting.percent(t) for t in kept]}


def plotted(scored: Scored) -> np.ndarray:
    """Which bins of a reliability curve a log axis can show: both coordinates above 0."""
    return (scored.curve.observed > 0) & (scored.curve.predicted > 0)


def _curve(scored: Scored, name: str, colour: str, *, faded: bool = False) -> Json:
    """A reliability curve over its equal-count bins (a bin without a click, or predicted 0, cannot sit
    on a log axis)."""
    curve = scored.curve
    kept = plotted(scored)
    return {
        "type": "scatter",
        "x": curve.predicted[kept].tolist(),
        "y": curve.observed[kept].tolist(),
        "customdata": curve.counts[kept].tolist(),
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "width": 1.5 if faded else 2.5, "dash": "dot" if faded else "solid"},
        "marker": {"color": colour, "size": 6 if faded else 9},
        "opacity": 0.6 if faded else 1.0,
        "hovertemplate": f"{name}<br>Mean predicted CTR %{{x:.3%}}<br>Observed CTR %{{y:.3%}}"
        "<br>%{customdata:,} test impressions<extra></extra>",
    }


def _histogram(scored: Scored, name: str, colour: str, *, faded: bool = False) -> Json:
    """The share of test impressions per bin of predicted CTR (along the bottom), as a filled step line."""
    share = scored.histogram / scored.histogram.sum()
    return {
        "type": "scatter",
        "x": CENTRES.tolist(),
        "y": share.tolist(),
        "mode": "lines",
        "line": {"color": colour, "shape": "hvh", "width": 1 if faded else 1.5},
        "fill": "tozeroy",
        "opacity": 0.25 if faded else 0.45,
        "name": name,
        "showlegend": False,
        "yaxis": "y2",
        "hovertemplate": f"{name}<br>Predicted CTR about %{{x:.3%}}"
        "<br>%{y:.1%} of impressions<extra></extra>",
    }


def reliability_figure(
    current: Scored, label: str, colour: str, raw: Scored | None, rate: float
) -> go.Figure:
    """The current predictions' reliability curve (the raw model's, faded, when another calibration is
    shown), the diagonal, the overall point (mean prediction, observed rate) and, along the bottom, the
    histograms of the predictions."""
    low, high = log_range([current, *([raw] if raw is not None else [])], rate)
    ends = (10**low, 10**high)
    traces: list[Json] = [charts.reference_line(ends, ends, "Perfectly calibrated")]
    if raw is not None:
        traces += [_curve(raw, "Raw CTR", RAW_COLOUR, faded=True)]
    traces.append(_curve(current, label, colour))
    if raw is not None:
        traces.append(_histogram(raw, "Raw CTR", RAW_COLOUR, faded=True))
    traces.append(_histogram(current, label, colour))
    traces.append(
        charts.marker(
            current.mean,
            rate,
            name=f"Overall mean {current.mean:.2%}",
            colour=colour,
            symbol="star",
            size=15,
            hover=f"{label}<br>Mean predicted CTR {current.mean:.3%}<br>Observed CTR {rate:.3%}"
            f"<br>Calibration ratio {current.ratio:.2f}",
        )
    )
    ticks = percent_ticks(low, high)
    tallest = max(float(h["y"] and max(h["y"])) for h in traces if h.get("yaxis") == "y2")
    layout: Json = {
        "xaxis": charts.axis("Predicted CTR (log scale)", type="log", range=[low, high], **ticks),
        "yaxis": charts.axis("Observed CTR", type="log", range=[low, high], **ticks),
        # The histogram: an overlay without labels, its tallest bar at a third of the height.
        "yaxis2": {
            "overlaying": "y",
            "side": "right",
            "range": [0, 3 * tallest],
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
            "ticks": "",
        },
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
    }
    return charts.figure(traces, layout)


def auction_figure(
    names: Sequence[str], spend: Sequence[float], value: Sequence[float], current: int
) -> go.Figure:
    """Spend and true value per 1,000 impressions for each way of bidding; the current one stands out."""
    opacity = [1.0 if i == current else 0.45 for i in range(len(names))]
    surplus = [v - s for s, v in zip(spend, value, strict=True)]
    money = "$%{y:,.2f} per 1,000 impressions"
    traces: list[Json] = [
        {
            "type": "bar",
            "x": list(names),
            "y": list(spend),
            "name": "Spend (second price)",
            "marker": {"color": PALETTE[5], "opacity": opacity},
            "hovertemplate": f"%{{x}}<br>Spend {money}<extra></extra>",
        },
        {
            "type": "bar",
            "x": list(names),
            "y": list(value),
            "name": "True value of the impressions won",
            "marker": {"color": PALETTE[0], "opacity": opacity},
            "hovertemplate": f"%{{x}}<br>True value {money}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": list(names),
            "y": surplus,
            "mode": "markers+lines",
            "name": "Surplus = value − spend",
            "line": {"color": TRUTH_COLOUR, "width": 1, "dash": "dot"},
            "marker": {"color": TRUTH_COLOUR, "size": 11, "symbol": "diamond"},
            "hovertemplate": f"%{{x}}<br>Surplus {money}<extra></extra>",
        },
    ]
    layout: Json = {
        "barmode": "group",
        "xaxis": charts.axis("Bid = predicted CTR × value per click, predicted by"),
        "yaxis": charts.axis("$ per 1,000 impressions auctioned", zeroline=True, zerolinecolor="#999999"),
    }
    return charts.figure(traces, layout)
