"""End-to-end: on the feature-transforms page, picking another transform moves the AUC card and the
stressed row of the AUC table, and the link keeps it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, wait_until_idle

pytestmark = pytest.mark.e2e

LINK = "feature_transforms?seeds=1"


def _expect_stressed_row(page: Page, name: str) -> None:
    """The first table stresses exactly one row, the one named ``name`` (waiting for the table to be
    drawn and redrawn: it sits below the stage, drawn after the cards)."""
    table = page.locator("[data-testid=stTable]").first
    rows = table.locator("tbody tr").filter(has=page.locator("strong"))
    expect(rows).to_have_count(1, timeout=30_000)
    expect(rows.first.locator("td, th").first).to_have_text(name, timeout=30_000)


def test_picking_a_transform_moves_the_auc_card_and_the_table(page: Page, server_url: str):
    page.goto(f"{server_url}/{LINK}")  # the first run trains both models on every transform: allow time
    page.wait_for_selector("[data-testid=stMain] h1", timeout=120_000)
    wait_until_idle(page, timeout=120_000)
    assert_no_error_boxes(page)
    card = page.locator("[data-testid=stMetric]").filter(has=page.get_by_text("AUC, log1p", exact=True))
    expect(card).to_have_count(1, timeout=60_000)
    before = card.locator("[data-testid=stMetricValue]").inner_text()
    _expect_stressed_row(page, "log1p")

    page.locator("[data-testid=stSelectbox]").filter(has_text="Transform of the counts").first.click()
    page.get_by_role("option", name="Buckets, equal width").click()
    wait_until_idle(page, timeout=60_000)
    expect(page).to_have_url(re.compile(r"transform=Buckets"), timeout=15_000)
    moved = page.locator("[data-testid=stMetric]").filter(
        has=page.get_by_text("AUC, equal-width bins", exact=True)
    )
    expect(moved).to_have_count(1, timeout=30_000)
    assert moved.locator("[data-testid=stMetricValue]").inner_text() != before
    _expect_stressed_row(page, "Buckets, equal width")
    assert_no_error_boxes(page)
