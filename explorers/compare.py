"""Comparing a pinned view A with the live view B: the numbers, the sentence and the overlay.

Key numbers are compared slot by slot (a page's n-th number means the same thing at any setting,
even when its label names the current pick). A number is read back from its formatted value
('4.8%', '$1,234', '2.1 ms', '70 of 120', 'B by 0.062'); two values give a numeric change only when
they read alike (same words around the number, same unit or a convertible one), and every change and
direction word comes from the values as shown, so nothing "rises by 0.00".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go

from explorers.view import KeyNumber

Direction = Literal["rose", "fell", "same"]

# Units a number may carry, each family to one scale, so '850 µs' and '1.2 ms' compare.
_UNIT_SCALES: dict[str, tuple[str, float]] = {
    "µs": ("time", 1e-3),
    "ms": ("time", 1.0),
    "s": ("time", 1e3),
    "min": ("time", 6e4),
    "h": ("time", 3.6e6),
    "d": ("time", 8.64e7),
    "KB": ("bytes", 1e-3),
    "MB": ("bytes", 1.0),
    "GB": ("bytes", 1e3),
    "%": ("percent", 1.0),
    "×": ("times", 1.0),
}
_NUMBER = re.compile(
    r"^(?P<prefix>.*?)(?P<sign>[+\-−])?(?P<currency>\$)?(?P<digits>\d[\d,]*(?:\.\d+)?)(?P<suffix>.*)$"
)


@dataclass(frozen=True)
class Amount:
    """A number read back from its formatted value, with what surrounds it."""

    value: float
    decimals: int
    prefix: str = ""
    suffix: str = ""
    currency: bool = False

    @property
    def unit(self) -> str | None:
        """The unit the suffix names ('ms', '%', ...), or None when it is words or nothing."""
        word = self.suffix.strip().split(" ")[0] if self.suffix.strip() else ""
        return word if word in _UNIT_SCALES and self.suffix.strip() == word else None


def parse_amount(text: str) -> Amount | None:
    """The first number in a formatted value, or None when there is none ('never', '∞')."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return None
    digits = match["digits"].replace(",", "")
    sign = -1.0 if match["sign"] in ("-", "−") else 1.0
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Amount(
        value=sign * float(digits),
        decimals=decimals,
        prefix=match["prefix"],
        suffix=match["suffix"],
        currency=bool(match["currency"]),
    )


def _scale(amount: Amount) -> tuple[str, float] | None:
    return _UNIT_SCALES.get(amount.unit) if amount.unit else None


def comparable(a: Amount, b: Amount) -> bool:
    """Whether two values read alike, so their difference means something."""
    if a.prefix != b.prefix or a.currency != b.currency:
        return False
    if a.suffix == b.suffix:
        return True
    scale_a, scale_b = _scale(a), _scale(b)
    return scale_a is not None and scale_b is not None and scale_a[0] == scale_b[0]


def _in_units_of(a: Amount, b: Amount) -> float:
    """A's value in B's unit."""
    scale_a, scale_b = _scale(a), _scale(b)
    if a.suffix == b.suffix or scale_a is None or scale_b is None:
        return a.value
    return a.value * scale_a[1] / scale_b[1]


@dataclass(frozen=True)
class NumberChange:
    """One key number in A and in B, and the change between them as shown."""

    label: str  # B's label
    label_a: str
    a: str
    b: str
    change: str | None  # '+0.12', '−3.1 pts', '+$4.20'; None when the values do not compare
    direction: Direction | None

    @property
    def relabelled(self) -> bool:
        """Whether the slot's label differs between A and B (it names the current pick)."""
        return self.label != self.label_a


def _change_text(delta: float, decimals: int, b: Amount) -> str:
    sign = "+" if delta > 0 else "−"
    magnitude = f"{abs(delta):,.{decimals}f}"
    unit = b.unit
    tail = " pts" if unit == "%" else (f" {unit}" if unit and unit != "×" else ("×" if unit == "×" else ""))
    return f"{sign}{'$' if b.currency else ''}{magnitude}{tail}"


