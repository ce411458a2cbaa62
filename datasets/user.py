"""Bring your own data: read an uploaded CSV and turn it into a binary classification dataset.

Pure Python (no Streamlit). ``read_table`` checks and parses the raw bytes (size, binary files,
encoding, delimiter, header, duplicates); ``prepare`` turns a parsed table, a target column and a
positive class into ``UserData``: float features (one-hot encoded, imputed, capped) and 0/1 labels,
with a summary of what was done to every column. Every problem raises ``UploadError`` with one
sentence saying what is wrong and how to fix it.

Names and values from the file never reach a chart or a sentence unchanged: the pages see
``display_name`` versions made of letters, digits and a few plain punctuation marks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from datasets.base import MIN_SAMPLES, DatasetInfo
from datasets.errors import DatasetError

UPLOAD_KEY = "upload"
UPLOAD_LABEL = "Your data (CSV)"

MAX_UPLOAD_MB = 10  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_COLUMNS = 200  # columns in the file
MAX_ROWS = 5_000  # rows used; larger files are sampled, stratified by class
MAX_FEATURES = 50  # features after encoding
MAX_CATEGORIES = 20  # distinct values a text column may have to be one-hot encoded
MAX_TARGET_CLASSES = 50
MIN_PER_CLASS = 10
MIN_ROWS = MIN_SAMPLES
DISPLAY_NAME_LENGTH = 40
DELIMITERS = (",", ";", "\t", "|")
_SNIFF_BYTES = 64 * 1024
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ID_NAME = re.compile(r"(^|[^a-z])(id|uuid|guid|key|index)$|^(id|index|row)([^a-z]|$)", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+(,\d+)?\s*$")
_FIELDS_MISMATCH = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


class UploadError(DatasetError):
    """An uploaded file that cannot be used; the message says what is wrong and how to fix it."""


# --------------------------------------------------------------------------- display


def _plain(character: str) -> bool:
    """Whether ``character`` means nothing to Markdown, HTML or plotly's text markup."""
    return character.isalnum() or character in " _-.=/%"


def display_name(raw: object, fallback: str = "column") -> str:
    """``raw`` as safe plain text: other characters become spaces, at most 40 characters."""
    text = "".join(c if _plain(c) else " " for c in str(raw))
    text = " ".join(text.split())
    if len(text) > DISPLAY_NAME_LENGTH:
        text = text[: DISPLAY_NAME_LENGTH - 1].rstrip() + "…"
    return text or fallback


def _unique_names(names: list[str]) -> tuple[str, ...]:
    """``names`` with repeats numbered, e.g. ('a', 'a 2')."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return tuple(out)


def quoted(raw: object) -> str:
    """A file's name or value for a message: quoted, and shortened when long."""
    text = str(raw)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, eq=False)
class Table:
    """A parsed upload: its columns (numbers as float64, text as categories) and how it was read."""

    filename: str
    frame: pd.DataFrame
    encoding: str
    delimiter: str
    fingerprint: str
    notices: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names, as in the file."""
        return tuple(str(c) for c in self.frame.columns)

    @property
    def n_rows(self) -> int:
        """Data rows in the file."""
        return len(self.frame)


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (
        b"PK\x03\x04",
        "This is an Excel workbook or another zip file renamed to .csv; open it in your spreadsheet "
        "program and use Save As, 'CSV (comma delimited)'.",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "This is an old-style Excel (.xls) file renamed to .csv; open it in your spreadsheet program and "
        "use Save As, 'CSV (comma delimited)'.",
    ),
    (b"%PDF", "This is a PDF document, not a CSV; export the table from its source as a .csv file."),
    (b"\x1f\x8b", "This file is gzip-compressed; decompress it and upload the .csv inside."),
    (b"\x89PNG", "This is a PNG image, not a CSV; upload a text file with one row per example."),
    (b"\xff\xd8\xff", "This is a JPEG image, not a CSV; upload a text file with one row per example."),
    (b"SQLite format 3", "This is a SQLite database, not a CSV; export the table you need as a .csv file."),
)


def _check_size(raw: bytes) -> None:
    if len(raw) > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"The file is {len(raw) / 2**20:.1f} MB, over the {MAX_UPLOAD_MB} MB limit; upload a sample of "
            f"its rows instead (only {MAX_ROWS:,} rows are used anyway)."
        )


def _check_not_binary(raw: bytes) -> None:
    for signature, message in _SIGNATURES:
        if raw.startswith(signature):
            raise UploadError(message)
    head = raw[:_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        return  # UTF-16 text, e.g. Excel's "Unicode text"
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if b"\x00" in head or controls > len(head) * 0.01:
        raise UploadError(
            "This file is binary, not text; upload a comma- or semicolon-separated text file (.csv)."
        )


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 (with or without BOM), UTF-16 with a BOM, else
    Windows-1252, else Latin-1 (which decodes any bytes)."""
    if raw.startswith(_UTF16_BOMS):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise UploadError(
                "The file starts like UTF-16 text but is not valid UTF-16; save it again as "
                "'CSV UTF-8 (comma delimited)'."
            ) from None
    for codec, name in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def sniff_delimiter(text: str) -> str:
    """The most likely field delimiter among comma, semicolon, tab and pipe."""
    lines = [line for line in text[:_SNIFF_BYTES].splitlines() if line.strip()][:50]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _header(text: str, delimiter: str) -> list[str]:
    """The header row's cells, stripped; blank names become 'column N'."""
    try:
        row = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        raise UploadError(
            "The header row could not be read; check that its quotes are balanced and that it ends with a "
            "line break."
        ) from None
    return [cell.strip() or f"column {index + 1}" for index, cell in enumerate(row)]


