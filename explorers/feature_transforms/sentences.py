""" "What to notice", computed from the view's numbers: direction words follow signs, a change too small
to write at three decimals is said to be so, "best" is the best mean AUC."""

from __future__ import annotations

from dataclasses import dataclass

from explorers import formatting
from explorers.feature_transforms.ctr import NOISY_IMPRESSIONS
from explorers.feature_transforms.data import Posts
from explorers.feature_transforms.smoothing import Smoothing
from explorers.feature_transforms.tables import CHANCE_AUC, mean_true_ctr
from explorers.feature_transforms.training import Score


@dataclass(frozen=True)
class Ranked:
    """The best and the worst transform of one model by mean test AUC, and how many others tie with
    each at three decimals."""

    best: str
    worst: str
    gap: float
    best_ties: int
    worst_ties: int


def ranked(scores: dict[str, Score]) -> Ranked:
    """Best and worst transform by mean AUC (the first in table order on a tie)."""
    keys = list(scores)
    best = max(keys, key=lambda k: scores[k].auc)
    worst = min(keys, key=lambda k: scores[k].auc)

    def ties(key: str) -> int:
        return sum(f"{scores[k].auc:.3f}" == f"{scores[key].auc:.3f}" for k in keys if k != key)

    return Ranked(best, worst, scores[best].auc - scores[worst].auc, ties(best), ties(worst))


def _tied(count: int) -> str:
    if count == 0:
        return ""
    return f", tied with {formatting.count(count, 'other transform')}"


def _moved(before: float, after: float, what: str = "AUC") -> str:
    """'raised AUC from 0.675 to 0.702', 'lowered ...', or 'left AUC at 0.675'."""
    a, b = f"{before:.3f}", f"{after:.3f}"
    if a == b:
        return f"left {what} at {a}"
    return f"{'raised' if after > before else 'lowered'} {what} from {a} to {b}"


def _changed(delta: float) -> str:
    """'changed AUC by 0.004' or 'changed AUC by less than 0.0005'."""
    if f"{abs(delta):.3f}" == "0.000":
        return "changed AUC by less than 0.0005"
    return f"changed AUC by {abs(delta):.3f} ({'up' if delta > 0 else 'down'})"


def log_sentence(scores: dict[str, dict[str, Score]], labels: dict[str, str]) -> str:
    """What log1p does to each model's AUC, against raw counts."""
    lr, trees = scores["logreg"], scores["gbm"]
    return (
        f"For {labels['logreg'].lower()}, log1p {_moved(lr['raw'].auc, lr['log1p'].auc)} over raw counts; "
        f"for {labels['gbm'].lower()} it {_changed(trees['log1p'].auc - trees['raw'].auc)}: a tree splits on "
        "order, and log1p keeps the order."
    )


def spread_sentence(
    scores: dict[str, dict[str, Score]], labels: dict[str, str], names: dict[str, str]
) -> str:
    """Each model's best and worst transform and the gap between them."""
    parts = []
    for model, by_transform in scores.items():
        r = ranked(by_transform)
        parts.append(
            f"with {labels[model].lower()}, {names[r.best]} is best (AUC {by_transform[r.best].auc:.3f}"
            f"{_tied(r.best_ties)}) and {names[r.worst]} worst ({by_transform[r.worst].auc:.3f}"
            f"{_tied(r.worst_ties)}), a gap of {r.gap:.3f}"
        )
    return f"Across the transforms, {parts[0]}; {parts[1]}. Chance is {CHANCE_AUC:.3f}."


def bucket_sentence(
    scores: dict[str, dict[str, Score]], labels: dict[str, str], bins: int, first_bucket: float, feature: str
) -> str:
    """Equal-width against quantile buckets, for each model, and why."""
    parts = [
        f"{by['width_bins'].auc:.3f} and {by['quantile_bins'].auc:.3f} with {labels[m].lower()}"
        for m, by in scores.items()
    ]
    return (
        f"With {bins} buckets, equal-width and quantile edges score AUC {parts[0]}, and {parts[1]}. "
        f"Equal widths put {formatting.share(first_bucket)} of the training rows' {feature.lower()} in the "
        "first bucket; quantile edges put about the same number in each."
    )


def _error(before: float, after: float) -> str:
    """'falls from 0.109 to 0.062', 'rises from ...', or 'stays at 0.052'."""
    a, b = f"{before:.3f}", f"{after:.3f}"
    if a == b:
        return f"stays at {a}"
    return f"{'falls' if after < before else 'rises'} from {a} to {b}"


def smoothing_sentence(s: Smoothing, name: str) -> str:
    """How far smoothing moves the noisiest posts and what it does to the error to the true CTR."""
    noisy = formatting.count(s.noisy, "post")
    head = (
        f"The {name} moves the {noisy} with at most {NOISY_IMPRESSIONS} impressions by {s.shrinkage:.3f} "
        f"on average toward the prior mean {s.prior.mean:.3f}"
        if s.noisy and f"{s.shrinkage:.3f}" != "0.000"
        else f"The {name} barely moves any post"
    )
    return (
        f"{head}. Its error to the true CTR (RMSE) {_error(s.rmse_raw, s.rmse_smoothed)} per post, and "
        f"{_error(s.weighted_rmse_raw, s.weighted_rmse_smoothed)} weighted by impressions: smoothing moves "
        "posts with few impressions most."
    )


def top_sentence(posts: Posts, s: Smoothing) -> str:
    """How many of each top 10 are noisy posts, and how good the two top 10s really are."""
    raw_true, smooth_true = mean_true_ctr(posts, s.top_raw), mean_true_ctr(posts, s.top_smoothed)
    raw_top, smooth_top = s.top_raw.size, s.top_smoothed.size
    return (
        f"Of the top {raw_top} posts by raw CTR, {s.noisy_in_top_raw} have at most {NOISY_IMPRESSIONS} "
        f"impressions; of the top {smooth_top} by smoothed CTR, {s.noisy_in_top_smoothed} do. The raw top "
        f"{raw_top}'s mean true CTR is {raw_true:.3f}, the smoothed top {smooth_top}'s {smooth_true:.3f}."
    )


@dataclass(frozen=True)
class Inputs:
    """What the sentences read: every score, the names, the bucket count, the share of training rows
    in the first equal-width bucket of the count shown and that count's name, the posts, the smoothing
    and the name of the smoother."""

    scores: dict[str, dict[str, Score]]
    model_labels: dict[str, str]
    names: dict[str, str]
    bins: int
    first_bucket: tuple[float, str]
    posts: Posts
    smoothing: Smoothing
    smoother: str


def notice(given: Inputs) -> tuple[str, ...]:
    """The page's sentences, in reading order."""
    return (
        log_sentence(given.scores, given.model_labels),
        spread_sentence(given.scores, given.model_labels, given.names),
        bucket_sentence(given.scores, given.model_labels, given.bins, *given.first_bucket),
        smoothing_sentence(given.smoothing, given.smoother),
        top_sentence(given.posts, given.smoothing),
    )
