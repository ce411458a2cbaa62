"""Line charts of benchmark curves: a PNG through plotly and kaleido when kaleido is installed,
otherwise a small hand-written SVG (no extra dependency)."""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from html import escape
from pathlib import Path

Point = tuple[float, float]
WIDTH, HEIGHT = 760, 380
MARGIN = {"left": 70, "right": 20, "top": 40, "bottom": 50}


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (steps of 1, 2 or 5 times a power of ten) covering [low, high]."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) / (high - low) * (end - start)


def line_svg(
    series: dict[str, Sequence[Point]], *, title: str, x_label: str, y_label: str, dashed: Sequence[str] = ()
) -> str:
    """An SVG line chart of named series of (x, y) points; series named in ``dashed`` are dashed."""
    points = [point for line in series.values() for point in line]
    xs = nice_ticks(min(x for x, _ in points), max(x for x, _ in points))
    ys = nice_ticks(min(y for _, y in points), max(y for _, y in points))
    left, right = MARGIN["left"], WIDTH - MARGIN["right"]
    top, bottom = MARGIN["top"], HEIGHT - MARGIN["bottom"]

    def at(x: float, y: float) -> str:
        return f"{_scale(x, xs[0], xs[-1], left, right):.1f},{_scale(y, ys[0], ys[-1], bottom, top):.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>',
    ]
    for x in xs:
        px = _scale(x, xs[0], xs[-1], left, right)
        parts.append(f'<line x1="{px:.1f}" y1="{top}" x2="{px:.1f}" y2="{bottom}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{px:.1f}" y="{bottom + 18}" text-anchor="middle">{x:g}</text>')
    for y in ys:
        py = _scale(y, ys[0], ys[-1], bottom, top)
        parts.append(f'<line x1="{left}" y1="{py:.1f}" x2="{right}" y2="{py:.1f}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{left - 8}" y="{py + 4:.1f}" text-anchor="end">{y:g}</text>')
    parts.append(
        f'<text x="{(left + right) / 2}" y="{HEIGHT - 12}" text-anchor="middle">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="16" y="{(top + bottom) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(top + bottom) / 2})">{escape(y_label)}</text>'
    )
    colours = ("#0072B2", "#D55E00", "#2ca02c", "#9467bd")
    for index, (name, line) in enumerate(series.items()):
        colour = colours[index % len(colours)]
        dash = ' stroke-dasharray="6 4"' if name in dashed else ""
        path = " ".join(at(x, y) for x, y in line)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        parts.append(
            f'<text x="{left + 10}" y="{top + 16 + 16 * index}" fill="{colour}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def write_line_chart(
    path_stem: Path,
    series: dict[str, Sequence[Point]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    dashed: Sequence[str] = (),
) -> Path:
    """Write the chart as ``<stem>.png`` (plotly + kaleido) or else ``<stem>.svg``; return the file."""
    if importlib.util.find_spec("kaleido") is not None:
        import plotly.graph_objects as go

        figure = go.Figure(layout={"title": title, "xaxis_title": x_label, "yaxis_title": y_label})
        for name, line in series.items():
            figure.add_scatter(
                x=[x for x, _ in line],
                y=[y for _, y in line],
                name=name,
                line={"dash": "dash" if name in dashed else "solid"},
            )
        target = path_stem.with_suffix(".png")
        figure.write_image(target, width=WIDTH, height=HEIGHT)
        return target
    target = path_stem.with_suffix(".svg")
    target.write_text(line_svg(series, title=title, x_label=x_label, y_label=y_label, dashed=dashed))
    return target
