"""Layering: explorers/ and datasets/ are pure Python and never import streamlit."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_PACKAGES = ("explorers", "datasets")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _pure_files() -> list[Path]:
    return sorted(path for package in PURE_PACKAGES for path in (ROOT / package).rglob("*.py"))


def test_pure_packages_exist():
    assert len(_pure_files()) >= 4


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pure_module_never_imports_streamlit(path: Path):
    offending = {name for name in _imported_modules(path) if name.split(".")[0] == "streamlit"}
    assert not offending, f"{path.relative_to(ROOT)} imports {sorted(offending)}"


def test_the_check_itself_detects_streamlit(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text("import numpy\nfrom streamlit.runtime import caching\n")
    assert "streamlit.runtime" in _imported_modules(sample)
