"""The target column: its classes, a suggested target and a suggested positive class.

A column can be suggested only if it is not an identifier, empty or constant, has 2 to 50 classes
(whole numbers: at most 10, so a measurement such as a price or 'y' with 45 values never is) and at
least two classes with enough rows. Among those, the first rule that finds one wins:
1. a name that says it is the outcome (target, outcome, label, survived, churn, default, fraud,
   diagnosis, status, response; then class, and y only with two values);
2. the first column, when it has two values (R and SAS files often put the response first);
3. the last column with two values;
4. the last column with 3 or more classes.
With none, nothing is suggested and the page asks for the target before showing anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from datasets.user.columns import name_words, unusable_columns
from datasets.user.common import MAX_TARGET_CLASSES, MIN_PER_CLASS
from datasets.user.reading import Table

MAX_NUMERIC_CLASSES = 10
OUTCOME_NAMES = (
    "target",
    "outcome",
    "label",
    "survived",
    "churn",
    "default",
    "fraud",
    "diagnosis",
    "status",
    "response",
    "class",
    "y",
)
TWO_VALUED_ONLY = frozenset({"y"})
POSITIVE_VALUES = ("1", "yes", "true", "y", "positive", "pos", "t")


def value_label(value: object) -> str:
    """A target value as text: 1.0 -> '1', 'yes' -> 'yes'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_counts(table: Table, target: str) -> list[tuple[str, int]]:
    """The target column's classes (as text) with their row counts, most common first."""
    series = table.frame[target].dropna()
    counts = Counter(value_label(v) for v in series.tolist())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class TargetSuggestion:
    """A suggested target column and why it was picked."""

    column: str
    reason: str

    @property
    def notice(self) -> str:
        """One sentence for the page."""
        return f"Suggested target: '{self.column}', {self.reason}; pick another in the list if needed."


def _classes(values: pd.Series, named: bool) -> int | None:
    """The number of classes of a usable target column, or None when it cannot be one (a column
    named like the outcome may have a class too small: the page then says so)."""
    counts = values.value_counts(dropna=True)
    if not 2 <= counts.size <= MAX_TARGET_CLASSES:
        return None
    if not named and int((counts >= MIN_PER_CLASS).sum()) < 2:
        return None
    if not isinstance(values.dtype, pd.CategoricalDtype):
        whole = np.all(np.mod(counts.index.to_numpy(dtype=np.float64), 1) == 0)
        if counts.size > MAX_NUMERIC_CLASSES or not whole:
            return None
    return int(counts.size)


def _by_name(table: Table, usable: list[str]) -> str | None:
    words = {name: name_words(name) for name in usable}
    for wanted in OUTCOME_NAMES:
        for name in usable:
            if wanted in words[name]:
                classes = _classes(table.frame[name], named=True)
                if classes and (wanted not in TWO_VALUED_ONLY or classes == 2):
                    return name
    return None


def suggest(table: Table) -> TargetSuggestion | None:
    """The likely target by the rules above, or None."""
    unusable = unusable_columns(table)
    usable = [name for name in table.columns if name not in unusable]
    named = _by_name(table, usable)
    if named:
        return TargetSuggestion(named, "its name says it is the outcome")
    classes = {name: _classes(table.frame[name], named=False) for name in usable}
    candidates = {name: n for name, n in classes.items() if n}
    if not candidates:
        return None
    if candidates.get(usable[0]) == 2:
        return TargetSuggestion(usable[0], "the first column, with two values, as a response often is")
    two = [name for name, n in candidates.items() if n == 2]
    if two:
        return TargetSuggestion(two[-1], "the last column with two values")
    return TargetSuggestion(list(candidates)[-1], "the last column with a few classes")


def suggest_target(table: Table) -> str | None:
    """The likely target column, or None when no column looks like one."""
    found = suggest(table)
    return found.column if found else None


def suggest_positive(counts: list[tuple[str, int]]) -> str | None:
    """A likely positive class: of two classes, a conventional 'positive' value (1, yes, true, ...),
    else the rarer one; of more, the rarest with enough rows for every page."""
    if not counts:
        return None
    if len(counts) == 2:
        conventional = [label for label, _ in counts if label.strip().lower() in POSITIVE_VALUES]
        return conventional[0] if len(conventional) == 1 else counts[-1][0]
    usable = [label for label, n in counts if n >= MIN_PER_CLASS]
    return (usable or [counts[-1][0]])[-1]
