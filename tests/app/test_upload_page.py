"""Bring your own data in the app: the upload panel on every classification page (AppTest)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

import datasets
from tests.apptest import assert_healthy, chart_specs, count_fits, metric_values, open_page, unescape, widget
from ui import upload
from ui.page import GROUPS_STATE_KEY

CORPUS = Path(__file__).resolve().parent.parent / "data" / "csv"
PAGES = ["threshold", "lr_vs_svm", "regularization", "imbalance"]
UPLOAD = {"dataset": datasets.UPLOAD_LABEL}


def breast_cancer_csv() -> bytes:
    """scikit-learn's breast-cancer table as a user would export it: named columns, a text target."""
    bunch = load_breast_cancer()
    frame = pd.DataFrame(bunch.data, columns=bunch.feature_names)
    frame["diagnosis"] = np.where(bunch.target == 0, "malignant", "benign")
    out = io.StringIO()
    frame.to_csv(out, index=False, float_format="%.17g")
    return out.getvalue().encode()


def upload_file(at, name: str, raw: bytes):
    at.file_uploader(key=upload.UPLOADER_KEY).set_value((name, raw, "text/csv"))
    return at.run()


def warnings_text(at) -> str:
    return " ".join(unescape(w.value) for w in at.warning)


@pytest.mark.parametrize("stem", PAGES)
def test_every_classification_page_offers_your_own_csv(stem: str):
    at = open_page(stem, UPLOAD)
    assert_healthy(at)
    assert widget(at, "dataset").value == datasets.UPLOAD_KEY
    assert at.file_uploader(key=upload.UPLOADER_KEY).allowed_type == [".csv", ".tsv", ".txt"]
    assert not chart_specs(at), "no result before a file is uploaded"
    assert any("Upload a usable CSV file" in info.value for info in at.info)


@pytest.mark.parametrize("stem", PAGES)
def test_an_uploaded_file_drives_the_whole_page(stem: str):
    at = upload_file(open_page(stem, UPLOAD), "cancer.csv", breast_cancer_csv())
    assert_healthy(at)
    numbers = metric_values(at)
    assert numbers["Rows used"] == "569" and numbers["Features"] == "30"
    assert numbers["Positive share"] == f"{212 / 569:.1%}", "malignant, the rarer class, is suggested"
    assert widget(at, f"user_target_{_version(breast_cancer_csv())}").value == "diagnosis"
    assert len(chart_specs(at)) >= 2
    assert any("What to notice" in header.value for header in at.subheader)


def _version(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()[:12]


def test_uploading_the_bundled_table_reproduces_the_bundled_result():
    """The same rows, labels and seed give the same model: every key number matches."""
    builtin = open_page("threshold", {"dataset": datasets.REGISTRY["breast_cancer"].name})
    uploaded = upload_file(open_page("threshold", UPLOAD), "cancer.csv", breast_cancer_csv())
    ours = {k: v for k, v in metric_values(uploaded).items() if k in metric_values(builtin)}
    assert len(ours) >= 8
    assert ours == {k: metric_values(builtin)[k] for k in ours}


def test_uploaded_features_match_an_independent_fit():
    """A logistic regression fitted by hand on the parsed file agrees with what the page was given."""
    table = datasets.user.read_table(breast_cancer_csv())
    data = datasets.user.prepare(table, "diagnosis", "malignant")
    bunch = load_breast_cancer()
    np.testing.assert_array_equal(data.X, bunch.data)
    np.testing.assert_array_equal(data.y, 1 - bunch.target)
    mine = LogisticRegression(max_iter=5000).fit(data.X, data.y).score(data.X, data.y)
    assert mine > 0.9


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("excel_renamed.csv", "Excel workbook or another zip file renamed to .csv"),
        ("header_only.csv", "The file has a header but no data rows"),
        ("duplicate_columns.csv", "Column names must be unique, but 'age' appears 2 times"),
        ("binary_noise.csv", "This file is binary, not text"),
    ],
)
def test_an_unusable_file_gets_its_message_and_the_page_keeps_working(name: str, message: str):
    at = upload_file(open_page("threshold", UPLOAD), name, (CORPUS / name).read_bytes())
    assert_healthy(at)
    assert message in warnings_text(at)
    assert not chart_specs(at)
    widget(at, "dataset").set_value("moons")
    at.run()
    assert_healthy(at)
    assert chart_specs(at), "another dataset works straight away"


