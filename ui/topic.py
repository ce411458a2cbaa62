"""Running a trade-off's view: typed parameters from the controls, the fits through the bounded
cache (with progress when they take a while), and the view's tables and messages drawn."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from explorers.view import Fit, Message, Table, View
from ui.cache import cache_data, cache_model
from ui.markdown import literal

T = TypeVar("T")
PROGRESS_AFTER_SECONDS = 0.3  # fits finishing sooner than this show no progress bar

_ICONS = {"info": ":material/info:", "warning": ":material/warning:"}


def params_of(cls: Callable[..., T], values: Mapping[str, Any]) -> T:
    """A topic's frozen ``Params`` from the page's control values, by field name."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: values[name] for name in names if name in values})


def _cached(fit: Fit) -> Callable[..., Any]:
    cache = cache_model if fit.cache == "model" else cache_data
    return cache(fit.func) if fit.entries is None else cache(fit.func, fit.entries)


def run_fit(fit: Fit) -> Any:
    """One fit's result through its function's bounded cache."""
    return _cached(fit)(*fit.args, **fit.kwargs)


def _progress_text(fit: Fit, key: str, done: int, total: int) -> str:
    """'Fitting 3 of 6: SMOTE…'."""
    verb = "Fitting" if fit.trains else "Simulating"
    return f"{verb} {done + 1} of {total}: {fit.label or key}…"


def compute(fits: Mapping[str, Fit]) -> dict[str, Any]:
    """Every fit's result, each through its function's bounded cache, one after another. When the
    work runs past ``PROGRESS_AFTER_SECONDS``, a progress bar counts the fits done and names the one
    running. (Running a page's fits on two threads was measured slower: most fits hold the GIL, and
    a cached look-up then pays for the hand-over; the sweeps that release it use both cores inside.)"""
    start = time.perf_counter()
    bar = None
    results: dict[str, Any] = {}
    total = len(fits)
    for done, (key, fit) in enumerate(fits.items()):
        if bar is None and time.perf_counter() - start > PROGRESS_AFTER_SECONDS:
            bar = st.progress(0.0)
        if bar is not None:
            bar.progress(done / total, text=_progress_text(fit, key, done, total))
        results[key] = run_fit(fit)
    if bar is not None:
        bar.empty()
    return results


def show_messages(messages: tuple[Message, ...]) -> None:
    """The view's notices, each in its own box."""
    for message in messages:
        draw = st.warning if message.tone == "warning" else st.info
        draw(message.text, icon=_ICONS[message.tone])


def _cell(table: Table, row: int, column: int) -> str:
    text = literal(table.rows[row][column])
    if table.is_emphasised(row, column):
        return f":orange-background[**{text}**]"
    return f":gray[*{text}*]" if table.is_muted(row) else text


def table_frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame of Markdown cells: stressed cells highlighted, muted rows greyed."""
    cells = [[_cell(table, r, c) for c in range(len(table.columns))] for r in range(len(table.rows))]
    return pd.DataFrame(cells, columns=list(table.columns))


def show_table(table: Table) -> None:
    """Draw a view's table."""
    st.table(table_frame(table), hide_index=True)


def view_of(topic: ModuleType, values: Mapping[str, Any]) -> View:
    """The trade-off's view for the page's control values: ``topic.Params`` from the values, every
    fit of ``topic.fits`` through the cache, then ``topic.view``. The tests build the same way
    (``explorers.view.build``; the property tests keep fits per exact arguments, as this cache does)."""
    params = params_of(topic.Params, values)
    return topic.view(params, compute(topic.fits(params)))
