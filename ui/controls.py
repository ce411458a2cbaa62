"""Control specs: each knows its default, how to read its URL value, and how to draw itself.

Every control is bound to the URL with ``bind="query-params"``, so the widget key is the
query parameter name and a copied link reopens the same view.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st

BIND = "query-params"


class InvalidUrlValueError(ValueError):
    """A URL value that a control cannot accept; the message says what is allowed."""


@dataclass(frozen=True)
class AppliesWhen:
    """A control applies only while the control keyed ``key`` (drawn before it) holds one of
    ``values``; otherwise it is greyed out with ``reason``, one line, under it."""

    key: str
    values: frozenset[Any]
    reason: str

    def holds(self, current: Any) -> bool:
        """Whether the control applies when the other control's value is ``current``."""
        return current in self.values


@dataclass(frozen=True)
class DefaultWhen:
    """A control's default is ``value`` while the control keyed ``key`` (drawn before it) holds one of
    ``values``. When that other control moves into or out of ``values`` and this control still holds the
    default it had, it moves to the new default (a value the user picked is kept)."""

    key: str
    values: frozenset[Any]
    value: Any

    def default(self, current: Any, otherwise: Any) -> Any:
        """The default while the other control holds ``current``."""
        return self.value if current in self.values else otherwise


@dataclass(frozen=True)
class Control:
    """Base spec: one widget, one URL parameter; ``applies_when`` greys it out where it does not apply."""

    key: str
    label: str
    help: str | None = field(default=None, kw_only=True)
    applies_when: AppliesWhen | None = field(default=None, kw_only=True)
    default_when: DefaultWhen | None = field(default=None, kw_only=True)

    @property
    def default(self) -> Any:
        """The value a fresh page starts with."""
        raise NotImplementedError

    def parse(self, raw: str) -> Any:
        """The value a URL string stands for; raises InvalidUrlValueError when it stands for none."""
        raise NotImplementedError

    def to_url(self, value: Any) -> str:
        """The URL string Streamlit writes for ``value``."""
        raise NotImplementedError

    def parse_all(self, raws: Sequence[str]) -> Any:
        """The value the URL's values for this key stand for. A single-valued widget reads the
        last one of a repeated parameter, as Streamlit does."""
        return self.parse(raws[-1])

    def url_values(self, value: Any) -> list[str]:
        """Every URL value Streamlit writes for ``value``: one, unless the control is multi-valued."""
        return [self.to_url(value)]

    def not_applying(self) -> str | None:
        """Why the control does not apply to the other controls' current values (None when it does)."""
        rule = self.applies_when
        if rule is None or rule.holds(st.session_state.get(rule.key)):
            return None
        return rule.reason

    def follow_default(self) -> None:
        """Move to the other default when ``default_when``'s control changed and this one still holds
        the default it had (before the widget is drawn, so the widget and the link read the new value)."""
        rule = self.default_when
        if rule is None:
            return
        seen = f"_default_when_{self.key}"
        current = st.session_state.get(rule.key)
        before = st.session_state.get(seen, current)
        st.session_state[seen] = current
        old, new = rule.default(before, self.default), rule.default(current, self.default)
        if old != new and st.session_state.get(self.key, self.default) == old:
            st.session_state[self.key] = new

    def widget_default(self) -> Any:
        """The widget's own default: ``default_when``'s value while its control holds one of its
        values (so a link without this parameter opens at that default), else ``default``."""
        rule = self.default_when
        return self.default if rule is None else rule.default(st.session_state.get(rule.key), self.default)

    def render(self) -> Any:
        """Draw the widget (greyed out, with the reason, where it does not apply); return its value."""
        self.follow_default()
        reason = self.not_applying()
        value = self.draw(disabled=reason is not None)
        if reason is not None:
            st.caption(reason)
        return value

    def draw(self, *, disabled: bool = False) -> Any:
        """Draw the widget and return its current value."""
        raise NotImplementedError

    def describe(self) -> str:
        """What the control accepts, for notices."""
        raise NotImplementedError

    def shown(self, value: Any) -> str:
        """``value`` as the widget shows it."""
        return self.to_url(value)

    def spoken(self, value: Any, otherwise: str = "your own data (CSV)") -> str:
        """``value`` in words for a sentence or a notebook; ``otherwise`` for a value the control
        cannot name (an uploaded dataset in place of its picker's option)."""
        try:
            return self.shown(value)
        except (KeyError, TypeError, ValueError):
            return otherwise

    def summary(self, value: Any) -> str:
        """The control and its value in a few words, for a one-line summary of settings."""
        return f"{short_label(self.label)} {self.shown(value)}"


