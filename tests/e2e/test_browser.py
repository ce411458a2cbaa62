"""End-to-end: a real server and headless Chromium, as a user would use the app."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from bench.serve import free_port, wait_healthy
from explorers import threshold as tx
from explorers.metrics import confusion_at, rates_from_confusion
from tests.e2e.conftest import (
    ROOT,
    assert_no_error_boxes,
    metric_value,
    open_app,
    open_settings,
    open_sidebar,
    slider,
    wait_until_idle,
)
from ui import registry

pytestmark = pytest.mark.e2e


def _query(page: Page) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlparse(page.url).query).items()}


def test_share_link_with_parameters_opens_that_view(page: Page, server_url: str):
    open_app(page, f"{server_url}/threshold?threshold=0.8&model=Gradient+boosting&seed=5&cost_fn=12.5")
    assert_no_error_boxes(page)
    assert slider(page, "Threshold").input_value() == "0.8"
    open_settings(page, "Model")
    expect(page.get_by_role("radio", name="Gradient boosting")).to_be_checked()
    expect(
        page.locator("[data-testid=stNumberInput]").filter(has_text="Seed").locator("input")
    ).to_have_value("5")
    scored = tx.train_and_score("moons", "gbm", 0.3, 5)
    expected = rates_from_confusion(confusion_at(scored.y_val, scored.val_scores, 0.8), 0.8)
    assert metric_value(page, "Precision on validation data") == f"{expected.precision:.2f}"
    assert metric_value(page, "Recall") == f"{expected.recall:.2f}"


def test_moving_the_threshold_updates_metrics_and_the_url(page: Page, server_url: str):
    open_app(page, f"{server_url}/threshold")
    recall_before = metric_value(page, "Recall")
    thumb = slider(page, "Threshold")
    thumb.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"threshold=0\.7"), timeout=15_000)
    wait_until_idle(page)
    assert thumb.input_value() == "0.7"
    scored = tx.train_and_score("moons", "logreg", 0.3, 0)
    expected = rates_from_confusion(confusion_at(scored.y_val, scored.val_scores, 0.7), 0.7)
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Recall").first).to_contain_text(
        f"{expected.recall:.2f}"
    )
    assert metric_value(page, "Recall") != recall_before


def test_presentation_mode_enlarges_the_text(page: Page, server_url: str):
    open_app(page, f"{server_url}/threshold")
    paragraph = page.locator("[data-testid=stMarkdownContainer] li").first

    def size() -> float:
        return float(paragraph.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))

    normal = size()
    page.locator("[data-testid=stSidebar] [data-testid=stCheckbox]").filter(has_text="Presentation").click()
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"present=true"))
    page.wait_for_function(f"() => parseFloat(getComputedStyle(document.documentElement).fontSize) > {16}")
    assert size() > normal * 1.2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_copied_share_link_reproduces_the_view_in_a_new_browser(page: Page, server_url: str):
    open_app(page, f"{server_url}/threshold?dataset=XOR&balance=0.2&seed=42&threshold=0.35&prevalence=5%25")
    page.locator("[data-testid=stSidebar] [data-testid=stExpander] summary").first.click()
    code = page.locator("[data-testid=stSidebar] [data-testid=stCode]").first
    expect(code).to_be_visible()
    link = code.inner_text().strip().replace("\n", "")
    numbers = {
        label: metric_value(page, label)
        for label in ("Precision at 5% prevalence", "Recall", "Cost-optimal threshold (validation)")
    }
    fresh = page.context.browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        open_app(fresh, link)
        assert {label: metric_value(fresh, label) for label in numbers} == numbers
        assert _query(fresh)["seed"] == "42"
        assert slider(fresh, "Threshold").input_value() == "0.35"
    finally:
        fresh.context.close()


def test_copy_share_link_button_copies_a_link_that_reopens_the_view(browser, server_url: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        open_app(tab, f"{server_url}/threshold?seed=7&cost_fp=2.5")
        slider(tab, "Threshold").focus()
        for _ in range(10):
            tab.keyboard.press("ArrowLeft")
        expect(tab).to_have_url(re.compile(r"threshold=0\.4"))
        wait_until_idle(tab)
        button = tab.locator("[data-testid=stSidebar] button.copy-share-link")
        button.click()
        expect(button).to_have_text("Link copied")
        link = tab.evaluate("navigator.clipboard.readText()")
        assert link == tab.url
        recall = metric_value(tab, "Recall")
        fresh = browser.new_context().new_page()
        open_app(fresh, link)
        assert slider(fresh, "Threshold").input_value() == "0.4"
        assert metric_value(fresh, "Recall") == recall
        fresh.context.close()
    finally:
        context.close()


def test_garbage_link_shows_a_notice_and_the_defaults(page: Page, server_url: str):
    open_app(page, f"{server_url}/threshold?threshold=banana&seed=-4&bogus=1")
    assert_no_error_boxes(page)
    alerts = page.locator("[data-testid=stAlert]").all_inner_texts()
    joined = " ".join(alerts)
    assert "threshold=banana" in joined
    assert "seed=-4" in joined
    assert "bogus" in joined
    assert slider(page, "Threshold").input_value() == "0.5"


@pytest.mark.parametrize("entry", registry.discover(), ids=lambda e: e.script.stem)
def test_no_page_shows_an_exception(page: Page, server_url: str, entry: registry.PageEntry):
    open_app(page, f"{server_url}/{entry.url_path}")
    expect(page.locator("h1").first).to_be_visible()
    assert_no_error_boxes(page)
    nav = page.locator("[data-testid=stSidebarNav]")
    expect(nav).to_contain_text("Home")


def test_a_deep_link_is_the_first_request_a_fresh_server_gets(browser):
    """A share link opened on a sleeping deployment still gets the whole app shell."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, process)
        tab = context.new_page()
        open_app(tab, f"{url}/threshold?threshold=0.6")
        expect(tab.locator("[data-testid=stSidebarNav]")).to_contain_text("Threshold & error cost")
        expect(tab.locator("[data-testid=stSidebar]")).to_contain_text("Presentation mode")
        wait_until_idle(tab)
        assert slider(tab, "Threshold").input_value() == "0.6"
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("entry", registry.discover(), ids=lambda e: e.script.stem)
def test_presentation_mode_fits_a_1280x720_screen(page: Page, server_url: str, entry: registry.PageEntry):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, f"{server_url}/{entry.url_path}?present=true")
    assert_no_error_boxes(page)
    page.wait_for_function("() => parseFloat(getComputedStyle(document.documentElement).fontSize) >= 20")
    wait_until_idle(page)
    main = page.locator("[data-testid=stMain]")
    assert main.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_navigating_between_pages_keeps_presentation_mode_and_state(page: Page, server_url: str):
    open_app(page, f"{server_url}/threshold?threshold=0.7&present=true")
    open_sidebar(page)
    page.locator("[data-testid=stSidebarNav] a").filter(has_text="Home").click()
    expect(page.get_by_text("The interview, stage by stage")).to_be_visible()
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"present=true"))
    assert page.locator("[data-testid=stAlertContentWarning]").count() == 0, "no notice on plain navigation"
    open_sidebar(page)
    page.locator("[data-testid=stSidebarNav] a").filter(has_text="Threshold").click()
    expect(page.get_by_text("The question:")).to_be_visible()
    wait_until_idle(page)
    assert slider(page, "Threshold").input_value() == "0.7"
    expect(page).to_have_url(re.compile(r"present=true"), timeout=15_000)  # written back by the run
    expect(page.get_by_role("switch", name="Presentation mode")).to_be_checked()
