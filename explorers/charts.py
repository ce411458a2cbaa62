"""The one chart theme: a colour-blind-safe palette, fonts and layout for every figure.

The theme is a small plotly template registered as the default at import, so building a
figure stays cheap (the stock ``plotly_white`` template costs ~10 ms per figure to validate).
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

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


def figure(data: list[dict[str, object]], layout: dict[str, object]) -> go.Figure:
    """A figure from plain trace and layout dicts, built without plotly's property validation.

    Validation costs ~2-3 ms per figure on every rerun; the unit tests validate every figure
    builder's output instead (``go.Figure(fig.to_dict())`` raises on an invalid property).
    """
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def apply_theme(fig: go.Figure, *, presentation: bool = False, height: int | None = None) -> go.Figure:
    """Size ``fig``'s fonts for the screen in use and set its ``height`` (px); return it.

    Presentation mode enlarges every font so a projected chart stays readable at 1280x720.
    """
    size = PRESENTATION_FONT_SIZE if presentation else BASE_FONT_SIZE
    if presentation:
        fig.layout.font.size = size
        fig.layout.margin.t = 72
    for trace in fig.data:
        if trace.type == "heatmap":  # heatmap cell text does not inherit layout.font
            trace.textfont.size = size
    if height is not None:
        fig.layout.height = height
    return fig
