"""End-to-end: on the drift page, moving the fixed cadence from every 26 weeks to every 4 weeks
changes the performance curve and the cadence's card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, metric_value, open_app, slider, wait_until_idle

pytestmark = pytest.mark.e2e

LABEL = "Retrain every (weeks)"


def test_a_four_week_cadence_changes_the_performance_curve(page: Page, server_url: str):
    open_app(page, f"{server_url}/drift?cadence=26")
    assert_no_error_boxes(page)
    legend = page.locator(".st-key-stage-chart .legendtext")
    expect(legend.filter(has_text="Every 26 weeks")).to_have_count(1, timeout=30_000)
    slow = metric_value(page, "Precision after the drift, every 26 weeks")
    cadence = slider(page, LABEL)
    cadence.focus()
    for _ in range(3):  # 26 -> 13 -> 8 -> 4 weeks
        page.keyboard.press("ArrowLeft")
    wait_until_idle(page)
    # Four weeks is the default, so the link drops the parameter.
    expect(page).not_to_have_url(re.compile(r"cadence="), timeout=15_000)
    wait_until_idle(page)
    expect(legend.filter(has_text="Every 4 weeks")).to_have_count(1, timeout=30_000)
    fast = metric_value(page, "Precision after the drift, every 4 weeks")
    assert float(fast) > float(slow), (slow, fast)
    assert_no_error_boxes(page)
