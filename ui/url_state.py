"""The page's state in the URL: validating incoming values, the share link, and reset.

Widgets are bound with ``bind="query-params"``, so Streamlit keeps the URL in step with
them. Streamlit silently drops a value it cannot use; this module checks every incoming
value first, so a bad link falls back to the default *with a notice*, never an exception.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.state.session_state_proxy import get_session_state

from ui.controls import Control, InvalidUrlValueError

# Parameters that Streamlit itself reads; never reported as unknown.
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})
_NOTICES_KEY = "_url_notices"


def sanitize(controls: Iterable[Control], *, known: Iterable[str] = (), strict: bool = True) -> None:
    """Drop URL values the ``controls`` cannot accept, recording a notice for each.

    With ``strict``, parameters that no control (nor ``known``) claims are dropped too.
    Must run before the controls' widgets are drawn, so they start from their defaults.
    """
    by_key = {control.key: control for control in controls}
    allowed = set(by_key) | set(known) | STREAMLIT_PARAMS
    for key in list(st.query_params.keys()):
        control = by_key.get(key)
        if control is not None:
            _check_value(control, st.query_params.get_all(key) or [""])
        elif strict and key not in allowed:
            _drop(key, f"Ignored the unknown link parameter `{_shown(key) or '(no name)'}`.")


def _check_value(control: Control, raws: list[str]) -> None:
    """Every value of a repeated parameter is checked, so one bad item drops the whole parameter."""
    try:
        value = control.parse_all(raws)
    except InvalidUrlValueError as reason:
        _drop(
            control.key,
            f"Ignored `{control.key}={_shown(', '.join(raws))}` from the link ({reason}); "
            f"using the default, {control.to_url(control.default)}.",
        )
        return
    canonical = control.url_values(value)
    if raws != canonical and not _same_number(raws, canonical):
        _rewrite(control.key, canonical)


def _same_number(raws: list[str], canonical: list[str]) -> bool:
    """Whether one plain number is written two ways, e.g. Streamlit's '6' for our '6.0'."""
    if len(raws) != 1 or len(canonical) != 1 or raws[0] != raws[0].strip():
        return False
    try:
        return float(raws[0]) == float(canonical[0])
    except ValueError:
        return False


def _rewrite(key: str, values: list[str]) -> None:
    """Spell an accepted value the way its widget reads it: Streamlit reads a repeated slider
    parameter as a range, and a toggle's 'yes' or '1' not at all, and would silently drop them."""
    with contextlib.suppress(StreamlitAPIException):
        st.query_params[key] = values if len(values) > 1 else values[0]
        _forget_initial_value()


def _shown(text: str, limit: int = 40) -> str:
    """Text from the URL made safe to show inside a Markdown code span: printable, no
    backticks (which could end the span and let the rest be read as Markdown), truncated."""
    cleaned = "".join(ch if ch.isprintable() and ch != "`" else "?" for ch in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 3] + "..."


def _drop(key: str, notice: str) -> None:
    # A parameter already bound to a widget this session cannot be deleted; Streamlit itself
    # ignores a bad value for it.
    with contextlib.suppress(StreamlitAPIException):
        del st.query_params[key]
        _forget_initial_value()
    st.session_state.setdefault(_NOTICES_KEY, []).append(notice)


def _forget_initial_value() -> None:
    """Seed widgets from the cleaned link, not the one the page was opened with.

    Streamlit seeds a bound widget from the link as first received. It rejects a bad single value
    by itself, but keeps the valid items of a multiselect's repeated parameter; dropping the whole
    parameter must make the widget start from its default, as the notice says.
    """
    with get_session_state().query_params() as params:
        params.set_initial_query_params_from_current()


def pop_notices() -> list[str]:
    """The notices recorded during this run, cleared so they show once."""
    return st.session_state.pop(_NOTICES_KEY, [])


def current_values(controls: Iterable[Control]) -> dict[str, object]:
    """Each control's current value (its default before its widget has been drawn)."""
    return {c.key: st.session_state.get(c.key, c.default) for c in controls}


def share_query(controls: Sequence[Control]) -> str:
    """The query string that reproduces the current view, every control spelled out."""
    values = current_values(controls)
    return urlencode({c.key: c.url_values(values[c.key]) for c in controls}, doseq=True)


def share_url(controls: Sequence[Control]) -> str:
    """The absolute link to this page in its current state (relative when the host is unknown)."""
    base = st.context.url or ""
    query = share_query(controls)
    return f"{base}?{query}" if query else base


def reset_to_defaults(controls: Iterable[Control]) -> None:
    """Widget callback: put every control back to its default (which also clears the URL)."""
    for control in controls:
        default = control.default
        st.session_state[control.key] = list(default) if isinstance(default, tuple) else default
