"""Rules that keep every figure readable on the screen it is drawn for, applied when it is drawn:

- a log axis labels round values (1, 2, 5 per decade, or decades alone over wide ranges) as plain
  numbers ("0.1", "1", "10"), never plotly's bare minor digits ("4 5 … 9 1 2");
- an axis overlaying another gets its own round ticks and no grid of its own;
- a horizontal legend that would take more than two rows at the chart's width gets a smaller
  font, or moves beside it;
- an axis title longer than its axis wraps. (A figure's title is drawn above it by the UI, as
  text that wraps.)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go

LEGEND_ROWS = 2  # at most this many rows of legend above a chart
_CHAR_WIDTH = 0.6  # an average character's width, in font sizes
_ENTRY_OVERHEAD = 50  # a legend entry's symbol and gaps, in px


def log_ticks(low: float, high: float) -> list[float]:
    """Round tick values between ``low`` and ``high`` (both > 0): 1-2-5 per decade, decades alone
    over more than four decades, 1-2-3-5 within about one."""
    if not (low > 0 and high > 0 and math.isfinite(low) and math.isfinite(high)):
        return []
    low, high = min(low, high), max(low, high)
    decades = math.log10(high / low)
    mantissas = (1,) if decades > 4 else (1, 2, 5) if decades > 1.3 else (1, 2, 3, 5, 7)
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    ticks = [
        float(f"{m * 10.0**e:.12g}")
        for e in range(first, last + 1)
        for m in mantissas
        if low <= m * 10.0**e <= high
    ]
    if len(ticks) < 2:  # a very narrow range: its ends, rounded
        ticks = sorted({float(f"{low:.2g}"), float(f"{high:.2g}")})
    return ticks


def tick_text(value: float) -> str:
    """A tick value as a plain number: "0.001", "1", "10,000"."""
    return f"{value:,.12g}" if value >= 1 else f"{value:.12g}"


# The rules read and write a figure through plotly's own stores of what was set (``Figure._layout``,
# a dict, and ``Figure._data``, a list of dicts, which ``to_dict`` and the validated accessors read
# too): plotly's validated attribute access and ``update`` cost several ms per figure, on every
# rerun. What they write is plain and valid (the tests validate every figure after the rules).
Json = dict[str, Any]


def _layout(fig: go.Figure) -> Json:
    return fig._layout


def _traces(fig: go.Figure) -> list[Json]:
    return fig._data


def _axis_names(fig: go.Figure, letter: str) -> list[str]:
    return [name for name in _layout(fig) if name.startswith(f"{letter}axis")]


def _values_on(fig: go.Figure, letter: str, axis_id: str) -> np.ndarray:
    """Every positive finite value the figure's traces put on axis ``axis_id`` (e.g. "x2")."""
    found: list[np.ndarray] = []
    for trace in _traces(fig):
        if (trace.get(f"{letter}axis") or letter) != axis_id:
            continue
        values = trace.get(letter)
        if values is None:
            continue
        try:
            array = np.asarray(values, dtype=float).ravel()
        except (TypeError, ValueError):
            continue
        found.append(array[np.isfinite(array) & (array > 0)])
    return np.concatenate(found) if found else np.empty(0)


def readable_log_axes(fig: go.Figure) -> None:
    """Give every log axis without its own tick values round, plainly written ticks."""
    for letter in ("x", "y"):
        for name in _axis_names(fig, letter):
            axis = _layout(fig)[name]
            if axis.get("type") != "log" or axis.get("tickvals") is not None:
                continue
            if axis.get("range") is not None:
                low, high = (10.0 ** float(v) for v in axis["range"])
            else:
                values = _values_on(fig, letter, letter + name[5:])
                if values.size == 0:
                    continue
                low, high = float(values.min()), float(values.max())
            ticks = log_ticks(low, high)
            if ticks:
                axis.pop("dtick", None)
                axis.update(tickmode="array", tickvals=ticks, ticktext=[tick_text(t) for t in ticks])


