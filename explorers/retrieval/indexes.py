"""The index families, one table entry each: how to build it with faiss, the knob that trades recall for
speed at search time, the bytes it holds, and how its search time grows with the catalogue.

faiss is imported lazily (``faiss_module``), on one thread: per-query timings are then honest, and
the shared server's other sessions keep their core.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from datasets.errors import UserFacingError
from explorers.charts import PALETTE
from explorers.common import entry, labels

Array = np.ndarray
Growth = Literal["linear", "log"]

NLIST_OPTIONS: tuple[int, ...] = (64, 128, 256, 512, 1024)
NPROBE_OPTIONS: tuple[int, ...] = tuple(2**e for e in range(11))  # 1 ... 1024
HNSW_M_OPTIONS: tuple[int, ...] = (8, 16, 32)
EF_OPTIONS: tuple[int, ...] = (16, 32, 64, 128, 256, 512)
PQ_BYTES_OPTIONS: tuple[int, ...] = (4, 8, 16)
PQ_BITS = 4  # bits per sub-vector code: 16 centroids each, cheap to train (8 bits take seconds here)
EF_CONSTRUCTION = 40  # faiss's default graph-building effort
KMEANS_ITERATIONS = 10  # k-means rounds for IVF's lists and PQ's codebooks (faiss's default is 25)
TRAIN_PER_LIST = 40  # IVF trains on at most this many items a list (faiss wants at least 39)
MIN_PER_LIST = 5  # below this many training items a list, faiss's k-means prints a warning
PQ_TRAIN = 5_000  # PQ's 16 codes a sub-vector want at least 39 x 16 training points
HNSW_MAX_WORK = 1_600_000  # items x dimension HNSW is built over here: a graph over more takes seconds


def faiss_module() -> Any:
    """faiss, imported on first use (about 0.15 s and 30 MB), held to one thread on every use:
    threadpoolctl's limits elsewhere in the process restore the shared OpenMP runtime's threads
    when they end, so a setting made once at import does not last."""
    import faiss

    faiss.omp_set_num_threads(1)
    return faiss


@dataclass(frozen=True)
class IndexSpec:
    """Which index to build: its family (a key of KINDS), the dimension, and the family's build
    settings (the others are 0, so a setting another family ignores never splits a cache entry)."""

    kind: str
    dim: int
    nlist: int = 0  # IVF and IVF-PQ: how many lists the items are clustered into
    hnsw_m: int = 0  # HNSW: links per node
    pq_bytes: int = 0  # IVF-PQ: bytes per compressed vector

    @property
    def family(self) -> IndexKind:
        """The entry of KINDS."""
        return index_kind(self.kind)


@dataclass(frozen=True)
class IndexKind:
    """One index family."""

    label: str
    short: str  # the family's name in a sentence
    colour: str
    knob: str  # the search-time setting that trades recall for speed ("" when there is none)
    growth: Growth  # how one query's search time grows with the catalogue at a fixed knob
    growth_words: str
    make: Callable[[IndexSpec, Array], Any]  # an empty index, trained on the sample
    set_knob: Callable[[Any, int], None]
    bytes_per_item: Callable[[IndexSpec], float]
    fixed_bytes: Callable[[IndexSpec], float]  # centroids and codebooks, whatever the size
    uses: tuple[str, ...] = ()  # the IndexSpec settings the family reads

    def knob_grid(self, spec: IndexSpec) -> tuple[int, ...]:
        """Every knob value swept: nprobe up to nlist (nlist itself last), efSearch's options, or (0,)."""
        if self.knob == "nprobe":
            return tuple(sorted({*(p for p in NPROBE_OPTIONS if p < spec.nlist), spec.nlist}))
        if self.knob == "efSearch":
            return EF_OPTIONS
        return (0,)

    def memory_bytes(self, spec: IndexSpec, size: int | Array) -> float | Array:
        """Bytes the index holds over ``size`` items: vectors or codes, ids, links, centroids."""
        return self.fixed_bytes(spec) + self.bytes_per_item(spec) * np.asarray(size, dtype=np.float64)


def _train_sample(vectors: Array, count: int) -> Array:
    """At most ``count`` rows of ``vectors``, spread evenly (deterministic)."""
    if len(vectors) <= count:
        return vectors
    return np.ascontiguousarray(vectors[np.linspace(0, len(vectors) - 1, count).astype(np.int64)])


def _exact(spec: IndexSpec, _sample: Array) -> Any:
    faiss = faiss_module()
    return faiss.IndexFlatIP(spec.dim)


def reserve(index: Any, size: int) -> None:
    """Let a flat index hold ``size`` vectors without regrowing its buffer (growing it block by block
    would hold the old and the new buffer at once). Other indexes are left alone."""
    codes = getattr(index, "codes", None)
    if codes is not None and hasattr(index, "code_size"):
        codes.resize(size * index.code_size)
        codes.resize(0)  # the capacity stays


