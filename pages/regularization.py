"""Regularization strength: how a penalty on the weights trades bias for variance, and how to choose it."""

import streamlit as st

from explorers import regularization as rx
from ui import page as kit
from ui import upload
from ui.controls import AppliesWhen, Choice, ControlGroup, Slider, seed_control

PAGE = {
    "title": "Regularization strength",
    "icon": ":material/compress:",
    "section": "Modeling",
    "stages": ("model", "features"),
    "summary": "Bias vs variance: choose the penalty and its strength by cross-validation.",
    "order": 20,
}

TABULAR = AppliesWhen("dataset", rx.TABULAR_SOURCES, "Tabular sets only; a 2-D set gets polynomial terms.")
PLANE = AppliesWhen("dataset", rx.PLANE_SOURCES, "2-D sets only; tabular features are used as they are.")
TRAIN = Slider("n_train", "Training examples", rx.MIN_TRAIN, rx.MAX_TRAIN, 200, 20, help=rx.HELP["n_train"])
ELASTIC_NET = AppliesWhen("penalty", frozenset({"elasticnet"}), "Elastic-net only: L2 is 0, L1 is 1.")

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=rx,
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
                    help=rx.HELP["n_noise"],
                    applies_when=TABULAR,
                ),
                Slider(
                    "n_duplicates",
                    "Near-duplicate features (tabular sets)",
                    0,
                    rx.MAX_DUPLICATES,
                    5,
                    1,
                    help=rx.HELP["n_duplicates"],
                    applies_when=TABULAR,
                ),
                Slider(
                    "degree",
                    "Polynomial degree (2-D sets)",
                    1,
                    rx.MAX_DEGREE,
                    6,
                    1,
                    help=rx.HELP["degree"],
                    applies_when=PLANE,
                ),
                TRAIN,
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
                    rx.PENALTY_OPTIONS,
                    "l1",
                    widget="radio",
                    help=rx.HELP["penalty"],
                ),
                Slider(
                    "l1_ratio",
                    "Elastic-net l1_ratio",
                    0.0,
                    1.0,
                    0.5,
                    0.05,
                    format="%.2f",
                    help=rx.HELP["l1_ratio"],
                    applies_when=ELASTIC_NET,
                ),
                Choice(
                    "scoring",
                    "Score",
                    rx.SCORING_OPTIONS,
                    "log_loss",
                    widget="radio",
                    help=rx.HELP["scoring"],
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
                    rx.C_OPTIONS,
                    rx.DEFAULT_C,
                    widget="select_slider",
                    help=rx.HELP["C"],
                ),
            ),
            columns=1,
        ),
    ),
    stage=kit.Stage(("C", "penalty", "scoring"), chart="validation"),
)


def draw(view: rx.RegularizationView) -> None:
    """The sweep read at the chosen C: scores, curves, coefficients, boundary, learning curve."""
    kit.explain(view.validation_caption)
    st.subheader("Coefficient path")
    kit.chart_with_numbers(view.coefficients, view.path_numbers)
    kit.explain(view.data_note)

    left, right = kit.two_panels()
    with left:
        st.subheader(view.boundary_title)
        kit.show_chart(view.boundary)
        if view.boundary_caption:
            kit.explain(view.boundary_caption)
    with right:
        st.subheader(view.learning_title)
        kit.show_chart(view.learning)


kit.render_page(SPEC, draw)
