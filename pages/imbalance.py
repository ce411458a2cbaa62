"""Class imbalance: how to train and evaluate a classifier when the positive class is rare."""

import streamlit as st

from explorers import imbalance as ix
from explorers.models import MODELS
from ui import page as kit
from ui import upload
from ui.controls import Choice, ControlGroup, DefaultWhen, MultiChoice, Slider, Toggle, seed_control
from ui.markdown import labelled_list
from ui.topic import show_messages, show_table

PAGE = {
    "title": "Class imbalance",
    "icon": ":material/balance:",
    "section": "Training data",
    "stages": ("data", "evaluation"),
    "summary": "Rare positives: resampling, class weights or threshold moving, and metrics that do not lie.",
    "order": 10,
}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=ix,
    groups=(
        ControlGroup(
            "Data and model: changing these retrains",
            (
                upload.dataset_choice("moons"),
                Choice(
                    "ratio",
                    "Imbalance ratio",
                    {ratio: ix.ratio_label(ratio) for ratio in ix.RATIO_CHOICES},
                    20,
                    widget="select_slider",
                    help="Minority : majority. 1:20 is one minority example per 20 majority ones (4.8%). "
                    "'As in the data' keeps the data's own shares: the default for your own file.",
                    default_when=DefaultWhen("dataset", ix.NATURAL_BY_DEFAULT, ix.NATURAL),
                ),
                Choice(
                    "samples",
                    "Samples (about)",
                    {n: f"{n:,}" for n in ix.SAMPLE_SIZES},
                    2000,
                    widget="select_slider",
                    help="Rows drawn per seed; rounded so the ratio is exact. The tables hold fewer rows.",
                ),
                Choice("model", "Base model", MODELS, "gbm", widget="radio"),
                Slider(
                    "seeds",
                    "Seeds (repeated runs)",
                    1,
                    ix.MAX_SEEDS,
                    5,
                    1,
                    help="Each seed draws new data and a new split; the table shows mean ± std. deviation.",
                ),
                seed_control(),
            ),
            caption="Results are cached per setting: a combination seen before comes back instantly.",
            columns=3,
            retrains=True,
        ),
        ControlGroup(
            "Strategies: each trains once per setting, then comes from the cache",
            (
                MultiChoice(
                    "strategies",
                    "Strategies to compare",
                    ix.options(),
                    ("none", "weights", "smote", "threshold"),
                    help="Adding a strategy trains only that one.",
                ),
                Slider(
                    "k",
                    "k_neighbors (SMOTE, ADASYN)",
                    1,
                    15,
                    5,
                    1,
                    help="Neighbours SMOTE interpolates between; lowered when the minority is too small.",
                ),
                Toggle(
                    "leaky",
                    "Also resample before the split (leaky)",
                    help="The common mistake: resample everything, then split. Shown beside the correct run.",
                ),
                Choice(
                    "calibrate",
                    "Resampler in the calibration panel",
                    ix.options(resamplers_only=True),
                    "smote",
                ),
            ),
            columns=2,
            retrains=True,
        ),
        ControlGroup(
            "Reading: instant, nothing retrains",
            (
                Choice("sort_by", "Sort the table by", ix.METRICS, "pr_auc"),
                Choice(
                    "bins",
                    "Reliability bins",
                    {5: "5", 10: "10", 20: "20"},
                    10,
                    widget="select_slider",
                    help="Equal-width probability bins of the reliability curves.",
                ),
            ),
            columns=4,
        ),
    ),
    stage=kit.Stage(("ratio", "strategies"), chart="pr"),
)


def draw(view: ix.ImbalanceView) -> None:
    """The headline numbers, the metrics table, the curves, the boundaries and calibration."""
    kit.explain(view.data_caption)

    st.subheader("Metrics per strategy")
    show_table(view.table)
    kit.explain(f"{view.table_caption}\n\n{labelled_list(view.row_notes)}")

    st.subheader(view.boundaries_title)
    show_messages(view.boundaries_messages)
    if view.boundaries is not None:
        kit.show_chart(view.boundaries)
        kit.explain(view.boundaries_caption)

    st.subheader("Calibration: resampling distorts probabilities")
    show_messages(view.calibration_messages)
    if view.reliability is not None:
        kit.chart_with_numbers(view.reliability, view.calibration_numbers)
        kit.explain(view.calibration_caption)


kit.render_page(SPEC, draw)
