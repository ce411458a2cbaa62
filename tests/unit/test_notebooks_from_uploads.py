"""The notebooks of pages offering "Your data (CSV)": the data is read from ``PATH``, never embedded,
prepared exactly as the app prepares it, and the notebook reproduces the page's numbers on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from datasets import user
from explorers.compare import parse_amount
from explorers.export import notebook_cells, notebook_json
from explorers.notebook_data import upload_cells
from explorers.view import build
from tests.unit.properties_support import defaults, page_spec
from tests.unit.test_notebooks import all_numbers, headline_of
from ui.topic import params_of

CORPUS = Path(__file__).resolve().parents[1] / "data" / "csv"
# Files of the corpus the app accepts, with a target and a positive class: between them a pipe, a
# semicolon and a tab, UTF-8, UTF-8 with BOM, UTF-16 and Windows-1252, dropped ID and free-text
# columns, one-hot text, missing values, decimal commas.
UPLOADS = {
    "quoted_pipes_missing.csv": ("label", "red"),
    "latin1_semicolon_decimal_comma.csv": ("classe", "chaud"),
    "utf8_bom_tab.tsv": ("label", "ja"),
    "utf16_excel_unicode_text.txt": ("label", "yes"),
    "xss_column_names.csv": ("label", "<b>yes</b>"),
}
RUNS = [
    ("threshold", "quoted_pipes_missing.csv"),
    ("imbalance", "latin1_semicolon_decimal_comma.csv"),
    ("lr_vs_svm", "quoted_pipes_missing.csv"),
]
UPLOAD_SETTINGS = {"imbalance": {"ratio": 0}}  # the page starts an upload "as in the data"


def user_data(name: str) -> user.UserData:
    target, positive = UPLOADS[name]
    return user.prepare(user.read_table((CORPUS / name).read_bytes(), name), target, positive)


@pytest.mark.parametrize("name", UPLOADS)
def test_the_notebook_prepares_the_file_as_the_app_does(name: str, tmp_path):
    data = user_data(name)
    shutil.copy(CORPUS / name, tmp_path / "your_data.csv")
    scope: dict[str, object] = {}
    for cell in upload_cells(data):
        if cell.kind == "code":
            source = cell.source.replace('"your_data.csv"', repr(str(tmp_path / "your_data.csv")))
            exec(compile(source, name, "exec"), scope)
    np.testing.assert_array_equal(scope["Y_ALL"], data.y)
    np.testing.assert_allclose(scope["X_ALL"], data.X)


def _recipe(stem: str, data: user.UserData):
    topic = page_spec(stem).topic
    settings = {**defaults(stem), **UPLOAD_SETTINGS.get(stem, {}), "dataset": data}
    params = params_of(topic.Params, settings)
    return topic, params, topic.recipe(params)


@pytest.mark.parametrize(("stem", "name"), RUNS)
def test_an_upload_notebook_reads_path_and_reproduces_the_page(stem: str, name: str, tmp_path):
    data = user_data(name)
    topic, params, recipe = _recipe(stem, data)
    text = "\n".join(cell.source for cell in notebook_cells(recipe))
    assert 'PATH = "your_data.csv"' in text
    assert "free text, with commas" not in text and "Montréal" not in text, "the data is never embedded"
    shutil.copy(CORPUS / name, tmp_path / "your_data.csv")
    notebook = nbformat.reads(notebook_json(recipe), as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    last = notebook.cells[-1]
    headline = headline_of(
        "".join(out.get("text", "") for out in last.outputs if out.get("name") == "stdout")
    )
    shown = all_numbers(build(topic.fits, topic.view, params))
    assert headline
    for label, value in headline.items():
        amount = parse_amount(shown[label].value)
        assert amount is not None
        assert abs(value - amount.value) <= 10.0**-amount.decimals + 1e-9, (label, value, shown[label].value)