@dataclass(frozen=True)
class _Numeric(Control):
    """A bounded number; integer when every bound and the step are ints."""

    min_value: float
    max_value: float
    default_value: float
    step: float
    format: str | None = field(default=None, kw_only=True)

    @property
    def default(self) -> float:
        return self.default_value

    @property
    def is_int(self) -> bool:
        """Whether the control holds integers."""
        return all(
            isinstance(v, int) for v in (self.min_value, self.max_value, self.default_value, self.step)
        )

    def parse(self, raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise InvalidUrlValueError(f"expected a number {self.describe()}") from None
        if not math.isfinite(value) or not self.min_value <= value <= self.max_value:
            raise InvalidUrlValueError(f"expected a number {self.describe()}")
        if self.is_int:
            if not value.is_integer():
                raise InvalidUrlValueError(f"expected a whole number {self.describe()}")
            return int(value)
        return value

    def to_url(self, value: Any) -> str:
        return str(int(value)) if self.is_int else repr(float(value))

    def describe(self) -> str:
        return f"from {self.min_value:g} to {self.max_value:g}"

    def shown(self, value: Any) -> str:
        if self.format:
            return self.format % value
        return f"{value:,}" if self.is_int else f"{value:g}"

    def _widget_args(self, disabled: bool) -> dict[str, Any]:
        return {
            "disabled": disabled,
            "min_value": self.min_value,
            "max_value": self.max_value,
            "value": self.widget_default(),
            "step": self.step,
            "format": self.format,
            "key": self.key,
            "help": self.help,
            "bind": BIND,
        }


@dataclass(frozen=True)
class Slider(_Numeric):
    """A numeric slider."""

    def draw(self, *, disabled: bool = False) -> Any:
        return st.slider(self.label, **self._widget_args(disabled))


@dataclass(frozen=True)
class Number(_Numeric):
    """A numeric input box, for values typed rather than dragged (costs, seeds)."""

    def draw(self, *, disabled: bool = False) -> Any:
        return st.number_input(self.label, **self._widget_args(disabled))


ChoiceWidget = Literal["selectbox", "radio", "select_slider"]


@dataclass(frozen=True)
class Choice(Control):
    """One option out of several; the URL holds the option's label."""

    options: Mapping[Any, str]
    default_value: Any
    widget: ChoiceWidget = field(default="selectbox", kw_only=True)
    # Options that need more than a click (e.g. a file upload): never picked at random by tests.
    needs_input: tuple[Any, ...] = field(default=(), kw_only=True)

    @property
    def default(self) -> Any:
        return self.default_value

    def _label(self, option: Any) -> str:
        return self.options[option]

    def parse(self, raw: str) -> Any:
        for option, label in self.options.items():
            if raw == label:
                return option
        raise InvalidUrlValueError(self.describe())

    def to_url(self, value: Any) -> str:
        return self._label(value)

    def draw(self, *, disabled: bool = False) -> Any:
        widget: Callable[..., Any] = {
            "selectbox": st.selectbox,
            "radio": st.radio,
            "select_slider": st.select_slider,
        }[self.widget]
        options = list(self.options)
        common: dict[str, Any] = {
            "disabled": disabled,
            "format_func": self._label,
            "key": self.key,
            "help": self.help,
            "bind": BIND,
        }
        if self.widget == "select_slider":
            return widget(self.label, options=options, value=self.widget_default(), **common)
        index = options.index(self.widget_default())
        if self.widget == "radio":
            return widget(self.label, options=options, index=index, horizontal=True, **common)
        return widget(self.label, options=options, index=index, **common)

    def describe(self) -> str:
        return "one of " + ", ".join(f"'{label}'" for label in self.options.values())

    def summary(self, value: Any) -> str:
        """A radio or select box's option speaks for itself; a slider's needs its name."""
        shown = self._label(value)
        return f"{short_label(self.label)} {shown}" if self.widget == "select_slider" else shown


@dataclass(frozen=True)
class MultiChoice(Control):
    """Several options out of many, in the order picked; the URL repeats the parameter, once per
    picked option's label (``?k=A&k=B``), as Streamlit's bound multiselect writes it.

    The widget can always be emptied, and then writes ``?k=``; so the empty pick is a valid value by
    default (``min_selected=0``) and the page explains it, rather than the link check calling the
    widget's own value garbage."""

    options: Mapping[Any, str]
    default_value: tuple[Any, ...]
    min_selected: int = field(default=0, kw_only=True)

    @property
    def default(self) -> tuple[Any, ...]:
        return tuple(self.default_value)

    def _label(self, option: Any) -> str:
        return self.options[option]

    def parse(self, raw: str) -> tuple[Any, ...]:
        return self.parse_all([raw])

    def split_items(self, raws: Sequence[str]) -> tuple[list[str], list[str]]:
        """(the known labels, the unknown items) among ``raws``, in order; empty items are neither."""
        items = [raw for raw in raws if raw != ""]
        known = set(self.options.values())
        return [raw for raw in items if raw in known], [raw for raw in items if raw not in known]

    def parse_all(self, raws: Sequence[str]) -> tuple[Any, ...]:
        """Every item must be a known label; duplicates count once; ``?k=`` alone means none."""
        by_label = {label: option for option, label in self.options.items()}
        known, unknown = self.split_items(raws)
        if unknown:
            raise InvalidUrlValueError(self.describe())
        picked = tuple(dict.fromkeys(by_label[raw] for raw in known))
        if len(picked) < self.min_selected:
            raise InvalidUrlValueError(self.describe())
        return picked

    def to_url(self, value: Any) -> str:
        """The picked labels joined by commas, for reading (the URL itself holds ``url_values``)."""
        return ", ".join(self._label(option) for option in value)

    def url_values(self, value: Any) -> list[str]:
        """One label per picked option; an empty pick is the empty parameter ``?k=``."""
        return [self._label(option) for option in value] or [""]

    def draw(self, *, disabled: bool = False) -> tuple[Any, ...]:
        picked = st.multiselect(
            self.label,
            options=list(self.options),
            default=list(self.widget_default()),
            format_func=self._label,
            key=self.key,
            help=self.help,
            bind=BIND,
            disabled=disabled,
            wrap=True,  # every pick stays visible, also in a narrow column
        )
        return tuple(picked)

    def summary(self, value: Any) -> str:
        return f"{short_label(self.label)}: {self.to_url(value) or 'none'}"

    def describe(self) -> str:
        how_many = "any" if self.min_selected == 0 else f"{self.min_selected} or more"
        return f"{how_many} of " + ", ".join(f"'{label}'" for label in self.options.values())


@dataclass(frozen=True)
class Toggle(Control):
    """An on/off switch."""

    default_value: bool = False

    @property
    def default(self) -> bool:
        return self.default_value

    def parse(self, raw: str) -> bool:
        lowered = raw.strip().lower()
        if lowered in {"true", "1", "yes", "on"}:
            return True
        if lowered in {"false", "0", "no", "off"}:
            return False
        raise InvalidUrlValueError(self.describe())

    def to_url(self, value: Any) -> str:
        return "true" if value else "false"

    def draw(self, *, disabled: bool = False) -> bool:
        return st.toggle(
            self.label,
            value=self.widget_default(),
            key=self.key,
            help=self.help,
            bind=BIND,
            disabled=disabled,
        )

    def describe(self) -> str:
        return "true or false"

    def shown(self, value: Any) -> str:
        return "on" if value else "off"


def seed_control(default: int = 0) -> Number:
    """The random seed every page exposes, so a shared link reproduces the same data."""
    return Number(
        "seed",
        "Seed",
        0,
        9999,
        default,
        1,
        help="Random seed for the data, the split and the model. Same seed, same result.",
    )


@dataclass(frozen=True)
class ControlGroup:
    """Controls drawn together under one heading, e.g. those that retrain and those that do not."""

    title: str
    controls: tuple[Control, ...]
    caption: str | None = None
    columns: int = 4
    retrains: bool = False  # whether changing these fits a new model (the benchmark reports both kinds)
    short: str | None = None  # a one- or two-word name for the settings row; else the title before its colon

    @property
    def short_title(self) -> str:
        """The group's name on the settings row ("Model: changing these retrains" is "Model")."""
        return self.short or self.title.split(":", 1)[0]


def short_label(label: str) -> str:
    """A label without its parenthesised detail ("Cost of a false positive ($)" is "Cost of a
    false positive")."""
    return label.split(" (", 1)[0].strip()
