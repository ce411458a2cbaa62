"""Taking a view away: the notebook that reproduces it, and the data behind each chart and table,
from one "Download" menu on the settings row. Every file is written only when its button is
pressed, so the menu costs a page nothing to draw."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

import streamlit as st

from explorers.export import chart_csv, chart_title, notebook_json, table_csv
from explorers.view import Chart, Table, View
from ui.controls import Control
from ui.topic import params_of

DOWNLOAD_KEY = "downloads"  # the element key (CSS class st-key-downloads) of the menu
PNG_NOTE = (
    "To save a chart as a picture, use the camera icon above it: a PNG at twice screen size, "
    "in the app's theme."
)


def slug(title: str) -> str:
    """'Threshold & error cost' -> 'threshold-error-cost'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "view"


def _humanised(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def charts_and_tables(view: View) -> list[tuple[str, Chart | Table]]:
    """Every chart and table of the view, in field order, each with a title (read before the page
    draws the chart, which takes the title out of the figure)."""
    found: list[tuple[str, Chart | Table]] = []
    for field in dataclasses.fields(view):
        value = getattr(view, field.name)
        if isinstance(value, Chart):
            found.append((chart_title(value, _humanised(field.name)), value))
        elif isinstance(value, Table):
            found.append((_humanised(field.name), value))
    return found


def setting_lines(controls: Sequence[Control], values: Mapping[str, Any]) -> list[str]:
    """'Label: value' for each control, as the page shows it."""
    return [f"{control.label}: {control.spoken(values[control.key])}" for control in controls]


def _notebook(topic: ModuleType, values: Mapping[str, Any], settings: list[str]) -> Callable[[], str]:
    def write() -> str:
        return notebook_json(topic.recipe(params_of(topic.Params, values)), settings)

    return write


def _csv_of(item: Chart | Table) -> Callable[[], str]:
    def write() -> str:
        return chart_csv(item) if isinstance(item, Chart) else table_csv(item)

    return write


def download_menu(
    title: str, topic: ModuleType, controls: Sequence[Control], values: Mapping[str, Any], view: View
) -> None:
    """The "Download" popover: the notebook, then the data behind each chart and table as CSV."""
    name = slug(title)
    items = charts_and_tables(view)
    with st.popover("Download", icon=":material/download:", key=DOWNLOAD_KEY):
        st.download_button(
            "Notebook (.ipynb)",
            data=_notebook(topic, values, setting_lines(controls, values)),
            file_name=f"{name}.ipynb",
            mime="application/x-ipynb+json",
            icon=":material/code:",
            on_click="ignore",
            key="download-notebook",
            width="stretch",
        )
        st.caption(
            "Rebuilds this view with plain scikit-learn, numpy and plotly, with a note on each step: "
            "run it in Jupyter or Colab and keep going."
        )
        st.markdown("**The data behind each chart and table (CSV)**")
        for index, (label, item) in enumerate(items):
            st.download_button(
                label,
                data=_csv_of(item),
                file_name=f"{name}-{slug(label)}.csv",
                mime="text/csv",
                icon=":material/table_view:" if isinstance(item, Table) else ":material/show_chart:",
                on_click="ignore",
                key=f"download-{index}",
                width="stretch",
            )
        st.caption(PNG_NOTE)