def _check_header(names: list[str]) -> None:
    repeated = [name for name, count in Counter(names).items() if count > 1]
    if repeated:
        count = names.count(repeated[0])
        raise UploadError(
            f"Column names must be unique, but {quoted(repeated[0])} appears {count} times; rename or remove "
            "the duplicate columns."
        )
    if len(names) > MAX_COLUMNS:
        raise UploadError(
            f"The file has {len(names):,} columns, more than the {MAX_COLUMNS} this app reads; keep the "
            "columns you need (the target and your best features) and upload again."
        )
    if len(names) < 2:
        raise UploadError(
            "The file has only one column, but it needs a target column and at least one feature column; "
            "if it has more, check that values are separated by commas, semicolons, tabs or pipes."
        )


def _parse(text: str, delimiter: str, names: list[str]) -> pd.DataFrame:
    """The data rows as a DataFrame; ragged rows raise UploadError with their line number."""
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=0,
            names=names,
            skipinitialspace=True,
            skip_blank_lines=True,
            engine="c",
            low_memory=False,
        )
    except pd.errors.ParserError as problem:
        found = _FIELDS_MISMATCH.search(str(problem))
        if found:
            expected, line, saw = found.groups()
            raise UploadError(
                f"Line {line} has {saw} values but the header has {expected}; quote text values that "
                "contain the delimiter, or remove the extra values."
            ) from None
        raise UploadError(
            "The file could not be read as a table; check that every row has the same number of values "
            "and that quotes are balanced."
        ) from None
    except (ValueError, MemoryError, OverflowError):
        raise UploadError(
            "The file could not be read as a table; save it from your spreadsheet program as "
            "'CSV UTF-8 (comma delimited)' and upload it again."
        ) from None


def _check_rows(frame: pd.DataFrame) -> None:
    n = len(frame)
    if n == 0:
        raise UploadError(
            f"The file has a header but no data rows; add at least {MIN_ROWS} rows, one example per row."
        )
    if n == 1:
        raise UploadError(
            f"The file has only one data row; a classifier needs at least {MIN_ROWS} rows, with at least "
            f"{MIN_PER_CLASS} of each class."
        )
    if n < MIN_ROWS:
        raise UploadError(
            f"The file has only {n} data rows; a classifier needs at least {MIN_ROWS}, with at least "
            f"{MIN_PER_CLASS} of each class."
        )


def _decimal_commas(series: pd.Series) -> pd.Series | None:
    """``series`` as numbers when every value is written with a decimal comma (e.g. '3,5')."""
    values = series.dropna().astype(str)
    if values.empty or not values.map(lambda v: bool(_DECIMAL_COMMA.match(v))).all():
        return None
    if not values.str.contains(",", regex=False).any():
        return None
    return pd.to_numeric(series.astype("string").str.replace(",", ".", regex=False).str.strip())


def _compact(frame: pd.DataFrame, delimiter: str) -> tuple[pd.DataFrame, list[str]]:
    """Numbers as float64, text as categories (small in memory), decimal commas read as numbers."""
    notices, columns = [], {}
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            columns[name] = series.astype(np.float64)
            continue
        numbers = _decimal_commas(series) if delimiter != "," else None
        if numbers is not None:
            notices.append(f"Read decimal commas as decimal points in {quoted(name)}.")
            columns[name] = numbers.astype(np.float64)
            continue
        text = series.astype("string").str.strip().replace("", pd.NA)
        columns[name] = text.astype("category")
    return pd.DataFrame(columns, index=frame.index), notices