def _ivf(spec: IndexSpec, sample: Array) -> Any:
    faiss = faiss_module()
    quantizer = faiss.IndexFlatIP(spec.dim)
    index = faiss.IndexIVFFlat(quantizer, spec.dim, spec.nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = KMEANS_ITERATIONS
    index.cp.min_points_per_centroid = MIN_PER_LIST
    index.train(_train_sample(sample, TRAIN_PER_LIST * spec.nlist))
    return index


def _ivfpq(spec: IndexSpec, sample: Array) -> Any:
    faiss = faiss_module()
    quantizer = faiss.IndexFlatIP(spec.dim)
    subvectors = spec.pq_bytes * 8 // PQ_BITS
    index = faiss.IndexIVFPQ(quantizer, spec.dim, spec.nlist, subvectors, PQ_BITS, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = KMEANS_ITERATIONS
    index.cp.min_points_per_centroid = MIN_PER_LIST
    index.pq.cp.niter = KMEANS_ITERATIONS
    index.train(_train_sample(sample, max(TRAIN_PER_LIST * spec.nlist, PQ_TRAIN)))
    return index


def _hnsw(spec: IndexSpec, _sample: Array) -> Any:
    faiss = faiss_module()
    index = faiss.IndexHNSWFlat(spec.dim, spec.hnsw_m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    return index


def _set_nprobe(index: Any, value: int) -> None:
    index.nprobe = value


def _set_ef(index: Any, value: int) -> None:
    index.hnsw.efSearch = value


def _no_knob(_index: Any, _value: int) -> None:
    return None


def hnsw_links_per_item(m: int) -> float:
    """Expected neighbour slots a node holds: 2M on the bottom layer, M on each layer above, which a node
    reaches with probability M**-l (faiss draws levels with mL = 1/ln M)."""
    return 2 * m + m / (m - 1)


KINDS: dict[str, IndexKind] = {
    "exact": IndexKind(
        "Exact (brute force)", "exact search", PALETTE[7], "", "linear",
        "every query scores every item",
        _exact, _no_knob,
        bytes_per_item=lambda s: 4.0 * s.dim,
        fixed_bytes=lambda s: 0.0,
    ),
    "ivf": IndexKind(
        "IVF (inverted lists)", "IVF", PALETTE[0], "nprobe", "linear",
        "a query scans nprobe of nlist lists, a fixed share of the catalogue",
        _ivf, _set_nprobe,
        bytes_per_item=lambda s: 4.0 * s.dim + 8.0,  # the vector and its id
        fixed_bytes=lambda s: 4.0 * s.dim * s.nlist,  # the centroids
        uses=("nlist",),
    ),
    "hnsw": IndexKind(
        "HNSW (graph)", "HNSW", PALETTE[2], "efSearch", "log",
        "a query walks a graph in about log N hops",
        _hnsw, _set_ef,
        # the vector, the links, its level (int32) and its offset into the links (int64)
        bytes_per_item=lambda s: 4.0 * s.dim + 4.0 * hnsw_links_per_item(s.hnsw_m) + 12.0,
        fixed_bytes=lambda s: 0.0,
        uses=("hnsw_m",),
    ),
    "ivfpq": IndexKind(
        "IVF-PQ (compressed)", "IVF-PQ", PALETTE[3], "nprobe", "linear",
        "a query scans nprobe of nlist lists of compressed codes",
        _ivfpq, _set_nprobe,
        bytes_per_item=lambda s: float(s.pq_bytes) + 8.0,  # the code and its id
        fixed_bytes=lambda s: 4.0 * s.dim * (s.nlist + 2**PQ_BITS),  # centroids, PQ codebooks
        uses=("nlist", "pq_bytes"),
    ),
}  # fmt: skip
KIND_LABELS: dict[str, str] = labels(KINDS)


def index_kind(key: str) -> IndexKind:
    """The entry of KINDS for ``key``, or UserFacingError."""
    return entry(KINDS, key, "index")


def index_spec(kind: str, dim: int, *, nlist: int, hnsw_m: int, pq_bytes: int) -> IndexSpec:
    """The spec of a ``kind`` index, keeping only the settings that family reads."""
    family = index_kind(kind)
    given = {"nlist": nlist, "hnsw_m": hnsw_m, "pq_bytes": pq_bytes}
    return IndexSpec(kind, dim, **{name: given[name] for name in family.uses})


def hnsw_cap(dim: int, sizes: tuple[int, ...]) -> int:
    """The most items HNSW is built over here at ``dim``: the largest of ``sizes`` within HNSW_MAX_WORK
    item-dimensions (one core inserts those in a second or two, and the cost grows like N log N)."""
    return max([size for size in sizes if size * dim <= HNSW_MAX_WORK] or [min(sizes)])


def format_bytes(count: float) -> str:
    """'640 KB', '12 MB', '1.3 GB' (decimal units)."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if count >= size:
            value = count / size
            return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    return f"{math.ceil(count):,} B"


def require_catalogue(kind: IndexKind, size: int, spec: IndexSpec) -> None:
    """UserFacingError when ``spec`` cannot be built over ``size`` items."""
    if kind.knob == "nprobe" and spec.nlist > size:
        raise UserFacingError(
            f"{kind.short} needs at least nlist = {spec.nlist:,} items; the catalogue has {size:,}."
        )
