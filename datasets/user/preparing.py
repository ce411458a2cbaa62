"""``prepare``: a parsed table, a target column and a positive class become ``UserData``, float
features (one-hot encoded, imputed, capped) and 0/1 labels, with what was done to every column.

Feature cap: when encoding gives more than ``MAX_FEATURES`` columns, numeric columns are kept first
(fewest missing values first, then file order), then one-hot levels, the most even splits of the
rows first (largest p(1 - p)). The rule never looks at the target, so no page's test rows can
leak into the choice, whatever split or seed the page uses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from datasets.base import DatasetInfo, count
from datasets.user.columns import unusable_columns
from datasets.user.common import (
    MAX_CATEGORIES,
    MAX_FEATURES,
    MAX_ROWS,
    MAX_TARGET_CLASSES,
    MIN_PER_CLASS,
    UPLOAD_KEY,
    UPLOAD_LABEL,
    UploadError,
    display_name,
    quoted,
    unique_names,
)
from datasets.user.reading import DELIMITER_NAMES, Table
from datasets.user.target import target_counts, value_label


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

    @property
    def dropped(self) -> dict[str, str]:
        """Dropped columns and why."""
        return {note.column: note.detail for note in self.columns if note.treatment == "dropped"}


@dataclass(frozen=True)
class _Block:
    """One encoded column: its features, their names and cap ranks (lower is kept first)."""

    column: str
    values: np.ndarray
    names: tuple[str, ...]
    ranks: tuple[tuple[int, float, int], ...]


@dataclass
class _Features:
    blocks: list[_Block] = field(default_factory=list)
    notes: list[ColumnNote] = field(default_factory=list)


def _numeric_feature(name: str, values: pd.Series, position: int, found: _Features) -> None:
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
    if missing.all():
        found.notes.append(ColumnNote(name, "dropped", "empty in every row used"))
        return
    if missing.any():
        median = float(np.median(numbers[~missing]))
        numbers = np.where(missing, median, numbers)
        detail = f"number; {count(int(missing.sum()), 'missing value')} filled with the median ({median:.4g})"
    rank = (0, float(missing.mean()), position)
    found.blocks.append(_Block(name, numbers[:, None], (display_name(name),), (rank,)))
    found.notes.append(ColumnNote(name, "kept", detail))


def _category_feature(name: str, values: pd.Series, position: int, found: _Features) -> None:
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
    shares = encoded.mean(axis=0)
    stem = display_name(name)
    names = tuple(f"{stem}={display_name(c, 'blank')}" for c in categories)
    ranks = tuple((1, -float(p * (1 - p)), position) for p in shares)
    found.blocks.append(_Block(name, encoded, names, ranks))
    n_missing = int(values.isna().sum())
    filled = f"; {count(n_missing, 'missing value')} encoded as their own category" if n_missing else ""
    found.notes.append(ColumnNote(name, "one-hot", f"text, {len(categories)} indicator columns{filled}"))


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
        notices.append(f"Dropped {count(int((~present).sum()), 'row')} with no value in the target column.")
    counts = target_counts(table, target)
    _check_classes(counts, target, positive)
    labels = np.array([value_label(v) for v in series[present].tolist()], dtype=object)
    y = (labels == positive).astype(np.int64)
    _check_class_sizes(y, positive, target)
    return np.flatnonzero(present), y, notices, counts


def _check_classes(counts: list[tuple[str, int]], target: str, positive: str) -> None:
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


def _check_class_sizes(y: np.ndarray, positive: str, target: str) -> None:
    n_pos = int(y.sum())
    n_neg = int(y.size - n_pos)
    fewest = min(n_pos, n_neg)
    if fewest < MIN_PER_CLASS:
        which = f"{quoted(positive)}" if n_pos < n_neg else f"a value other than {quoted(positive)}"
        verb = "has" if fewest == 1 else "have"
        raise UploadError(
            f"Only {count(fewest, 'row')} {verb} {which} in the target column {quoted(target)}, but every "
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
    """Every feature, or the ``MAX_FEATURES`` the module's rule keeps (in file order)."""
    matrix = np.hstack([block.values for block in found.blocks])
    names = unique_names([name for block in found.blocks for name in block.names])
    if matrix.shape[1] <= MAX_FEATURES:
        return matrix, names, None
    ranks = [rank for block in found.blocks for rank in block.ranks]
    kept = np.sort(sorted(range(len(ranks)), key=lambda j: ranks[j])[:MAX_FEATURES])
    _note_cut(found, set(kept.tolist()))
    n_numeric = sum(1 for j in kept if ranks[j][0] == 0)
    notice = (
        f"Kept {MAX_FEATURES} of {matrix.shape[1]} features (after encoding) so every page stays "
        f"interactive: numeric columns first ({n_numeric} kept, fewest missing values first), then the "
        "one-hot levels that split the rows most evenly. The choice never looks at the target, so nothing "
        "leaks from any page's test rows."
    )
    return matrix[:, kept], tuple(names[j] for j in kept), notice


def _note_cut(found: _Features, kept: set[int]) -> None:
    """Say in each column's note how many of its features the cap cut."""
    start, notes = 0, {note.column: i for i, note in enumerate(found.notes)}
    for block in found.blocks:
        width = len(block.names)
        n_kept = sum(1 for j in range(start, start + width) if j in kept)
        start += width
        if n_kept == width:
            continue
        index = notes[block.column]
        note = found.notes[index]
        if n_kept == 0:
            found.notes[index] = ColumnNote(note.column, "dropped", f"cut by the feature cap ({note.detail})")
        else:
            detail = f"{note.detail}; {n_kept} kept under the feature cap"
            found.notes[index] = ColumnNote(note.column, note.treatment, detail)


def _features(table: Table, target: str, rows: np.ndarray) -> _Features:
    found = _Features()
    unusable = unusable_columns(table)
    for position, name in enumerate(table.columns):
        values = table.frame[name].iloc[rows]
        if name == target:
            found.notes.append(ColumnNote(name, "target", "what the models predict"))
        elif name in unusable:
            found.notes.append(ColumnNote(name, "dropped", unusable[name]))
        elif isinstance(values.dtype, pd.CategoricalDtype):
            _category_feature(name, values, position, found)
        else:
            _numeric_feature(name, values, position, found)
    _check_enough(found)
    return found


def _check_enough(found: _Features) -> None:
    if sum(len(block.names) for block in found.blocks) == 1:
        raise UploadError(
            f"Only one usable feature column ({quoted(found.blocks[0].column)}) is left, but the pages draw "
            "the data on a plane and need at least two; add another column of numbers, or of text with at "
            f"most {MAX_CATEGORIES} different values."
        )
    if not found.blocks:
        raise UploadError(
            "No usable feature columns are left once empty, constant and ID-like columns are dropped; the "
            f"file needs at least one column of numbers, or of text with at most {MAX_CATEGORIES} different "
            "values, besides the target."
        )


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
        uploaded=True,
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