def round_overlay_ticks(fig: go.Figure) -> None:
    """An axis drawn over another (a right-hand y axis) picks its own round ticks, gridless."""
    for letter in ("x", "y"):
        for name in _axis_names(fig, letter):
            axis = _layout(fig)[name]
            if axis.get("overlaying") and axis.get("tickmode") in (None, "sync"):
                axis.update(tickmode="auto", nticks=6, showgrid=False)


def legend_rows(names: list[str], font_size: float, width: float) -> int:
    """How many rows a horizontal legend of ``names`` takes at ``width`` px. Like plotly: one row
    when every entry fits; otherwise a grid whose columns are as wide as the widest entry."""
    entries = [_ENTRY_OVERHEAD + _CHAR_WIDTH * font_size * len(name) for name in names]
    if sum(entries) <= width:
        return 1
    per_row = max(1, int(width // max(entries)))
    return -(-len(entries) // per_row)


def _wrapped(text: str) -> str:
    """``text`` on two lines, split at the space nearest its middle."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{text[:cut]}<br>{text[cut + 1 :]}"


def _title_text(container: Json) -> str | None:
    title = container.get("title")
    return title.get("text") if isinstance(title, dict) else None


def wrap_axis_titles(fig: go.Figure, font_size: float, height: float, width: float) -> None:
    """Break an axis title longer than its axis onto two lines (a y title longer than the plot is
    tall would run out of the chart)."""
    for letter, size in (("y", height * 0.7), ("x", width * 0.8)):
        for name in _axis_names(fig, letter):
            axis = _layout(fig)[name]
            text = _title_text(axis)
            if not text or "<br>" in text:
                continue
            domain = axis.get("domain") or (0, 1)
            if _CHAR_WIDTH * font_size * len(text) > size * (domain[1] - domain[0]):
                axis["title"]["text"] = _wrapped(text)


def _legend_names(fig: go.Figure) -> list[str]:
    shown: list[str] = []
    groups: set[str] = set()
    for trace in _traces(fig):
        group = trace.get("legendgroup")
        if trace.get("showlegend") is False or not trace.get("name") or group in groups:
            continue
        if group:
            groups.add(group)
        shown.append(str(trace["name"]))
    return shown


_LEGEND_SCALES = (1.0, 0.85, 0.72)  # legend font sizes tried above the chart, as shares of the chart's
_SIDE_SCALE = 0.62  # the legend font beside the chart
_ENTRY_HEIGHT = 2.2  # a vertical legend entry's height, in font sizes
_AXES_AND_MARGINS = 150  # px of a chart's height that its plot area does not get


def _has_colour_bar(fig: go.Figure) -> bool:
    return any(trace.get("showscale") or trace.get("colorbar") for trace in _traces(fig))


def fit_legend(fig: go.Figure, font_size: float, width: float) -> None:
    """Keep a horizontal legend to ``LEGEND_ROWS`` rows: a smaller legend font first; then beside
    the chart when its entries fit the chart's height and no colour bar sits there."""
    layout = _layout(fig)
    if layout.get("showlegend") is False or (layout.get("legend", {}).get("orientation") or "h") != "h":
        return
    names = _legend_names(fig)
    if len(names) < 2:
        return
    legend = layout.setdefault("legend", {})
    for scale in _LEGEND_SCALES:
        if legend_rows(names, font_size * scale, width) <= LEGEND_ROWS:
            if scale < 1:
                legend.setdefault("font", {})["size"] = round(font_size * scale)
            return
    plot_height = (layout.get("height") or 450) - _AXES_AND_MARGINS
    legend.setdefault("font", {})["size"] = round(font_size * _LEGEND_SCALES[-1])
    side = round(font_size * _SIDE_SCALE)
    if len(names) * side * _ENTRY_HEIGHT <= plot_height and not _has_colour_bar(fig):
        legend["font"]["size"] = side
        legend.update(orientation="v", x=1.02, xanchor="left", y=1.0, yanchor="top", yref="paper")


def fit_for_screen(fig: go.Figure, font_size: float, width: float) -> None:
    """Every rule above, for a chart about ``width`` px wide drawn at ``font_size``."""
    readable_log_axes(fig)
    round_overlay_ticks(fig)
    fit_legend(fig, font_size, width)
    wrap_axis_titles(fig, font_size, _layout(fig).get("height") or 450, width)
