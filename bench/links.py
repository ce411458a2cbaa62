"""Links that open a page in a given state, for screenshots, the browser benchmark and browser tests:
a comparison (every control pinned at its default as A, one stage control moved for B)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ui.compare import PIN_PREFIX
from ui.controls import Choice, Control, MultiChoice, Toggle, _Numeric
from ui.page import PageSpec

NOT_PICKED = ("upload",)  # options that need more than a click


def other_value(control: Control) -> Any:
    """A value of ``control`` unlike its default: the next option, the other state, the far end."""
    if isinstance(control, Toggle):
        return not control.default
    if isinstance(control, MultiChoice):
        options = [option for option in control.options if option not in NOT_PICKED]
        return tuple(options) if tuple(options) != control.default else tuple(options[:1])
    if isinstance(control, Choice):
        options = [option for option in control.options if option not in NOT_PICKED]
        return options[(options.index(control.default) + 1) % len(options)]
    assert isinstance(control, _Numeric)
    room_up = control.max_value - control.default
    return control.max_value if room_up > control.default - control.min_value else control.min_value


def pinned_defaults(spec: PageSpec) -> dict[str, list[str]]:
    """Every control pinned at its default as A (the link's ``pin.`` parameters)."""
    return {PIN_PREFIX + control.key: control.url_values(control.default) for control in spec.controls}


def comparison_query(spec: PageSpec, moved: str | None = None) -> str:
    """Every control pinned at its default as A, and B with the stage's first control (or ``moved``)
    at another value."""
    by_key = {control.key: control for control in spec.controls}
    key = moved or spec.stage.controls[0]
    query = pinned_defaults(spec)
    query[key] = by_key[key].url_values(other_value(by_key[key]))
    return urlencode(query, doseq=True)
