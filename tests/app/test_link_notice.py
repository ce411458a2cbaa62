"""A bad link shows one notice listing everything it ignored, and a multiselect keeps its valid
items (Streamlit's AppTest cannot see the URL a widget writes, so the link is set at the start)."""

from __future__ import annotations

from tests.apptest import open_page, value_of
from tests.unit.properties_support import page_controls
from ui.url_state import NOTICE_HEAD


def _link_notices(at) -> list[str]:
    return [w.value for w in at.warning if w.value.startswith(NOTICE_HEAD)]


def test_several_bad_parameters_make_one_notice():
    at = open_page("threshold", {"threshold": "abc", "beta": "99", "nonsense": "1"})
    (notice,) = _link_notices(at)
    assert notice.count("\n- ") == 3
    assert "`threshold=abc`" in notice and "`beta=99`" in notice and "`nonsense`" in notice


def test_a_multiselect_link_keeps_its_valid_items():
    control = page_controls("imbalance")["strategies"]
    valid = list(control.options.values())[1]
    at = open_page("imbalance", {"strategies": [valid, "bogus"]})
    (notice,) = _link_notices(at)
    assert "`bogus`" in notice and f"kept {valid}" in notice
    picked = value_of(at, control)
    assert [control.options[p] for p in picked] == [valid]
