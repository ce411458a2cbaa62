"""End-to-end: on the retrieval page, raising HNSW's efSearch raises both recall and search time."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, metric_value, slider, wait_until_idle

pytestmark = pytest.mark.e2e

LINK = f"retrieval?index={quote('HNSW (graph)')}&size=10k&dim=32&ef_search=16"
UNITS_MS = {"µs": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    digits, unit = text.split()
    return float(digits.replace(",", "")) * UNITS_MS[unit]


def _percent(text: str) -> float:
    return float(text.rstrip("%"))


def test_raising_ef_search_raises_recall_and_search_time(page: Page, server_url: str):
    page.goto(f"{server_url}/{LINK}")  # the first load builds two indexes and times a ranker: allow for it
    page.wait_for_selector("[data-testid=stMain] h1", timeout=120_000)
    wait_until_idle(page, timeout=120_000)
    assert_no_error_boxes(page)
    recall_before = _percent(metric_value(page, "Recall@100"))
    time_before = _ms(metric_value(page, "Search time"))
    ef = slider(page, "efSearch (graph breadth)")
    ef.focus()
    for _ in range(5):  # 16 -> 512
        page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"ef_search=512"), timeout=30_000)
    wait_until_idle(page, timeout=60_000)
    expect(page.get_by_text("Current: efSearch 512")).to_have_count(1, timeout=15_000)
    assert _percent(metric_value(page, "Recall@100")) > recall_before
    assert _ms(metric_value(page, "Search time")) > time_before
    assert_no_error_boxes(page)
