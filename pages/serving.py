"""Batch vs real-time serving: latency, throughput, freshness and cost, simulated on a measured model."""

import streamlit as st

from explorers import queueing
from explorers import serving as sx
from ui import page as kit
from ui.controls import Choice, ControlGroup, Number, Slider, Toggle, seed_control
from ui.topic import show_table

PAGE = {
    "title": "Batch vs real-time serving",
    "icon": ":material/speed:",
    "section": "Deployment & monitoring",
    "stages": ("deployment",),
    "summary": "Precompute or predict per request: latency, throughput, freshness and cost, simulated.",
    "order": 10,
}

LOOKUP = Number("lookup_ms", "Lookup median (ms)", 0.1, 100.0, sx.DEFAULT_LOOKUP_MS, 0.1, help=sx.LOOKUP_HELP)

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=sx,
    groups=(
        ControlGroup(
            "Model: changing these re-measures its service time",
            (
                Choice("model", "Model", sx.MODEL_LABELS, "gbm", widget="radio"),
                Choice(
                    "trees",
                    "Trees (ensembles only)",
                    sx.TREE_OPTIONS,
                    100,
                    widget="select_slider",
                    help="Size of the boosting or forest model; logistic regression ignores it.",
                ),
            ),
            caption="Measured once per model and cached: the medians of repeated timings.",
            columns=2,
            retrains=True,
        ),
        ControlGroup(
            "Service time by hand (say, a large remote model)",
            (
                Toggle(
                    "by_hand", "Use my a and c", False, help="Replace the measured line by t(b) = a + c·b."
                ),
                Number("setup_ms", "a: fixed cost per call (ms)", 0.0, 10_000.0, 20.0, 0.5, format="%.2f"),
                Number("per_row_ms", "c: cost per row (ms)", 0.0, 1_000.0, 0.5, 0.01, format="%.3f"),
            ),
            columns=3,
            short="By hand",
        ),
        ControlGroup(
            "Traffic",
            (
                Choice(
                    "rate",
                    "Arrival rate (requests/s)",
                    sx.RATE_OPTIONS,
                    500,
                    widget="select_slider",
                    help="Mean requests per second over the simulated horizon.",
                ),
                Choice("pattern", "Pattern", queueing.PATTERNS, "poisson", widget="radio"),
                Choice(
                    "requests",
                    "Requests simulated",
                    sx.REQUEST_OPTIONS,
                    50_000,
                    widget="select_slider",
                    help="The horizon is this many requests at the mean rate; it stands for one day.",
                ),
                seed_control(),
            ),
        ),
        ControlGroup(
            "Real-time serving",
            (
                Slider("replicas", "Replicas, one request per call", 1, 32, 1, 1),
                Slider("batch_replicas", "Replicas, dynamic batching", 1, 32, 1, 1),
                Choice("max_batch", "Max batch size B", sx.MAX_BATCH_OPTIONS, 32, widget="select_slider"),
                Choice(
                    "max_wait",
                    "Max wait W (ms)",
                    sx.MAX_WAIT_OPTIONS,
                    1.0,
                    widget="select_slider",
                    help="How long the oldest request may wait for company before its batch goes.",
                ),
            ),
            short="Real-time",
        ),
        ControlGroup(
            "Offline batch precompute",
            (
                Choice("users", "Users scored", sx.USER_OPTIONS, 1_000_000, widget="select_slider"),
                Choice("every", "Run every", sx.INTERVAL_OPTIONS, 24.0, widget="select_slider"),
                Slider("active", "Active per day (%)", 1, 100, 20, 1, help="Users who send any request."),
                Slider(
                    "new_users",
                    "New users per day (%)",
                    0.0,
                    10.0,
                    1.0,
                    0.1,
                    format="%.1f",
                    help="Sign-ups per day, as a share of the base: unscored until the next run.",
                ),
                LOOKUP,
            ),
            columns=5,
            short="Batch",
        ),
        ControlGroup(
            "Reading the result: instant, nothing is re-simulated",
            (
                Choice("sla", "Latency SLA", sx.SLA_OPTIONS, 10, widget="select_slider"),
                Number("price", "Price per core-hour ($)", 0.001, 10.0, 0.05, 0.01, format="%.3f"),
            ),
            columns=2,
            short="Reading",
        ),
    ),
    stage=kit.Stage(("rate", "pattern", "sla", "max_batch"), chart="latency", numbers="headline"),
)


def draw(view: sx.ServingView) -> None:
    """The three modes on the same traffic: warnings, key numbers and the table, then the charts."""
    kit.show_number_columns([(column.title, column.numbers) for column in view.cards])
    with st.expander("Every number, side by side", icon=":material/table:", expanded=True):
        show_table(view.table)
    left, right = kit.two_panels()
    with left:
        st.subheader("Queue over time")
        kit.show_chart(view.queue)
    with right:
        st.subheader("Staleness of precomputed predictions")
        kit.show_chart(view.staleness)
    st.subheader("Measured service time")
    kit.show_chart(view.service)
    kit.explain(view.service_caption)


kit.render_page(SPEC, draw)
