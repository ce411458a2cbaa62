"""The page's four charts, read from a study at one grid index of C (nothing here fits)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explorers import charts, plane
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json
from explorers.formatting import plain
from explorers.regularization.penalties import (
    C_GRID,
    COMPARE_FACTOR,
    COMPARE_STEPS,
    LOG_C,
    Scoring,
    c_and_lambda,
    neighbour,
)
from explorers.regularization.problem import KINDS
from explorers.regularization.readings import GridScores, Zones
from explorers.regularization.study import Canvas, Scores, Study

_UNDERFIT_COLOUR = PALETTE[4]
_OVERFIT_COLOUR = PALETTE[1]
_TRAIN_COLOUR = PALETTE[0]
_CV_COLOUR = PALETTE[5]
_BEST_COLOUR = PALETTE[2]
_LOOSER_COLOUR = PALETTE[3]
_C_TICKS = [c for c in C_GRID if math.log10(c).is_integer()]
_AXIS_PAD = 0.15


def _c_axis() -> Json:
    """An x-axis in log10(C) units, labelled with C itself."""
    return {
        "title": {"text": "C = 1/λ, log scale (weaker penalty →)"},
        "tickvals": [math.log10(c) for c in _C_TICKS],
        "ticktext": [plain(c) for c in _C_TICKS],
        "range": [float(LOG_C[0]) - _AXIS_PAD, float(LOG_C[-1]) + _AXIS_PAD],
        "zeroline": False,
    }


def _current_line(index: int) -> Json:
    """The dotted vertical line at the current C."""
    return charts.vline(float(LOG_C[index]), dash="dot")


# --------------------------------------------------------------------------- validation curve


def _zone_label(x: float, text: str, anchor: str, *, top: bool) -> Json:
    """A label at the top or bottom edge of a shaded zone."""
    return {
        "x": x,
        "y": 1 if top else 0,
        "yref": "paper",
        "xanchor": anchor,
        "yanchor": "top" if top else "bottom",
        "text": text,
        "showarrow": False,
        "font": {"color": "#4D4D4D"},
    }


def _between(i: int, j: int) -> float:
    """Midpoint in log10(C) between two grid indices."""
    return float((LOG_C[i] + LOG_C[j]) / 2)


def _label_on_top(curves: Sequence[np.ndarray], rows: slice) -> bool:
    """Whether a zone's label belongs at the top: its curves sit in the lower half of the chart."""
    low = min(float(np.nanmin(curve)) for curve in curves)
    high = max(float(np.nanmax(curve)) for curve in curves)
    middle = float(np.nanmean([np.nanmean(curve[rows]) for curve in curves]))
    return middle < (low + high) / 2


def _zone_shapes(z: Zones, curves: Sequence[np.ndarray]) -> tuple[list[Json], list[Json]]:
    """Shaded zones, and their labels on whichever edge the ``curves`` leave free."""
    shapes, labels = [], []
    left, right = float(LOG_C[0]) - _AXIS_PAD, float(LOG_C[-1]) + _AXIS_PAD
    if z.underfit_end is not None:
        shapes.append(charts.x_band(left, _between(z.underfit_end, z.underfit_end + 1), _UNDERFIT_COLOUR))
        top = _label_on_top(curves, slice(0, z.underfit_end + 1))
        labels.append(_zone_label(left, " Underfitting", "left", top=top))
    if z.overfit_start is not None:
        shapes.append(charts.x_band(_between(z.overfit_start - 1, z.overfit_start), right, _OVERFIT_COLOUR))
        top = _label_on_top(curves, slice(z.overfit_start, None))
        labels.append(_zone_label(right, "Overfitting ", "right", top=top))
    return shapes, labels


def _grid_curve(y: np.ndarray, *, name: str, colour: str, hover: str) -> Json:
    """A mean score curve over the C grid."""
    return {
        "type": "scatter",
        "x": LOG_C,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "width": 2.5},
        "marker": {"size": 5},
        "customdata": [plain(c) for c in C_GRID],
        "hovertemplate": hover,
    }


def _mark(
    index: int, curve: np.ndarray, name: str, style: tuple[str, str], hover: str, *, size: int = 14
) -> Json:
    """A named marker on ``curve`` at grid index ``index``, drawn in ``style`` (colour, symbol)."""
    colour, symbol = style
    at = float(LOG_C[index]), float(curve[index])
    return charts.marker(*at, name=name, colour=colour, symbol=symbol, hover=hover, size=size)


