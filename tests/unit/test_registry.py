"""Page registry and interview framework: every page is declared correctly and reachable."""

from pathlib import Path

import pytest

from explorers.interview import STAGE_KEYS, STAGES
from ui import registry


def test_home_is_the_single_default_page():
    defaults = [entry for entry in registry.discover() if entry.default]
    assert [entry.script.stem for entry in defaults] == ["home"]
    assert defaults[0].url_path == ""


def test_every_page_file_declares_itself():
    declared = {entry.script.name for entry in registry.discover()}
    on_disk = {path.name for path in registry.PAGES_DIR.glob("*.py")}
    assert declared == on_disk


def test_pages_follow_the_interview_order():
    sections = [registry.SECTIONS.index(entry.section) for entry in registry.discover()]
    assert sections == sorted(sections)
    assert registry.discover()[0].section == "Start"


def test_url_paths_are_unique():
    paths = [entry.url_path for entry in registry.discover()]
    assert len(paths) == len(set(paths))


def test_every_stage_has_content_and_unique_key():
    assert len(STAGE_KEYS) == len(set(STAGE_KEYS)) == 6
    for stage in STAGES:
        assert stage.title and stage.what_you_do and stage.signal and stage.example


def test_pages_for_stage_lists_declared_pages_only():
    for stage in STAGE_KEYS:
        for entry in registry.pages_for_stage(stage):
            assert stage in entry.stages


def _write_page(folder: Path, name: str, declaration: str) -> None:
    (folder / f"{name}.py").write_text(f"PAGE = {declaration}\nraise SystemExit('never executed')\n")


def test_discovery_reads_declarations_without_running_pages(tmp_path: Path):
    _write_page(tmp_path, "b", "{'title': 'B', 'icon': 'x', 'section': 'Evaluation', 'summary': 's'}")
    _write_page(tmp_path, "a", "{'title': 'A', 'icon': 'x', 'section': 'Modeling', 'summary': 's'}")
    (tmp_path / "helper.py").write_text("X = 1\n")
    entries = registry.discover.__wrapped__(tmp_path)
    assert [entry.title for entry in entries] == ["A", "B"]


@pytest.mark.parametrize(
    "declaration",
    [
        "{'title': 'A', 'icon': 'x', 'section': 'Nowhere', 'summary': 's'}",
        "{'title': 'A', 'icon': 'x', 'section': 'Modeling', 'summary': 's', 'stages': ('dreaming',)}",
        "{'title': 'A', 'section': 'Modeling', 'summary': 's'}",
    ],
)
def test_bad_declarations_are_rejected(tmp_path: Path, declaration: str):
    _write_page(tmp_path, "bad", declaration)
    with pytest.raises(registry.PageDeclarationError):
        registry.discover.__wrapped__(tmp_path)
