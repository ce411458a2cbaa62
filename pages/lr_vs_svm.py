"""Logistic regression vs SVM: which one for this problem, and how to defend the choice."""

import streamlit as st

from explorers import lr_vs_svm as lx
from ui import page as kit
from ui import presentation, upload
from ui.cache import cache_data, cache_model
from ui.controls import Choice, ControlGroup, Slider, Toggle, seed_control

PAGE = {
    "title": "Logistic regression vs SVM",
    "icon": ":material/compare_arrows:",
    "section": "Modeling",
    "stages": ("model", "deployment"),
    "summary": "Log loss vs hinge loss: boundaries, calibration, outliers, and the cost of kernels at scale.",
    "order": 10,
}

C_OPTIONS = {c: lx.c_label(c) for c in lx.C_VALUES}

SPEC = kit.PageSpec(
    title="Logistic regression vs SVM",
    question="Logistic regression or an SVM for this problem? Defend the choice.",
    intro=(
        "Both models train on the same 75% of the data (plus any injected outliers) and are scored on "
        "the same clean 25% test set. Each model is cached per exact settings: a control of one model "
        "never refits the other."
    ),
    groups=(
        ControlGroup(
            "Data: changing these retrains both models",
            (
                upload.dataset_choice("moons"),
                Choice(
                    "n_train",
                    "Training-set size (rows)",
                    {n: f"{n:,}" for n in lx.TRAIN_SIZES},
                    500,
                    widget="select_slider",
                    help="Rows the models train on; the real tables cap it at 75% of their rows.",
                ),
                Choice(
                    "outliers",
                    "Outliers injected",
                    {f: f"{f:.0%}" for f in lx.OUTLIER_FRACTIONS},
                    0.0,
                    widget="select_slider",
                    help="Far-away copies of training points with the opposite label, as a share of the "
                    "training set. The test set stays clean.",
                ),
                Toggle(
                    "scaling",
                    "Scaling",
                    True,
                    help="A StandardScaler inside both pipelines (fitted on the training rows only).",
                ),
                seed_control(),
            ),
            columns=5,
            retrains=True,
        ),
        ControlGroup(
            "Models: each control refits only its own model",
            (
                Choice(
                    "lr_c",
                    "LR: C",
                    C_OPTIONS,
                    1.0,
                    widget="select_slider",
                    help="Inverse regularisation strength of logistic regression: small C, simpler model.",
                ),
                Slider(
                    "lr_degree",
                    "LR: polynomial degree",
                    1,
                    lx.MAX_DEGREE,
                    1,
                    1,
                    help="1 = plain logistic regression; higher degrees add products of features, so a "
                    "linear model can draw curved boundaries.",
                ),
                Choice("svm_kernel", "SVM: kernel", lx.KERNELS, "rbf"),
                Choice(
                    "svm_c",
                    "SVM: C",
                    C_OPTIONS,
                    1.0,
                    widget="select_slider",
                    help="Cost of a margin violation: small C, wide soft margin and many support vectors.",
                ),
                Choice(
                    "svm_gamma",
                    "SVM: gamma",
                    {g: lx.gamma_label(g) for g in lx.GAMMA_VALUES},
                    "scale",
                    widget="select_slider",
                    help="Reach of one training point in the RBF and polynomial kernels (ignored by the "
                    "linear kernel); 'scale' = 1 / (features × variance).",
                ),
            ),
            caption="Fit time and latency are measured live on this machine: CPU time on one thread.",
            columns=5,
            retrains=True,
        ),
        ControlGroup(
            "Reading: instant, nothing is refitted",
            (
                Slider(
                    "bins",
                    "Reliability-curve bins",
                    4,
                    20,
                    lx.DEFAULT_BINS,
                    1,
                    help="Test examples are grouped into this many equal-sized bins of predicted P(y=1).",
                ),
            ),
            columns=4,
        ),
    ),
    interview=lx.INTERVIEW,
)

fit = cache_model(lx.fit_model)
outlier_sweep = cache_data(lx.outlier_sweep)
snapshot = cache_data(lx.snapshot)
fit_time_sweep = cache_data(lx.fit_time_sweep)


def _versus(now: float, then: float) -> str | None:
    """The SVM's difference from logistic regression, hidden when it rounds to zero."""
    return None if round(now - then, 3) == 0 else f"{now - then:+.3f}"


