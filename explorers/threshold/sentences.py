"""What to notice: three to five sentences with the live numbers of a ``Reading``."""

from __future__ import annotations

import numpy as np

from explorers.common import percent_change
from explorers.formatting import money
from explorers.metrics import Confusion, check_labels, ratio
from explorers.threshold.costs import (
    TIE_TOLERANCE,
    TTCV_GRID_SIZE,
    CostCurve,
    bayes_threshold,
    ttcv_grid_step,
)
from explorers.threshold.reading import BASELINE_THRESHOLD, Reading
from explorers.threshold.training import ScoredModel


def _same_threshold(a: float, b: float) -> bool:
    """Whether two thresholds print the same with 2 decimals."""
    return f"{a:.2f}" == f"{b:.2f}"


# --------------------------------------------------------------------------- the threshold vs 0.50


def _cut(errors: str, before: int, after: int) -> str:
    """'cut false positives by 40% (120 → 72)', or without the share when it rounds to 0%."""
    cut = abs(percent_change(before, after))
    by = f"by {cut:.0f}% " if round(cut) > 0 else ""
    return f"cut {errors} {by}({before:,} → {after:,})"


def _raise_sentence(base: Confusion, now: Confusion, threshold: float) -> str:
    """Raising the threshold: fewer (or equal) false positives, lower (or equal) recall."""
    r0, r1 = ratio(base.tp, base.tp + base.fn), ratio(now.tp, now.tp + now.fn)
    if now.fp < base.fp:
        fp_part = _cut("false positives", base.fp, now.fp)
    else:
        fp_part = f"left false positives unchanged at {now.fp:,}"
    recall_part = f"recall fell from {r0:.2f} to {r1:.2f}" if r1 < r0 else f"recall stayed at {r1:.2f}"
    start = f"Raising the threshold from {BASELINE_THRESHOLD:.2f} to {threshold:.2f}"
    return f"{start} {fp_part} while {recall_part}."


def _lower_sentence(base: Confusion, now: Confusion, threshold: float) -> str:
    """Lowering the threshold: fewer (or equal) false negatives, more (or equal) false positives."""
    if now.fn < base.fn:
        fn_part = _cut("false negatives", base.fn, now.fn)
    else:
        fn_part = f"left false negatives unchanged at {now.fn:,}"
    if now.fp > base.fp:
        fp_part = f"false positives rose from {base.fp:,} to {now.fp:,}"
    else:
        fp_part = f"false positives stayed at {now.fp:,}"
    start = f"Lowering the threshold from {BASELINE_THRESHOLD:.2f} to {threshold:.2f}"
    return f"{start} {fn_part} while {fp_part}."


def _baseline_sentence(r: Reading) -> str:
    """Compare the current threshold with the default (or describe the default itself)."""
    now, base, threshold = r.confusion, r.baseline_confusion, r.threshold
    if _same_threshold(threshold, BASELINE_THRESHOLD):
        return (
            f"At the default {BASELINE_THRESHOLD:.2f} the model flags {now.tp + now.fp:,} of {now.n:,} "
            f"validation examples (there, precision {r.current.precision:.2f} and recall "
            f"{r.current.recall:.2f}); "
            f"{BASELINE_THRESHOLD:.2f} is only special for calibrated scores with equal error costs, and "
            f"here the cost-optimal threshold is {r.cost_curve.best_threshold:.2f}."
        )
    if threshold > BASELINE_THRESHOLD:
        return _raise_sentence(base, now, threshold)
    return _lower_sentence(base, now, threshold)


# --------------------------------------------------------------------------- costs


def _cost_sentence(r: Reading) -> str:
    """Cost at the current threshold vs the cost-optimal one."""
    curve, cost = r.cost_curve, r.current_cost
    saving = cost - curve.best_cost
    head = f"At {r.threshold:.2f} the expected cost is {money(cost)} per 1,000 predictions"
    if saving <= TIE_TOLERANCE * max(cost, 1.0):
        return f"{head}, already the lowest of any threshold on the validation data."
    return (
        f"{head}; the cost-optimal threshold {curve.best_threshold:.2f} costs "
        f"{money(curve.best_cost)}, saving {money(saving)} per 1,000."
    )


def _between(y_true: np.ndarray, scores: np.ndarray, a: float, b: float) -> tuple[int, int]:
    """(positives, negatives) scoring in [min(a, b), max(a, b)): flagged by one threshold only."""
    y, s = check_labels(y_true, scores)
    inside = (s >= min(a, b)) & (s < max(a, b))
    n_pos = int(np.count_nonzero(inside & (y == 1)))
    return n_pos, int(np.count_nonzero(inside)) - n_pos


def _tie_reason(ours: float, sklearn_t: float, counts: tuple[int, int], curve: CostCurve) -> str:
    """Why two thresholds with the same validation cost both count as optimal."""
    n_pos, n_neg = counts
    if n_pos + n_neg == 0:
        if _same_threshold(ours, sklearn_t):
            return "both searches land on the same operating point."
        return (
            f"no validation score lies between {min(ours, sklearn_t):.2f} and {max(ours, sklearn_t):.2f}, "
            "so both flag exactly the same examples at the same cost; this page reports the middle of the "
            f"range of equally cheap thresholds, {curve.best_range}."
        )
    return (
        f"between {min(ours, sklearn_t):.2f} and {max(ours, sklearn_t):.2f} the lower threshold also flags "
        f"{n_pos:,} more true positives and {n_neg:,} more false positives, which cancel out exactly at "
        "these costs; this page reports the middle of the range of equally cheap thresholds, "
        f"{curve.best_range}."
    )


