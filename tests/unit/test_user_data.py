"""Bring your own data: the malformed-file corpus, messy-but-usable files, caps, and properties."""

from __future__ import annotations

import hashlib
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import datasets
from datasets import user
from tests.unit.properties_support import assert_finite, assert_valid_figure

CORPUS = Path(__file__).resolve().parent.parent / "data" / "csv"

# file -> (target, positive class, a fragment of the one-sentence message); target None: the file
# is refused as soon as it is read.
UNUSABLE: dict[str, tuple[str | None, str | None, str]] = {
    "empty.csv": (None, None, "The file is empty; upload a CSV with a header row"),
    "whitespace_only.csv": (None, None, "The file is empty"),
    "header_only.csv": (None, None, "The file has a header but no data rows"),
    "one_row.csv": (None, None, "The file has only one data row"),
    "five_rows.csv": (None, None, "The file has only 5 data rows; a classifier needs at least 20"),
    "excel_renamed.csv": (None, None, "Excel workbook or another zip file renamed to .csv"),
    "old_excel_renamed.csv": (None, None, "old-style Excel (.xls) file renamed to .csv"),
    "binary_noise.csv": (None, None, "This file is binary, not text"),
    "pdf_renamed.csv": (None, None, "This is a PDF document, not a CSV"),
    "gzipped.csv": (None, None, "gzip-compressed; decompress it"),
    "png_renamed.csv": (None, None, "This is a PNG image, not a CSV"),
    "duplicate_columns.csv": (None, None, "Column names must be unique, but 'age' appears 2 times"),
    "ragged_rows.csv": (None, None, "Line 4 has 4 values but the header has 3"),
    "single_column.csv": (None, None, "The file has only one column"),
    "too_many_columns.csv": (None, None, "The file has 251 columns, more than the 200"),
    "unbalanced_quote.csv": (None, None, "quotes are balanced"),
    "utf16_broken.csv": (None, None, "not valid UTF-16"),
    "one_class_target.csv": ("label", "yes", "has only one class ('yes'), so there is nothing to tell apart"),
    "all_nan_columns.csv": ("label", "yes", "No usable feature columns are left"),
    "infinities.csv": ("label", "yes", "Column 'x1' contains infinite values (first in data row 8)"),
    "continuous_target.csv": ("price", "1000", "has 80 different values, which looks like a measurement"),
    "tiny_positive_class.csv": ("label", "fraud", "Only 3 rows have 'fraud' in the target column 'label'"),
    "only_ids_and_constants.csv": ("label", "yes", "No usable feature columns are left"),
    "empty_target.csv": ("label", "", "The target column 'label' is empty in every row"),
}


def _problem(name: str) -> str:
    target, positive, _ = UNUSABLE[name]
    raw = (CORPUS / name).read_bytes()
    try:
        user.prepare(user.read_table(raw, name), target or "", positive or "")
    except user.UploadError as problem:
        return str(problem)
    raise AssertionError(f"{name} was accepted")


def test_the_corpus_has_at_least_twenty_unusable_files():
    assert len(UNUSABLE) >= 20
    assert all((CORPUS / name).is_file() for name in UNUSABLE)


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_each_unusable_file_gets_its_one_sentence_message(name: str):
    message = _problem(name)
    assert UNUSABLE[name][2] in message
    # One sentence that says what is wrong and, after the semicolon, how to fix it.
    assert message.endswith(".") and message.count(". ") == 0, message
    assert ";" in message, message
    assert isinstance(user.UploadError(message), datasets.DatasetError)


