"""Control specs: URL values parse to what Streamlit would show, and bad ones are refused."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.controls import Choice, InvalidUrlValueError, Number, Slider, Toggle, seed_control

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
