"""The one chart theme: a colour-blind-safe palette, fonts and layout for every figure.

The theme is a small plotly template registered as the default at import, so building a
figure stays cheap (the stock ``plotly_white`` template costs ~10 ms per figure to validate).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from explorers.chart_layout import fit_for_screen

# A plotly trace, shape or layout as a plain dict (figures are built without validation).
Json = dict[str, object]

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
NEGATIVE_COLOUR = PALETTE[0]
POSITIVE_COLOUR = PALETTE[1]
HIGHLIGHT_COLOUR = PALETTE[5]
REFERENCE_COLOUR = "#7F7F7F"
SEQUENTIAL_SCALE: tuple[tuple[float, str], ...] = ((0.0, "#F7FBFF"), (1.0, "#0072B2"))
DIVERGING_SCALE: tuple[tuple[float, str], ...] = ((0.0, "#0072B2"), (0.5, "#F7F7F7"), (1.0, "#E69F00"))

FONT_FAMILY = "Source Sans Pro, Helvetica Neue, Arial, sans-serif"
BASE_FONT_SIZE = 14
PRESENTATION_FONT_SIZE = 20
TEMPLATE_NAME = "tradeoff"

_GRID = "#E5E5E5"
_AXIS = {
    "gridcolor": _GRID,
    "zerolinecolor": _GRID,
    "linecolor": "#BFBFBF",
    "ticks": "outside",
    "tickcolor": "#BFBFBF",
    "automargin": True,
}


def _template() -> go.layout.Template:
    """The default template: palette, one base font, white background, light grid.

    Only ``layout.font`` carries a size: axis titles, ticks, legends and annotations inherit
    it, so presentation mode rescales a whole figure by changing that one attribute (cheap;
    assigning a whole template to an existing figure costs ~3 ms of plotly validation).
    """
    return go.layout.Template(
        layout={
            "colorway": list(PALETTE),
            "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": "#262730"},
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "xaxis": _AXIS,
            "yaxis": _AXIS,
            "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0.0},
            "margin": {"l": 10, "r": 10, "t": 56, "b": 10},
            "title": {"x": 0.0, "xanchor": "left"},
            "hovermode": "closest",
        }
    )


def use_theme() -> None:
    """Register the template and make it plotly's default.

    Call again after importing anything that sets its own default (Streamlit's plotly
    module does, once, when first imported).
    """
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = _template()
    pio.templates.default = TEMPLATE_NAME


use_theme()


def figure(data: Sequence[Json], layout: Json) -> go.Figure:
    """A figure from plain trace and layout dicts, built without plotly's property validation.

    Validation costs ~2-3 ms per figure on every rerun; the unit tests validate every figure
    builder's output instead (``go.Figure(fig.to_dict())`` raises on an invalid property).
    """
    return go.Figure({"data": list(data), "layout": layout}, _validate=False)


# A chart's width when nothing better is known (px, normal and presentation mode): the main
# column at 1280x720, less the sidebar in normal mode.
DEFAULT_WIDTH = (680, 1100)


def apply_theme(
    fig: go.Figure, *, presentation: bool = False, height: int | None = None, width: int | None = None
) -> go.Figure:
    """Size ``fig``'s fonts for the screen in use, set its ``height`` (px) and make it readable at
    about ``width`` px (see ``chart_layout``); return it.

    Presentation mode enlarges every font so a projected chart stays readable at 1280x720.
    """
    size = PRESENTATION_FONT_SIZE if presentation else BASE_FONT_SIZE
    if presentation:
        fig.layout.font.size = size
        fig.layout.margin.t = round((fig.layout.margin.t or 56) * 1.3)
    for trace in fig.data:
        if trace.type == "heatmap":  # heatmap cell text does not inherit layout.font
            trace.textfont.size = size
    if height is not None:
        fig.layout.height = height
    fit_for_screen(fig, size, width or DEFAULT_WIDTH[presentation])
    return fig


def axis(title: str, **extra: object) -> Json:
    """An axis layout with a title (and any extra properties)."""
    return {"title": {"text": title}, **extra}


def panel_axes(index: int) -> tuple[str, str]:
    """The axis ids (``"x"``, ``"y"``; ``"x2"``, ``"y2"``; ...) of small-multiple panel ``index``."""
    suffix = "" if index == 0 else str(index + 1)
    return f"x{suffix}", f"y{suffix}"


def on_panel(trace: Json, index: int) -> Json:
    """``trace`` drawn on panel ``index`` of a small-multiples layout."""
    x, y = panel_axes(index)
    return {**trace, "xaxis": x, "yaxis": y}


def _domain(start: float, end: float) -> list[float]:
    """An axis domain clipped to [0, 1] (rounding can leave -1e-17)."""
    return [round(min(max(start, 0.0), 1.0), 6), round(min(max(end, 0.0), 1.0), 6)]


def small_multiples_layout(
    titles: list[str] | tuple[str, ...],
    axis_titles: tuple[str, str],
    *,
    columns: int | None = None,
    gap: float = 0.07,
    shared: bool = True,
) -> Json:
    """A layout of panels in a grid, titled, with shared axes (axis titles on the outer panels only).

    Pair with ``on_panel(trace, index)``. ``columns`` defaults to one row of every panel.
    """
    count = len(titles)
    columns = max(1, min(columns or count, count))
    rows = -(-count // columns)
    width = (1 - gap * (columns - 1)) / columns
    height = (1 - gap * 1.6 * (rows - 1)) / rows
    layout: Json = {
        "showlegend": True,
        # The legend sits at the very top, above the panel titles.
        "legend": {"orientation": "h", "yref": "container", "y": 1, "yanchor": "top", "x": 0},
        "margin": {"t": 84},
    }
    annotations: list[Json] = []
    for index, title in enumerate(titles):
        row, column = divmod(index, columns)
        left = column * (width + gap)
        top = 1 - row * (height + gap * 1.6)
        x_id, y_id = panel_axes(index)
        x_axis: Json = {"domain": _domain(left, left + width), "anchor": y_id}
        y_axis: Json = {"domain": _domain(top - height, top), "anchor": x_id}
        if shared and index:
            x_axis["matches"], y_axis["matches"] = "x", "y"
        if row == rows - 1 or index + columns >= count:
            x_axis["title"] = {"text": axis_titles[0]}
        if column == 0:
            y_axis["title"] = {"text": axis_titles[1]}
        elif shared:
            y_axis["showticklabels"] = False  # the left panel's labels serve the row
        layout[f"xaxis{x_id[1:]}"] = x_axis
        layout[f"yaxis{y_id[1:]}"] = y_axis
        annotations.append(
            {
                "text": f"<b>{title}</b>",
                "x": left + width / 2,
                "y": top,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
            }
        )
    layout["annotations"] = annotations
    return layout


def panel_colorbar(layout: Json, index: int, **extra: object) -> Json:
    """A colour bar just right of panel ``index`` of a small-multiples layout (leave a wide ``gap``)."""
    x_id, y_id = panel_axes(index)
    x_domain = layout[f"xaxis{x_id[1:]}"]["domain"]  # type: ignore[index]
    y_domain = layout[f"yaxis{y_id[1:]}"]["domain"]  # type: ignore[index]
    return {
        "x": x_domain[1] + 0.005,
        "xanchor": "left",
        "y": (y_domain[0] + y_domain[1]) / 2,
        "yanchor": "middle",
        "len": (y_domain[1] - y_domain[0]) * 0.95,
        "thickness": 12,
        **extra,
    }


def reference_line(x: tuple[float, float], y: tuple[float, float], name: str, *, dash: str = "dot") -> Json:
    """A thin grey reference line (chance level, the perfectly calibrated diagonal), not hoverable."""
    return {
        "type": "scatter",
        "x": list(x),
        "y": list(y),
        "mode": "lines",
        "name": name,
        "line": {"color": REFERENCE_COLOUR, "dash": dash, "width": 1},
        "hoverinfo": "skip",
    }


def vline(
    x: float, *, colour: str = HIGHLIGHT_COLOUR, dash: str = "solid", width: float = 2, xref: str = "x"
) -> Json:
    """A full-height vertical line shape at ``x`` (in ``xref``'s units)."""
    line = {"color": colour, "width": width, "dash": dash}
    return {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "xref": xref, "yref": "paper", "line": line}


def x_band(x0: float, x1: float, colour: str, *, opacity: float = 0.14, xref: str = "x") -> Json:
    """A full-height shaded band from ``x0`` to ``x1``, behind the data."""
    return {
        "type": "rect",
        "x0": x0,
        "x1": x1,
        "y0": 0,
        "y1": 1,
        "xref": xref,
        "yref": "paper",
        "fillcolor": colour,
        "opacity": opacity,
        "line": {"width": 0},
        "layer": "below",
    }


def spread_band(x: np.ndarray, low: np.ndarray, high: np.ndarray, colour: str, name: str) -> Json:
    """A light filled band between ``low`` and ``high`` along ``x`` (e.g. mean ± 1 SD), not hoverable."""
    return {
        "type": "scatter",
        "x": np.r_[x, x[::-1]],
        "y": np.r_[high, low[::-1]],
        "fill": "toself",
        "fillcolor": colour,
        "opacity": 0.18,
        "line": {"width": 0},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": name,
    }


def marker(x: float, y: float, *, name: str, colour: str, symbol: str, hover: str, size: int = 14) -> Json:
    """One marked, named point; ``hover`` is its hover text."""
    return {
        "type": "scatter",
        "x": [x],
        "y": [y],
        "mode": "markers",
        "name": name,
        "marker": {"color": colour, "size": size, "symbol": symbol, "line": {"color": "white", "width": 1.5}},
        "hovertemplate": hover + "<extra></extra>",
    }


def line(
    x: np.ndarray,
    y: np.ndarray,
    name: str,
    colour: str,
    *,
    hover: str,
    width: float = 2.5,
    dash: str = "solid",
) -> Json:
    """A named curve; ``hover`` is its whole hover template."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": name,
        "line": {"color": colour, "width": width, "dash": dash},
        "hovertemplate": hover,
    }


def label(text: str, x: float, y: float, **extra: object) -> Json:
    """A small text annotation on a white backing at ``x`` (data) and ``y`` (share of the plot height)."""
    return {
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "xanchor": "left",
        "bgcolor": "rgba(255,255,255,0.8)",
        **extra,
    }
