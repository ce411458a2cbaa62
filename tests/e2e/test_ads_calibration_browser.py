"""End-to-end: on the ads calibration page, switching the calibration moves the calibration ratio
toward 1 (and the link with it) while AUC stays put."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_error_boxes, metric_value, open_app, wait_until_idle

pytestmark = pytest.mark.e2e


def _pick(page: Page, option: str) -> None:
    """Click ``option`` of the stage's Calibration radio."""
    radio = page.locator("[data-testid=stRadio]").filter(has_text="Isotonic")
    radio.get_by_text(option, exact=True).click()
    wait_until_idle(page)


def test_switching_calibration_moves_the_ratio_toward_one(page: Page, server_url: str):
    open_app(page, f"{server_url}/ads_calibration")
    assert_no_error_boxes(page)
    raw = float(metric_value(page, "Calibration ratio"))
    auc = metric_value(page, "AUC")
    assert raw > 3, "downsampling to 10% inflates the predictions"
    _pick(page, "Correction")
    expect(page).to_have_url(re.compile(r"calibration=Correction"), timeout=15_000)
    wait_until_idle(page)
    corrected = float(metric_value(page, "Calibration ratio"))
    assert abs(corrected - 1) < abs(raw - 1) / 5
    assert metric_value(page, "AUC") == auc, "a strictly increasing map leaves AUC alone"
    _pick(page, "Platt")
    expect(page).to_have_url(re.compile(r"calibration=Platt"), timeout=15_000)
    wait_until_idle(page)
    assert abs(float(metric_value(page, "Calibration ratio")) - 1) < abs(raw - 1) / 5
    assert_no_error_boxes(page)
