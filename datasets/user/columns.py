"""Columns that can never be features, found on the whole file before any sampling: identifiers,
dates, free text, empty columns and constants.

An identifier is dropped when
- its name says so (a word 'id', 'ids', 'idno', 'pid', 'uuid', 'guid', 'rowid', also in
  camelCase such as 'customerID' or 'PatientId'; a blank header cell, e.g. R's row names; or
  pandas' 'Unnamed: 0') and its values are whole numbers or text, repeated or not ('key' and
  'index' only with a different value in every row, so a 'glycemic index' stays); or
- its values say so: text with a different value in at least 95% of rows (free text when most
  values hold a space); whole numbers with a different value in every row that count rows
  (consecutive, or rising or falling down the file); or text codes (no spaces) with more than the
  one-hot cap of different values, each on two or more rows on average, whose rows sit together
  in the file (several rows per patient or customer).
Text columns of dates with more than 20 different values are dropped too. Repeated whole numbers
without an identifier's name are kept: they are often genuine counts or levels (number of
children, a 1-5 rating)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from datasets.base import count
from datasets.user.common import MAX_CATEGORIES, MIN_ROWS
from datasets.user.reading import Table

ID_WORDS = frozenset({"id", "ids", "idno", "pid", "uuid", "guid", "rowid", "rownames"})
UNIQUE_ID_WORDS = frozenset(
    {"key", "index"}
)  # IDs only with a different value in every row ('glycemic index')
NEAR_UNIQUE = 0.95
GROUPED_RUNS = 1.5  # a grouping ID's rows sit together: at most 1.5 runs of equal values per value
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORDS = re.compile(r"[^A-Za-z0-9]+")


def name_words(name: str) -> list[str]:
    """A column name's words, lower-cased: 'customerID' -> ['customer', 'id'], 'PID' -> ['pid']."""
    return [word.lower() for word in _WORDS.split(_CAMEL.sub(" ", name)) if word]


def named_like_id(name: str, unnamed: bool = False, unique: bool = True) -> bool:
    """Whether a column's name (or its blank header cell) says it identifies rows; 'key' and
    'index' only for ``unique`` values."""
    words = name_words(name)
    if unnamed or not words or words[0] == "unnamed":
        return True
    return words[-1] in ID_WORDS or words[0] == "id" or (unique and words[-1] in UNIQUE_ID_WORDS)


def _whole_numbers(values: pd.Series) -> np.ndarray | None:
    """The column's non-missing values as floats when they are all finite whole numbers."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return None
    numbers = values.dropna().to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(numbers)) or not np.all(np.mod(numbers, 1) == 0):
        return None
    return numbers


def _counts_rows(numbers: np.ndarray) -> bool:
    """Unique whole numbers that number the rows: consecutive, or monotone down the file."""
    if np.unique(numbers).size != numbers.size:
        return False
    steps = np.diff(numbers)
    return bool(np.all(np.diff(np.sort(numbers)) == 1) or np.all(steps > 0) or np.all(steps < 0))


def _dates(present: pd.Series) -> bool:
    """Whether (almost) every value is a date in one of the usual spellings."""
    sample = present.iloc[:200]
    for spelling in DATE_FORMATS:
        parsed = pd.to_datetime(sample, format=spelling, errors="coerce")
        if parsed.notna().mean() >= NEAR_UNIQUE:
            return True
    return False


def _text_id(values: pd.Series) -> str | None:
    """Why a text column identifies rows, or None."""
    present = values.dropna().astype(str)
    n, distinct = len(present), present.nunique()
    if n < MIN_ROWS or distinct <= MAX_CATEGORIES:
        return None
    if _dates(present):
        return "dates: not used as features (turn them into a number, e.g. days since a start, to use them)"
    spaced = present.str.contains(" ", regex=False).mean() > 0.5
    kind = "free text" if spaced else "ID-like"
    if distinct == n:
        return f"{kind}: a different value in every row"
    if distinct >= NEAR_UNIQUE * n:
        return f"{kind}: a different value in {distinct / n:.0%} of rows"
    runs = int((present != present.shift()).sum())
    if not spaced and n >= 2 * distinct and runs <= GROUPED_RUNS * distinct:
        return (
            f"repeated ID: {count(distinct, 'value')}, about {n / distinct:.1f} rows each, which group rows "
            "(several rows per person or item)"
        )
    return None


def id_reason(name: str, values: pd.Series, unnamed: bool = False) -> str | None:
    """Why column ``name`` (every row of the file) identifies rows rather than describing them, or None."""
    numbers = _whole_numbers(values)
    is_text = isinstance(values.dtype, pd.CategoricalDtype)
    repeated = values.dropna().nunique() < values.notna().sum()
    if named_like_id(name, unnamed, unique=not repeated) and (is_text or numbers is not None):
        return "ID-like: its name says it identifies rows" + (
            "; repeated, it groups rows" if repeated else ""
        )
    if is_text:
        return _text_id(values)
    if numbers is not None and numbers.size >= MIN_ROWS and _counts_rows(numbers):
        return "ID-like: row numbers (a different whole number in every row, in order)"
    return None


def unusable_reason(name: str, values: pd.Series, unnamed: bool = False) -> str | None:
    """Why a column can never be a feature (empty, constant, an identifier), or None."""
    distinct = values.nunique(dropna=True)
    if distinct == 0:
        return "empty in every row"
    if distinct == 1 and not values.isna().any():
        return "constant: the same value in every row"
    return id_reason(name, values, unnamed)


def unusable_columns(table: Table) -> dict[str, str]:
    """Every column of ``table`` that can never be a feature, with the reason (whole file)."""
    reasons = {
        name: unusable_reason(name, table.frame[name], name in table.unnamed) for name in table.columns
    }
    return {name: reason for name, reason in reasons.items() if reason}