def _times(svm: float, logistic: float) -> str | None:
    """'3.1× LR' for a cost of the SVM relative to logistic regression's."""
    return f"{svm / logistic:.1f}× LR" if logistic > 0 else None


def _repeats(count: int) -> str:
    """'median of 3 fits' or 'one fit'."""
    return f"median of {count} fits" if count > 1 else "one fit: it is slow enough to time once"


def _score_numbers(logistic: lx.FittedModel, svm: lx.FittedModel) -> None:
    """Rows of four: accuracy, probabilities and model size, then fit and prediction costs."""
    vs_lr = {"delta_description": "vs LR"}
    fit_help = "CPU time on one thread of this machine ({})."
    latency_help = f"CPU time of predict() on one row, median of {lx.LATENCY_REPEATS} calls."
    batch = "Scoring 1,000 rows at once: {}."
    numbers = [
        kit.KeyNumber("LR train accuracy", f"{logistic.train_accuracy:.3f}"),
        kit.KeyNumber("LR test accuracy", f"{logistic.test_accuracy:.3f}"),
        kit.KeyNumber("SVM train accuracy", f"{svm.train_accuracy:.3f}"),
        kit.KeyNumber(
            "SVM test accuracy",
            f"{svm.test_accuracy:.3f}",
            _versus(svm.test_accuracy, logistic.test_accuracy),
            **vs_lr,
        ),
        kit.KeyNumber("LR log-loss", f"{logistic.test_log_loss:.3f}"),
        kit.KeyNumber(
            "SVM log-loss",
            f"{svm.test_log_loss:.3f}",
            _versus(svm.test_log_loss, logistic.test_log_loss),
            help="Of the SVM's calibrated probabilities (Platt scaling on out-of-fold margins).",
            delta_color="inverse",
            **vs_lr,
        ),
        kit.KeyNumber(
            "LR coefficients",
            f"{logistic.n_model_features + 1:,}",
            help="One weight per (expanded) feature plus the intercept: all a prediction needs.",
        ),
        kit.KeyNumber("Support vectors", f"{svm.n_support:,}"),
        kit.KeyNumber(
            "LR fit time",
            lx.format_ms(logistic.fit_seconds),
            help=fit_help.format(_repeats(logistic.fit_repeats)),
        ),
        kit.KeyNumber(
            "SVM fit time",
            lx.format_ms(svm.fit_seconds),
            _times(svm.fit_seconds, logistic.fit_seconds),
            delta_color="off",
            help=fit_help.format(_repeats(svm.fit_repeats))
            + " The calibration's extra fits are not counted.",
        ),
        kit.KeyNumber(
            "LR latency",
            lx.format_ms(logistic.latency_seconds),
            help=f"{latency_help} {batch.format(lx.format_ms(logistic.batch_seconds_per_1000))}",
        ),
        kit.KeyNumber(
            "SVM latency",
            lx.format_ms(svm.latency_seconds),
            _times(svm.latency_seconds, logistic.latency_seconds),
            delta_color="off",
            help=f"{latency_help} {batch.format(lx.format_ms(svm.batch_seconds_per_1000))}",
        ),
    ]
    per_row = 6 if presentation.is_on() else 4  # presentation mode then shows them three a row
    for start in range(0, len(numbers), per_row):
        kit.show_numbers(numbers[start : start + per_row])


def _calibration(data: lx.PreparedData, logistic: lx.FittedModel, svm: lx.FittedModel, bins: int) -> None:
    st.subheader("Can you trust the probabilities?")
    curves = lx.reliability_curves(data.y_test, logistic, svm, bins)
    kit.chart_with_numbers(
        lx.reliability_figure(curves),
        [
            kit.KeyNumber("LR Brier", f"{curves[0].brier:.3f}", help="Lower is better; 0 is perfect."),
            kit.KeyNumber("SVM Brier, squashed margin", f"{curves[1].brier:.3f}"),
            kit.KeyNumber("SVM Brier, calibrated", f"{curves[2].brier:.3f}"),
        ],
        height=400,
    )


def _points(change: float) -> str | None:
    """A test-accuracy change in percentage points (None when it rounds to zero)."""
    return None if round(change * 100, 1) == 0 else f"{change * 100:+.1f} pts test accuracy"


