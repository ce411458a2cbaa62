"""Batch vs real-time serving: latency, throughput, freshness and cost, simulated on a measured model."""

import streamlit as st

from explorers import formatting, queueing
from explorers import serving as sx
from ui import page as kit
from ui.controls import Choice, ControlGroup, Number, Slider, Toggle, seed_control
from ui.topic import show_messages, show_table, view_of

PAGE = {
    "title": "Batch vs real-time serving",
    "icon": ":material/speed:",
    "section": "Deployment & serving",
    "stages": ("deployment",),
    "summary": "Precompute or predict per request: latency, throughput, freshness and cost, simulated.",
    "order": 10,
}

RATES = (10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 5000, 7000, 10000)
RATES += (15000, 20000, 30000, 50000)
MAX_WAITS_MS = (0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
USERS = {10_000: "10k", 100_000: "100k", 1_000_000: "1M", 10_000_000: "10M", 100_000_000: "100M"}
USERS |= {1_000_000_000: "1B"}
INTERVALS = {1.0: "1 h", 2.0: "2 h", 4.0: "4 h", 6.0: "6 h", 12.0: "12 h", 24.0: "1 day"}
INTERVALS |= {48.0: "2 days", 168.0: "7 days"}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    text=sx.TEXT,
    groups=(
        ControlGroup(
            "Model: changing these re-measures its service time",
            (
                Choice("model", "Model", sx.MODEL_LABELS, "gbm", widget="radio"),
                Choice(
                    "trees",
                    "Trees (ensembles only)",
                    {n: str(n) for n in sx.TREE_COUNTS},
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
        ),
        ControlGroup(
            "Traffic",
            (
                Choice(
                    "rate",
                    "Arrival rate (requests/s)",
                    {r: str(r) for r in RATES},
                    500,
                    widget="select_slider",
                    help="Mean requests per second over the simulated horizon.",
                ),
                Choice("pattern", "Pattern", queueing.PATTERNS, "poisson", widget="radio"),
                Choice(
                    "requests",
                    "Requests simulated",
                    {50_000: "50,000", 100_000: "100,000"},
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
                Choice(
                    "max_batch",
                    "Max batch size B",
                    {2**e: str(2**e) for e in range(9)},
                    32,
                    widget="select_slider",
                ),
                Choice(
                    "max_wait",
                    "Max wait W (ms)",
                    {w: f"{w:g}" for w in MAX_WAITS_MS},
                    1.0,
                    widget="select_slider",
                    help="How long the oldest request may wait for company before its batch goes.",
                ),
            ),
        ),
        ControlGroup(
            "Offline batch precompute",
            (
                Choice("users", "Users scored", USERS, 1_000_000, widget="select_slider"),
                Choice("every", "Run every", INTERVALS, 24.0, widget="select_slider"),
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
                Number("lookup_ms", "Lookup median (ms)", 0.1, 100.0, 2.0, 0.1, format="%.1f"),
            ),
            columns=5,
        ),
        ControlGroup(
            "Reading the result: instant, nothing is re-simulated",
            (
                Choice(
                    "sla",
                    "Latency SLA",
                    {ms: formatting.sla(ms) for ms in sx.SLA_CHOICES_MS},
                    10,
                    widget="select_slider",
                ),
                Number("price", "Price per core-hour ($)", 0.001, 10.0, 0.05, 0.01, format="%.3f"),
            ),
            columns=2,
        ),
    ),
)


def draw(values: kit.Values) -> list[str]:
    """The three modes on the same traffic: warnings, key numbers and the table, then the charts."""
    view = view_of(sx, values)
    show_messages(view.messages)
    kit.show_number_columns([(column.title, column.numbers) for column in view.cards])
    with st.expander("Every number, side by side", icon=":material/table:", expanded=True):
        show_table(view.table)
    st.subheader("Latency distribution")
    kit.show_chart(view.latency.figure, height=view.latency.height)
    left, right = st.columns(2)
    with left:
        st.subheader("Queue over time")
        kit.show_chart(view.queue.figure, height=view.queue.height)
    with right:
        st.subheader("Staleness of precomputed predictions")
        kit.show_chart(view.staleness.figure, height=view.staleness.height)
    st.subheader("Measured service time")
    kit.show_chart(view.service.figure, height=view.service.height)
    kit.explain(view.service_caption)
    return list(view.notice)


kit.render_page(SPEC, draw)
