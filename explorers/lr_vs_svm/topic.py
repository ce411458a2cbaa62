"""The trade-off as the page runs it: typed parameters, the expensive work as fits (each model, each
sweep cached on its own), and the whole view built from their results."""

from __future__ import annotations

from dataclasses import dataclass

import datasets
from explorers.lr_vs_svm import figures, text
from explorers.lr_vs_svm.data import PreparedData, prepare_data
from explorers.lr_vs_svm.fitting import BATCH_ROWS, LATENCY_REPEATS, fit_model
from explorers.lr_vs_svm.reliability import ReliabilityLine, reliability_lines
from explorers.lr_vs_svm.sentences import LiveResult, what_to_notice
from explorers.lr_vs_svm.specs import (
    LogisticSpec,
    SvmSpec,
    degree_notice,
    svm_spec,
    usable_degree,
    with_scaling,
)
from explorers.lr_vs_svm.sweeps import fit_time_sweep, outlier_sweep, snapshot
from explorers.view import Chart, Fit, Fitted, KeyNumber, Message, Table, View

VS_BASELINE = "vs baseline"


@dataclass(frozen=True)
class Params:
    """The page's controls: data (retrain both), each model's settings, and the reading's bins."""

    dataset: datasets.Source
    n_train: int
    outliers: float
    scaling: bool
    seed: int
    lr_c: float
    lr_degree: int
    svm_kernel: str
    svm_c: float
    svm_gamma: float | str
    bins: int

    @property
    def n_features(self) -> int:
        """How many features the dataset has."""
        return datasets.get_info(self.dataset).n_features

    @property
    def logistic(self) -> LogisticSpec:
        """Logistic regression as the controls set it, its degree lowered where the expansion would be
        too wide for the dataset (``degree_notice`` says so)."""
        degree = usable_degree(self.n_features, self.lr_degree)
        return LogisticSpec(C=self.lr_c, degree=degree, scaled=self.scaling)

    @property
    def svm(self) -> SvmSpec:
        """The SVM as the controls set it (gamma only where its kernel uses it)."""
        return svm_spec(self.svm_kernel, self.svm_c, self.svm_gamma, self.scaling)


@dataclass(frozen=True, kw_only=True, eq=False)
class LrVsSvmView(View):
    """Everything the page shows, top to bottom, with the typed results the sentences read.
    ``numbers`` are the three headline numbers (both test accuracies and the majority-class
    baseline); ``details`` holds every other score and cost, with its baseline beside it."""

    live: LiveResult
    details: Table
    surfaces: Chart
    data_caption: str
    reliability: tuple[ReliabilityLine, ReliabilityLine, ReliabilityLine]
    reliability_chart: Chart
    calibration_numbers: tuple[KeyNumber, ...]
    outliers_chart: Chart
    outlier_numbers: tuple[KeyNumber, ...]
    outlier_caption: str
    fit_time_chart: Chart
    fit_time_numbers: tuple[KeyNumber, ...]
    fit_time_caption: str


def fits(p: Params) -> dict[str, Fit]:
    """The data, each model, each model's outlier sweep and opposite-scaling refit, and the fit-time
    sweep: each cached on exactly what changes it, so a control of one model never refits the other."""
    common = (p.dataset, p.n_train, p.outliers, p.seed)
    clean = (p.dataset, p.n_train, p.seed)
    models = {"logistic": p.logistic, "svm": p.svm}
    work: dict[str, Fit] = {"data": Fit(prepare_data, common, label="the data")}
    for key, spec in models.items():
        work[key] = Fit(fit_model, (spec, *common), label=spec.label)
    for key, spec in models.items():
        work[f"{key}_outliers"] = Fit(
            outlier_sweep, (spec, *clean), label=f"{spec.label} at every outlier fraction", cache="data"
        )
        flipped = with_scaling(spec, not p.scaling)
        work[f"{key}_other_scaling"] = Fit(
            snapshot, (flipped, *common), label=f"{spec.label} with scaling flipped", cache="data"
        )
    work["fit_times"] = Fit(fit_time_sweep, (p.dataset, p.seed), label=text.FIT_TIME_LABEL, cache="data")
    return work


