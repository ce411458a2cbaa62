"""The page's tables: model quality per transform (with the no-skill baseline as its last row) and the
top 10 posts by raw and by smoothed CTR."""

from __future__ import annotations

import numpy as np

from explorers.feature_transforms.ctr import NOISY_IMPRESSIONS
from explorers.feature_transforms.data import Posts
from explorers.feature_transforms.smoothing import Smoothing
from explorers.feature_transforms.training import Score
from explorers.view import Table

QUALITY_COLUMNS = ("Transform", "AUC (mean ± sd)", "Log loss (mean ± sd)", "AUC vs raw counts")
BASELINE_ROW = "No-skill baseline (predict the base rate)"
CHANCE_AUC = 0.5


def quality_table(
    scores: dict[str, Score], labels: dict[str, str], current: str, baseline_loss: float
) -> Table:
    """One row per transform (the current one stressed), then the no-skill baseline."""
    raw = scores["raw"].auc
    rows = [
        (
            labels[key],
            f"{s.auc:.3f} ± {s.auc_sd:.3f}",
            f"{s.log_loss:.4f} ± {s.log_loss_sd:.4f}",
            "—" if key == "raw" else f"{s.auc - raw:+.3f}",
        )
        for key, s in scores.items()
    ]
    rows.append((BASELINE_ROW, f"{CHANCE_AUC:.3f}", f"{baseline_loss:.4f}", f"{CHANCE_AUC - raw:+.3f}"))
    stressed = tuple(tuple(key == current for _ in QUALITY_COLUMNS) for key in scores)
    emphasis = (*stressed, (False,) * len(QUALITY_COLUMNS))
    return Table(QUALITY_COLUMNS, tuple(rows), emphasis=emphasis, muted=(False,) * len(scores) + (True,))


def _post(posts: Posts, i: int, ctr: float) -> str:
    return f"{ctr:.3f} ({posts.clicks[i]:,}/{posts.impressions[i]:,}; true {posts.true_ctr[i]:.3f})"


def top_table(posts: Posts, s: Smoothing) -> Table:
    """Rank, the top posts by raw CTR and by smoothed CTR: the estimate, clicks/impressions and the truth."""
    rows = tuple(
        (str(rank + 1), _post(posts, int(a), float(s.raw[a])), _post(posts, int(b), float(s.smoothed[b])))
        for rank, (a, b) in enumerate(zip(s.top_raw, s.top_smoothed, strict=True))
    )
    noisy_raw = tuple(bool(posts.impressions[a] <= NOISY_IMPRESSIONS) for a in s.top_raw)
    noisy_smooth = tuple(bool(posts.impressions[b] <= NOISY_IMPRESSIONS) for b in s.top_smoothed)
    emphasis = tuple((False, r, m) for r, m in zip(noisy_raw, noisy_smooth, strict=True))
    columns = (
        "Rank",
        "By raw CTR (clicks/impressions; true CTR)",
        "By smoothed CTR (clicks/impressions; true CTR)",
    )
    return Table(columns, rows, emphasis=emphasis)


def mean_true_ctr(posts: Posts, picked: np.ndarray) -> float:
    """The mean true CTR of the ``picked`` posts."""
    return float(posts.true_ctr[picked].mean())
