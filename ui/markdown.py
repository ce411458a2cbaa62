"""Text shown through Markdown exactly as written: no links, HTML, icons or emphasis sneak in."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~&\"'=])")


def literal(text: object) -> str:
    """``text`` escaped so Markdown shows it character for character (no links, HTML or icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def labelled_list(items: tuple[tuple[str, str], ...]) -> str:
    """A Markdown list of "**label**: text" items, both shown as written."""
    return "\n".join(f"- **{literal(label)}**: {literal(text)}" for label, text in items)
