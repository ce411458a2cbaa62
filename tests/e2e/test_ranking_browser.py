"""End-to-end: on the ranking page, raising the position-bias strength η turns the raw clicks'
preference from ranker B (the better one on relevance labels) to ranker A (which logged the clicks)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, open_app, slider, wait_until_idle

pytestmark = pytest.mark.e2e


def _card(page: Page, label: str):
    card = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    return card.locator("[data-testid=stMetricValue]")


def test_raising_eta_turns_the_clicks_towards_the_logging_ranker(page: Page, server_url: str):
    open_app(page, f"{server_url}/ranking?eta=0.1")
    assert_no_error_boxes(page)
    expect(_card(page, "Relevance labels prefer")).to_have_text(re.compile(r"^B by "))
    expect(_card(page, "Raw clicks (η = 0.1) prefer")).to_have_text(re.compile(r"^B by "))
    eta = slider(page, "Position bias η")
    eta.focus()
    for _ in range(3):  # 0.1 -> 0.4, past where raw clicks first flip (0.3 at the defaults)
        page.keyboard.press("ArrowRight")
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"eta=0\.4"), timeout=15_000)
    wait_until_idle(page)
    expect(_card(page, "Raw clicks (η = 0.4) prefer")).to_have_text(re.compile(r"^A by "), timeout=15_000)
    expect(_card(page, "Relevance labels prefer")).to_have_text(re.compile(r"^B by "))
    expect(_card(page, "IPS, clip 10, prefers")).to_have_text(re.compile(r"^B by "))
    assert_no_error_boxes(page)