def read_table(raw: bytes, filename: str = "upload.csv") -> Table:
    """Check and parse an uploaded file's bytes; raises UploadError for a file that cannot be used."""
    _check_size(raw)
    _check_not_binary(raw)
    text, encoding = decode(raw)
    if not text.strip():
        raise UploadError(
            f"The file is empty; upload a CSV with a header row and at least {MIN_ROWS} data rows."
        )
    delimiter = sniff_delimiter(text)
    names = _header(text, delimiter)
    _check_header(names)
    frame = _parse(text, delimiter, names)
    _check_rows(frame)
    frame, notices = _compact(frame, delimiter)
    fingerprint = hashlib.sha256(raw).hexdigest()
    return Table(filename, frame, encoding, delimiter, fingerprint, tuple(notices))


# --------------------------------------------------------------------------- target


def _value_label(value: object) -> str:
    """A target value as text: 1.0 -> '1', 'yes' -> 'yes'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_counts(table: Table, target: str) -> list[tuple[str, int]]:
    """The target column's classes (as text) with their row counts, most common first."""
    series = table.frame[target].dropna()
    counts = Counter(_value_label(v) for v in series.tolist())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


_TARGET_NAMES = ("target", "label", "class", "y", "outcome", "churn", "default", "fraud", "survived")
_POSITIVE_VALUES = ("1", "yes", "true", "y", "positive", "pos", "t")


def suggest_target(table: Table) -> str:
    """A likely target: a column with a conventional name, else the last column with two values, else
    the last with 2 to 50."""
    lowered = {name.lower(): name for name in table.columns}
    for candidate in _TARGET_NAMES:
        if candidate in lowered and 2 <= table.frame[lowered[candidate]].nunique() <= MAX_TARGET_CLASSES:
            return lowered[candidate]
    for fewest, most in ((2, 2), (2, MAX_TARGET_CLASSES)):
        for name in reversed(table.columns):
            if fewest <= table.frame[name].nunique() <= most:
                return name
    return table.columns[-1]


def suggest_positive(counts: list[tuple[str, int]]) -> str | None:
    """A likely positive class: of two classes, a conventional 'positive' value (1, yes, true, ...),
    else the rarer one; of more, the rarest with enough rows for every page."""
    if not counts:
        return None
    if len(counts) == 2:
        conventional = [label for label, _ in counts if label.strip().lower() in _POSITIVE_VALUES]
        return conventional[0] if len(conventional) == 1 else counts[-1][0]
    usable = [label for label, n in counts if n >= MIN_PER_CLASS]
    return (usable or [counts[-1][0]])[-1]


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class ColumnNote:
    """What happened to one column of the file."""

    column: str
    treatment: str  # target, kept, one-hot, dropped
    detail: str


@dataclass(frozen=True)
class Summary:
    """What the upload became, for the page to show."""

    filename: str
    encoding: str
    delimiter: str
    target: str
    positive_class: str
    n_rows_file: int
    n_rows_used: int
    n_columns_file: int
    n_features: int
    n_positive: int
    n_negative: int
    columns: tuple[ColumnNote, ...]
    notices: tuple[str, ...]

    @property
    def positive_share(self) -> float:
        """Share of used rows in the positive class."""
        return self.n_positive / max(1, self.n_rows_used)


@dataclass
class _Features:
    blocks: list[np.ndarray] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    notes: list[ColumnNote] = field(default_factory=list)


DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _is_id_like(name: str, values: pd.Series) -> bool:
    """A column with a different value in every row that is text, or whole numbers named like an
    identifier or counting rows (1, 2, 3, ...)."""
    n = len(values)
    if n < MIN_ROWS or values.isna().any() or values.nunique() != n:
        return False
    if isinstance(values.dtype, pd.CategoricalDtype):
        return True
    numbers = values.to_numpy(dtype=np.float64)
    if not np.all(np.isfinite(numbers)) or not np.all(np.mod(numbers, 1) == 0):
        return False
    steps = np.diff(np.sort(numbers))
    return bool(_ID_NAME.search(name)) or bool(np.all(steps == 1))


def _numeric_feature(name: str, values: pd.Series, found: _Features) -> None:
    numbers = values.to_numpy(dtype=np.float64)
    infinite = np.flatnonzero(np.isinf(numbers))
    if infinite.size:
        raise UploadError(
            f"Column {quoted(name)} contains infinite values (first in data row "
            f"{int(values.index[infinite[0]]) + 1}); replace them with numbers, or leave those cells empty "
            "to have them filled in."
        )
    missing = np.isnan(numbers)
    detail = "number, kept as is"
    if missing.any():
        median = float(np.median(numbers[~missing]))
        numbers = np.where(missing, median, numbers)
        detail = f"number; {int(missing.sum()):,} missing values filled with the median ({median:.4g})"
    found.blocks.append(numbers[:, None])
    found.names.append(display_name(name))
    found.notes.append(ColumnNote(name, "kept", detail))


