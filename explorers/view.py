"""The shape of every trade-off's result: one frozen view, computed once, then rendered.

An explorer exposes, per trade-off (scikit-learn's Display pattern: compute, then draw):

- ``Params``: a frozen dataclass whose fields are the page's control keys;
- ``fits(params) -> dict[str, Fit]``: the expensive, cacheable work the view needs, as data
  (a pure function and its arguments); nothing else in the view may train;
- ``view(params, fitted) -> <Topic>View``: pure and cheap; ``fitted`` maps each key of
  ``fits(params)`` to its function's result.

The page runs the fits through the bounded cache (``ui.topic``) and renders the view; the tests
run the very same two functions (``build`` below, or a build that keeps fits as the cache does).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

Tone = Literal["info", "warning"]
DeltaColour = Literal["normal", "inverse", "off"]
CacheKind = Literal["model", "data"]
Fitted = Mapping[str, Any]  # each key of ``fits(params)`` -> its function's result


@dataclass(frozen=True)
class KeyNumber:
    """One headline number, shown as a metric card; its value is already formatted."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: DeltaColour = "normal"
    delta_description: str | None = None


@dataclass(frozen=True)
class Message:
    """A short notice about the live result (too little data, a fallback taken, ...)."""

    text: str
    tone: Tone = "info"


@dataclass(frozen=True)
class Table:
    """A table of formatted cells; ``emphasis`` marks cells to stress ("best"), ``muted`` rows to
    shade (e.g. a leaky run shown for contrast). The UI decides how stress and shade look."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    emphasis: tuple[tuple[bool, ...], ...] = ()
    muted: tuple[bool, ...] = ()

    def is_emphasised(self, row: int, column: int) -> bool:
        """Whether cell (``row``, ``column``) is stressed."""
        return bool(self.emphasis) and self.emphasis[row][column]

    def is_muted(self, row: int) -> bool:
        """Whether row ``row`` is shaded."""
        return bool(self.muted) and self.muted[row]


@dataclass(frozen=True)
class Chart:
    """A figure with the height (px) it is drawn at on a normal screen."""

    figure: go.Figure
    height: int = 380


@dataclass(frozen=True, kw_only=True)
class View:
    """What every trade-off's view holds; each topic subclasses it with its charts and tables."""

    numbers: tuple[KeyNumber, ...] = ()
    notice: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Fit:
    """One piece of expensive work, as data: ``func(*args)``, cached by the UI per exact arguments.

    ``label`` says what is being fitted (for progress); ``cache`` picks a shared read-only result
    ("model", the default) or a copied one ("data"); ``trains`` is False for work that fits no model
    (a simulation), which a control that only reads a result may rerun; ``entries`` bounds how many
    results of ``func`` the cache keeps, below the kit's default, for results of several MB.
    """

    func: Callable[..., Any]
    args: tuple[Any, ...]
    label: str = ""
    cache: CacheKind = "model"
    trains: bool = True
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    entries: int | None = None

    def run(self) -> Any:
        """Do the work, uncached."""
        return self.func(*self.args, **self.kwargs)


P = TypeVar("P")
V = TypeVar("V", bound=View)


def build(fits: Callable[[P], dict[str, Fit]], view: Callable[[P, Fitted], V], params: P) -> V:
    """``view(params, results of fits(params))``, uncached: the page's build without its cache."""
    return view(params, {key: fit.run() for key, fit in fits(params).items()})
