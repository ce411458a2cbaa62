"""A link's bad parts come to one notice: every ignored parameter listed, a multiselect's valid
items kept and its unknown ones named, and a link to a page that does not exist said so."""

from __future__ import annotations

from ui.controls import Choice, MultiChoice, Slider
from ui.url_state import NOTICE_HEAD, check_link, notice_text, unknown_page_item

STRATEGIES = MultiChoice(
    "strategies", "Strategies", {"none": "Do nothing", "smote": "SMOTE", "tm": "Threshold moving"}, ("none",)
)
CONTROLS = (
    Slider("threshold", "Threshold", 0.0, 1.0, 0.5, 0.01),
    Choice("model", "Model", {"lr": "Logistic", "gb": "Boosting"}, "lr"),
    STRATEGIES,
)


def test_every_bad_parameter_is_one_item_of_one_notice():
    link = {"threshold": ["abc"], "model": ["Forest"], "zzz": ["1"], "strategies": ["SMOTE"]}
    result = check_link(link, CONTROLS)
    assert sorted(result.drop) == ["model", "threshold", "zzz"]
    assert len(result.ignored) == 3
    text = notice_text(result.ignored)
    assert text is not None and text.startswith(f"{NOTICE_HEAD}:\n- ")
    assert text.count("\n- ") == 3
    assert "`threshold=abc`" in text and "`model=Forest`" in text and "the unknown parameter `zzz`" in text


def test_one_item_reads_as_one_sentence_and_nothing_ignored_shows_nothing():
    assert notice_text(["the unknown parameter `x`"]) == f"{NOTICE_HEAD}: the unknown parameter `x`."
    assert notice_text([]) is None
    assert check_link({"threshold": ["0.3"], "strategies": ["SMOTE", "Do nothing"]}, CONTROLS).ignored == []


def test_a_multiselect_keeps_its_valid_items_and_names_the_dropped_ones():
    result = check_link({"strategies": ["SMOTE", "bogus", "Threshold moving", "also bad"]}, CONTROLS)
    assert result.drop == []
    assert result.rewrite == {"strategies": ["SMOTE", "Threshold moving"]}
    (item,) = result.ignored
    assert item.startswith("from `strategies` the unknown items `bogus`, `also bad`")
    assert item.endswith("kept SMOTE, Threshold moving")


def test_a_multiselect_with_no_valid_item_falls_back_to_its_default():
    result = check_link({"strategies": ["bogus"]}, CONTROLS)
    assert result.drop == ["strategies"] and not result.rewrite
    assert (
        result.ignored[0].startswith("`strategies=bogus`")
        and "using the default, Do nothing" in result.ignored[0]
    )


def test_an_unknown_page_is_named():
    paths = ("", "threshold", "lr_vs_svm")
    assert unknown_page_item("thresold", paths) == "the unknown page `thresold`, so Home is shown"
    assert unknown_page_item("threshold", paths) is None
    assert unknown_page_item("", paths) is None


def test_a_pinned_views_parameters_are_checked_like_the_pages():
    link = {
        "pin.threshold": ["0.3"],
        "pin.strategies": ["SMOTE", "bogus"],
        "pin.nope": ["1"],
        "threshold": ["x"],
    }
    result = check_link(link, CONTROLS, namespaces=("pin.",))
    assert "pin.threshold" not in result.drop
    assert result.rewrite["pin.strategies"] == ["SMOTE"]
    assert set(result.drop) == {"pin.nope", "threshold"}
    assert any(item.startswith("from `pin.strategies` the unknown item") for item in result.ignored)
    assert any(item.startswith("the unknown parameter `pin.nope`") for item in result.ignored)
