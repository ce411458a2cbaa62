"""Home: what the app is, the interview framework, and how to use the pages."""

import streamlit as st

from explorers.interview import AUDIENCES, HOW_TO_USE, PITFALLS, STAGES
from ui import page as kit
from ui import registry

PAGE = {
    "title": "Home",
    "icon": ":material/home:",
    "section": "Start",
    "summary": "What this is, and the interview framework the pages follow.",
    "default": True,
}


def side_by_side(items: tuple[tuple[str, str], ...]) -> None:
    """Short (title, text) blocks in columns."""
    for column, (title, text) in zip(st.columns(len(items)), items, strict=True):
        column.markdown(f"**{title}** {text}")


kit.begin_page()
kit.sidebar_tools(())
kit.page_header("ML Trade-off Explorer")
kit.show_url_notices()
st.markdown(
    "Every page is one trade-off an interviewer asks about in an **ML system design interview**, "
    "backed by a real model or simulator that reruns as you move a control. Move a slider, watch "
    "the numbers change, and say *why* they changed: that is the skill the interview tests."
)
side_by_side(AUDIENCES)

start = registry.start_here()
if start is not None:
    with st.container(border=True, key="start-here"):
        st.markdown(f"**Start here:** {start.summary}")
        st.page_link(str(start.script.relative_to(registry.ROOT)), label=start.title, icon=start.icon)

st.header("The interview, stage by stage", divider="gray")
kit.explain(
    "Strong answers walk the same path: clarify the problem, get the data right, engineer features, "
    "choose and train a model, evaluate it honestly, then deploy and monitor it. Each stage below "
    "says what the interviewer listens for and links to the pages that explore it."
)
per_row = kit.cards_per_row(3)
for first in range(0, len(STAGES), per_row):
    row = STAGES[first : first + per_row]
    for number, (column, stage) in enumerate(zip(st.columns(per_row), row, strict=False), start=first + 1):
        with column, st.container(border=True, height="stretch"):
            st.markdown(f"#### {number}. {stage.title}")
            st.markdown(stage.what_you_do)
            kit.explain(f"*Listening for:* {stage.signal}  \n*Example:* {stage.example}")
            pages = registry.pages_for_stage(stage.key)
            for entry in pages:
                st.page_link(str(entry.script.relative_to(registry.ROOT)), label=entry.title, icon=entry.icon)
            if not pages:
                kit.aside("No interactive page for this stage yet: talk it through.")

st.header("Pitfalls that sink an answer", divider="gray")
side_by_side(PITFALLS)

st.header("How to use it", divider="gray")
side_by_side(HOW_TO_USE)
