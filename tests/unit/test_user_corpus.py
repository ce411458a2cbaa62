"""Real files as people save them (issue 15): every source table in every dialect, written by the
test from scikit-learn's bundled datasets, parsed and prepared as the upload panel does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris

import datasets
from datasets import user
from tests.user_corpus import DIALECTS, SOURCES, Dialect, Source, csv_bytes, write

CASES = [(source, dialect) for source in SOURCES for dialect in DIALECTS]


def _positive(source: Source, dialect: Dialect) -> str:
    """The suggested positive class; a logical target keeps the file's own spelling of true."""
    return dialect.true_false[0] if source.positive == "TRUE" else source.positive


def _numeric_columns(source: Source) -> list[str]:
    frame = source.frame
    return [
        str(c)
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_bool_dtype(frame[c])
        and c not in source.dropped
        and c != source.target
    ]


def _check_numbers(source: Source, data: user.UserData) -> None:
    """Every kept numeric column equals the source table, markers read as missing (then the median)."""
    for column in _numeric_columns(source):
        expected = source.frame[column].to_numpy(dtype=np.float64)
        present = ~np.isnan(expected)
        got = data.X[:, data.feature_names.index(user.display_name(column))]
        np.testing.assert_allclose(got[present], expected[present], rtol=1e-13, err_msg=column)
        np.testing.assert_array_equal(got[~present], np.median(expected[present]))


@pytest.mark.parametrize(("source_name", "dialect_name"), CASES)
def test_a_real_file_in_every_dialect_reads_as_its_source_table(source_name: str, dialect_name: str):
    source, dialect = SOURCES[source_name](), DIALECTS[dialect_name]
    raw = write(source, dialect)
    table = user.read_table(raw, f"{source.name}.csv")
    assert table.encoding == (dialect.read_as if not raw.isascii() else "UTF-8")
    assert table.delimiter == dialect.sep
    assert table.n_rows == len(source.frame), "empty rows are not data"
    suggestion = user.suggest(table)
    assert suggestion is not None and suggestion.column == source.target, suggestion
    counts = user.target_counts(table, source.target)
    positive = user.suggest_positive(counts)
    assert positive == _positive(source, dialect)
    data = user.prepare(table, source.target, positive)
    dropped = data.summary.dropped
    expected = source.dropped | dialect.dropped
    assert set(dropped) == set(expected), dropped
    for column, why in expected.items():
        assert why in dropped[column], (column, dropped[column])
    _check_numbers(source, data)
    target = source.frame[source.target]
    y = target.to_numpy(dtype=bool) if target.dtype == bool else (target.astype(str) == positive).to_numpy()
    np.testing.assert_array_equal(data.y, y.astype(int))
    notices = " ".join(data.summary.notices)
    for fragment in (*source.notices, *dialect.notices):
        assert fragment in notices, (fragment, notices)
    assert "1 rows" not in notices and "1 cells" not in notices


# --------------------------------------------------------------------------- one item each


def test_the_id_of_a_large_file_is_found_before_sampling():
    """A 10,000-row file's unnamed 0..9,999 index and a customerID are never features."""
    rng = np.random.default_rng(0)
    n = 10_000
    frame = pd.DataFrame(
        {"Unnamed: 0": np.arange(n), "customerID": [f"C{i:05d}" for i in rng.permutation(n)]}
    )
    frame["tenure"] = rng.integers(1, 72, n)
    frame["charges"] = rng.normal(70, 20, n).round(2)
    frame["Churn"] = np.where(rng.random(n) < 0.3, "Yes", "No")
    data = user.prepare(user.read_table(csv_bytes(frame)), "Churn", "Yes")
    assert data.summary.n_rows_used == user.MAX_ROWS
    assert set(data.summary.dropped) == {"Unnamed: 0", "customerID"}
    assert data.feature_names == ("tenure", "charges")


