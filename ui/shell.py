"""Keep every page inside the app shell (``app.py``), even on a fresh server's first deep link.

With a ``pages/`` folder beside ``app.py``, Streamlit starts in its legacy multipage mode:
until ``st.navigation`` has run once in the process, a first request for ``/threshold``
runs ``pages/threshold.py`` alone, without the page config, the sidebar or the navigation.
A share link opened on a sleeping deployment is exactly that request. The pages therefore
check for it and rerun through ``app.py``; the page's URL hash is the same in both modes,
so the rerun lands on the page that was asked for, with its query string intact.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_shell() -> None:
    """Rerun through ``app.py`` if Streamlit ran this page in its legacy mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
