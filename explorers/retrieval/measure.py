"""One measured run: the catalogue indexed chunk by chunk with the chosen index and with exact search,
each knob value's recall@k and median search time per query measured, and the exact top-k as the
truth. Only small arrays come back; the indexes and vectors are dropped, so the page's cache holds
kilobytes, and one build at a time holds the big arrays (a lock)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from explorers.common import locked_cache
from explorers.retrieval.catalogue import (
    N_QUERIES,
    CatalogueSpec,
    found_mask,
    growth_sizes,
    item_chunks,
    queries,
)
from explorers.retrieval.indexes import IndexSpec, faiss_module, require_catalogue, reserve

Array = np.ndarray

SHOWN_OPTIONS: tuple[int, ...] = (5, 10, 20, 50)  # items shown to the user, after ranking
K_OPTIONS: tuple[int, ...] = (10, 20, 50, 100, 200, 500, 1000)  # candidates retrieved
TIMED_SMALLER = 20  # queries timed at the smaller sizes (every query is timed at the full size)
KEEP_FLOATS = 4_000_000  # a catalogue up to this many floats (16 MB) is drawn once per run, else twice
_BUILDING = threading.Lock()  # one build at a time holds a catalogue's vectors and index


@dataclass(frozen=True, eq=False)
class Sweep:
    """One index measured at every knob value, over the whole catalogue and at smaller sizes."""

    spec: IndexSpec
    knobs: Array  # knob values (nprobe or efSearch; one 0 for exact search)
    sizes: Array  # catalogue sizes measured: a quarter, a half, all
    latency_ms: Array  # (size, knob): median milliseconds per query, one query per call
    recall: Array  # (knob,): mean recall@k over the queries, at the full size
    recall_shown: Array  # (knob, shown option): share of the true top-n among the k candidates
    build_seconds: Array  # (size,): cumulative seconds to train and fill the index up to each size

    def at(self, knob: int) -> int:
        """The column of ``knob`` (the nearest value swept at or above it, else the last)."""
        above = np.flatnonzero(self.knobs >= knob)
        return int(above[0]) if above.size else len(self.knobs) - 1


@dataclass(frozen=True, eq=False)
class Run:
    """The chosen index and exact search, measured on the same catalogue and queries at the same k."""

    catalogue: CatalogueSpec
    k: int
    index: Sweep
    exact: Sweep
    truth: Array  # (queries, k): the exact top-k ids, best first
    n_queries: int


def _time_searches(index: object, vectors: Array, k: int, count: int) -> tuple[Array, float]:
    """(ids found, median ms per query): the first ``count`` query vectors searched one per call, as a
    service answers them, after one warm-up search."""
    index.search(vectors[:1], k)  # type: ignore[attr-defined]
    found = np.empty((count, k), dtype=np.int64)
    seconds = np.empty(count)
    for row in range(count):
        start = time.perf_counter()
        _, ids = index.search(vectors[row : row + 1], k)  # type: ignore[attr-defined]
        seconds[row] = time.perf_counter() - start
        found[row] = ids[0]
    return found, float(np.median(seconds) * 1000.0)


def _sweep(
    catalogue: CatalogueSpec, spec: IndexSpec, k: int, asked: Array, chunks: Iterable[tuple[Array, bool]]
) -> tuple[Sweep, Array]:
    """Build ``spec`` over the catalogue's blocks (``item_chunks``), timing every knob value at each of the
    growth sizes; returns the sweep (recall still zero) and the ids found at the full size, per knob."""
    family = spec.family
    sizes = np.array(growth_sizes(catalogue.size), dtype=np.int64)
    require_catalogue(family, int(sizes[0]), spec)
    knobs = np.array(family.knob_grid(spec), dtype=np.int64)
    latency = np.empty((len(sizes), len(knobs)))
    built = np.empty(len(sizes))
    found: list[Array] = []
    index, seconds = None, 0.0
    step = 0
    for block, measured_here in chunks:
        start = time.perf_counter()
        if index is None:
            index = family.make(spec, block)
            reserve(index, catalogue.size)
        index.add(block)
        seconds += time.perf_counter() - start
        if not measured_here:
            continue
        built[step] = seconds
        last = step == len(sizes) - 1
        count = len(asked) if last else min(TIMED_SMALLER, len(asked))
        for column, knob in enumerate(knobs):
            family.set_knob(index, int(knob))
            ids, latency[step, column] = _time_searches(index, asked, k, count)
            if last:
                found.append(ids)
        step += 1
    sweep = Sweep(spec, knobs, sizes, latency, np.zeros(len(knobs)), np.zeros((len(knobs), 0)), built)
    return sweep, np.stack(found)


def _with_recall(sweep: Sweep, found: Array, truth: Array) -> Sweep:
    """The sweep with recall@k and the share of each true top-n (n in SHOWN_OPTIONS) among the k found."""
    k = truth.shape[1]
    masks = [found_mask(ids, truth) for ids in found]
    recall = np.array([mask.mean() for mask in masks])
    shown = np.array([[mask[:, : min(n, k)].mean() for n in SHOWN_OPTIONS] for mask in masks])
    return Sweep(sweep.spec, sweep.knobs, sweep.sizes, sweep.latency_ms, recall, shown, sweep.build_seconds)


def measure(catalogue: CatalogueSpec, spec: IndexSpec, k: int) -> Run:
    """Index the catalogue with ``spec`` and with exact search (one after the other, so only one index
    is held at a time), each measured at k; the exact search's result is the truth."""
    faiss_module()
    asked = queries(catalogue)
    exact_spec = IndexSpec("exact", catalogue.dim)
    with _BUILDING:
        kept = list(item_chunks(catalogue)) if catalogue.size * catalogue.dim <= KEEP_FLOATS else None
        exact, exact_found = _sweep(catalogue, exact_spec, k, asked, kept or item_chunks(catalogue))
        truth = exact_found[0]
        if spec == exact_spec:
            index, found = exact, exact_found
        else:
            index, found = _sweep(catalogue, spec, k, asked, kept or item_chunks(catalogue))
    return Run(
        catalogue,
        k,
        _with_recall(index, found, truth),
        _with_recall(exact, exact_found, truth),
        truth,
        N_QUERIES,
    )


@locked_cache(maxsize=16)
def measured(catalogue: CatalogueSpec, spec: IndexSpec, k: int) -> Run:
    """``measure``, once per setting in this process: timings vary from run to run, and every number
    the page shows, in any session, must come from one measurement (a few kilobytes each)."""
    return measure(catalogue, spec, k)
