"""End-to-end: moving the C slider in a real browser moves the marked point on both curves."""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import Page, expect

from explorers import regularization as rx
from tests.e2e.conftest import assert_no_error_boxes, metric_value, open_app, slider, wait_until_idle

pytestmark = pytest.mark.e2e

C_LABEL = "C, the inverse penalty strength (λ = 1/C)"

# The x of every "Current C..." trace, per plotly chart on the page, read from plotly's own data.
_MARKERS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
  g => (g.data || []).filter(t => (t.name || '').startsWith('Current C'))
                     .map(t => [t.name, Array.from(t.x)]))"""


def _current_c_markers(page: Page) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for chart in page.evaluate(_MARKERS_JS):
        for name, xs in chart:
            found[name] = xs
    return found


def test_moving_c_moves_the_marked_point_on_both_curves(page: Page, server_url: str):
    open_app(page, f"{server_url}/regularization")
    assert_no_error_boxes(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 4")
    before = _current_c_markers(page)
    assert before["Current C (train)"] == before["Current C (CV)"] == [pytest.approx(0.0)]  # log10(1)
    assert all(abs(x) < 1e-9 for x in before["Current C"])  # every coefficient's marker at C = 1

    thumb = slider(page, C_LABEL)
    assert thumb.input_value() == str(rx.C_GRID.index(1.0))
    thumb.focus()
    for _ in range(3):  # 1 -> 2 -> 5 -> 10
        page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]C=10(&|$)"), timeout=15_000)
    wait_until_idle(page)
    expect(page.locator("[data-testid=stMetric]").filter(has_text="λ = 1/C").first).to_contain_text("0.1")
    assert metric_value(page, "C") == "10"

    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).some(
             g => (g.data || []).some(t => t.name === 'Current C (CV)' && Math.abs(t.x[0] - 1) < 1e-9))"""
    )
    after = _current_c_markers(page)
    assert after["Current C (train)"] == after["Current C (CV)"] == [pytest.approx(math.log10(10.0))]
    assert all(abs(x - 1.0) < 1e-9 for x in after["Current C"])

    study = rx.run_study(
        "breast_cancer", n_noise=20, n_duplicates=5, degree=1, n_train=200, l1_ratio=1.0, seed=0
    )
    cv = rx.grid_scores(study, rx.SCORINGS["log_loss"]).cv[rx.grid_index(10.0)]
    assert metric_value(page, "CV log loss") == f"{cv:.3f}"
