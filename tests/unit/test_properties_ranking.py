"""Ranking page, every control over its whole range: the view the page draws is finite and well
formed, its metrics lie in range, its table and cards agree with the reading, and building it fails
only with the documented UserFacingError."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import example, given, settings

from explorers import ranking as rx
from tests.unit import properties_support as props

STEM = "ranking"
DEFAULTS = props.defaults(STEM)
ALL = tuple(DEFAULTS)


def check_view(v: dict[str, Any], view: rx.RankingView) -> None:
    props.assert_view(view, at_least=5)
    r = view.reading
    props.assert_finite(r.sweep)
    props.assert_finite([r.ctr_observed, r.ctr_expected, r.ctr_if_seen])
    props.assert_probabilities(r.ctr_observed, "observed click-through")
    props.assert_probabilities(r.ctr_if_seen, "click-through if seen")
    assert r.k == min(v["k"], v["n_items"])
    assert (r.k_asked > r.k) == bool(view.messages)
    for key, row in r.table.items():
        for ranker, stat in row.items():
            if stat is None:
                assert r.source == "ips" and key in ("map", "mrr", "auc")
                continue
            props.assert_finite(stat)
            if r.source != "ips" or key == "recall":
                props.assert_probabilities(stat.mean, f"{key} of {ranker}")
            assert stat.sd >= 0 and 1 <= stat.draws <= rx.simulation.REPEATS
    for curve in r.k_curves.values():
        finite = curve[np.isfinite(curve)]
        assert ((finite >= -1e-12) & (finite <= 1 + 1e-12)).all()
    assert len(view.table.rows) == len(rx.METRICS)
    assert all(len(row) == len(view.table.columns) for row in view.table.rows)
    assert len(view.numbers) == 7
    assert r.largest_weight == v["n_items"] ** v["eta"]


@settings(max_examples=30, deadline=None, derandomize=True)
@given(v=props.controls(STEM, ALL))
@example(v={**DEFAULTS, "noise_a": 0.0, "noise_b": 0.0})
@example(v={**DEFAULTS, "noise_a": rx.MAX_NOISE, "noise_b": rx.MAX_NOISE, "n_items": rx.MIN_ITEMS, "k": 50})
@example(v={**DEFAULTS, "eta": 2.0, "clip": None, "labels": "ips", "n_items": rx.MAX_ITEMS, "k": 1})
@example(v={**DEFAULTS, "eta": 0.0, "labels": "clicks", "clip": 1.0})
def test_every_control_gives_finite_valid_results(v):
    props.check_built(rx, v, check_view)


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == {
        "eta", "labels", "clip", "k", "noise_a", "noise_b", "n_items", "seed"
    }  # fmt: skip


def test_options_are_the_explorers_tables():
    controls = props.page_controls(STEM)
    assert set(controls["labels"].options) == set(rx.SOURCES)
    assert tuple(controls["clip"].options) == rx.CLIP_GRID
