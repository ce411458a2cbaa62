"""The serving page through AppTest: every control changes the result, reading controls never
re-simulate, the link round-trips, and overload is a warning rather than an exception or silent
huge numbers."""

from __future__ import annotations

from collections import Counter

import pytest
import streamlit as st

from explorers import formatting, queueing
from explorers import serving as sx
from explorers.serving import topic as serving_topic
from explorers.serving.realtime import simulate_one_per_call
from tests.apptest import (
    chart_specs,
    link_query,
    open_healthy,
    open_page,
    page_controls,
    rerun_with,
    table_cells,
    widget,
)
from ui import page as kit

BY_HAND = {"by_hand": "true", "setup_ms": "1.0", "per_row_ms": "0.01"}  # capacity 990 req/s a replica
MODE_NAMES = [mode.name for mode in sx.MODES]

# A new value for every control: these matter at the page's defaults, ...
AT_DEFAULTS = {"model": "logreg", "trees": 30, "by_hand": True}
# ... and these under BY_HAND (a service time the traffic can load), grouped as the page groups them.
BY_HAND_TIME = {"setup_ms": 5.0, "per_row_ms": 0.2}
TRAFFIC = {"rate": 700, "pattern": "bursty", "requests": 100_000, "seed": 5}
REAL_TIME = {"replicas": 2, "batch_replicas": 3, "max_batch": 8, "max_wait": 5.0}
PRECOMPUTE = {"users": 10_000_000, "every": 6.0, "active": 50, "new_users": 3.0, "lookup_ms": 5.0}
READING = {"sla": 2, "price": 0.1}
CHANGES: list[tuple[str, object, dict[str, str]]] = [
    *((key, value, {}) for key, value in AT_DEFAULTS.items()),
    *(
        (key, value, BY_HAND)
        for group in (BY_HAND_TIME, TRAFFIC, REAL_TIME, PRECOMPUTE, READING)
        for key, value in group.items()
    ),
]


def _numbers(at) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.proto.help) for m in at.metric]


def _notes(at) -> str:
    return " ".join(md.value for md in at.markdown if md.value.startswith("- "))


def _table(at) -> dict[str, dict[str, str]]:
    """The comparison table: {mode: {row label: value}} (its first column holds the row labels)."""
    frame = table_cells(at)
    return frame.set_index(frame.columns[0]).to_dict()


def _result(at) -> tuple:
    return _numbers(at), _table(at), _notes(at), [w.value for w in at.warning], chart_specs(at)


def test_every_control_is_covered():
    keys = {control.key for control in page_controls(open_page("serving"))}
    assert keys == {key for key, _, _ in CHANGES}


@pytest.mark.parametrize(("key", "value", "params"), CHANGES, ids=[key for key, _, _ in CHANGES])
def test_every_control_changes_the_result(key: str, value: object, params: dict[str, str]):
    at = open_healthy("serving", params)
    before = _result(at)
    rerun_with(at, key, value)
    assert widget(at, key).value == value
    assert _result(at) != before, f"changing {key} changed nothing"


def test_default_view_shows_every_mode_and_chart():
    at = open_healthy("serving")
    labels = [m.label for m in at.metric]
    assert labels.count("p99") == 3
    assert labels.count("$ per million") == 3
    assert {"Utilisation", "Staleness", "Over 10 ms SLA"} <= set(labels)
    table = _table(at)
    assert list(table) == MODE_NAMES
    rows = set(table[MODE_NAMES[2]])
    assert {"p50", "p95", "Throughput", "Utilisation", "Staleness", "Wasted work", "Cold-start"} <= rows
    assert table[MODE_NAMES[0]]["Staleness"] == "0 s"
    assert table[MODE_NAMES[2]]["Utilisation"] == "—"
    assert len(chart_specs(at)) == 4
    assert "What to notice" in [h.value for h in at.subheader]


