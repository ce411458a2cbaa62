"""Pin and compare, and the downloads, in a real browser: pin a view, move a control, take the
address bar to a fresh browser and see the same A against B; the notebook and a chart's PNG."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

from bench.links import comparison_query
from tests.e2e.conftest import assert_no_error_boxes, metric_value, open_app, slider, wait_until_idle
from tests.e2e.test_stage_browser import _TEXT_OUTSIDE
from ui import registry
from ui.prewarm import declared_spec

pytestmark = pytest.mark.e2e

C_LABEL = "C, the inverse penalty strength (λ = 1/C)"
NUMBERS = ("C", "Train log loss", "CV log loss")


def _delta(tab: Page, label: str) -> str:
    """The delta line of the stage's metric labelled ``label``."""
    metric = tab.locator(".st-key-stage-numbers [data-testid=stMetric]").filter(
        has=tab.get_by_text(label, exact=True)
    )
    return metric.locator("[data-testid=stMetricDelta]").first.inner_text().strip()


def _faded_traces(tab: Page) -> int:
    """How many of the stage chart's traces are drawn faded (A's)."""
    return tab.evaluate(
        """() => { const g = document.querySelector('.st-key-stage-chart .js-plotly-plot');
                  const faded = item => item.opacity !== undefined && item.opacity < 0.5;
                  return (g.data || []).filter(faded).length
                       + (g.layout.shapes || []).filter(faded).length; }"""
    )


def test_a_pinned_view_and_its_share_link_reopen_a_against_b(page: Page, server_url: str):
    open_app(page, f"{server_url}/regularization")
    single = {label: metric_value(page, label) for label in NUMBERS}
    page.get_by_role("button", name="Pin as A").click()
    expect(page).to_have_url(re.compile(r"[?&]pin\.C=1(&|$)"))
    wait_until_idle(page)
    slider(page, C_LABEL).focus()
    for _ in range(3):  # 1 -> 2 -> 5 -> 10
        page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]C=10(&|$)"), timeout=15_000)
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Unpin")).to_be_visible()
    assert metric_value(page, "C") == "10"
    assert _delta(page, "C").endswith(f"A {single['C']}")
    live = {label: metric_value(page, label) for label in NUMBERS}
    sentence = page.locator(".st-key-compare").inner_text()
    assert "From A to B you raised C from 1 to 10" in sentence
    assert _faded_traces(page) >= 1, "A is drawn faded on the main chart"

    fresh = page.context.browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        open_app(fresh, page.url)
        assert_no_error_boxes(fresh)
        assert {label: metric_value(fresh, label) for label in NUMBERS} == live, "B, as it was"
        for label in NUMBERS:
            assert _delta(fresh, label).endswith(f"A {single[label]}"), "A, as it was pinned"
        assert fresh.locator(".st-key-compare").inner_text() == sentence
        assert _faded_traces(fresh) >= 1
        fresh.get_by_role("button", name="Swap").click()
        expect(fresh).to_have_url(re.compile(r"[?&]pin\.C=10(&|$)"))
        wait_until_idle(fresh)
        assert metric_value(fresh, "C") == single["C"]
        fresh.get_by_role("button", name="Unpin").click()
        expect(fresh).not_to_have_url(re.compile(r"pin\."))
        wait_until_idle(fresh)
        expect(fresh.locator(".st-key-compare")).to_have_count(0)
    finally:
        fresh.context.close()


def test_the_notebook_downloads_from_the_menu(page: Page, server_url: str):
    open_app(page, f"{server_url}/threshold?threshold=0.35")
    page.locator(".st-key-downloads button").first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Notebook (.ipynb)").click()
    assert download.value.suggested_filename == "threshold-error-cost.ipynb"
    notebook = nbformat.reads(Path(download.value.path()).read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    assert "Threshold: 0.35" in notebook.cells[0].source
    assert json.dumps(notebook.cells[-1].source).count("HEADLINE") == 1


def test_a_charts_data_downloads_as_csv(page: Page, server_url: str):
    open_app(page, f"{server_url}/ranking")
    page.locator(".st-key-downloads button").first.click()
    body = page.locator("[data-testid=stPopoverBody]")
    with page.expect_download() as download:
        body.locator("[data-testid=stDownloadButton] button").nth(1).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("series,subplot,x,y,z\n") and text.count("\n") > 10


def test_the_camera_button_saves_the_chart_as_a_themed_png(browser: Browser, server_url: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    try:
        tab = context.new_page()
        open_app(tab, f"{server_url}/drift")
        chart = tab.locator(".st-key-stage-chart .js-plotly-plot").first
        chart.hover()
        with tab.expect_download() as download:
            tab.locator(".st-key-stage-chart .modebar-btn[data-title='Download plot as a PNG']").first.click()
        data = Path(download.value.path()).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        box = chart.bounding_box()
        assert box is not None and width == pytest.approx(2 * box["width"], abs=4), "twice screen size"
        assert height > 300
        wait_until_idle(tab)
    finally:
        context.close()


def test_charts_that_cannot_overlay_flip_on_two_tabs(browser: Browser, server_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        tab = context.new_page()
        spec = declared_spec(registry.PAGES_DIR / "threshold.py")
        open_app(tab, f"{server_url}/threshold?{comparison_query(spec, moved='model')}")
        assert_no_error_boxes(tab)
        stage = tab.locator(".st-key-stage-chart")
        stage.get_by_role("tab", name="A (pinned)").click()
        chart = stage.locator(".js-plotly-plot").nth(1)
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 721, "A's chart on the first screen"
        assert tab.evaluate(_TEXT_OUTSIDE) == [], "no chart text outside its chart"
    finally:
        context.close()
