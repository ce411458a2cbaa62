"""Pin a view as A and compare it with the live view B.

A pinned view is its control values, kept in the link under the namespace ``pin.`` (``pin.C=0.1``
beside ``C=10``), so a share link taken while A is pinned reopens the same comparison; those values
are checked like every other parameter (``ui.url_state.check_link``). A's view is built through the
same bounded caches as B's and kept for the session while A stays the same.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from types import ModuleType
from typing import Any

import streamlit as st

from datasets.errors import UserFacingError
from explorers.compare import (
    NumberChange,
    SettingChange,
    compare_numbers,
    overlaid,
    overlay,
    what_changed,
)
from explorers.view import Chart, KeyNumber, View
from ui.controls import Control, Toggle, short_label
from ui.topic import view_of

_LOG = logging.getLogger(__name__)

PIN_PREFIX = "pin."
_PINNED_VIEW_STATE = "_pinned_view"
COMPARE_KEY = "compare"  # the element key (CSS class st-key-compare) of the comparison below the stage


def pin_key(key: str) -> str:
    """The link parameter holding control ``key``'s pinned value."""
    return PIN_PREFIX + key


def is_pinned() -> bool:
    """Whether the link holds a pinned view."""
    return any(key.startswith(PIN_PREFIX) for key in st.query_params.keys())  # noqa: SIM118


def pinned_values(controls: Sequence[Control]) -> dict[str, Any] | None:
    """A's control values from the link (a control it does not name is at its default), or None."""
    if not is_pinned():
        return None
    values: dict[str, Any] = {}
    for control in controls:
        raws = st.query_params.get_all(pin_key(control.key))
        try:
            values[control.key] = control.parse_all(raws) if raws else control.default
        except ValueError:  # checked when the page began; a value can only be bad if edited since
            values[control.key] = control.default
    return values


def _write_pin(controls: Sequence[Control], values: Mapping[str, Any]) -> None:
    for control in controls:
        raws = control.url_values(values[control.key])
        st.query_params[pin_key(control.key)] = raws if len(raws) > 1 else raws[0]


def pin(controls: Sequence[Control]) -> None:
    """Button callback: pin the live view as A."""
    _write_pin(controls, {c.key: st.session_state.get(c.key, c.default) for c in controls})


def unpin() -> None:
    """Button callback: drop A and return to the single view."""
    for key in [key for key in st.query_params.keys() if key.startswith(PIN_PREFIX)]:  # noqa: SIM118
        del st.query_params[key]
    st.session_state.pop(_PINNED_VIEW_STATE, None)


def swap(controls: Sequence[Control]) -> None:
    """Button callback: the live view becomes the pinned A, and A's settings become the live ones."""
    pinned = pinned_values(controls)
    if pinned is None:
        return
    pin(controls)
    for control in controls:
        value = pinned[control.key]
        st.session_state[control.key] = list(value) if isinstance(value, tuple) else value


# --------------------------------------------------------------------------- A's view


def _in_link(value: Any) -> bool:
    """Whether a control's value is one the link can hold (not an uploaded dataset)."""
    return isinstance(value, str | Real | tuple | bool)


def _uses_upload(values: Mapping[str, Any]) -> bool:
    return not all(_in_link(value) for value in values.values())


def pinned_view(topic: ModuleType, values: Mapping[str, Any]) -> View:
    """A's view, kept for the session while A's values stay the same (an upload's is rebuilt)."""
    key = (topic.__name__, repr(sorted(values.items())))
    kept = st.session_state.get(_PINNED_VIEW_STATE)
    if kept is not None and kept[0] == key:
        return kept[1]
    view = view_of(topic, values)
    if not _uses_upload(values):
        st.session_state[_PINNED_VIEW_STATE] = (key, view)
    return view


def pinned_view_safely(topic: ModuleType, values: Mapping[str, Any]) -> View | str:
    """A's view, or one sentence saying why it cannot be shown."""
    try:
        return pinned_view(topic, values)
    except UserFacingError as problem:
        return f"The pinned view A cannot be shown: {problem}"
    except Exception:
        _LOG.exception("Could not compute the pinned view for %s", dict(values))
        return "The pinned view A could not be computed. Unpin it, or pin another view."


# --------------------------------------------------------------------------- what differs


def _as_number(value: Any) -> float | None:
    return float(value) if isinstance(value, Real) and not isinstance(value, bool) else None


