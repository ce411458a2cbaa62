"""Taking a view away: the notebook that reproduces it, and the data behind its charts and tables.

A topic's ``recipe(params) -> Recipe`` writes the notebook: markdown and code cells that rebuild the
view's data, model and headline numbers with plain numpy, pandas, scikit-learn, imbalanced-learn,
scipy, statsmodels and plotly (never this app), with the page's seed. Its last code cell sets
``HEADLINE``, a dict from the label of a key number on the page to the number as the page reads it
(a '4.8%' is 4.8, '$0.052' is 0.052, '2.1 ms' is 2.1); the kit ends the notebook by printing it as
JSON, and a test runs every page's notebook and checks those numbers against the page's.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go

from explorers.view import Chart, Table

CellKind = Literal["markdown", "code"]
HEADLINE_NAME = "HEADLINE"  # the dict the notebook's last code cell fills
PRINT_HEADLINE = f"import json\n\nprint(json.dumps({HEADLINE_NAME}, indent=1, ensure_ascii=False))"
UPLOAD_PATH_NOTE = (
    "**Your data.** Put the path of your CSV file in `PATH` below; the notebook reads it from there "
    "(the app never writes your data into the notebook)."
)


@dataclass(frozen=True)
class Cell:
    """One notebook cell: Markdown that explains a step, or the code that does it."""

    kind: CellKind
    source: str


def md(text: str) -> Cell:
    """A Markdown cell (indentation and surrounding blank lines removed)."""
    return Cell("markdown", textwrap.dedent(text).strip())


def code(text: str) -> Cell:
    """A code cell (indentation and surrounding blank lines removed)."""
    return Cell("code", textwrap.dedent(text).strip())


@dataclass(frozen=True)
class Recipe:
    """The notebook that reproduces one view: its title and its cells, which must end by setting
    ``HEADLINE`` (see the module's docstring)."""

    title: str
    cells: tuple[Cell, ...]


def notebook_cells(recipe: Recipe, settings: Sequence[str] = ()) -> list[Cell]:
    """Every cell of the notebook: the title and the page's ``settings`` (one line each), the
    recipe's cells, the headline numbers printed."""
    listed = "\n".join(f"- {line}" for line in settings) or "- the page's defaults"
    head = md(
        f"# {recipe.title}\n\n"
        "This notebook reproduces one view of the ML Trade-off Explorer with plain numpy, pandas, "
        "scikit-learn and plotly, so you can run it in Jupyter or Colab and keep going. "
        f"Its settings:\n\n{listed}"
    )
    tail = (
        md("## The headline numbers\n\nThe numbers the page shows at these settings, as it reads them."),
        Cell("code", PRINT_HEADLINE),
    )
    return [head, *recipe.cells, *tail]


def notebook_json(recipe: Recipe, settings: Sequence[str] = ()) -> str:
    """The recipe as an ``.ipynb`` file (nbformat 4, a Python 3 kernel), validated."""
    import nbformat  # lazily: only a download needs it

    builders = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    notebook = nbformat.v4.new_notebook(
        cells=[builders[cell.kind](cell.source) for cell in notebook_cells(recipe, settings)],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(notebook)
    return nbformat.writes(notebook)


def headline_of(stdout: str) -> dict[str, float]:
    """The ``HEADLINE`` dict a run notebook printed last."""
    start = stdout.rfind("\n{")
    return {str(k): float(v) for k, v in json.loads(stdout[start + 1 if start >= 0 else 0 :]).items()}


# --------------------------------------------------------------------------- data behind a view


def _column(values: Any) -> list[Any]:
    """A trace's x, y or z as a flat list (numpy arrays, tuples, ranges, or None)."""
    if values is None:
        return []
    array = np.asarray(values, dtype=object)
    return array.ravel().tolist() if array.ndim else [array.item()]


def _cell_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, np.generic):
        return value.item()
    return value


def chart_rows(figure: go.Figure) -> tuple[list[str], list[list[Any]]]:
    """The points behind a figure, one row per point: the trace's name, its subplot, x, y (and z for
    a heat map or contour, one row per cell)."""
    header = ["series", "subplot", "x", "y", "z"]
    rows: list[list[Any]] = []
    for index, trace in enumerate(figure.data):
        name = trace.name or f"series {index + 1}"
        subplot = "".join(str(getattr(trace, axis, "") or "") for axis in ("xaxis", "yaxis"))
        z = getattr(trace, "z", None)
        if z is not None:
            rows.extend(_grid_rows(name, subplot, trace.x, trace.y, z))
            continue
        xs, ys = _column(getattr(trace, "x", None)), _column(getattr(trace, "y", None))
        length = max(len(xs), len(ys))
        for point in range(length):
            x = xs[point] if point < len(xs) else point
            y = ys[point] if point < len(ys) else ""
            rows.append([name, subplot, _cell_value(x), _cell_value(y), ""])
    return header, rows


def _grid_rows(name: str, subplot: str, x: Any, y: Any, z: Any) -> Iterable[list[Any]]:
    grid = np.asarray(z, dtype=float)
    if grid.ndim != 2:
        return []
    xs = _column(x) or list(range(grid.shape[1]))
    ys = _column(y) or list(range(grid.shape[0]))
    return (
        [name, subplot, _cell_value(xs[j]), _cell_value(ys[i]), _cell_value(float(grid[i, j]))]
        for i in range(min(grid.shape[0], len(ys)))
        for j in range(min(grid.shape[1], len(xs)))
    )


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def chart_csv(chart: Chart) -> str:
    """The data behind a chart as CSV (see ``chart_rows``)."""
    header, rows = chart_rows(chart.figure)
    return _csv(header, rows)


def table_csv(table: Table) -> str:
    """A view's table as CSV, its cells as shown."""
    return _csv(table.columns, table.rows)


def chart_title(chart: Chart, fallback: str) -> str:
    """The chart's title as plain text (a line break is a space, other markup goes), or ``fallback``."""
    title = chart.figure.layout.title
    text = title.text if title is not None else None
    if not text:
        return fallback
    return re.sub(r"<br\s*/?>", " ", re.sub(r"<(?!br)[^>]+>", "", text)).strip()
