"""The logistic-regression-vs-SVM page through AppTest: every control changes the result, a control
of one model never refits the other (fits are counted on the estimator classes), links round-trip,
and degenerate settings give a message."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import parse_qsl, urlparse

import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from explorers import lr_vs_svm as lx
from tests.apptest import assert_healthy, chart_specs, count_fits, metric_values, open_page, widget

PAGE = "lr_vs_svm"
CHANGES = {
    "dataset": "breast_cancer",
    "n_train": 200,
    "outliers": 0.1,
    "scaling": False,
    "seed": 7,
    "lr_c": 0.01,
    "lr_degree": 3,
    "svm_kernel": "poly",
    "svm_c": 100.0,
    "svm_gamma": 10.0,
    "bins": 5,
}
TIMED = ("fit time", "latency", "fit at")


def _untimed_numbers(at) -> dict[str, str]:
    return {label: value for label, value in metric_values(at).items() if not any(t in label for t in TIMED)}


def _result(at) -> tuple:
    """What the page shows, minus the live timings (which differ between runs by nature)."""
    charts = chart_specs(at)[:3]  # the fit-time chart holds timings
    notes = " ".join(md.value for md in at.markdown if "ms" not in md.value)
    return _untimed_numbers(at), json.dumps(charts, sort_keys=True), notes


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count every fit of the page's model classes; start from empty caches."""
    return count_fits(monkeypatch, LogisticRegression, SVC)


def test_default_view_matches_the_models_fitted_directly():
    at = open_page(PAGE)
    assert_healthy(at)
    logistic = lx.fit_model(lx.LogisticSpec(), "moons", 500, 0.0, 0)
    svm = lx.fit_model(lx.SvmSpec(), "moons", 500, 0.0, 0)
    numbers = metric_values(at)
    assert numbers["LR test accuracy"] == f"{logistic.test_accuracy:.3f}"
    assert numbers["SVM test accuracy"] == f"{svm.test_accuracy:.3f}"
    assert numbers["SVM Brier, calibrated"] == f"{svm.test_brier:.3f}"
    (table,) = at.table
    cells = table.value.map(lambda cell: str(cell).replace("\\", ""))  # Markdown escapes removed
    rows = {row.iloc[0]: list(row.iloc[1:]) for _, row in cells.iterrows()}
    assert rows["Test log loss"][:2] == [f"{logistic.test_log_loss:.3f}", f"{svm.test_log_loss:.3f}"]
    assert rows["Numbers kept"][:2] == ["3 coefficients", f"{svm.n_support:,} support vectors"]
    assert len(chart_specs(at)) == 4
    assert "What to notice" in [h.value for h in at.subheader]


@pytest.mark.parametrize(("key", "value"), CHANGES.items())
def test_every_control_changes_the_result(key: str, value: object):
    at = open_page(PAGE)
    before = _result(at)
    widget(at, key).set_value(value).run()
    assert_healthy(at)
    assert not at.warning, [w.value for w in at.warning]
    assert _result(at) != before, f"changing {key} changed nothing"


@pytest.mark.parametrize(
    ("key", "value", "refits"),
    [
        ("svm_c", 10.0, {"SVC"}),
        ("svm_kernel", "linear", {"SVC"}),
        ("lr_c", 10.0, {"LogisticRegression"}),
        ("lr_degree", 2, {"LogisticRegression"}),
        ("bins", 12, set()),
    ],
)
def test_a_control_refits_only_its_own_model(fits: Counter, key: str, value: object, refits: set[str]):
    at = open_page(PAGE)
    assert_healthy(at)
    assert fits["SVC"] and fits["LogisticRegression"]
    fits.clear()
    widget(at, key).set_value(value).run()
    assert_healthy(at)
    assert set(fits) == refits, f"changing {key} fitted {dict(fits)}"
    fits.clear()
    widget(at, key).set_value(widget(at, key).value).run()
    assert not fits, "the same settings again must come from the cache"


def test_gamma_does_not_refit_a_linear_svm(fits: Counter):
    at = open_page(PAGE, {"svm_kernel": "Linear"})
    assert_healthy(at)
    fits.clear()
    widget(at, "svm_gamma").set_value(10.0).run()
    assert_healthy(at)
    assert not fits


def test_a_share_link_round_trips():
    params = {
        "dataset": "XOR",
        "n_train": "1,000",
        "outliers": "5%",
        "scaling": "false",
        "seed": "42",
        "lr_c": "10",
        "lr_degree": "2",
        "svm_kernel": "Polynomial (degree 3)",
        "svm_c": "0.1",
        "svm_gamma": "1",
        "bins": "8",
    }
    at = open_page(PAGE, params)
    assert_healthy(at)
    assert not at.warning, [w.value for w in at.warning]
    assert widget(at, "n_train").value == 1000
    assert widget(at, "svm_kernel").value == "poly"
    assert widget(at, "svm_gamma").value == 1.0
    assert widget(at, "scaling").value is False
    link = at.sidebar.code[0].value
    query = dict(parse_qsl(urlparse(link).query))
    assert {key: query[key] for key in params} == params
    again = open_page(PAGE, query)
    assert _untimed_numbers(again) == _untimed_numbers(at)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dataset": "Handwritten digits: 9 vs rest", "lr_degree": "2"}, "2,144 terms"),
        ({"dataset": "Breast cancer (Wisconsin)", "lr_degree": "10"}, "uses degree 2"),
        ({"dataset": "Breast cancer (Wisconsin)", "lr_degree": "3"}, "5,455 terms"),
        ({"dataset": "Handwritten digits: 9 vs rest", "n_train": "20"}, "Trained on"),
    ],
)
def test_degenerate_settings_give_a_notice_and_the_rest(params: dict[str, str], message: str):
    at = open_page(PAGE, params)
    assert_healthy(at)
    notices = " ".join(element.value for kind in ("info", "warning") for element in at.get(kind))
    assert message in notices
    assert at.metric, "the rest of the page is shown"
    assert len(chart_specs(at)) == 4


@pytest.mark.parametrize(
    "params",
    [
        {"n_train": "20", "outliers": "20%"},
        {"scaling": "false", "dataset": "Diabetes progression", "svm_kernel": "Linear", "svm_c": "1000"},
        {"lr_c": "0.001", "svm_c": "0.001", "svm_gamma": "100", "bins": "20"},
        {"dataset": "Concentric circles", "lr_degree": "10", "lr_c": "1000", "scaling": "false"},
    ],
)
def test_extreme_settings_give_a_sane_view(params: dict[str, str]):
    at = open_page(PAGE, params)
    assert_healthy(at)
    numbers = metric_values(at)
    for label in ("LR test accuracy", "SVM test accuracy", "Majority-class baseline accuracy"):
        assert 0.0 <= float(numbers[label]) <= 1.0
    assert len(chart_specs(at)) == 4
    notes = " ".join(md.value for md in at.markdown)
    assert "nan" not in notes.lower()


def test_presentation_mode_draws_every_chart():
    at = open_page(PAGE, {"present": "true", "dataset": "Diabetes progression"})
    assert_healthy(at)
    assert len(chart_specs(at)) == 4
    assert any("principal components" in c.value for c in at.caption) or any(
        "principal components" in e.value for e in at.markdown
    )
