"""The A/B test charts: significance by day (peeking against a fixed horizon), the power curve, when a
peeking analyst stops, the daily lift under a novelty effect, and the family-wise error rate."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers import charts
from explorers.ab_test.design import Plan
from explorers.ab_test.family import CORRECTIONS, METRIC_COUNTS, Family
from explorers.ab_test.simulation import Reading, Runs
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json

AA_COLOUR, TRUTH_COLOUR = PALETTE[0], PALETTE[1]
CORRECTION_COLOURS = dict(zip(CORRECTIONS, (PALETTE[5], PALETTE[0], PALETTE[2], PALETTE[3]), strict=True))


def pct(x: float | np.ndarray) -> float | np.ndarray:
    """A share in percent, for plotting."""
    return np.asarray(x) * 100.0 if isinstance(x, np.ndarray) else x * 100.0


def _line(
    x: np.ndarray, y: np.ndarray, name: str, colour: str, *, width: float = 2.5, dash: str = "solid"
) -> Json:
    hover = "day %{x}: %{y:.1f}%<extra>" + name + "</extra>"
    return charts.line(x, y, name, colour, hover=hover, width=width, dash=dash)


def _alpha_line(alpha: float, x_end: float) -> Json:
    return charts.reference_line((0.5, x_end), (pct(alpha), pct(alpha)), f"α = {pct(alpha):g}%", dash="dash")


def peeking_figure(
    aa_peek: Reading,
    aa_fixed: Reading,
    truth_peek: Reading | None,
    truth_fixed: Reading | None,
    alpha: float,
    *,
    emphasis: bool,
) -> go.Figure:
    """The share of experiments declared significant by each day when peeking daily, against the one
    look of a fixed-horizon test at its last day; the A/A line is the false-positive rate. The
    analyst's own reading (``emphasis``: peeking) is drawn heavier."""
    horizon = aa_peek.horizon
    days = np.arange(1, horizon + 1)
    width, size = (3.5, 11) if emphasis else (1.5, 17)
    traces: list[Json] = [
        _alpha_line(alpha, horizon + 0.5),
        _line(days, pct(aa_peek.by_day), "A/A, peeking daily", AA_COLOUR, width=width),
        charts.marker(
            horizon,
            pct(aa_fixed.significant),
            name="A/A, fixed horizon",
            colour=AA_COLOUR,
            symbol="diamond",
            hover=f"fixed horizon, day {horizon}: {pct(aa_fixed.significant):.1f}% false positives",
            size=size,
        ),
    ]
    if truth_peek is not None and truth_fixed is not None:
        traces += [
            _line(
                days,
                pct(truth_peek.by_day),
                "True lift, peeking daily",
                TRUTH_COLOUR,
                width=width,
                dash="dot",
            ),
            charts.marker(
                horizon,
                pct(truth_fixed.significant),
                name="True lift, fixed horizon",
                colour=TRUTH_COLOUR,
                symbol="star",
                hover=f"fixed horizon, day {horizon}: {pct(truth_fixed.significant):.1f}% significant",
                size=size,
            ),
        ]
    top = max(
        float(np.max(pct(aa_peek.by_day))), pct(alpha), *(t.by_day.max() * 100 for t in (truth_peek,) if t)
    )
    layout = {
        "title": {"text": "Declared significant by each day: peeking daily vs one look at the end"},
        "xaxis": charts.axis(
            "Day of the experiment", range=[0.5, horizon + 0.5], dtick=7 if horizon > 14 else 1
        ),
        "yaxis": charts.axis("Declared significant (%)", range=[0, min(100.0, top * 1.12 + 1)]),
    }
    return charts.figure(traces, layout)


def power_figure(plan: Plan, mde: float, power: float, lift: float, alpha: float) -> go.Figure:
    """Power against the true relative lift at the planned sample size, the MDE marked."""
    x = pct(plan.curve_lift)
    traces: list[Json] = [
        {
            **_line(x, pct(plan.curve_power), "Power", AA_COLOUR),
            "hovertemplate": "lift %{x:.1f}%: power %{y:.0f}%<extra></extra>",
        },
        charts.reference_line((0.0, float(x[-1])), (pct(alpha), pct(alpha)), f"α = {pct(alpha):g}%"),
        charts.marker(
            pct(mde),
            pct(power),
            name=f"MDE {pct(mde):g}%",
            colour=HIGHLIGHT_COLOUR,
            symbol="diamond",
            hover=f"MDE {pct(mde):g}%: power {pct(power):g}%",
        ),
    ]
    shapes = []
    if 0 < lift <= plan.curve_lift[-1]:
        shapes.append(charts.vline(pct(lift), colour=TRUTH_COLOUR, dash="dot"))
    layout = {
        "title": {"text": "Power against the true lift, at the planned users per arm"},
        "xaxis": charts.axis("True relative lift (%)"),
        "yaxis": charts.axis("Power (%)", range=[0, 101]),
        "shapes": shapes,
    }
    return charts.figure(traces, layout)


