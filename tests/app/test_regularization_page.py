"""The regularization page through AppTest: every control changes the result, moving C never refits,
controls that do not apply to a dataset change nothing, links round-trip, extremes stay sane."""

from __future__ import annotations

import warnings
from collections import Counter
from typing import Any

import pytest
import streamlit as st
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from explorers import regularization as rx
from explorers.formatting import plain
from explorers.regularization import study as study_module
from tests.apptest import (
    chart_specs,
    count_fits,
    link_query,
    markdown_text,
    metric_values,
    open_healthy,
    open_page,
    page_controls,
    rerun_with,
    widget,
)

DEFAULTS = {"n_noise": 20, "n_duplicates": 5, "degree": 1, "n_train": 200, "l1_ratio": 1.0, "seed": 0}


def _result(at) -> tuple[dict[str, str], str]:
    return metric_values(at), markdown_text(at)


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Count LogisticRegression fits, each C of a warm path through scikit-learn's path solver too."""
    counts = count_fits(monkeypatch, LogisticRegression)
    solver = study_module._logistic_regression_path

    def counting_path(*args: Any, **kwargs: Any) -> Any:
        counts["LogisticRegression"] += len(kwargs["Cs"])
        return solver(*args, **kwargs)

    monkeypatch.setattr(study_module, "_logistic_regression_path", counting_path)
    return counts


def test_default_view_matches_the_explorer():
    at = open_healthy("regularization")
    study = rx.run_study("breast_cancer", **DEFAULTS)
    scores, index = rx.grid_scores(study, rx.SCORINGS["log_loss"]), rx.grid_index(1.0)
    numbers = metric_values(at)
    assert numbers["C"] == "1"
    assert numbers["λ = 1/C"] == "1"
    assert numbers["CV log loss"] == f"{scores.cv[index]:.3f}"
    assert numbers["Train log loss"] == f"{scores.train[index]:.3f}"
    assert numbers["Test log loss"] == f"{scores.test[index]:.3f}"
    assert numbers["Chosen by CV"] == f"C = {plain(rx.C_GRID[scores.zones.best_index])}"
    sp = rx.sparsity(study.coefficients.path.coefs[index], study.problem.feature_kinds)
    assert numbers["Noise features zeroed"] == f"{sp.zeroed['noise']} of 20"
    assert numbers["Near-duplicates zeroed"] == f"{sp.zeroed['duplicate']} of 5"
    assert len(chart_specs(at)) == 4
    assert "L1 at C = 1 zeroed" in markdown_text(at)


CHANGES = [
    ("dataset", "diabetes", {}),
    ("n_noise", 3, {}),
    ("n_duplicates", 0, {}),
    ("degree", 3, {"dataset": "Two moons"}),
    ("n_train", 120, {}),
    ("seed", 5, {}),
    ("penalty", "l2", {}),
    ("l1_ratio", 0.2, {"penalty": "Elastic-net"}),
    ("scoring", "accuracy", {}),
    ("C", 0.05, {}),
]


@pytest.mark.parametrize(("key", "value", "params"), CHANGES, ids=[c[0] for c in CHANGES])
def test_every_control_changes_the_result(key: str, value: object, params: dict[str, str]):
    at = open_healthy("regularization", params)
    before = _result(at)
    rerun_with(at, key, value)
    assert _result(at) != before, f"changing {key} left the result unchanged"


def test_moving_c_only_reads_the_cached_sweep(fits: Counter):
    at = open_page("regularization")
    before = fits["LogisticRegression"]
    cv_markers = []
    for c in (0.01, 0.2, 5.0, 1000.0):
        rerun_with(at, "C", c)
        assert metric_values(at)["C"] == plain(c)
        assert metric_values(at)["λ = 1/C"] == f"{1 / c:g}"
        validation = chart_specs(at)[0]
        marker = next(t for t in validation["data"] if t.get("name") == "Current C (CV)")
        cv_markers.append(marker["x"][0])
    assert fits["LogisticRegression"] == before, "moving C refitted a model"
    assert cv_markers == sorted(cv_markers)
    assert len(set(cv_markers)) == 4


@pytest.mark.parametrize(
    ("params", "key", "value"),
    [
        ({}, "degree", 8),  # breast cancer is tabular: the degree does not apply
        ({"dataset": "XOR"}, "n_noise", 25),
        ({"dataset": "XOR"}, "n_duplicates", 9),
        ({}, "l1_ratio", 0.3),  # the penalty is L1, not elastic-net
    ],
)
def test_a_control_that_does_not_apply_changes_nothing_and_never_refits(
    fits: Counter, params: dict[str, str], key: str, value: object
):
    """The widget is greyed out (a browser cannot move it); a link can still set it, to no effect."""
    at = open_page("regularization", params)
    assert widget(at, key).disabled
    before, count = _result(at), fits["LogisticRegression"]
    linked = open_page("regularization", {**params, key: str(value)})
    assert widget(linked, key).value == value
    assert _result(linked) == before
    assert fits["LogisticRegression"] == count


