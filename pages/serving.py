"""Batch vs real-time serving: latency, throughput, freshness and cost, simulated on a measured model."""

import pandas as pd
import streamlit as st

from explorers import queueing
from explorers import serving as sx
from ui import page as kit
from ui.cache import cache_data, cache_model
from ui.controls import Choice, ControlGroup, Number, Slider, Toggle, seed_control

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
    title="Batch vs real-time serving",
    question=(
        "Should predictions be computed in batch ahead of time, or in real time per request? "
        "What latency, throughput, freshness and cost does each give?"
    ),
    intro=(
        "A real model is trained and its predict call timed on this server, one core, for batches of 1 to "
        "1,024 rows; the line t(b) = a + c·b fitted to those times drives a simulation of the traffic below. "
        "Each replica is one core. Times vary a little between machines and runs; set a and c by hand for "
        "numbers that do not."
    ),
    groups=(
        ControlGroup(
            "Model: changing these re-measures its service time",
            (
                Choice("model", "Model", sx.MODELS, "gbm", widget="radio"),
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
                    {ms: sx.format_sla(ms) for ms in sx.SLA_CHOICES_MS},
                    10,
                    widget="select_slider",
                ),
                Number("price", "Price per core-hour ($)", 0.001, 10.0, 0.05, 0.01, format="%.3f"),
            ),
            columns=2,
        ),
    ),
    interview=sx.INTERVIEW,
)

measure = cache_model(sx.measure_service_time)
simulate_one_per_call = cache_data(sx.simulate_one_per_call)
simulate_dynamic_batching = cache_data(sx.simulate_dynamic_batching)
offline_batch = cache_data(sx.offline_batch)


def _show_comparison(modes: list[tuple[str, list[sx.Reading]]]) -> None:
    """The key numbers of each mode side by side, then every number in one table."""
    for column, (title, readings) in zip(st.columns(len(modes), border=True), modes, strict=True):
        with column:
            st.markdown(f"**{title}**")
            for reading in readings:
                if reading.key:
                    kit.KeyNumber(reading.label, reading.value, help=reading.help).show()
    rows, columns = sx.comparison_table(modes)
    with st.expander("Every number, side by side", icon=":material/table:", expanded=True):
        st.table(pd.DataFrame(dict(zip([title for title, _ in modes], columns, strict=True)), index=rows))


def draw(v: kit.Values) -> list[str]:
    """Measure (cached), simulate the three modes (cached), then read them at the SLA and price."""
    timing = measure(v["model"], v["trees"])
    cost = sx.ServiceCost(v["setup_ms"], v["per_row_ms"], "set by hand") if v["by_hand"] else timing.fit
    traffic = {
        "pattern": v["pattern"],
        "rate": float(v["rate"]),
        "n_requests": v["requests"],
        "seed": v["seed"],
    }
    common = {**traffic, "setup_ms": cost.setup_ms, "per_row_ms": cost.per_row_ms}
    one = simulate_one_per_call(**common, replicas=v["replicas"])
    batched = simulate_dynamic_batching(
        **common, replicas=v["batch_replicas"], max_batch=v["max_batch"], max_wait_ms=v["max_wait"]
    )
    batch = offline_batch(
        **common,
        users=v["users"],
        every_hours=v["every"],
        active_fraction=v["active"] / 100,
        lookup_ms=v["lookup_ms"],
        new_users_per_day=v["new_users"] / 100,
    )
    for warning in sx.overload_warnings(one, batched, traffic["rate"], batch):
        st.warning(warning, icon=":material/trending_up:")

    sla, price = v["sla"], v["price"]
    _show_comparison(
        [
            (sx.MODE_NAMES[0], sx.realtime_readings(one, sla, price)),
            (sx.MODE_NAMES[1], sx.realtime_readings(batched, sla, price)),
            (sx.MODE_NAMES[2], sx.batch_readings(batch, sla, traffic["rate"], price)),
        ]
    )

    st.subheader("Latency distribution")
    curves = [
        sx.CurveSpec(r.name, r.quantiles, r.p99, r.overloaded, colour)
        for r, colour in zip((one, batched), sx.MODE_COLOURS, strict=False)
    ]
    curves.append(sx.CurveSpec(sx.MODE_NAMES[2], batch.quantiles, batch.p99, False, sx.MODE_COLOURS[2]))
    kit.show_chart(sx.latency_cdf_figure(curves, sla), height=400)

    left, right = st.columns(2)
    with left:
        st.subheader("Queue over time")
        kit.show_chart(sx.queue_figure([one, batched]), height=360)
    with right:
        st.subheader("Staleness of precomputed predictions")
        kit.show_chart(sx.staleness_figure(batch), height=360)

    st.subheader("Measured service time")
    kit.show_chart(sx.timing_figure(timing, cost), height=380)
    kit.explain(
        f"{timing.label}, trained on {timing.n_features} features in {timing.fit_seconds * 1000:.0f} ms; "
        f"`predict_proba` timed {int(timing.repeats.min())}–{int(timing.repeats.max())} times per batch size "
        "on one core (bars: 25th–75th percentile). The fit minimises relative error with a, c ≥ 0."
    )
    return sx.what_to_notice(
        cost=cost,
        one=one,
        batched=batched,
        batch=batch,
        pattern=traffic["pattern"],
        seed=traffic["seed"],
        rate=traffic["rate"],
        max_batch=v["max_batch"],
        max_wait_ms=v["max_wait"],
        sla_ms=sla,
        price=price,
    )


kit.render_page(SPEC, draw)
