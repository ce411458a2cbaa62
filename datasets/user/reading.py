"""Reading an upload: raw bytes to a table of numbers and text, with a notice for everything fixed.

``read_table`` checks the bytes (size, binary files), decodes them (UTF-8 with or without BOM,
UTF-16 with a BOM, Windows-1252, Latin-1), finds the delimiter and the header row (skipping a title
and blank lines above it), and reads every column as text first, so a column's own spelling decides
what it is: numbers (also with decimal commas, E notation, and missing-value markers such as '.' or
'NA'), or text (kept as written, so 'TRUE'/'FALSE' stay labels).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from datasets.base import count
from datasets.user.common import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    MIN_PER_CLASS,
    MIN_ROWS,
    UploadError,
    quoted,
)

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# Cells that mean "no value" in a column that is otherwise numbers (compared lower-cased).
TEXT_MISSING = frozenset({"", "na", "n/a", "#n/a", "#na", "null", "nan", "none", "<na>", "-nan"})
MISSING_MARKERS = TEXT_MISSING | {".", "?", "-", "--"}
CONTROL_REPLACEMENT = "\ufffd"
_SNIFF_BYTES = 64 * 1024
_SNIFF_LINES = 50
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BINARY_CONTROL_SHARE = 0.10  # above this share of control bytes a file is binary, not damaged text
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DECIMAL_COMMA = re.compile(r"[-+]?(\d+(,\d*)?|,\d+)([eE][-+]?\d+)?")
_FIELDS_MISMATCH = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True, eq=False)
class Table:
    """A parsed upload: its columns (numbers as float64, text as categories) and how it was read."""

    filename: str
    frame: pd.DataFrame
    encoding: str
    delimiter: str
    fingerprint: str
    notices: tuple[str, ...] = ()
    unnamed: tuple[str, ...] = ()  # columns whose header cell was blank (e.g. R's row names)

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names, as in the file."""
        return tuple(str(c) for c in self.frame.columns)

    @property
    def n_rows(self) -> int:
        """Data rows in the file (empty rows not counted)."""
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
    """Refuse known binary formats, NUL bytes and mostly-control bytes; a few control characters
    in otherwise plain text (e.g. 0x1A for a broken apostrophe) are replaced later instead."""
    for signature, message in _SIGNATURES:
        if raw.startswith(signature):
            raise UploadError(message)
    head = raw[:_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        return  # UTF-16 text, e.g. Excel's "Unicode text"
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if b"\x00" in head or controls > len(head) * _BINARY_CONTROL_SHARE:
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
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw.decode("utf-8-sig"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            pass
    for codec, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _head_lines(text: str) -> list[str]:
    """The first non-blank lines of ``text``, for sniffing."""
    return [line for line in text[:_SNIFF_BYTES].splitlines() if line.strip()][:_SNIFF_LINES]


def _field_counts(lines: list[str], delimiter: str) -> list[int]:
    try:
        return [len(row) for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error:
        return [1] * len(lines)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same number (2 or more) of fields; a tie
    goes to the one giving more fields. Title lines and decimal commas do not fool it."""
    lines = _head_lines(text)
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = _field_counts(lines, delimiter)
        if not counts:
            continue
        width, times = Counter(counts).most_common(1)[0]
        score = (times / len(counts), width)
        if width >= 2 and score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass(frozen=True)
class _Header:
    names: list[str]
    unnamed: list[str]
    skip: int  # lines above the header (0 when it is the first non-blank line)
    skipped: int  # non-blank lines above the header


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(the line the record starts on, cells) of the first records, blank lines left out."""
    reader = csv.reader(io.StringIO(text[:_SNIFF_BYTES], newline=""), delimiter=delimiter)
    out = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                out.append((start, row))
            start = reader.line_num + 1
            if len(out) >= _SNIFF_LINES:
                break
    except csv.Error:
        pass
    return out


def _find_header(text: str, delimiter: str) -> _Header:
    """The header row: the first row as wide as most rows with most of its cells filled (or R's
    ``write.table`` header, one name short). Rows above it (a title, a note) are skipped."""
    records = _records(text, delimiter)
    if not records:
        raise UploadError(
            "The header row could not be read; check that its quotes are balanced and that it ends with a "
            "line break."
        )
    width = Counter(len(row) for _, row in records).most_common(1)[0][0]
    position = 0
    if width >= 2:
        filled = max(2, (width + 1) // 2)
        position = next(
            (i for i, (_, row) in enumerate(records) if len(row) == width and _filled(row) >= filled), 0
        )
    if position and _names_above_row_names(records[0][1], records[position][1]):
        position = 0
    row = records[position][1]
    names = [cell.strip() or f"column {index + 1}" for index, cell in enumerate(row)]
    unnamed = [name for name, cell in zip(names, row, strict=True) if not cell.strip()]
    skip = records[position][0] - 1 if position else 0
    return _Header(names, unnamed, skip, position)


def _names_above_row_names(first: list[str], below: list[str]) -> bool:
    """Whether ``first`` is R's ``write.table`` header: one name fewer than the rows below (no cell
    above the row names), every cell a name, while the row below holds numbers."""
    return (
        len(first) == len(below) - 1 >= 2
        and _filled(first) == len(first)
        and not any(_is_number(cell) for cell in first)
        and any(_is_number(cell) for cell in below)
    )


def _is_number(cell: str) -> bool:
    try:
        float(cell.strip().replace(",", "."))
    except ValueError:
        return False
    return True


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def _check_header(names: list[str]) -> None:
    repeated = [name for name, times in Counter(names).items() if times > 1]
    if repeated:
        times = names.count(repeated[0])
        raise UploadError(
            f"Column names must be unique, but {quoted(repeated[0])} appears {times} times; rename or remove "
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


def _parse(text: str, delimiter: str, header: _Header) -> pd.DataFrame:
    """The data rows: plain number columns as numbers, every other column as text as written
    (blank cells missing; 'TRUE'/'FALSE' columns re-read as text); ragged rows raise UploadError
    with their line number."""
    frame = _read(text, delimiter, header, {})
    logical = [name for name in frame.columns if pd.api.types.is_bool_dtype(frame[name])]
    if logical:
        frame = _read(text, delimiter, header, dict.fromkeys(logical, str))
    return frame


def _read(text: str, delimiter: str, header: _Header, as_text: dict[str, type]) -> pd.DataFrame:
    """pandas' fast reader; only blank cells missing; the ``as_text`` columns kept as written."""
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=0,
            names=header.names,
            skiprows=header.skip,
            dtype=as_text or None,
            keep_default_na=False,
            na_values=[""],
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


def _check_rows(n: int) -> None:
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


# --------------------------------------------------------------------------- one column


@dataclass(frozen=True)
class _Column:
    values: pd.Series
    notices: tuple[str, ...] = ()


def _numbers(cells: pd.Series, delimiter: str) -> tuple[np.ndarray, bool] | None:
    """``cells`` (no missing ones) as numbers, and whether they were written with decimal commas;
    None when they are text."""
    numbers = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64)
    if not np.isnan(numbers).any():
        return numbers, False
    if delimiter == "," or not cells.str.fullmatch(_DECIMAL_COMMA).all():
        return None
    return pd.to_numeric(cells.str.replace(",", ".", regex=False)).to_numpy(dtype=np.float64), True


def _column(name: str, raw: pd.Series, delimiter: str) -> _Column:
    """One column: numbers as float64 (markers such as '.' or 'NA' missing), else text as categories."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return _Column(raw.astype(np.float64))
    cells = raw.astype(object).where(raw.notna(), "").astype(str).str.strip()
    marker = cells.str.lower().isin(MISSING_MARKERS).to_numpy()
    found = _numbers(cells[~marker], delimiter)
    if found is None:
        missing = cells.str.lower().isin(TEXT_MISSING)
        return _Column(cells.mask(missing).astype("category"))
    numbers, commas = found
    values = np.full(len(cells), np.nan)
    values[~marker] = numbers
    notices = [f"Read decimal commas as decimal points in {quoted(name)}."] if commas else []
    written = cells[marker & (cells != "").to_numpy()]
    if len(written):
        markers = ", ".join(quoted(m) for m in sorted(set(written)))
        notices.append(
            f"Treated {count(len(written), 'cell')} marked {markers} in {quoted(name)} as missing values."
        )
    return _Column(pd.Series(values, index=raw.index, dtype=np.float64), tuple(notices))


def _columns(frame: pd.DataFrame, delimiter: str) -> tuple[pd.DataFrame, list[str]]:
    columns = {name: _column(str(name), frame[name], delimiter) for name in frame.columns}
    notices = [notice for column in columns.values() for notice in column.notices]
    return pd.DataFrame({name: c.values for name, c in columns.items()}, index=frame.index), notices


def _drop_empty_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Rows with no value in any column (Excel leaves them below a table) are not data."""
    empty = frame.isna().all(axis=1).to_numpy()
    if not empty.any():
        return frame, []
    n = int(empty.sum())
    notice = f"Skipped {count(n, 'empty row')} (no value in any column)."
    return frame.loc[~empty], [notice]


def _replace_controls(text: str) -> tuple[str, int]:
    """``text`` with control characters (other than tab and line breaks) replaced, and how many."""
    replaced, n = _CONTROLS.subn(CONTROL_REPLACEMENT, text)
    return replaced, n


def _controls_notice(frame: pd.DataFrame, n: int) -> list[str]:
    if not n:
        return []
    names = [
        str(name)
        for name in frame.columns
        if isinstance(frame[name].dtype, pd.CategoricalDtype)
        and any(CONTROL_REPLACEMENT in str(v) for v in frame[name].cat.categories)
    ]
    where = f" in {', '.join(quoted(name) for name in names)}" if names else ""
    return [f"Replaced {count(n, 'control character')} (such as 0x1A, a damaged character){where} with '�'."]


def _header_notice(header: _Header) -> list[str]:
    if not header.skipped:
        return []
    return [
        f"The header is on line {header.skip + 1}, not the first line; skipped "
        f"{count(header.skipped, 'line')} of title or notes above it."
    ]


def read_table(raw: bytes, filename: str = "upload.csv") -> Table:
    """Check and parse an uploaded file's bytes; raises UploadError for a file that cannot be used."""
    _check_size(raw)
    _check_not_binary(raw)
    text, encoding = decode(raw)
    if not text.strip():
        raise UploadError(
            f"The file is empty; upload a CSV with a header row and at least {MIN_ROWS} data rows."
        )
    text, n_controls = _replace_controls(text)
    delimiter = sniff_delimiter(text)
    header = _find_header(text, delimiter)
    _check_header(header.names)
    frame, notices = _columns(_parse(text, delimiter, header), delimiter)
    frame, empty = _drop_empty_rows(frame)
    _check_rows(len(frame))
    notices = [*_header_notice(header), *empty, *notices, *_controls_notice(frame, n_controls)]
    fingerprint = hashlib.sha256(raw).hexdigest()
    return Table(filename, frame, encoding, delimiter, fingerprint, tuple(notices), tuple(header.unnamed))
