"""The leakage page through AppTest: the default answers the page's question, the split moves the
headline, the fold only reads (nothing is refitted), and bad links give a sentence, not a traceback."""

from __future__ import annotations

import pytest

from explorers import leakage as lx
from explorers.leakage import engine
from tests.apptest import chart_specs, markdown_text, metric_values, open_healthy, rerun_with, table_cells


@pytest.fixture
def fitted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every fit of the pipeline."""
    calls = [0]
    original = engine.fit

    def counting(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "fit", counting)
    return calls


def test_the_default_view_shows_the_gap_and_every_chart():
    at = open_healthy("leakage")
    numbers = metric_values(at)
    estimate = lx.cross_validated(8, 0.6, 0, ("future", "duplicates", "proxy"), "random").auc
    production = lx.production_score(8, 0.6, 0, ("future", "duplicates", "proxy")).auc
    assert numbers["Offline AUC (random K-fold)"] == f"{estimate:.2f}"
    assert numbers["Production AUC"] == f"{production:.2f}"
    assert numbers["Optimism gap"] == f"{estimate - production:+.2f}"
    assert len(chart_specs(at)) == 4
    assert "Refund issued" in markdown_text(at)


def test_the_fold_only_reads(fitted: list[int]):
    at = open_healthy("leakage")
    before, calls = metric_values(at), fitted[0]
    rerun_with(at, "fold", 2)
    assert fitted[0] == calls, "drawing another fold refitted the pipeline"
    assert metric_values(at) == before
    assert any("Fold 2 of 5" in caption.value for caption in at.caption)


def test_switching_to_a_time_split_with_no_leaks_shrinks_the_gap():
    at = open_healthy("leakage")
    wide = float(metric_values(at)["Optimism gap"])
    rerun_with(at, "leaks", [])
    rerun_with(at, "split", "time")
    narrow = float(metric_values(at)["Optimism gap"])
    assert abs(narrow) < wide
    assert "Offline AUC (by time)" in metric_values(at)
    assert any("No leak is switched on" in info.value for info in at.info)


def test_the_leak_table_lists_every_leak():
    at = open_healthy("leakage")
    names = list(table_cells(at).iloc[:, 0])
    assert names[0] == "No leak (baseline)" and names[-1].startswith("Chance")
    assert [lx.LEAKS[key].short for key in lx.LEAKS] == names[1:-1]


@pytest.mark.parametrize(
    "params",
    [
        {"rows_per_user": "1", "drift": "0.0"},
        {"rows_per_user": "20", "drift": "1.0", "split": "Grouped by user (GroupKFold)"},
        {"split": "nonsense", "fold": "9"},
    ],
)
def test_extreme_or_bad_links_give_a_sane_page(params: dict[str, str]):
    at = open_healthy("leakage", params)
    assert metric_values(at)
    assert "nan" not in markdown_text(at).lower()