def stopping_figure(reading: Reading, label: str) -> go.Figure:
    """When the peeking analyst stops: the share of experiments ending on each day."""
    days = np.arange(1, reading.horizon + 1)
    share = pct(reading.stop_counts / max(1, reading.stop_counts.sum()) * reading.significant)
    traces = [
        {
            "type": "bar",
            "x": days,
            "y": share,
            "name": label,
            "marker": {"color": TRUTH_COLOUR if "lift" in label else AA_COLOUR},
            "hovertemplate": "day %{x}: %{y:.1f}% of experiments stop<extra></extra>",
        }
    ]
    layout = {
        "title": {"text": f"When a peeking analyst stops ({label})"},
        "xaxis": charts.axis("Day the test stopped", range=[0.5, reading.horizon + 0.5]),
        "yaxis": charts.axis("Experiments (%)", rangemode="tozero"),
        "showlegend": False,
    }
    return charts.figure(traces, layout)


def novelty_figure(runs: Runs, horizon: int, long_run: float, week_estimate: float) -> go.Figure:
    """The lift estimated from day 1 to each day (mean, and the 10th-90th percentile of the runs) and the
    observed lift of each single day (median), against the truth of each day and the long-run lift."""
    days = np.arange(1, runs.days + 1)
    low, _, high = pct(runs.cumulative_lift)
    traces: list[Json] = [
        {
            **charts.spread_band(days, low, high, AA_COLOUR, "10th–90th percentile of the estimate"),
            "mode": "lines",
        },
        _line(days, pct(runs.daily_lift[1]), "Lift on the day (median)", TRUTH_COLOUR, width=1.5),
        _line(days, pct(runs.cumulative_mean), "Estimate so far (10–90% band)", AA_COLOUR),
        _line(days, pct(runs.true_daily), "True lift on the day", REFERENCE_COLOUR, width=1.5, dash="dot"),
        charts.reference_line(
            (0.5, runs.days + 0.5), (pct(long_run), pct(long_run)), "True long-run lift", dash="dash"
        ),
        charts.marker(
            min(7, runs.days),
            pct(week_estimate),
            name="One-week estimate",
            colour=HIGHLIGHT_COLOUR,
            symbol="diamond",
            hover=f"after one week: {pct(week_estimate):+.1f}%",
        ),
    ]
    shapes = (
        [charts.vline(horizon + 0.5, colour=REFERENCE_COLOUR, dash="dot", width=1)]
        if horizon < runs.days
        else []
    )
    layout = {
        "title": {"text": "Lift estimated so far and lift on the day, against the true long-run lift"},
        "xaxis": charts.axis("Day of the experiment", range=[0.5, runs.days + 0.5]),
        "yaxis": charts.axis("Relative lift (%)"),
        "shapes": shapes,
    }
    return charts.figure(traces, layout)


def family_figure(family: Family, metrics: int, correction: str, alpha: float) -> go.Figure:
    """The family-wise error rate against the number of metrics, for each correction."""
    x = np.array(METRIC_COUNTS)
    traces: list[Json] = [
        charts.reference_line(
            (1, METRIC_COUNTS[-1]), (pct(alpha), pct(alpha)), f"α = {pct(alpha):g}%", dash="dash"
        )
    ]
    for key, entry in CORRECTIONS.items():
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": pct(family.fwer[key]),
                "mode": "lines+markers",
                "name": entry.short,
                "line": {"color": CORRECTION_COLOURS[key], "width": 3.5 if key == correction else 1.8},
                "hovertemplate": "%{x} metrics: %{y:.1f}%<extra>" + entry.label + "</extra>",
            }
        )
    chosen = family.fwer[correction][METRIC_COUNTS.index(metrics)]
    traces.append(
        {
            **charts.marker(
                metrics,
                pct(chosen),
                name="Your setting",
                colour=CORRECTION_COLOURS[correction],
                symbol="star",
                hover=f"{metrics} metrics: {pct(chosen):.1f}%",
            ),
            "showlegend": False,
        }
    )
    layout = {
        "title": {"text": "Chance of a false win on a metric the treatment does not move"},
        "xaxis": charts.axis("Metrics tested", type="log", tickvals=list(METRIC_COUNTS)),
        "yaxis": charts.axis("Family-wise error rate (%)", rangemode="tozero"),
    }
    return charts.figure(traces, layout)