def setting_changes(
    controls: Sequence[Control], a: Mapping[str, Any], b: Mapping[str, Any]
) -> tuple[SettingChange, ...]:
    """Each control whose value differs between A and B, in the words the page uses."""
    changes = []
    for control in controls:
        if control.url_values(a[control.key]) == control.url_values(_url_value(control, b)):
            continue
        changes.append(
            SettingChange(
                label=short_label(control.label).split(", ")[0],
                a=control.spoken(a[control.key], "your data"),
                b=control.spoken(b[control.key], "your data"),
                a_number=_as_number(a[control.key]),
                b_number=_as_number(b[control.key]),
                toggle=isinstance(control, Toggle),
            )
        )
    return tuple(changes)


def _url_value(control: Control, values: Mapping[str, Any]) -> Any:
    """B's value of ``control`` as the link holds it (an uploaded dataset is its picker's option)."""
    value = values[control.key]
    return value if _in_link(value) else st.session_state.get(control.key)


@dataclass(frozen=True)
class Comparison:
    """A against B: every key number slot by slot, the sentence, and A's main chart."""

    numbers: tuple[NumberChange, ...]
    sentence: str
    chart_a: Chart | None


def compare(
    controls: Sequence[Control],
    *,
    a_values: Mapping[str, Any],
    b_values: Mapping[str, Any],
    a_numbers: Sequence[KeyNumber],
    b_numbers: Sequence[KeyNumber],
    chart_a: Chart | None,
    headline: int,
) -> Comparison:
    """The comparison of A and B; the sentence speaks of the ``headline`` numbers."""
    numbers = compare_numbers(a_numbers, b_numbers)
    sentence = what_changed(setting_changes(controls, a_values, b_values), numbers[:headline])
    return Comparison(numbers, sentence, chart_a)


def main_chart(b: Chart | None, a: Chart | None) -> tuple[Chart | None, Chart | None]:
    """(the chart to draw as B, A's own chart or None): B with A overlaid, faded, when that reads
    true (``explorers.compare.overlaid``); else both, to flip between on two tabs."""
    if b is None or a is None:
        return b, None
    try:
        if overlaid(b.figure, a.figure):
            return Chart(overlay(b.figure, a.figure), b.height), None
        return b, Chart(copy.deepcopy(a.figure), a.height)
    except Exception:  # the comparison must never take the live chart down with it
        _LOG.exception("Could not draw A beside B")
        return b, None


# --------------------------------------------------------------------------- drawing

UNPIN_HELP = "Drop the pinned view A and go back to the single view."
PIN_HELP = (
    "Keep this view as A: move any control and every key number shows A, the live B and the change, "
    "and the main chart draws A faded under B. The link keeps both."
)


def pin_buttons(controls: Sequence[Control]) -> None:
    """*Pin as A* on a single view; *Unpin* and *Swap* while A is pinned."""
    if not is_pinned():
        st.button(
            "Pin as A", icon=":material/push_pin:", on_click=pin, args=(controls,), help=PIN_HELP, key="pin"
        )
        return
    st.button("Unpin", icon=":material/close:", on_click=unpin, key="unpin", help=UNPIN_HELP)
    st.button(
        "Swap",
        icon=":material/swap_horiz:",
        on_click=swap,
        args=(controls,),
        key="swap",
        help="The live view B becomes the pinned A, and A's settings become the live ones.",
    )


def _card_delta(change: NumberChange) -> tuple[str, str]:
    """(the card's delta text, its arrow: 'auto' follows the sign, 'off' for no direction)."""
    if change.change is not None:
        return f"{change.change.replace('−', '-')} · A {change.a}", "auto"
    if change.direction == "same":
        return "same as A", "off"
    return f"A: {change.a}", "off"


def show_compared_numbers(changes: Sequence[NumberChange], numbers: Sequence[KeyNumber]) -> None:
    """Each headline number as B's value, with A's and the change beneath it, in grey (the change
    is not judged good or bad)."""
    for column, change, number in zip(st.columns(len(numbers)), changes, numbers, strict=False):
        delta, arrow = _card_delta(change)
        help_text = f"A: {change.label_a} {change.a}. B: {change.label} {change.b}."
        with column:
            st.metric(
                number.label, number.value, delta=delta, delta_color="off", delta_arrow=arrow, help=help_text
            )


COMPARED_ROOM = 36  # px the stage chart gives up while A is pinned: its numbers carry a line more


def chart_legend(chart: Chart) -> None:
    """One line saying which drawing is A, when the chart has no legend to say it."""
    if chart.figure.layout.showlegend is False:
        st.caption("Faded, dashed: **A** (pinned) · solid: **B** (live)")


def comparison_table(changes: Sequence[NumberChange]) -> None:
    """Every key number, A against B, in one table."""
    rows = [
        {
            "Number": c.label,
            "A (pinned)": c.a,
            "B (live)": c.b,
            "Change": c.change or ("same" if c.direction == "same" else "—"),
        }
        for c in changes
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
