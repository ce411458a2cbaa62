"""The run read at the page's reading controls: the current point of the sweep, the funnel (candidates
retrieved, ranked, shown; end-to-end recall; latency against the budget; the largest candidate set the
budget allows) and the projection of latency and memory to larger catalogues."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import nnls

from explorers.retrieval.indexes import IndexKind, IndexSpec
from explorers.retrieval.measure import SHOWN_OPTIONS, Sweep
from explorers.retrieval.ranker import RankerCost

Array = np.ndarray

PROJECTED_SIZES: Array = np.unique(np.round(np.geomspace(1e4, 1e7, 25)).astype(np.int64))
TARGET_SIZE = 10_000_000  # the question's catalogue


@dataclass(frozen=True)
class Point:
    """One index setting, read from a sweep: its knob value, recall@k, median ms per query at the full
    size, and the share of the true top-n among the k candidates."""

    knob: int
    recall: float
    latency_ms: float
    recall_shown: float


def point(sweep: Sweep, knob: int, shown: int) -> Point:
    """The sweep's column for ``knob`` (nprobe above nlist reads as nlist), with recall of the true top
    ``shown``."""
    column = sweep.at(knob)
    return Point(
        int(sweep.knobs[column]),
        float(sweep.recall[column]),
        float(sweep.latency_ms[-1, column]),
        float(sweep.recall_shown[column, SHOWN_OPTIONS.index(shown)]),
    )


@dataclass(frozen=True)
class Funnel:
    """Candidates retrieved, ranked and shown, and what they cost against the budget."""

    k: int  # candidates retrieved, all of them ranked
    shown: int  # the top of the ranking shown to the user (at most k)
    end_to_end: float  # share of the true top-``shown`` items that reach the screen
    retrieval_ms: float
    ranking_ms: float
    budget_ms: float
    largest_k: (
        int | None
    )  # the most candidates the budget allows (None: the ranker costs nothing a candidate)

    @property
    def total_ms(self) -> float:
        """Retrieval plus ranking."""
        return self.retrieval_ms + self.ranking_ms

    @property
    def within_budget(self) -> bool:
        """Whether retrieval and ranking fit the budget."""
        return self.total_ms <= self.budget_ms

    @property
    def slack_ms(self) -> float:
        """Budget left over (negative when over)."""
        return self.budget_ms - self.total_ms


def largest_candidates(budget_ms: float, retrieval_ms: float, cost: RankerCost) -> int | None:
    """The most candidates the ranker can score within what the budget leaves after retrieval:
    floor((budget − retrieval − a) / c), at least 0; None when c is 0 (no limit from the ranker)."""
    if cost.per_candidate_ms <= 0:
        return None
    room = budget_ms - retrieval_ms - cost.setup_ms
    return max(0, math.floor(room / cost.per_candidate_ms + 1e-9))


def funnel(here: Point, k: int, shown: int, cost: RankerCost, budget_ms: float) -> Funnel:
    """The funnel at the current setting: the ranker (assumed to order candidates by their true relevance)
    shows the top ``shown`` of the k retrieved, so a true top item reaches the screen exactly when the
    retrieval found it."""
    return Funnel(
        k=k,
        shown=min(shown, k),
        end_to_end=here.recall_shown,
        retrieval_ms=here.latency_ms,
        ranking_ms=float(cost.ms(k)),
        budget_ms=budget_ms,
        largest_k=largest_candidates(budget_ms, here.latency_ms, cost),
    )


@dataclass(frozen=True, eq=False)
class Projection:
    """One index's search time and memory as the catalogue grows: fitted to the sizes measured (a line in
    N, or in log N for a graph), then evaluated beyond them."""

    kind: IndexKind
    spec: IndexSpec
    measured_sizes: Array
    measured_ms: Array
    intercept: float
    slope: float
    sizes: Array  # PROJECTED_SIZES
    ms: Array
    memory: Array  # bytes at each of ``sizes``

    def ms_at(self, size: float) -> float:
        """Projected milliseconds per query at ``size`` items."""
        return float(self.intercept + self.slope * _grow(self.kind, np.array([size]))[0])

    def memory_at(self, size: float) -> float:
        """Bytes the index holds at ``size`` items."""
        return float(self.kind.memory_bytes(self.spec, size))


def _grow(kind: IndexKind, sizes: Array) -> Array:
    """The variable search time grows with: N, or ln N for a graph."""
    sizes = np.asarray(sizes, dtype=np.float64)
    return np.log(sizes) if kind.growth == "log" else sizes


def fit_growth(kind: IndexKind, sizes: Array, ms: Array) -> tuple[float, float]:
    """Least-squares a, b ≥ 0 of ms = a + b·N (or a + b·ln N), on relative errors."""
    x, t = _grow(kind, sizes), np.maximum(np.asarray(ms, dtype=np.float64), 1e-6)
    design = np.column_stack([np.ones_like(x), x]) / t[:, None]
    (a, b), _ = nnls(design, np.ones_like(t))
    return float(a), float(b)


def scan_floor(spec: IndexSpec, knob: int, exact_slope: float) -> float:
    """The least ms per item an IVF search can grow by: exact search's cost per item, times the share of
    lists probed, times the bytes it reads per item over a raw vector's. At small catalogues the fixed
    costs hide the growth in timing noise; this keeps the projection from calling a scan free."""
    if spec.family.knob != "nprobe":
        return 0.0
    read = (spec.family.bytes_per_item(spec) - 8.0) / (4.0 * spec.dim)
    return exact_slope * min(1.0, knob / spec.nlist) * read


def projection(sweep: Sweep, spec: IndexSpec, knob: int, exact_slope: float = 0.0) -> Projection:
    """The sweep's column for ``knob``, measured at its sizes and extrapolated to PROJECTED_SIZES; an IVF
    index grows at least as fast as ``scan_floor`` says (``exact_slope``: exact search's ms per item)."""
    kind = spec.family
    column = sweep.at(knob)
    measured = sweep.latency_ms[:, column]
    a, b = fit_growth(kind, sweep.sizes, measured)
    floor = scan_floor(spec, int(sweep.knobs[column]), exact_slope)
    if b < floor:
        b = floor
        a = max(0.0, float(np.median(measured - b * sweep.sizes)))
    return Projection(
        kind=kind,
        spec=spec,
        measured_sizes=sweep.sizes.astype(np.float64),
        measured_ms=measured,
        intercept=a,
        slope=b,
        sizes=PROJECTED_SIZES.astype(np.float64),
        ms=a + b * _grow(kind, PROJECTED_SIZES),
        memory=np.asarray(kind.memory_bytes(spec, PROJECTED_SIZES), dtype=np.float64),
    )


def random_recall(k: int, size: int) -> float:
    """Recall@k of retrieving k items at random, the no-skill baseline: k / N."""
    return k / size