def _short_marks(scores: GridScores) -> list[Json]:
    """✕ on the CV curve where saga stopped short of the penalised optimum (none when every fit got there)."""
    short = np.flatnonzero(scores.short)
    if not short.size:
        return []
    return [
        {
            "type": "scatter",
            "x": LOG_C[short],
            "y": scores.cv[short],
            "mode": "markers",
            "name": "saga stopped short of the optimum",
            "marker": {"size": 9, "symbol": "x-thin", "line": {"width": 2, "color": "#4D4D4D"}},
            "customdata": [plain(C_GRID[i]) for i in short],
            "hovertemplate": "C %{customdata}: saga stopped before the penalised optimum; the point "
            "reflects the solver, not only the penalty<extra></extra>",
        }
    ]


def validation_curve_figure(scores: GridScores, index: int, n_folds: int) -> go.Figure:
    """Train and CV scores across C (CV ± 1 SD over folds), zones shaded, the current C (grid index
    ``index``) and the C cross-validation picks marked.

    The current C is marked on both curves by traces named "Current C (train)" and "Current C (CV)".
    """
    train, cv, z = scores.train, scores.cv, scores.zones
    metric = scores.scoring.metric
    hover = f"C %{{customdata}}<br>{metric} %{{y:.3f}}<extra></extra>"
    here = f"Current {c_and_lambda(C_GRID[index])}"
    best_hover = f"Chosen by CV: best mean CV {metric} at C = {plain(C_GRID[z.best_index])}"
    t, c = f"{train[index]:.3f}", f"{cv[index]:.3f}"
    current = (HIGHLIGHT_COLOUR, "circle")
    traces = [
        charts.spread_band(
            LOG_C, cv - scores.cv_spread, cv + scores.cv_spread, _CV_COLOUR, "CV ± 1 SD over folds"
        ),
        _grid_curve(train, name="Train", colour=_TRAIN_COLOUR, hover=f"Train<br>{hover}"),
        _grid_curve(cv, name=f"CV ({n_folds}-fold, ± 1 SD)", colour=_CV_COLOUR, hover=f"CV<br>{hover}"),
        charts.reference_line(
            (float(LOG_C[0]), float(LOG_C[-1])),
            (scores.baseline, scores.baseline),
            f"Baseline, no features (test {metric} {scores.baseline:.3f})",
            dash="dash",
        ),
        *_short_marks(scores),
        _mark(z.best_index, cv, "Chosen by CV", (_BEST_COLOUR, "star"), best_hover, size=17),
        _mark(index, train, "Current C (train)", current, f"{here}<br>train {metric} {t}"),
        _mark(index, cv, "Current C (CV)", current, f"{here}<br>CV {metric} {c}"),
    ]
    traces[-2]["showlegend"] = False
    traces[-1]["legendgroup"] = traces[-2]["legendgroup"] = "current"
    shapes, labels = _zone_shapes(z, (train, cv))
    layout = {
        "xaxis": _c_axis(),
        "yaxis": {"title": {"text": scores.scoring.axis_title}},
        "shapes": [*shapes, _current_line(index)],
        "annotations": labels,
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- coefficient path


def _kind_lines(study: Study, kind: str) -> Json:
    """Every coefficient path of one kind of feature as one line trace, paths separated by gaps."""
    coefs, names = study.coefficients.path.coefs, study.problem.feature_names
    columns = [j for j, k in enumerate(study.problem.feature_kinds) if k == kind]
    n = len(C_GRID) + 1  # each path, then a NaN that breaks the line
    x = np.tile(np.r_[LOG_C, np.nan], len(columns))
    y = np.concatenate([np.r_[np.round(coefs[:, j], 4), np.nan] for j in columns])
    text = [names[j] for j in columns for _ in range(n)]
    c_text = [*(plain(c) for c in C_GRID), ""] * len(columns)
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": KINDS[kind].label,
        "legendgroup": kind,
        "line": {"color": KINDS[kind].colour, "width": 1.5},
        "opacity": 0.8,
        "text": text,
        "customdata": c_text,
        "hovertemplate": "%{text}<br>C %{customdata}<br>coefficient %{y:.3f}<extra></extra>",
    }


