"""The retrieval page through AppTest: its numbers are the measured run's, reading controls never
re-measure, k re-measures once, the link round-trips, and odd settings read as notices."""

from __future__ import annotations

from collections import Counter

import pytest
import streamlit as st

from explorers import retrieval as rx
from explorers.formatting import duration_ms
from explorers.retrieval import topic as retrieval_topic
from explorers.retrieval.figures import recall_text
from tests.apptest import chart_specs, link_query, metric_values, open_healthy, rerun_with, widget

SMALL = {"size": "10k", "dim": "32"}
READING = {"nprobe": 32, "shown": 20, "budget": 5.0, "by_hand": True, "per_candidate_us": 500.0}


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count the runs the page asks for (each builds and sweeps an index), from empty caches."""
    st.cache_resource.clear()
    st.cache_data.clear()
    counts: Counter = Counter()
    original = retrieval_topic.measured

    def counting(*args, **kwargs):
        counts["run"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(retrieval_topic, "measured", counting)
    return counts


def test_default_view_shows_the_measured_run():
    at = open_healthy("retrieval", SMALL)
    run = rx.measured(
        rx.CatalogueSpec(10_000, 32, 0), rx.index_spec("ivf", 32, nlist=128, hnsw_m=16, pq_bytes=8), 100
    )
    column = run.index.at(8)
    numbers = metric_values(at)
    assert numbers["Recall@100"] == recall_text(float(run.index.recall[column]))
    assert numbers["Search time"] == duration_ms(float(run.index.latency_ms[-1, column]))
    assert numbers["End-to-end recall@10"] == recall_text(float(run.index.recall_shown[column, 1]))
    assert len(chart_specs(at)) == 3
    assert "What to notice" in [h.value for h in at.subheader]


@pytest.mark.parametrize(("key", "value"), READING.items())
def test_reading_controls_never_re_measure(runs: Counter, key: str, value: object):
    at = open_healthy("retrieval", {**SMALL, "by_hand": "true"} if key == "per_candidate_us" else SMALL)
    assert runs["run"] == 1
    before = metric_values(at)
    rerun_with(at, key, value)
    assert runs["run"] == 1, f"changing {key} re-measured the index"
    assert metric_values(at) != before or key == "by_hand"


def test_k_re_measures_once(runs: Counter):
    at = open_healthy("retrieval", SMALL)
    rerun_with(at, "k", 200)
    assert runs["run"] == 2
    assert "Recall@200" in metric_values(at)


def test_the_link_round_trips():
    params = {**SMALL, "index": "HNSW (graph)", "hnsw_m": "8", "ef_search": "128", "k": "50", "shown": "5",
              "budget": "20 ms", "ranker": "Logistic regression", "seed": "3"}  # fmt: skip
    at = open_healthy("retrieval", params)
    assert widget(at, "ef_search").value == 128
    query = link_query(at)
    assert {key: query[key] for key in params} == params
    again = open_healthy("retrieval", query)
    assert metric_values(again) == metric_values(at)


def test_hnsw_over_its_cap_says_so():
    at = open_healthy("retrieval", {"index": "HNSW (graph)", "size": "200k", "dim": "128"})
    assert any("HNSW is built over 10,000 items" in info.value for info in at.info)


def test_a_budget_too_small_for_the_ranker_reads_as_over():
    at = open_healthy("retrieval", {**SMALL, "by_hand": "true", "setup_ms": "50.0", "budget": "5 ms"})
    numbers = metric_values(at)
    assert numbers["Largest k in budget"] == "0"
    notes = " ".join(md.value for md in at.markdown)
    assert "over the 5.0 ms budget" in notes and "no candidate set fits" in notes