def test_a_file_over_the_size_cap_is_refused_before_it_is_read():
    raw = b"a,b,label\n" + b"1,2,yes\n" * (user.MAX_UPLOAD_BYTES // 8 + 1)
    with pytest.raises(user.UploadError, match=r"The file is 10\.0 MB, over the 10 MB limit"):
        user.read_table(raw)


def test_the_size_cap_matches_the_servers_upload_limit():
    import tomllib

    config = tomllib.loads((CORPUS.parent.parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == user.MAX_UPLOAD_MB


# --------------------------------------------------------------------------- messy but usable files


def _prepared(name: str, target: str, positive: str) -> datasets.UserData:
    return user.prepare(user.read_table((CORPUS / name).read_bytes(), name), target, positive)


def test_latin1_semicolons_and_decimal_commas_are_detected():
    table = user.read_table((CORPUS / "latin1_semicolon_decimal_comma.csv").read_bytes())
    assert (table.encoding, table.delimiter) == ("Windows-1252", ";")
    assert "température" in table.columns
    assert table.frame["température"].dtype == np.float64
    raw = pd.read_csv(CORPUS / "latin1_semicolon_decimal_comma.csv", sep=";", encoding="cp1252", decimal=",")
    np.testing.assert_allclose(table.frame["température"], raw["température"])
    assert any("decimal commas" in notice for notice in table.notices)
    data = user.prepare(table, "classe", "chaud")
    assert set(data.feature_names) >= {"ville=Montréal", "ville=Québec", "ville=Sèvres", "température"}
    assert data.summary.encoding == "Windows-1252" and data.summary.delimiter == "semicolon"


def test_utf8_with_bom_and_tabs():
    table = user.read_table((CORPUS / "utf8_bom_tab.tsv").read_bytes())
    assert table.columns[0] == "alter", "the byte-order mark is not part of the first name"
    assert (table.encoding, table.delimiter) == ("UTF-8 with BOM", "\t")


def test_utf16_from_excel_unicode_text():
    table = user.read_table((CORPUS / "utf16_excel_unicode_text.txt").read_bytes())
    assert (table.encoding, table.delimiter, table.n_rows) == ("UTF-16", "\t", 40)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_supported_delimiter_is_detected(delimiter: str):
    rng = np.random.default_rng(1)
    lines = [delimiter.join(["a", "b", "label"])]
    for i in range(40):
        lines.append(delimiter.join([f"{rng.normal():.3f}", f"{i % 7}", "yes" if i % 3 else "no"]))
    table = user.read_table("\n".join(lines).encode())
    assert table.delimiter == delimiter and table.columns == ("a", "b", "label")


def test_messy_columns_are_encoded_imputed_or_dropped_with_reasons():
    data = _prepared("quoted_pipes_missing.csv", "label", "red")
    notes = {note.column: note for note in data.summary.columns}
    assert notes["id"].treatment == "dropped" and "ID-like" in notes["id"].detail
    assert notes["note"].treatment == "dropped" and "different value in every row" in notes["note"].detail
    assert notes["score"].treatment == "kept"
    assert "6 missing values filled with the median" in notes["score"].detail
    assert notes["segment"].treatment == "one-hot" and "15 missing values" in notes["segment"].detail
    frame = pd.read_csv(CORPUS / "quoted_pipes_missing.csv", sep="|")
    score = data.X[:, data.feature_names.index("score")]
    expected = frame["score"].fillna(frame["score"].median()).to_numpy()
    np.testing.assert_allclose(score, expected)
    one_hot = data.X[:, [data.feature_names.index(f"segment={v}") for v in ("a", "b", "c", "missing")]]
    np.testing.assert_array_equal(one_hot.sum(axis=1), 1.0)
    np.testing.assert_array_equal(data.y, (frame["label"] == "red").to_numpy().astype(int))
    assert data.summary.n_rows_used == 60 and data.summary.n_features == 5


def test_text_with_too_many_values_is_dropped_with_a_notice():
    lines = ["city,x,z,label"]
    lines += [f"town{i % 40},{i % 9},{i % 5},{'yes' if i % 2 else 'no'}" for i in range(200)]
    data = user.prepare(user.read_table("\n".join(lines).encode()), "label", "yes")
    note = next(n for n in data.summary.columns if n.column == "city")
    assert note.treatment == "dropped" and "40 different values, over the one-hot cap of 20" in note.detail
    assert data.feature_names == ("x", "z")


def test_rows_beyond_the_cap_are_sampled_keeping_the_class_balance():
    n = user.MAX_ROWS * 3
    y = (np.arange(n) % 10 == 0).astype(int)
    lines = ["x,z,label"] + [f"{i % 97},{i % 13},{'pos' if label else 'neg'}" for i, label in enumerate(y)]
    data = user.prepare(user.read_table("\n".join(lines).encode()), "label", "pos")
    assert data.X.shape[0] == user.MAX_ROWS == data.summary.n_rows_used
    assert data.summary.n_rows_file == n
    assert data.y.mean() == pytest.approx(0.1, abs=0.001)
    assert any("random sample of 5,000 of the 15,000 rows" in notice for notice in data.summary.notices)


def test_features_beyond_the_cap_are_cut_with_a_notice():
    width = user.MAX_FEATURES + 12
    rng = np.random.default_rng(2)
    header = ",".join(f"f{j}" for j in range(width)) + ",label"
    body = [",".join(f"{v:.3f}" for v in rng.normal(size=width)) + f",{i % 2}" for i in range(60)]
    data = user.prepare(user.read_table("\n".join([header, *body]).encode()), "label", "1")
    assert data.X.shape == (60, user.MAX_FEATURES)
    assert data.feature_names == tuple(f"f{j}" for j in range(user.MAX_FEATURES))
    assert any(f"Kept {user.MAX_FEATURES} of {width} features" in notice for notice in data.summary.notices)


def test_a_single_usable_feature_is_refused_with_a_reason():
    lines = ["id,x,label"] + [f"{i + 1},{i % 7},{'yes' if i % 2 else 'no'}" for i in range(40)]
    with pytest.raises(user.UploadError, match=r"Only one usable feature column \('x'\) is left"):
        user.prepare(user.read_table("\n".join(lines).encode()), "label", "yes")


def test_more_than_two_classes_is_one_vs_rest():
    lines = ["x,z,colour"] + [f"{i % 13},{i % 4},{['red', 'green', 'blue'][i % 3]}" for i in range(90)]
    table = user.read_table("\n".join(lines).encode())
    assert user.target_counts(table, "colour") == [("blue", 30), ("green", 30), ("red", 30)]
    data = user.prepare(table, "colour", "green")
    assert data.y.sum() == 30 and data.info.negative_label == "not green"


def test_suggestions_pick_the_conventional_target_and_the_rarer_class():
    table = user.read_table((CORPUS / "tiny_positive_class.csv").read_bytes())
    assert user.suggest_target(table) == "label"
    assert user.suggest_positive(user.target_counts(table, "label")) == "fraud"
    assert user.suggest_positive([("0", 90), ("1", 10)]) == "1"
    assert user.suggest_positive([("no", 10), ("yes", 90)]) == "yes", "a conventional positive wins"


# --------------------------------------------------------------------------- safety and identity


def test_names_from_the_file_reach_the_pages_as_plain_text():
    data = _prepared("xss_column_names.csv", "label", "<b>yes</b>")
    assert data.summary.columns[0].column == "<img src=x onerror=alert(1)>", "the summary keeps the real name"
    shown = (*data.feature_names, data.info.positive_label, data.info.negative_label)
    for text in shown:
        assert not set(text) & set("<>[]()*$:`&\"'\\#!|{}~"), text
    assert data.info.positive_label == "b yes /b"


@given(st.text(min_size=0, max_size=200))
def test_display_name_is_always_plain_and_short(raw: str):
    name = user.display_name(raw)
    assert 1 <= len(name) <= user.DISPLAY_NAME_LENGTH
    assert all(c.isalnum() or c in " _-.=/%…" for c in name)
    assert name == name.strip()


def test_the_fingerprint_identifies_file_target_and_positive_class():
    raw = (CORPUS / "quoted_pipes_missing.csv").read_bytes()
    table = user.read_table(raw)
    assert table.fingerprint == hashlib.sha256(raw).hexdigest()
    first, again = user.prepare(table, "label", "red"), user.prepare(user.read_table(raw), "label", "red")
    assert first.fingerprint == again.fingerprint
    assert user.prepare(table, "label", "blue").fingerprint != first.fingerprint
    assert user.prepare(table, "segment", "a").fingerprint != first.fingerprint


def test_uploaded_data_loads_like_a_bundled_table():
    data = _prepared("latin1_semicolon_decimal_comma.csv", "classe", "chaud")
    assert datasets.get_info(data) is data.info and data.info.kind == "tabular"
    drawn = datasets.load(data, positive_fraction=0.25, seed=3)
    assert drawn.positive_fraction == pytest.approx(0.25, abs=0.02)
    assert drawn.feature_names == data.feature_names
    whole = datasets.load(data, seed=3)
    assert sorted(map(tuple, whole.X)) == sorted(map(tuple, data.X)), "the same rows, shuffled"


# --------------------------------------------------------------------------- fuzz


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_any_bytes_are_read_or_refused_with_an_upload_error(raw: bytes):
    try:
        table = user.read_table(raw)
    except user.UploadError as problem:
        assert str(problem).endswith(".")  # noqa: PT017
        return
    target = user.suggest_target(table)
    positive = user.suggest_positive(user.target_counts(table, target)) or ""
    try:
        data = user.prepare(table, target, positive)
    except user.UploadError:
        return
    assert np.isfinite(data.X).all() and set(np.unique(data.y)) == {0, 1}


_CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=False, width=32).map(lambda v: f"{v:g}"),
    st.sampled_from(["", "NA", "yes", "no", "a", "b", "c", " ", "nan", "1,5", '"x,y"', "é", "<b>"]),
    st.text(alphabet=string.ascii_letters + string.digits + " -_", max_size=6),
)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_columns=st.integers(2, 6),
    rows=st.lists(st.lists(_CELLS, min_size=6, max_size=6), min_size=20, max_size=60),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    labels=st.lists(st.sampled_from(["yes", "no", "maybe"]), min_size=60, max_size=60),
)
def test_random_tables_give_finite_features_or_a_typed_error(
    n_columns: int, rows: list[list[str]], delimiter: str, labels: list[str]
):
    header = [f"c{j}" for j in range(n_columns - 1)] + ["label"]
    quote = '"' if delimiter == "," else ""
    lines = [delimiter.join(header)]
    for row, label in zip(rows, labels, strict=False):
        cells = [c.replace(delimiter, " ") if not quote else c for c in row[: n_columns - 1]]
        lines.append(delimiter.join([*cells, label]))
    try:
        table = user.read_table("\n".join(lines).encode())
        data = user.prepare(table, "label", "yes")
    except user.UploadError as problem:
        assert str(problem).endswith(".")  # noqa: PT017
        return
    assert np.isfinite(data.X).all()
    assert data.X.shape == (data.y.size, len(data.feature_names))
    assert min(data.y.sum(), data.y.size - data.y.sum()) >= user.MIN_PER_CLASS


