"""The retrieval page's view as a notebook: the same synthetic catalogue and queries, exact search as
the truth, the chosen faiss index built the same way, its recall and memory, in plain numpy, faiss,
pandas and plotly. Search times are measured afresh (they are the reader's machine's, not the page's)."""

from __future__ import annotations

from explorers.export import Cell, Recipe, code, md
from explorers.retrieval.catalogue import BLOCK, CLUSTERS, N_QUERIES, POPULARITY, SPREAD
from explorers.retrieval.indexes import (
    EF_CONSTRUCTION,
    KMEANS_ITERATIONS,
    MIN_PER_LIST,
    PQ_BITS,
    PQ_TRAIN,
    TRAIN_PER_LIST,
    index_kind,
)
from explorers.retrieval.params import Params
from explorers.retrieval.ranker import RANKERS, measured_ranker


def _knob(p: Params) -> tuple[int, ...]:
    """The knob values the page sweeps, and the one it reads (the nearest swept at or above the control)."""
    return index_kind(p.index).knob_grid(p.spec)


def _settings(p: Params) -> Cell:
    kind = index_kind(p.index)
    grid = _knob(p)
    knob = next((value for value in grid if value >= p.knob), grid[-1])
    cost = p.by_hand_cost() if p.by_hand else measured_ranker(p.ranker).cost
    ranker = "set by hand" if p.by_hand else f"the page measured: {RANKERS[p.ranker].label.lower()}"
    knob_line = f"KNOB = {knob}  # {kind.knob} read by the page" if kind.knob else "KNOB = 0  # no knob"
    return code(
        f"""
        import time

        import faiss
        import numpy as np
        import pandas as pd
        import plotly.graph_objects as go

        faiss.omp_set_num_threads(1)  # one core: honest per-query times, and deterministic builds

        # The page's settings
        SIZE = {p.indexed}  # items indexed
        DIM = {p.dim}
        SEED = {p.seed}
        INDEX = {p.index!r}  # "exact", "ivf", "hnsw" or "ivfpq"
        NLIST = {p.nlist}  # IVF lists
        HNSW_M = {p.hnsw_m}  # HNSW links per node
        PQ_BYTES = {p.pq_bytes}  # bytes per compressed vector (IVF-PQ)
        K = {p.k}  # candidates retrieved
        {knob_line}
        KNOB_GRID = {list(grid)}  # the values swept for the chart
        SHOWN = {min(p.shown, p.k)}  # items shown after ranking
        BUDGET_MS = {float(p.budget)!r}  # for retrieval and ranking together
        # The ranker's cost per call, t(b) = a + c·b ms ({ranker}):
        RANK_SETUP_MS, RANK_PER_CANDIDATE_MS = {cost.setup_ms!r}, {cost.per_candidate_ms!r}

        # How the catalogue is drawn and the indexes are built
        CLUSTERS, SPREAD, POPULARITY = {CLUSTERS}, {SPREAD}, {POPULARITY}
        N_QUERIES = {N_QUERIES}
        BLOCK = {BLOCK}  # items drawn and added at a time
        KMEANS_ITERATIONS = {KMEANS_ITERATIONS}  # k-means rounds for the lists and PQ codebooks
        TRAIN_PER_LIST, MIN_PER_LIST, PQ_TRAIN = {TRAIN_PER_LIST}, {MIN_PER_LIST}, {PQ_TRAIN}  # training
        PQ_BITS = {PQ_BITS}  # bits per sub-vector code
        EF_CONSTRUCTION = {EF_CONSTRUCTION}  # HNSW's graph-building effort
        """
    )


CATALOGUE = code(
    """
    def on_sphere(points):
        points /= np.linalg.norm(points, axis=1, keepdims=True)
        return points


    def mixture(rng, n):
        \"\"\"n unit vectors: a category drawn by popularity, its centre plus Gaussian noise.\"\"\"
        labels = rng.choice(CLUSTERS, size=n, p=weights)
        points = rng.standard_normal((n, DIM), dtype=np.float32)
        points *= np.float32(SPREAD / np.sqrt(DIM))
        points += centres[labels]
        return on_sphere(points)


    rng = np.random.default_rng([SEED, DIM, 1])
    centres = on_sphere(rng.standard_normal((CLUSTERS, DIM), dtype=np.float32))
    weights = 1.0 / np.arange(1, CLUSTERS + 1) ** POPULARITY  # a few categories much larger than the rest
    weights = weights / weights.sum()

    # The items, drawn in blocks up to a quarter, a half and all of the catalogue (the page measures
    # the index at each of those sizes; the blocks fix the random stream, and HNSW's graph, too).
    rng = np.random.default_rng([SEED, DIM, SIZE, 2])
    blocks, start = [], 0
    for end in (SIZE // 4, SIZE // 2, SIZE):
        while start < end:
            stop = min(start + BLOCK, end)
            blocks.append(mixture(rng, stop - start))
            start = stop
    queries = mixture(np.random.default_rng([SEED, DIM, 3]), N_QUERIES)  # users ask for what it holds
    print(f"{SIZE:,} items and {N_QUERIES} queries of dimension {DIM}")
    """
)

