"""Realistic uploads, written by the tests from scikit-learn's bundled tables (no files committed).

Each ``Source`` is a table as a user would keep it: the measurements of a bundled dataset plus the
columns real files carry (IDs, dates, free text, categories, missing-value markers), with what the
upload should make of it. Each ``Dialect`` writes a table the way a tool saves it: pandas, R's
``write.csv``, Excel in a European locale, Latin-1, UTF-8 or UTF-16 with a BOM, a title above the
header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine

MARKERS = (".", "?", "NA", "#N/A", "NULL", "-")


@dataclass(frozen=True)
class Source:
    """A table, what the upload should make of it, and the cells written as missing-value markers."""

    name: str
    frame: pd.DataFrame
    target: str  # the suggested target
    positive: str  # the suggested positive class
    dropped: dict[str, str]  # column -> a fragment of why it is dropped
    notices: tuple[str, ...] = ()
    markers: dict[str, tuple[int, ...]] = field(default_factory=dict)  # column -> rows written as markers


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _marked(frame: pd.DataFrame, column: str, rows: tuple[int, ...]) -> None:
    frame.loc[list(rows), column] = np.nan


@cache
def clinic() -> Source:
    """Breast cancer as a clinic keeps it: PID, visit date, site (accented names), free-text notes with 0x1A
    characters, markers in one lab column, tiny values in E notation; target 'diagnosis'."""
    bunch = load_breast_cancer()
    rng = _rng(1)
    n = len(bunch.target)
    frame = pd.DataFrame({"PID": 100_000 + rng.permutation(n)})
    frame["visit_date"] = (
        pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 900, n), "D")
    ).strftime("%Y-%m-%d")
    frame["site"] = rng.choice(["Nord", "Süd", "Orléans", "Malmö"], n)
    frame["notes"] = [f"visit {i}: patient didn\x1at report pain" for i in range(n)]
    measurements = pd.DataFrame(bunch.data, columns=bunch.feature_names)
    frame = pd.concat([frame, measurements], axis=1)
    frame["fractal ratio"] = measurements["worst fractal dimension"] / 1000  # e.g. 7.3e-05
    frame["diagnosis"] = np.where(bunch.target == 0, "malignant", "benign")
    markers = {"mean radius": tuple(range(3, 3 + 2 * len(MARKERS), 2))}
    _marked(frame, "mean radius", markers["mean radius"])
    return Source(
        "clinic",
        frame,
        target="diagnosis",
        positive="malignant",
        dropped={"PID": "its name says", "visit_date": "dates", "notes": "free text"},
        notices=("control characters", "in 'notes'", "Treated 6 cells marked"),
        markers=markers,
    )


@cache
def customers() -> Source:
    """Wine as a churn file: a customerID code, a contract type, a Yes/No 'Churn' target."""
    bunch = load_wine()
    rng = _rng(2)
    n = len(bunch.target)
    letters = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ"))
    codes = [f"{1000 + i:04d}-{''.join(rng.choice(letters, 5))}" for i in rng.permutation(n)]
    frame = pd.DataFrame({"customerID": codes})
    frame = pd.concat([frame, pd.DataFrame(bunch.data, columns=bunch.feature_names)], axis=1)
    frame["contract"] = rng.choice(["month", "one year", "two years"], n)
    frame["Churn"] = np.where(bunch.target == 0, "Yes", "No")
    return Source("customers", frame, "Churn", "Yes", {"customerID": "its name says"})


@cache
def progression() -> Source:
    """Diabetes with an 'idno', the continuous response 'y' and a two-valued 'fast' outcome: 'y'
    (214 values) must never be suggested."""
    bunch = load_diabetes(scaled=False)
    rng = _rng(3)
    n = len(bunch.target)
    frame = pd.DataFrame({"idno": rng.permutation(n) + 1})
    frame = pd.concat([frame, pd.DataFrame(bunch.data, columns=bunch.feature_names)], axis=1)
    frame["y"] = bunch.target
    frame["fast"] = np.where(bunch.target > np.percentile(bunch.target, 75), "yes", "no")
    return Source("progression", frame, "fast", "yes", {"idno": "its name says"})


@cache
def visits() -> Source:
    """Iris as repeated visits: two rows per subject code (a repeated ID); target 'species'."""
    bunch = load_iris()
    n = len(bunch.target)
    frame = pd.DataFrame({"subject": [f"S{i // 2 + 1:03d}" for i in range(n)]})
    frame = pd.concat([frame, pd.DataFrame(bunch.data, columns=bunch.feature_names)], axis=1)
    frame["species"] = np.array(bunch.target_names)[bunch.target]
    return Source("visits", frame, "species", "virginica", {"subject": "repeated ID"})


@cache
def survival() -> Source:
    """Breast cancer as a Titanic-like file: a ticket 'class' (1st/2nd/3rd) and 'survived' (0/1):
    survived wins; 'PassengerId' counts rows."""
    bunch = load_breast_cancer()
    rng = _rng(5)
    n = 300
    frame = pd.DataFrame({"PassengerId": np.arange(1, n + 1)})
    frame["class"] = rng.choice(["1st", "2nd", "3rd"], n)
    frame = pd.concat([frame, pd.DataFrame(bunch.data[:n, :6], columns=bunch.feature_names[:6])], axis=1)
    frame["survived"] = bunch.target[:n]
    return Source("survival", frame, "survived", "1", {"PassengerId": "its name says"})


@cache
def credit() -> Source:
    """Wine as a credit file: the response 'Status' first, a two-valued feature 'Records' after."""
    bunch = load_wine()
    rng = _rng(6)
    n = len(bunch.target)
    frame = pd.DataFrame({"Status": np.where(bunch.target == 1, "bad", "good")})
    frame["Records"] = rng.choice(["no", "yes"], n)
    frame = pd.concat([frame, pd.DataFrame(bunch.data, columns=bunch.feature_names)], axis=1)
    return Source("credit", frame, "Status", "bad", {})


@cache
def logical() -> Source:
    """Breast cancer with a TRUE/FALSE target 'malignant' and an unnamed row counter; three
    categorical columns make more than 50 features, so the cap keeps every numeric column."""
    bunch = load_breast_cancer()
    rng = _rng(7)
    n = len(bunch.target)
    frame = pd.DataFrame({"Unnamed: 0": np.arange(n)})
    frame = pd.concat([frame, pd.DataFrame(bunch.data, columns=bunch.feature_names)], axis=1)
    for name in ("region", "ward", "scanner"):
        frame[name] = rng.choice([f"{name}{k}" for k in range(8)], n)
    frame["malignant"] = bunch.target == 0
    return Source(
        "logical",
        frame,
        "malignant",
        "TRUE",
        {"Unnamed: 0": "its name says"},
        notices=("Kept 50 of 54 features", "numeric columns first (30 kept"),
    )


SOURCES: dict[str, Callable[[], Source]] = {
    f.__name__: f for f in (clinic, customers, progression, visits, survival, credit, logical)
}


# --------------------------------------------------------------------------- dialects


@dataclass(frozen=True)
class Dialect:
    """How a tool writes a table."""

    name: str
    sep: str = ","
    encoding: str = "utf-8"
    read_as: str = "UTF-8"
    decimal: str = "."
    missing: str = ""
    true_false: tuple[str, str] = ("True", "False")
    quote_text: bool = False  # R's write.csv quotes every text cell and the header
    row_names: bool = False  # pandas' index or R's row names as a first, unnamed column
    row_names_cell: bool = True  # False: R's write.table, whose header has no cell above the row names
    line_end: str = "\n"
    title: str = ""  # a title and a blank line above the header
    empty_rows: int = 0  # Excel's trailing rows of empty cells
    notices: tuple[str, ...] = ()

    @property
    def dropped(self) -> dict[str, str]:
        """What the dialect adds that is dropped."""
        return {"column 1": "ID-like"} if self.row_names and self.row_names_cell else {}


DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        Dialect("pandas", row_names=True),
        Dialect("r_write_csv", missing="NA", true_false=("TRUE", "FALSE"), quote_text=True, row_names=True),
        Dialect(
            "r_write_table",
            sep="\t",
            missing="NA",
            true_false=("TRUE", "FALSE"),
            quote_text=True,
            row_names=True,
            row_names_cell=False,
        ),
        Dialect(
            "excel_eu",
            sep=";",
            encoding="cp1252",
            read_as="Windows-1252",
            decimal=",",
            true_false=("WAHR", "FALSCH"),
            line_end="\r\n",
            empty_rows=3,
            notices=(
                "Read decimal commas as decimal points",
                "Skipped 3 empty rows (no value in any column)",
            ),
        ),
        Dialect("latin1", encoding="latin-1", read_as="Windows-1252"),
        Dialect("utf8_bom", encoding="utf-8-sig", read_as="UTF-8 with BOM"),
        Dialect("utf16_bom", sep="\t", encoding="utf-16", read_as="UTF-16", line_end="\r\n"),
        Dialect(
            "title_row",
            title="Measurements exported from the clinic database",
            notices=("The header is on line 3, not the first line; skipped 1 line",),
        ),
    )
}


def _cell(value: object, dialect: Dialect) -> tuple[str, bool]:
    """A value as the tool writes it, and whether it is text (quoted by R)."""
    if isinstance(value, (bool, np.bool_)):
        return dialect.true_false[0] if value else dialect.true_false[1], False
    if isinstance(value, str):
        return value, True
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return dialect.missing, False
    if isinstance(value, (float, np.floating)):
        return repr(float(value)).replace(".", dialect.decimal), False
    return str(value), False


def _line(cells: list[tuple[str, bool]], dialect: Dialect) -> str:
    out = []
    for text, is_text in cells:
        needs = dialect.sep in text or '"' in text or "\n" in text
        out.append('"' + text.replace('"', '""') + '"' if (is_text and dialect.quote_text) or needs else text)
    return dialect.sep.join(out)


def write(source: Source, dialect: Dialect) -> bytes:
    """``source`` as ``dialect`` writes it, markers in their cells."""
    frame = source.frame
    header = [(str(c), True) for c in frame.columns]
    if dialect.row_names and dialect.row_names_cell:
        header = [("", True), *header]
    marks = {
        (row, column): MARKERS[k % len(MARKERS)]
        for column, rows in source.markers.items()
        for k, row in enumerate(rows)
    }
    lines = [_line(header, dialect)]
    for row, values in enumerate(frame.itertuples(index=False)):
        cells = [
            (marks[(row, c)], False) if (row, c) in marks else _cell(v, dialect)
            for c, v in zip(frame.columns, values, strict=True)
        ]
        if dialect.row_names:
            cells = [(str(row + 1 if dialect.quote_text else row), dialect.quote_text), *cells]
        lines.append(_line(cells, dialect))
    lines += [dialect.sep * (len(header) - 1)] * dialect.empty_rows
    if dialect.title:
        lines = [dialect.title, "", *lines]
    return (dialect.line_end.join(lines) + dialect.line_end).encode(dialect.encoding)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A plain pandas CSV of ``frame`` (no index)."""
    out = io.StringIO()
    frame.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL)
    return out.getvalue().encode()
