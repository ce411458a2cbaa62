"""What to notice: the live result in typed form, and the sentences computed from it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from explorers.formatting import count, durations_s
from explorers.lr_vs_svm.baseline import TIE, Baseline, baseline_of
from explorers.lr_vs_svm.data import PreparedData
from explorers.lr_vs_svm.fitting import BATCH_ROWS, FittedModel
from explorers.lr_vs_svm.sweeps import FitTimeSweep, OutlierSweep

SAME_BRIER = 0.0005  # Brier scores closer than this print the same with three decimals
LINE_LOSES_BY = 0.03  # a straight line this far behind the SVM is told to try a polynomial


@dataclass(frozen=True)
class OutlierReading:
    """Both models at one outlier fraction: the current one, or the largest swept when none is added."""

    fraction: float
    current: bool
    logistic_moved: float  # share of the clean chart whose predicted class flips
    logistic_change: float  # test-accuracy change against no outliers
    svm_moved: float
    svm_change: float


@dataclass(frozen=True)
class Costs:
    """Every duration and cost ratio the page quotes, formatted once: (LR, SVM) pairs told apart."""

    fit: tuple[str, str]
    latency: tuple[str, str]
    batch: tuple[str, str]
    at_largest: tuple[str, str]  # the fit-time sweep's largest size (the SVM's maybe projected)
    fit_ratio: str | None  # the SVM's cost as a multiple of logistic regression's, e.g. '3.1×'
    latency_ratio: str | None
    batch_ratio: str | None


def _times(svm: float, logistic: float) -> str | None:
    """'3.1×' or '1.04×': a cost of the SVM relative to logistic regression's, with a second decimal
    near 1; None when the two are equal (or logistic regression's is zero)."""
    if logistic <= 0:
        return None
    ratio = svm / logistic
    shown = f"{ratio:.1f}×" if abs(ratio - 1) >= 0.05 else f"{ratio:.2f}×"
    return None if shown == "1.00×" else shown


def _pair(logistic: float, svm: float) -> tuple[str, str]:
    first, second = durations_s(logistic, svm)
    return first, second


def against(pair: tuple[str, str], ratio: str | None) -> str:
    """'0.66 ms against 0.41 ms (1.6×)' (SVM first), or '0.66 ms for both' when they print the same."""
    svm, logistic = pair[1], pair[0]
    if svm == logistic:
        return f"{svm} for both"
    return f"{svm} against {logistic}" + (f" ({ratio})" if ratio else "")


@dataclass(frozen=True, eq=False)
class LiveResult:
    """Everything the numbers and sentences read: both models, the sweeps, the opposite-scaling
    accuracies (logistic regression, SVM) and the settings they answer."""

    data: PreparedData
    logistic: FittedModel
    svm: FittedModel
    logistic_outliers: OutlierSweep
    svm_outliers: OutlierSweep
    outlier_fraction: float
    other_scaling_accuracy: tuple[float, float]
    scaled: bool
    fit_times: FitTimeSweep

    @cached_property
    def baseline(self) -> Baseline:
        """The majority-class and prior scores on the test set."""
        return baseline_of(self.data)

    @cached_property
    def outliers(self) -> OutlierReading:
        """Both sweeps read at the current outlier fraction (the largest swept when it is 0)."""
        current = self.outlier_fraction > 0
        fraction = self.outlier_fraction if current else self.logistic_outliers.fractions[-1]
        lr_moved, lr_change = self.logistic_outliers.at(fraction)
        svm_moved, svm_change = self.svm_outliers.at(fraction)
        return OutlierReading(fraction, current, lr_moved, lr_change, svm_moved, svm_change)

    @cached_property
    def costs(self) -> Costs:
        """Fit, latency and batch costs of both models, and the fit-time sweep's largest size."""
        lr, svm, sweep = self.logistic, self.svm, self.fit_times
        return Costs(
            fit=_pair(lr.fit_seconds, svm.fit_seconds),
            latency=_pair(lr.latency_seconds, svm.latency_seconds),
            batch=_pair(lr.batch_seconds, svm.batch_seconds),
            at_largest=_pair(sweep.logistic_seconds[-1], sweep.svm_at_largest),
            fit_ratio=_times(svm.fit_seconds, lr.fit_seconds),
            latency_ratio=_times(svm.latency_seconds, lr.latency_seconds),
            batch_ratio=_times(svm.batch_seconds, lr.batch_seconds),
        )


def support_sentence(r: LiveResult) -> str:
    """Support vectors and what they cost at prediction time, in a batch and for one row."""
    svm, costs = r.svm, r.costs
    return (
        f"The {svm.label} keeps {svm.n_support:,} of its {r.data.y_train.size:,} training points as support "
        f"vectors (logistic regression keeps {count(r.logistic.n_coefficients, 'number')}): scoring "
        f"{BATCH_ROWS:,} rows takes {against(costs.batch, costs.batch_ratio)}; one row takes "
        f"{against(costs.latency, costs.latency_ratio)}, as Python's per-call overhead dominates both."
    )


def _baseline_verdict(logistic: FittedModel, svm: FittedModel, baseline: Baseline) -> str | None:
    """What to say when a model does not beat the majority class (None when both do)."""
    losers = [m for m in (svm, logistic) if not baseline.beaten_by(m.test_accuracy)]
    if not losers:
        return None
    if len(losers) == 2:
        return (
            "neither model beats the baseline, so these features carry little usable signal at this size: "
            "compare calibration or latency only once a model beats it"
        )
    name = "logistic regression" if losers[0] is logistic else f"the {svm.label}"
    return f"{name} does not beat the baseline"


def accuracy_sentence(logistic: FittedModel, svm: FittedModel, baseline: Baseline) -> str:
    """Which model wins on the test set, against the majority-class baseline, with a hint when the
    gap is large; a tie is only called one when both beat the baseline."""
    gap = svm.test_accuracy - logistic.test_accuracy
    head = (
        f"Test accuracy: {svm.label} {svm.test_accuracy:.3f}, {logistic.label.lower()} "
        f"{logistic.test_accuracy:.3f}, against {baseline.accuracy:.3f} for always predicting "
        f"'{baseline.majority_label}' (the majority class)"
    )
    verdict = _baseline_verdict(logistic, svm, baseline)
    if verdict is not None and (abs(gap) < TIE or "neither" in verdict):
        return f"{head}: {verdict}."
    if abs(gap) < TIE:
        return f"{head}: a tie, so pick on calibration, latency and interpretability."
    if gap > LINE_LOSES_BY and logistic.spec.is_straight_line:
        tail = f"; {verdict}" if verdict else ""
        return (
            f"{head}: a straight line cannot follow this boundary; raise logistic regression's "
            f"polynomial degree to let it compete{tail}."
        )
    winner = svm.label if gap > 0 else "logistic regression"
    tail = f", and {verdict}" if verdict else ""
    return f"{head}: {winner} is ahead by {abs(gap):.3f}{tail}."


def _platt(raw: float, calibrated: float) -> str:
    """'improves it to 0.071', 'worsens it to 0.237' or 'leaves it at 0.233': the word follows the sign."""
    if abs(calibrated - raw) < SAME_BRIER or f"{calibrated:.3f}" == f"{raw:.3f}":
        return f"leaves it at {calibrated:.3f}"
    return f"{'improves' if calibrated < raw else 'worsens'} it to {calibrated:.3f}"


def _log_loss_part(logistic: FittedModel, svm: FittedModel, baseline: Baseline) -> str:
    """Both log losses against the prior's, saying which are no better than it."""
    worse = [
        name for name, m in (("LR", logistic), ("SVM", svm)) if m.test_log_loss >= baseline.log_loss - TIE
    ]
    verdict = f"; {' and '.join(worse)} no better than the base rate" if worse else ""
    return (
        f"log-loss {logistic.test_log_loss:.3f} for logistic regression and {svm.test_log_loss:.3f} for the "
        f"calibrated SVM, against {baseline.log_loss:.3f} for predicting the base rate{verdict}"
    )


def calibration_sentence(logistic: FittedModel, svm: FittedModel, baseline: Baseline) -> str:
    """Brier scores of LR, the squashed raw margin, the calibrated SVM and the prior."""
    return (
        f"Squashing the SVM's raw margin through a sigmoid gives a Brier score of {svm.raw_brier:.3f}; "
        f"Platt scaling on out-of-fold margins {_platt(svm.raw_brier, svm.test_brier)}, while logistic "
        f"regression's own probabilities score {logistic.test_brier:.3f} with no extra step and the base "
        f"rate {baseline.brier:.3f} ({_log_loss_part(logistic, svm, baseline)})."
    )


def _change(name: str, now: float, other: float, scaled: bool, noun: str = "") -> str:
    """'the RBF SVM's would drop from 0.94 to 0.71' in the direction scaling is being switched."""
    before, after = (now, other) if scaled else (other, now)
    would = "would " if scaled else ""
    if abs(after - before) < 0.0005:
        return f"{name}'s{noun} {would}{'stay' if scaled else 'stays'} at {now:.2f}"
    digits = 2 if f"{before:.2f}" != f"{after:.2f}" else 3
    verb = ("drop" if after < before else "rise") + ("" if scaled else "s")
    return f"{name}'s{noun} {would}{verb} from {before:.{digits}f} to {after:.{digits}f}"


def scaling_sentence(r: LiveResult) -> str:
    """What feature scaling does to both models' test accuracy."""
    other_logistic, other_svm = r.other_scaling_accuracy
    svm_part = _change(f"the {r.svm.label}", r.svm.test_accuracy, other_svm, r.scaled, " test accuracy")
    lr_part = _change("logistic regression", r.logistic.test_accuracy, other_logistic, r.scaled)
    if not r.scaled:
        return f"Without feature scaling, {svm_part}, and {lr_part} (scaled → unscaled)."
    return f"With feature scaling turned off, {svm_part}, and {lr_part}."


def outlier_sentence(reading: OutlierReading, svm_label: str) -> str:
    """How much each boundary moves at the current (or the largest swept) outlier fraction."""
    o = reading
    if o.current:
        return (
            f"With {o.fraction:.0%} outliers the {svm_label}'s boundary flips the class of {o.svm_moved:.0%} "
            f"of the chart (test accuracy {o.svm_change:+.2f} vs none); logistic regression's flips "
            f"{o.logistic_moved:.0%} ({o.logistic_change:+.2f})."
        )
    return (
        f"Adding {o.fraction:.0%} outliers would flip the class of {o.svm_moved:.0%} of the chart for the "
        f"{svm_label} (test accuracy {o.svm_change:+.2f}) and {o.logistic_moved:.0%} for logistic regression "
        f"({o.logistic_change:+.2f})."
    )


def fit_time_sentence(sweep: FitTimeSweep, at_largest: tuple[str, str]) -> str:
    """How each model's fit time grows with the data."""
    largest = sweep.sizes[-1]
    projected = " (projected)" if sweep.svm_projected else ""
    return (
        f"From {sweep.sizes[0]:,} to {largest:,} rows the SVM's fit time grows like "
        f"n^{sweep.svm_exponent:.1f} and logistic regression's like n^{sweep.logistic_exponent:.1f}: "
        f"at {largest:,} rows the SVM needs {at_largest[1]}{projected}, logistic regression {at_largest[0]}."
    )


def convergence_sentence(logistic: FittedModel, svm: FittedModel) -> str | None:
    """A warning when a solver stopped at its iteration cap, else None."""
    stuck = [m.label for m in (logistic, svm) if not m.converged]
    if not stuck:
        return None
    return (
        f"{' and '.join(stuck)} stopped at the solver's iteration cap without converging: typical of "
        "unscaled features or a very large C; its scores are what the solver reached."
    )


def what_to_notice(r: LiveResult) -> list[str]:
    """Six or seven sentences computed from the live numbers; a stuck solver is named first."""
    notes = [
        accuracy_sentence(r.logistic, r.svm, r.baseline),
        support_sentence(r),
        calibration_sentence(r.logistic, r.svm, r.baseline),
        scaling_sentence(r),
        outlier_sentence(r.outliers, r.svm.label),
        fit_time_sentence(r.fit_times, r.costs.at_largest),
    ]
    stuck = convergence_sentence(r.logistic, r.svm)
    return [stuck, *notes] if stuck else notes