@pytest.mark.parametrize(
    ("name", "values", "reason"),
    [
        ("customerID", [f"C{i}" for i in range(100)], "its name says"),
        ("PID", list(range(500, 400, -1)), "its name says"),
        ("idno", [(i * 37) % 101 for i in range(100)], "its name says"),
        ("patient_id", [i // 4 for i in range(100)], "repeated, it groups rows"),
        ("row", list(range(1, 101)), "row numbers"),
        ("visit", [f"V{i // 3:03d}" for i in range(100)], "repeated ID"),
    ],
)
def test_an_identifier_is_found_by_name_or_values(name: str, values: list[object], reason: str):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({name: values, "a": rng.normal(size=100), "b": rng.normal(size=100)})
    frame["label"] = np.where(np.arange(100) % 3 == 0, "yes", "no")
    data = user.prepare(user.read_table(csv_bytes(frame)), "label", "yes")
    assert reason in data.summary.dropped[name]


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("children", [i % 4 for i in range(100)]),  # a repeated count
        ("rating", sorted(i % 5 + 1 for i in range(100))),  # a sorted level
        ("income", [30_000 + (i * 7919) % 50_000 for i in range(100)]),  # unique whole numbers, unordered
        ("grade", [["A", "B", "C"][i % 3] for i in range(100)]),
        ("glycemic index", [40 + i % 30 for i in range(100)]),  # 'index', but repeated values
    ],
)
def test_a_genuine_low_cardinality_or_whole_number_feature_is_kept(name: str, values: list[object]):
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({name: values, "a": rng.normal(size=100)})
    frame["label"] = np.where(np.arange(100) % 3 == 0, "yes", "no")
    data = user.prepare(user.read_table(csv_bytes(frame)), "label", "yes")
    assert name not in data.summary.dropped


def test_control_characters_are_replaced_not_refused():
    """1.6% of the first 64 KB are 0x1A, all in one text column: the file loads, the column is named."""
    lines = ["review,a,b,label"] + [
        f'"it\x1as fine, says reviewer {i} of the product",{i % 7},{(i * 3) % 11},{"yes" if i % 3 else "no"}'
        for i in range(400)
    ]
    raw = "\n".join(lines).encode()
    assert raw[: 64 * 1024].count(b"\x1a") / len(raw[: 64 * 1024]) > 0.016
    table = user.read_table(raw)
    assert any("Replaced 400 control characters" in n and "'review'" in n for n in table.notices)
    data = user.prepare(table, "label", "yes")
    assert "free text" in data.summary.dropped["review"]


def test_decimal_commas_in_e_notation_are_numbers():
    lines = ["a;b;label"] + [
        f"7,343333333333333e-0{i % 5 + 1};{i},5;{'x' if i % 2 else 'z'}" for i in range(30)
    ]
    table = user.read_table("\n".join(lines).encode())
    assert table.frame["a"].iloc[0] == pytest.approx(7.343333333333333e-01)
    assert table.frame["b"].iloc[3] == 3.5
    assert any("decimal commas" in n and "'a'" in n for n in table.notices)


def test_a_title_row_above_the_header_is_skipped_with_a_notice():
    lines = [
        "Credit scoring data, 2019",
        "",
        "Status,Seniority,Records",
        *[f"{'good' if i % 3 else 'bad'},{i},{'no' if i % 2 else 'yes'}" for i in range(40)],
    ]
    table = user.read_table("\n".join(lines).encode())
    assert table.columns == ("Status", "Seniority", "Records")
    assert table.frame["Seniority"].dtype == np.float64
    assert (
        table.notices[0]
        == "The header is on line 3, not the first line; skipped 1 line of title or notes above it."
    )
    assert user.suggest_target(table) == "Status"


def test_an_excel_title_row_padded_with_delimiters_is_skipped():
    lines = [
        "Measurements;;;",
        ";;;",
        "a;b;c;label",
        *[f"{i};{i % 5};{i % 7};{'y' if i % 2 else 'n'}" for i in range(30)],
    ]
    table = user.read_table("\r\n".join(lines).encode())
    assert table.columns == ("a", "b", "c", "label")


