"""Logistic regression vs SVM: which one for this problem, and how to defend the choice."""

import streamlit as st

from explorers import lr_vs_svm
from ui import page as kit
from ui import upload
from ui.controls import Choice, ControlGroup, Slider, Toggle, seed_control
from ui.topic import show_table

PAGE = {
    "title": "Logistic regression vs SVM",
    "icon": ":material/compare_arrows:",
    "section": "Modeling",
    "stages": ("model", "deployment"),
    "summary": "Log loss vs hinge loss: boundaries, calibration, outliers, and the cost of kernels at scale.",
    "order": 10,
}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=lr_vs_svm,
    groups=(
        ControlGroup(
            "Data: changing these retrains both models",
            (
                upload.dataset_choice("moons"),
                Choice(
                    "n_train",
                    "Training-set size (rows)",
                    {n: f"{n:,}" for n in lr_vs_svm.TRAIN_SIZES},
                    500,
                    widget="select_slider",
                    help=lr_vs_svm.TRAIN_SIZE_HELP,
                ),
                Choice(
                    "outliers",
                    "Outliers injected",
                    {f: f"{f:.0%}" for f in lr_vs_svm.OUTLIER_FRACTIONS},
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
                    lr_vs_svm.C_OPTIONS,
                    1.0,
                    widget="select_slider",
                    help="Inverse regularisation strength of logistic regression: small C, simpler model.",
                ),
                Slider(
                    "lr_degree",
                    "LR: polynomial degree",
                    1,
                    lr_vs_svm.MAX_DEGREE,
                    1,
                    1,
                    help="1 = plain logistic regression; higher degrees add products of features, so a "
                    "linear model can draw curved boundaries.",
                ),
                Choice("svm_kernel", "SVM: kernel", lr_vs_svm.KERNEL_OPTIONS, "rbf"),
                Choice(
                    "svm_c",
                    "SVM: C",
                    lr_vs_svm.C_OPTIONS,
                    1.0,
                    widget="select_slider",
                    help="Cost of a margin violation: small C, wide soft margin and many support vectors.",
                ),
                Choice(
                    "svm_gamma",
                    "SVM: gamma",
                    lr_vs_svm.GAMMA_OPTIONS,
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
                    lr_vs_svm.DEFAULT_BINS,
                    1,
                    help="Test examples are grouped into this many equal-sized bins of predicted P(y=1).",
                ),
            ),
            columns=4,
        ),
    ),
    stage=kit.Stage(("outliers", "lr_c", "svm_kernel", "svm_c"), chart="surfaces"),
)


def draw(view: lr_vs_svm.LrVsSvmView) -> None:
    """Both models compared; then calibration, outliers and the cost at scale."""
    st.subheader("Both models, measure by measure")
    show_table(view.details)
    kit.explain(view.data_caption)

    st.subheader("Can you trust the probabilities?")
    kit.chart_with_numbers(view.reliability_chart, view.calibration_numbers)

    st.subheader("Outliers: how far each boundary moves")
    kit.chart_with_numbers(view.outliers_chart, view.outlier_numbers)
    kit.explain(view.outlier_caption)

    st.subheader("Cost at scale: fit time vs training-set size")
    kit.chart_with_numbers(view.fit_time_chart, view.fit_time_numbers)
    kit.explain(view.fit_time_caption)


kit.render_page(SPEC, draw)
