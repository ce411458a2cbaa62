"""Keep every page inside the app shell (``app.py``), even on a fresh server's first deep link.

With a ``pages/`` folder beside ``app.py``, Streamlit starts in its legacy multipage mode:
until ``st.navigation`` has run once in the process, a first request for ``/threshold``
runs ``pages/threshold.py`` alone, without the page config, the sidebar or the navigation.
A share link opened on a sleeping deployment is exactly that request. The pages therefore
check for it and rerun through ``app.py``; the page's URL hash is the same in both modes,
so the rerun lands on the page that was asked for, with its query string intact.
"""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_shell() -> None:
    """Rerun through ``app.py`` if Streamlit ran this page in its legacy mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_warming: threading.Thread | None = None

# Plotly's validators look these up in ``sys.modules`` without importing them (to check for
# pandas or numpy values). Half-imported by the warm-up thread, pandas would then be found
# without its attributes and the first page to draw a chart would fail, so these are
# imported in full before the warm-up starts (pandas: ~0.3 s, once per process).
IMPORTED_BEFORE_WARM_UP = ("numpy", "pandas")
# Set to "0" to skip computing every page's opening view at start (the tests do: they count fits).
PREWARM_ENV = "TRADEOFF_PREWARM"


def prewarm_enabled() -> bool:
    """Whether the warm-up also computes every page's opening view."""
    return os.environ.get(PREWARM_ENV, "1") != "0"


def import_package_modules(package: str) -> None:
    """Import every module of ``package`` (what the warm-up does; the benchmark times it)."""
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
        importlib.import_module(f"{package}.{info.name}")


def warm_up_once(first_page: str = "", package: str = "explorers") -> None:
    """Once per process, on a background thread: import every module of ``package``, freeze the
    objects that exist by then out of the garbage collector's reach, then compute every page's
    opening view into the caches (``ui.prewarm``), ``first_page`` (the page the first visitor
    opened, a script stem) first, so a share link's page and every later first visit land warm.

    scikit-learn alone takes about a second to import; started when the first visitor opens
    any page, the import is usually done before they open a trade-off page. Freezing the
    imported libraries' objects stops full collections from walking them on every rerun,
    which removes most occasional 10-30 ms pauses; later objects are collected as usual.
    """
    global _warming  # noqa: PLW0603
    if _warming is not None:
        return
    for module in IMPORTED_BEFORE_WARM_UP:
        importlib.import_module(module)

    def warm_up() -> None:
        import_package_modules(package)
        gc.collect()
        gc.freeze()
        if prewarm_enabled():
            from ui.prewarm import warm_every_page  # imports the pages' modules: not at start

            warm_every_page(first_page)

    _warming = threading.Thread(target=warm_up, name="warm-up", daemon=True)
    _warming.start()
