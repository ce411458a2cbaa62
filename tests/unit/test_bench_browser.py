"""The browser benchmark's pure parts: which controls it times, which way it walks them, and its
summaries as multiples of the floor. No browser runs here."""

from __future__ import annotations

import math
import types
from urllib.parse import parse_qs

import pytest

from bench.browser import (
    ControlResult,
    choose_controls,
    first_direction,
    popover_index,
    share_query,
    target_met,
    widget_kind,
    x_floor,
)
from bench.run import Timings
from tests.unit.properties_support import page_spec
from tests.unit.test_topics import TRADE_OFFS
from ui.controls import AppliesWhen, Choice, ControlGroup, MultiChoice, Number, Slider, Toggle
from ui.page import PageSpec, Stage

MODEL = Choice("model", "Model", {"a": "A", "b": "B"}, "a", widget="radio")
SIZE = Slider("size", "Size", 100, 1000, 900, 100)
DEPTH = Slider("depth", "Depth", 1, 10, 5, 1, applies_when=AppliesWhen("model", frozenset({"b"}), "B only"))
SOURCE = Choice("source", "Data", {"moons": "Moons", "upload": "Your data"}, "moons", needs_input=("upload",))
SEED = Number("seed", "Seed", 0, 9999, 0, 1)
LEVEL = Choice("level", "Level", {1: "low", 2: "mid", 3: "high"}, 3, widget="select_slider")
COST = Number("cost", "Cost", 0.0, 10.0, 1.0, 0.5)
SHOW = Toggle("show", "Show")
SPEC = PageSpec(
    title="Made up",
    topic=types.ModuleType("made_up"),
    groups=(
        ControlGroup("Model", (SOURCE, MODEL, DEPTH, SIZE, SEED), retrains=True),
        ControlGroup("Reading", (COST, SHOW, LEVEL)),
    ),
    stage=Stage(("model", "level", "show"), chart="chart"),
)


def test_reading_prefers_the_stage_and_retraining_prefers_many_values():
    chosen = choose_controls(SPEC)
    assert chosen["reading"] is LEVEL  # on the stage, and a slider before the stage's toggle
    # SIZE and SEED have many values; the stage's radio has two; DEPTH does not apply at the
    # defaults; SOURCE's other option needs an upload.
    assert chosen["retraining"] is SIZE


def test_a_page_without_retraining_controls_gets_a_reading_control_only():
    spec = PageSpec(
        "Reading only", types.ModuleType("r"), (ControlGroup("R", (COST,)),), Stage(("cost",), "c")
    )
    assert choose_controls(spec) == {"reading": COST}


def test_widget_kinds_and_popovers():
    kinds = [widget_kind(c) for c in (MODEL, SIZE, SOURCE, SEED, LEVEL, SHOW)]
    assert kinds == ["radio", "slider", "select", "number", "slider", "toggle"]
    assert widget_kind(MultiChoice("many", "Many", {"x": "X"}, ())) == "multiselect"
    assert popover_index(SPEC, SIZE) == 0
    assert popover_index(SPEC, COST) == 1
    assert popover_index(SPEC, LEVEL) is None


def test_walks_head_for_the_end_with_more_room():
    assert first_direction(SIZE) == -1  # 900 of 100..1000
    assert first_direction(SEED) == 1
    assert first_direction(COST) == 1
    assert first_direction(LEVEL) == -1  # the last option
    assert first_direction(SHOW) == 1


def test_share_query_spells_out_every_default():
    query = parse_qs(share_query(SPEC))
    assert query["size"] == ["900"] and query["model"] == ["A"] and query["show"] == ["false"]
    assert set(query) == {control.key for control in SPEC.controls}


def test_summaries_are_multiples_of_the_floor():
    floor = Timings.of([100.0, 100.0, 120.0])
    result = ControlResult(
        "page", "reading", "cost", "number", drawn_ms=[250.0, 200.0, 300.0], run_ms=[50.0] * 3
    )
    summary = result.summary(floor)
    assert summary["drawn"]["p50"] == 250.0 and summary["run"]["p50"] == 50.0
    assert summary["p50_x_floor"] == pytest.approx(2.5)
    assert summary["p95_x_floor"] == pytest.approx(300 / 120)
    assert target_met("reading", 2.5) and not target_met("reading", 2.6)
    assert target_met("retraining", 4.9)
    assert x_floor(100.0, 50.0) == 2.0
    assert math.isnan(x_floor(100.0, 0.0))


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_every_page_gets_a_control_of_each_kind_it_has(stem: str):
    spec = page_spec(stem)
    chosen = choose_controls(spec)
    for kind, retrains in (("reading", False), ("retraining", True)):
        has_kind = any(group.retrains == retrains for group in spec.groups)
        assert (kind in chosen) == has_kind
        if kind in chosen:
            group = next(g for g in spec.groups if chosen[kind] in g.controls)
            assert group.retrains == retrains
