"""Layering: imports flow one way, ``pages -> ui -> explorers -> datasets``, and each rule of the
kit is checked here on the real code and on a small sample that breaks it (so the check can fail).

- No module imports a layer above its own.
- ``explorers`` and ``datasets`` never import streamlit, and explorers emit no Streamlit markup.
- ``datasets`` knows no page by name.
- Topics (one explorer module or package per trade-off) never import each other.
- Explorer functions never take a page's dict of control values.
- A page passes no callable of its own (a cached function, a local def) into an explorer.
- The product packages hold no test machinery.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS: tuple[str, ...] = ("datasets", "explorers", "ui", "pages")  # bottom to top
PURE_PACKAGES = ("explorers", "datasets")
SHARED_EXPLORERS = frozenset(
    {
        "view",
        "metrics",
        "models",
        "chart_layout",
        "charts",
        "formatting",
        "common",
        "interview",
        "plane",
        "queueing",
        "compare",
        "export",
    }
)
TEST_MACHINERY = ("streamlit.testing", "pytest", "hypothesis", "playwright")
_MARKUP = re.compile(
    r":material/|:[a-z]+-background\[|:(?:red|orange|green|blue|violet|gray|grey|rainbow|primary)\["
)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imported_modules(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _files(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (ROOT / package).rglob("*.py"))


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --------------------------------------------------------------------------- the rules


def upward_imports(tree: ast.Module, layer: str) -> set[str]:
    """Modules of a higher layer than ``layer`` that ``tree`` imports."""
    above = LAYERS[LAYERS.index(layer) + 1 :]
    return {name for name in _imported_modules(tree) if name.split(".")[0] in above}


def streamlit_imports(tree: ast.Module) -> set[str]:
    """Streamlit modules that ``tree`` imports."""
    return {name for name in _imported_modules(tree) if name.split(".")[0] == "streamlit"}


def streamlit_markup(tree: ast.Module) -> list[str]:
    """String constants in ``tree`` that carry Streamlit-only Markdown (icons, coloured text)."""
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _MARKUP.search(node.value)
    ]


def page_names(tree: ast.Module, pages: set[str]) -> list[str]:
    """String constants in ``tree`` equal to a page's file stem."""
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in pages
    ]


def topic_of(path: Path) -> str | None:
    """The trade-off an explorer file belongs to (None for the shared modules)."""
    parts = path.relative_to(ROOT / "explorers").parts
    name = parts[0].removesuffix(".py")
    return None if name in SHARED_EXPLORERS or name == "__init__" else name


def other_topics_imported(tree: ast.Module, own: str, topics: set[str]) -> set[str]:
    """Other topics that an explorer module of topic ``own`` imports."""
    found = set()
    for name in _imported_modules(tree):
        parts = name.split(".")
        if parts[0] == "explorers" and len(parts) > 1 and parts[1] in topics - {own}:
            found.add(parts[1])
    return found


def takes_control_values(tree: ast.Module) -> list[str]:
    """Functions with a parameter typed as a page's values (``Mapping[str, Any]``/``dict[str, Any]``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if re.fullmatch(r"(Mapping|dict|Dict|MutableMapping)\[str, (Any|object)\]", annotation):
                    found.append(f"{node.name}({arg.arg})")
    return found


def callbacks_into_explorers(tree: ast.Module) -> list[str]:
    """Calls into an explorer that pass one of the page's own callables (a def or a cached wrapper)."""
    explorer_aliases = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "explorers":
            explorer_aliases.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            explorer_aliases.update(
                alias.asname or alias.name for alias in node.names if alias.name.startswith("explorers.")
            )
    own = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            own.update(target.id for target in node.targets if isinstance(target, ast.Name))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        root = node.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not (isinstance(root, ast.Name) and root.id in explorer_aliases):
            continue
        passed = [*node.args, *(keyword.value for keyword in node.keywords)]
        found += [arg.id for arg in passed if isinstance(arg, ast.Name) and arg.id in own]
    return found


# --------------------------------------------------------------------------- the real code


@pytest.mark.parametrize("layer", LAYERS)
def test_no_module_imports_a_layer_above_its_own(layer: str):
    offending = {
        _ids(path): sorted(found) for path in _files(layer) if (found := upward_imports(_tree(path), layer))
    }
    assert not offending


def test_pure_packages_exist():
    assert len(_files(*PURE_PACKAGES)) >= 4


