"""Class-conditional 2-D generators: each returns exactly ``n_neg`` negatives then ``n_pos`` positives."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons

Generator = Callable[[int, int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]

_SQRT_HALF = float(np.sqrt(0.5))


def _sklearn_state(rng: np.random.Generator) -> int:
    """An integer random_state for scikit-learn drawn from ``rng``."""
    return int(rng.integers(0, 2**31 - 1))


def _labels(n_neg: int, n_pos: int) -> np.ndarray:
    """``n_neg`` zeros followed by ``n_pos`` ones."""
    return np.repeat(np.array([0, 1], dtype=np.int64), [n_neg, n_pos])


def moons(n_neg: int, n_pos: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (positive = the lower, inner moon)."""
    points, _ = make_moons(
        n_samples=(n_neg, n_pos), noise=noise, shuffle=False, random_state=_sklearn_state(rng)
    )
    return points, _labels(n_neg, n_pos)


def circles(n_neg: int, n_pos: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A ring of radius 0.5 (positive) inside a ring of radius 1 (negative)."""
    points, _ = make_circles(
        n_samples=(n_neg, n_pos), noise=noise, factor=0.5, shuffle=False, random_state=_sklearn_state(rng)
    )
    return points, _labels(n_neg, n_pos)


def linear(n_neg: int, n_pos: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian classes centred at -u and +u, u = (1, 1)/sqrt(2); ``noise`` sets the spread along u."""
    along = np.array([_SQRT_HALF, _SQRT_HALF])
    across = np.array([-_SQRT_HALF, _SQRT_HALF])
    y = _labels(n_neg, n_pos)
    centre = np.where(y == 1, 1.0, -1.0)
    t = centre + rng.normal(scale=2.0 * noise, size=y.size)
    s = rng.normal(scale=1.0, size=y.size)
    return np.outer(t, along) + np.outer(s, across), y


def xor(n_neg: int, n_pos: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points in [-1, 1]^2, positive where x1 * x2 > 0, then Gaussian jitter of std ``noise``."""
    y = _labels(n_neg, n_pos)
    magnitude = rng.uniform(0.0, 1.0, size=(y.size, 2))
    sign1 = rng.choice([-1.0, 1.0], size=y.size)
    sign2 = np.where(y == 1, sign1, -sign1)
    points = magnitude * np.column_stack([sign1, sign2])
    return points + rng.normal(scale=noise, size=points.shape), y


def blobs(n_neg: int, n_pos: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A wide negative blob at (0, 0) overlapping a tight positive blob at (1.5, 1)."""
    points, _ = make_blobs(
        n_samples=[n_neg, n_pos],
        centers=np.array([[0.0, 0.0], [1.5, 1.0]]),
        cluster_std=[2.0 * noise, noise],
        shuffle=False,
        random_state=_sklearn_state(rng),
    )
    return points, _labels(n_neg, n_pos)


GENERATORS: dict[str, Generator] = {
    "moons": moons,
    "circles": circles,
    "linear": linear,
    "xor": xor,
    "blobs": blobs,
}
FEATURE_NAMES: tuple[str, ...] = ("x1", "x2")
