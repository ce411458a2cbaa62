"""The stage, on every registered trade-off page at 1280x720 in both modes: the main chart, its
headline numbers and a stage control on the first screen, nothing scrolling sideways, no chart
text outside its chart, no legend over two rows, no key number cut off; and the same with a view
pinned as A and a stage control moved for B."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.links import comparison_query
from tests.e2e.conftest import assert_no_error_boxes, open_app
from ui import registry
from ui.prewarm import declared_spec

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 1280, 720
TRADE_OFFS = [entry.url_path for entry in registry.discover() if not entry.default]
MODES = {"normal": "", "presentation": "present=true"}
PINNED = ("normal", "presentation", "normal-pinned", "presentation-pinned")


def _url(server_url: str, path: str, mode: str) -> str:
    """The page in ``mode``; "-pinned": A pinned at the defaults and B with a stage control moved."""
    query = [MODES[mode.removesuffix("-pinned")]]
    if mode.endswith("-pinned"):
        query.append(comparison_query(declared_spec(registry.PAGES_DIR / f"{path}.py")))
    return f"{server_url}/{path}?" + "&".join(q for q in query if q)


# Every chart text (tick labels, axis titles, legends, annotations) against its chart's box.
_TEXT_OUTSIDE = """
() => {
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    if (box.width === 0) continue;
    for (const text of plot.querySelectorAll('svg text')) {
      const r = text.getBoundingClientRect();
      if (!text.textContent.trim() || r.width === 0) continue;
      const outside = r.left < box.left - 1 || r.right > box.right + 1
        || r.top < box.top - 1 || r.bottom > box.bottom + 1;
      if (outside) {
        out.push(text.textContent.trim().slice(0, 60));
      }
    }
  }
  return out;
}
"""

# Rows of each horizontal legend (entries laid out in more than one column).
_LEGEND_ROWS = """
() => [...document.querySelectorAll('.js-plotly-plot .legend')].map(legend => {
  const spots = [...legend.querySelectorAll('g.traces')].map(g => g.getBoundingClientRect());
  const lefts = new Set(spots.map(r => Math.round(r.left / 8)));
  if (lefts.size < 2) return 1;
  const tops = spots.map(r => r.top).sort((a, b) => a - b);
  return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 6).length;
})
"""

# Key numbers and buttons whose text is cut off (an ellipsis or hidden overflow).
_CUT_NUMBERS = """
() => [...document.querySelector('[data-testid=stMain]').querySelectorAll(
  '[data-testid=stMetricLabel], [data-testid=stMetricValue], [data-testid=stMetricDelta], '
  + '[data-testid=stMetricDeltaDescription], [data-testid=stMetric] [data-testid=stMarkdownContainer], '
  + '[data-testid=stButton] p, [data-testid=stPopover] button p')]
  .filter(el => el.scrollWidth > el.clientWidth + 1)
  .map(el => el.innerText.trim())
"""


@pytest.fixture(scope="module")
def small_screen(browser: Browser) -> Iterator[Page]:
    """One tab at 1280x720 for the whole module."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(60_000)
    tab = context.new_page()
    yield tab
    context.close()


def _settled(tab: Page, url: str) -> None:
    open_app(tab, url)
    tab.wait_for_function("!document.querySelector('[data-testid=stSkeleton]')")
    tab.wait_for_selector(".st-key-stage-chart .js-plotly-plot .main-svg")
    tab.wait_for_timeout(500)  # the charts' last layout pass


def _inside_first_screen(tab: Page, selector: str) -> bool:
    box = tab.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT + 1, (selector, box)
    return True


@pytest.mark.parametrize("mode", PINNED)
@pytest.mark.parametrize("path", TRADE_OFFS)
def test_the_stage_fits_the_first_screen(small_screen: Page, server_url: str, path: str, mode: str):
    tab = small_screen
    _settled(tab, _url(server_url, path, mode))
    assert_no_error_boxes(tab)
    assert tab.evaluate("document.querySelector('[data-testid=stMain]').scrollTop") == 0
    assert _inside_first_screen(tab, ".st-key-stage-chart [data-testid=stPlotlyChart]"), "the main chart"
    numbers = tab.locator(".st-key-stage-numbers [data-testid=stMetric]")
    assert 3 <= numbers.count() <= 4, "three or four headline numbers"
    for index in range(numbers.count()):
        box = numbers.nth(index).bounding_box()
        assert box is not None and box["y"] + box["height"] <= HEIGHT, "a headline number"
    assert _inside_first_screen(tab, ".st-key-stage-controls [data-testid=stWidgetLabel]"), "a stage control"


@pytest.mark.parametrize("mode", PINNED)
@pytest.mark.parametrize("path", TRADE_OFFS)
def test_nothing_overflows(small_screen: Page, server_url: str, path: str, mode: str):
    tab = small_screen
    _settled(tab, _url(server_url, path, mode))
    sideways = tab.evaluate(
        "(() => { const main = document.querySelector('[data-testid=stMain]');"
        " return [document.documentElement.scrollWidth - innerWidth,"
        " main.scrollWidth - main.clientWidth]; })()"
    )
    assert max(sideways) <= 0, "nothing scrolls horizontally"
    outside = tab.evaluate(_TEXT_OUTSIDE)
    assert outside == [], f"chart text outside its chart: {outside}"
    rows = tab.evaluate(_LEGEND_ROWS)
    assert all(count <= 2 for count in rows), f"a legend over two rows: {rows}"
    cut = tab.evaluate(_CUT_NUMBERS)
    assert cut == [], f"a key number or button cut off: {cut}"


@pytest.mark.parametrize("path", [*TRADE_OFFS, ""])
def test_presentation_keeps_the_share_link_and_the_way_out_on_screen(
    small_screen: Page, server_url: str, path: str
):
    tab = small_screen
    open_app(tab, f"{server_url}/{path}?present=true")
    assert _inside_first_screen(tab, ".st-key-present-toolbar button.copy-share-link")
    assert _inside_first_screen(tab, ".st-key-leave-present button")
    tab.locator(".st-key-leave-present button").click()
    expect(tab.locator(".st-key-present-toolbar")).to_have_count(0)
    expect(tab).not_to_have_url(re.compile(r"present=true"))