def explain_threshold_gap(
    ours: float, sklearn_t: float, *, curve: CostCurve, y_true: np.ndarray, scores: np.ndarray
) -> str:
    """The honest reason why TTCV's threshold differs from the exhaustive search's (or that it doesn't).

    ``curve`` is the cost curve both were tuned on; ``y_true``/``scores`` the validation data.
    """
    our_cost, sk_cost = curve.cost_at(ours), curve.cost_at(sklearn_t)
    extra = sk_cost - our_cost
    if abs(extra) <= 1e-6 * max(abs(our_cost), 1.0):
        return _tie_reason(ours, sklearn_t, _between(y_true, scores, ours, sklearn_t), curve)
    if extra > 0:
        return (
            f"TTCV tries {TTCV_GRID_SIZE} evenly spaced thresholds from the lowest to the highest "
            f"validation score (step {ttcv_grid_step(scores):.3f}), while this page tries every distinct "
            f"score, so TTCV can miss the exact optimum by up to one grid step; here that costs "
            f"{money(extra)} more per 1,000."
        )
    return (
        "TTCV found a cheaper point than the exhaustive search, which cannot happen with the same data, "
        "costs and prevalence; check that both were given the same ones."
    )


def _ttcv_sentence(r: Reading, scored: ScoredModel) -> str | None:
    """TTCV's pick, its cost and why it may differ (None when it could not tune)."""
    sklearn_t, curve = r.tuned_threshold, r.cost_curve
    if sklearn_t is None or r.tuned_cost is None:
        return None
    y, scores = scored.y_val, scored.val_scores
    why = explain_threshold_gap(curve.best_threshold, sklearn_t, curve=curve, y_true=y, scores=scores)
    digits = 2 if f"{sklearn_t:.2f}" != f"{curve.best_threshold:.2f}" else 3
    return (
        f"scikit-learn's TunedThresholdClassifierCV picks {sklearn_t:.{digits}f} "
        f"({money(r.tuned_cost)} per 1,000) versus {curve.best_threshold:.{digits}f} here: {why}"
    )


# --------------------------------------------------------------------------- prevalence and Bayes


def _prevalence_sentence(r: Reading, prevalence: float, moved: float) -> str:
    """How precision moves with the deployment prevalence while TPR and FPR stay put."""
    m = r.current
    change = (
        f"stays at {moved:.2f}"
        if f"{moved:.2f}" == f"{m.precision:.2f}"
        else f"goes from {m.precision:.2f} to {moved:.2f}"
    )
    return (
        f"If positives are {prevalence:.1%} of traffic instead of {r.data_prevalence:.1%} as in the "
        f"validation data, precision at {r.threshold:.2f} {change}, while recall "
        f"({m.recall:.2f}) and false-positive rate ({m.fpr:.2f}) stay put: ROC ignores prevalence."
    )


def _cost_ratio(cost_fp: float, cost_fn: float) -> str:
    """'a false negative costs 5.0× a false positive' (or the other way round)."""
    if cost_fn >= cost_fp:
        return f"a false negative costs {cost_fn / cost_fp:.1f}× a false positive"
    return f"a false positive costs {cost_fp / cost_fn:.1f}× a false negative"


def _bayes_verdict(target: float, curve: CostCurve) -> str:
    """How the Bayes threshold fares on the validation data, compared with the exhaustive search."""
    extra = curve.cost_at(target) - curve.best_cost
    if extra <= TIE_TOLERANCE * max(curve.best_cost, 1.0):
        return f"{target:.2f} is itself cost-optimal on the validation data"
    return (
        f"{target:.2f} would cost {money(extra)} more per 1,000 here, a sign that the scores are not "
        "calibrated probabilities (or that the validation set is small)"
    )


def bayes_sentence(
    costs: tuple[float, float], data_pi: float, prevalence: float | None, curve: CostCurve
) -> str:
    """The Bayes-optimal threshold implied by the cost ratio, compared with the one found."""
    target = bayes_threshold(*costs, data_pi)
    rule = f"c_FP / (c_FP + c_FN) = {target:.2f}"
    if prevalence is not None:
        target = bayes_threshold(*costs, data_pi, prevalence)
        rule += f", or {target:.2f} once the odds are shifted to the deployment prevalence"
    return (
        f"Because {_cost_ratio(*costs)}, calibrated probabilities would put the threshold at {rule}; "
        f"the search found {curve.best_threshold:.2f}, and {_bayes_verdict(target, curve)}."
    )


def notice(r: Reading, scored: ScoredModel) -> tuple[str, ...]:
    """Three to five sentences: the threshold vs the default, its cost, TTCV's pick, the deployment
    prevalence (when it differs from the data's) and the Bayes-optimal threshold."""
    shift = r.shifted_prevalence
    notes = [_baseline_sentence(r), _cost_sentence(r), _ttcv_sentence(r, scored)]
    if shift is not None and r.deployed_precision is not None:
        notes.append(_prevalence_sentence(r, shift, r.deployed_precision))
    notes.append(bayes_sentence((r.cost_fp, r.cost_fn), r.data_prevalence, shift, r.cost_curve))
    return tuple(note for note in notes if note is not None)
