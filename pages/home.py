"""Home: what the app is, the interview framework, and how to use the pages."""

import streamlit as st

from ui import page as kit
from ui import registry
from ui.framework import STAGES

PAGE = {
    "title": "Home",
    "icon": ":material/home:",
    "section": "Start",
    "summary": "What this is, and the interview framework the pages follow.",
    "default": True,
}

kit.sidebar_tools(())
kit.show_url_notices()
st.title("ML Trade-off Explorer")
st.markdown(
    "Every page is one trade-off an interviewer asks about in an **ML system design interview**, "
    "backed by a real model or simulator that reruns as you move a control. Move a slider, watch "
    "the numbers change, and say *why* they changed: that is the skill the interview tests."
)
who = st.columns(3)
who[0].markdown("**Preparing for an interview?** Build intuition you can defend out loud.")
who[1].markdown("**Interviewing or teaching?** Project a page and share a link to the exact view.")
who[2].markdown("**Deploying it?** One process, bounded memory, no network at run time.")

st.header("The interview, stage by stage", divider="gray")
kit.explain(
    "Strong answers walk the same path: clarify the problem, get the data right, engineer features, "
    "choose and train a model, evaluate it honestly, then deploy and monitor it. Each stage below "
    "says what the interviewer listens for and links to the pages that explore it."
)
grid = st.columns(3)
for number, stage in enumerate(STAGES, start=1):
    with grid[(number - 1) % 3], st.container(border=True, height="stretch"):
        st.markdown(f"#### {number}. {stage.title}")
        st.markdown(stage.what_you_do)
        kit.explain(f"*Listening for:* {stage.signal}  \n*Example:* {stage.example}")
        pages = registry.pages_for_stage(stage.key)
        for entry in pages:
            st.page_link(str(entry.script.relative_to(registry.ROOT)), label=entry.title, icon=entry.icon)
        if not pages:
            st.caption("No interactive page for this stage yet: talk it through.")

st.header("Pitfalls that sink an answer", divider="gray")
pitfalls = st.columns(3)
pitfalls[0].markdown(
    "**Skipping the questions.** Designing before the goal, the users and the cost of a mistake "
    "are clear; every later choice then rests on a guess."
)
pitfalls[1].markdown(
    "**Over-building.** Reaching for the most complex model or architecture first. Start with a "
    "baseline you can defend, and add complexity only where a number says it pays."
)
pitfalls[2].markdown(
    "**Running out of time.** Spending the session on one component. Sketch the whole system "
    "end to end first, then go deep where the interviewer steers."
)

st.header("How to use it", divider="gray")
how = st.columns(3)
how[0].markdown(
    "**Move the controls.** Controls that retrain the model are grouped apart from those that only "
    "change how its output is read, which respond instantly."
)
how[1].markdown(
    "**Share the view.** Every control, the page and the seed live in the link. Copy it from "
    "*Share this view* in the sidebar; it reopens exactly what you see."
)
how[2].markdown(
    "**Present it.** *Presentation mode* in the sidebar enlarges text and charts for a projector "
    "and folds long explanations away."
)
