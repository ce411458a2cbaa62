"""Logistic regression vs SVM, issue 14: baselines beside every quality number, sentences that follow
the sign of what they cite, no dead end on a too-wide polynomial, and the rows really used."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.metrics import brier_score_loss, log_loss

from datasets import user
from explorers import lr_vs_svm
from explorers.lr_vs_svm import data as ld
from explorers.lr_vs_svm import fitting, sentences, specs
from explorers.lr_vs_svm.baseline import Baseline, baseline_of
from tests.unit.properties_support import built_view, defaults


@pytest.fixture(scope="module")
def moons() -> ld.PreparedData:
    return ld.prepare_data("moons", 200, 0.0, 3)


@pytest.fixture(scope="module")
def pair(moons) -> tuple[fitting.FittedModel, fitting.FittedModel]:
    return (
        fitting.fit_model(specs.LogisticSpec(), "moons", 200, 0.0, 3),
        fitting.fit_model(specs.SvmSpec(), "moons", 200, 0.0, 3),
    )


@pytest.mark.parametrize(("dataset", "n_train"), [("moons", 200), ("breast_cancer", 300), ("digits", 500)])
def test_baseline_is_scikit_learns_dummy_classifier(dataset: str, n_train: int):
    data = ld.prepare_data(dataset, n_train, 0.1, 0)
    y_train = data.y_train[: data.n_clean]
    features = np.zeros((y_train.size, 1))
    majority = DummyClassifier(strategy="most_frequent").fit(features, y_train)
    prior = DummyClassifier(strategy="prior").fit(features, y_train)
    test = np.zeros((data.y_test.size, 1))
    b = baseline_of(data)
    assert b.accuracy == pytest.approx(majority.score(test, data.y_test), abs=1e-12)
    p = prior.predict_proba(test)[:, 1]
    assert b.log_loss == pytest.approx(log_loss(data.y_test, p), rel=1e-9)
    assert b.brier == pytest.approx(brier_score_loss(data.y_test, p), rel=1e-9)
    assert b.majority_label == (data.positive_label if majority.predict(test[:1])[0] else data.negative_label)


def _churn_like(pair, accuracy: float = 0.613) -> tuple[fitting.FittedModel, fitting.FittedModel, Baseline]:
    """Both models at ``accuracy``, below a majority class of 0.627, LR's log loss at ln 2."""
    logistic, svm = pair
    logistic = replace(logistic, test_accuracy=accuracy, test_log_loss=float(np.log(2)))
    svm = replace(svm, test_accuracy=accuracy)
    return logistic, svm, Baseline("No", 0.627, 0.37, 0.659, 0.233)


def test_a_tie_below_the_baseline_is_not_called_a_tie(pair):
    logistic, svm, baseline = _churn_like(pair)
    sentence = sentences.accuracy_sentence(logistic, svm, baseline)
    assert "0.627 for always predicting 'No'" in sentence
    assert "neither model beats the baseline" in sentence
    assert "pick on calibration" not in sentence
    calibration = sentences.calibration_sentence(logistic, svm, baseline)
    assert "against 0.659 for predicting the base rate; LR" in calibration
    assert "no better than the base rate" in calibration


def test_one_model_below_the_baseline_is_named(pair):
    logistic, svm = pair
    baseline = Baseline("No", svm.test_accuracy - 0.05, 0.4, 0.7, 0.24)
    weak = replace(logistic, test_accuracy=baseline.accuracy - 0.01)
    sentence = sentences.accuracy_sentence(weak, svm, baseline)
    assert "logistic regression does not beat the baseline" in sentence
    strong = sentences.accuracy_sentence(logistic, svm, replace(baseline, accuracy=0.3))
    assert "beat the baseline" not in strong


@pytest.mark.parametrize(
    ("raw", "calibrated", "words"),
    [
        (0.233, 0.237, "worsens it to 0.237"),
        (0.233, 0.071, "improves it to 0.071"),
        (0.2331, 0.2333, "leaves it at"),
    ],
)
def test_platt_wording_follows_the_sign(pair, raw: float, calibrated: float, words: str):
    logistic, svm = pair
    svm = replace(svm, raw_brier=raw, test_brier=calibrated)
    sentence = sentences.calibration_sentence(logistic, svm, Baseline("No", 0.6, 0.4, 0.67, 0.24))
    assert words in sentence
    assert "brings it to" not in sentence


def test_latency_that_prints_the_same_is_said_to_be_equal():
    assert sentences.against(("0.66 ms", "0.66 ms"), None) == "0.66 ms for both"
    assert sentences._times(0.00066, 0.00066) is None
    assert sentences._times(0.00069, 0.00066) == "1.05×"
    assert sentences._times(0.0012, 0.00066) == "1.8×"
    assert sentences.against(("0.41 ms", "0.66 ms"), "1.6×") == "0.66 ms against 0.41 ms (1.6×)"


def test_degree_three_on_breast_cancer_falls_back_with_a_notice():
    values = {**defaults("lr_vs_svm"), "dataset": "breast_cancer", "lr_degree": 3}
    view = built_view(lr_vs_svm, values)
    assert view is not None, "the rest of the page is shown"
    assert view.live.logistic.spec.degree == specs.max_safe_degree(30) == 2
    (message,) = [m.text for m in view.messages if "polynomial" in m.text]
    assert "5,455 terms" in message and "uses degree 2 (495 terms)" in message
    assert view.numbers and view.notice


def test_an_upload_smaller_than_the_slider_says_the_rows_it_uses():
    rng = np.random.default_rng(0)
    lines = ["a,b,label"] + [
        f"{x:.3f},{z:.3f},{'yes' if x + z > 0 else 'no'}" for x, z in rng.normal(size=(300, 2))
    ]
    upload = user.prepare(user.read_table("\n".join(lines).encode()), "label", "yes")
    view = built_view(lr_vs_svm, {**defaults("lr_vs_svm"), "dataset": upload, "n_train": 500})
    assert view is not None
    n_clean = view.live.data.n_clean
    assert n_clean == 225
    (message,) = [m.text for m in view.messages if "training rows" in m.text]
    assert f"the models train on {n_clean:,}" in message and "500" in message


def test_headline_is_short_and_the_rest_is_in_the_details_table():
    view = built_view(lr_vs_svm, defaults("lr_vs_svm"))
    assert view is not None
    assert [n.label for n in view.numbers] == [
        "LR test accuracy",
        "SVM test accuracy",
        "Majority-class baseline accuracy",
    ]
    r = view.live
    table = {row[0]: row[1:] for row in view.details.rows}
    assert table["Test log loss"][2] == f"{r.baseline.log_loss:.3f} (prior)"
    assert table["Test Brier score"][2] == f"{r.baseline.brier:.3f} (prior)"
    assert table["Test accuracy"] == (
        f"{r.logistic.test_accuracy:.3f}",
        f"{r.svm.test_accuracy:.3f}",
        f"{r.baseline.accuracy:.3f} (majority)",
    )
    assert view.numbers[2].value == f"{r.baseline.accuracy:.3f}"
    assert view.calibration_numbers[-1].value == f"{r.baseline.brier:.3f}"
