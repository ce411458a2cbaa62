"""Synthetic ranking sessions and the click logs they leave.

Each of ``REPEATS`` independent draws (a seed each) holds ``QUERIES`` queries, each with ``n_items``
candidate items of graded true relevance 0-3 (an editor's judgement). Two rankers score every item
as the relevance they perceive plus noise: A perceives every grade, B cannot tell bad from fair
items (it perceives both as 0.5), so with less noise B finds the best items but orders the tail
worse: B can win on the head of the list and A on the tail.

Clicks come from a position-based model while A ranks: the user examines rank r with probability
1/r^eta and, having examined an item, clicks it with a probability that grows with its relevance.
The uniforms behind both draws are drawn once per seed, so clicks at any eta reuse them (common
random numbers): moving eta moves the clicks smoothly, and it re-simulates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from datasets.errors import UserFacingError

GRADES = np.array([0, 1, 2, 3])
GRADE_NAMES = ("bad", "fair", "good", "perfect")
GRADE_SHARES = np.array([0.55, 0.25, 0.13, 0.07])  # share of candidates at each grade
RELEVANT_GRADE = 2  # binary metrics count grades 2 and 3 as relevant
CLICK_IF_SEEN = np.array([0.02, 0.10, 0.40, 0.80])  # P(click | examined, grade)
B_PERCEIVES = np.array([0.5, 0.5, 2.0, 3.0])  # the relevance B's score is centred on, per grade
REPEATS = 8  # independent draws: every metric is a mean ± sd over these seeds
QUERIES = 100  # queries (sessions) per draw
MIN_ITEMS, MAX_ITEMS = 5, 50
MAX_NOISE = 5.0


@dataclass(frozen=True, eq=False)
class Sessions:
    """``REPEATS`` x ``QUERIES`` x ``n_items`` arrays: relevance, each ranker's scores and the
    uniforms the clicks are drawn from; A's display position (1 = top) of every item."""

    relevance: np.ndarray  # int grades 0-3
    scores: dict[str, np.ndarray]  # ranker key ("a", "b", "random") -> scores
    orders: dict[str, np.ndarray]  # ranker key -> flat indices of each list's items, best-scored first
    pooled_ranks: dict[str, np.ndarray]  # ranker key -> rank of every score among its draw's (for AUC)
    position_a: np.ndarray  # the rank A shows each item at, 1-based
    u_examine: np.ndarray
    u_click: np.ndarray
    noise_a: float
    noise_b: float
    seed: int

    @property
    def n_items(self) -> int:
        return int(self.relevance.shape[-1])

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.relevance.shape  # type: ignore[return-value]


def check_settings(noise_a: float, noise_b: float, n_items: int) -> None:
    """A UserFacingError for settings the simulator cannot use."""
    if not MIN_ITEMS <= int(n_items) <= MAX_ITEMS:
        raise UserFacingError(f"Items per list must be from {MIN_ITEMS} to {MAX_ITEMS}; got {n_items}.")
    for name, value in (("A", noise_a), ("B", noise_b)):
        if not np.isfinite(value) or not 0.0 <= value <= MAX_NOISE:
            raise UserFacingError(f"Ranker {name}'s noise must be from 0 to {MAX_NOISE:g}; got {value}.")


def gather(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``values`` (draws, queries, items; any leading axes before) in a ranker's ``order`` (flat
    indices from ``Sessions.orders``, or a prefix of them)."""
    return values.reshape(*values.shape[:-3], -1)[..., order]


def positions_of(scores: np.ndarray) -> np.ndarray:
    """The 1-based rank of each item when its list is sorted by ``scores``, highest first."""
    order = np.argsort(-scores, axis=-1, kind="stable")
    positions = np.empty_like(order)
    np.put_along_axis(positions, order, np.arange(1, scores.shape[-1] + 1), axis=-1)
    return positions


def simulate(noise_a: float, noise_b: float, n_items: int, seed: int) -> Sessions:
    """Draw the sessions: relevance, both rankers' scores, a random ranking and the click uniforms."""
    check_settings(noise_a, noise_b, n_items)
    rng = np.random.default_rng([int(seed), int(n_items)])
    shape = (REPEATS, QUERIES, int(n_items))
    relevance = rng.choice(GRADES, size=shape, p=GRADE_SHARES)
    scores = {
        "a": relevance + noise_a * rng.standard_normal(shape),
        "b": B_PERCEIVES[relevance] + noise_b * rng.standard_normal(shape),
        "random": rng.random(shape),
    }
    lists = np.arange(REPEATS * QUERIES).reshape(REPEATS, QUERIES, 1) * int(n_items)
    orders = {key: lists + np.argsort(-value, axis=-1, kind="stable") for key, value in scores.items()}
    ranks = {key: rankdata(value.reshape(REPEATS, -1), axis=-1) for key, value in scores.items()}
    return Sessions(
        relevance=relevance,
        scores=scores,
        orders=orders,
        pooled_ranks=ranks,
        position_a=positions_of(scores["a"]),
        u_examine=rng.random(shape),
        u_click=rng.random(shape),
        noise_a=float(noise_a),
        noise_b=float(noise_b),
        seed=int(seed),
    )


def examination(position: np.ndarray | int, eta: float | np.ndarray) -> np.ndarray:
    """P(the user examines rank ``position``) = 1 / position^eta; an array of etas adds a leading axis."""
    eta = np.asarray(eta, dtype=float)
    return np.power(np.asarray(position, dtype=float), -eta.reshape(*eta.shape, *([1] * np.ndim(position))))


def click_if_seen(relevance: np.ndarray) -> np.ndarray:
    """P(click | examined) of each item, from its grade."""
    return CLICK_IF_SEEN[relevance]


def _at_positions(s: Sessions, per_position: np.ndarray) -> np.ndarray:
    """``per_position`` (one value per rank 1..n_items, on its last axis) read at every item's
    position under A: shape (leading axes of per_position, draws, queries, items)."""
    return per_position[..., s.position_a - 1]


def clicks(s: Sessions, eta: float | np.ndarray) -> np.ndarray:
    """The clicks logged while A ranks, at position-bias strength ``eta`` (0/1 floats); an array of
    etas gives one click log per eta, from the same uniforms."""
    seen = s.u_examine < _at_positions(s, examination(np.arange(1, s.n_items + 1), eta))
    return (seen & (s.u_click < click_if_seen(s.relevance))).astype(float)


def ips_weights(s: Sessions, eta: float | np.ndarray, clip: float | None) -> np.ndarray:
    """Inverse-propensity weights min(1 / P(examined), clip) of every item at A's position."""
    weights = 1.0 / examination(np.arange(1, s.n_items + 1), eta)
    return _at_positions(s, weights if clip is None else np.minimum(weights, float(clip)))