def compare_number(a: KeyNumber, b: KeyNumber) -> NumberChange:
    """How one key number moved from A to B."""
    amount_a, amount_b = parse_amount(a.value), parse_amount(b.value)
    change: str | None = None
    direction: Direction | None = None
    if a.value == b.value:
        direction = "same"
    elif amount_a is not None and amount_b is not None and comparable(amount_a, amount_b):
        decimals = max(amount_a.decimals, amount_b.decimals)
        delta = round(amount_b.value - _in_units_of(amount_a, amount_b), decimals)
        if delta != 0:
            change = _change_text(delta, decimals, amount_b)
            direction = "rose" if delta > 0 else "fell"
    return NumberChange(b.label, a.label, a.value, b.value, change, direction)


def compare_numbers(a: Sequence[KeyNumber], b: Sequence[KeyNumber]) -> tuple[NumberChange, ...]:
    """Slot by slot, as far as both views have numbers."""
    return tuple(compare_number(x, y) for x, y in zip(a, b, strict=False))


# --------------------------------------------------------------------------- the sentence


@dataclass(frozen=True)
class SettingChange:
    """One control whose value differs between A and B, in words."""

    label: str
    a: str
    b: str
    a_number: float | None = None  # the values as numbers, when they are numbers
    b_number: float | None = None
    toggle: bool = False


def _lower_first(label: str) -> str:
    """'Training examples' -> 'training examples'; 'C' and 'AUC' stay."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def setting_phrase(change: SettingChange) -> str:
    """'raised C from 0.1 to 10', 'turned peeking on', 'changed the penalty from l1 to l2'."""
    label = _lower_first(change.label)
    if change.toggle:
        return f"turned {label} {'on' if change.b in ('on', 'True', 'true') else 'off'}"
    if change.a_number is not None and change.b_number is not None and change.a_number != change.b_number:
        verb = "raised" if change.b_number > change.a_number else "lowered"
        return f"{verb} {label} from {change.a} to {change.b}"
    return f"changed {label} from {change.a} to {change.b}"


def number_phrase(change: NumberChange) -> str:
    """'CV log loss fell from 0.41 to 0.29', 'recall stayed at 0.68', '“Best: SMOTE” 0.84 became
    “Best: weights” 0.81'."""
    if change.relabelled:
        return f"“{change.label_a}” {change.a} became “{change.label}” {change.b}"
    label = _lower_first(change.label)
    if change.direction == "same":
        return f"{label} stayed at {change.b}"
    if change.direction in ("rose", "fell"):
        return f"{label} {change.direction} from {change.a} to {change.b}"
    return f"{label} went from {change.a} to {change.b}"


