"""End-to-end: on the leakage page with every leak off, switching the split from random K-fold to a time
split brings the offline estimate towards production, so the optimism gap shrinks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, metric_value, open_app, wait_until_idle

pytestmark = pytest.mark.e2e


def _gap(page: Page) -> float:
    return float(metric_value(page, "Optimism gap").replace("−", "-"))


def test_switching_to_a_time_split_shrinks_the_gap(page: Page, server_url: str):
    open_app(page, f"{server_url}/leakage?leaks=")
    assert_no_error_boxes(page)
    random_gap = _gap(page)
    page.locator("[data-testid=stSelectbox]").filter(has_text="Split strategy").click()
    page.get_by_role("option", name="By time (TimeSeriesSplit, 30-day gap)").click()
    expect(page).to_have_url(re.compile(r"split=By\+time|split=By%20time"), timeout=30_000)
    wait_until_idle(page, timeout=120_000)
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Offline AUC (by time)")).to_have_count(
        1, timeout=120_000
    )
    assert abs(_gap(page)) < random_gap
    assert_no_error_boxes(page)


def test_switching_a_leak_on_widens_the_gap(page: Page, server_url: str):
    open_app(page, f"{server_url}/leakage?leaks=&split=By+time+%28TimeSeriesSplit%2C+30-day+gap%29")
    honest = _gap(page)
    open_app(page, f"{server_url}/leakage?leaks=Label+proxy")
    assert _gap(page) > honest + 0.05
    expect(page.get_by_text("Refund issued tops the permutation importance")).to_be_visible()
    assert_no_error_boxes(page)
