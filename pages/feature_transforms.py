"""Turning a raw signal into a feature: normalise, log, bucket and smooth a click-through rate."""

import streamlit as st

from explorers import feature_transforms as fx
from ui import page as kit
from ui.controls import AppliesWhen, Choice, ControlGroup, Slider, seed_control
from ui.topic import show_messages, show_table

PAGE = {
    "title": "Feature transforms",
    "icon": ":material/transform:",
    "section": "Features",
    "stages": ("features", "model"),
    "summary": "Likes and clicks into features: log, scale, bucket, and smooth CTR with a prior.",
    "order": 10,
}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=fx,
    groups=(
        ControlGroup(
            "Data: changing these retrains",
            (
                Choice("posts", "Posts", {n: f"{n:,}" for n in fx.POST_COUNTS}, 5000, widget="select_slider"),
                Slider(
                    "tail",
                    "Heavy tail (sd of log counts)",
                    0.5,
                    2.5,
                    1.5,
                    0.25,
                    format="%.2f",
                    help="Standard deviation of log followers and log impressions: higher, heavier tail.",
                ),
                Choice(
                    "train_size",
                    "Training rows",
                    {n: f"{n:,}" for n in fx.TRAIN_SIZES},
                    1000,
                    widget="select_slider",
                    help=f"Labelled next impressions to learn from; {fx.TEST_ROWS:,} more score the models.",
                ),
                Slider(
                    "seeds", "Seeds (repeated runs)", 1, fx.MAX_SEEDS, 2, 1, help="Tables show mean ± sd."
                ),
                seed_control(),
            ),
            caption="Both models are trained on every transform at once, then cached.",
            columns=3,
            retrains=True,
        ),
        ControlGroup(
            "Features: changing these retrains",
            (
                Choice("ctr", "CTR feature", fx.CTR_OPTIONS, "eb"),
                Slider(
                    "strength",
                    "Prior strength (impressions)",
                    1.0,
                    200.0,
                    20.0,
                    1.0,
                    format="%.0f",
                    help="Additive smoothing adds this many pseudo-impressions at the pooled CTR.",
                    applies_when=AppliesWhen(
                        "ctr", frozenset({"additive"}), "Only additive smoothing uses it."
                    ),
                ),
                Slider(
                    "bins",
                    "Buckets",
                    fx.MIN_BINS,
                    fx.MAX_BINS,
                    fx.DEFAULT_BINS,
                    1,
                    help="For both bucketings.",
                ),
            ),
            columns=3,
            retrains=True,
            short="Features",
        ),
        ControlGroup(
            "Reading: instant, nothing retrains",
            (
                Choice("transform", "Transform of the counts", fx.TRANSFORM_OPTIONS, "log1p"),
                Choice("model", "Model", fx.MODEL_OPTIONS, "logreg", widget="radio"),
                Choice("feature", "Count to show", fx.COUNTS, "followers"),
            ),
            columns=3,
        ),
    ),
    stage=kit.Stage(("transform", "model", "ctr", "bins"), chart="quality"),
)


def draw(view: fx.FeatureTransformsView) -> None:
    """The quality tables, the distributions, the smoothing panel and the bucket effect."""
    kit.explain(view.data_caption)

    st.subheader("Model quality per transform")
    show_table(view.table)
    kit.explain(view.table_caption)
    st.subheader(view.other_title)
    show_table(view.other_table)

    st.subheader("A count before and after the transform")
    kit.show_chart(view.distribution)
    kit.explain(view.distribution_caption)

    st.subheader("Smoothing the click-through rate")
    kit.chart_with_numbers(view.smoothing_chart, view.smoothing_numbers)
    kit.explain(view.smoothing_caption)
    st.markdown(view.top_title)
    show_table(view.top)

    st.subheader(view.effect_title)
    show_messages(view.effect_messages)
    if view.effect is not None:
        kit.show_chart(view.effect)
        kit.explain(view.effect_caption)


kit.render_page(SPEC, draw)
