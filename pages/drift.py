"""Drift, delayed labels and retraining cadence: detect drift, and decide when to retrain."""

import streamlit as st

from explorers import drift as dx
from ui import page as kit
from ui.controls import Choice, ControlGroup, Number, Slider, seed_control
from ui.topic import show_table

PAGE = {
    "title": "Drift & retraining cadence",
    "icon": ":material/trending_down:",
    "section": "Deployment & monitoring",
    "stages": ("deployment", "data"),
    "summary": "Covariate, prior and concept drift, delayed labels, detectors and when to retrain.",
    "order": 30,
}

WEEKS = {w: str(w) for w in (26, 39, 52, 78, 104)}
TRANSACTIONS = {n: f"{n:,}" for n in (500, 1_000, 2_000, 5_000)}
WINDOWS = {w: str(w) for w in (2, 4, 8, 13, 26)}
CADENCES = {w: str(w) for w in (1, 2, 4, 8, 13, 26)}
REFERENCES = {w: str(w) for w in (1, 2, 4, 8)}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=dx,
    groups=(
        ControlGroup(
            "Drift: changing these redraws the stream and retrains every week's model",
            (
                Choice("drift", "Drift", dx.DRIFT_LABELS, "concept"),
                Choice("shape", "Shape", dx.SHAPES, "sudden", widget="radio"),
                Slider(
                    "strength",
                    "Strength",
                    0.0,
                    1.0,
                    0.5,
                    0.05,
                    format="%.2f",
                    help="0 is no drift; 1 moves the features by 2 SDs, raises fraud from 5% to 20%, "
                    "or rotates P(fraud | x) by 90 degrees.",
                ),
                Slider("start", "Drift starts at week", 1, 100, 20, 1),
            ),
            retrains=True,
        ),
        ControlGroup(
            "Stream: changing these redraws it and retrains",
            (
                Choice("weeks", "Weeks simulated", WEEKS, 52, widget="select_slider"),
                Choice("transactions", "Transactions per week", TRANSACTIONS, 1_000, widget="select_slider"),
                seed_control(),
            ),
            columns=3,
            retrains=True,
        ),
        ControlGroup(
            "Labels and training: changing these retrains every week's model",
            (
                Slider(
                    "delay",
                    "Label delay (weeks)",
                    0,
                    8,
                    2,
                    1,
                    help="Chargebacks take time: a week's labels are back this many weeks later.",
                ),
                Choice(
                    "window",
                    "Training window (weeks)",
                    WINDOWS,
                    8,
                    widget="select_slider",
                    help="Each retrain learns from this many of the most recent labelled weeks.",
                ),
            ),
            columns=2,
            retrains=True,
            short="Training",
        ),
        ControlGroup(
            "Policies: instant, no model is refitted",
            (
                Choice(
                    "cadence",
                    "Retrain every (weeks)",
                    CADENCES,
                    4,
                    widget="select_slider",
                    help="The fixed-cadence policy retrains at the start of every this many weeks.",
                ),
                Choice("detector", "Drift trigger", dx.DETECTOR_LABELS, "ks"),
                Choice(
                    "alarm",
                    "Alarm threshold",
                    dx.ALARM_LEVELS,
                    3,
                    widget="select_slider",
                    help="From very sensitive (more alarms, earlier) to very strict; the chart under the "
                    "stage shows the detector's threshold.",
                ),
                Choice(
                    "reference",
                    "Reference window (weeks)",
                    REFERENCES,
                    4,
                    widget="select_slider",
                    help="The feature tests compare each week with this many of the model's latest "
                    "training weeks.",
                ),
            ),
            short="Policies",
        ),
        ControlGroup(
            "Reading the result: instant",
            (
                Choice("metric", "Metric", dx.METRIC_LABELS, "precision", widget="radio"),
                Number("cost_error", "Cost of an error ($)", 0.0, 100_000.0, 50.0, 5.0, format="%.2f"),
                Number(
                    "cost_retrain", "Cost of a retrain ($)", 0.0, 1_000_000.0, 1_000.0, 100.0, format="%.2f"
                ),
            ),
            columns=3,
            short="Reading",
        ),
    ),
    stage=kit.Stage(("drift", "delay", "cadence", "detector"), chart="performance"),
)


def draw(view: dx.DriftView) -> None:
    """The detector's trace, the bill per policy, then sample size against the drift tests."""
    st.subheader(f"What the trigger saw: {view.detector.label}")
    kit.show_chart(view.detector_chart)
    st.subheader("What each policy costs")
    kit.show_chart(view.cost_chart)
    with st.expander("Every policy, side by side", icon=":material/table:", expanded=True):
        show_table(view.table)
    st.subheader("Sample size against the drift tests")
    kit.show_chart(view.sample_size)
    kit.explain(view.sample_size_caption)


kit.render_page(SPEC, draw)