TRUTH = code(
    """
    def search_one_by_one(index, k):
        \"\"\"Each query searched alone, as a service answers it: (ids found, median ms per query).\"\"\"
        index.search(queries[:1], k)  # warm-up
        found, seconds = np.empty((N_QUERIES, k), dtype=np.int64), np.empty(N_QUERIES)
        for row in range(N_QUERIES):
            start = time.perf_counter()
            _, ids = index.search(queries[row : row + 1], k)
            seconds[row] = time.perf_counter() - start
            found[row] = ids[0]
        return found, float(np.median(seconds) * 1000)


    exact = faiss.IndexFlatIP(DIM)  # brute force by inner product
    for block in blocks:
        exact.add(block)
    truth, exact_ms = search_one_by_one(exact, K)  # the true top K of every query
    print(f"exact search: {exact_ms:.3g} ms a query (this machine)")
    """
)

BUILD = code(
    """
    def train_sample(vectors, count):
        \"\"\"At most count rows, spread evenly.\"\"\"
        if len(vectors) <= count:
            return vectors
        return np.ascontiguousarray(vectors[np.linspace(0, len(vectors) - 1, count).astype(np.int64)])


    def set_knob(index, value):
        if INDEX in ("ivf", "ivfpq"):
            index.nprobe = value  # lists scanned per query
        elif INDEX == "hnsw":
            index.hnsw.efSearch = value  # candidates kept while walking the graph


    start = time.perf_counter()
    if INDEX == "exact":
        index = faiss.IndexFlatIP(DIM)
    elif INDEX == "hnsw":
        index = faiss.IndexHNSWFlat(DIM, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = EF_CONSTRUCTION
    else:  # the inverted lists are k-means clusters of the first block
        quantizer = faiss.IndexFlatIP(DIM)
        if INDEX == "ivf":
            index = faiss.IndexIVFFlat(quantizer, DIM, NLIST, faiss.METRIC_INNER_PRODUCT)
            sample = train_sample(blocks[0], TRAIN_PER_LIST * NLIST)
        else:
            subvectors = PQ_BYTES * 8 // PQ_BITS
            index = faiss.IndexIVFPQ(quantizer, DIM, NLIST, subvectors, PQ_BITS, faiss.METRIC_INNER_PRODUCT)
            index.pq.cp.niter = KMEANS_ITERATIONS
            sample = train_sample(blocks[0], max(TRAIN_PER_LIST * NLIST, PQ_TRAIN))
        index.cp.niter = KMEANS_ITERATIONS
        index.cp.min_points_per_centroid = MIN_PER_LIST
        index.train(sample)
    for block in blocks:  # added block by block, as the page does (HNSW's graph depends on it)
        index.add(block)
    print(f"built in {time.perf_counter() - start:.2f} s (this machine)")
    """
)

SWEEP = code(
    """
    def found_mask(found, truth):
        \"\"\"Per query, whether each true id is among the ids found.\"\"\"
        return np.array([np.isin(true_ids, ids) for ids, true_ids in zip(found, truth)])


    rows = []
    for knob in KNOB_GRID:
        set_knob(index, knob)
        found, ms = search_one_by_one(index, K)
        mask = found_mask(found, truth)
        rows.append({"knob": knob, f"recall@{K}": mask.mean(), f"top {SHOWN} kept": mask[:, :SHOWN].mean(),
                     "ms a query": ms})
    sweep = pd.DataFrame(rows)
    here = sweep[sweep["knob"] == KNOB].iloc[0]
    sweep
    """
)

CHART = code(
    """
    figure = go.Figure()
    figure.add_scatter(x=sweep["ms a query"], y=100 * sweep[f"recall@{K}"], mode="lines+markers+text",
                       text=sweep["knob"], textposition="top left", name=INDEX)
    figure.add_scatter(x=[exact_ms], y=[100], mode="markers", name="exact", marker={"size": 10})
    figure.update_layout(xaxis_type="log", xaxis_title="ms a query (this machine, log scale)",
                         yaxis_title=f"Recall@{K} (%)", height=400)
    figure.show()
    """
)

