"""Key numbers, notices and "What to notice", computed from the live results."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from explorers.imbalance.calibration import CALIBRATION_VARIANTS, Calibration
from explorers.imbalance.data import DataPlan, ratio_label
from explorers.imbalance.strategies import DEFAULT_THRESHOLD
from explorers.imbalance.training import StrategyResult
from explorers.view import KeyNumber, Message


def correct_runs(results: Sequence[StrategyResult]) -> dict[str, StrategyResult]:
    """The non-leaky strategies that ran, by key."""
    return {r.strategy: r for r in results if r.ok and not r.leaky}


def _named(result: StrategyResult) -> str:
    """A strategy's name in the middle of a sentence."""
    return "doing nothing" if result.strategy == "none" and not result.leaky else result.label


def mean_count(value: float) -> str:
    """A mean count: whole when it is (nearly) whole, else one decimal."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _caught(result: StrategyResult) -> tuple[float, float]:
    """Mean (true positives, positives) per test split."""
    return result.mean_of(lambda r: r.metrics.tp), result.mean_of(lambda r: r.metrics.tp + r.metrics.fn)


# --------------------------------------------------------------------------- key numbers


def headline(
    plan: DataPlan, results: Sequence[StrategyResult], none: StrategyResult, positive_label: str
) -> tuple[KeyNumber, ...]:
    """Minority share, what doing nothing scores, and the best PR-AUC against it."""
    share = KeyNumber(
        "Minority share",
        f"{plan.minority_share:.1%}",
        help=f"{plan.n_minority:,} {positive_label} in {plan.n_rows:,} rows: {ratio_label(plan.ratio)}.",
    )
    if not none.ok:
        return (share,)
    caught, total = _caught(none)
    numbers = [
        share,
        KeyNumber("Accuracy, doing nothing", f"{none.mean('accuracy'):.1%}"),
        KeyNumber(
            "Caught, doing nothing",
            f"{mean_count(caught)} of {mean_count(total)}",
            help=f"{positive_label[:1].upper()}{positive_label[1:]} examples caught per test split, "
            "mean over the seeds.",
        ),
    ]
    ran = correct_runs(results)
    if ran:
        best = max(ran.values(), key=lambda r: r.mean("pr_auc"))
        gain = best.mean("pr_auc") - none.mean("pr_auc")
        numbers.append(
            KeyNumber(
                "Best PR-AUC",
                f"{best.mean('pr_auc'):.2f}",
                delta=f"{gain:+.2f}" if abs(gain) >= 0.005 else None,
                delta_description=best.label,
                help=f"{best.label}; the change is against doing nothing. PR-AUC: average precision on "
                "the minority class, mean over the seeds.",
            )
        )
    return tuple(numbers)


def calibration_numbers(cal: Calibration) -> tuple[KeyNumber, ...]:
    """The Brier score of each calibration variant, mean over the seeds."""
    numbers = []
    for variant in CALIBRATION_VARIANTS:
        mean, spread = cal.brier(variant)
        label = f"Brier, {cal.short_label(variant)}"
        numbers.append(KeyNumber(label, f"{mean:.3f}", help=f"± {spread:.3f} over seeds."))
    return tuple(numbers)


def messages(results: Sequence[StrategyResult]) -> tuple[Message, ...]:
    """Automatic adjustments and failures, named by strategy, to show above the table."""
    lines = [f"**{r.label}**: {note}" for r in results for note in r.notes]
    lines += [f"**{r.label}**: {r.error}" for r in results if r.error]
    return tuple(Message(line) for line in lines)


# --------------------------------------------------------------------------- what to notice


def _accuracy_sentence(none: StrategyResult, positive_label: str) -> str:
    caught, total = _caught(none)
    flag_nothing = none.mean_of(lambda r: r.test_counts[0] / sum(r.test_counts))
    return (
        f"Doing nothing scores {none.mean('accuracy'):.1%} accuracy (flagging nothing at all would score "
        f"{flag_nothing:.1%}) and catches {mean_count(caught)} of {mean_count(total)} {positive_label} "
        f"examples per test split: recall {none.mean('recall'):.2f}."
    )


def _trade_sentence(ran: Mapping[str, StrategyResult], none: StrategyResult) -> str | None:
    others = [r for key, r in ran.items() if key != "none"]
    if not others:
        return None
    best = max(others, key=lambda r: r.mean("recall") - none.mean("recall"))
    r0, r1 = none.mean("recall"), best.mean("recall")
    p0, p1 = none.mean("precision"), best.mean("precision")
    if r1 - r0 < 0.005:
        return f"No strategy raises minority recall above doing nothing's {r0:.2f}."
    if p1 < p0 - 0.005:
        precision = f"but precision falls from {p0:.2f} to {p1:.2f}"
    elif p1 > p0 + 0.005:
        precision = f"and precision rises from {p0:.2f} to {p1:.2f}"
    else:
        precision = f"while precision stays at {p1:.2f}"
    return f"{best.label} raises minority recall from {r0:.2f} to {r1:.2f} {precision}."


def _ranking_sentence(ran: Mapping[str, StrategyResult]) -> str | None:
    if len(ran) < 2:
        return None
    by_accuracy = max(ran.values(), key=lambda r: r.mean("accuracy"))
    by_pr_auc = max(ran.values(), key=lambda r: r.mean("pr_auc"))
    if by_accuracy is by_pr_auc:
        return f"{by_accuracy.label} leads on both accuracy and PR-AUC here."
    return (
        f"Ranked by accuracy, {_named(by_accuracy)} comes first; ranked by PR-AUC, {_named(by_pr_auc)} does: "
        "accuracy mostly rewards getting the majority right."
    )


def paired_difference(a: StrategyResult, b: StrategyResult, metric: str) -> tuple[float, float]:
    """(mean of a − b, its standard error) over the seeds both ran on the same data (0 error for one seed)."""
    diffs = a.values(metric) - b.values(metric)
    error = float(np.std(diffs, ddof=1) / math.sqrt(diffs.size)) if diffs.size > 1 else 0.0
    return float(diffs.mean()), error


def _real_sentence(ran: Mapping[str, StrategyResult]) -> str | None:
    if len(ran) < 2:
        return None
    ranked = sorted(ran.values(), key=lambda r: r.mean("pr_auc"), reverse=True)
    best = ranked[0]
    other = (ran.get("none") if best.strategy != "none" else None) or ranked[1]
    n = len(best.runs)
    if n == 1:
        return "With one seed there is no spread, so no difference can be called real: use 3 or more seeds."
    diff, error = paired_difference(best, other, "pr_auc")
    if diff < 0.005:
        return (
            f"{best.label} and {_named(other)} tie on PR-AUC ({best.mean('pr_auc'):.2f} vs "
            f"{other.mean('pr_auc'):.2f}): the strategy moved the threshold, not the ranking."
        )
    head = f"{best.label}'s PR-AUC beats {_named(other)}'s by {diff:.2f}"
    if diff > 2 * error:
        return (
            f"{head}, more than twice its standard error over {n} paired seeds (±{error:.2f}): a real gain."
        )
    return (
        f"{head}, within the noise between seeds (standard error ±{error:.2f} over {n} paired seeds): "
        "not a difference to claim."
    )


def _threshold_sentence(ran: Mapping[str, StrategyResult], none: StrategyResult) -> str | None:
    moved = ran.get("threshold")
    if moved is None:
        return None
    same = math.isclose(moved.mean("pr_auc"), none.mean("pr_auc"), abs_tol=1e-9)
    ranking = (
        f"its PR-AUC equals doing nothing's ({none.mean('pr_auc'):.2f})"
        if same
        else f"its PR-AUC is {moved.mean('pr_auc'):.2f} against {none.mean('pr_auc'):.2f}"
    )
    return (
        f"Threshold moving keeps the untouched model, so {ranking}; it only moves the threshold from "
        f"{DEFAULT_THRESHOLD:.2f} to {moved.mean_of(lambda r: r.threshold):.2f} on average, taking F1 from "
        f"{none.mean('f1'):.2f} to {moved.mean('f1'):.2f}."
    )


def _leak_sentence(results: Sequence[StrategyResult], plan: DataPlan) -> str | None:
    correct = correct_runs(results)
    pairs = [(r, correct[r.strategy]) for r in results if r.leaky and r.ok and r.strategy in correct]
    if not pairs:
        return None
    leaky, honest = max(pairs, key=lambda pair: pair[0].mean("pr_auc") - pair[1].mean("pr_auc"))
    share = leaky.mean_of(lambda r: r.test_counts[1] / sum(r.test_counts))
    verb = "inflates" if leaky.mean("pr_auc") > honest.mean("pr_auc") + 0.005 else "moves"
    return (
        f"The leaky split {verb} {honest.label}'s PR-AUC from {honest.mean('pr_auc'):.2f} to "
        f"{leaky.mean('pr_auc'):.2f} (precision {honest.mean('precision'):.2f} → "
        f"{leaky.mean('precision'):.2f}): its test split is {share:.0%} minority instead of "
        f"{plan.minority_share:.1%}, and resampled copies or neighbours of training rows sit in it."
    )


def _calibration_sentence(cal: Calibration) -> str:
    before, after = cal.brier("before")[0], cal.brier("after")[0]
    prior, fitted = cal.brier("prior")[0], cal.brier("calibrated")[0]
    return (
        f"{cal.label('after')}'s probabilities average {cal.mean_probability('after'):.2f} against a true "
        f"minority rate of {cal.minority_rate:.2f} (Brier {after:.3f} vs {before:.3f} doing nothing); the "
        f"prior correction brings Brier to {prior:.3f} and CalibratedClassifierCV to {fitted:.3f}."
    )


def what_to_notice(
    plan: DataPlan,
    results: Sequence[StrategyResult],
    none: StrategyResult,
    positive_label: str,
    cal: Calibration | None = None,
) -> tuple[str, ...]:
    """Sentences computed from the live numbers; ``none`` is the do-nothing baseline (always run)."""
    if not none.ok:
        return ()
    ran = correct_runs(results)
    sentences = [
        _accuracy_sentence(none, positive_label),
        _trade_sentence(ran, none),
        _ranking_sentence(ran),
        _real_sentence(ran),
        _threshold_sentence(ran, none),
        _leak_sentence(results, plan),
        _calibration_sentence(cal) if cal is not None else None,
    ]
    return tuple(s for s in sentences if s)