def test_a_target_with_one_class_is_explained_and_another_target_fixes_it():
    raw = (CORPUS / "one_class_target.csv").read_bytes()
    at = upload_file(open_page("threshold", UPLOAD), "one.csv", raw)
    version = _version(raw)
    at.selectbox(key=f"user_target_{version}").set_value("label").run()
    assert_healthy(at)
    assert "has only one class ('yes')" in warnings_text(at)
    at.selectbox(key=f"user_target_{version}").set_value("x2").run()
    assert_healthy(at)


def test_the_positive_class_can_be_changed_one_vs_rest():
    colours = ["red", "green", "blue"]
    lines = ["x1,x2,colour"] + [f"{i % 13},{(i * 7) % 17},{colours[i % 3]}" for i in range(300)]
    raw = "\n".join(lines).encode()
    at = upload_file(open_page("threshold", UPLOAD), "colours.csv", raw)
    assert_healthy(at)
    positive = at.selectbox(key=f"user_positive_{_version(raw)}_2")
    assert positive.options == ["blue (100 rows)", "green (100 rows)", "red (100 rows)"]
    assert metric_values(at)["Positive share"] == "33.3%"
    positive.set_value("green").run()
    assert_healthy(at)
    assert at.session_state[upload.CHOICE_STATE] == {"target": "colour", "positive": "green"}


def test_the_upload_follows_the_session_to_other_pages_and_clears():
    raw = breast_cancer_csv()
    at = upload_file(open_page("threshold", UPLOAD), "cancer.csv", raw)
    at.query_params.update(UPLOAD)
    at.switch_page("pages/lr_vs_svm.py").run()
    assert_healthy(at)
    assert any("uploaded earlier in this session" in unescape(c.value) for c in at.caption)
    assert metric_values(at)["Rows used"] == "569" and chart_specs(at)
    at.button(key="user_forget").click().run()
    assert_healthy(at)
    assert upload.UPLOAD_STATE not in at.session_state
    assert not chart_specs(at)


def test_removing_the_file_from_the_uploader_forgets_it():
    at = upload_file(open_page("regularization", UPLOAD), "cancer.csv", breast_cancer_csv())
    assert chart_specs(at)
    at.file_uploader(key=upload.UPLOADER_KEY).set_value(None).run()
    assert_healthy(at)
    assert upload.UPLOAD_STATE not in at.session_state and upload.CHOICE_STATE not in at.session_state
    assert not chart_specs(at)


def test_another_session_never_sees_the_upload():
    upload_file(open_page("threshold", UPLOAD), "cancer.csv", breast_cancer_csv())
    other = open_page("threshold", UPLOAD)
    assert_healthy(other)
    assert upload.UPLOAD_STATE not in other.session_state
    assert not chart_specs(other) and "Rows used" not in metric_values(other)


def test_reading_controls_never_retrain_on_uploaded_data(monkeypatch):
    counts = count_fits(monkeypatch, LogisticRegression)
    at = upload_file(open_page("threshold", UPLOAD), "cancer.csv", breast_cancer_csv())
    fitted = counts["LogisticRegression"]
    assert fitted >= 1
    widget(at, "threshold").set_value(0.3)
    at.run()
    widget(at, "cost_fn").set_value(40.0)
    at.run()
    assert_healthy(at)
    assert counts["LogisticRegression"] == fitted


def test_the_share_link_holds_the_choice_never_the_file():
    at = upload_file(open_page("threshold", UPLOAD), "secret-name.csv", breast_cancer_csv())
    link = " ".join(code.value for code in at.code)
    assert "dataset=Your+data+%28CSV%29" in link or "dataset=Your%20data%20%28CSV%29" in link
    assert "secret" not in link and "diagnosis" not in link and "malignant" not in link
    assert all(c.key != upload.UPLOADER_KEY for g in at.session_state[GROUPS_STATE_KEY] for c in g.controls)


@pytest.mark.parametrize("stem", PAGES)
def test_names_from_the_file_never_reach_markdown_or_charts_as_markup(stem: str):
    at = upload_file(open_page(stem, UPLOAD), "xss.csv", (CORPUS / "xss_column_names.csv").read_bytes())
    assert_healthy(at)
    texts = [
        e.value for kind in ("markdown", "caption", "warning", "info", "subheader") for e in at.get(kind)
    ]
    texts += [m.label for m in at.metric]
    unescaped_markup = re.compile(r"(?<!\\)[<\[]")
    for text in texts:
        for name in ("img src", "javascript", "material/home", "<b>"):
            if name in text:
                assert not unescaped_markup.search(text), text
    charts = json.dumps(chart_specs(at))
    assert "<img" not in charts and "javascript:" not in charts and "<b>yes" not in charts
