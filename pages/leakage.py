"""Leakage and split strategy: why offline scores lie."""

import streamlit as st

from explorers import leakage as lx
from ui import page as kit
from ui.controls import Choice, ControlGroup, MultiChoice, Slider, seed_control
from ui.topic import show_table

PAGE = {
    "title": "Leakage & split strategy",
    "icon": ":material/water_drop:",
    "section": "Training data",
    "stages": ("data", "evaluation"),
    "summary": "Why offline scores lie: random splits, features from the future, and other leaks.",
    "order": 20,
}

SPEC = kit.PageSpec(
    title=PAGE["title"],
    topic=lx,
    groups=(
        ControlGroup(
            "Split and leaks: changing these re-runs cross-validation",
            (
                Choice(
                    "split",
                    "Split strategy",
                    lx.SPLIT_OPTIONS,
                    "random",
                    help="How the log is cut into training and validation folds for the offline estimate.",
                ),
                MultiChoice(
                    "leaks",
                    "Leaks switched on",
                    lx.LEAK_OPTIONS,
                    ("future", "duplicates", "proxy"),
                    help="Each a common mistake, made on purpose: a feature counted over the whole log "
                    "(future), target encoding fitted on every row, rows logged twice, scaling and selection "
                    "before the split, and a field written after the outcome (refund issued). Production "
                    "always sees honest data.",
                ),
            ),
            columns=2,
            retrains=True,
            short="Split",
        ),
        ControlGroup(
            "Data: changing these regenerates the log",
            (
                Slider(
                    "drift",
                    "Drift strength",
                    0.0,
                    1.0,
                    0.6,
                    0.1,
                    format="%.1f",
                    help="How far the label's relationship to x1 and x2 turns over the 180 days "
                    "(1 = half a turn).",
                ),
                Slider(
                    "rows_per_user",
                    "Rows per user",
                    lx.MIN_ROWS_PER_USER,
                    lx.MAX_ROWS_PER_USER,
                    8,
                    1,
                    help="About 2,000 rows in all: more rows per user means fewer, more correlated users.",
                ),
                seed_control(),
            ),
            columns=3,
            retrains=True,
            short="Data",
        ),
        ControlGroup(
            "Reading: instant, nothing is refitted",
            (
                Slider(
                    "fold",
                    "Fold drawn on the timeline",
                    1,
                    lx.FOLDS,
                    lx.FOLDS,
                    1,
                    help="Which cross-validation fold the timeline colours.",
                ),
            ),
            columns=1,
            short="Reading",
        ),
    ),
    stage=kit.Stage(("split", "leaks", "drift"), chart="reality"),
)


def draw(view: lx.LeakageView) -> None:
    """The timeline, the leaks one by one, then permutation importance."""
    kit.explain(view.data_caption)

    st.subheader("The timeline: who trains on what")
    kit.show_chart(view.timeline)
    kit.explain(view.timeline_caption)

    st.subheader("Leak by leak")
    show_table(view.table)
    kit.show_chart(view.added_gap)
    kit.explain(view.leak_caption)

    st.subheader("Feature importance: the leak tops the list")
    kit.show_chart(view.importance)
    kit.explain(view.importance_caption)


kit.render_page(SPEC, draw)
