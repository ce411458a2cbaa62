"""Ranking metrics, vectorised over lists: every function takes arrays shaped (..., n_items), one
list per last axis, and returns one value per list (or per list and cut-off k).

Conventions (each tested against scikit-learn or a brute-force definition):

- gains are the labels themselves, as in ``sklearn.metrics.ndcg_score`` (linear gain, discount
  1 / log2(rank + 1));
- a list with no relevant (positive) label has no nDCG, AP, reciprocal rank or recall: NaN, and
  averages skip it; precision@k is defined for every list;
- AP@k divides by min(k, relevant items in the list); at k = n_items it is scikit-learn's
  ``average_precision_score`` of the list;
- AUC is pooled over every item of every list (the classification view: it ignores positions).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata


def in_rank_order(labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """``labels`` reordered by ``scores``, highest score first, in every list."""
    order = np.argsort(-scores, axis=-1, kind="stable")
    return np.take_along_axis(labels, order, axis=-1)


def discounts(n_items: int) -> np.ndarray:
    """1 / log2(rank + 1) for ranks 1..n_items."""
    return 1.0 / np.log2(np.arange(2, n_items + 2))


def _safe_divide(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """top / bottom, NaN where bottom is 0."""
    out = np.full(np.broadcast(top, bottom).shape, np.nan)
    np.divide(top, bottom, out=out, where=bottom > 0)
    return out


def ndcg_curve(ranked: np.ndarray, ideal: np.ndarray) -> np.ndarray:
    """nDCG@k for every k = 1..n_items: (..., n_items). ``ranked`` are the gains in the ranker's
    order, ``ideal`` the same gains sorted highest first. NaN for a list whose gains are all 0."""
    d = discounts(ranked.shape[-1])
    dcg, idcg = np.cumsum(ranked * d, axis=-1), np.cumsum(ideal * d, axis=-1)
    return _safe_divide(dcg, idcg)


def ideal_order(gains: np.ndarray) -> np.ndarray:
    """The gains of every list sorted highest first (the best possible ranking)."""
    return -np.sort(-gains, axis=-1)


def precision_curve(ranked: np.ndarray) -> np.ndarray:
    """Precision@k for every k: the mean label in the top k (the share relevant, for 0/1 labels)."""
    return np.cumsum(ranked, axis=-1) / np.arange(1, ranked.shape[-1] + 1)


def recall_curve(ranked: np.ndarray) -> np.ndarray:
    """Recall@k for every k: the top k's share of the list's total label; NaN when that total is 0."""
    return _safe_divide(np.cumsum(ranked, axis=-1), ranked.sum(axis=-1, keepdims=True))


def average_precision_curve(ranked: np.ndarray) -> np.ndarray:
    """AP@k for every k from 0/1 labels in rank order: sum over relevant ranks i <= k of precision@i,
    divided by min(k, relevant items in the list); NaN for a list with none."""
    n = ranked.shape[-1]
    k = np.arange(1, n + 1)
    hits = np.cumsum(ranked, axis=-1)
    summed = np.cumsum(ranked * hits / k, axis=-1)
    return _safe_divide(summed, np.minimum(k, ranked.sum(axis=-1, keepdims=True)))


def reciprocal_rank(ranked: np.ndarray) -> np.ndarray:
    """1 / the rank of the first relevant item (0/1 labels in rank order); NaN for a list with none."""
    first = np.argmax(ranked > 0, axis=-1)
    found = ranked.max(axis=-1) > 0
    return np.where(found, 1.0 / (first + 1.0), np.nan)


def pooled_auc(relevant: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """ROC AUC of ``scores`` against 0/1 ``relevant`` pooled over every item of every list, one value
    per leading index (axis 0): the Mann-Whitney statistic with tied scores counted half; NaN when a
    draw has only one class."""
    return auc_from_ranks(relevant, rankdata(scores.reshape(scores.shape[0], -1), axis=-1))


def auc_from_ranks(relevant: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """``pooled_auc`` from each draw's score ranks (average ranks for ties), shape (draws, items)."""
    y = relevant.reshape(relevant.shape[0], -1) > 0
    n_pos = y.sum(axis=-1).astype(float)
    n_neg = y.shape[-1] - n_pos
    u = (ranks * y).sum(axis=-1) - n_pos * (n_pos + 1) / 2
    return _safe_divide(u, n_pos * n_neg)


def mean_per_draw(values: np.ndarray) -> np.ndarray:
    """The mean over lists (axis 1) of every draw (axis 0), skipping NaN; NaN for a draw with none."""
    finite = np.isfinite(values)
    total = np.where(finite, values, 0.0).sum(axis=1)
    return _safe_divide(total, finite.sum(axis=1).astype(float))