# --------------------------------------------------------------------------- every explorer on uploads


def _random_upload(
    seed: int, n_rows: int, n_features: int, share: float, with_text: bool
) -> datasets.UserData:
    """A random numeric (and optionally text) table with a learnable 'yes'/'no' target."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(n_rows, n_features))
    score = features @ rng.normal(size=n_features) + rng.normal(scale=0.5, size=n_rows)
    labels = np.where(score >= np.quantile(score, 1 - share), "yes", "no")
    frame = pd.DataFrame(features, columns=[f"x{j}" for j in range(n_features)])
    if with_text:
        frame["colour"] = rng.choice(["red", "green", None], size=n_rows)
    frame["label"] = labels
    raw = frame.to_csv(index=False).encode()
    return user.prepare(user.read_table(raw), "label", "yes")


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # a failing example is slow to shrink; report it as drawn
)
@given(
    seed=st.integers(0, 9999),
    n_rows=st.integers(80, 400),
    n_features=st.integers(2, 6),
    share=st.floats(0.15, 0.5),
    with_text=st.booleans(),
)
def test_every_classification_explorer_runs_on_uploaded_data(
    seed: int, n_rows: int, n_features: int, share: float, with_text: bool
):
    from explorers import imbalance as ix
    from explorers import lr_vs_svm as lx
    from explorers import regularization as rx
    from explorers import threshold as tx

    data = _random_upload(seed, n_rows, n_features, share, with_text)
    scored = tx.train_and_score(data, "logreg", 0.3, seed % 7)
    assert np.isfinite(scored.val_scores).all() and scored.positive_label == "yes"
    fitted = lx.fit_model(lx.LogisticSpec(), data, min(300, int(n_rows * 0.75)), 0.0, seed % 7)
    assert 0.0 <= fitted.test_accuracy <= 1.0
    design = rx.applicable_design(data, 2, 1, 3)
    assert design.degree == 1, "uploaded tables are tabular: the polynomial degree does not apply"
    study = rx.run_study(data, n_noise=2, n_duplicates=1, degree=1, n_train=60, l1_ratio=0.0, seed=0)
    assert_finite(study.coefficients, "coefficient path")
    view = rx.view_at(study, 1.0, "log_loss")
    assert_valid_figure(view.coefficients.figure)
    assert_valid_figure(view.boundary.figure)
    try:
        result = ix.evaluate_strategy(data, 5, 2000, "logreg", "none", k=5, leaky=False, seeds=(0,))
    except datasets.DatasetError:
        return  # too few minority rows for 1:5 in this draw: a typed, explained error
    assert result.ok and 0.0 <= result.mean("recall") <= 1.0
