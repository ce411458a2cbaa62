"""Every page's opening view computed in the background when the server starts.

A visitor's first page, or a share link to a heavy page on a server just woken from sleep, then
lands on a warm cache. The work goes through the same bounded caches as a page's own run, so a
page that asks for a fit the warm-up is still computing waits for that one computation rather
than starting a second. Only the pages' defaults are computed: the caches stay as bounded as ever.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui import registry
from ui.topic import params_of, run_fit

if TYPE_CHECKING:
    from ui.page import PageSpec

_LOG = logging.getLogger(__name__)
# Set while a page file is executed only to read its declaration: ``render_page`` then draws nothing.
DECLARING: ContextVar[bool] = ContextVar("declaring", default=False)
# Streamlit warns once per cached call made outside a script run; the warm-up makes them on purpose.
_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


def declared_spec(script: Path) -> PageSpec | None:
    """The ``SPEC`` a page file declares, read by executing the file without drawing anything."""
    module_spec = importlib.util.spec_from_file_location(f"_declared_{script.stem}", script)
    if module_spec is None or module_spec.loader is None:
        return None
    module = importlib.util.module_from_spec(module_spec)
    token = DECLARING.set(True)
    try:
        module_spec.loader.exec_module(module)
    finally:
        DECLARING.reset(token)
    return getattr(module, "SPEC", None)


def default_values(spec: PageSpec) -> dict[str, Any]:
    """Every control of a page at the default it opens with."""
    return {control.key: control.default for control in spec.controls}


@contextmanager
def _quiet_context_warnings() -> Iterator[None]:
    logger = logging.getLogger(_CONTEXT_LOGGER)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def warm_page(script: Path) -> int:
    """Compute one page's default fits into the caches; returns how many fits it ran or found."""
    spec = declared_spec(script)
    if spec is None:
        return 0
    topic = spec.topic
    fits = topic.fits(params_of(topic.Params, default_values(spec)))
    for fit in fits.values():
        run_fit(fit)
    return len(fits)


def warm_every_page(first: str = "") -> None:
    """Every trade-off page's opening view: the page ``first`` (a script stem: the one the first
    visitor opened, which then shares its fits with the warm-up rather than competing for the
    cores), then the others in navigation order. A page that fails is logged and skipped (its own
    run shows the problem to whoever opens it)."""
    entries = [entry for entry in registry.discover() if entry.section != registry.SECTIONS[0]]
    entries.sort(key=lambda entry: entry.script.stem != first)
    with _quiet_context_warnings():
        for entry in entries:
            try:
                warm_page(entry.script)
            except Exception:  # the warm-up must never take the server down
                _LOG.exception("Could not warm %s", entry.script.stem)