def test_the_page_says_which_controls_apply():
    at = open_page("regularization", {"dataset": "Two moons", "degree": "4"})
    captions = " ".join(c.value for c in at.caption)
    assert "14 polynomial terms up to degree 4" in captions
    assert "apply to the tabular sets only" in captions
    helps = {c.key: c.help for c in page_controls(at)}
    assert "no effect on the 2-D sets" in helps["n_noise"]
    assert "no effect on the tabular sets" in helps["degree"]


@pytest.mark.parametrize(
    ("params", "off", "on"),
    [
        ({}, {"degree", "l1_ratio"}, {"n_noise", "n_duplicates"}),  # breast cancer, L1
        ({"dataset": "Two moons"}, {"n_noise", "n_duplicates", "l1_ratio"}, {"degree"}),
        ({"penalty": "Elastic-net"}, {"degree"}, {"n_noise", "n_duplicates", "l1_ratio"}),
        ({"penalty": "L2 (ridge)"}, {"degree", "l1_ratio"}, {"n_noise", "n_duplicates"}),
    ],
)
def test_controls_that_do_not_apply_are_greyed_out_with_a_reason(
    params: dict[str, str], off: set[str], on: set[str]
):
    at = open_page("regularization", params)
    for key in off:
        assert widget(at, key).disabled, key
    for key in on:
        assert not widget(at, key).disabled, key
    captions = [c.value for c in at.caption]
    reasons = {
        "n_noise": "Tabular sets only",
        "degree": "2-D sets only",
        "l1_ratio": "Elastic-net only",
    }
    for key, reason in reasons.items():
        shown = any(caption.startswith(reason) for caption in captions)
        assert shown == (key in off), key


def test_the_validation_curve_states_its_zone_rule():
    at = open_healthy("regularization")
    assert any("one-standard-error rule" in c.value for c in at.caption)


def test_url_round_trip_reproduces_the_view():
    params = {
        "dataset": "Diabetes progression",
        "n_noise": "12",
        "n_duplicates": "3",
        "degree": "2",
        "n_train": "160",
        "seed": "7",
        "penalty": "Elastic-net",
        "l1_ratio": "0.35",
        "scoring": "Accuracy",
        "C": "0.2",
    }
    at = open_healthy("regularization", params)
    assert not at.warning, [w.value for w in at.warning]
    query = link_query(at)
    assert {key: query[key] for key in params} == params
    again = open_page("regularization", query)
    assert _result(again) == _result(at)
    assert widget(again, "C").value == 0.2
    assert widget(again, "l1_ratio").value == pytest.approx(0.35)


EXTREMES = [
    {"C": "0.001"},
    {"C": "1000"},
    {"penalty": "Elastic-net", "l1_ratio": "0.0", "C": "1000"},
    {"penalty": "Elastic-net", "l1_ratio": "1.0", "C": "0.001"},
    {"n_train": "40", "C": "1000"},
    {"dataset": "Two moons", "degree": "10", "n_train": "40", "C": "1000"},
    {"dataset": "Concentric circles", "degree": "1", "penalty": "L1 (lasso)", "C": "0.001"},
    {"n_noise": "30", "n_duplicates": "10", "n_train": "40", "scoring": "Accuracy"},
    {"dataset": "Handwritten digits: 9 vs rest", "n_train": "60", "n_noise": "0", "n_duplicates": "0"},
]


@pytest.mark.parametrize("params", EXTREMES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_extreme_settings_give_a_sane_view(params: dict[str, str]):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        at = open_healthy("regularization", params)
    assert not [w.value for w in at.warning if "Ignored" in w.value], "every value here is valid"
    numbers = metric_values(at)
    assert len(chart_specs(at)) == 4
    for label, value in numbers.items():
        assert "nan" not in value.lower(), label
    if params.get("scoring") == "Accuracy":
        assert 0.0 <= float(numbers["CV accuracy"]) <= 1.0
    else:
        assert float(numbers["CV log loss"]) >= 0.0
    assert "nan" not in markdown_text(at).lower()


def test_a_training_set_too_small_to_cross_validate_gives_a_message():
    at = open_healthy("regularization", {"dataset": "Handwritten digits: 9 vs rest", "n_train": "40"})
    assert not at.metric
    assert any("sample" in w.value or "example" in w.value for w in at.warning)


def test_sweeps_are_cached_per_setting(fits: Counter):
    st.cache_resource.clear()
    at = open_page("regularization")
    first = fits["LogisticRegression"]
    assert first >= len(rx.C_GRID) * 5, "the first view sweeps the grid"
    widget(at, "seed").set_value(1).run()
    second = fits["LogisticRegression"]
    assert second > first
    widget(at, "seed").set_value(0).run()
    assert fits["LogisticRegression"] == second, "returning to a seen setting reads the cache"