def coefficient_path_figure(study: Study, index: int) -> go.Figure:
    """Every standardised coefficient against C, one colour per feature kind; the current C marked.

    The current C's coefficients are the markers of the trace named "Current C".
    """
    coefs, names = study.coefficients.path.coefs, study.problem.feature_names
    kinds = [k for k in KINDS if k in study.problem.feature_kinds]
    traces = [_kind_lines(study, kind) for kind in kinds]
    traces.append(
        {
            "type": "scatter",
            "x": np.full(len(names), float(LOG_C[index])),
            "y": np.round(coefs[index], 4),
            "mode": "markers",
            "name": "Current C",
            "marker": {"color": HIGHLIGHT_COLOUR, "size": 6, "line": {"color": "white", "width": 0.5}},
            "text": list(names),
            "hovertemplate": "%{text}<br>coefficient %{y:.3f}<extra></extra>",
        }
    )
    layout = {
        "xaxis": _c_axis(),
        "yaxis": {"title": {"text": "Coefficient (per SD of the feature)"}},
        "shapes": [_current_line(index)],
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- learning curve


def _size_trace(scores: Scores, y: np.ndarray, *, name: str, colour: str, dash: str, metric: str) -> Json:
    """One learning curve."""
    return {
        "type": "scatter",
        "x": scores.train_sizes,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour, "dash": dash, "width": 2.5 if dash == "solid" else 2},
        "marker": {"size": 7},
        "hovertemplate": f"{name}<br>%{{x}} training examples<br>{metric} %{{y:.3f}}<extra></extra>",
    }


def _compared_name(index: int, other: int, side: str) -> str:
    """'CV, 10× tighter C = 0.1' (without the factor when the grid's edge is nearer)."""
    factor = f"{COMPARE_FACTOR}× " if abs(other - index) == COMPARE_STEPS else ""
    return f"CV, {factor}{side} C = {plain(C_GRID[other])}"


def learning_curve_figure(scores: Scores, scoring: Scoring, index: int) -> go.Figure:
    """Train and CV score against training size at the current C, and CV at ``COMPARE_FACTOR`` times
    tighter and looser C."""
    metric, key = scoring.metric, scoring.key
    traces: list[Json] = []
    for steps, side, colour, dash in (
        (-COMPARE_STEPS, "tighter", REFERENCE_COLOUR, "dot"),
        (COMPARE_STEPS, "looser", _LOOSER_COLOUR, "dash"),
    ):
        other = neighbour(index, steps)
        if other != index:
            name = _compared_name(index, other, side)
            cv = scores.by_size(key, "cv", other)
            traces.append(_size_trace(scores, cv, name=name, colour=colour, dash=dash, metric=metric))
    here = plain(C_GRID[index])
    for part, name, colour in (("train", "Train", _TRAIN_COLOUR), ("cv", "CV", _CV_COLOUR)):
        y = scores.by_size(key, part, index)
        traces.append(
            _size_trace(scores, y, name=f"{name}, C = {here}", colour=colour, dash="solid", metric=metric)
        )
    layout = {
        "xaxis": {"title": {"text": "Training examples per fold (count)"}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": scoring.axis_title}},
    }
    return charts.figure(traces, layout)


# --------------------------------------------------------------------------- decision boundary


def decision_boundary_figure(canvas: Canvas, positive_label: str, index: int) -> go.Figure:
    """P(positive) of the fit at grid index ``index`` on the 2-D view, its 0.5 boundary, and the train
    and test points. For 2-D sets the plane is the raw (x1, x2) plane and the model sees its
    polynomial terms. Only the surface depends on C."""
    prob = canvas.probabilities[index].ravel()
    grid = canvas.grid
    traces: list[Json] = [
        plane.surface_trace(grid, prob, colorbar_title=f"P({positive_label})"),
        plane.level_lines_trace(grid, prob, [0.5], name="Boundary, p = 0.5"),
        *canvas.point_traces,
    ]
    layout = {
        "xaxis": {
            "title": {"text": canvas.view.axis_titles[0]},
            "range": [float(grid.xs[0]), float(grid.xs[-1])],
        },
        "yaxis": {
            "title": {"text": canvas.view.axis_titles[1]},
            "range": [float(grid.ys[0]), float(grid.ys[-1])],
        },
    }
    return charts.figure(traces, layout)
