"""The warm-up computes every page's opening view into the same caches the pages read."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import streamlit as st
from sklearn.linear_model import LogisticRegression

from tests.unit.properties_support import defaults, page_spec
from tests.unit.test_topics import TRADE_OFFS
from ui import prewarm, registry
from ui.shell import PREWARM_ENV, prewarm_enabled


def _script(stem: str) -> Any:
    return next(entry.script for entry in registry.discover() if entry.script.stem == stem)


@pytest.mark.parametrize("stem", TRADE_OFFS)
def test_a_pages_declaration_is_read_without_drawing_it(stem: str):
    spec = prewarm.declared_spec(_script(stem))
    assert spec is not None
    assert spec.topic is page_spec(stem).topic
    assert prewarm.default_values(spec) == defaults(stem)


def test_warming_a_page_fills_the_cache_its_first_run_reads(monkeypatch: pytest.MonkeyPatch):
    st.cache_resource.clear()
    st.cache_data.clear()
    fits: Counter[str] = Counter()
    original = LogisticRegression.fit

    def counting(self: LogisticRegression, *args: Any, **kwargs: Any) -> LogisticRegression:
        fits["fit"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LogisticRegression, "fit", counting)
    assert prewarm.warm_page(_script("threshold")) >= 1
    trained = fits["fit"]
    assert trained >= 1, "the threshold page opens on a logistic regression"
    prewarm.warm_page(_script("threshold"))
    assert fits["fit"] == trained, "the second time every fit comes from the cache"


def test_a_page_that_fails_to_warm_is_skipped(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    warmed: list[str] = []

    def warm(script: Any) -> int:
        if script.stem == "threshold":
            raise RuntimeError("broken")
        warmed.append(script.stem)
        return 1

    monkeypatch.setattr(prewarm, "warm_page", warm)
    prewarm.warm_every_page()
    assert sorted(warmed) == sorted(stem for stem in TRADE_OFFS if stem != "threshold")
    assert "Could not warm threshold" in caplog.text


def test_the_tests_run_without_the_warm_up(monkeypatch: pytest.MonkeyPatch):
    assert not prewarm_enabled()
    monkeypatch.setenv(PREWARM_ENV, "1")
    assert prewarm_enabled()
