"""The page's state in the URL: validating incoming values, the share link, and reset.

Widgets are bound with ``bind="query-params"``, so Streamlit keeps the URL in step with
them. Streamlit silently drops a value it cannot use; this module checks every incoming
value first, so a bad link falls back to the default *with one notice* listing everything
ignored (a multiselect keeps its valid items), never an exception.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.session_state_proxy import get_session_state

from ui.controls import Control, InvalidUrlValueError, MultiChoice

# Parameters that Streamlit itself reads; never reported as unknown.
STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})
_NOTICES_KEY = "_url_notices"
_PAGES_REPORTED_KEY = "_url_unknown_pages"
NOTICE_HEAD = "Ignored from the link"


@dataclass
class LinkCheck:
    """What a link comes to: parameters to drop, values to rewrite, and one item per thing ignored."""

    drop: list[str] = field(default_factory=list)
    rewrite: dict[str, list[str]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def check_link(
    params: Mapping[str, list[str]],
    controls: Iterable[Control],
    *,
    known: Iterable[str] = (),
    strict: bool = True,
    namespaces: Iterable[str] = (),
) -> LinkCheck:
    """Check every parameter of a link (each key with all its values) against the ``controls``.

    A bad value is dropped (its control starts from its default); a multiselect keeps its valid
    items and names the dropped ones; with ``strict``, a parameter no control (nor ``known``)
    claims is dropped. Each of ``namespaces`` (e.g. ``pin.``) holds a second set of the same
    controls' values (``pin.C``), checked the same way. Pure: ``sanitize`` applies the result.
    """
    by_key = {control.key: control for control in controls}
    by_key |= {space + control.key: control for space in namespaces for control in controls}
    allowed = set(by_key) | set(known) | STREAMLIT_PARAMS
    result = LinkCheck()
    for key, raws in params.items():
        control = by_key.get(key)
        if control is not None:
            _check_value(control, raws or [""], result, key)
        elif strict and key not in allowed:
            result.drop.append(key)
            result.ignored.append(f"the unknown parameter `{_shown(key) or '(no name)'}`")
    return result


def sanitize(
    controls: Iterable[Control],
    *,
    known: Iterable[str] = (),
    strict: bool = True,
    namespaces: Iterable[str] = (),
) -> None:
    """Drop or rewrite URL values the ``controls`` cannot accept, recording what was ignored.

    Must run before the controls' widgets are drawn, so they start from the cleaned values.
    """
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}  # noqa: SIM118
    result = check_link(params, controls, known=known, strict=strict, namespaces=namespaces)
    for key in result.drop:
        _drop(key)
    for key, values in result.rewrite.items():
        _rewrite(key, values)
    _record(result.ignored)


def _record(items: Iterable[str]) -> None:
    """Keep ``items`` for this run's one link notice."""
    st.session_state.setdefault(_NOTICES_KEY, []).extend(items)


def _check_value(control: Control, raws: list[str], result: LinkCheck, key: str) -> None:
    """Every value of a repeated parameter ``key`` is checked; a multiselect keeps its valid items."""
    if isinstance(control, MultiChoice) and _salvage(control, raws, result, key):
        return
    try:
        value = control.parse_all(raws)
    except InvalidUrlValueError as reason:
        result.drop.append(key)
        result.ignored.append(
            f"`{key}={_shown(', '.join(raws))}` ({reason}); using the default, "
            f"{control.to_url(control.default)}"
        )
        return
    canonical = control.url_values(value)
    if raws != canonical and not _same_number(raws, canonical):
        result.rewrite[key] = canonical


def _salvage(control: MultiChoice, raws: list[str], result: LinkCheck, key: str) -> bool:
    """Keep a multiselect's valid items when some are unknown and enough remain; whether it did."""
    kept, unknown = control.split_items(raws)
    if not unknown or not kept:
        return False
    try:
        value = control.parse_all(kept)
    except InvalidUrlValueError:
        return False
    result.rewrite[key] = control.url_values(value)
    dropped = ", ".join(f"`{_shown(item)}`" for item in unknown[:5]) + (
        " and more" if len(unknown) > 5 else ""
    )
    result.ignored.append(
        f"from `{key}` the unknown {'item' if len(unknown) == 1 else 'items'} {dropped} "
        f"(it takes {control.describe()}); kept {control.to_url(value)}"
    )
    return True


def notice_text(items: Sequence[str]) -> str | None:
    """One notice listing every ignored item (None when nothing was ignored)."""
    if not items:
        return None
    if len(items) == 1:
        return f"{NOTICE_HEAD}: {items[0]}."
    return f"{NOTICE_HEAD}:\n" + "\n".join(f"- {item}" for item in items)


def unknown_page_item(requested: str, url_paths: Iterable[str]) -> str | None:
    """The notice item for a link to a page that does not exist (None when it exists or is Home)."""
    if not requested or requested in set(url_paths):
        return None
    return f"the unknown page `{_shown(requested)}`, so Home is shown"


def note_unknown_page(url_paths: Iterable[str]) -> None:
    """Record, once per session and name, that the link named a page the app does not have."""
    ctx = get_script_run_ctx()
    requested = getattr(getattr(ctx, "pages_manager", None), "intended_page_name", None) or ""
    item = unknown_page_item(requested, url_paths)
    reported = st.session_state.setdefault(_PAGES_REPORTED_KEY, set())
    if item is not None and requested not in reported:
        reported.add(requested)
        _record([item])


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


def _drop(key: str) -> None:
    # A parameter already bound to a widget this session cannot be deleted; Streamlit itself
    # ignores a bad value for it.
    with contextlib.suppress(StreamlitAPIException):
        del st.query_params[key]
        _forget_initial_value()


def _forget_initial_value() -> None:
    """Seed widgets from the cleaned link, not the one the page was opened with.

    Streamlit seeds a bound widget from the link as first received. It rejects a bad single value
    by itself, but keeps the valid items of a multiselect's repeated parameter; dropping the whole
    parameter must make the widget start from its default, as the notice says.
    """
    with get_session_state().query_params() as params:
        params.set_initial_query_params_from_current()


def pop_notices() -> list[str]:
    """The one notice listing everything ignored from the link this run (or none), cleared so it
    shows once."""
    text = notice_text(st.session_state.pop(_NOTICES_KEY, []))
    return [] if text is None else [text]


def current_values(controls: Iterable[Control]) -> dict[str, object]:
    """Each control's current value (its default before its widget has been drawn)."""
    return {c.key: st.session_state.get(c.key, c.default) for c in controls}


def share_query(controls: Sequence[Control], namespaces: Sequence[str] = ("pin.",)) -> str:
    """The query string that reproduces the current view, every control spelled out, and the
    parameters of each of ``namespaces`` the link holds (a pinned view's)."""
    values = current_values(controls)
    query = {c.key: c.url_values(values[c.key]) for c in controls}
    for key in st.query_params.keys():  # noqa: SIM118
        if key.startswith(tuple(namespaces)):
            query[key] = st.query_params.get_all(key)
    return urlencode(query, doseq=True)


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
