"""Batch vs real-time serving page, every control over its whole range: the page's view (built as the
page builds it) is finite and well-formed (an overloaded mode's growing percentiles included, shown as
unbounded), and building it fails only with the documented UserFacingError. The queueing simulators
themselves are checked against closed forms in test_queueing.py; here the page's summaries are checked
against the raw traces."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings

from explorers import queueing
from explorers import serving as sx
from explorers.serving.realtime import QUANTILE_LEVELS
from tests.unit import properties_support as props

STEM = "serving"
MODEL = ("model", "trees")
BY_HAND = ("by_hand", "setup_ms", "per_row_ms")
TRAFFIC = ("rate", "pattern", "requests", "seed")
REALTIME = ("replicas", "batch_replicas", "max_batch", "max_wait")
BATCH = ("users", "every", "active", "new_users", "lookup_ms")
READING = ("sla", "price")
ALL = (*MODEL, *BY_HAND, *TRAFFIC, *REALTIME, *BATCH, *READING)
DEFAULTS = props.defaults(STEM)


def check_mode(result: sx.ModeResult, v: dict, cost: sx.ServiceCost, replicas: int, batch: int) -> None:
    """A real-time mode's summary is finite and what the trace and the cost line say."""
    props.assert_finite(result)
    assert result.n_requests == v["requests"] and result.replicas == replicas
    assert result.capacity == pytest.approx(replicas * batch / float(cost.call_ms(batch)) * 1000.0, rel=1e-12)
    assert result.load == pytest.approx(v["rate"] / result.capacity, rel=1e-12)
    assert result.overloaded == (result.load >= 1.0)
    assert 0 <= result.p50 <= result.p95 <= result.p99 <= result.quantiles[-1]
    assert (np.diff(result.quantiles) >= -1e-9).all()
    assert result.quantiles.shape == QUANTILE_LEVELS.shape
    assert result.quantiles[0] >= float(cost.call_ms(1)) - 1e-6  # no request is faster than one call
    props.assert_probabilities(result.exceed, "SLA violation shares")
    assert (np.diff(result.exceed) <= 1e-12).all(), "a looser SLA is missed by fewer requests"
    props.assert_probabilities(result.utilisation, "utilisation")
    assert 1.0 <= result.mean_batch <= batch
    assert result.throughput >= 0 and result.backlog_growth >= 0
    assert (result.in_system >= 0).all() and (result.arrival_rate >= 0).all()
    assert result.queue_times.shape == result.in_system.shape == result.arrival_rate.shape


def check_result(v: dict, view: sx.ServingView) -> None:
    props.assert_view(view, at_least=4)
    cost = view.cost
    props.assert_finite(view.timing)
    assert (view.timing.median_ms > 0).all()
    check_mode(view.one, v, cost, v["replicas"], 1)
    check_mode(view.batched, v, cost, v["batch_replicas"], v["max_batch"])
    batch = view.batch
    if batch.keeps_up:
        props.assert_finite(batch)
        assert batch.staleness_counts.sum() == v["requests"], "every request is in the staleness histogram"
        assert 0 <= batch.staleness_p50 <= batch.staleness_p95 <= batch.staleness_edges[-1]
        assert batch.predictions_per_day == pytest.approx(v["users"] * 24.0 / v["every"], rel=1e-12)
    else:  # the runs queue: the age of what is served grows without bound, the job runs all day
        props.assert_finite(batch, allow_nan=("staleness_p50", "staleness_p95"))
        assert batch.staleness_p50 == batch.staleness_p95 == np.inf
        assert batch.staleness_counts.sum() == 0
        assert batch.core_hours_per_day == pytest.approx(sx.BATCH_JOB_CORES * 24.0, rel=1e-9)
        cards = {n.label: n.value for n in view.cards[-1].numbers}
        assert cards["Staleness"] == "∞ ↑"
        assert any("cannot keep up" in sentence for sentence in view.notice)
    props.assert_probabilities([batch.fallback_share, batch.wasted_share], "batch shares")
    props.assert_probabilities(batch.exceed, "lookup SLA shares")
    assert batch.p50 == pytest.approx(v["lookup_ms"], rel=1e-9)
    for price_of in (
        sx.realtime_cost_per_million(view.one, v["price"]),
        sx.realtime_cost_per_million(view.batched, v["price"]),
        sx.batch_cost_per_million(batch, float(v["rate"]), v["price"]),
    ):
        assert np.isfinite(price_of) and price_of >= 0
    assert [o.dollars_per_million for o in view.outcomes.values()] == [
        sx.realtime_cost_per_million(view.one, v["price"]),
        sx.realtime_cost_per_million(view.batched, v["price"]),
        sx.batch_cost_per_million(batch, float(v["rate"]), v["price"]),
    ]
    for number in view.numbers:
        assert "nan" not in number.value.lower()
        if number.help is not None:
            props.assert_text(number.help)
    table = view.table
    assert len(table.columns) == 4 and all(len(row) == len(table.columns) for row in table.rows)
    for row in table.rows:
        for cell in row:
            assert cell.strip() and "nan" not in cell.lower()
    for message in view.messages:
        assert message.tone == "warning"
    assert len(view.messages) == view.one.overloaded + view.batched.overloaded + batch.run_overlaps


@settings(max_examples=25, deadline=None, derandomize=True)
@given(v=props.controls(STEM, ALL))
@example(v={**DEFAULTS, "by_hand": True, "setup_ms": 0.0, "per_row_ms": 0.0})  # documented: both 0
@example(v={**DEFAULTS, "by_hand": True, "setup_ms": 0.0, "per_row_ms": 0.01, "rate": 50_000})
@example(
    v={
        **DEFAULTS,
        "by_hand": True,
        "setup_ms": 10_000.0,
        "per_row_ms": 1_000.0,
        "rate": 50_000,
        "requests": 100_000,
        "pattern": "bursty",
        "max_batch": 256,
        "max_wait": 50.0,
        "users": 1_000_000_000,
        "every": 1.0,
        "active": 1,
        "new_users": 10.0,
        "lookup_ms": 100.0,
        "sla": 5000,
        "price": 10.0,
    }
)
@example(
    v={
        **DEFAULTS,
        "model": "forest",
        "trees": 300,
        "rate": 10,
        "pattern": "diurnal",
        "replicas": 32,
        "batch_replicas": 32,
        "max_batch": 1,
        "max_wait": 0.0,
        "users": 10_000,
        "every": 168.0,
        "active": 100,
        "new_users": 0.0,
        "lookup_ms": 0.1,
        "sla": 1,
        "price": 0.001,
    }
)
def test_every_control_gives_finite_valid_results(v):
    props.check_built(sx, v, check_result)


def test_defaults_run_without_an_error():
    view = props.built_view(sx, DEFAULTS)
    assert view is not None
    check_result(DEFAULTS, view)


def test_every_page_control_is_drawn():
    assert set(props.page_controls(STEM)) == set(ALL)


def test_pattern_options_are_the_simulators():
    assert set(props.page_controls(STEM)["pattern"].options) == set(queueing.PATTERNS)
