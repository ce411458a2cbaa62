"""ML Trade-off Explorer: entry point. Run with ``streamlit run app.py``."""

import streamlit as st

from ui import presentation, registry, url_state
from ui.shell import warm_up_once

st.set_page_config(
    page_title="ML Trade-off Explorer",
    page_icon=":material/balance:",
    layout="wide",
    initial_sidebar_state=presentation.sidebar_state(),
)

url_state.sanitize([presentation.PRESENTATION], strict=False)
sections: dict[str, list[st.Page]] = {}
entries = registry.discover()
for entry in entries:
    page = st.Page(
        entry.script,
        title=entry.title,
        icon=entry.icon,
        url_path=entry.url_path or None,
        default=entry.default,
    )
    sections.setdefault(entry.section, []).append(page)
current = st.navigation(sections, position="sidebar", expanded=True)
warm_up_once(first_page=current.url_path)
url_state.note_unknown_page(entry.url_path for entry in entries)
presentation.render_toggle()
current.run()