@pytest.mark.parametrize("marker", ["", ".", "?", "NA", "N/A", "#N/A", "NULL", "-"])
def test_missing_value_markers_keep_a_number_column_numeric(marker: str):
    lines = ["chol,age,label"] + [
        f"{marker if i % 10 == 0 else 180 + i},{20 + i % 50},{'yes' if i % 3 else 'no'}" for i in range(60)
    ]
    table = user.read_table("\n".join(lines).encode())
    assert table.frame["chol"].dtype == np.float64 and int(table.frame["chol"].isna().sum()) == 6
    said = [n for n in table.notices if "marked" in n]
    assert said == ([f"Treated 6 cells marked '{marker}' in 'chol' as missing values."] if marker else [])


def test_the_feature_cap_keeps_numeric_columns_then_the_most_even_levels():
    rng = np.random.default_rng(4)
    n = 200
    frame = pd.DataFrame(
        {f"cat{k}": rng.choice([f"v{j}" for j in range(10)], n, p=[0.5] + [0.5 / 9] * 9) for k in range(4)}
    )
    for j in range(34):
        frame[f"num{j}"] = rng.normal(size=n)
    frame["label"] = rng.choice(["yes", "no"], n)
    data = user.prepare(user.read_table(csv_bytes(frame)), "label", "yes")
    assert data.X.shape[1] == user.MAX_FEATURES
    assert all(f"num{j}" in data.feature_names for j in range(34)), "every numeric column stays"
    kept_levels = [name for name in data.feature_names if name.startswith("cat")]
    assert len(kept_levels) == 16
    assert all(f"cat{k}=v0" in kept_levels for k in range(4)), "the most even split (v0, half the rows) first"
    notes = {note.column: note.detail for note in data.summary.columns}
    assert "kept under the feature cap" in notes["cat0"]


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (
            "Status,Seniority,Records,Amount",
            lambda i: f"{'good' if i % 4 else 'bad'},{i % 30},{'yes' if i % 2 else 'no'},{1000 + 7 * i}",
            "Status",
        ),
        (
            "survived,class,fare",
            lambda i: f"{i % 3 == 0:d},{['1st', '2nd', '3rd'][i % 3]},{10 + i}",
            "survived",
        ),
        ("x1,x2,y,group", lambda i: f"{i},{i % 9},{(i * 13) % 45},{'a' if i % 2 else 'b'}", "group"),
        ("a,b,c", lambda i: f"{i * 0.5},{i % 13 + 0.25},{i * 3}", None),
    ],
)
def test_the_suggested_target_follows_the_stated_rule(header: str, rows, expected: str | None):
    table = user.read_table("\n".join([header, *(rows(i) for i in range(90))]).encode())
    assert user.suggest_target(table) == expected


def test_a_continuous_y_is_never_suggested_even_named_y():
    lines = ["y,x"] + [f"{(i * 13) % 45},{i * 0.37}" for i in range(90)]
    assert user.suggest_target(user.read_table("\n".join(lines).encode())) is None


@pytest.mark.parametrize(("true", "false"), [("TRUE", "FALSE"), ("True", "False"), ("true", "false")])
def test_a_logical_target_keeps_the_files_labels(true: str, false: str):
    lines = ["a,b,flag"] + [f"{i * 0.5},{i % 7},{true if i % 3 == 0 else false}" for i in range(60)]
    table = user.read_table("\n".join(lines).encode())
    counts = user.target_counts(table, "flag")
    assert counts == [(false, 40), (true, 20)]
    assert user.suggest_positive(counts) == true
    assert user.prepare(table, "flag", true).info.positive_label == true


def test_empty_rows_are_called_empty_rows_and_counts_are_singular():
    lines = ["a,b,label"] + [f"{i},{i % 5},{'yes' if i % 2 else 'no'}" for i in range(30)] + [",,"]
    lines.insert(5, "1,2,")
    table = user.read_table("\n".join(lines).encode())
    assert "Skipped 1 empty row (no value in any column)." in table.notices
    data = user.prepare(table, "label", "yes")
    assert "Dropped 1 row with no value in the target column." in data.summary.notices
    tiny = ["a,b,label"] + [f"{i},{i % 5},{'yes' if i == 0 else 'no'}" for i in range(30)]
    with pytest.raises(user.UploadError, match=r"Only 1 row has 'yes'"):
        user.prepare(user.read_table("\n".join(tiny).encode()), "label", "yes")