def _category_feature(name: str, values: pd.Series, found: _Features) -> None:
    labels = values.astype("string").fillna("(missing)")
    categories = sorted(set(labels.tolist()))
    if len(categories) > MAX_CATEGORIES:
        found.notes.append(
            ColumnNote(
                name,
                "dropped",
                f"text with {len(categories):,} different values, over the one-hot cap of {MAX_CATEGORIES}",
            )
        )
        return
    encoded = np.stack([(labels == c).to_numpy(dtype=np.float64) for c in categories], axis=1)
    found.blocks.append(encoded)
    stem = display_name(name)
    found.names.extend(f"{stem}={display_name(c, 'blank')}" for c in categories)
    n_missing = int(values.isna().sum())
    filled = f"; {n_missing:,} missing values encoded as their own category" if n_missing else ""
    found.notes.append(ColumnNote(name, "one-hot", f"text, {len(categories)} indicator columns{filled}"))


def _add_feature(name: str, values: pd.Series, found: _Features) -> None:
    """Encode one column, or note why it was dropped."""
    n_values = values.nunique(dropna=True)
    if n_values == 0:
        found.notes.append(ColumnNote(name, "dropped", "empty in every row"))
    elif n_values == 1 and not values.isna().any():
        found.notes.append(ColumnNote(name, "dropped", "constant: the same value in every row"))
    elif _is_id_like(name, values):
        found.notes.append(ColumnNote(name, "dropped", "ID-like: a different value in every row"))
    elif isinstance(values.dtype, pd.CategoricalDtype):
        _category_feature(name, values, found)
    else:
        _numeric_feature(name, values, found)


def _labels(
    table: Table, target: str, positive: str
) -> tuple[np.ndarray, np.ndarray, list[str], list[tuple[str, int]]]:
    """(rows kept, 0/1 labels, notices, class counts) for ``target`` with ``positive`` as the
    positive class."""
    if target not in table.columns:
        raise UploadError(f"The file has no column {quoted(target)}; pick the target from the list.")
    series = table.frame[target]
    present = series.notna().to_numpy()
    notices = []
    if not present.all():
        notices.append(f"Dropped {int((~present).sum()):,} rows with no value in the target column.")
    counts = target_counts(table, target)
    if len(counts) == 0:
        raise UploadError(
            f"The target column {quoted(target)} is empty in every row; pick a column that says which class "
            "each row belongs to."
        )
    if len(counts) == 1:
        raise UploadError(
            f"The target column {quoted(target)} has only one class ({quoted(counts[0][0])}), so there is "
            "nothing to tell apart; pick a column with at least two different values."
        )
    if len(counts) > MAX_TARGET_CLASSES:
        raise UploadError(
            f"The target column {quoted(target)} has {len(counts):,} different values, which looks like a "
            f"measurement rather than a class; pick a column with 2 to {MAX_TARGET_CLASSES} classes, or "
            "group its values into classes first."
        )
    if positive not in dict(counts):
        raise UploadError(
            f"{quoted(positive)} is not a value of the target column {quoted(target)}; pick the positive "
            "class from the list."
        )
    labels = np.array([_value_label(v) for v in series[present].tolist()], dtype=object)
    y = (labels == positive).astype(np.int64)
    _check_class_sizes(y, positive, target)
    return np.flatnonzero(present), y, notices, counts


def _check_class_sizes(y: np.ndarray, positive: str, target: str) -> None:
    n_pos = int(y.sum())
    n_neg = int(y.size - n_pos)
    if min(n_pos, n_neg) < MIN_PER_CLASS:
        which = f"{quoted(positive)}" if n_pos < n_neg else f"a value other than {quoted(positive)}"
        raise UploadError(
            f"Only {min(n_pos, n_neg)} rows have {which} in the target column {quoted(target)}, but every "
            f"page needs at least {MIN_PER_CLASS} of each class; add rows or pick another positive class."
        )


