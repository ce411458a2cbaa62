"""What every part of the upload shares: the limits, the error type and plain-text names."""

from __future__ import annotations

from collections import Counter

from datasets.base import MIN_SAMPLES
from datasets.errors import DatasetError

UPLOAD_KEY = "upload"
UPLOAD_LABEL = "Your data (CSV)"

MAX_UPLOAD_MB = 10  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_COLUMNS = 200  # columns in the file
MAX_ROWS = 5_000  # rows used; larger files are sampled, stratified by class
MAX_FEATURES = 50  # features after encoding
MAX_CATEGORIES = 20  # distinct values a text column may have to be one-hot encoded
MAX_TARGET_CLASSES = 50
MIN_PER_CLASS = 10
MIN_ROWS = MIN_SAMPLES
DISPLAY_NAME_LENGTH = 40


class UploadError(DatasetError):
    """An uploaded file that cannot be used; the message says what is wrong and how to fix it."""


def _plain(character: str) -> bool:
    """Whether ``character`` means nothing to Markdown, HTML or plotly's text markup."""
    return character.isalnum() or character in " _-.=/%"


def display_name(raw: object, fallback: str = "column") -> str:
    """``raw`` as safe plain text: other characters become spaces, at most 40 characters."""
    text = "".join(c if _plain(c) else " " for c in str(raw))
    text = " ".join(text.split())
    if len(text) > DISPLAY_NAME_LENGTH:
        text = text[: DISPLAY_NAME_LENGTH - 1].rstrip() + "…"
    return text or fallback


def unique_names(names: list[str]) -> tuple[str, ...]:
    """``names`` with repeats numbered, e.g. ('a', 'a 2')."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return tuple(out)


def quoted(raw: object) -> str:
    """A file's name or value for a message: quoted, and shortened when long."""
    text = str(raw)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
