"""Regularization strength: how a penalty on the weights trades bias for variance, and how to choose it."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import datasets
from explorers import regularization as rx
from ui import page as kit
from ui import presentation, upload
from ui.cache import cache_model
from ui.controls import Choice, ControlGroup, Slider, seed_control

PAGE = {
    "title": "Regularization strength",
    "icon": ":material/compress:",
    "section": "Modeling",
    "stages": ("model", "features"),
    "summary": "Bias vs variance: choose the penalty and its strength by cross-validation.",
    "order": 20,
}

SPEC = kit.PageSpec(
    title="Regularization strength",
    question="Your model overfits. How does regularization help, and how do you choose its strength?",
    intro=(
        "Logistic regression on standardised features (the scaler is refitted inside every fold). L2 is "
        f"solved exactly by {rx.NEWTON.name}; L1 and elastic-net by {rx.SAGA.name}, the solver that "
        "handles them, with a loose tolerance for speed. The whole grid of "
        f"{len(rx.C_GRID)} values of C is swept once per data and penalty setting with 5-fold "
        "cross-validation on the training split; 25% of the data is held out as a test set. Moving C only "
        "reads that sweep."
    ),
    groups=(
        ControlGroup(
            "Data: changing these re-runs the sweep",
            (
                upload.dataset_choice("breast_cancer"),
                Slider(
                    "n_noise",
                    "Noise features (tabular sets)",
                    0,
                    rx.MAX_NOISE,
                    20,
                    1,
                    help="Appends this many pure-noise columns, unrelated to the label. Applies to the "
                    "tabular datasets (breast cancer, diabetes, digits, yours); no effect on the 2-D sets.",
                ),
                Slider(
                    "n_duplicates",
                    "Near-duplicate features (tabular sets)",
                    0,
                    rx.MAX_DUPLICATES,
                    5,
                    1,
                    help="Appends near-copies of randomly chosen real features (correlation about 0.995). "
                    "Applies to the tabular datasets; no effect on the 2-D sets.",
                ),
                Slider(
                    "degree",
                    "Polynomial degree (2-D sets)",
                    1,
                    rx.MAX_DEGREE,
                    6,
                    1,
                    help="Expands x1, x2 into every monomial up to this degree, so the model can overfit. "
                    "Applies to the 2-D synthetic datasets; no effect on the tabular sets.",
                ),
                Slider(
                    "n_train",
                    "Training examples",
                    rx.MIN_TRAIN,
                    rx.MAX_TRAIN,
                    200,
                    20,
                    help="Rows in the training split (a tabular set may have fewer). Fewer rows per "
                    "feature make overfitting easier; larger sets take longer to sweep.",
                ),
                seed_control(),
            ),
            caption="Each sweep is cached: a combination you have seen before comes back instantly.",
            columns=3,
            retrains=True,
        ),
        ControlGroup(
            "Penalty: changing these re-runs the sweep",
            (
                Choice(
                    "penalty",
                    "Penalty",
                    rx.PENALTIES,
                    "l1",
                    widget="radio",
                    help=f"L2 is fitted by {rx.NEWTON.name} to a tight tolerance (exact). L1 and "
                    f"elastic-net need {rx.SAGA.name}, run with a loose tolerance and a "
                    f"{rx.SAGA.max_iter}-epoch cap, so at large C it can stop before the weights grow.",
                ),
                Slider(
                    "l1_ratio",
                    "Elastic-net l1_ratio",
                    0.0,
                    1.0,
                    0.5,
                    0.05,
                    format="%.2f",
                    help="Share of L1 in the elastic-net penalty: 0 is pure L2, 1 is pure L1. Used only "
                    "when the penalty is Elastic-net.",
                ),
                Choice(
                    "scoring",
                    "Score",
                    rx.SCORINGS,
                    "log_loss",
                    widget="radio",
                    help="What the curves show and what LogisticRegressionCV maximises. Log loss shows "
                    "over-confidence that accuracy hides.",
                ),
            ),
            columns=3,
            retrains=True,
        ),
        ControlGroup(
            "Strength: instant, reads the cached sweep",
            (
                Choice(
                    "C",
                    "C, the inverse penalty strength (λ = 1/C)",
                    {c: rx.c_label(c) for c in rx.C_GRID},
                    rx.DEFAULT_C,
                    widget="select_slider",
                    help="Small C = strong penalty (simple model); large C = weak penalty (flexible model).",
                ),
            ),
            columns=1,
        ),
    ),
    interview=rx.INTERVIEW,
)

sweep = cache_model(rx.run_study)
sklearn_choice = cache_model(rx.sklearn_choice)


def _headline(study: rx.Study, reading: rx.Reading, scoring: str) -> None:
    metric = rx.SCORINGS[scoring]
    kit.show_numbers(
        [
            kit.KeyNumber(
                "C", rx.c_label(reading.c), help="Small C = strong penalty; large C = weak penalty."
            ),
            kit.KeyNumber("λ = 1/C", f"{1 / reading.c:g}", help="The penalty strength itself."),
            kit.KeyNumber(f"Train {metric.lower()}", f"{reading.train_score:.3f}"),
            kit.KeyNumber(
                f"CV {metric.lower()}",
                f"{reading.cv_score:.3f}",
                help=f"Mean over {study.n_folds} folds (SD {reading.cv_spread:.3f}); zone: {reading.zone}.",
            ),
            kit.KeyNumber("Train–CV gap", f"{reading.gap:.3f}", help="How much worse CV is than train."),
            kit.KeyNumber(
                f"Test {metric.lower()}",
                f"{reading.test_score:.3f}",
                help=f"{study.problem.y_test.size} held-out examples; report it once, after choosing C.",
            ),
        ]
    )


def _path_numbers(study: rx.Study, reading: rx.Reading, chosen: float) -> list[kit.KeyNumber]:
    sp = rx.sparsity(study.coefficients.path.coefs[reading.index], study.problem.feature_kinds)
    real_zeroed, real_total = sp.real_zeroed()
    numbers = [
        kit.KeyNumber(
            "Chosen by CV",
            f"C = {rx.c_label(chosen)}",
            help="LogisticRegressionCV on the same folds, grid, scoring and l1_ratio as the curve.",
        ),
        kit.KeyNumber("Coefficients exactly 0", f"{sp.zeroed_total} of {sp.total}"),
    ]
    if "noise" in sp.totals:
        numbers.append(
            kit.KeyNumber("Noise features zeroed", f"{sp.zeroed['noise']} of {sp.totals['noise']}")
        )
    if "duplicate" in sp.totals:
        numbers.append(
            kit.KeyNumber("Near-duplicates zeroed", f"{sp.zeroed['duplicate']} of {sp.totals['duplicate']}")
        )
    real = "Real terms zeroed" if "polynomial" in sp.totals else "Real features zeroed"
    numbers.append(kit.KeyNumber(real, f"{real_zeroed} of {real_total}"))
    return numbers


def _data_note(study: rx.Study, dataset: str) -> str:
    p = study.problem
    info = datasets.get_info(dataset)
    if info.kind == "tabular":
        applies = (
            f"{p.count('original')} real features + {p.count('duplicate')} near-duplicates + "
            f"{p.count('noise')} noise features; the polynomial degree does not apply to tabular data."
        )
    else:
        applies = (
            f"x1, x2 expanded to all {p.n_features} polynomial terms up to degree {p.design.degree}; noise "
            "and near-duplicate features apply to the tabular sets only."
        )
    short = (
        f" (asked for {p.n_train_requested}; this dataset has only that many rows after the test split)"
        if p.n_train < p.n_train_requested - 1
        else ""
    )
    return (
        f"**{p.dataset_name}.** {info.description} {p.n_train} training examples{short}, "
        f"{p.y_test.size} test examples, {study.n_folds}-fold CV. {applies}"
    )


def _two_panels() -> tuple[DeltaGenerator, DeltaGenerator]:
    """Side by side normally; one under the other in presentation mode, where fonts are larger."""
    if presentation.is_on():
        return st.container(), st.container()
    left, right = st.columns(2)
    return left, right


def draw(v: kit.Values) -> list[str]:
    """Sweep (cached), then read the sweep at the chosen C."""
    settings = rx.study_settings(v)
    scoring = v["scoring"]
    study = sweep(v["dataset"], **settings)
    chosen = sklearn_choice(v["dataset"], scoring=scoring, **settings)
    reading = rx.read_at(study, v["C"], scoring)
    _headline(study, reading, scoring)

    left, right = _two_panels()
    with left:
        st.subheader("Validation curve")
        kit.show_chart(rx.validation_curve_figure(study, scoring, reading.c, chosen), height=400)
    with right:
        st.subheader("Coefficient path")
        kit.show_chart(rx.coefficient_path_figure(study, reading.c), height=400)
    kit.show_numbers(_path_numbers(study, reading, chosen))
    kit.explain(_data_note(study, v["dataset"]))

    left, right = _two_panels()
    with left:
        st.subheader(f"Decision boundary at C = {rx.c_label(reading.c)}")
        figure, caption = rx.decision_boundary_figure(study, reading.c)
        kit.show_chart(figure, height=420)
        if caption:
            kit.explain(caption)
    with right:
        st.subheader(f"Learning curve at C = {rx.c_label(reading.c)}")
        kit.show_chart(rx.learning_curve_figure(study, scoring, reading.c), height=420)
    return rx.what_to_notice(study, reading.c, scoring, chosen)


kit.render_page(SPEC, draw)
