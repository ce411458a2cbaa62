"""Retrieval page, every control over its whole range: the view the page draws (built as the page builds
it, each run measured once) is finite and well formed, its recall and funnel numbers agree with the run
and with the funnel's arithmetic, and building it fails only with the documented UserFacingError."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings

from explorers import retrieval as rx
from tests.unit import properties_support as props

STEM = "retrieval"
DEFAULTS = props.defaults(STEM)
# The heavy controls stay small here (a 200,000-item run takes seconds); test_truth_classes draws them all.
LIGHT = {"size": 10_000, "dim": 32}


def check_view(v: dict[str, Any], view: rx.RetrievalView) -> None:
    """Finite, in range, valid figures and sentences, and the funnel's sums."""
    props.assert_view(view, at_least=5)
    props.assert_finite(view.here)
    props.assert_finite(view.funnel)
    run = view.run
    props.assert_probabilities(run.index.recall, "recall")
    props.assert_probabilities(run.index.recall_shown, "recall of the shown")
    assert run.exact.recall.tolist() == [1.0]
    assert np.all(run.index.latency_ms > 0) and np.all(np.diff(run.index.build_seconds) >= 0)
    assert view.here.recall == run.index.recall[run.index.at(view.here.knob)]
    f, cost = view.funnel, view.cost
    assert f.total_ms == pytest.approx(view.here.latency_ms + cost.setup_ms + cost.per_candidate_ms * run.k)
    assert f.shown == min(v["shown"], v["k"])
    if f.largest_k is not None and f.largest_k > 0:
        assert view.here.latency_ms + float(cost.ms(f.largest_k)) <= f.budget_ms + 1e-9
        assert view.here.latency_ms + float(cost.ms(f.largest_k + 1)) > f.budget_ms
    assert view.baseline == pytest.approx(run.k / run.catalogue.size)
    if v["index"] == "exact":
        assert view.here.recall == 1.0 and view.here.latency_ms == view.exact.latency_ms
    if v["index"] == "ivf":
        assert run.index.recall[-1] == 1.0, "IVF probing every list is exact"


@settings(max_examples=12, deadline=None, derandomize=True)
@given(v=props.controls(STEM, list(DEFAULTS)).map(lambda v: {**v, **LIGHT}))
@example(v={**DEFAULTS, **LIGHT, "index": "hnsw", "ef_search": 512, "k": 1000, "shown": 50})
@example(v={**DEFAULTS, **LIGHT, "index": "ivfpq", "nlist": 1024, "nprobe": 1024, "pq_bytes": 16})
@example(
    v={**DEFAULTS, **LIGHT, "by_hand": True, "setup_ms": 1000.0, "per_candidate_us": 100_000.0, "budget": 5.0}
)
@example(v={**DEFAULTS, **LIGHT, "by_hand": True, "setup_ms": 0.0, "per_candidate_us": 0.0, "k": 10})
def test_every_control_gives_finite_valid_results(v):
    props.check_built(rx, v, check_view)


def test_hnsw_is_capped_with_a_message():
    view = props.built_view(rx, {**DEFAULTS, "index": "hnsw", "size": 200_000, "dim": 128})
    assert view is not None
    assert view.run.catalogue.size == 10_000
    assert any("HNSW is built over 10,000 items" in m.text for m in view.messages)


def test_reading_controls_read_the_same_run():
    base = props.built_view(rx, DEFAULTS)
    moved = props.built_view(rx, {**DEFAULTS, "nprobe": 64, "budget": 5.0, "shown": 50, "by_hand": True})
    assert base is not None and moved is not None
    assert moved.run is base.run
    assert moved.here.recall >= base.here.recall
