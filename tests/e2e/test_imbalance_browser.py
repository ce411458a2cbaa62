"""End-to-end: the class-imbalance page in headless Chromium, its multiselect living in the link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, open_app, wait_until_idle

pytestmark = pytest.mark.e2e

THREE = "strategies=Do+nothing&strategies=SMOTE&strategies=Threshold+moving"


def _rows(page: Page) -> list[str]:
    """The Strategy cell of every row of the metrics table."""
    rows = page.locator("[data-testid=stTable] tbody tr").all()
    return [row.locator("td, th").first.inner_text().strip() for row in rows]


def _chips(page: Page) -> list[str]:
    tags = page.locator("[data-testid=stMultiSelect] [aria-label^='Remove ']")
    return [label.removeprefix("Remove ") for label in tags.evaluate_all("els => els.map(e => e.ariaLabel)")]


def test_a_share_link_with_three_strategies_shows_three_rows(page: Page, server_url: str):
    open_app(page, f"{server_url}/imbalance?{THREE}&model=Logistic+regression&seeds=3")
    assert_no_error_boxes(page)
    expect(page.locator("[data-testid=stTable] tbody tr")).to_have_count(3 + 1, timeout=60_000)
    assert sorted(_rows(page)) == ["Do nothing", "No-skill baseline", "SMOTE", "Threshold moving"]
    expect(page.locator("[data-testid=stMultiSelect] [aria-label^='Remove ']")).to_have_count(3)
    assert _chips(page) == ["Do nothing", "SMOTE", "Threshold moving"]
    query = parse_qs(urlparse(page.url).query)
    assert query["strategies"] == ["Do nothing", "SMOTE", "Threshold moving"], "Streamlit keeps the link"


def test_adding_a_strategy_adds_a_row_and_a_repeated_parameter(page: Page, server_url: str):
    open_app(page, f"{server_url}/imbalance?{THREE}&model=Logistic+regression&seeds=3")
    page.locator("[data-testid=stMultiSelect] input").click()
    page.get_by_role("option", name="Random undersampling").click()
    page.keyboard.press("Escape")
    wait_until_idle(page, timeout=60_000)
    expect(page.locator("[data-testid=stTable] tbody tr")).to_have_count(4 + 1, timeout=60_000)
    query = parse_qs(urlparse(page.url).query)
    assert query["strategies"] == ["Do nothing", "SMOTE", "Threshold moving", "Random undersampling"]
    assert_no_error_boxes(page)


def test_an_unknown_item_in_the_link_is_dropped_and_the_valid_ones_kept(page: Page, server_url: str):
    open_app(page, f"{server_url}/imbalance?strategies=SMOTE&strategies=Magic&model=Logistic+regression")
    assert_no_error_boxes(page)
    expect(page.get_by_text("Ignored", exact=False).first).to_be_visible()
    expect(page.locator("[data-testid=stMultiSelect] [aria-label^='Remove ']")).to_have_count(1)
    assert _chips(page) == ["SMOTE"]
    expect(page).to_have_url(re.compile(r"strategies=SMOTE(&|$)"))
