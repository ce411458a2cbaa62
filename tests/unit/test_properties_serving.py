"""Batch vs real-time serving page, every control over its whole range: the page's calls give finite,
well-formed results (an overloaded mode's growing percentiles included, shown as unbounded), and fail
only with the documented UserFacingError. The queueing simulators themselves are checked against
closed forms in test_queueing.py; here the page's summaries are checked against the raw traces."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from hypothesis import event, example, given, settings

from explorers import queueing
from explorers import serving as sx
from tests.unit.properties_support import (
    assert_finite,
    assert_probabilities,
    assert_sentences,
    assert_text,
    assert_valid_figure,
    controls,
    documented,
    page_controls,
)

STEM = "serving"
MODEL = ("model", "trees")
BY_HAND = ("by_hand", "setup_ms", "per_row_ms")
TRAFFIC = ("rate", "pattern", "requests", "seed")
REALTIME = ("replicas", "batch_replicas", "max_batch", "max_wait")
BATCH = ("users", "every", "active", "new_users", "lookup_ms")
READING = ("sla", "price")
ALL = (*MODEL, *BY_HAND, *TRAFFIC, *REALTIME, *BATCH, *READING)
DEFAULTS = {key: control.default for key, control in page_controls(STEM).items()}


@lru_cache(maxsize=16)
def measured(model: str, trees: int) -> sx.ServiceTiming:
    """The page's cached measurement (logistic regression ignores ``trees``, so it is timed once)."""
    return sx.measure_service_time(model, sx.TREE_COUNTS[0] if model == "logreg" else trees)


def draw_page(v: dict) -> dict:
    """Every explorer call of the page's ``draw``, in order, with the page's arguments."""
    timing = measured(v["model"], v["trees"])
    cost = sx.ServiceCost(v["setup_ms"], v["per_row_ms"], "set by hand") if v["by_hand"] else timing.fit
    traffic = {
        "pattern": v["pattern"],
        "rate": float(v["rate"]),
        "n_requests": v["requests"],
        "seed": v["seed"],
    }
    common = {**traffic, "setup_ms": cost.setup_ms, "per_row_ms": cost.per_row_ms}
    one = sx.simulate_one_per_call(**common, replicas=v["replicas"])
    batched = sx.simulate_dynamic_batching(
        **common, replicas=v["batch_replicas"], max_batch=v["max_batch"], max_wait_ms=v["max_wait"]
    )
    batch = sx.offline_batch(
        **common,
        users=v["users"],
        every_hours=v["every"],
        active_fraction=v["active"] / 100,
        lookup_ms=v["lookup_ms"],
        new_users_per_day=v["new_users"] / 100,
    )
    sla, price = v["sla"], v["price"]
    modes = [
        (sx.MODE_NAMES[0], sx.realtime_readings(one, sla, price)),
        (sx.MODE_NAMES[1], sx.realtime_readings(batched, sla, price)),
        (sx.MODE_NAMES[2], sx.batch_readings(batch, sla, traffic["rate"], price)),
    ]
    curves = [
        sx.CurveSpec(r.name, r.quantiles, r.p99, r.overloaded, colour)
        for r, colour in zip((one, batched), sx.MODE_COLOURS, strict=False)
    ]
    curves.append(sx.CurveSpec(sx.MODE_NAMES[2], batch.quantiles, batch.p99, False, sx.MODE_COLOURS[2]))
    return {
        "timing": timing,
        "cost": cost,
        "one": one,
        "batched": batched,
        "batch": batch,
        "warnings": sx.overload_warnings(one, batched, traffic["rate"], batch),
        "modes": modes,
        "table": sx.comparison_table(modes),
        "figures": [
            sx.latency_cdf_figure(curves, sla),
            sx.queue_figure([one, batched]),
            sx.staleness_figure(batch),
            sx.timing_figure(timing, cost),
        ],
        "notes": sx.what_to_notice(
            cost=cost,
            one=one,
            batched=batched,
            batch=batch,
            pattern=traffic["pattern"],
            seed=traffic["seed"],
            rate=traffic["rate"],
            max_batch=v["max_batch"],
            max_wait_ms=v["max_wait"],
            sla_ms=sla,
            price=price,
        ),
    }


