"""Every number of the page for one reading of the sessions: a label source, k, eta and IPS clip.

Nothing here re-simulates: the clicks at any eta come from the uniforms drawn once per seed, so a
reading takes a few milliseconds. Each metric is computed per draw (seed) and summarised as mean ±
sd over the ``REPEATS`` draws. nDCG pools its queries (total DCG@k over total ideal DCG@k), so A and
B share one normaliser and an unbiased DCG estimate (IPS) keeps the sign of their difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from explorers.ranking import measures as m
from explorers.ranking import simulation as sim
from explorers.ranking.labels import SOURCES, Labels, seen_clicks

RANKERS = {"a": "A", "b": "B", "random": "Random ranking"}
ETA_GRID = np.round(np.arange(0.0, 2.0001, 0.1), 10)
CLIP_GRID = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 500.0, None)
TIE = 0.0005  # a difference smaller than this reads as a tie at 3 decimals


@dataclass(frozen=True)
class Stat:
    """Mean ± sd (ddof 1) of one quantity over the draws where it is defined."""

    mean: float
    sd: float
    draws: int

    @classmethod
    def of(cls, per_draw: np.ndarray) -> Stat | None:
        kept = per_draw[np.isfinite(per_draw)]
        if kept.size == 0:
            return None
        sd = float(np.std(kept, ddof=1)) if kept.size > 1 else 0.0
        return cls(float(np.mean(kept)), sd, int(kept.size))


def pooled_ndcg(gains: np.ndarray, order: np.ndarray, k: int | None = None) -> np.ndarray:
    """nDCG@j of every draw for j = 1..k (every j when k is None): (draws, k); queries pooled: the
    draw's total DCG@j over its total ideal DCG@j. ``order`` lists each list's items best first."""
    k = gains.shape[-1] if k is None else k
    d = m.discounts(gains.shape[-1])[:k]
    ranked = sim.gather(gains, order[..., :k])
    top = -np.partition(-gains, k - 1, axis=-1)[..., :k] if k < gains.shape[-1] else gains
    dcg = np.cumsum((ranked * d).sum(axis=1), axis=-1)
    ideal = np.cumsum((m.ideal_order(top) * d).sum(axis=1), axis=-1)
    out = np.full(dcg.shape, np.nan)
    np.divide(dcg, ideal, out=out, where=ideal > 0)
    return out


def _ranked(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    return sim.gather(values, order)


def _at(curve: np.ndarray, k: int) -> np.ndarray:
    return m.mean_per_draw(curve[..., k - 1])


@dataclass(frozen=True)
class Metric:
    """One metric: its name at cut-off k, and its value per draw for one ranker (None: the label
    source has no form of it)."""

    name: Callable[[int], str]
    per_draw: Callable[[Labels, sim.Sessions, str, int], np.ndarray | None]


def _ndcg(labels: Labels, s: sim.Sessions, ranker: str, k: int) -> np.ndarray:
    return pooled_ndcg(labels.gains, s.orders[ranker], k)[:, -1]


def _map(labels: Labels, s: sim.Sessions, ranker: str, k: int) -> np.ndarray | None:
    if labels.binary is None:
        return None
    return _at(m.average_precision_curve(_ranked(labels.binary, s.orders[ranker])), k)


def _mrr(labels: Labels, s: sim.Sessions, ranker: str, k: int) -> np.ndarray | None:
    if labels.binary is None:
        return None
    return m.mean_per_draw(m.reciprocal_rank(_ranked(labels.binary, s.orders[ranker])))


def _precision(labels: Labels, s: sim.Sessions, ranker: str, k: int) -> np.ndarray:
    return _at(m.precision_curve(_ranked(labels.counts, s.orders[ranker])), k)


def _recall(labels: Labels, s: sim.Sessions, ranker: str, k: int) -> np.ndarray:
    return _at(m.recall_curve(_ranked(labels.counts, s.orders[ranker])), k)


def _auc(labels: Labels, s: sim.Sessions, ranker: str, k: int) -> np.ndarray | None:
    return None if labels.binary is None else m.auc_from_ranks(labels.binary, s.pooled_ranks[ranker])


METRICS: dict[str, Metric] = {
    "ndcg": Metric(lambda k: f"nDCG@{k}", _ndcg),
    "map": Metric(lambda k: f"MAP@{k}", _map),
    "mrr": Metric(lambda k: "MRR", _mrr),
    "precision": Metric(lambda k: f"Precision@{k}", _precision),
    "recall": Metric(lambda k: f"Recall@{k}", _recall),
    "auc": Metric(lambda k: "AUC", _auc),
}


@dataclass(frozen=True, eq=False)
class Reading:
    """The numbers behind every card, table row, chart and sentence."""

    source: str
    k: int
    k_asked: int
    eta: float
    clip: float | None
    n_items: int
    table: dict[str, dict[str, Stat | None]]  # metric -> ranker -> mean ± sd
    gaps: dict[str, Stat]  # label source (and "seen") -> B − A nDCG@k at this eta and clip
    sweep: dict[str, np.ndarray]  # "clicks", "ips", "ips_sd", "relevance", "seen": B − A vs ETA_GRID
    flip_eta: float | None  # the smallest eta on the grid where raw clicks prefer the other ranker
    k_curves: dict[str, np.ndarray]  # ranker -> mean nDCG@k for k = 1..n_items on the source
    ctr_observed: np.ndarray  # click-through at each of A's positions
    ctr_expected: np.ndarray  # the click model's expectation there: P(examined) x mean P(click | seen)
    ctr_if_seen: np.ndarray  # mean P(click | seen) there: the click-through without position bias
    clip_gaps: tuple[Stat, ...]  # IPS B − A at each CLIP_GRID entry, at this eta
    largest_weight: float  # the largest inverse-propensity weight before clipping: n_items^eta
    clicks_per_list: float

    @property
    def source_name(self) -> str:
        return SOURCES[self.source].name


def _top_items(s: sim.Sessions, k: int) -> dict[str, np.ndarray]:
    """Flat indices of A's and B's top k items in every list: (draws, queries, k)."""
    return {r: s.orders[r][..., :k] for r in ("a", "b")}


def _gap(gains: np.ndarray, top: dict[str, np.ndarray], *, binary: bool = False) -> np.ndarray:
    """B − A pooled nDCG@k per draw (``top`` from ``_top_items``); the same as the difference of
    ``pooled_ndcg`` at k, with the shared ideal computed once. Leading axes of ``gains`` before
    (draws, queries, items) are kept: an array of click logs gives one gap per log and draw. For 0/1
    ``binary`` gains the ideal needs no sort: a list with c positives scores the first min(c, k)
    discounts."""
    k = top["a"].shape[-1]
    d = m.discounts(gains.shape[-1])[:k]
    lead = gains.shape[:-3]
    flat = gains.reshape(*lead, -1)
    dcg = {r: (flat[..., index] @ d).sum(axis=-1) for r, index in top.items()}
    if binary:
        best = np.concatenate(([0.0], np.cumsum(d)))
        ideal = best[np.minimum(gains.sum(axis=-1).astype(int), k)].sum(axis=-1)
    else:
        ideal = (m.ideal_order(gains)[..., :k] @ d).sum(axis=-1)
    out = np.full(ideal.shape, np.nan)
    np.divide(dcg["b"] - dcg["a"], ideal, out=out, where=ideal > 0)
    return out


def _mean_sd(gaps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sd (ddof 1) over the draws (last axis), skipping NaN."""
    finite = np.isfinite(gaps)
    count = finite.sum(axis=-1)
    mean = np.where(finite, gaps, 0.0).sum(axis=-1) / np.maximum(count, 1)
    spread = np.where(finite, (gaps - mean[..., None]) ** 2, 0.0).sum(axis=-1)
    return mean, np.sqrt(spread / np.maximum(count - 1, 1))


