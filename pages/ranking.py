"""Ranking metrics and position bias: evaluating a ranker offline, and why logged clicks mislead."""

import streamlit as st

from explorers import ranking as rx
from ui import page as kit
from ui.controls import Choice, ControlGroup, Slider, seed_control
from ui.topic import show_table

PAGE = {
    "title": "Ranking metrics & position bias",
    "icon": ":material/format_list_numbered:",
    "section": "Evaluation",
    "stages": ("evaluation", "data"),
    "summary": "nDCG, MAP, MRR and AUC for a feed, and why clicks logged under one ranker favour it.",
    "order": 20,
}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=rx,
    groups=(
        ControlGroup(
            "Reading: instant, nothing is re-simulated",
            (
                Slider(
                    "eta",
                    "Position bias η",
                    0.0,
                    2.0,
                    1.0,
                    0.1,
                    format="%.1f",
                    help="Users examine rank r with probability 1/r^η: 0 means every item is seen.",
                ),
                Choice(
                    "labels",
                    "Evaluate on",
                    rx.LABEL_OPTIONS,
                    "relevance",
                    help="The labels behind the table and the nDCG@k curve: an editor's relevance grades "
                    "(0–3), the clicks logged while A ranked, or those clicks weighted by 1 / P(examined).",
                ),
                Choice(
                    "clip",
                    "IPS clip (largest weight)",
                    rx.CLIPS,
                    10.0,
                    widget="select_slider",
                    help="Inverse-propensity weights above this are cut to it: less variance, more bias.",
                ),
                Slider(
                    "k",
                    "Cut-off k",
                    1,
                    rx.MAX_ITEMS,
                    5,
                    1,
                    help="The metrics @k read the top k items: match it to what users see.",
                ),
            ),
            columns=4,
        ),
        ControlGroup(
            "Rankers and sessions: changing these re-simulates",
            (
                Slider(
                    "noise_a",
                    "Ranker A's noise",
                    0.0,
                    rx.MAX_NOISE,
                    1.0,
                    0.1,
                    format="%.1f",
                    help="A scores relevance plus noise of this size, the same at every grade.",
                ),
                Slider(
                    "noise_b",
                    "Ranker B's noise",
                    0.0,
                    rx.MAX_NOISE,
                    0.6,
                    0.1,
                    format="%.1f",
                    help="B scores relevance plus noise of this size, but scores bad and fair items alike.",
                ),
                Slider("n_items", "Items per list", rx.MIN_ITEMS, rx.MAX_ITEMS, 20, 1),
                seed_control(),
            ),
            caption="Simulations are cached: a combination seen before comes back instantly.",
            columns=4,
            retrains=True,
            short="Rankers",
        ),
    ),
    stage=kit.Stage(("eta", "labels", "clip", "k"), chart="trap"),
)


def draw(view: rx.RankingView) -> None:
    """The metrics table, metric vs k, clicks by position and the clipping trade-off."""
    kit.explain(view.data_caption)

    st.subheader("Every metric, A against B")
    show_table(view.table)
    kit.explain(view.table_caption)

    left, right = kit.two_panels()
    with left:
        st.subheader("nDCG at every cut-off k")
        kit.show_chart(view.by_k)
    with right:
        st.subheader("Clicks by position: the bias")
        kit.show_chart(view.positions)

    st.subheader("IPS clipping: variance against bias")
    kit.show_chart(view.clipping)
    kit.explain(view.clipping_caption)


kit.render_page(SPEC, draw)
