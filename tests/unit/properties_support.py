"""Shared pieces of the property tests: each page's own controls as hypothesis strategies, and the
checks every explorer result must pass (finite numbers, valid figures, sentences, typed errors).

The controls are read from the page files themselves (``SPEC``, with ``render_page`` switched off),
so a changed range, step or option list is fuzzed without editing the tests. Views are built as the
page builds them, each fit's result remembered across examples as the page's bounded cache keeps it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar
from unittest import mock

import numpy as np
import plotly.graph_objects as go
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from datasets.errors import UserFacingError
from explorers.view import Chart, Fit, KeyNumber, View
from ui.controls import Choice, Control, MultiChoice, Slider, Toggle
from ui.page import PageSpec
from ui.registry import PAGES_DIR
from ui.topic import params_of

R = TypeVar("R")

# Options that stand for more than a value (the user's own CSV needs an upload): never drawn.
NOT_DRAWN: frozenset[object] = frozenset({"upload"})
_BAD_WORD = re.compile(r"\b(nan|inf)\b|\{|\}", re.IGNORECASE)
REMEMBERED_FITS = 256  # results kept across examples, the least recently used dropped first
_REMEMBERED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


@cache
def page_spec(stem: str) -> PageSpec:
    """The ``SPEC`` of ``pages/<stem>.py``, read without drawing the page."""
    spec = importlib.util.spec_from_file_location(f"_spec_of_{stem}", PAGES_DIR / f"{stem}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with mock.patch("ui.page.render_page"):
        spec.loader.exec_module(module)
    return module.SPEC


def page_controls(stem: str) -> dict[str, Control]:
    """Every control of ``pages/<stem>.py`` by key, read from its SPEC without drawing the page."""
    return {control.key: control for control in page_spec(stem).controls}


def defaults(stem: str) -> dict[str, Any]:
    """Every control of ``pages/<stem>.py`` at its default, by key."""
    return {key: control.default for key, control in page_controls(stem).items()}


def options_of(control: Control) -> list[Any]:
    """The options a person can pick with the control alone."""
    assert isinstance(control, Choice | MultiChoice)
    return [option for option in control.options if option not in NOT_DRAWN]


def values_of(control: Control) -> st.SearchStrategy[Any]:
    """Any value the widget can hand to the page: the whole range (steps respected), ends first."""
    if isinstance(control, Toggle):
        return st.booleans()
    if isinstance(control, MultiChoice):
        options = options_of(control)
        picks = st.lists(st.sampled_from(options), min_size=control.min_selected, unique=True)
        return picks.map(tuple)
    if isinstance(control, Choice):
        return st.sampled_from(options_of(control))
    low, high, step = control.min_value, control.max_value, control.step  # type: ignore[attr-defined]
    ends = st.sampled_from([low, high])
    if control.is_int:  # type: ignore[attr-defined]
        return st.one_of(ends, st.integers(low, high))
    if isinstance(control, Slider):  # a slider only stops on its steps
        count = round((high - low) / step)
        return st.one_of(ends, st.integers(0, count).map(lambda i: round(low + i * step, 9)))
    return st.one_of(ends, st.floats(low, high, allow_nan=False))  # a number box takes any typed value


def controls(stem: str, keys: Iterable[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict of drawn values for the page's controls named ``keys``."""
    every = page_controls(stem)
    return st.fixed_dictionaries({key: values_of(every[key]) for key in keys})


def documented(call: Callable[..., R], *args: Any, **kwargs: Any) -> R | None:
    """``call(...)``, or None when it raises the documented UserFacingError (DatasetError is one),
    whose message must say something. Any other exception propagates and fails the test."""
    try:
        return call(*args, **kwargs)
    except UserFacingError as error:
        message = f"{type(error).__name__}: {error}"
    assert message.split(":", 1)[1].strip(), f"{message}: a documented error without a message"
    note(message[:80])
    return None


def note(what: str) -> None:
    """Count ``what`` in hypothesis's statistics (outside a hypothesis test there are none)."""
    with contextlib.suppress(InvalidArgument):
        event(what)


def assert_finite(value: Any, where: str = "result", allow_nan: Iterable[str] = ()) -> None:
    """Every number in ``value`` (dataclasses, mappings, sequences and arrays, recursively) is finite,
    except in fields named in ``allow_nan``."""
    allowed = frozenset(allow_nan)
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int | float | np.number):
        assert math.isfinite(value), f"{where} = {value!r}"
    elif isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            assert np.isfinite(value).all(), f"{where} has non-finite entries"
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            if field.name not in allowed:
                assert_finite(getattr(value, field.name), f"{where}.{field.name}", allowed)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            assert_finite(item, f"{where}[{key!r}]", allowed)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            assert_finite(item, f"{where}[{index}]", allowed)


