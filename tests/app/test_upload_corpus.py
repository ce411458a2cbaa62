"""Real files on every classification page (issue 15): what the upload panel and each page say about
a small iris-like file, a file with a title row and an ID-heavy clinical file (AppTest)."""

from __future__ import annotations

import hashlib

import pytest

from tests.app.test_upload_page import PAGES, UPLOAD, upload_file, warnings_text
from tests.apptest import assert_healthy, chart_specs, metric_values, open_page, unescape, widget
from tests.user_corpus import DIALECTS, SOURCES, write

# file -> (source, dialect, target, columns dropped)
FILES = {
    "iris_like": ("visits", "pandas", "species", 2),
    "title_row": ("credit", "title_row", "Status", 0),
    "id_heavy": ("clinic", "r_write_csv", "diagnosis", 4),
}
# (file, page) -> what the page's own warning says at the imbalance page's 1:20 (uploads open at
# "As in the data", where every one of these files draws its result)
RATIO_MESSAGES: dict[tuple[str, str], tuple[str, ...]] = {
    ("iris_like", "imbalance"): (
        "At 1:20, Your data (CSV) (100 not virginica and 50 virginica rows) gives only 5 virginica examples",
        "The page uses 1:10 instead, the strongest imbalance that leaves enough",
    ),
    ("title_row", "imbalance"): (
        "Your data (CSV) (107 good and 71 bad rows) gives only 5 bad examples",
        "The page uses 1:10 instead",
    ),
}


def _raw(name: str) -> bytes:
    source, dialect, _, _ = FILES[name]
    return write(SOURCES[source](), DIALECTS[dialect])


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", list(FILES))
def test_a_real_file_on_every_page_says_what_was_read_and_what_the_page_needs(name: str, page: str):
    raw = _raw(name)
    at = upload_file(open_page(page, UPLOAD), f"{name}.csv", raw)
    assert_healthy(at)
    _, _, target, n_dropped = FILES[name]
    version = hashlib.sha256(raw).hexdigest()[:12]
    assert at.selectbox(key=f"user_target_{version}").value == target
    assert metric_values(at)["Columns dropped"] == str(n_dropped)
    captions = " ".join(unescape(c.value) for c in at.caption)
    assert f"Suggested target: '{target}'" in captions
    warnings = warnings_text(at)
    assert "Unknown dataset" not in warnings and "sample size" not in warnings
    assert not warnings, warnings
    assert chart_specs(at), "the page draws its result"


@pytest.mark.parametrize(("name", "page"), list(RATIO_MESSAGES))
def test_a_ratio_the_file_cannot_give_says_so_with_its_counts(name: str, page: str):
    at = upload_file(open_page(page, {**UPLOAD, "ratio": "1:20"}), f"{name}.csv", _raw(name))
    warnings = warnings_text(at)
    for fragment in RATIO_MESSAGES[(name, page)]:
        assert fragment in warnings, warnings


def test_the_title_row_is_reported_on_the_page():
    at = upload_file(open_page("threshold", UPLOAD), "credit.csv", _raw("title_row"))
    captions = " ".join(unescape(c.value) for c in at.caption)
    assert "The header is on line 3, not the first line" in captions
    assert metric_values(at)["Rows used"] == "178"


def test_a_small_file_on_the_threshold_page_points_to_the_positive_class_share():
    """24 rows, 12 positives: the page has no sample-size control; the share slider is the fix."""
    lines = ["a,b,label"] + [f"{i * 0.5},{(i * 7) % 11},{'yes' if i % 2 else 'no'}" for i in range(24)]
    at = upload_file(open_page("threshold", UPLOAD), "small.csv", "\n".join(lines).encode())
    assert_healthy(at)
    warnings = warnings_text(at)
    assert "of the 12 in the file; raise the Positive-class share" in warnings
    widget(at, "balance").set_value(0.5)
    at.run()
    assert_healthy(at)
    assert not warnings_text(at) and chart_specs(at), "the advice works"


def test_no_likely_target_shows_the_choice_before_any_result():
    lines = ["a,b,c"] + [f"{i * 0.5},{i % 13 + 0.25},{i * 0.3}" for i in range(60)]
    raw = "\n".join(lines).encode()
    at = upload_file(open_page("threshold", UPLOAD), "numbers.csv", raw)
    assert_healthy(at)
    assert at.selectbox(key=f"user_target_{hashlib.sha256(raw).hexdigest()[:12]}").value is None
    assert any("No column looks like a target" in unescape(i.value) for i in at.info)
    assert not chart_specs(at) and "Rows used" not in metric_values(at)


def test_a_class_of_one_row_reads_one_row_in_the_picker():
    lines = ["a,b,label"] + [
        f"{i * 0.5},{i % 7},{'odd' if i == 0 else ('yes' if i % 2 else 'no')}" for i in range(41)
    ]
    raw = "\n".join(lines).encode()
    at = upload_file(open_page("threshold", UPLOAD), "odd.csv", raw)
    assert_healthy(at)
    positive = at.selectbox(key=f"user_positive_{hashlib.sha256(raw).hexdigest()[:12]}_2")
    assert "odd (1 row)" in positive.options and "yes (20 rows)" in positive.options
