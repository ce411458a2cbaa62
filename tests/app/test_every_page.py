"""AppTest checks that every registered page passes: it loads, reads its URL, survives garbage."""

from __future__ import annotations

import random
from urllib.parse import parse_qs, urlparse

import pytest

from tests.apptest import assert_healthy, fresh_value, open_page, page_controls, value_of, widget
from ui import registry
from ui.controls import Choice, MultiChoice
from ui.url_state import NOTICE_HEAD

PAGES = [entry.script.stem for entry in registry.discover()]
TRADE_OFF_PAGES = [stem for stem in PAGES if stem != "home"]
GARBAGE = ["abc", "", "-1e309", "NaN", "9" * 40, "<script>alert(1)</script>", "%00", "true false"]


@pytest.mark.parametrize("stem", PAGES)
def test_page_loads_without_exception(stem: str):
    at = open_page(stem)
    assert_healthy(at)
    assert at.title, "every page has a title"


def test_the_trade_off_pages_exist():
    assert "threshold" in TRADE_OFF_PAGES


@pytest.mark.parametrize("stem", TRADE_OFF_PAGES)
def test_url_values_set_every_control(stem: str):
    controls = page_controls(open_page(stem))
    assert controls, "a trade-off page has controls"
    rng = random.Random(7)
    wanted = {c.key: fresh_value(c, c.default, {c.default}, rng) for c in controls}
    at = open_page(stem, {c.key: c.url_values(wanted[c.key]) for c in controls})
    for control in controls:
        actual = value_of(at, control)
        assert (
            actual == pytest.approx(wanted[control.key])
            if not isinstance(control, Choice | MultiChoice)
            else (actual == wanted[control.key])
        ), control.key
    assert not at.warning or all("Ignored" not in w.value for w in at.warning)


@pytest.mark.parametrize("stem", TRADE_OFF_PAGES)
def test_garbage_url_values_fall_back_to_defaults_with_a_notice(stem: str):
    controls = page_controls(open_page(stem))
    rng = random.Random(stem)
    params = {c.key: rng.choice(GARBAGE[:-1]) for c in controls}
    params = {key: value for key, value in params.items() if value != ""} | {"unknown_param": "1"}
    at = open_page(stem, params)
    assert_healthy(at)
    (notices,) = [w.value for w in at.warning if w.value.startswith(NOTICE_HEAD)]  # one notice for all
    for control in controls:
        assert value_of(at, control) == control.default, control.key
        if control.key in params:
            assert f"`{control.key}=" in notices, control.key
    assert "unknown parameter `unknown_param`" in notices


@pytest.mark.parametrize("stem", PAGES)
def test_presentation_mode_comes_from_the_url(stem: str):
    at = open_page(stem, {"present": "true"})
    assert_healthy(at)
    assert at.toggle(key="present").value is True
    bad = open_page(stem, {"present": "banana"})
    assert bad.toggle(key="present").value is False
    assert any("present=banana" in w.value for w in bad.warning)


@pytest.mark.parametrize("stem", TRADE_OFF_PAGES)
def test_reset_to_defaults_restores_every_control(stem: str):
    at = open_page(stem)
    controls = page_controls(at)
    rng = random.Random(3)
    for control in controls:
        element = widget(at, control.key)
        if not element.disabled:  # a control that does not apply to the others' values is greyed out
            element.set_value(fresh_value(control, control.default, set(), rng))
    at.run()
    assert any(value_of(at, c) != c.default for c in controls)
    next(b for b in at.button if "Reset" in b.label).click().run()
    assert_healthy(at)
    for control in controls:
        assert value_of(at, control) == control.default, control.key


@pytest.mark.parametrize("stem", TRADE_OFF_PAGES)
def test_share_link_spells_out_every_control(stem: str):
    at = open_page(stem)
    link = at.sidebar.code[0].value
    for control in page_controls(at):
        assert f"{control.key}=" in link


def test_link_values_cannot_inject_markdown_into_the_notice():
    at = open_page("threshold", {"threshold": "`[click](http://example.com)` ![x](y)", "`evil`": "1"})
    (notice,) = [w.value for w in at.warning]
    assert notice.startswith(NOTICE_HEAD) and notice.count("\n- ") == 2
    assert notice.count("`") == 4, notice  # two code spans, the link's own backticks replaced
    assert "](" not in "".join(notice.split("`")[::2]), "no link text outside a code span"
    assert widget(at, "threshold").value == 0.5


def test_home_drops_unknown_link_parameters_with_a_notice():
    at = open_page("home", {"threshold": "0.7"})
    assert not at.exception
    assert any("unknown parameter `threshold`" in w.value for w in at.warning)


# Pages that declare a multiselect (read from their source, so no page is opened to collect).
MULTISELECT_PAGES = [
    stem for stem in TRADE_OFF_PAGES if "MultiChoice(" in (registry.PAGES_DIR / f"{stem}.py").read_text()
]


def test_the_multiselect_pages_are_found():
    assert "imbalance" in MULTISELECT_PAGES


@pytest.mark.parametrize("stem", MULTISELECT_PAGES)
def test_a_multiselect_reads_every_value_of_its_repeated_parameter(stem: str):
    at = open_page(stem)
    multi = [c for c in page_controls(at) if isinstance(c, MultiChoice)]
    assert multi, "the page declares a MultiChoice"
    query = parse_qs(urlparse(at.sidebar.code[0].value).query, keep_blank_values=True)
    for control in multi:
        assert query[control.key] == control.url_values(control.default), "one parameter per picked option"
    rng = random.Random(stem)
    picks = {c.key: fresh_value(c, c.default, {c.default}, rng) for c in multi}
    good = open_page(stem, {c.key: c.url_values(picks[c.key]) for c in multi})
    assert all(value_of(good, c) == picks[c.key] for c in multi)
    bad = open_page(stem, {c.key: [*c.url_values(picks[c.key]), "no such option"] for c in multi})
    assert_healthy(bad)
    notices = " ".join(w.value for w in bad.warning)
    for control in multi:
        assert value_of(bad, control) == picks[control.key], "the valid items are kept"
        assert f"from `{control.key}` the unknown item `no such option`" in notices
