"""What to notice: sentences computed from a ``Reading``; every direction word follows a sign."""

from __future__ import annotations

import numpy as np

from explorers.formatting import share
from explorers.ranking.figures import clip_label
from explorers.ranking.reading import CLIP_GRID, METRICS, RANKERS, Reading, Stat


def winner(gap: float) -> str | None:
    """'B' when B − A reads above 0 at 3 decimals, 'A' below, None for a tie."""
    if round(abs(gap), 3) == 0:
        return None
    return "B" if gap > 0 else "A"


def preference(gap: float, verb: str = "prefer") -> str:
    """'prefer B by 0.060', 'prefer A by 0.117', or 'see a tie'."""
    who = winner(gap)
    return "see no difference at 3 decimals" if who is None else f"{verb} {who} by {abs(gap):.3f}"


def card_value(gap: float) -> str:
    """'B by 0.060' for a card, or 'Tie'."""
    who = winner(gap)
    return "Tie" if who is None else f"{who} by {abs(gap):.3f}"


def ips_name(clip: float | None) -> str:
    """'IPS with clipping at 10' or 'IPS without clipping'."""
    return "IPS without clipping" if clip is None else f"IPS with clipping at {clip_label(clip)}"


def _trap(r: Reading) -> str:
    rel, clicks, ips = (r.gaps[key].mean for key in ("relevance", "clicks", "ips"))
    truth, ips_who = winner(rel), winner(ips)
    if truth is None or winner(clicks) == truth:
        verdict = ""
    elif ips_who == truth:
        verdict = f", so IPS recovers {truth}'s lead"
    else:
        verdict = f", so IPS does not recover {truth}'s lead here"
    return (
        f"With η = {r.eta:.1f}, raw clicks {preference(clicks)} nDCG@{r.k}; relevance labels "
        f"{preference(rel)}, and {ips_name(r.clip)} {preference(ips, 'prefers')}{verdict}."
    )


def _flip(r: Reading) -> str:
    truth = winner(r.gaps["relevance"].mean)
    if truth is None:
        return (
            f"Relevance labels see no difference between A and B at nDCG@{r.k}, so there is no lead to lose."
        )
    other = "A" if truth == "B" else "B"
    if r.flip_eta is None:
        return (
            f"On the whole grid (η from 0 to 2) raw clicks never prefer {other}: here position bias "
            f"does not reverse {truth}'s lead."
        )
    return (
        f"Raw clicks first prefer {other} at η = {r.flip_eta:.1f}: the logs were collected while A ranked, "
        "so the items A put on top were the ones examined and clicked."
    )


def _spread(r: Reading) -> str:
    ips, clicks = r.gaps["ips"], r.gaps["clicks"]
    if r.eta == 0:
        return (
            "At η = 0 every position is examined, so every inverse-propensity weight is 1 and IPS is "
            "raw clicks: position bias, and the variance IPS pays to remove it, start as η grows."
        )
    weight = f"{r.largest_weight:,.0f}" if r.largest_weight >= 10 else f"{r.largest_weight:.1f}"
    return (
        f"IPS pays in variance: over {ips.draws} seeds the B − A gap has a standard deviation of "
        f"{ips.sd:.3f} {ips_name(r.clip)[4:]}, against {clicks.sd:.3f} on raw clicks; the "
        f"largest weight before clipping is {weight} ({r.n_items}^{r.eta:.1f})."
    )


def _side(gap: Stat, target: float) -> str:
    off = gap.mean - target
    if round(abs(off), 3) == 0:
        return "matches it"
    return f"sits {abs(off):.3f} {'above' if off > 0 else 'below'} it"


def _clipping(r: Reading) -> str | None:
    if r.eta == 0:
        return None
    low, high = r.clip_gaps[1], r.clip_gaps[-1]  # clip at 2, and no clip
    seen = r.gaps["seen"].mean
    written = f"{seen:.3f}".replace("-", "−")
    return (
        f"Clipping trades variance for bias against the gap with every item examined ({written}): "
        f"clipped at {clip_label(CLIP_GRID[1])}, IPS has a standard deviation of {low.sd:.3f} and "
        f"{_side(low, seen)}; unclipped, {high.sd:.3f}, and it {_side(high, seen)}."
    )


def _segments(ks: np.ndarray) -> str:
    """'k = 1–6', 'k = 3', or 'k = 1–3 and 7'."""
    parts, start = [], ks[0]
    for prev, nxt in zip(ks, [*ks[1:], None], strict=True):
        if nxt is None or nxt != prev + 1:
            parts.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = nxt
    return "k = " + (", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0])


def _by_k(r: Reading) -> str:
    a, b = r.k_curves["a"], r.k_curves["b"]
    gaps = np.round(b - a, 3)
    ks = np.arange(1, r.n_items + 1)
    b_ks, a_ks = ks[gaps > 0], ks[gaps < 0]
    on = f"On {r.source_name}"
    if a_ks.size == 0 and b_ks.size == 0:
        return f"{on}, A and B tie on nDCG@k at every cut-off."
    if a_ks.size == 0:
        return f"{on}, B leads nDCG@k at every cut-off it does not tie, from k = 1 to {r.n_items}."
    if b_ks.size == 0:
        return f"{on}, A leads nDCG@k at every cut-off it does not tie, from k = 1 to {r.n_items}."
    ties = r.n_items - b_ks.size - a_ks.size
    tied = "" if ties == 0 else f" (they tie at the other {ties})"
    return (
        f"{on}, the preference depends on the cut-off: B leads nDCG@k at {_segments(b_ks)}, A at "
        f"{_segments(a_ks)}{tied}; pick k to match what users see."
    )


def _auc(r: Reading) -> str | None:
    auc = r.table["auc"]
    if auc["a"] is None or auc["b"] is None:
        return None
    gap = auc["b"].mean - auc["a"].mean
    ndcg = r.table["ndcg"]
    ndcg_gap = ndcg["b"].mean - ndcg["a"].mean  # type: ignore[union-attr]
    return (
        f"AUC, which weighs a mistake deep in the list like one at the top, would {preference(gap)} on "
        f"{r.source_name}, while nDCG@{r.k}, which weighs the top, would {preference(ndcg_gap)}."
    )


def _positions(r: Reading) -> str:
    last = min(10, r.n_items)
    return (
        f"Under A's ranking, position 1 is clicked in {share(r.ctr_observed[0])} of sessions and position "
        f"{last} in {share(r.ctr_observed[last - 1])}, though the items shown at position {last} would be "
        f"clicked in {share(r.ctr_if_seen[last - 1])} if every position were examined."
    )


def notice(r: Reading) -> tuple[str, ...]:
    """Five to seven sentences: the trap, where it flips, the variance and clipping, k, AUC, clicks."""
    notes = [_trap(r), _flip(r), _spread(r), _clipping(r), _by_k(r), _auc(r), _positions(r)]
    return tuple(note for note in notes if note is not None)


__all__ = ["METRICS", "RANKERS", "card_value", "notice", "preference", "winner"]
