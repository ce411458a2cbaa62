"""The data behind a view's charts and tables, as CSV, and the notebook file's shape."""

from __future__ import annotations

import csv
import io

import nbformat
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorers.export import (
    PRINT_HEADLINE,
    Recipe,
    chart_csv,
    chart_rows,
    chart_title,
    code,
    md,
    notebook_json,
    table_csv,
)
from explorers.view import Chart, Table


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_every_point_of_every_trace_is_a_row():
    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Scatter(x=[1, 2], y=[0.5, float("nan")], name="train"), row=1, col=1)
    fig.add_trace(go.Bar(x=["a", "b", "c"], y=[3, 4, 5], name="counts"), row=1, col=2)
    rows = _rows(chart_csv(Chart(fig)))
    assert rows[0] == ["series", "subplot", "x", "y", "z"]
    assert rows[1:] == [
        ["train", "xy", "1", "0.5", ""],
        ["train", "xy", "2", "", ""],
        ["counts", "x2y2", "a", "3", ""],
        ["counts", "x2y2", "b", "4", ""],
        ["counts", "x2y2", "c", "5", ""],
    ]


def test_a_heat_map_is_one_row_per_cell():
    fig = go.Figure(go.Heatmap(x=[0, 1], y=[10, 20], z=[[1, 2], [3, 4]], name="grid"))
    _, rows = chart_rows(fig)
    assert [(r[2], r[3], r[4]) for r in rows] == [(0, 10, 1.0), (1, 10, 2.0), (0, 20, 3.0), (1, 20, 4.0)]


def test_a_table_is_written_as_shown():
    table = Table(("Model", "AUC"), (("LR", "0.81"), ("Trees, deep", "0.84")))
    assert _rows(table_csv(table)) == [["Model", "AUC"], ["LR", "0.81"], ["Trees, deep", "0.84"]]


def test_chart_titles_are_plain_text():
    fig = go.Figure(layout={"title": {"text": "<b>Recall</b> at k"}})
    assert chart_title(Chart(fig), "fallback") == "Recall at k"
    assert chart_title(Chart(go.Figure()), "fallback") == "fallback"


def test_the_notebook_is_valid_and_ends_by_printing_the_headline():
    recipe = Recipe("A page", (md("  Step one."), code("HEADLINE = {'AUC': 0.5}")))
    notebook = nbformat.reads(notebook_json(recipe, ["C: 1"]), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[0].cell_type == "markdown" and "- C: 1" in notebook.cells[0].source
    assert notebook.cells[1].source == "Step one."
    assert notebook.cells[-1].source == PRINT_HEADLINE
    assert notebook.metadata.kernelspec.name == "python3"
