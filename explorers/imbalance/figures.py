"""The page's figures: mean precision-recall curves, decision boundaries per strategy, reliability curves.

Each strategy keeps its table entry's colour on every chart.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from datasets.errors import UserFacingError
from explorers import charts, plane
from explorers.charts import PALETTE, Json
from explorers.imbalance.calibration import CALIBRATION_VARIANTS, MIN_BIN_COUNT, Calibration
from explorers.imbalance.data import PlaneData
from explorers.imbalance.strategies import STRATEGIES
from explorers.imbalance.training import StrategyResult

MAX_MAJORITY_SHOWN = 200
MAX_MINORITY_SHOWN = 200
_VARIANT_STYLE: dict[str, tuple[str, str]] = {  # colour and marker symbol
    "before": (PALETTE[7], "circle"),
    "after": (PALETTE[1], "square"),
    "prior": (PALETTE[0], "diamond"),
    "calibrated": (PALETTE[2], "triangle-up"),
}


# --------------------------------------------------------------------------- precision-recall


def pr_height(results: Sequence[StrategyResult]) -> int:
    """PR figure height (px): room for the plot plus a legend row per two curves."""
    return 380 + 22 * (sum(1 for r in results if r.ok) // 2)


def _pr_traces(result: StrategyResult) -> list[Json]:
    """A strategy's PR curve over every seed's test split pooled (dashed when leaky) and its operating
    point from the same scores: the confusion counts summed over the seeds."""
    colour = STRATEGIES[result.strategy].colour
    pooled = result.pooled
    assert pooled is not None
    curve: Json = {
        "type": "scatter",
        "x": np.round(pooled.recall, 4).tolist(),
        "y": np.round(pooled.precision, 4).tolist(),
        "mode": "lines",
        "line": {"color": colour, "dash": "dash" if result.leaky else "solid", "width": 2.5, "shape": "vh"},
        "name": f"{result.label} (PR-AUC {result.mean('pr_auc'):.2f})",
        "legendgroup": result.label,
        "hovertemplate": f"{result.label}<br>Recall %{{x:.2f}}<br>Precision %{{y:.2f}}<extra></extra>",
    }
    recall, precision = pooled.point_recall, pooled.point_precision
    point = charts.marker(
        recall,
        precision,
        name=f"{result.label}: operating point",
        colour=colour,
        symbol="circle",
        size=12,
        hover=f"{result.label} at its threshold<br>Recall {recall:.2f} ({pooled.tp} of {pooled.positives})"
        f"<br>Precision {precision:.2f} ({pooled.tp} of {pooled.tp + pooled.fp} flagged)",
    )
    return [curve, {**point, "legendgroup": result.label, "showlegend": False}]


def pr_figure(results: Sequence[StrategyResult], minority_share: float) -> go.Figure:
    """PR curve per strategy over the seeds' pooled test splits (leaky dashed), each strategy's operating
    point on the same scores, and chance."""
    traces: list[Json] = [
        charts.reference_line(
            (0, 1), (minority_share, minority_share), f"Chance (minority share {minority_share:.1%})"
        )
    ]
    for result in results:
        if result.ok:
            traces += _pr_traces(result)
    layout = {
        "xaxis": charts.axis(
            "Recall on the minority class (every seed's test split pooled, 0–1)", range=[0, 1.02]
        ),
        "yaxis": charts.axis("Precision (0–1)", range=[0, 1.05]),
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- decision boundaries


def panels(results: Sequence[StrategyResult]) -> list[StrategyResult]:
    """The strategies with a decision-boundary panel: the correct runs that ran."""
    return [r for r in results if r.ok and not r.leaky and r.surface is not None]


def panel_columns(count: int) -> int:
    """Panels per row: at most three, rows as even as possible."""
    rows = -(-count // 3)
    return -(-count // rows)


def boundaries_height(count: int) -> int:
    """Figure height (px) for ``count`` panels."""
    rows = -(-count // panel_columns(count))
    return 130 + 270 * rows


def shown_points(y: np.ndarray) -> np.ndarray:
    """Rows to draw: every minority example (up to 200) and an evenly spread subset of the majority."""
    minority, majority = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    kept_minority = minority[plane.shown_rows(minority.size, MAX_MINORITY_SHOWN)]
    kept_majority = majority[plane.shown_rows(majority.size, MAX_MAJORITY_SHOWN)]
    return np.sort(np.concatenate([kept_minority, kept_majority]))


def _panel_traces(view: PlaneData, result: StrategyResult, keep: np.ndarray, first: bool) -> list[Json]:
    """One panel: P(minority) shading, the boundary at the strategy's threshold, the training points."""
    surface = plane.surface_trace(
        view.grid,
        result.surface,  # type: ignore[arg-type]
        show_scale=first,
        colorbar_title=f"P({view.positive_label})",
        colorbar={"x": 1.0, "xanchor": "left", "y": 0.5, "yanchor": "middle", "len": 0.8},
    )
    boundary = plane.level_lines_trace(
        view.grid,
        result.surface,  # type: ignore[arg-type]
        [result.runs[0].threshold],
        name="Decision boundary (at the strategy's threshold)",
        show_legend=first,
    )
    points = plane.points_traces(
        view.train_xy[keep],
        view.y_train[keep],
        positive_label=view.positive_label,
        negative_label=view.negative_label,
        show_legend=first,
        max_points=keep.size,
        marker_size=5,
    )
    return [surface, boundary, *points]


