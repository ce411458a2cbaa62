"""The leakage charts: offline estimate against production per split strategy, the folds over time and
users, the optimism each leak adds on its own, and permutation importance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explorers import charts
from explorers.charts import HIGHLIGHT_COLOUR, PALETTE, REFERENCE_COLOUR, Json
from explorers.leakage.data import LOG_DAYS
from explorers.leakage.splits import SPLITS, TRAIN, UNUSED, VALIDATION
from explorers.leakage.training import Estimate, Importance, Production

CHANCE = 0.5
ESTIMATE_COLOUR = PALETTE[0]
CLEAN_COLOUR = PALETTE[4]
PRODUCTION_COLOUR = PALETTE[5]
ROLE_COLOURS = {TRAIN: PALETTE[0], VALIDATION: PALETTE[1], UNUSED: "#BFBFBF"}
ROLE_NAMES = {TRAIN: "Training rows", VALIDATION: "Validation rows", UNUSED: "Unused in this fold"}


def split_row(key: str, chosen: str) -> str:
    """A split's row label on the reality chart, the chosen one in bold."""
    label = SPLITS[key].short[0].upper() + SPLITS[key].short[1:]
    return f"<b>{label}</b>" if key == chosen else label


def reality_figure(
    estimates: Sequence[Estimate], clean: Sequence[Estimate], production: Production, chosen: str
) -> go.Figure:
    """Per split strategy, the offline estimate with the current leaks (filled) and without any (hollow),
    against the one production score (a vertical line) and chance (0.5)."""
    traces: list[Json] = []
    rows = [split_row(e.split, chosen) for e in estimates]
    for row, estimate, honest in zip(rows, estimates, clean, strict=True):
        label = SPLITS[estimate.split].label
        traces.append(
            {
                "type": "scatter",
                "x": [honest.auc, estimate.auc],
                "y": [row, row],
                "mode": "lines",
                "line": {"color": REFERENCE_COLOUR, "width": 1.5},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        traces.append(
            {
                **charts.marker(
                    honest.auc,
                    row,
                    name=f"{label}: no leaks",
                    colour=CLEAN_COLOUR,
                    symbol="circle-open",
                    hover=f"{label}, no leaks<br>offline AUC {honest.auc:.3f}",
                    size=13,
                ),
                "showlegend": False,
            }
        )
        traces.append(
            {
                **charts.marker(
                    estimate.auc,
                    row,
                    name=f"{label}: offline estimate",
                    colour=ESTIMATE_COLOUR,
                    symbol="circle",
                    hover=f"{label}, current leaks<br>offline AUC {estimate.auc:.3f}",
                    size=15,
                ),
                "showlegend": False,
            }
        )
    traces += [_legend("Offline, current leaks", ESTIMATE_COLOUR, "circle", 15)]
    traces += [_legend("Offline, no leaks", CLEAN_COLOUR, "circle-open", 13)]
    traces.append(
        {
            "type": "scatter",
            "x": [production.auc, production.auc],
            "y": [0, 1],
            "yaxis": "y2",
            "mode": "lines",
            "name": f"Production ({production.auc:.2f})",
            "line": {"color": PRODUCTION_COLOUR, "width": 3},
            "hovertemplate": f"Production AUC {production.auc:.3f}<extra></extra>",
        }
    )
    traces.append(charts.reference_line((CHANCE, CHANCE), (0, 1), "Chance (0.50)") | {"yaxis": "y2"})
    lowest = min(production.auc, *(e.auc for e in (*estimates, *clean)))
    layout = {
        "xaxis": charts.axis("ROC-AUC (offline: mean of 5 folds)", range=[min(0.45, lowest - 0.03), 1.0]),
        "yaxis": {"autorange": "reversed", "automargin": True},
        "yaxis2": {"overlaying": "y", "range": [0, 1], "visible": False},
        "margin": {"l": 10, "r": 20, "t": 56, "b": 10},
    }
    return charts.figure(traces, layout)


def _legend(name: str, colour: str, symbol: str, size: int) -> Json:
    """A legend entry only (no point drawn)."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "marker": {"color": colour, "symbol": symbol, "size": size},
        "hoverinfo": "skip",
    }


def timeline_figure(
    estimate: Estimate, fold: int, production_time: np.ndarray, production_user: np.ndarray
) -> go.Figure:
    """Every row over time (x) and user (y), coloured by its role in fold ``fold`` (1-based); production
    rows to the right of the log's end."""
    roles = estimate.roles[fold - 1]
    ranks = _user_ranks(np.r_[estimate.user, production_user], np.r_[estimate.time, production_time])
    log_ranks, production_ranks = ranks[: estimate.user.size], ranks[estimate.user.size :]
    traces: list[Json] = []
    for role in (TRAIN, UNUSED, VALIDATION):
        shown = roles == role
        if not shown.any():
            continue
        traces.append(_points(estimate.time[shown], log_ranks[shown], ROLE_NAMES[role], ROLE_COLOURS[role]))
    traces.append(_points(production_time, production_ranks, "Production (later, new users)", PALETTE[3]))
    layout = {
        "xaxis": charts.axis("Day of the event"),
        "yaxis": charts.axis("User (by first event)", showticklabels=False),
        "shapes": [charts.vline(LOG_DAYS, colour=REFERENCE_COLOUR, dash="dash")],
    }
    return charts.figure(traces, layout)


def _user_ranks(user: np.ndarray, time: np.ndarray) -> np.ndarray:
    """Each row's user, numbered by the user's first event."""
    first = np.full(int(user.max()) + 1, np.inf)
    np.minimum.at(first, user, time)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[user]


def _points(x: np.ndarray, y: np.ndarray, name: str, colour: str) -> Json:
    return {
        "type": "scattergl",
        "x": x,
        "y": y,
        "mode": "markers",
        "name": name,
        "marker": {"color": colour, "size": 4},
        "hovertemplate": "day %{x:.0f}<extra>" + name + "</extra>",
    }


def added_gap_figure(names: Sequence[str], added: Sequence[float], split_label: str) -> go.Figure:
    """Horizontal bars: the optimism each leak adds on its own over the leak-free gap."""
    colours = [HIGHLIGHT_COLOUR if value > 0 else CLEAN_COLOUR for value in added]
    trace: Json = {
        "type": "bar",
        "orientation": "h",
        "x": list(added),
        "y": list(names),
        "marker": {"color": colours},
        "text": [f"{value:+.2f}" for value in added],
        "textposition": "outside",
        "cliponaxis": False,
        "name": "Added optimism",
        "hovertemplate": "%{y}: %{x:+.3f} AUC of optimism<extra></extra>",
    }
    top = max([0.05, *(abs(v) for v in added)])
    layout = {
        "xaxis": charts.axis(
            f"Optimism each leak adds alone (AUC, {split_label})",
            range=[min(0.0, *added) - 0.02, top * 1.3],
            zeroline=True,
        ),
        "yaxis": {"autorange": "reversed", "automargin": True},
        "showlegend": False,
    }
    return charts.figure([trace], layout)


def importance_figure(result: Importance, leaky: frozenset[str], shown: int = 8) -> go.Figure:
    """The model's inputs by permutation importance (AUC lost when shuffled, ± one SD), leaky ones marked."""
    names, mean, std = result.names[:shown], result.mean[:shown], result.std[:shown]
    trace: Json = {
        "type": "bar",
        "orientation": "h",
        "x": mean,
        "y": list(names),
        "error_x": {"type": "data", "array": std, "color": REFERENCE_COLOUR},
        "marker": {"color": [HIGHLIGHT_COLOUR if name in leaky else ESTIMATE_COLOUR for name in names]},
        "name": "AUC lost when shuffled",
        "hovertemplate": "%{y}: %{x:.3f} AUC lost<extra></extra>",
    }
    layout = {
        "xaxis": charts.axis("AUC lost when the column is shuffled (last fold)", zeroline=True),
        "yaxis": {"autorange": "reversed", "automargin": True},
        "showlegend": False,
    }
    return charts.figure([trace], layout)
