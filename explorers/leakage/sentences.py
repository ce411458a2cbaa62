"""What to notice and the key numbers, computed from the view's numbers (never typed in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explorers.leakage.leaks import LEAKS
from explorers.leakage.splits import FOLDS, SPLITS
from explorers.leakage.training import Estimate, Importance, Production
from explorers.view import KeyNumber

CHANCE_HELP = "Chance (a random ranking) scores 0.50."
SAME = 0.005  # AUC differences smaller than this print as 0.00


@dataclass(frozen=True)
class LeakRow:
    """One leak switched on alone, on the chosen split: its estimate, production score and the optimism
    it adds over the leak-free gap."""

    key: str
    estimate: float
    production: float

    @property
    def gap(self) -> float:
        """Offline minus production AUC."""
        return self.estimate - self.production


def added(row: LeakRow, clean: LeakRow) -> float:
    """The optimism a leak adds on its own: its gap minus the leak-free gap."""
    return row.gap - clean.gap


def headline(
    split: str, estimate: Estimate, production: Production, honest: Estimate, clean_production: Production
) -> tuple[KeyNumber, ...]:
    """The four stage numbers, then the leak-free production score."""
    gap = estimate.auc - production.auc
    return (
        KeyNumber(
            f"Offline AUC ({SPLITS[split].short})",
            f"{estimate.auc:.2f}",
            help=f"Mean ROC-AUC over {FOLDS} validation folds of the log, with the current leaks. "
            f"{CHANCE_HELP}",
        ),
        KeyNumber(
            "Production AUC",
            f"{production.auc:.2f}",
            f"{production.auc - estimate.auc:+.2f}",
            delta_description="vs offline",
            help=f"The model trained on the whole log, scored on the {production.rows:,} later rows of new "
            f"users. {CHANCE_HELP}",
        ),
        KeyNumber(
            "Optimism gap",
            f"{gap:+.2f}",
            help="Offline AUC minus production AUC: how much the offline number over-promised (0 is honest). "
            f"{CHANCE_HELP}",
        ),
        KeyNumber(
            "Honest estimate (time split, no leaks)",
            f"{honest.auc:.2f}",
            help=f"Split by time with a gap and every leak off; without leaks production scores "
            f"{clean_production.auc:.2f}. {CHANCE_HELP}",
        ),
        KeyNumber(
            "Production AUC, no leaks",
            f"{clean_production.auc:.2f}",
            help=f"The same model without any leak, on the same production rows. {CHANCE_HELP}",
        ),
    )


def _headline_sentence(split: str, estimates: Mapping[str, Estimate], production: Production) -> str:
    """The page's question, answered with the live numbers."""
    chosen, by_time = estimates[split], estimates["time"]
    if split == "time":
        return (
            f"Splitting by time, the cross-validated AUC was {chosen.auc:.2f} against {production.auc:.2f} "
            f"in production; a random split would have claimed {estimates['random'].auc:.2f}."
        )
    head = (
        f"With a {SPLITS[split].short} split the cross-validated AUC was {chosen.auc:.2f}, but production "
        f"gave {production.auc:.2f}"
    )
    if by_time.auc < chosen.auc - SAME:
        return f"{head}; splitting by time brought the estimate down to {by_time.auc:.2f}."
    return (
        f"{head}; splitting by time still claims {by_time.auc:.2f}, so the leaks, not the split, carry "
        "the optimism."
    )


def _split_sentence(clean: Mapping[str, Estimate], clean_production: Production) -> str:
    """Even without leaks, how far each split's estimate sits from production."""
    random, group, by_time = (clean[key].auc for key in ("random", "group", "time"))
    head = (
        f"With every leak off, random K-fold estimates {random:.2f}, grouping by user {group:.2f} and "
        f"splitting by time {by_time:.2f}, against {clean_production.auc:.2f} in production"
    )
    if random > max(group, by_time) + SAME:
        return (
            f"{head}: a random split lets the model meet a user's other rows and later days, which "
            "production's new users never offer."
        )
    return f"{head}: on this log the split alone moves the estimate little; the leaks make the big gap."


def largest(rows: Sequence[LeakRow], clean: LeakRow) -> LeakRow | None:
    """The leak that adds the most optimism on its own (None when none is listed)."""
    return max(rows, key=lambda row: added(row, clean), default=None)


def _leak_sentence(rows: Sequence[LeakRow], clean: LeakRow, split: str) -> str | None:
    """Which leak adds the most optimism alone, and what the duplicates do on this split."""
    top = largest(rows, clean)
    if top is None:
        return None
    extra = added(top, clean)
    if extra < SAME:
        return f"On the {SPLITS[split].short} split no leak adds optimism on its own."
    sentence = (
        f"On its own, {LEAKS[top.key].short.lower()} adds the most optimism on the {SPLITS[split].short} "
        f"split: the gap widens to {top.gap:+.2f}, against {clean.gap:+.2f} without leaks."
    )
    duplicates = next((row for row in rows if row.key == "duplicates"), None)
    if duplicates is not None and split != "random":
        sentence += (
            f" Near-duplicates add only {added(duplicates, clean):+.2f} here: copies share a user and a "
            "timestamp, so this split keeps them on one side."
        )
    return sentence


def _importance_sentence(result: Importance, leaky: frozenset[str]) -> str | None:
    """The top feature by permutation importance, and whether it is a leak."""
    if not result.names:
        return None
    name, drop = result.names[0], float(result.mean[0])
    verdict = (
        "a leaked field: when one feature towers over the rest, suspect leakage before celebrating"
        if name in leaky
        else "a legitimate feature"
    )
    return (
        f"{name} tops the permutation importance: shuffling it costs {drop:.3f} AUC on the last validation "
        f"fold; it is {verdict}."
    )


def what_to_notice(
    split: str,
    *,
    estimates: Mapping[str, Estimate],
    clean: Mapping[str, Estimate],
    production: Production,
    clean_production: Production,
    rows: Sequence[LeakRow],
    clean_row: LeakRow,
    importance: Importance,
    leaky: frozenset[str],
) -> tuple[str, ...]:
    """Three to four sentences from the live numbers."""
    notes = [
        _headline_sentence(split, estimates, production),
        _split_sentence(clean, clean_production),
        _leak_sentence(rows, clean_row, split),
        _importance_sentence(importance, leaky),
    ]
    return tuple(note for note in notes if note is not None)
