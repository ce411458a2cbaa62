"""Two-stage recommendation: approximate retrieval with faiss, then ranking; recall against latency."""

import streamlit as st

from explorers import retrieval as rx
from ui import page as kit
from ui.controls import AppliesWhen, Choice, ControlGroup, Number, Toggle, seed_control
from ui.topic import show_table

PAGE = {
    "title": "Two-stage retrieval and ranking",
    "icon": ":material/manage_search:",
    "section": "Deployment & monitoring",
    "stages": ("model", "deployment"),
    "summary": "Approximate nearest-neighbour retrieval, then ranking: recall against latency, with faiss.",
    "order": 20,
}

IVF = AppliesWhen("index", frozenset({"ivf", "ivfpq"}), "Only the IVF indexes probe lists.")
HNSW = AppliesWhen("index", frozenset({"hnsw"}), "Only HNSW walks a graph.")
BY_HAND = AppliesWhen("by_hand", frozenset({True}), "Turn on the cost by hand to set it.")
PQ = AppliesWhen("index", frozenset({"ivfpq"}), "Only IVF-PQ compresses vectors.")
SLIDER = {"widget": "select_slider"}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=rx,
    groups=(
        ControlGroup(
            "Catalogue: changing these rebuilds the indexes",
            (
                Choice("size", "Items indexed", rx.SIZE_OPTIONS, 20_000, **SLIDER),
                Choice("dim", "Embedding dimension", rx.DIM_OPTIONS, 64, widget="radio"),
                seed_control(),
            ),
            columns=3,
            retrains=True,
        ),
        ControlGroup(
            "Index: changing these rebuilds it and re-measures every setting",
            (
                Choice("index", "Index", rx.KIND_LABELS, "ivf"),
                Choice(
                    "nlist",
                    "nlist (lists)",
                    rx.NLIST_CHOICES,
                    128,
                    applies_when=IVF,
                    **SLIDER,
                    help="IVF clusters the items into this many lists with k-means.",
                ),
                Choice("hnsw_m", "M (links per node)", rx.M_CHOICES, 16, applies_when=HNSW, **SLIDER),
                Choice("pq_bytes", "PQ bytes per vector", rx.PQ_CHOICES, 8, applies_when=PQ, **SLIDER),
                Choice(
                    "k",
                    "k, candidates retrieved",
                    rx.K_CHOICES,
                    100,
                    **SLIDER,
                    help="How many candidates retrieval hands to the ranker; recall@k is measured at it.",
                ),
            ),
            columns=5,
            retrains=True,
            short="Index",
        ),
        ControlGroup(
            "Search effort: instant, read from the measured sweep",
            (
                Choice("nprobe", "nprobe (lists probed)", rx.NPROBE_CHOICES, 8, applies_when=IVF, **SLIDER),
                Choice(
                    "ef_search", "efSearch (graph breadth)", rx.EF_CHOICES, 64, applies_when=HNSW, **SLIDER
                ),
            ),
            columns=2,
            short="Search",
        ),
        ControlGroup(
            "Ranker: changing it re-measures its cost",
            (Choice("ranker", "Ranker model", rx.RANKER_LABELS, "gbm"),),
            columns=1,
            retrains=True,
        ),
        ControlGroup(
            "Funnel and budget: instant",
            (
                Toggle("by_hand", "Ranker cost by hand", False, help="Replace the measured cost by a + c·k."),
                Number(
                    "setup_ms", "a: per call (ms)", 0.0, 1000.0, 2.0, 0.5, format="%.2f", applies_when=BY_HAND
                ),
                Number(
                    "per_candidate_us",
                    "c: per candidate (µs)",
                    0.0,
                    100_000.0,
                    20.0,
                    1.0,
                    format="%.1f",
                    applies_when=BY_HAND,
                ),
                Choice("shown", "Items shown", rx.SHOWN_CHOICES, 10, **SLIDER),
                Choice("budget", "Latency budget", rx.BUDGET_CHOICES, 100.0, **SLIDER),
            ),
            columns=5,
            short="Funnel",
        ),
    ),
    stage=kit.Stage(("index", "nprobe", "ef_search"), chart="tradeoff"),
)


def draw(view: rx.RetrievalView) -> None:
    """The funnel, the sweep, the projection and each index's costs."""
    st.subheader("The funnel: candidates retrieved, ranked and shown")
    kit.show_chart(view.funnel_chart)
    left, right = kit.two_panels()
    with left:
        st.subheader("Every setting swept")
        show_table(view.sweep_table)
    with right:
        st.subheader("Costs of each index")
        show_table(view.costs)
        kit.explain("Memory from each index's structure at this catalogue; build and search times measured.")
    st.subheader("Projection to larger catalogues")
    kit.show_chart(view.projection)
    kit.explain(
        "Solid: measured at a quarter, a half and all of the catalogue. Dashed: projected with the growth "
        "each index follows (linear in N for exact search and IVF at fixed nlist, log N for HNSW); an IVF "
        "index grows at least with the share of the items it scans."
    )


kit.render_page(SPEC, draw)