def _outliers(sweeps: tuple[lx.OutlierSweep, lx.OutlierSweep], svm_label: str, fraction: float) -> None:
    st.subheader("Outliers: how far each boundary moves")
    shown = fraction if fraction > 0 else sweeps[0].fractions[-1]
    (lr_moved, lr_change), (svm_moved, svm_change) = sweeps[0].at(shown), sweeps[1].at(shown)
    kit.chart_with_numbers(
        lx.outlier_figure(*sweeps, svm_label, fraction),
        [
            kit.KeyNumber(f"LR area flipped at {shown:.0%}", f"{lr_moved:.1%}", _points(lr_change)),
            kit.KeyNumber(f"SVM area flipped at {shown:.0%}", f"{svm_moved:.1%}", _points(svm_change)),
        ],
        height=380,
    )
    st.caption(
        "Each model is refitted with 0, 2, 5, 10 and 20% outliers on the same clean rows. 'Area flipped' "
        "is the share of the chart above (without outliers) whose predicted class differs from the fit "
        "without outliers; accuracy is on the same clean test set."
    )


def _fit_times(dataset: str, seed: int, n_train: int) -> lx.FitTimeSweep:
    st.subheader("Cost at scale: fit time vs training-set size")
    with st.spinner("Timing both models from 500 to 20,000 rows (once per dataset and seed)…"):
        sweep = fit_time_sweep(dataset, seed)
    kit.chart_with_numbers(
        lx.fit_time_figure(sweep, n_train),
        [
            kit.KeyNumber(
                f"LR fit at {sweep.sizes[-1]:,} rows", lx.format_seconds(sweep.logistic_seconds[-1])
            ),
            kit.KeyNumber(
                f"SVM fit at {sweep.sizes[-1]:,} rows",
                ("≈ " if sweep.svm_projected else "") + lx.format_seconds(sweep.svm_at_largest),
                help="Projected from the measured trend (dashed line)." if sweep.svm_projected else None,
            ),
            kit.KeyNumber(
                "Exponent, LR / SVM",
                f"{sweep.logistic_exponent:.1f} / {sweep.svm_exponent:.1f}",
                help="Slope of log(fit time) vs log(rows) from 1,000 rows up: 1 = linear, 2 = quadratic.",
            ),
        ],
        height=380,
    )
    st.caption(lx.fit_time_caption(sweep))
    return sweep


def draw(v: kit.Values) -> list[str]:
    """Fit both models (each cached on its own settings), then draw and compare them."""
    common = (v["dataset"], v["n_train"], v["outliers"], v["seed"])
    data = lx.prepare_data(*common)
    lx.check_polynomial_size(data.n_features, v["lr_degree"])
    lr_spec = lx.LogisticSpec(C=v["lr_c"], degree=v["lr_degree"], scaled=v["scaling"])
    gamma = "scale" if v["svm_kernel"] == "linear" else v["svm_gamma"]  # linear ignores gamma: no refit
    svm_spec = lx.SvmSpec(kernel=v["svm_kernel"], C=v["svm_c"], gamma=gamma, scaled=v["scaling"])
    logistic, svm = fit(lr_spec, *common), fit(svm_spec, *common)

    _score_numbers(logistic, svm)
    kit.show_chart(lx.surfaces_figure(data, logistic, svm), height=470)
    st.caption(lx.data_caption(data))

    _calibration(data, logistic, svm, v["bins"])
    no_outliers = (v["dataset"], v["n_train"], v["seed"])
    sweeps = (outlier_sweep(lr_spec, *no_outliers), outlier_sweep(svm_spec, *no_outliers))
    _outliers(sweeps, svm.label, v["outliers"])
    other = (
        snapshot(lx.with_scaling(lr_spec, not v["scaling"]), *common).test_accuracy,
        snapshot(lx.with_scaling(svm_spec, not v["scaling"]), *common).test_accuracy,
    )
    fit_times = _fit_times(v["dataset"], v["seed"], int(data.y_train.size))
    result = lx.LiveResult(
        data=data,
        logistic=logistic,
        svm=svm,
        logistic_outliers=sweeps[0],
        svm_outliers=sweeps[1],
        outlier_fraction=v["outliers"],
        other_scaling_accuracy=other,
        scaled=v["scaling"],
        fit_times=fit_times,
    )
    return lx.what_to_notice(result)


kit.render_page(SPEC, draw)
