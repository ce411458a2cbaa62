"""The retrieval page's numbers against independent references: exact search against a numpy (and a
scikit-learn) brute-force top-k, recall against Python sets and a fresh faiss search, recall 1 for exact
search and IVF probing every list, monotone sweeps, the funnel's arithmetic, the memory formulas against
faiss's own serialised indexes, the growth fits against known lines, and faiss imported lazily."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from explorers import retrieval as rx
from explorers.retrieval.catalogue import growth_sizes
from explorers.retrieval.figures import recall_text
from explorers.retrieval.indexes import KINDS, hnsw_links_per_item, index_spec
from explorers.retrieval.ranker import RankerCost, fit_line
from explorers.retrieval.readings import (
    Point,
    fit_growth,
    funnel,
    largest_candidates,
    projection,
    scan_floor,
)

SMALL = rx.CatalogueSpec(10_000, 32, 0)


def _spec(kind: str, dim: int = 32, **settings: int) -> rx.IndexSpec:
    given = {"nlist": 64, "hnsw_m": 16, "pq_bytes": 8, **settings}
    return index_spec(kind, dim, **given)


@pytest.fixture(scope="module")
def ivf_run() -> rx.Run:
    return rx.measure(SMALL, _spec("ivf"), 50)


@pytest.fixture(scope="module")
def hnsw_run() -> rx.Run:
    return rx.measure(SMALL, _spec("hnsw"), 50)


def _brute_top_k(spec: rx.CatalogueSpec, k: int) -> np.ndarray:
    scores = rx.queries(spec) @ rx.items(spec).T
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


# --------------------------------------------------------------------------- the catalogue


def test_the_catalogue_is_unit_length_clustered_and_reproducible():
    items, again = rx.items(SMALL), rx.items(SMALL)
    np.testing.assert_array_equal(items, again)
    assert items.dtype == np.float32 and items.shape == (10_000, 32)
    np.testing.assert_allclose(np.linalg.norm(items, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(rx.queries(SMALL), axis=1), 1.0, atol=1e-5)
    blocks = list(rx.item_chunks(SMALL))
    ends = np.cumsum([len(block) for block, _ in blocks])[[done for _, done in blocks]]
    assert ends.tolist() == list(growth_sizes(10_000))
    # clustered: an item's nearest neighbour is far closer than on a uniform sphere
    sample = items[:300]
    nearest = np.sort(sample @ items.T, axis=1)[:, -2]
    uniform = np.random.default_rng(0).standard_normal((10_000, 32)).astype(np.float32)
    uniform /= np.linalg.norm(uniform, axis=1, keepdims=True)
    assert nearest.mean() > np.sort(uniform[:300] @ uniform.T, axis=1)[:, -2].mean() + 0.1


def test_other_seeds_draw_other_catalogues():
    assert not np.array_equal(rx.items(SMALL)[:5], rx.items(rx.CatalogueSpec(10_000, 32, 1))[:5])


# --------------------------------------------------------------------------- exact search is the truth


def test_exact_search_equals_numpy_and_sklearn_brute_force(ivf_run: rx.Run):
    brute = _brute_top_k(SMALL, 50)
    assert rx.recall(ivf_run.truth, brute) == 1.0
    np.testing.assert_array_equal(ivf_run.truth, brute)  # the same order too: no ties in continuous data
    neighbours = NearestNeighbors(n_neighbors=50, metric="cosine", algorithm="brute").fit(rx.items(SMALL))
    _, sk = neighbours.kneighbors(rx.queries(SMALL))
    assert rx.recall(ivf_run.truth, sk) == 1.0


def test_recall_is_one_for_exact_search_and_for_ivf_probing_every_list(ivf_run: rx.Run):
    assert ivf_run.exact.recall.tolist() == [1.0]
    assert ivf_run.exact.recall_shown.min() == 1.0
    assert ivf_run.index.knobs[-1] == 64  # nprobe = nlist
    assert ivf_run.index.recall[-1] == 1.0
    assert ivf_run.index.recall_shown[-1].min() == 1.0


def test_recall_matches_python_sets_and_a_fresh_faiss_search(ivf_run: rx.Run):
    faiss = rx.faiss_module()
    items, asked = rx.items(SMALL), rx.queries(SMALL)
    index = KINDS["ivf"].make(_spec("ivf"), next(iter(rx.item_chunks(SMALL)))[0])
    index.add(items)
    truth = _brute_top_k(SMALL, 50)
    for column, nprobe in enumerate(ivf_run.index.knobs):
        index.nprobe = int(nprobe)
        _, found = index.search(asked, 50)
        by_sets = np.mean([len(set(f) & set(t)) / 50 for f, t in zip(found, truth, strict=True)])
        assert ivf_run.index.recall[column] == pytest.approx(by_sets, abs=1e-12)
        top10 = np.mean([len(set(f) & set(t[:10])) / 10 for f, t in zip(found, truth, strict=True)])
        assert ivf_run.index.recall_shown[column, rx.SHOWN_OPTIONS.index(10)] == pytest.approx(
            top10, abs=1e-12
        )
    assert faiss.omp_get_max_threads() == 1


def test_found_mask_ignores_faiss_padding():
    truth = np.array([[3, 1], [7, 8]])
    found = np.array([[1, -1, -1], [9, 8, 7]])
    np.testing.assert_array_equal(rx.found_mask(found, truth), [[False, True], [True, True]])


@pytest.mark.parametrize("seed", [0, 1])
def test_recall_rises_with_nprobe_and_ef_search(seed: int):
    spec = rx.CatalogueSpec(10_000, 32, seed)
    ivf = rx.measure(spec, _spec("ivf"), 100).index.recall
    assert np.all(np.diff(ivf) >= 0), ivf  # probed lists are nested: recall can only grow
    hnsw = rx.measure(spec, _spec("hnsw"), 100).index.recall
    assert np.all(np.diff(hnsw) >= -0.005), hnsw  # a wider beam can swap a tie or two
    assert hnsw[-1] > hnsw[0]


def test_the_random_baseline_is_k_over_n_by_monte_carlo():
    truth = _brute_top_k(SMALL, 100)
    rng = np.random.default_rng(0)
    draws = np.stack([rng.choice(10_000, 100, replace=False) for _ in range(len(truth))])
    runs = [rx.recall(np.roll(draws, shift, axis=0), truth) for shift in range(20)]
    assert np.mean(runs) == pytest.approx(rx.random_recall(100, 10_000), abs=0.004)


def test_ivf_pq_trades_recall_for_memory():
    run = rx.measure(SMALL, _spec("ivfpq"), 50)
    assert run.index.recall[-1] < 1.0
    assert run.index.recall[0] > rx.random_recall(50, 10_000) * 10
    kind = KINDS["ivfpq"]
    assert kind.memory_bytes(_spec("ivfpq"), 10_000) < KINDS["exact"].memory_bytes(_spec("exact"), 10_000) / 4


# --------------------------------------------------------------------------- memory and growth


@pytest.mark.parametrize("kind", list(KINDS))
def test_memory_formula_matches_faiss_serialised_size(kind: str):
    faiss = rx.faiss_module()
    spec = _spec(kind)
    index = KINDS[kind].make(spec, rx.items(SMALL))
    index.add(rx.items(SMALL))
    serialised = len(faiss.serialize_index(index))
    assert KINDS[kind].memory_bytes(spec, 10_000) == pytest.approx(serialised, rel=0.05)


def test_hnsw_links_per_item_matches_the_graph():
    index = KINDS["hnsw"].make(_spec("hnsw"), rx.items(SMALL))
    index.add(rx.items(SMALL))
    slots = index.hnsw.neighbors.size() / index.ntotal
    assert slots == pytest.approx(hnsw_links_per_item(16), rel=0.02)


def test_growth_fits_recover_known_lines():
    sizes = np.array([2_500, 5_000, 10_000])
    a, b = fit_growth(KINDS["exact"], sizes, 0.01 + 2e-5 * sizes)
    assert (a, b) == pytest.approx((0.01, 2e-5), rel=1e-6)
    a, b = fit_growth(KINDS["hnsw"], sizes, 0.02 + 0.01 * np.log(sizes))
    assert (a, b) == pytest.approx((0.02, 0.01), rel=1e-6)


def test_an_ivf_projection_grows_at_least_with_the_share_it_scans(ivf_run: rx.Run):
    exact = projection(ivf_run.exact, _spec("exact"), 0)
    grown = projection(ivf_run.index, _spec("ivf"), 8, exact.slope)
    assert grown.slope >= exact.slope * 8 / 64 * (1 - 1e-12)
    assert scan_floor(_spec("ivfpq"), 64, 1.0) == pytest.approx(8 / (4 * 32))  # 8 code bytes of 128
    assert scan_floor(_spec("hnsw"), 64, 1.0) == 0.0


def test_projection_passes_through_its_fit(ivf_run: rx.Run):
    grown = projection(ivf_run.index, _spec("ivf"), 8)
    assert grown.ms_at(1e7) == pytest.approx(grown.intercept + grown.slope * 1e7)
    assert grown.memory_at(1e7) == pytest.approx(1e7 * (4 * 32 + 8) + 4 * 32 * 64)


# --------------------------------------------------------------------------- the funnel and the ranker


def test_the_funnel_adds_up():
    cost = RankerCost(2.0, 0.01, "set by hand")
    here = Point(8, 0.9, 0.5, 0.95)
    f = funnel(here, 200, 10, cost, 20.0)
    assert f.ranking_ms == pytest.approx(2.0 + 0.01 * 200)
    assert f.total_ms == pytest.approx(0.5 + 4.0)
    assert f.within_budget and f.slack_ms == pytest.approx(15.5)
    assert f.largest_k == 1750  # (20 - 0.5 - 2) / 0.01
    assert 0.5 + float(cost.ms(f.largest_k)) <= 20.0 < 0.5 + float(cost.ms(f.largest_k + 1))
    assert funnel(here, 5, 10, cost, 20.0).shown == 5
    assert largest_candidates(1.0, 0.5, cost) == 0
    assert largest_candidates(20.0, 0.5, RankerCost(1.0, 0.0, "set by hand")) is None


def test_fit_line_recovers_a_known_cost():
    batches = np.array([1, 10, 100, 1000])
    assert fit_line(batches, 0.3 + 0.002 * batches) == pytest.approx((0.3, 0.002), rel=1e-6)


def test_the_measured_ranker_costs_time_per_candidate():
    timing = rx.measured_ranker("gbm")
    assert timing.cost.per_candidate_ms > 0
    assert timing.median_ms[-1] > timing.median_ms[0]
    assert rx.measured_ranker("gbm") is timing  # measured once per process


def test_recall_never_reads_100_percent_below_one():
    assert recall_text(0.99996) == "99.996%"
    assert recall_text(1.0) == "100%"
    assert recall_text(0.973) == "97.3%"


def test_faiss_is_imported_lazily():
    code = "import explorers.retrieval, sys; print('faiss' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_faiss_stays_on_one_thread_after_a_thread_limit_elsewhere_ends():
    """threadpoolctl restores the shared OpenMP runtime when a limit ends; every use of faiss sets
    one thread again, so its timings stay single-threaded."""
    from explorers.common import one_thread

    faiss = rx.faiss_module()
    with one_thread():
        pass
    faiss.omp_set_num_threads(2)  # as a restored OpenMP runtime can leave it
    assert rx.faiss_module().omp_get_max_threads() == 1
