"""End-to-end: on the A/B test page, turning daily peeking on raises the A/A false-positive rate on the
card, and the link remembers it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, metric_value, open_app, wait_until_idle

pytestmark = pytest.mark.e2e

CARD = "A/A false positives"


def _share(text: str) -> float:
    return float(text.rstrip("%")) / 100


def test_turning_peeking_on_raises_the_false_positive_rate(page: Page, server_url: str):
    open_app(page, f"{server_url}/ab_test")
    assert_no_error_boxes(page)
    fixed = _share(metric_value(page, CARD))
    assert abs(fixed - 0.05) < 0.02, "one look at the horizon: about α"
    page.get_by_text("Peek daily, stop at p < α", exact=True).click()
    expect(page).to_have_url(re.compile(r"peeking=Peek"), timeout=15_000)
    wait_until_idle(page)
    expect(page.get_by_role("radio", name="Peek daily, stop at p < α")).to_be_checked()
    peeking = _share(metric_value(page, CARD))
    assert peeking > fixed + 0.05, (fixed, peeking)
    expect(page.get_by_text("raised the false-positive rate of an A/A test")).to_be_visible()
    assert_no_error_boxes(page)
