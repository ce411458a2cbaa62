"""Control specs: URL values parse to what Streamlit would show, and bad ones are refused."""

import math
import random
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.apptest import fresh_value
from ui.controls import Choice, InvalidUrlValueError, MultiChoice, Number, Slider, Toggle, seed_control

THRESHOLD = Slider("threshold", "Threshold", 0.0, 1.0, 0.5, 0.01)
COUNT = Slider("n", "Rows", 100, 5000, 1000, 100)
MODEL = Choice("model", "Model", {"logreg": "Logistic regression", "gbm": "Gradient boosting"}, "logreg")
PREVALENCE = Choice("prev", "Prevalence", {None: "as data", 0.01: "1%"}, None, widget="select_slider")


@pytest.mark.parametrize(("raw", "expected"), [("0.7", 0.7), ("0", 0.0), ("1", 1.0), ("1e-1", 0.1)])
def test_slider_accepts_numbers_in_range(raw: str, expected: float):
    assert THRESHOLD.parse(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["abc", "", "1.01", "-0.1", "nan", "inf", "-inf", "0x10"])
def test_slider_refuses_garbage_and_out_of_range(raw: str):
    with pytest.raises(InvalidUrlValueError, match="from 0 to 1"):
        THRESHOLD.parse(raw)


def test_integer_slider_needs_whole_numbers():
    assert COUNT.parse("300") == 300
    assert isinstance(COUNT.parse("300.0"), int)
    with pytest.raises(InvalidUrlValueError, match="whole number"):
        COUNT.parse("300.5")
    assert COUNT.is_int and not THRESHOLD.is_int


def test_seed_is_an_integer_number_input():
    seed = seed_control()
    assert isinstance(seed, Number) and seed.key == "seed" and seed.default == 0
    assert seed.parse("42") == 42
    with pytest.raises(InvalidUrlValueError):
        seed.parse("-1")


def test_choice_round_trips_through_labels():
    for option in MODEL.options:
        assert MODEL.parse(MODEL.to_url(option)) == option
    assert PREVALENCE.parse("as data") is None
    with pytest.raises(InvalidUrlValueError, match="'Logistic regression'"):
        MODEL.parse("logreg")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("False", False), ("1", True), ("off", False)])
def test_toggle_parses_booleans(raw: str, expected: bool):
    assert Toggle("present", "Presentation").parse(raw) is expected


def test_toggle_refuses_other_words():
    with pytest.raises(InvalidUrlValueError):
        Toggle("present", "Presentation").parse("banana")


@given(st.floats(min_value=0.0, max_value=1.0, allow_nan=False))
def test_slider_url_form_round_trips(value: float):
    assert math.isclose(THRESHOLD.parse(THRESHOLD.to_url(value)), value)


@given(st.text(max_size=30))
def test_any_text_either_parses_in_range_or_is_refused(raw: str):
    try:
        value = THRESHOLD.parse(raw)
    except InvalidUrlValueError:
        return
    assert 0.0 <= value <= 1.0


STRATEGIES = MultiChoice(
    "strategies", "Strategies", {"none": "Do nothing", "smote": "SMOTE", "tm": "Threshold moving"}, ("none",)
)


def test_multichoice_reads_every_value_of_a_repeated_parameter_in_order():
    assert STRATEGIES.parse_all(["SMOTE", "Do nothing"]) == ("smote", "none")
    assert STRATEGIES.parse_all(["SMOTE", "SMOTE", "Threshold moving"]) == ("smote", "tm")
    assert STRATEGIES.parse("Threshold moving") == ("tm",)
    assert STRATEGIES.default == ("none",)


@pytest.mark.parametrize("raws", [["SMOTE", "bogus"], ["bogus"], ["smote"], ["Do nothing", "SMOTE "]])
def test_multichoice_refuses_unknown_items(raws: list[str]):
    with pytest.raises(InvalidUrlValueError, match="any of 'Do nothing', 'SMOTE'"):
        STRATEGIES.parse_all(raws)


@pytest.mark.parametrize("raws", [[""], ["", ""]])
def test_multichoice_accepts_the_empty_pick_its_widget_writes(raws: list[str]):
    """Removing every item writes ``?k=``: a valid value, not a bad link."""
    assert STRATEGIES.parse_all(raws) == ()
    assert STRATEGIES.url_values(()) == [""]


def test_multichoice_with_a_minimum_refuses_fewer():
    at_least_one = MultiChoice("k", "K", {"a": "A"}, ("a",), min_selected=1)
    with pytest.raises(InvalidUrlValueError, match="1 or more of 'A'"):
        at_least_one.parse_all([""])


def test_multichoice_with_no_minimum_accepts_the_empty_parameter():
    optional = MultiChoice("tags", "Tags", {"a": "A", "b": "B"}, (), min_selected=0)
    assert optional.parse_all([""]) == ()
    assert optional.url_values(()) == [""]


def test_multichoice_writes_one_url_value_per_pick_as_streamlit_does():
    assert STRATEGIES.url_values(("tm", "none")) == ["Threshold moving", "Do nothing"]
    assert urlencode({"strategies": STRATEGIES.url_values(("tm", "none"))}, doseq=True) == (
        "strategies=Threshold+moving&strategies=Do+nothing"
    )
    assert STRATEGIES.to_url(("smote", "tm")) == "SMOTE, Threshold moving"


def test_single_valued_controls_read_the_last_of_a_repeated_parameter():
    assert THRESHOLD.parse_all(["0.2", "0.7"]) == pytest.approx(0.7)
    assert MODEL.url_values("gbm") == ["Gradient boosting"]


@given(st.lists(st.sampled_from(["none", "smote", "tm"]), min_size=1, max_size=3, unique=True))
def test_multichoice_url_form_round_trips(pick: list[str]):
    assert STRATEGIES.parse_all(STRATEGIES.url_values(tuple(pick))) == tuple(pick)


def test_fresh_pick_is_a_new_valid_tuple_of_options():
    rng = random.Random(0)
    used = {STRATEGIES.default}
    for _ in range(6):
        pick = fresh_value(STRATEGIES, list(STRATEGIES.default), used, rng)
        assert isinstance(pick, tuple) and pick != STRATEGIES.default
        assert STRATEGIES.parse_all(STRATEGIES.url_values(pick)) == pick
        used.add(pick)
    assert len(used) == 7, "prefers picks not used before"


def test_a_number_written_another_way_is_not_rewritten():
    from ui.url_state import _same_number

    assert _same_number(["6"], ["6.0"]) and _same_number(["0.50"], ["0.5"])
    assert not _same_number([" 6"], ["6.0"]), "padded values are rewritten, as the widget may not read them"
    assert not _same_number(["0.3", "0.7"], ["0.7"]), "a repeated slider value is rewritten"
    assert not _same_number(["yes"], ["true"]) and not _same_number(["6"], ["7.0"])


def test_applies_when_names_the_values_a_control_applies_to():
    from ui.controls import AppliesWhen, Slider

    rule = AppliesWhen("penalty", frozenset({"elasticnet"}), "Elastic-net only.")
    assert rule.holds("elasticnet") and not rule.holds("l1") and not rule.holds(None)
    slider = Slider("l1_ratio", "l1_ratio", 0.0, 1.0, 0.5, 0.05, applies_when=rule)
    assert slider.applies_when is rule
    assert Slider("x", "x", 0, 1, 0, 1).applies_when is None
