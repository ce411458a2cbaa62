"""End-to-end: the logistic-regression-vs-SVM page in headless Chromium against a real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from explorers import lr_vs_svm as lx
from tests.e2e.conftest import assert_no_error_boxes, open_app, slider, wait_until_idle

pytestmark = pytest.mark.e2e

SHARE_LINK = "lr_vs_svm?dataset=Two+blobs&n_train=200&svm_c=0.1&seed=3&lr_degree=2"


def _support_vectors(c: float) -> str:
    svm = lx.fit_model(lx.SvmSpec(kernel="rbf", C=c, gamma="scale"), "blobs", 200, 0.0, 3)
    return f"{svm.n_support:,}"


def test_moving_the_svm_c_changes_its_support_vector_count(page: Page, server_url: str):
    open_app(page, f"{server_url}/{SHARE_LINK}")
    assert_no_error_boxes(page)
    thumb = slider(page, "SVM: C")
    expect(thumb).to_have_attribute("aria-valuetext", "0.1")
    kept = page.locator("[data-testid=stTable] tr").filter(has_text="Numbers kept")
    before = _support_vectors(0.1)
    expect(kept).to_contain_text(f"{before} support vectors")

    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"svm_c=10(&|$)"), timeout=20_000)
    wait_until_idle(page)
    after = _support_vectors(10.0)
    assert after != before
    expect(kept).to_contain_text(f"{after} support vectors", timeout=20_000)
    assert "lr_degree=2" in page.url and "seed=3" in page.url, "the rest of the link is kept"
    assert_no_error_boxes(page)
