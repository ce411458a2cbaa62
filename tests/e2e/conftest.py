"""End-to-end fixtures: a real ``streamlit run app.py`` and headless Chromium driven by Playwright.

The browser tests never skip: without a Chromium they fail and say how to get one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def _chromium_path() -> str | None:
    """A Chromium from $CHROMIUM_PATH, the system, or Playwright's own download."""
    candidates = [os.environ.get("CHROMIUM_PATH", "")]
    candidates += [shutil.which(name) or "" for name in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy at {url} within {timeout:.0f} s")


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A real app server on a free loopback port, for the whole test session."""
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = (ROOT / ".pytest_cache").joinpath("e2e-server.log")
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium; a missing browser fails the run rather than skipping it."""
    path = _chromium_path()
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