def check_mode(result: sx.ModeResult, v: dict, cost: sx.ServiceCost, replicas: int, batch: int) -> None:
    """A real-time mode's summary is finite and what the trace and the cost line say."""
    assert_finite(result)
    assert result.n_requests == v["requests"] and result.replicas == replicas
    assert result.capacity == pytest.approx(replicas * batch / float(cost.call_ms(batch)) * 1000.0, rel=1e-12)
    assert result.load == pytest.approx(v["rate"] / result.capacity, rel=1e-12)
    assert result.overloaded == (result.load >= 1.0)
    assert 0 <= result.p50 <= result.p95 <= result.p99 <= result.quantiles[-1]
    assert (np.diff(result.quantiles) >= -1e-9).all()
    assert result.quantiles.shape == sx.QUANTILE_LEVELS.shape
    assert result.quantiles[0] >= float(cost.call_ms(1)) - 1e-6  # no request is faster than one call
    assert_probabilities(result.exceed, "SLA violation shares")
    assert (np.diff(result.exceed) <= 1e-12).all(), "a looser SLA is missed by fewer requests"
    assert_probabilities(result.utilisation, "utilisation")
    assert 1.0 <= result.mean_batch <= batch
    assert result.throughput >= 0 and result.backlog_growth >= 0
    assert (result.in_system >= 0).all() and (result.arrival_rate >= 0).all()
    assert result.queue_times.shape == result.in_system.shape == result.arrival_rate.shape


def check_result(v: dict, out: dict) -> None:
    cost = out["cost"]
    assert_finite(out["timing"])
    assert (out["timing"].median_ms > 0).all()
    check_mode(out["one"], v, cost, v["replicas"], 1)
    check_mode(out["batched"], v, cost, v["batch_replicas"], v["max_batch"])
    batch = out["batch"]
    assert_finite(batch)
    assert batch.staleness_counts.sum() == v["requests"], "every request is in the staleness histogram"
    assert 0 <= batch.staleness_p50 <= batch.staleness_p95 <= batch.staleness_edges[-1]
    assert_probabilities([batch.fallback_share, batch.wasted_share], "batch shares")
    assert_probabilities(batch.exceed, "lookup SLA shares")
    assert batch.p50 == pytest.approx(v["lookup_ms"], rel=1e-9)
    assert batch.predictions_per_day == pytest.approx(v["users"] * 24.0 / v["every"], rel=1e-12)
    for price_of in (
        sx.realtime_cost_per_million(out["one"], v["price"]),
        sx.realtime_cost_per_million(out["batched"], v["price"]),
        sx.batch_cost_per_million(batch, float(v["rate"]), v["price"]),
    ):
        assert np.isfinite(price_of) and price_of >= 0
    for _, readings in out["modes"]:
        for reading in readings:
            assert_text(reading.label)
            assert reading.value.strip() and "nan" not in reading.value.lower()
            if reading.help is not None:
                assert_text(reading.help)
    rows, columns = out["table"]
    assert len(columns) == 3 and all(len(column) == len(rows) for column in columns)
    for warning in out["warnings"]:
        assert_text(warning)
    assert len(out["warnings"]) == out["one"].overloaded + out["batched"].overloaded + batch.run_overlaps
    for figure in out["figures"]:
        assert_valid_figure(figure)
    assert_sentences(out["notes"], at_least=4)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(v=controls(STEM, ALL))
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
    out = documented(draw_page, v)
    event("documented error" if out is None else "checked")
    if out is not None:
        check_result(v, out)


def test_defaults_run_without_an_error():
    check_result(DEFAULTS, draw_page(DEFAULTS))


def test_every_page_control_is_drawn():
    assert set(page_controls(STEM)) == set(ALL)


def test_pattern_options_are_the_simulators():
    assert set(page_controls(STEM)["pattern"].options) == set(queueing.PATTERNS)
