"""Key numbers, notices and "What to notice", computed from the live results."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from explorers.imbalance.calibration import CALIBRATION_VARIANTS, Calibration
from explorers.imbalance.data import DataPlan
from explorers.imbalance.strategies import DEFAULT_THRESHOLD, STRATEGIES
from explorers.imbalance.training import StrategyResult
from explorers.view import KeyNumber, Message


def correct_runs(results: Sequence[StrategyResult]) -> dict[str, StrategyResult]:
    """The non-leaky strategies that ran, by key."""
    return {r.strategy: r for r in results if r.ok and not r.leaky}


def _named(result: StrategyResult) -> str:
    """A strategy's name in the middle of a sentence."""
    return "doing nothing" if result.strategy == "none" and not result.leaky else result.label


def _caught(result: StrategyResult) -> tuple[int, int]:
    """(true positives, positives) summed over every seed's test split: whole numbers."""
    pooled = result.pooled
    assert pooled is not None
    return pooled.tp, pooled.positives


def _splits(result: StrategyResult) -> str:
    """'the 5 seeds' test splits' or 'the test split'."""
    n = len(result.runs)
    return f"the {n} seeds' test splits" if n > 1 else "the test split"


# --------------------------------------------------------------------------- key numbers


def headline(
    plan: DataPlan, results: Sequence[StrategyResult], none: StrategyResult, positive_label: str
) -> tuple[KeyNumber, ...]:
    """Minority share, what doing nothing scores against its baselines, and the best PR-AUC against it."""
    share = KeyNumber(
        "Minority share",
        f"{plan.minority_share:.1%}",
        help=f"{plan.n_minority:,} {positive_label} in {plan.n_rows:,} rows: {plan.ratio_text}. "
        "Also the chance level of PR-AUC.",
    )
    if not none.ok:
        return (share,)
    caught, total = _caught(none)
    majority = majority_accuracy(none)
    numbers = [
        share,
        KeyNumber(
            "Accuracy, doing nothing",
            f"{none.mean('accuracy'):.1%}",
            delta=f"{100 * (none.mean('accuracy') - majority):+.1f} pts vs flagging nothing",
            delta_color="off",
            help=f"Flagging nothing at all (the majority class) scores {majority:.1%}.",
        ),
        KeyNumber(
            "Caught, doing nothing",
            f"{caught} of {total}",
            help=f"{positive_label[:1].upper()}{positive_label[1:]} examples caught in {_splits(none)} "
            "together.",
        ),
    ]
    ran = correct_runs(results)
    if ran:
        best = max(ran.values(), key=lambda r: r.mean("pr_auc"))
        gain = best.mean("pr_auc") - none.mean("pr_auc")
        same = abs(gain) < 0.005
        numbers.append(
            KeyNumber(
                f"Best PR-AUC: {STRATEGIES[best.strategy].card_name}",
                f"{best.mean('pr_auc'):.2f}",
                delta=None if same else f"{gain:+.2f} vs doing nothing",
                help=f"{best.label}, mean over the seeds; doing nothing scores "
                f"{none.mean('pr_auc'):.2f} and chance (the minority share) {plan.minority_share:.2f}. "
                "PR-AUC: average precision on the minority class.",
            )
        )
    return tuple(numbers)


def majority_accuracy(result: StrategyResult) -> float:
    """Accuracy of flagging nothing (predicting the majority class), mean over the seeds' test splits."""
    return result.mean_of(lambda r: r.test_counts[0] / sum(r.test_counts))


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
    verdict = (
        "no better than"
        if none.mean("accuracy") <= majority_accuracy(none) + 0.0005
        else "just above"
        if none.mean("accuracy") - majority_accuracy(none) < 0.01
        else "above"
    )
    # The table's recall, a mean over the seeds; the pooled share caught/total can differ from it.
    recall = none.mean("recall")
    said = f"recall {recall:.2f}" + ("" if len(none.runs) == 1 else ", the mean over the seeds")
    return (
        f"Doing nothing scores {none.mean('accuracy'):.1%} accuracy, {verdict} flagging nothing at all "
        f"({majority_accuracy(none):.1%}), and catches {caught} of {total} {positive_label} examples in "
        f"{_splits(none)} ({said})."
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
        f"{DEFAULT_THRESHOLD:.2f} to {moved.mean_of(lambda r: r.threshold):.2f} on average, "
        f"{_f1_change(none.mean('f1'), moved.mean('f1'))}."
    )


def _f1_change(before: float, after: float) -> str:
    """'taking F1 from 0.63 to 0.66', or 'leaving F1 at 0.94' when the two show the same."""
    if f"{before:.2f}" == f"{after:.2f}":
        return f"leaving F1 at {after:.2f}"
    return f"taking F1 from {before:.2f} to {after:.2f}"


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


def _calibration_sentence(cal: Calibration, compared: bool) -> str:
    before, after = cal.brier("before")[0], cal.brier("after")[0]
    prior, fitted = cal.brier("prior")[0], cal.brier("calibrated")[0]
    name = cal.label("after")
    source = (
        f'The calibration panel resamples with {name}, its own pick ("Resampler in the calibration panel")'
        + ("" if compared else ", which is not among the strategies compared above")
    )
    return (
        f"{source}: its probabilities average {cal.mean_probability('after'):.2f} against a true minority "
        f"rate of {cal.minority_rate:.2f} (Brier {after:.3f} vs {before:.3f} doing nothing); the prior "
        f"correction {_moves(prior, after)} and CalibratedClassifierCV {_moves(fitted, after)}."
    )


def _moves(new: float, old: float) -> str:
    """'lowers Brier to 0.031', 'raises Brier to 0.052' or 'leaves Brier at 0.040' (three decimals)."""
    if f"{new:.3f}" == f"{old:.3f}":
        return f"leaves Brier at {new:.3f}"
    return f"{'lowers' if new < old else 'raises'} Brier to {new:.3f}"


def what_to_notice(
    plan: DataPlan,
    results: Sequence[StrategyResult],
    none: StrategyResult,
    positive_label: str,
    cal: Calibration | None = None,
    *,
    compared: bool = True,
) -> tuple[str, ...]:
    """Sentences computed from the live numbers; ``none`` is the do-nothing baseline (always run) and
    ``compared`` whether the calibration panel's resampler is among the strategies in the table."""
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
        _calibration_sentence(cal, compared) if cal is not None else None,
    ]
    return tuple(s for s in sentences if s)
