"""Bring your own data: the dataset picker's "Your data (CSV)" option and its upload panel.

The file is parsed in memory and kept in this session's state only: never written to disk, never
put in the share link, and cached results are keyed on a hash of its content, so no other session
can reach them. Every name or value from the file is shown as plain text (widgets, tables, or
Markdown with every special character escaped).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import datasets
from datasets import user
from datasets.base import count
from ui.controls import Choice, Control
from ui.markdown import literal

UPLOADER_KEY = "user_csv"
UPLOAD_STATE = "_user_upload"  # the parsed file: {"file_id", "table" and "suggestion", or "error"}
CHOICE_STATE = "_user_choice"  # the target and positive class last picked
_PREPARED_STATE = "_user_prepared"  # ((fingerprint, target, positive), UserData or error message)


def dataset_choice(default: str, kinds: tuple[datasets.Kind, ...] = ("synthetic", "tabular")) -> Choice:
    """The dataset picker of a classification page: the built-in datasets of the ``kinds`` the page
    accepts, then your own CSV."""
    options = {key: info.name for key, info in datasets.REGISTRY.items() if info.kind in kinds}
    return Choice(
        "dataset",
        "Dataset",
        options | {datasets.UPLOAD_KEY: datasets.UPLOAD_LABEL},
        default,
        needs_input=(datasets.UPLOAD_KEY,),
        help="Pick a built-in dataset, or 'Your data (CSV)' to upload a file of your own.",
    )


def offers_upload(control: Control) -> bool:
    """Whether ``control`` is a dataset picker with the "Your data (CSV)" option."""
    return isinstance(control, Choice) and datasets.UPLOAD_KEY in control.needs_input


def resolve(control: Control, values: dict[str, Any]) -> bool:
    """Whether there is data to show. When ``control``, a dataset picker, says "Your data (CSV)",
    draws the upload panel and puts the uploaded data in ``values`` in place of "upload"."""
    if values[control.key] != datasets.UPLOAD_KEY:
        return True
    data = upload_panel()
    if data is not None:
        values[control.key] = data
    return data is not None


# --------------------------------------------------------------------------- the panel


def upload_panel() -> datasets.UserData | None:
    """The uploader, target and positive-class pickers, and the summary; the data once it is usable."""
    with st.container(border=True):
        st.markdown(f"**{datasets.UPLOAD_LABEL}**")
        table = _uploaded_table()
        if table is None:
            return None
        picked = _pick_target(table)
        if picked is None:
            return None
        data = _prepared(table, *picked)
        if data is not None:
            _show_summary(data.summary)
        return data


def forget_upload() -> None:
    """Forget the uploaded file and everything made from it."""
    for key in (UPLOAD_STATE, CHOICE_STATE, _PREPARED_STATE):
        st.session_state.pop(key, None)


def _on_uploader_change() -> None:
    """The uploader was cleared: forget the file too."""
    if st.session_state.get(UPLOADER_KEY) is None:
        forget_upload()


def _uploaded_table() -> user.Table | None:
    """The parsed file: a new upload, or the one uploaded earlier in this session (on any page)."""
    file = st.file_uploader(
        "Upload a CSV file",
        type=["csv", "tsv", "txt"],
        key=UPLOADER_KEY,
        on_change=_on_uploader_change,
        max_upload_size=user.MAX_UPLOAD_MB,
        help=(
            "One row per example, a header row, and a column with the class to predict. Your file stays "
            "in this browser session: it is not saved, not shared and not part of the share link."
        ),
    )
    stored = st.session_state.get(UPLOAD_STATE)
    if file is not None and (stored is None or stored["file_id"] != file.file_id):
        stored = _parse(file.file_id, file.name, file.getvalue())
        st.session_state[UPLOAD_STATE] = stored
    if stored is None:
        _show_requirements()
        return None
    if stored.get("error"):
        st.warning(literal(stored["error"]), icon=":material/warning:")
        return None
    table: user.Table = stored["table"]
    if file is None:
        note, button = st.columns([4, 1], vertical_alignment="center")
        note.caption(f"Using {literal(table.filename)}, uploaded earlier in this session.")
        button.button("Forget this file", key="user_forget", on_click=forget_upload, width="stretch")
    for notice in table.notices:
        st.caption(literal(notice))
    return table


def _parse(file_id: str, filename: str, raw: bytes) -> dict[str, Any]:
    """Parse an upload once; the result (or its one-sentence problem) is kept in session state."""
    try:
        table = user.read_table(raw, filename)
        return {"file_id": file_id, "table": table, "suggestion": user.suggest(table)}
    except user.UploadError as problem:
        return {"file_id": file_id, "error": str(problem)}


def _show_requirements() -> None:
    st.caption(
        f"A CSV with a header row and one example per row: at least {user.MIN_ROWS} rows, and a column "
        f"with the class to predict (at least {user.MIN_PER_CLASS} rows of each class). Up to "
        f"{user.MAX_UPLOAD_MB} MB and {user.MAX_COLUMNS} columns; at most {user.MAX_FEATURES} features after "
        f"encoding and a sample of {user.MAX_ROWS:,} rows are used. Comma, semicolon, tab or pipe separated; "
        "UTF-8, UTF-16, Windows-1252 or Latin-1. ID columns are dropped; the panel says what happened to "
        "every column."
    )


def _remembered(options: list[str], key: str, fallback: str | None) -> int | None:
    """The option picked last time (also on another page) if still offered, else ``fallback``
    (None: nothing picked yet)."""
    wanted = st.session_state.get(CHOICE_STATE, {}).get(key, fallback)
    if wanted in options:
        return options.index(wanted)
    return options.index(fallback) if fallback in options else None


def _pick_target(table: user.Table) -> tuple[str, str] | None:
    """The target column and the positive class, remembered for the session; None until a target
    is picked when no column looks like one."""
    version = table.fingerprint[:12]
    columns = list(table.columns)
    suggestion: user.TargetSuggestion | None = st.session_state[UPLOAD_STATE]["suggestion"]
    left, right = st.columns(2)
    with left:
        target = st.selectbox(
            "Target column (what to predict)",
            columns,
            index=_remembered(columns, "target", suggestion.column if suggestion else None),
            placeholder="Pick the column to predict",
            key=f"user_target_{version}",
        )
    if target is None:
        st.info(
            "No column looks like a target (a name such as 'outcome' or 'label', or a column with a few "
            "classes); pick the column to predict.",
            icon=":material/help:",
        )
        return None
    if suggestion is not None and target == suggestion.column:
        st.caption(literal(suggestion.notice))
    counts = user.target_counts(table, target)
    labels = [label for label, _ in counts] or [""]
    sizes = dict(counts)
    with right:
        positive = st.selectbox(
            "Positive class (every other value is negative)",
            labels,
            index=_remembered(labels, "positive", user.suggest_positive(counts)) or 0,
            format_func=lambda label: f"{label} ({count(sizes.get(label, 0), 'row')})",
            key=f"user_positive_{version}_{columns.index(target)}",
        )
    st.session_state[CHOICE_STATE] = {"target": target, "positive": positive}
    return target, positive


def _prepared(table: user.Table, target: str, positive: str) -> datasets.UserData | None:
    """The dataset for this target and positive class (built once), or None after a warning."""
    key = (table.fingerprint, target, positive)
    stored = st.session_state.get(_PREPARED_STATE)
    if stored is None or stored[0] != key:
        try:
            result: datasets.UserData | str = user.prepare(table, target, positive)
        except user.UploadError as problem:
            result = str(problem)
        stored = (key, result)
        st.session_state[_PREPARED_STATE] = stored
    if isinstance(stored[1], str):
        st.warning(literal(stored[1]), icon=":material/warning:")
        return None
    return stored[1]


def _show_summary(summary: user.Summary) -> None:
    """Rows, features and class balance, then what happened to every column and why."""
    dropped = sum(1 for note in summary.columns if note.treatment == "dropped")
    numbers = st.columns(4)
    numbers[0].metric("Rows used", f"{summary.n_rows_used:,}", help=f"{summary.n_rows_file:,} in the file.")
    numbers[1].metric(
        "Features",
        f"{summary.n_features}",
        help=f"From {summary.n_columns_file - 1} columns besides the target.",
    )
    numbers[2].metric(
        "Positive share",
        f"{summary.positive_share:.1%}",
        help=f"{summary.n_positive:,} positive and {summary.n_negative:,} negative rows.",
    )
    numbers[3].metric("Columns dropped", f"{dropped}")
    for notice in summary.notices:
        st.caption(literal(notice))
    with st.expander("What happened to each column, and why"):
        st.caption(
            f"Read as {literal(summary.encoding)}, {literal(summary.delimiter)}-separated. Models see "
            "shortened, plain-text feature names."
        )
        st.dataframe(
            pd.DataFrame(
                {
                    "Column": [note.column for note in summary.columns],
                    "Treatment": [note.treatment for note in summary.columns],
                    "Details": [note.detail for note in summary.columns],
                }
            ),
            hide_index=True,
            width="stretch",
        )