def test_numbers_match_the_explorer_for_the_same_settings():
    at = open_healthy("serving", {**BY_HAND, "rate": "700", "replicas": "2", "sla": "2 ms"})
    one = simulate_one_per_call(
        sx.Traffic(pattern="poisson", rate=700.0, n_requests=50_000, seed=0),
        sx.ServiceCost(setup_ms=1.0, per_row_ms=0.01, source="set by hand"),
        2,
    )
    shown = [(label, value) for label, value, _ in _numbers(at)]
    assert shown[0] == (f"{MODE_NAMES[0]}: p99", formatting.duration_ms(one.p99))  # the stage's first
    numbers = shown[kit.HEADLINE :]  # then every mode's cards
    assert numbers[0] == ("p99", formatting.duration_ms(one.p99))
    assert numbers[1] == ("Over 2 ms SLA", formatting.share(one.sla_violation(2)))
    assert numbers[3] == ("$ per million", formatting.money(sx.realtime_cost_per_million(one, 0.05)))
    column = _table(at)[MODE_NAMES[0]]
    assert column["p50"] == formatting.duration_ms(one.p50)
    assert column["Throughput"] == formatting.rate(one.throughput)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count simulations and model measurements, starting from empty result caches. The simulators are
    counted in ``queueing``, where the simulations look them up; the measurement where ``fits`` names
    its function (``explorers.serving.topic``)."""
    st.cache_data.clear()
    counts: Counter = Counter()
    for module, name in (
        (queueing, "fifo_departures"),
        (queueing, "dynamic_batching"),
        (queueing, "arrival_times"),
    ):
        original = getattr(module, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    original_measure = serving_topic.measured

    def counting_measure(*args, **kwargs):
        counts["measure"] += 1
        return original_measure(*args, **kwargs)

    monkeypatch.setattr(serving_topic, "measured", counting_measure)
    return counts


@pytest.mark.parametrize(("key", "value"), [("sla", 100), ("price", 0.2)])
def test_reading_controls_never_re_simulate(calls: Counter, key: str, value: object):
    at = open_page("serving", BY_HAND)
    before = dict(calls)
    assert before["fifo_departures"] == 1 and before["dynamic_batching"] == 1
    rerun_with(at, key, value)
    assert dict(calls) == before


def test_batch_controls_leave_the_real_time_simulations_alone(calls: Counter):
    at = open_page("serving", BY_HAND)
    before = dict(calls)
    widget(at, "every").set_value(12.0).run()
    assert calls["fifo_departures"] == before["fifo_departures"]
    assert calls["dynamic_batching"] == before["dynamic_batching"]
    assert calls["arrival_times"] == before["arrival_times"] + 1, "only the precompute mode reran"
    assert calls["measure"] == before.get("measure", 0), "no new model measurement"


def test_the_link_round_trips():
    params = {
        **BY_HAND, "rate": "1500", "pattern": "Diurnal", "seed": "42", "replicas": "3",
        "batch_replicas": "2", "max_batch": "64", "max_wait": "5", "users": "10M", "every": "6 h",
        "active": "35", "new_users": "2.5", "lookup_ms": "4.0", "sla": "50 ms", "price": "0.08",
        "trees": "30",
    }  # fmt: skip
    at = open_healthy("serving", params)
    assert widget(at, "rate").value == 1500
    assert widget(at, "every").value == 6.0
    assert widget(at, "sla").value == 50
    query = link_query(at)
    assert {key: query[key] for key in params} == params
    again = open_healthy("serving", query)
    assert _numbers(again) == _numbers(at)
    assert _notes(again) == _notes(at)


def test_overload_shows_a_warning_not_an_exception():
    at = open_healthy("serving", {**BY_HAND, "rate": "3000"})
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1, "one request per call is overloaded; batching copes"
    assert "One request per call is overloaded" in warnings[0]
    assert "3,000 req/s arrive" in warnings[0]
    values = [value for _, value, _ in _numbers(at)][kit.HEADLINE :]  # every mode's cards
    assert values[0] == "∞"
    assert "∞" not in values[4:]
    one_per_call = _table(at)[MODE_NAMES[0]]
    assert [one_per_call[p] for p in ("p50", "p95", "p99")] == ["unbounded"] * 3
    assert "saturates" in _notes(at)


def test_both_real_time_modes_overloaded():
    at = open_healthy("serving", {**BY_HAND, "rate": "50000", "max_batch": "2"})
    assert sum("overloaded" in w.value for w in at.warning) == 2


def test_a_free_model_is_explained_not_simulated():
    at = open_healthy("serving", {"by_hand": "true", "setup_ms": "0.0", "per_row_ms": "0.0"})
    assert any("service time" in w.value for w in at.warning)


def test_a_precompute_run_longer_than_its_interval_is_a_warning():
    params = {"by_hand": "true", "setup_ms": "20.0", "per_row_ms": "0.5", "users": "1B", "every": "1 h"}
    at = open_healthy("serving", params)
    assert any("cannot keep up" in w.value for w in at.warning)


@pytest.mark.parametrize(
    "params",
    [
        {"rate": "10", "requests": "50,000", "max_wait": "50", "max_batch": "256", "batch_replicas": "32"},
        {"rate": "50000", "replicas": "32", "pattern": "Bursty (flash crowds)", "max_wait": "0"},
        {"model": "Random forest", "trees": "10", "active": "1", "new_users": "10.0", "every": "7 days"},
        {**BY_HAND, "per_row_ms": "1000.0", "setup_ms": "10000.0", "rate": "10"},
        {
            "users": "10k",
            "active": "100",
            "new_users": "0.0",
            "lookup_ms": "0.1",
            "sla": "1 ms",
            "price": "0.001",
        },
    ],
)
def test_extreme_settings_give_a_sane_view(params: dict[str, str]):
    at = open_healthy("serving", params)
    assert not [w.value for w in at.warning if "Ignored" in w.value], "every value here is valid"
    assert len(chart_specs(at)) == 4
    assert "nan" not in _notes(at).lower()
    assert "inf" not in " ".join(value for _, value, _ in _numbers(at)).lower()
