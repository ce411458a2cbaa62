"""Running a trade-off's view: typed parameters from the controls, the fits through the bounded
cache (with progress when they take a while), and the view's tables and messages drawn."""

from __future__ import annotations

import dataclasses
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from types import ModuleType
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import ScriptRunContext, add_script_run_ctx, get_script_run_ctx

from explorers.view import Fit, Message, Table, View
from ui.cache import cache_data, cache_model
from ui.markdown import literal

T = TypeVar("T")
PROGRESS_AFTER_SECONDS = 0.3  # fits finishing sooner than this show no progress bar
PROGRESS_POLL_SECONDS = 0.1
FIT_THREADS = 2  # independent fits run side by side on the server's two cores

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


def _in_context(ctx: ScriptRunContext | None, fit: Fit) -> Any:
    """``run_fit`` on a worker thread that belongs to the page's script run."""
    if ctx is not None:
        add_script_run_ctx(threading.current_thread(), ctx)
    return run_fit(fit)


def _progress_text(fits: Mapping[str, Fit], running: list[str], done: int) -> str:
    """'Fitting 3 of 6: SMOTE, Threshold moving…' (the fits still running, by label)."""
    verb = "Fitting" if any(fits[key].trains for key in running) else "Simulating"
    names = ", ".join(fits[key].label or key for key in running[:FIT_THREADS])
    return f"{verb} {done + 1} of {len(fits)}: {names}…"


def compute(fits: Mapping[str, Fit]) -> dict[str, Any]:
    """Every fit's result, each through its function's bounded cache, independent fits on
    ``FIT_THREADS`` threads (the server's two cores). When the work runs past
    ``PROGRESS_AFTER_SECONDS``, a progress bar counts the fits done and names those running.

    Warning filters are process-wide and ``warnings.catch_warnings`` is not thread-safe, so the
    solvers' convergence warnings (which the topics count and report themselves) are silenced
    around the threads, not only inside each fit."""
    from sklearn.exceptions import ConvergenceWarning  # loaded by then: every topic uses scikit-learn

    start = time.perf_counter()
    ctx = get_script_run_ctx()
    bar = None
    with warnings.catch_warnings(), ThreadPoolExecutor(FIT_THREADS, thread_name_prefix="fit") as pool:
        warnings.simplefilter("ignore", ConvergenceWarning)
        futures = {key: pool.submit(_in_context, ctx, fit) for key, fit in fits.items()}
        pending = set(futures.values())
        while pending:
            _, pending = wait(pending, timeout=PROGRESS_POLL_SECONDS, return_when=FIRST_EXCEPTION)
            failed = next((f for f in futures.values() if f.done() and f.exception() is not None), None)
            if failed is not None:
                for future in pending:
                    future.cancel()
                break
            if pending and time.perf_counter() - start > PROGRESS_AFTER_SECONDS:
                bar = bar or st.progress(0.0)
                running = [key for key, future in futures.items() if not future.done()]
                done = len(futures) - len(running)
                bar.progress(done / len(futures), text=_progress_text(fits, running, done))
    if bar is not None:
        bar.empty()
    return {key: future.result() for key, future in futures.items()}


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