def test_an_upload_carries_its_own_description_for_every_page():
    source = SOURCES["visits"]()
    data = user.prepare(user.read_table(write(source, DIALECTS["pandas"])), "species", "virginica")
    assert data.info.uploaded and datasets.get_info(data) is data.info
    assert (data.info.positive_label, data.info.negative_label) == ("virginica", "not virginica")


# --------------------------------------------------------------------------- messages on every page


def _small_upload(n_rows: int, n_positive: int) -> user.UserData:
    """The first ``n_rows`` of iris's two first species: setosa ('yes') vs versicolor."""
    bunch = load_iris()
    half = n_rows - n_positive
    frame = pd.DataFrame(
        np.vstack([bunch.data[:n_positive], bunch.data[50 : 50 + half]]), columns=bunch.feature_names
    )
    frame["label"] = ["yes"] * n_positive + ["no"] * half
    return user.prepare(user.read_table(csv_bytes(frame)), "label", "yes")


def test_the_imbalance_advice_is_given_for_an_upload():
    """Item 1: an upload has no registry key; the advice comes from the description it carries."""
    from explorers import imbalance as ix

    data = user.prepare(
        user.read_table(write(SOURCES["visits"](), DIALECTS["pandas"])), "species", "virginica"
    )
    with pytest.raises(datasets.UserFacingError) as caught:
        ix.plan_data(data, 20, 2000)
    message = str(caught.value)
    assert "Unknown dataset" not in message
    assert (
        "Your data (CSV) (100 not virginica and 50 virginica rows) gives only 5 virginica examples" in message
    )
    assert "Use an imbalance ratio of 1:10 or milder or more not virginica rows in your file" in message
    assert ix.plan_data(data, 10, 2000).n_minority == 10, "the advice works"


def test_the_threshold_page_names_its_positive_class_share_and_the_files_counts():
    """Item 5: 24 rows with 12 positives; the page has no sample-size control."""
    from explorers import threshold as tx

    data = _small_upload(24, 12)
    message = tx.train_and_score(data, "logreg", 0.3, 0).balance_notice  # trained at a share that splits
    assert message is not None
    assert "the 17 rows used hold 5 positive samples ('yes'), of the 12 in the file" in message
    assert "raise the Positive-class share." in message and "sample size" not in message
    assert "the model uses 50% positives" in message
    low = tx.train_and_score(data, "logreg", 0.02, 0).balance_notice
    assert low is not None and "all 24 rows of this dataset; raise the Positive-class share." in low
    assert tx.train_and_score(data, "logreg", 0.5, 0).balance_notice is None, "the advice works"


def test_the_regularization_page_states_the_files_positives_and_its_own_control():
    from explorers import regularization as rx

    rng = np.random.default_rng(3)
    n = 1000
    frame = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    frame["label"] = np.where(np.arange(n) % 28 == 0, "yes", "no")  # 36 positives
    data = user.prepare(user.read_table(csv_bytes(frame)), "label", "yes")
    assert data.summary.n_positive == 36
    with pytest.raises(datasets.UserFacingError) as caught:
        rx.build_problem(data, n_noise=0, n_duplicates=0, degree=1, n_train=40, seed=0)
    message = str(caught.value)
    assert "of the 36 in the file" in message and "use more Training examples" in message
    assert "sample size" not in message and "positive fraction" not in message


def test_a_file_with_every_row_in_use_asks_for_more_rows_not_a_control():
    from explorers.lr_vs_svm.data import prepare_data

    data = _small_upload(20, 10)
    with pytest.raises(datasets.UserFacingError) as caught:
        prepare_data(data, 20, 0.0, 0)
    message = str(caught.value)
    assert "the 20 rows used hold 10 negative samples ('no'), all the file has; add rows" in message
    assert "training-set size" not in message, "a larger training set cannot help: every row is in use"