def _join(phrases: Sequence[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def what_changed(settings: Sequence[SettingChange], numbers: Sequence[NumberChange]) -> str:
    """'From A to B you raised C from 0.1 to 10: CV log loss fell from 0.41 to 0.29 and ...'."""
    if not settings:
        return "A and B have the same settings, so every number is the same."
    named = {setting.label.lower() for setting in settings}
    numbers = [n for n in numbers if n.label.lower() not in named]  # the setting itself, said already
    moved = [n for n in numbers if n.direction != "same" or n.relabelled]
    still = [n for n in numbers if n.direction == "same" and not n.relabelled]
    head = f"From A to B you {_join([setting_phrase(s) for s in settings])}"
    if not moved:
        return f"{head}; none of the headline numbers changed."
    sentence = f"{head}: {_join([number_phrase(n) for n in moved])}"
    if still:
        sentence += f", while {_join([number_phrase(n) for n in still])}"
    return sentence + "."


# --------------------------------------------------------------------------- the overlay

FADED_OPACITY = 0.3
_OVERLAID_TYPES = frozenset({"scatter", "scattergl"})


def can_overlay(figure: go.Figure) -> bool:
    """Whether A's traces can be drawn faded over B's: lines and points only (a heat map, contour or
    bar over another hides it)."""
    return bool(figure.data) and all(trace.type in _OVERLAID_TYPES for trace in figure.data)


def _same_values(x: object, y: object) -> bool:
    if x is None or y is None:
        return x is y
    try:
        return bool(np.array_equal(np.asarray(x, dtype=object), np.asarray(y, dtype=object)))
    except (TypeError, ValueError):
        return False


def _same_trace(a: go.BaseTraceType, b: go.BaseTraceType) -> bool:
    return a.type == b.type and all(
        _same_values(getattr(a, axis, None), getattr(b, axis, None)) for axis in ("x", "y", "z")
    )


def same_data(a: go.Figure, b: go.Figure) -> bool:
    """Whether A and B draw the same data (a reading control moved only a marker or a line)."""
    return len(a.data) == len(b.data) and all(_same_trace(x, y) for x, y in zip(a.data, b.data, strict=True))


Json = dict[str, Any]  # a trace or shape as plotly's plain dict


def _faded_trace(trace: Json) -> Json:
    """A copy of one of A's traces (a plain dict), faded, dashed, out of the legend."""
    ghost = copy.deepcopy(trace)
    ghost.update(opacity=FADED_OPACITY, showlegend=False, hoverinfo="skip")
    if ghost.get("name"):
        ghost["name"] = f"A: {ghost['name']}"
    if "lines" in (ghost.get("mode") or "lines"):
        ghost["line"] = {**ghost.get("line", {}), "dash": "dash"}
    return ghost


def _faded_lines(a: go.Figure) -> list[Json]:
    """A's reference lines (a threshold, a chosen value), faded and dashed."""
    faded = []
    for shape in a.to_dict()["layout"].get("shapes", ()):
        if shape.get("type") == "line":
            shape["opacity"] = FADED_OPACITY
            shape["line"] = {**shape.get("line", {}), "dash": "dash"}
            faded.append(shape)
    return faded


PINNED_NAME = "A (pinned)"
_LEGEND_ENTRY = {
    "type": "scatter",
    "x": [None],
    "y": [None],
    "mode": "lines",
    "name": PINNED_NAME,
    "line": {"color": "#888888", "dash": "dash"},
}


def overlay(b: go.Figure, a: go.Figure) -> go.Figure:
    """B's figure with A drawn under it, faded and dashed, out of the legend: A's lines and points
    when A's data differ from B's, and A's reference lines always; one legend entry names A.
    Built from plain dicts without plotly's validation (every piece comes from valid figures)."""
    a_dict, b_dict = a.to_dict(), b.to_dict()
    traces = [] if same_data(a, b) else [_faded_trace(trace) for trace in a_dict["data"]]
    layout = b_dict["layout"]
    layout["shapes"] = [*layout.get("shapes", ()), *_faded_lines(a)]
    data = [*traces, *b_dict["data"], copy.deepcopy(_LEGEND_ENTRY)]
    return go.Figure(data=data, layout=layout, _validate=False)


def _categories(figure: go.Figure) -> set[tuple[str, str]]:
    """Every text value on a category axis, with the axis it sits on."""
    found = set()
    for trace in figure.data:
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            items = [] if values is None else np.asarray(values, dtype=object).ravel().tolist()
            if any(isinstance(item, str) for item in items):
                where = getattr(trace, f"{axis}axis", None) or axis
                found.update((where, str(item)) for item in items)
    return found


def overlaid(b: go.Figure, a: go.Figure) -> bool:
    """Whether A can be drawn over B: the same data (A's lines, if any, moved), or lines and points
    on the same categories (A's own would add rows to B's chart)."""
    if same_data(a, b):
        return True  # A's lines, if any moved, over the same data
    return can_overlay(b) and can_overlay(a) and _categories(a) <= _categories(b)
