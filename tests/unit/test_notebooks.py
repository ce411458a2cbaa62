"""The proof that the notebook export is honest: every page's notebook for its default view runs
offline in a fresh Python kernel, imports nothing of this app, and prints the page's headline
numbers, each within one unit of the last digit the page shows."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest
from nbclient import NotebookClient

from explorers.compare import parse_amount
from explorers.export import Recipe, headline_of, notebook_json
from explorers.view import KeyNumber, View, build
from tests.unit.properties_support import defaults, page_spec
from ui.registry import discover
from ui.topic import params_of

TRADE_OFFS = [entry.script.stem for entry in discover() if entry.section != "Start"]
APP_PACKAGES = ("explorers", "datasets", "ui", "pages", "tests", "bench")
RUN_SECONDS = 600
# One setting unlike the default per page, so the notebook is shown to follow the controls too.
OTHER_SETTINGS: dict[str, dict[str, object]] = {
    "threshold": {"model": "gbm", "threshold": 0.3, "beta": 2.0, "prevalence": 0.01},
    "imbalance": {
        "ratio": 50,
        "model": "logreg",
        "seeds": 3,
        "strategies": ("none", "under", "ensemble", "threshold"),
    },
    "lr_vs_svm": {"outliers": 0.1, "lr_degree": 3, "svm_kernel": "linear", "svm_c": 10.0},
    "feature_transforms": {"ctr": "additive", "model": "gbm"},
    "leakage": {"split": "group", "leaks": ("target", "preprocessing")},
    "regularization": {"penalty": "l2"},
    "serving": {"by_hand": True, "rate": 30},  # a service time set by hand: nothing measured
    "retrieval": {"index": "hnsw", "ef_search": 32},
    "drift": {"detector": "ph"},
    "ranking": {"noise_b": 1.5, "labels": "ips", "clip": None, "eta": 1.5},
    "ab_test": {"lift": 5, "peeking": "daily", "share": 30, "metrics": 10, "correction": "holm", "srm": 2.0},
    "ads_calibration": {"model": "gbm", "calibration": "isotonic", "w": 0.02},
}
CASES = [(stem, {}) for stem in TRADE_OFFS] + [
    (stem, OTHER_SETTINGS[stem]) for stem in TRADE_OFFS if stem in OTHER_SETTINGS
]
CASE_IDS = [f"{stem}-{'other' if overrides else 'default'}" for stem, overrides in CASES]


def settings_of(stem: str, overrides: dict[str, object]) -> dict[str, object]:
    return {**defaults(stem), **overrides}


def view_at(stem: str, overrides: dict[str, object]) -> View:
    topic = page_spec(stem).topic
    return build(topic.fits, topic.view, params_of(topic.Params, settings_of(stem, overrides)))


def recipe_of(stem: str, overrides: dict[str, object] | None = None) -> Recipe:
    topic = page_spec(stem).topic
    return topic.recipe(params_of(topic.Params, settings_of(stem, overrides or {})))


def all_numbers(view: View) -> dict[str, KeyNumber]:
    """Every key number of the view, in any field, by label."""
    found: dict[str, KeyNumber] = {}
    for value in vars(view).values():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, KeyNumber):
                found.setdefault(item.label, item)
    return found


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_every_topic_writes_a_notebook(stem: str):
    recipe = recipe_of(stem)
    notebook = nbformat.reads(notebook_json(recipe, ["a setting: 1"]), as_version=4)
    nbformat.validate(notebook)
    assert any(cell.cell_type == "markdown" for cell in notebook.cells[1:-2]), "explain each step"


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_the_notebook_imports_nothing_of_the_app(stem: str):
    for cell in recipe_of(stem).cells:
        if cell.kind != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in APP_PACKAGES, f"{stem}: the notebook imports {name}"


@pytest.mark.parametrize(("stem", "overrides"), CASES, ids=CASE_IDS)
def test_the_notebook_runs_and_reproduces_the_headline(stem: str, overrides: dict[str, object], tmp_path):
    notebook = nbformat.reads(notebook_json(recipe_of(stem, overrides)), as_version=4)
    client = NotebookClient(
        notebook,
        timeout=RUN_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},  # runs outside the repository
    )
    client.execute()
    last = notebook.cells[-1]
    stdout = "".join(out.get("text", "") for out in last.outputs if out.get("name") == "stdout")
    headline = headline_of(stdout)
    shown = all_numbers(view_at(stem, overrides))
    assert headline, f"{stem}: the notebook checks no number"
    for label, value in headline.items():
        assert label in shown, f"{stem}: the page shows no number labelled {label!r}"
        amount = parse_amount(shown[label].value)
        assert amount is not None, f"{stem}: {label!r} reads {shown[label].value!r}"
        tolerance = 10.0**-amount.decimals + 1e-9
        assert abs(value - amount.value) <= tolerance, (
            f"{stem}: {label!r} is {shown[label].value} on the page, {value} in the notebook"
        )


def test_headline_is_read_from_the_last_printed_dict():
    assert headline_of('noise\n{\n "AUC": 0.5\n}\n') == {"AUC": 0.5}
    assert json.loads('{"a": 1}') == {"a": 1}
