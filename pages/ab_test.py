"""Online A/B test design: sample size, peeking, novelty, many metrics and the sample-ratio check."""

import streamlit as st

from explorers import ab_test as ab
from explorers.ab_test import options as opt
from ui import page as kit
from ui.controls import AppliesWhen, Choice, ControlGroup, Slider, Toggle, seed_control
from ui.topic import show_table

PAGE = {
    "title": "A/B test design",
    "icon": ":material/science:",
    "section": "Evaluation",
    "stages": ("evaluation", "deployment"),
    "summary": "Run the online experiment: sample size and duration, peeking, novelty, many metrics, SRM.",
    "order": 40,
}
H = opt.HELP

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=ab,
    groups=(
        ControlGroup(
            "Design: changing these re-plans and re-simulates",
            (
                Slider(
                    "baseline",
                    "Baseline conversion rate (%)",
                    0.5,
                    50.0,
                    5.0,
                    0.5,
                    format="%.1f",
                    help=H["baseline"],
                ),
                Slider("mde", "Minimum detectable effect (relative %)", 1, 50, 10, 1, help=H["mde"]),
                Choice("alpha", "Significance level α", opt.ALPHA_OPTIONS, 0.05, widget="select_slider"),
                Choice("power", "Power", opt.POWER_OPTIONS, 0.8, widget="select_slider"),
                Choice(
                    "traffic",
                    "Daily traffic (users)",
                    opt.TRAFFIC_OPTIONS,
                    10_000,
                    widget="select_slider",
                    help=H["traffic"],
                ),
                Slider("share", "Share sent to treatment (%)", 5, 95, 50, 5),
                Toggle("whole_weeks", "Run whole weeks", True, help=H["whole_weeks"]),
            ),
            retrains=True,
            short="Design",
        ),
        ControlGroup(
            "Truth: what the simulation plays out",
            (
                Slider("lift", "True relative lift (%)", -20, 30, 0, 1, help=H["lift"]),
                Slider("novelty", "Novelty lift on day 1 (%)", 0, 50, 0, 5, help=H["novelty"]),
                Choice(
                    "half_life",
                    "Novelty half-life (days)",
                    opt.HALF_LIFE_OPTIONS,
                    3,
                    widget="select_slider",
                    applies_when=AppliesWhen("novelty", opt.NOVELTY_ON, "Applies with a novelty lift."),
                ),
                seed_control(),
            ),
            caption=f"{ab.N_SIMS:,} experiments are simulated per truth, with an A/A test beside them.",
            retrains=True,
            short="Truth",
        ),
        ControlGroup(
            "Analyst: instant, nothing is re-simulated",
            (
                Choice("peeking", "Analysis", ab.ANALYST_LABELS, "fixed", widget="radio", help=H["peeking"]),
                Choice(
                    "metrics",
                    "Metrics tested",
                    opt.METRIC_OPTIONS,
                    1,
                    widget="select_slider",
                    help=H["metrics"],
                ),
                Choice("correction", "Multiple-testing correction", opt.CORRECTION_OPTIONS, "none"),
                Slider(
                    "srm",
                    "Treatment users lost from the logs (%)",
                    0.0,
                    5.0,
                    0.0,
                    0.1,
                    format="%.1f",
                    help=H["srm"],
                ),
            ),
            short="Analyst",
        ),
    ),
    stage=kit.Stage(("peeking", "lift", "mde", "traffic", "alpha"), chart="peeking"),
)


def draw(view: ab.AbTestView) -> None:
    """The plan, the stopping days, novelty, the metric family and the split, below the stage."""
    left, right = kit.two_panels()
    with left:
        st.subheader("Power and the MDE")
        kit.show_chart(view.power)
    with right:
        st.subheader("When a peeking analyst stops")
        kit.show_chart(view.stopping)
    st.subheader("Novelty: the first week is not the long run")
    kit.show_chart(view.novelty)
    left, right = kit.two_panels()
    with left:
        st.subheader("Many metrics")
        kit.show_chart(view.family)
    with right:
        st.subheader("Corrections")
        show_table(view.corrections)
        st.subheader("Sample-ratio check")
        show_table(view.split)


kit.render_page(SPEC, draw)
