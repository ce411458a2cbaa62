"""Drive any registered page headlessly with Streamlit's AppTest (used by tests and bench/)."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlparse

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import registry
from ui.controls import Choice, Control, ControlGroup, MultiChoice, Toggle, _Numeric
from ui.page import GROUPS_STATE_KEY

WIDGET_KINDS = ("slider", "number_input", "selectbox", "radio", "select_slider", "toggle", "multiselect")
TIMEOUT_SECONDS = 120.0


def open_page(stem: str, params: Mapping[str, str] | None = None, *, run: bool = True) -> AppTest:
    """An AppTest of ``app.py`` switched to ``pages/<stem>.py`` with ``params`` in the URL."""
    at = AppTest.from_file(str(registry.ROOT / "app.py"), default_timeout=TIMEOUT_SECONDS)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(f"pages/{stem}.py")
    if run:
        at.run()
    return at


def page_groups(at: AppTest) -> tuple[ControlGroup, ...]:
    """The control groups the page drew on its last run."""
    return at.session_state.get(GROUPS_STATE_KEY, ())


def page_controls(at: AppTest) -> tuple[Control, ...]:
    """The controls the page drew on its last run."""
    return tuple(control for group in page_groups(at) for control in group.controls)


def widget(at: AppTest, key: str) -> Any:
    """The widget bound to ``key``."""
    for kind in WIDGET_KINDS:
        for element in at.get(kind):
            if getattr(element, "key", None) == key:
                return element
    raise LookupError(f"no widget with key {key!r}")


def value_of(at: AppTest, control: Control) -> Any:
    """The current value of ``control``'s widget, in the control's own form (a multiselect's
    list as a tuple), so it compares equal to ``control.default`` and to ``fresh_value``'s."""
    value = widget(at, control.key).value
    return tuple(value) if isinstance(control, MultiChoice) else value


def _fresh_pick(control: MultiChoice, current: Any, used: set[Any], rng: random.Random) -> tuple[Any, ...]:
    """A random pick of at least ``min_selected`` options, unlike ``current`` and, if possible, unused."""
    options = list(control.options)
    avoid = {tuple(current)} if current is not None else set()
    pick: tuple[Any, ...] = tuple(current or ())
    for attempt in range(200):
        size = rng.randint(max(control.min_selected, 1), len(options))
        pick = tuple(rng.sample(options, size))
        if pick not in avoid and (attempt >= 100 or pick not in used):
            return pick
    return pick


def fresh_value(control: Control, current: Any, used: set[Any], rng: random.Random) -> Any:
    """A valid value for ``control`` other than ``current``, preferring ones not in ``used``.

    A multiselect's value is a tuple of options (hashable, for ``used``); its widget takes it as is.
    """
    if isinstance(control, Toggle):
        return not current
    if isinstance(control, MultiChoice):
        return _fresh_pick(control, current, used, rng)
    if isinstance(control, Choice):
        options = [o for o in control.options if o != current and o not in control.needs_input]
        unused = [option for option in options if option not in used]
        return rng.choice(unused or options)
    if isinstance(control, _Numeric):
        steps = round((control.max_value - control.min_value) / control.step)
        for _ in range(1000):
            value = control.min_value + rng.randint(0, steps) * control.step
            value = int(value) if control.is_int else round(value, 10)
            if value not in used and value != current:
                return value
        return current
    raise TypeError(f"unsupported control {control!r}")


def assert_healthy(at: AppTest) -> None:
    """The last run raised nothing and showed no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def open_healthy(stem: str, params: Mapping[str, str] | None = None) -> AppTest:
    """``open_page``, its first run checked by ``assert_healthy``."""
    at = open_page(stem, params)
    assert_healthy(at)
    return at


def rerun_with(at: AppTest, key: str, value: Any) -> AppTest:
    """Set the widget bound to ``key`` to ``value`` and rerun; the rerun checked by ``assert_healthy``."""
    widget(at, key).set_value(value).run()
    assert_healthy(at)
    return at


def link_query(at: AppTest) -> dict[str, str]:
    """The parameters of the page's share link (the sidebar's code block), the last value of each."""
    return dict(parse_qsl(urlparse(at.sidebar.code[0].value).query))


def metric_values(at: AppTest) -> dict[str, str]:
    """Every ``st.metric`` on the page: label to shown value."""
    return {metric.label: metric.value for metric in at.metric}


def markdown_text(at: AppTest) -> str:
    """All the page's Markdown text, joined (What to notice, captions written as Markdown, ...)."""
    return " ".join(md.value for md in at.markdown)


def chart_specs(at: AppTest) -> list[dict[str, Any]]:
    """Every plotly chart's figure (AppTest cannot inspect charts; their spec is JSON)."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def count_fits(monkeypatch: Any, *estimator_classes: type) -> Counter[str]:
    """Count every ``fit`` of ``estimator_classes`` (by class name) through pytest's ``monkeypatch``,
    starting from empty caches, so a test can tell which controls retrain."""
    st.cache_data.clear()
    st.cache_resource.clear()
    counts: Counter[str] = Counter()
    for cls in estimator_classes:
        original = cls.fit

        def counting_fit(
            self: Any, *args: Any, _original: Any = original, _name: str = cls.__name__, **kw: Any
        ) -> Any:
            counts[_name] += 1
            return _original(self, *args, **kw)

        monkeypatch.setattr(cls, "fit", counting_fit)
    return counts


def unescape(markdown: str) -> str:
    """What Markdown shows for text escaped with ``ui.markdown.literal``."""
    return re.sub(r"\\(.)", r"\1", markdown)


def table_cells(at: AppTest, index: int = 0) -> pd.DataFrame:
    """The cells of the page's ``index``-th table as they read on screen (escapes removed)."""
    return at.table[index].value.map(unescape)
