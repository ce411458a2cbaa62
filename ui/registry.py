"""Page discovery: every ``pages/*.py`` that declares a ``PAGE`` dict is registered.

Adding a page therefore costs one file in ``pages/``: ``app.py`` and the Home page pick it
up from its ``PAGE`` declaration, read with ``ast`` so no page is executed to list it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from explorers.interview import STAGE_KEYS

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "pages"

# Navigation sections, in the order an ML system design interview walks through them.
SECTIONS: tuple[str, ...] = (
    "Start",
    "Training data",
    "Features",
    "Modeling",
    "Evaluation",
    "Deployment & monitoring",
)


class PageDeclarationError(ValueError):
    """A page file whose ``PAGE`` declaration is missing a field or names an unknown one."""


@dataclass(frozen=True)
class PageEntry:
    """One registered page."""

    script: Path
    title: str
    icon: str
    section: str
    summary: str
    stages: tuple[str, ...] = ()
    order: int = 100
    default: bool = False
    start_here: bool = False  # the page the Home page sends a first-time visitor to

    @property
    def url_path(self) -> str:
        """The page's path in the URL ('' for the default page)."""
        return "" if self.default else self.script.stem


def _read_declaration(script: Path) -> dict[str, object] | None:
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "PAGE" for target in node.targets
        ):
            return ast.literal_eval(node.value)
    return None


def _entry(script: Path, declaration: dict[str, object]) -> PageEntry:
    try:
        entry = PageEntry(script=script, **declaration)  # type: ignore[arg-type]
    except TypeError as problem:
        raise PageDeclarationError(f"{script.name}: {problem}") from None
    if entry.section not in SECTIONS:
        raise PageDeclarationError(f"{script.name}: unknown section {entry.section!r}")
    unknown = set(entry.stages) - set(STAGE_KEYS)
    if unknown:
        raise PageDeclarationError(f"{script.name}: unknown stages {sorted(unknown)}")
    return PageEntry(**{**entry.__dict__, "stages": tuple(entry.stages)})


@cache
def discover(pages_dir: Path = PAGES_DIR) -> tuple[PageEntry, ...]:
    """Every declared page, in navigation order (section, then ``order``, then title)."""
    entries = []
    for script in sorted(pages_dir.glob("*.py")):
        declaration = _read_declaration(script)
        if declaration is not None:
            entries.append(_entry(script, declaration))
    return tuple(sorted(entries, key=lambda e: (SECTIONS.index(e.section), e.order, e.title)))


def start_here() -> PageEntry | None:
    """The page a first-time visitor should open first, if one is declared."""
    return next((entry for entry in discover() if entry.start_here), None)


def pages_for_stage(stage: str) -> tuple[PageEntry, ...]:
    """The registered pages that explore an interview stage."""
    return tuple(entry for entry in discover() if stage in entry.stages)