def boundaries_figure(view: PlaneData, results: Sequence[StrategyResult]) -> go.Figure:
    """A panel per strategy (first seed): P(minority) shading, the boundary at its threshold, the points."""
    shown = panels(results)
    if not shown:
        raise UserFacingError("No strategy ran, so there is no decision boundary to draw.")
    layout = charts.small_multiples_layout(
        [r.label for r in shown], view.view.axis_titles, columns=panel_columns(len(shown))
    )
    keep = shown_points(view.y_train)
    traces: list[Json] = []
    for index, result in enumerate(shown):
        traces += [charts.on_panel(t, index) for t in _panel_traces(view, result, keep, first=index == 0)]
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- reliability


def _trusted_curve(cal: Calibration, variant: str, bins: int) -> Json:
    """A variant's reliability curve over its bins with at least MIN_BIN_COUNT examples (top panel)."""
    curve = cal.curve(variant, bins)
    kept = curve.counts >= MIN_BIN_COUNT
    colour, symbol = _VARIANT_STYLE[variant]
    return {
        "type": "scatter",
        "x": np.round(curve.predicted[kept], 4).tolist(),
        "y": np.round(curve.observed[kept], 4).tolist(),
        "customdata": curve.counts[kept].tolist(),
        "mode": "lines+markers",
        "name": f"{cal.label(variant)} (Brier {cal.brier(variant)[0]:.3f})",
        "legendgroup": variant,
        "line": {"color": colour, "width": 2},
        "marker": {"color": colour, "symbol": symbol, "size": 9},
        "hovertemplate": (
            f"{cal.label(variant)}<br>Predicted %{{x:.2f}}<br>Observed %{{y:.2f}}"
            "<br>%{customdata} test examples<extra></extra>"
        ),
    }


def _count_bars(cal: Calibration, variant: str, bins: int) -> Json:
    """How many test examples each bin of a variant holds (bottom panel, log scale)."""
    curve = cal.curve(variant, bins)
    centres = (np.minimum(np.floor(curve.predicted * bins), bins - 1) + 0.5) / bins
    colour, _ = _VARIANT_STYLE[variant]
    return {
        "type": "bar",
        "x": np.round(centres, 4).tolist(),
        "y": curve.counts.tolist(),
        "name": f"{cal.short_label(variant)}: examples per bin",
        "legendgroup": variant,
        "showlegend": False,
        "marker": {"color": colour},
        "width": 0.8 / bins / len(CALIBRATION_VARIANTS),
        "yaxis": "y2",
        "hovertemplate": f"{cal.short_label(variant)}<br>%{{y}} test examples in this bin<extra></extra>",
    }


def reliability_figure(cal: Calibration, bins: int) -> go.Figure:
    """Reliability curves (pooled over the seeds' test splits) of the four variants over the bins with
    at least MIN_BIN_COUNT examples, the diagonal, and below them every bin's count."""
    traces: list[Json] = [charts.reference_line((0, 1), (0, 1), "Perfectly calibrated")]
    traces += [_trusted_curve(cal, variant, bins) for variant in CALIBRATION_VARIANTS]
    traces += [_count_bars(cal, variant, bins) for variant in CALIBRATION_VARIANTS]
    floor = charts.reference_line((0, 1), (MIN_BIN_COUNT, MIN_BIN_COUNT), f"{MIN_BIN_COUNT} examples")
    traces.append({**floor, "yaxis": "y2", "showlegend": False})
    layout = {
        "xaxis": charts.axis("Mean predicted P(minority) in the bin (0–1)", range=[0, 1], anchor="y2"),
        "yaxis": charts.axis("Observed minority share (0–1)", range=[0, 1.02], domain=[0.36, 1.0]),
        "yaxis2": charts.axis("Examples per bin (log)", type="log", domain=[0.0, 0.26], anchor="x"),
        "barmode": "group",
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
    }
    return charts.figure(traces, layout)