def sweep(
    noise_a: float, noise_b: float, n_items: int, seed: int, *, k: int, clip: float | None
) -> dict[str, np.ndarray]:
    """B − A pooled nDCG@k against eta on ``ETA_GRID`` for each label source: every eta's click log at
    once, from the seed's uniforms (the same sessions ``simulate`` draws; k capped at the list length)."""
    s = sim.simulate(noise_a, noise_b, n_items, seed)
    return _sweep(s, _top_items(s, int(min(max(int(k), 1), s.n_items))), clip)


def _sweep(s: sim.Sessions, top: dict[str, np.ndarray], clip: float | None) -> dict[str, np.ndarray]:
    """B − A against eta on the grid: every eta's click log at once, from the same uniforms."""
    clicked = sim.clicks(s, ETA_GRID)
    clicks, _ = _mean_sd(_gap(clicked, top, binary=True))
    ips, ips_sd = _mean_sd(_gap(clicked * sim.ips_weights(s, ETA_GRID, clip), top))
    flat = np.ones(ETA_GRID.size)
    return {
        "clicks": clicks,
        "ips": ips,
        "ips_sd": ips_sd,
        "relevance": flat * np.mean(_gap(s.relevance.astype(float), top)),
        "seen": flat * np.mean(_gap(seen_clicks(s).gains, top)),
    }


