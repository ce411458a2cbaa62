"""Every trade-off page, generically: its topic has the kit's shape, its ``Params`` are its controls,
a control that only reads a result never changes what is trained, and the code stays small."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from explorers.interview import TopicText
from explorers.view import Chart, Fit, View
from tests.unit.properties_support import NOT_DRAWN, defaults, page_spec
from ui import page as kit
from ui.controls import Choice, Control, MultiChoice, Toggle
from ui.registry import ROOT, discover
from ui.topic import params_of

TRADE_OFFS = [entry.script.stem for entry in discover() if entry.section != "Start"]
PRODUCT_PACKAGES = ("pages", "ui", "explorers", "datasets")
MODULE_LINES = 700
PAGE_LINES = 150


def _other_values(control: Control) -> list[Any]:
    """A few values unlike the default: other options, the ends of a range, the other toggle state."""
    if isinstance(control, Toggle):
        return [not control.default]
    if isinstance(control, MultiChoice):
        options = [option for option in control.options if option not in NOT_DRAWN]
        return [tuple(options[: max(1, control.min_selected)]), tuple(options)]
    if isinstance(control, Choice):
        return [option for option in control.options if option not in NOT_DRAWN and option != control.default]
    return [value for value in (control.min_value, control.max_value) if value != control.default]  # type: ignore[attr-defined]


def _training(fits: dict[str, Fit]) -> dict[str, tuple[Any, ...]]:
    """What each fit that trains a model would compute: its function and arguments."""
    return {key: (fit.func, fit.args, dict(fit.kwargs)) for key, fit in fits.items() if fit.trains}


def test_there_are_trade_offs():
    assert len(TRADE_OFFS) >= 5


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_topic_has_the_kits_shape(stem: str):
    topic = page_spec(stem).topic
    assert isinstance(topic.TEXT, TopicText)
    assert dataclasses.is_dataclass(topic.Params)
    assert topic.Params.__dataclass_params__.frozen
    assert callable(topic.fits) and callable(topic.view)


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_params_are_exactly_the_pages_controls(stem: str):
    spec = page_spec(stem)
    assert {field.name for field in dataclasses.fields(spec.topic.Params)} == {c.key for c in spec.controls}


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_reading_controls_never_retrain(stem: str):
    spec = page_spec(stem)
    topic, values = spec.topic, defaults(stem)
    baseline = _training(topic.fits(params_of(topic.Params, values)))
    reading = [control for group in spec.groups if not group.retrains for control in group.controls]
    assert reading, "every trade-off has controls that only read a result"
    for control in reading:
        for value in _other_values(control):
            moved = _training(topic.fits(params_of(topic.Params, {**values, control.key: value})))
            assert moved == baseline, f"{control.key}={value!r} changed what is trained"


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_the_default_view_is_built_from_its_fits(stem: str):
    topic = page_spec(stem).topic
    params = params_of(topic.Params, defaults(stem))
    view = topic.view(params, {key: fit.run() for key, fit in topic.fits(params).items()})
    assert isinstance(view, View)
    assert view.numbers, "a view has headline numbers"
    assert view.notice, "a view has sentences to notice"
    stage = page_spec(stem).stage
    assert isinstance(getattr(view, stage.chart), Chart), "the stage's main chart is a view field"
    assert 3 <= len(getattr(view, stage.numbers)[: kit.HEADLINE]) <= 4, "three or four headline numbers"


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_the_stage_holds_controls_that_move_its_chart(stem: str):
    spec = page_spec(stem)
    assert 1 <= len(spec.stage.controls) <= 5, "a compact panel"
    assert len(set(spec.stage.controls)) == len(spec.stage.controls)


def _product_modules() -> list[Path]:
    return sorted(path for package in PRODUCT_PACKAGES for path in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _product_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_the_size_limit(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    limit = PAGE_LINES if path.parent.name == "pages" else MODULE_LINES
    assert lines <= limit, f"{lines} lines: split it by responsibility"
