"""The retrieval page's controls, typed, and the catalogue, index and ranker they stand for."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.retrieval.catalogue import DIMENSIONS, SIZES, CatalogueSpec
from explorers.retrieval.indexes import (
    EF_OPTIONS,
    HNSW_M_OPTIONS,
    NLIST_OPTIONS,
    NPROBE_OPTIONS,
    PQ_BYTES_OPTIONS,
    IndexSpec,
    hnsw_cap,
    index_kind,
    index_spec,
)
from explorers.retrieval.measure import K_OPTIONS, SHOWN_OPTIONS
from explorers.retrieval.ranker import RankerCost

SIZE_OPTIONS: dict[int, str] = {size: f"{size // 1000}k" for size in SIZES}
DIM_OPTIONS: dict[int, str] = {dim: str(dim) for dim in DIMENSIONS}
NLIST_CHOICES: dict[int, str] = {n: str(n) for n in NLIST_OPTIONS}
NPROBE_CHOICES: dict[int, str] = {n: str(n) for n in NPROBE_OPTIONS}
M_CHOICES: dict[int, str] = {m: str(m) for m in HNSW_M_OPTIONS}
EF_CHOICES: dict[int, str] = {ef: str(ef) for ef in EF_OPTIONS}
PQ_CHOICES: dict[int, str] = {b: str(b) for b in PQ_BYTES_OPTIONS}
K_CHOICES: dict[int, str] = {k: str(k) for k in K_OPTIONS}
SHOWN_CHOICES: dict[int, str] = {n: str(n) for n in SHOWN_OPTIONS}
BUDGET_CHOICES: dict[float, str] = {ms: f"{ms:g} ms" for ms in (5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0)}


@dataclass(frozen=True)
class Params:
    """Every control of the page, by its key (the link's parameter names)."""

    size: int  # items in the catalogue
    dim: int
    seed: int
    index: str  # a key of indexes.KINDS
    nlist: int
    hnsw_m: int
    pq_bytes: int
    k: int  # candidates retrieved
    nprobe: int
    ef_search: int
    ranker: str  # a key of ranker.RANKERS
    by_hand: bool
    setup_ms: float
    per_candidate_us: float
    shown: int
    budget: float  # ms for retrieval and ranking together

    @property
    def indexed(self) -> int:
        """Items actually indexed: the catalogue, or HNSW's cap at this dimension."""
        if self.index == "hnsw":
            return min(self.size, hnsw_cap(self.dim, SIZES))
        return self.size

    @property
    def catalogue(self) -> CatalogueSpec:
        """The catalogue indexed."""
        return CatalogueSpec(self.indexed, self.dim, self.seed)

    @property
    def spec(self) -> IndexSpec:
        """The index to build (settings its family ignores left out)."""
        return index_spec(self.index, self.dim, nlist=self.nlist, hnsw_m=self.hnsw_m, pq_bytes=self.pq_bytes)

    @property
    def knob(self) -> int:
        """The current search-time setting of the chosen index (0 for exact search)."""
        return {"nprobe": self.nprobe, "efSearch": self.ef_search}.get(index_kind(self.index).knob, 0)

    def by_hand_cost(self) -> RankerCost:
        """The ranker's cost as set by hand."""
        return RankerCost(self.setup_ms, self.per_candidate_us / 1000.0, "set by hand")