# --------------------------------------------------------------------------- key numbers


def _versus(now: float, then: float) -> str | None:
    """A difference of two scores, hidden when it rounds to zero at three decimals."""
    return None if round(now - then, 3) == 0 else f"{now - then:+.3f}"


def score_numbers(r: LiveResult) -> tuple[KeyNumber, ...]:
    """The headline: both test accuracies against the majority-class baseline, and the baseline."""
    lr, svm, base = r.logistic, r.svm, r.baseline
    return (
        KeyNumber(
            "LR test accuracy",
            f"{lr.test_accuracy:.3f}",
            _versus(lr.test_accuracy, base.accuracy),
            delta_description=VS_BASELINE,
        ),
        KeyNumber(
            "SVM test accuracy",
            f"{svm.test_accuracy:.3f}",
            _versus(svm.test_accuracy, base.accuracy),
            delta_description=VS_BASELINE,
        ),
        KeyNumber(
            "Majority-class baseline accuracy",
            f"{base.accuracy:.3f}",
            help=f"Always predicting '{base.majority_label}', the commoner class of the training rows.",
        ),
    )


def details_table(r: LiveResult) -> Table:
    """Every other score and cost of both models, with the no-skill baseline where one applies."""
    lr, svm, base, costs = r.logistic, r.svm, r.baseline, r.costs
    rows = (
        ("Train accuracy", f"{lr.train_accuracy:.3f}", f"{svm.train_accuracy:.3f}", "—"),
        (
            "Test accuracy",
            f"{lr.test_accuracy:.3f}",
            f"{svm.test_accuracy:.3f}",
            f"{base.accuracy:.3f} (majority)",
        ),
        (
            "Test log loss",
            f"{lr.test_log_loss:.3f}",
            f"{svm.test_log_loss:.3f}",
            f"{base.log_loss:.3f} (prior)",
        ),
        ("Test Brier score", f"{lr.test_brier:.3f}", f"{svm.test_brier:.3f}", f"{base.brier:.3f} (prior)"),
        ("Numbers kept", f"{lr.n_coefficients:,} coefficients", f"{svm.n_support:,} support vectors", "1"),
        ("Fit time (CPU, one thread)", costs.fit[0], costs.fit[1], "—"),
        (f"Latency, one row (median of {LATENCY_REPEATS})", costs.latency[0], costs.latency[1], "—"),
        (f"Scoring {BATCH_ROWS:,} rows", costs.batch[0], costs.batch[1], "—"),
    )
    return Table(
        columns=("Measure", "Logistic regression", svm.label + " (calibrated)", "Baseline"), rows=rows
    )


def calibration_numbers(lines: tuple[ReliabilityLine, ...], prior_brier: float) -> tuple[KeyNumber, ...]:
    """The three Brier scores beside the reliability diagram, and the base rate's."""
    logistic, squashed, calibrated = lines
    return (
        KeyNumber("LR Brier", f"{logistic.brier:.3f}", help="Lower is better; 0 is perfect."),
        KeyNumber("SVM Brier, squashed margin", f"{squashed.brier:.3f}"),
        KeyNumber("SVM Brier, calibrated", f"{calibrated.brier:.3f}"),
        KeyNumber(
            "Base-rate Brier (baseline)",
            f"{prior_brier:.3f}",
            help="Predicting the training share of positives for every row: what a useful model beats.",
        ),
    )


def _points(change: float) -> str | None:
    """A test-accuracy change in percentage points (None when it rounds to zero)."""
    return None if round(change * 100, 1) == 0 else f"{change * 100:+.1f} pts test accuracy"


