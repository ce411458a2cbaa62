"""Threshold & error cost: where to put the decision threshold, and why."""

import streamlit as st

from explorers import threshold
from explorers.models import MODELS
from ui import page as kit
from ui import upload
from ui.controls import Choice, ControlGroup, Number, Slider, seed_control

PAGE = {
    "title": "Threshold & error cost",
    "icon": ":material/tune:",
    "section": "Evaluation",
    "stages": ("clarify", "evaluation"),
    "summary": "Turn scores into decisions: precision vs recall, error costs and prevalence.",
    "order": 10,
    "start_here": True,
}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=threshold,
    groups=(
        ControlGroup(
            "Model: changing these retrains",
            (
                upload.dataset_choice("moons"),
                Choice("model", "Model", MODELS, "logreg", widget="radio"),
                Slider(
                    "balance",
                    "Positive-class share",
                    0.02,
                    0.5,
                    0.3,
                    0.01,
                    format="%.2f",
                    help="Fraction of positives in the training and validation data.",
                ),
                seed_control(),
            ),
            caption="Training is cached: a combination you have seen before comes back instantly.",
            retrains=True,
        ),
        ControlGroup(
            "Decision: instant, the model is not retrained",
            (
                Slider(
                    "threshold",
                    "Threshold",
                    0.0,
                    1.0,
                    0.5,
                    0.01,
                    format="%.2f",
                    help="Flag an example as positive when its score is at least this.",
                ),
                Slider(
                    "beta",
                    "F-beta's beta",
                    0.25,
                    4.0,
                    1.0,
                    0.25,
                    format="%.2f",
                    help="beta > 1 weighs recall more, beta < 1 weighs precision more.",
                ),
                Number("cost_fp", "Cost of a false positive ($)", 0.01, 100_000.0, 1.0, 1.0, format="%.2f"),
                Number("cost_fn", "Cost of a false negative ($)", 0.01, 100_000.0, 5.0, 1.0, format="%.2f"),
                Choice(
                    "prevalence",
                    "Deployment prevalence",
                    threshold.PREVALENCES,
                    None,
                    widget="select_slider",
                    help="Share of positives in production. PR curves move with it; ROC curves do not.",
                ),
            ),
            columns=5,
        ),
    ),
    stage=kit.Stage(("threshold", "beta", "cost_fp", "cost_fn", "prevalence"), chart="distribution"),
)


def draw(view: threshold.ThresholdView) -> None:
    """The rates at the threshold, the scores and confusion matrix, the curves, then the costs."""
    left, right = kit.two_panels()
    with left:
        st.subheader("Confusion matrix")
        kit.show_chart(view.matrix)
    with right:
        st.subheader("Where the data comes from")
        kit.explain(view.data_caption)

    st.subheader("Precision-recall and ROC")
    kit.show_chart(view.pr_roc)

    st.subheader("Expected cost")
    kit.chart_with_numbers(view.cost, view.cost_numbers)


kit.render_page(SPEC, draw)
