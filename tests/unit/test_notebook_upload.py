"""The regularization notebook on the user's own CSV: it reads the file from ``PATH`` (the data is
never written into it), prepares it as the app does, and prints the page's numbers."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from datasets import user
from explorers.compare import parse_amount
from explorers.export import headline_of, notebook_json
from tests.unit.test_notebooks import RUN_SECONDS, all_numbers, recipe_of, view_at

CSV = Path(__file__).parent.parent / "data" / "csv" / "quoted_pipes_missing.csv"
PLACEHOLDER = 'PATH = "your_data.csv"'


def test_the_regularization_notebook_reads_your_csv(tmp_path):
    data = user.prepare(user.read_table(CSV.read_bytes(), CSV.name), "label", "red")
    overrides: dict[str, object] = {"dataset": data, "n_train": 40}
    notebook = nbformat.reads(notebook_json(recipe_of("regularization", overrides)), as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert PLACEHOLDER in text and "with commas 0" not in text, "read the file, never embed it"
    for cell in notebook.cells:
        cell.source = cell.source.replace(PLACEHOLDER, f"PATH = {str(CSV.resolve())!r}")
    client = NotebookClient(
        notebook, timeout=RUN_SECONDS, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    stdout = "".join(out.get("text", "") for out in notebook.cells[-1].outputs if out.get("name") == "stdout")
    headline, shown = headline_of(stdout), all_numbers(view_at("regularization", overrides))
    assert len(headline) >= 10
    for label, value in headline.items():
        amount = parse_amount(shown[label].value)
        assert amount is not None
        assert abs(value - amount.value) <= 10.0**-amount.decimals + 1e-9, (label, value, shown[label].value)
