"""End-to-end: on the serving page, pushing the arrival rate past capacity brings up the overload warning."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, open_app, slider, wait_until_idle

pytestmark = pytest.mark.e2e

# One replica with a = 1 ms and c = 0.01 ms serves at most 990 requests per second one at a time.
LINK = "serving?by_hand=true&setup_ms=1.0&per_row_ms=0.01&rate=700"


def _warnings(page: Page):
    return page.locator("[data-testid=stAlertContentWarning]")


def test_raising_the_arrival_rate_past_capacity_shows_the_overload_warning(page: Page, server_url: str):
    open_app(page, f"{server_url}/{LINK}")
    assert_no_error_boxes(page)
    expect(_warnings(page).filter(has_text="overloaded")).to_have_count(0)
    rate = slider(page, "Arrival rate (requests/s)")
    rate.focus()
    for _ in range(2):  # 700 -> 1000 -> 1500 requests/s
        page.keyboard.press("ArrowRight")
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"rate=1500"), timeout=15_000)
    wait_until_idle(page)
    warning = _warnings(page).filter(has_text="One request per call is overloaded")
    expect(warning).to_have_count(1, timeout=15_000)
    expect(warning).to_contain_text("1,500 req/s arrive")
    p99 = page.locator("[data-testid=stMetric]").filter(has_text="p99").first
    expect(p99.locator("[data-testid=stMetricValue]")).to_have_text("∞")
    assert_no_error_boxes(page)


def test_dropping_back_below_capacity_clears_the_warning(page: Page, server_url: str):
    open_app(page, f"{server_url}/{LINK.replace('rate=700', 'rate=1500')}")
    expect(_warnings(page).filter(has_text="overloaded")).to_have_count(1)
    rate = slider(page, "Arrival rate (requests/s)")
    rate.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"rate=700"), timeout=15_000)
    wait_until_idle(page)
    expect(_warnings(page).filter(has_text="overloaded")).to_have_count(0, timeout=15_000)