@pytest.mark.parametrize("path", _files(*PURE_PACKAGES), ids=_ids)
def test_pure_module_never_imports_streamlit(path: Path):
    assert not streamlit_imports(_tree(path))


@pytest.mark.parametrize("path", _files("explorers"), ids=_ids)
def test_explorers_emit_no_streamlit_markup(path: Path):
    assert not streamlit_markup(_tree(path))


def _page_stems() -> set[str]:
    return {path.stem for path in (ROOT / "pages").glob("*.py")}


@pytest.mark.parametrize("path", _files("datasets"), ids=_ids)
def test_datasets_know_no_page_by_name(path: Path):
    assert not page_names(_tree(path), _page_stems())


def _topics() -> set[str]:
    return {topic for path in _files("explorers") if (topic := topic_of(path))}


def test_there_are_topics_and_shared_modules():
    assert {"threshold", "imbalance", "serving"} <= _topics()
    assert all(name not in _topics() for name in SHARED_EXPLORERS)


@pytest.mark.parametrize("path", [p for p in _files("explorers") if topic_of(p)], ids=_ids)
def test_topics_never_import_each_other(path: Path):
    own = topic_of(path)
    assert own is not None
    assert not other_topics_imported(_tree(path), own, _topics())


@pytest.mark.parametrize("path", _files("explorers"), ids=_ids)
def test_explorers_never_take_a_pages_values(path: Path):
    assert not takes_control_values(_tree(path))


@pytest.mark.parametrize("path", _files("pages"), ids=_ids)
def test_pages_pass_no_callbacks_into_explorers(path: Path):
    assert not callbacks_into_explorers(_tree(path))


@pytest.mark.parametrize("path", _files("app.py", "pages", "ui", "explorers", "datasets"), ids=_ids)
def test_product_code_holds_no_test_machinery(path: Path):
    imported = _imported_modules(_tree(path))
    assert not {name for name in imported if name.startswith(TEST_MACHINERY)}


# --------------------------------------------------------------------------- each check can fail


def _sample(source: str) -> ast.Module:
    return ast.parse(source)


def test_upward_import_is_detected():
    assert upward_imports(_sample("from ui.cache import cache_model\nimport numpy\n"), "explorers") == {
        "ui.cache",
        "ui.cache.cache_model",
    }
    assert upward_imports(_sample("import explorers.charts\n"), "datasets") == {"explorers.charts"}
    assert not upward_imports(_sample("import datasets\n"), "explorers")


def test_streamlit_import_is_detected():
    assert "streamlit.runtime" in streamlit_imports(
        _sample("import numpy\nfrom streamlit.runtime import caching\n")
    )


def test_streamlit_markup_is_detected():
    assert streamlit_markup(_sample('x = f":orange-background[**{v}**]"\n'))
    assert streamlit_markup(_sample('icon = ":material/warning:"\n'))
    assert streamlit_markup(_sample('text = ":gray[*leaky*]"\n'))
    assert not streamlit_markup(_sample('text = "**bold** and 10:30 [link]"\n'))


def test_page_names_in_datasets_are_detected():
    assert page_names(_sample('ALL = ("threshold", "moons")\n'), {"threshold"}) == ["threshold"]


def test_topic_imports_are_detected():
    tree = _sample("from explorers.threshold import curves\nfrom explorers import metrics\n")
    assert other_topics_imported(tree, "imbalance", {"threshold", "imbalance"}) == {"threshold"}
    tree = _sample("from explorers.imbalance.figures import pr_figure\n")
    assert not other_topics_imported(tree, "imbalance", {"threshold", "imbalance"})


def test_a_values_parameter_is_detected():
    sample = (
        "def study_settings(values: Mapping[str, Any]) -> dict: ...\ndef ok(x: np.ndarray) -> None: ...\n"
    )
    assert takes_control_values(_sample(sample)) == ["study_settings(values)"]


def test_a_callback_into_an_explorer_is_detected():
    sample = (
        "from explorers import imbalance as ix\nfrom ui.cache import cache_data\n"
        "evaluate = cache_data(ix.evaluate_strategy)\n"
        "def draw(v):\n    run = ix.RunStrategy(evaluate, v['dataset'])\n    return ix.view(v['x'])\n"
    )
    assert callbacks_into_explorers(_sample(sample)) == ["evaluate"]
