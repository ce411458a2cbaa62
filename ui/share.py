"""Sharing a view: the copy-link button, the link spelled out, and reset, in the sidebar; in
presentation mode (sidebar folded away) the copy button and the way out sit beside the title."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import presentation, url_state
from ui.controls import Control

# Copies the address bar, which Streamlit keeps in step with every bound control. A constant:
# no server-side or user-supplied text is ever interpolated into this script.
_COPY_LINK_BUTTON = """
<button class="copy-share-link" type="button"
 style="width:100%;min-height:2.5rem;white-space:nowrap;padding:0.25rem 0.75rem;
 border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;background:#fff;color:inherit;font:inherit;
 cursor:pointer;">Copy link</button>
<script>
(function () {
  document.querySelectorAll("button.copy-share-link:not([data-ready])").forEach(function (button) {
    button.dataset.ready = "1";
    button.addEventListener("click", function () {
      const done = function (text) { button.textContent = text; setTimeout(function () {
        button.textContent = "Copy link"; }, 2000); };
      navigator.clipboard.writeText(window.location.href).then(
        function () { done("Link copied"); },
        function () { done("Copy the link below"); });
    });
  });
})();
</script>
"""


COPY_BUTTON_WIDTH = 150  # px, presentation mode's copy-link button beside the other tools


def toolbar() -> None:
    """The copy-link button and "Leave presentation", side by side (presentation mode's header)."""
    with st.container(key="present-toolbar", horizontal=True, gap="small", width="content"):
        with st.container(width=COPY_BUTTON_WIDTH):
            st.html(_COPY_LINK_BUTTON, unsafe_allow_javascript=True)
        presentation.leave_button()


def sidebar_tools(controls: Sequence[Control]) -> None:
    """The share link and the reset button, in the sidebar."""
    every_control = (*controls, presentation.PRESENTATION) if presentation.is_on() else tuple(controls)
    with st.sidebar:
        st.html(_COPY_LINK_BUTTON, unsafe_allow_javascript=True)
        with st.expander("The link, every setting spelled out", icon=":material/link:"):
            st.code(url_state.share_url(every_control), language=None, wrap_lines=True)
            st.caption("It reopens exactly this view, even if a default changes in a later version.")
        if not controls:
            return
        st.button(
            "Reset to defaults",
            icon=":material/restart_alt:",
            on_click=url_state.reset_to_defaults,
            args=(controls,),
            width="stretch",
        )
