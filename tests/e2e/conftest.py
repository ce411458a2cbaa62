"""End-to-end fixtures: a real ``streamlit run app.py`` and headless Chromium driven by Playwright.

The browser tests never skip: without a Chromium they fail and say how to get one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from bench.serve import CHROMIUM_FLAGS, IDLE, chromium_path, serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A real app server on a free loopback port, for the whole test session."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # one server per pytest-xdist worker
    with serve(ROOT / ".pytest_cache" / f"e2e-server-{worker}.log") as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium; a missing browser fails the run rather than skipping it."""
    path = chromium_path()
    with sync_playwright() as playwright:
        if path is None:
            try:
                launched = playwright.chromium.launch(headless=True, args=CHROMIUM_FLAGS)
            except Exception as problem:
                pytest.fail(
                    "No Chromium found for the browser tests. Install one (Debian: `apt-get install "
                    "chromium`), set CHROMIUM_PATH, or run `./dev.sh test`, which installs it. "
                    f"({problem})"
                )
        else:
            launched = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no shared state) at a desktop size."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


def wait_until_idle(tab: Page, *, timeout: float = 30_000) -> None:
    """Wait for the app's script to finish the current run (after a short grace period)."""
    tab.wait_for_timeout(150)
    tab.wait_for_selector(IDLE, timeout=timeout)


def open_app(tab: Page, url: str) -> None:
    """Open a URL of the app and wait until its first run is done."""
    tab.goto(url)
    tab.wait_for_selector("[data-testid=stMain] h1")  # every page has a title: the first run drew
    wait_until_idle(tab)


def assert_no_error_boxes(tab: Page) -> None:
    """The page shows no exception and no error box."""
    assert tab.locator("[data-testid=stException]").count() == 0
    assert tab.locator("[data-testid=stAlertContentError]").count() == 0


def metric_value(tab: Page, label: str) -> str:
    """The shown value of the metric labelled exactly ``label``."""
    metric = tab.locator("[data-testid=stMetric]").filter(has=tab.get_by_text(label, exact=True))
    return metric.locator("[data-testid=stMetricValue]").first.inner_text().strip()


def slider(tab: Page, label: str) -> Locator:
    """The range input of the slider labelled ``label``."""
    return tab.locator(f'[data-testid=stSlider] input[type=range][aria-label="{label}"]')


def open_settings(tab: Page, name: str) -> None:
    """Open the settings popover ``name`` (a control group off the stage) on the settings row."""
    tab.locator("[data-testid=stPopover] button").filter(has_text=name).first.click()
    tab.locator("[data-testid=stPopoverBody]").first.wait_for()


def open_sidebar(tab: Page) -> None:
    """Unfold the sidebar (presentation mode folds it away)."""
    expand = tab.locator("[data-testid=stExpandSidebarButton]")
    if expand.count() and expand.first.is_visible():
        expand.first.click()
    tab.locator("[data-testid=stSidebarNav]").first.wait_for()