def _numbers(values: Any) -> np.ndarray:
    """The numeric entries of a trace property (strings and None dropped)."""
    array = np.asarray(values, dtype=object).ravel()
    kept = [v for v in array if isinstance(v, int | float | np.number) and not isinstance(v, bool)]
    return np.asarray(kept, dtype=float)


def assert_valid_figure(figure: go.Figure, gaps_allowed: bool = False) -> dict[str, Any]:
    """The figure passes plotly's full validation and serialises; its coordinates hold no infinity
    (and no NaN unless ``gaps_allowed``: plotly draws NaN as a gap). Returns the validated dict."""
    as_dict = figure.to_dict()
    checked = go.Figure(as_dict)
    checked.to_json()
    for index, trace in enumerate(as_dict["data"]):
        for axis in ("x", "y", "z"):
            if trace.get(axis) is None:
                continue
            numbers = _numbers(trace[axis])
            assert not np.isinf(numbers).any(), f"trace {index} ({trace.get('name')}) {axis} has inf"
            if not gaps_allowed:
                assert not np.isnan(numbers).any(), f"trace {index} ({trace.get('name')}) {axis} has NaN"
    return as_dict


def assert_sentences(sentences: Any, *, at_least: int = 1) -> None:
    """A list of non-empty sentences, none showing 'nan', 'inf' or an unfilled {placeholder}."""
    assert isinstance(sentences, list), type(sentences)
    assert len(sentences) >= at_least
    for sentence in sentences:
        assert_text(sentence)


def assert_text(text: Any) -> None:
    """One non-empty piece of text for a person, with no formatting accident in it."""
    assert isinstance(text, str), type(text)
    assert text.strip()
    assert not _BAD_WORD.search(text), text


def assert_probabilities(values: Any, where: str = "probabilities") -> None:
    """Finite values in [0, 1]."""
    array = np.asarray(values, dtype=float)
    assert np.isfinite(array).all(), where
    assert ((array >= 0) & (array <= 1)).all(), f"{where} outside [0, 1]: {array.min()}..{array.max()}"


def remembered(fit: Fit) -> Any:
    """``fit.run()``, kept per function and exact arguments in a bounded least-recently-used store, as
    the page's cache keys it: examples sharing a fit run it once. An error (the documented
    UserFacingError included) is raised again each time, never kept."""
    key = (fit.func.__module__, fit.func.__qualname__, fit.args, tuple(sorted(fit.kwargs.items())))
    if key in _REMEMBERED:
        _REMEMBERED.move_to_end(key)
        return _REMEMBERED[key]
    result = _REMEMBERED[key] = fit.run()
    if len(_REMEMBERED) > REMEMBERED_FITS:
        _REMEMBERED.popitem(last=False)
    return result


def forget() -> None:
    """Drop every remembered fit result."""
    _REMEMBERED.clear()


def _view(topic: Any, params: Any) -> View:
    return topic.view(params, {key: remembered(fit) for key, fit in topic.fits(params).items()})


def built_view(topic: Any, values: Mapping[str, Any]) -> View | None:
    """The trade-off's view for ``values`` (drawn control values), built exactly as the page builds
    it (``Params`` from the values, every fit, then the view), each fit's result ``remembered``;
    None when it raises the documented UserFacingError."""
    return documented(_view, topic, params_of(topic.Params, values))


def check_built(topic: Any, values: dict[str, Any], check: Callable[[dict[str, Any], Any], None]) -> None:
    """Build the view for ``values``; unless it stopped at the documented error, ``check(values, view)``."""
    view = built_view(topic, values)
    note("documented error" if view is None else "checked")
    if view is not None:
        check(values, view)


def assert_view(view: View, *, at_least: int = 1, gaps_allowed: bool = False) -> None:
    """Every key number is text, every sentence and message reads well, and every figure the view
    holds (directly or in a ``Chart``) passes plotly's validation."""
    for number in view.numbers:
        assert isinstance(number, KeyNumber), type(number)
        assert_text(number.label)
        assert_text(number.value)
    assert_sentences(list(view.notice), at_least=at_least)
    for message in view.messages:
        assert_text(message.text)
    for field in fields(view):
        value = getattr(view, field.name)
        figure = value.figure if isinstance(value, Chart) else value
        if isinstance(figure, go.Figure):
            assert_valid_figure(figure, gaps_allowed=gaps_allowed)