FUNNEL = code(
    """
    # Memory: vectors or codes, ids, graph links and centroids (bytes).
    links = 2 * HNSW_M + HNSW_M / (HNSW_M - 1)  # expected neighbour slots of an HNSW node
    per_item = {"exact": 4 * DIM, "ivf": 4 * DIM + 8, "hnsw": 4 * DIM + 4 * links + 12, "ivfpq": PQ_BYTES + 8}
    fixed = {"exact": 0, "ivf": 4 * DIM * NLIST, "hnsw": 0, "ivfpq": 4 * DIM * (NLIST + 2**PQ_BITS)}
    index_bytes = fixed[INDEX] + per_item[INDEX] * SIZE
    exact_bytes = 4 * DIM * SIZE

    # The funnel: the ranker scores all K candidates and shows the top SHOWN, so a true top item
    # reaches the screen exactly when retrieval found it.
    ranking_ms = RANK_SETUP_MS + RANK_PER_CANDIDATE_MS * K
    total_ms = here["ms a query"] + ranking_ms
    room = BUDGET_MS - here["ms a query"] - RANK_SETUP_MS
    largest_k = None  # no limit when a candidate costs nothing
    if RANK_PER_CANDIDATE_MS > 0:
        largest_k = max(0, int(np.floor(room / RANK_PER_CANDIDATE_MS + 1e-9)))
    print(f"recall@{K} {here[f'recall@{K}']:.1%}; end-to-end recall@{SHOWN} {here[f'top {SHOWN} kept']:.1%}")
    print(f"retrieval {here['ms a query']:.3g} ms + ranking {ranking_ms:.3g} ms = {total_ms:.3g} ms of "
          f"{BUDGET_MS:g} ms (search timed on this machine); largest k in budget: {largest_k}")
    print(f"memory: {index_bytes / 1e6:.1f} MB for the index, {exact_bytes / 1e6:.1f} MB for the raw vectors")
    """
)

HEADLINE = code(
    """
    def bytes_as_shown(count):
        \"\"\"Bytes in the page's unit: GB, MB or KB (decimal), else B.\"\"\"
        for size in (1e9, 1e6, 1e3):
            if count >= size:
                return count / size
        return float(np.ceil(count))


    # Search and build times are this machine's, not the page's: they are left out.
    HEADLINE = {
        f"Recall@{K:,}": 100 * here[f"recall@{K}"],
        f"End-to-end recall@{SHOWN:,}": 100 * here[f"top {SHOWN} kept"],
        "Index memory": bytes_as_shown(index_bytes),
        "Exact memory": bytes_as_shown(exact_bytes),
    }
    HEADLINE
    """
)


def recipe(params: Params) -> Recipe:
    """The notebook that reproduces the retrieval page's view at ``params``."""
    p = params
    kind = index_kind(p.index)
    cells = (
        md(
            f"""
            ## 1. The settings and the catalogue

            A two-stage recommender: retrieval finds K candidates among {p.indexed:,} item embeddings, a
            ranker scores them and the top few are shown. The catalogue is synthetic but clustered as real
            ones are: {CLUSTERS} categories on the unit sphere, a few much larger than the rest; users'
            queries come from the same categories. The settings are the page's.
            """
        ),
        _settings(p),
        CATALOGUE,
        md(
            """
            ## 2. The truth: exact search

            Brute force scores every item by inner product: its top K of each query is the truth every
            approximate index is measured against.
            """
        ),
        TRUTH,
        md(
            f"""
            ## 3. The index: {kind.label}

            {kind.growth_words.capitalize()}. It is built on one core as the page builds it: IVF and
            IVF-PQ train their lists (and codebooks) by k-means on the first block, every index takes the
            items block by block.
            """
        ),
        BUILD,
        md(
            f"""
            ## 4. Recall against speed

            Each value of the search knob ({kind.knob or "none: exact search has none"}) read by recall@K,
            the share of the true top K found, and by the share of the true top `SHOWN` among the K
            candidates, over the {N_QUERIES} queries. The times are this machine's.
            """
        ),
        SWEEP,
        md("The page's main chart: recall against search time, one point per knob value."),
        CHART,
        md(
            """
            ## 5. The funnel, the budget and the memory

            The ranker's cost is the page's line (measured on its machine, or set by hand); the search
            time is yours.
            """
        ),
        FUNNEL,
        md("The page's key numbers, as it reads them (the deterministic ones)."),
        HEADLINE,
    )
    return Recipe(f"Retrieval at scale: {kind.label} vs exact search", cells)