def _cap_rows(y: np.ndarray) -> tuple[np.ndarray, str | None]:
    """Row positions to keep: all, or a class-stratified random sample of MAX_ROWS (seed 0)."""
    if y.size <= MAX_ROWS:
        return np.arange(y.size), None
    rng = np.random.default_rng(0)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    n_pos = min(max(MIN_PER_CLASS, round(MAX_ROWS * pos.size / y.size)), pos.size)
    keep = np.concatenate(
        [rng.choice(pos, size=n_pos, replace=False), rng.choice(neg, size=MAX_ROWS - n_pos, replace=False)]
    )
    notice = (
        f"Used a random sample of {MAX_ROWS:,} of the {y.size:,} rows, with the same class balance, so every "
        "page stays interactive."
    )
    return np.sort(keep), notice


def _cap_features(found: _Features) -> tuple[np.ndarray, tuple[str, ...], str | None]:
    matrix = np.hstack(found.blocks)
    names = _unique_names(found.names)
    if matrix.shape[1] <= MAX_FEATURES:
        return matrix, names, None
    notice = (
        f"Kept the first {MAX_FEATURES} of {matrix.shape[1]} features (after encoding) so every page stays "
        "interactive; put the columns you care about first to keep them."
    )
    return matrix[:, :MAX_FEATURES], names[:MAX_FEATURES], notice


def _features(table: Table, target: str, rows: np.ndarray) -> _Features:
    found = _Features()
    for name in table.columns:
        if name == target:
            found.notes.append(ColumnNote(name, "target", "what the models predict"))
            continue
        _add_feature(name, table.frame[name].iloc[rows], found)
    if sum(block.shape[1] for block in found.blocks) == 1:
        kept = next(note.column for note in found.notes if note.treatment in ("kept", "one-hot"))
        raise UploadError(
            f"Only one usable feature column ({quoted(kept)}) is left, but the pages draw the data on a "
            "plane and need at least two; add another column of numbers, or of text with at most "
            f"{MAX_CATEGORIES} different values."
        )
    if not found.blocks:
        raise UploadError(
            "No usable feature columns are left once empty, constant and ID-like columns are dropped; the "
            f"file needs at least one column of numbers, or of text with at most {MAX_CATEGORIES} different "
            "values, besides the target."
        )
    return found


# --------------------------------------------------------------------------- the dataset


@dataclass(frozen=True, eq=False)
class UserData:
    """An uploaded dataset, ready for every page. Identified by ``fingerprint`` (a hash of the file's
    bytes, the target and the positive class), which is what caches key it on."""

    fingerprint: str
    info: DatasetInfo
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    summary: Summary


def _class_label(value: str, fallback: str) -> str:
    return display_name(value, fallback)[:24]


def _info(summary: Summary, positive: str, counts: list[tuple[str, int]], n_features: int) -> DatasetInfo:
    positive_label = _class_label(positive, "positive")
    others = [label for label, _ in counts if label != positive]
    negative_label = _class_label(others[0], "negative") if len(others) == 1 else f"not {positive_label}"
    if negative_label == positive_label:
        positive_label, negative_label = "positive", "negative"
    return DatasetInfo(
        key=UPLOAD_KEY,
        name=UPLOAD_LABEL,
        description=(
            f"Your uploaded file: {summary.n_rows_used:,} rows and {n_features} features; positive = one "
            "value of the target column, negative = every other row."
        ),
        kind="tabular",
        positive_label=positive_label,
        negative_label=negative_label,
        natural_positive_fraction=summary.positive_share,
        n_rows=summary.n_rows_used,
        n_features=n_features,
    )


def prepare(table: Table, target: str, positive: str) -> UserData:
    """Labels from ``target`` (``positive`` vs every other value) and encoded, imputed features."""
    present, y_all, notices, counts = _labels(table, target, positive)
    keep, sampled = _cap_rows(y_all)
    rows, y = present[keep], y_all[keep]
    found = _features(table, target, rows)
    matrix, names, capped = _cap_features(found)
    notices += [n for n in (sampled, capped) if n]
    summary = Summary(
        filename=table.filename,
        encoding=table.encoding,
        delimiter=DELIMITER_NAMES.get(table.delimiter, table.delimiter),
        target=target,
        positive_class=positive,
        n_rows_file=table.n_rows,
        n_rows_used=int(y.size),
        n_columns_file=len(table.columns),
        n_features=matrix.shape[1],
        n_positive=int(y.sum()),
        n_negative=int(y.size - y.sum()),
        columns=tuple(found.notes),
        notices=(*table.notices, *notices),
    )
    key = "\x1f".join((table.fingerprint, target, positive))
    fingerprint = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    info = _info(summary, positive, counts, matrix.shape[1])
    return UserData(fingerprint, info, np.ascontiguousarray(matrix), y, names, summary)