def outlier_numbers(r: LiveResult) -> tuple[KeyNumber, ...]:
    """How much of the chart each model's boundary flips at the fraction read."""
    o = r.outliers
    return (
        KeyNumber(
            f"LR area flipped at {o.fraction:.0%}", f"{o.logistic_moved:.1%}", _points(o.logistic_change)
        ),
        KeyNumber(f"SVM area flipped at {o.fraction:.0%}", f"{o.svm_moved:.1%}", _points(o.svm_change)),
    )


def fit_time_numbers(r: LiveResult) -> tuple[KeyNumber, ...]:
    """Both fit times at the largest size, and their growth exponents."""
    sweep, (lr_time, svm_time) = r.fit_times, r.costs.at_largest
    largest = f"{sweep.sizes[-1]:,} rows"
    projected = bool(sweep.svm_projected)
    return (
        KeyNumber(f"LR fit at {largest}", lr_time),
        KeyNumber(
            f"SVM fit at {largest}",
            ("≈ " if projected else "") + svm_time,
            help="Projected from the measured trend (dashed line)." if projected else None,
        ),
        KeyNumber(
            "Exponent, LR / SVM",
            f"{sweep.logistic_exponent:.1f} / {sweep.svm_exponent:.1f}",
            help=text.EXPONENT_HELP,
        ),
    )


# --------------------------------------------------------------------------- the view


def live_result(p: Params, fitted: Fitted) -> LiveResult:
    """The fits' results with the settings they answer."""
    return LiveResult(
        data=fitted["data"],
        logistic=fitted["logistic"],
        svm=fitted["svm"],
        logistic_outliers=fitted["logistic_outliers"],
        svm_outliers=fitted["svm_outliers"],
        outlier_fraction=p.outliers,
        other_scaling_accuracy=(
            fitted["logistic_other_scaling"].test_accuracy,
            fitted["svm_other_scaling"].test_accuracy,
        ),
        scaled=p.scaling,
        fit_times=fitted["fit_times"],
    )


def _rows_notice(asked: int, data: PreparedData) -> str | None:
    """Why the models train on fewer rows than the training-set size asks (None when they do not)."""
    if data.n_clean >= asked:
        return None
    return (
        f"{data.dataset_name} has room for {data.n_clean:,} training rows (and {data.y_test.size:,} test "
        f"rows), fewer than the {asked:,} the training-set size asks for: the models train on "
        f"{data.n_clean:,}."
    )


def messages(p: Params, r: LiveResult) -> tuple[Message, ...]:
    """The settings the page could not apply as asked, and what it did instead."""
    notes = (degree_notice(p.n_features, p.lr_degree), r.data.raised_because, _rows_notice(p.n_train, r.data))
    return tuple(Message(note) for note in notes if note is not None)


def view(p: Params, fitted: Fitted) -> LrVsSvmView:
    """Numbers, charts, captions and sentences from the fits; the bins only regroup the test scores."""
    r = live_result(p, fitted)
    lines = reliability_lines(r.data.y_test, r.logistic, r.svm, p.bins)
    return LrVsSvmView(
        numbers=score_numbers(r),
        notice=tuple(what_to_notice(r)),
        messages=messages(p, r),
        live=r,
        details=details_table(r),
        surfaces=Chart(figures.surfaces_figure(r.data, r.logistic, r.svm), height=470),
        data_caption=text.data_caption(r.data),
        reliability=lines,
        reliability_chart=Chart(figures.reliability_figure(lines), height=400),
        calibration_numbers=calibration_numbers(lines, r.baseline.brier),
        outliers_chart=Chart(
            figures.outlier_figure(r.logistic_outliers, r.svm_outliers, r.svm.label, p.outliers), height=380
        ),
        outlier_numbers=outlier_numbers(r),
        outlier_caption=text.OUTLIER_CAPTION,
        fit_time_chart=Chart(figures.fit_time_figure(r.fit_times, int(r.data.y_train.size)), height=380),
        fit_time_numbers=fit_time_numbers(r),
        fit_time_caption=text.fit_time_caption(r.fit_times),
    )
