"""End-to-end: uploading your own CSV in headless Chromium (text-only rendering, session isolation)."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ROOT, assert_no_error_boxes, open_app, wait_until_idle

pytestmark = pytest.mark.e2e

CORPUS = ROOT / "tests" / "data" / "csv"
UPLOAD_PAGE = "threshold?dataset=Your+data+%28CSV%29"
XSS = "<img src=x onerror=alert(1)>"


def _upload(tab: Page, name: str, raw: bytes) -> None:
    tab.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": raw}
    )
    expect(tab.get_by_text("Rows used").or_(tab.locator("[data-testid=stAlert]")).first).to_be_visible(
        timeout=60_000
    )
    wait_until_idle(tab, timeout=60_000)


def _options_of(tab: Page, label: str) -> list[str]:
    """Open the selectbox labelled ``label`` and read its options as the browser shows them."""
    tab.get_by_label(label).click()
    options = tab.locator("[role=option]")
    expect(options.first).to_be_visible()
    texts = [text.strip() for text in options.all_inner_texts()]
    tab.keyboard.press("Escape")
    return texts


def _labelled_columns(names: list[str], rows: int = 60) -> bytes:
    lines = [",".join([*names, "label"])]
    lines += [
        ",".join([*(str((i * (j + 3)) % 11) for j in range(len(names))), "yes" if i % 3 else "no"])
        for i in range(rows)
    ]
    return "\n".join(lines).encode()


def test_a_column_named_like_html_is_shown_as_plain_text(page: Page, server_url: str):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_app(page, f"{server_url}/{UPLOAD_PAGE}")
    _upload(page, "xss.csv", (CORPUS / "xss_column_names.csv").read_bytes())
    assert_no_error_boxes(page)
    targets = _options_of(page, "Target column (what to predict)")
    assert XSS in targets, targets
    assert "[link](javascript:alert(1))" in targets and "**bold**" in targets
    positives = _options_of(page, "Positive class (every other value is negative)")
    assert any(option.startswith("<b>yes</b>") for option in positives), positives
    # Nothing from the file became markup: no image, no bold element, no link, no dialog.
    main = page.locator("[data-testid=stMain]")
    assert main.locator("img[src='x'], img[src$='/x']").count() == 0
    assert main.locator("a[href^='javascript']").count() == 0
    assert main.locator("b", has_text="yes").count() == 0
    expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible(timeout=60_000)
    page.wait_for_timeout(300)
    assert dialogs == []


def test_two_sessions_uploading_at_once_each_see_only_their_own(browser: Browser, server_url: str):
    mine, theirs = f"alpha_{uuid.uuid4().hex[:8]}", f"beta_{uuid.uuid4().hex[:8]}"
    tabs = []
    for _ in range(3):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.set_default_timeout(60_000)
        tabs.append(context.new_page())
    first, second, bystander = tabs
    try:
        for tab in tabs:
            open_app(tab, f"{server_url}/{UPLOAD_PAGE}")
        inputs = [tab.locator("[data-testid=stFileUploader] input[type=file]") for tab in (first, second)]
        for field, name, column in ((inputs[0], "a.csv", mine), (inputs[1], "b.csv", theirs)):
            field.set_input_files(
                {"name": name, "mimeType": "text/csv", "buffer": _labelled_columns([column, "x2"])}
            )
        for tab in (first, second):
            expect(tab.get_by_text("Rows used")).to_be_visible(timeout=60_000)
            wait_until_idle(tab, timeout=60_000)
            assert_no_error_boxes(tab)
        first_sees = _options_of(first, "Target column (what to predict)")
        second_sees = _options_of(second, "Target column (what to predict)")
        assert mine in first_sees and theirs not in first_sees
        assert theirs in second_sees and mine not in second_sees
        for tab, other in ((first, theirs), (second, mine)):
            assert other not in tab.content()
        # A third session on the same page has no file at all.
        bystander.reload()
        wait_until_idle(bystander)
        assert bystander.get_by_text("Rows used").count() == 0
        assert mine not in bystander.content() and theirs not in bystander.content()
    finally:
        for tab in tabs:
            tab.context.close()


def _files_containing(marker: bytes, since: float, roots: list[Path]) -> list[str]:
    found = []
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                path = Path(folder) / name
                try:
                    recent = path.stat().st_mtime >= since and path.stat().st_size < 50_000_000
                    if recent and marker in path.read_bytes():
                        found.append(str(path))
                except OSError:
                    continue
    return found


def test_an_upload_drives_the_page_and_is_never_written_to_disk(page: Page, server_url: str):
    marker = f"marker_{uuid.uuid4().hex}"
    started = time.time() - 1
    open_app(page, f"{server_url}/{UPLOAD_PAGE}")
    _upload(page, f"{marker}.csv", _labelled_columns([f"{marker}_a", "b", "c"], rows=200))
    assert_no_error_boxes(page)
    expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible(timeout=60_000)
    assert page.get_by_text("Rows used").count() == 1
    query = parse_qs(urlparse(page.url).query)
    assert query["dataset"] == ["Your data (CSV)"]
    assert marker not in page.url, "the link never carries the file's names"
    roots = [ROOT, Path(tempfile.gettempdir()), Path.home() / ".streamlit"]
    assert _files_containing(marker.encode(), started, [r for r in roots if r.exists()]) == []
