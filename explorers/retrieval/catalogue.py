"""The synthetic catalogue: item embeddings clustered as real catalogues are (a mixture of Gaussians on
the unit sphere, a few categories much larger than the rest), user query embeddings from the same
mixture, and the ground truth, the exact top-k of every query by inner product."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from datasets.errors import UserFacingError

Array = np.ndarray

CLUSTERS = 100  # categories in the catalogue
SPREAD = 0.8  # an embedding's spread around its category's centre (norm of the noise, before scaling)
POPULARITY = 0.8  # category sizes fall off as 1 / rank ** POPULARITY
N_QUERIES = 60  # user queries whose recall and latency are measured
BLOCK = 50_000  # items drawn and added at a time, so a large catalogue is never held twice
SIZES: tuple[int, ...] = (10_000, 20_000, 50_000, 100_000, 200_000)
DIMENSIONS: tuple[int, ...] = (32, 64, 128)


@dataclass(frozen=True)
class CatalogueSpec:
    """Which catalogue: its size, the embeddings' dimension and the seed they are drawn with."""

    size: int
    dim: int
    seed: int

    def __post_init__(self) -> None:
        if not (SIZES[0] // 10 <= self.size <= SIZES[-1] and self.dim in DIMENSIONS):
            raise UserFacingError(
                f"The catalogue holds {SIZES[0]:,} to {SIZES[-1]:,} items of dimension "
                f"{', '.join(map(str, DIMENSIONS))}; got {self.size:,} items of dimension {self.dim}."
            )


def _on_sphere(points: Array) -> Array:
    """Each row scaled to unit length (float32, in place)."""
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points


def _mixture(rng: np.random.Generator, centres: Array, weights: Array, n: int) -> Array:
    """``n`` unit vectors: a category drawn by ``weights``, its centre plus Gaussian noise, normalised."""
    dim = centres.shape[1]
    labels = rng.choice(len(centres), size=n, p=weights)
    points = rng.standard_normal((n, dim), dtype=np.float32)
    points *= np.float32(SPREAD / np.sqrt(dim))
    points += centres[labels]
    return _on_sphere(points)


def _categories(spec: CatalogueSpec) -> tuple[Array, Array]:
    """The categories' centres (unit vectors) and their shares of the catalogue."""
    rng = np.random.default_rng([spec.seed, spec.dim, 1])
    centres = _on_sphere(rng.standard_normal((CLUSTERS, spec.dim), dtype=np.float32))
    weights = 1.0 / np.arange(1, CLUSTERS + 1) ** POPULARITY
    return centres, weights / weights.sum()


def growth_sizes(size: int) -> tuple[int, int, int]:
    """The catalogue sizes measured as it is indexed: a quarter, a half, and all of it."""
    return size // 4, size // 2, size


def item_chunks(spec: CatalogueSpec) -> Iterator[tuple[Array, bool]]:
    """The item embeddings in blocks of at most BLOCK rows (float32, unit length, the same for the same
    spec), each with whether it completes one of ``growth_sizes``: an index is built block by block and
    measured at each of those sizes, and only one block is held besides the index."""
    centres, weights = _categories(spec)
    rng = np.random.default_rng([spec.seed, spec.dim, spec.size, 2])
    start = 0
    for end in growth_sizes(spec.size):
        while start < end:
            stop = min(start + BLOCK, end)
            yield _mixture(rng, centres, weights, stop - start), stop == end
            start = stop


def items(spec: CatalogueSpec) -> Array:
    """Every item embedding, in one array (the chunks of ``item_chunks``, stacked)."""
    return np.concatenate([block for block, _ in item_chunks(spec)])


def queries(spec: CatalogueSpec) -> Array:
    """N_QUERIES user embeddings, drawn from the catalogue's categories (users ask for what it holds)
    with their own random stream, the same for every catalogue size."""
    centres, weights = _categories(spec)
    return _mixture(np.random.default_rng([spec.seed, spec.dim, 3]), centres, weights, N_QUERIES)


def found_mask(found: Array, truth: Array) -> Array:
    """(queries, truth's width) booleans: whether each true id is among that query's ``found`` ids (faiss
    pads a short result with -1, which matches nothing). One vectorised ``isin`` over all queries: each
    row's ids are offset into a range of their own."""
    found, truth = np.asarray(found, dtype=np.int64), np.asarray(truth, dtype=np.int64)
    span = int(max(found.max(initial=0), truth.max(initial=0))) + 2
    offsets = np.arange(len(truth), dtype=np.int64)[:, None] * span
    padded = np.where(found < 0, span - 1, found)
    return np.isin(truth + offsets, padded + offsets)


def overlap(found: Array, truth: Array) -> Array:
    """Per query, how many of the ``truth`` ids (one row per query) are among the ``found`` ids."""
    return found_mask(found, truth).sum(axis=1)


def recall(found: Array, truth: Array) -> float:
    """Mean share of each query's ``truth`` ids that ``found`` holds (recall@k with k = truth's width)."""
    return float(overlap(found, truth).mean() / truth.shape[1])