def _flip(sweep: dict[str, np.ndarray]) -> float | None:
    """The first eta where raw clicks' preference is the other way from the relevance labels'."""
    truth = np.sign(sweep["relevance"][0])
    flipped = np.flatnonzero(np.sign(sweep["clicks"]) == -truth)
    return None if truth == 0 or flipped.size == 0 else float(ETA_GRID[flipped[0]])


def _positions(s: sim.Sessions, clicks: np.ndarray, eta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Click-through by A's position: observed, the model's expectation, and without position bias."""
    order = s.orders["a"]  # A's items, top first: position p holds order[..., p - 1]
    seen = sim.click_if_seen(s.relevance)
    observed = sim.gather(clicks, order).mean(axis=(0, 1))
    if_seen = sim.gather(seen, order).mean(axis=(0, 1))
    expected = sim.examination(np.arange(1, s.n_items + 1), eta) * if_seen
    return observed, expected, if_seen


def _curves(labels: Labels, s: sim.Sessions) -> dict[str, np.ndarray]:
    """Mean nDCG@k over draws for every k, per ranker (the ideal computed once)."""
    d = m.discounts(s.n_items)
    ideal = np.cumsum((m.ideal_order(labels.gains) * d).sum(axis=1), axis=-1)
    curves = {}
    for r in RANKERS:
        dcg = np.cumsum((_ranked(labels.gains, s.orders[r]) * d).sum(axis=1), axis=-1)
        out = np.full(dcg.shape, np.nan)
        np.divide(dcg, ideal, out=out, where=ideal > 0)
        curves[r] = _mean_sd(out.T)[0]
    return curves


def _clip_gaps(
    s: sim.Sessions, clicks: np.ndarray, eta: float, top: dict[str, np.ndarray]
) -> tuple[Stat, ...]:
    """IPS's B − A at every clip of the grid, at this eta."""
    weights = sim.ips_weights(s, eta, None)
    limits = np.array([np.inf if c is None else c for c in CLIP_GRID]).reshape(-1, 1, 1, 1)
    gaps = _gap(clicks * np.minimum(weights, limits), top)
    return tuple(Stat.of(row) for row in gaps)  # type: ignore[misc]


def read(
    s: sim.Sessions,
    *,
    source: str,
    k: int,
    eta: float,
    clip: float | None,
    swept: dict[str, np.ndarray] | None = None,
) -> Reading:
    """Every number for these settings (k is capped at the list length); ``swept`` is ``sweep``'s
    result for the same sessions, k and clip (computed here when not given)."""
    k_used = int(min(max(int(k), 1), s.n_items))
    labels = SOURCES[source].make(s, eta, clip)
    table = {
        key: {
            r: (None if (v := metric.per_draw(labels, s, r, k_used)) is None else Stat.of(v)) for r in RANKERS
        }
        for key, metric in METRICS.items()
    }
    top = _top_items(s, k_used)
    gaps = {key: Stat.of(_gap(src.make(s, eta, clip).gains, top)) for key, src in SOURCES.items()}
    gaps["seen"] = Stat.of(_gap(seen_clicks(s).gains, top))
    sweep = _sweep(s, top, clip) if swept is None else swept
    clicks = sim.clicks(s, eta)
    observed, expected, if_seen = _positions(s, clicks, eta)
    clip_gaps = _clip_gaps(s, clicks, eta, top)
    return Reading(
        source=source,
        k=k_used,
        k_asked=int(k),
        eta=float(eta),
        clip=clip,
        n_items=s.n_items,
        table=table,
        gaps=gaps,  # type: ignore[arg-type]
        sweep=sweep,
        flip_eta=_flip(sweep),
        k_curves=_curves(labels, s),
        ctr_observed=observed,
        ctr_expected=expected,
        ctr_if_seen=if_seen,
        clip_gaps=clip_gaps,  # type: ignore[arg-type]
        largest_weight=float(s.n_items ** float(eta)),
        clicks_per_list=float(clicks.sum(axis=-1).mean()),
    )
