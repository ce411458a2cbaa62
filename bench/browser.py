"""Browser benchmark: key press to the script run finished and the charts drawn, in headless Chromium.

Run ``python -m bench.browser`` (or ``./dev.sh bench --browser``). One headless Chromium drives a
real ``streamlit run app.py`` and, in the same run, a real ``streamlit run bench/floor_page.py``
(Streamlit's floor: one slider). It measures, end to end on the browser's clock:

- the floor: an arrow key on its slider, ``--changes`` times before the pages and as many after;
- every registered page's first load: a fresh page load in a new browser context (empty browser
  cache), the page's first visit on this server (its fits not cached yet; the server has had one
  untimed visit and gone idle, so the app's modules are imported), from navigation start
  to the last run finished and the page drawn, and the server's part (first run started to last
  run finished, from the server's messages);
- a reading and a retraining control of every page, chosen from its ``SPEC``
  (``ControlGroup.retrains``; reading prefers the stage's controls, retraining prefers a control
  with many values, so that each change is a new value), changed ``--changes`` times (default 7),
  each time to a value it has not had where the control has enough: an arrow key on a slider
  (walking away from the default), a step button on a number, another option of a radio, select
  box or multiselect, a toggle;
- the first visit on a just-started server: a new server, then at once a share link (every
  control at its default) to the page whose first load was the slowest (``--cold`` names others).

A change's time runs from its key or pointer press (``bench.load``'s instrumentation of the
app's WebSocket) to the later of the server's message that the run finished and the last change
to the page (a MutationObserver, at the next animation frame), once the app is idle, no element
is a skeleton, every plotly chart has drawn and nothing has changed for ``--quiet`` ms. Every
figure is also given as a multiple of the floor's from the same run. Prints a table and writes
``bench/results/browser.json``. Timings are never asserted: the targets are printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import platform
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psutil
from playwright.async_api import Browser, Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.run import Timings  # noqa: E402
from bench.serve import CHROMIUM_FLAGS, chromium_path, serve  # noqa: E402
from tests.unit.properties_support import page_spec  # noqa: E402
from ui import registry  # noqa: E402
from ui.controls import Choice, Control, MultiChoice, Number, Slider, Toggle, _Numeric  # noqa: E402
from ui.page import PageSpec  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "browser.json"
LOGS = ROOT / "bench" / "results"
TARGETS = {
    "reading_x_floor": 2.5,  # p50 of a reading control, as a multiple of the floor's p50
    "retraining_x_floor": 5.0,  # at default sizes
    "first_load_server_ms": 1000.0,  # the server's part of a page's first load
    "cold_first_visit_ms": 3000.0,  # navigation to drawn, on a just-started server
}
KINDS = ("reading", "retraining")
FLOOR = Slider("floor", "Floor", 0, 1000, 500, 1)  # bench/floor_page.py's one slider
VIEWPORT = {"width": 1280, "height": 720}
# The fewer values a widget offers, the sooner a walk over it meets a value it has had (and,
# for a retraining control, a cached fit): rank 0 has many.
_VALUES_RANK = {"slider": 0, "number": 0, "radio": 1, "select": 1, "toggle": 2, "multiselect": 2}

# Installed in every page: the time of the animation frame after the last change to the page.
_MUTATIONS = """
(() => {
  const drawn = {at: 0, pending: false};
  window.__drawn = drawn;
  const note = () => {
    if (drawn.pending) return;
    drawn.pending = true;
    requestAnimationFrame(() => { drawn.pending = false; drawn.at = performance.now(); });
  };
  new MutationObserver(note).observe(document,
    {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
# Since the armed input (or navigation start): a run has finished, the app is idle, every element
# and plotly chart is drawn, and nothing has changed for ``quiet`` ms.
_DRAWN = f"""(quiet) => {{
  const runs = window.__runs;
  const last = Math.max(runs.endedAt, window.__drawn.at);
  return runs.endedAt > (runs.inputAt ?? runs.armedAt) && ({load._IDLE})()
    && [...document.querySelectorAll("[data-testid=stPlotlyChart]")]
      .every((chart) => chart.querySelector(".main-svg"))
    && performance.now() - last >= quiet;
}}"""
_DRAWN_MS = """() => Math.max(window.__runs.endedAt, window.__drawn.at)
  - (window.__runs.inputAt ?? window.__runs.armedAt)"""
_SERVER_MS = "() => window.__runs.endedAt - window.__runs.firstStartedAt"

Prepare = Callable[[Page, str, int, random.Random], Awaitable[tuple[load.Action | None, int]]]


# ---- Pure parts: which controls, which way, and the summaries ----


def widget_kind(control: Control) -> str:
    """How the control is driven: slider, number, radio, select, toggle or multiselect."""
    if isinstance(control, Choice):
        return {"select_slider": "slider", "radio": "radio", "selectbox": "select"}[control.widget]
    kinds: tuple[tuple[type, str], ...] = (
        (Slider, "slider"),
        (Number, "number"),
        (Toggle, "toggle"),
        (MultiChoice, "multiselect"),
    )
    return next(kind for cls, kind in kinds if isinstance(control, cls))


def _drivable(control: Control, defaults: dict[str, Any]) -> bool:
    """Whether the control applies at the defaults and has another value a click can pick."""
    rule = control.applies_when
    if rule is not None and not rule.holds(defaults.get(rule.key)):
        return False
    if isinstance(control, Choice | MultiChoice):
        return len([o for o in control.options if o not in getattr(control, "needs_input", ())]) > 1
    return True


def choose_controls(spec: PageSpec) -> dict[str, Control]:
    """The control timed for each kind the page has: for reading, a stage control first, then one
    with many values; for retraining, one with many values first (each change a new fit), then a
    stage control; then the page's order."""
    defaults = {control.key: control.default for control in spec.controls}
    order = [control.key for control in spec.controls]
    off_stage = {key: key not in spec.stage.controls for key in order}
    chosen: dict[str, Control] = {}
    for kind in KINDS:
        candidates = [
            control
            for group in spec.groups
            if group.retrains == (kind == "retraining")
            for control in group.controls
            if _drivable(control, defaults)
        ]

        def rank(control: Control, kind: str = kind) -> tuple[int, int, int]:
            many, stage = _VALUES_RANK[widget_kind(control)], int(off_stage[control.key])
            place = order.index(control.key)
            return (stage, many, place) if kind == "reading" else (many, stage, place)

        if candidates:
            chosen[kind] = min(candidates, key=rank)
    return chosen


def popover_index(spec: PageSpec, control: Control) -> int | None:
    """The index of the settings popover holding ``control`` (``settings-<index>``), None on the stage."""
    if control.key in spec.stage.controls:
        return None
    return next(index for index, group in enumerate(spec.groups) if control in group.controls)


def first_direction(control: Control) -> int:
    """+1 (right, up) or -1: towards the end with more room from the default, so that a walk of
    arrow keys or step buttons meets new values."""
    if isinstance(control, _Numeric):
        low, high, at = float(control.min_value), float(control.max_value), float(control.default)
    elif isinstance(control, Choice):
        options = list(control.options)
        low, high, at = 0.0, len(options) - 1.0, float(options.index(control.default))
    else:
        return 1
    return 1 if high - at >= at - low else -1


def share_query(spec: PageSpec) -> str:
    """A share link's query string with every control at its default."""
    return urlencode({c.key: c.url_values(c.default) for c in spec.controls}, doseq=True)


def x_floor(ms: float, floor_ms: float) -> float:
    """``ms`` as a multiple of the floor's (NaN without a floor)."""
    return ms / floor_ms if floor_ms > 0 else math.nan


@dataclass
class ControlResult:
    """One control's timed changes, in ms: to the charts drawn, and to the run finished alone."""

    page: str
    kind: str  # "reading", "retraining" or "floor"
    control: str
    widget: str
    drawn_ms: list[float] = field(default_factory=list)
    run_ms: list[float] = field(default_factory=list)
    no_ops: int = 0

    def summary(self, floor: Timings) -> dict[str, Any]:
        """p50, p95 and max of both times, and the drawn ones as multiples of the floor's."""
        drawn, run = Timings.of(self.drawn_ms), Timings.of(self.run_ms)
        return {
            "page": self.page,
            "kind": self.kind,
            "control": self.control,
            "widget": self.widget,
            "drawn": asdict(drawn),
            "run": asdict(run),
            "p50_x_floor": x_floor(drawn.p50, floor.p50),
            "p95_x_floor": x_floor(drawn.p95, floor.p95),
            "no_ops": self.no_ops,
            "drawn_ms": self.drawn_ms,
            "run_ms": self.run_ms,
        }


@dataclass
class LoadResult:
    """A fresh page load, in ms: navigation start to drawn, and the server's runs."""

    page: str
    drawn_ms: float
    server_ms: float
    start_s: float | None = None  # a just-started server: process start to healthy


def target_met(kind: str, p50_x_floor: float) -> bool:
    """Whether a control's median meets its kind's target multiple of the floor."""
    return p50_x_floor <= TARGETS[f"{kind}_x_floor"]


# ---- Driving the browser ----


async def _step_slider(
    page: Page, scope: str, direction: int, rng: random.Random
) -> tuple[load.Action | None, int]:
    """An arrow key on the slider in ``scope``, ``direction`` unless it is at that end."""
    slider = page.locator(f"{scope} input[type=range]").first
    if not await slider.count() or await slider.is_disabled():
        return None, direction
    value, low, high = await slider.evaluate("e => [Number(e.value), Number(e.min), Number(e.max)]")
    at_end = value >= high if direction > 0 else value <= low
    if at_end:
        direction = -direction
    await slider.focus()
    key = "ArrowRight" if direction > 0 else "ArrowLeft"
    return (lambda: page.keyboard.press(key)), direction


async def _step_number(
    page: Page, scope: str, direction: int, rng: random.Random
) -> tuple[load.Action | None, int]:
    """A click on the number input's step button, ``direction`` unless that one is disabled."""
    for way in (direction, -direction):
        button = page.locator(f"{scope} [data-testid=stNumberInputStep{'Up' if way > 0 else 'Down'}]").first
        if await button.count() and not await button.is_disabled():
            return button.click, way
    return None, direction


def _any_of(pick: Callable[[Page, random.Random, str], Awaitable[load.Action | None]]) -> Prepare:
    """``bench.load``'s random change of a widget kind, in ``scope``."""

    async def prepare(
        page: Page, scope: str, direction: int, rng: random.Random
    ) -> tuple[load.Action | None, int]:
        return await pick(page, rng, scope), direction

    return prepare


PREPARE: dict[str, Prepare] = {
    "slider": _step_slider,
    "number": _step_number,
    "radio": _any_of(load._pick_radio),
    "select": _any_of(load._pick_select),
    "toggle": _any_of(load._flip_toggle),
    "multiselect": _any_of(load._edit_multiselect),
}


async def _settle(page: Page, settings: load.Settings) -> None:
    await page.wait_for_function(
        _DRAWN, arg=settings.quiet_ms, timeout=settings.run_timeout_ms, polling=load.POLL_MS
    )


async def open_fresh(
    browser: Browser, url: str, name: str, settings: load.Settings
) -> tuple[Page, LoadResult]:
    """``url`` in a new browser context, and its first load's times."""
    context = await browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(settings.run_timeout_ms)
    await context.add_init_script(load._INSTRUMENT)
    await context.add_init_script(_MUTATIONS)
    page = await context.new_page()
    await page.goto(url)
    # A first load may be several runs; a longer quiet spans the gap between them.
    await page.wait_for_function(
        _DRAWN, arg=max(settings.quiet_ms, 1000), timeout=settings.run_timeout_ms, polling=load.POLL_MS
    )
    return page, LoadResult(
        name, float(await page.evaluate(_DRAWN_MS)), float(await page.evaluate(_SERVER_MS))
    )


async def time_control(
    page: Page,
    result: ControlResult,
    control: Control,
    *,
    changes: int,
    popover: int | None,
    rng: random.Random,
    settings: load.Settings,
) -> None:
    """Change ``control`` ``changes`` times, each timed into ``result``."""
    scope = f".st-key-{control.key}"
    direction, prepare = first_direction(control), PREPARE[result.widget]
    for _ in range(changes):
        await _settle(page, settings)
        if popover is not None and not await page.locator(scope).first.is_visible():
            await page.locator(f".st-key-settings-{popover} button").first.click()
            await page.locator(scope).first.wait_for(state="visible")
        act, direction = await prepare(page, scope, direction, rng)
        what = f"{result.page} {result.control}"
        run_ms = None if act is None else await load._timed(page, act, what, settings)
        if run_ms is None:
            result.no_ops += 1
            continue
        await _settle(page, settings)
        result.run_ms.append(run_ms)
        result.drawn_ms.append(float(await page.evaluate(_DRAWN_MS)))
        if settings.verbose:
            print(f"  {what}: drawn {result.drawn_ms[-1]:.0f} ms, run {run_ms:.0f} ms", flush=True)
        if result.widget in ("select", "multiselect"):
            await page.keyboard.press("Escape")  # close a dropdown that stayed open
    if popover is not None:
        await page.keyboard.press("Escape")


def _spec(stem: str) -> PageSpec | None:
    """The page's SPEC, read without drawing it (and without Streamlit's bare-mode warnings)."""
    logging.disable(logging.WARNING)
    try:
        return page_spec(stem)
    except AttributeError:  # a page without controls (Home)
        return None
    finally:
        logging.disable(logging.NOTSET)


@dataclass
class Run:
    """Everything one run measured."""

    floor_load: LoadResult | None = None
    floor: ControlResult = field(default_factory=lambda: ControlResult("floor", "floor", "floor", "slider"))
    loads: list[LoadResult] = field(default_factory=list)
    controls: list[ControlResult] = field(default_factory=list)
    cold: list[LoadResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _pages(browser: Browser, base: str, entries: list[registry.PageEntry], run: Run, args: Any) -> None:
    """Each page's first load, then its reading and retraining controls."""
    settings, rng = args.settings, random.Random(args.seed)
    for entry in entries:
        stem = entry.script.stem
        page, first = await open_fresh(browser, f"{base}/{entry.url_path}", stem, settings)
        page.on("pageerror", lambda problem, stem=stem: run.errors.append(f"{stem}: browser: {problem}"))
        run.loads.append(first)
        print(
            f"{stem}: first load drawn in {first.drawn_ms:.0f} ms (server {first.server_ms:.0f} ms)",
            flush=True,
        )
        spec = _spec(stem)
        for kind, control in (choose_controls(spec) if spec is not None else {}).items():
            result = ControlResult(stem, kind, control.key, widget_kind(control))
            run.controls.append(result)
            try:
                await time_control(
                    page,
                    result,
                    control,
                    changes=args.changes,
                    popover=popover_index(spec, control),  # type: ignore[arg-type]  # spec is set here
                    rng=rng,
                    settings=settings,
                )
            except Exception as problem:
                run.errors.append(f"{stem} {control.key}: {type(problem).__name__}: {str(problem)[:200]}")
        run.errors += [f"{stem}: {text}" for text in await load._error_texts(page)]
        await page.context.close()


async def _warm_up(browser: Browser, base: str, pid: int, settings: load.Settings) -> None:
    """An untimed first visit, after which the app imports its modules in the background; then
    wait (up to a minute) until the server is idle, so that first loads are timed with the
    modules imported, as on a server that has been up a while."""
    page, _ = await open_fresh(browser, f"{base}/", "warm-up", settings)
    await page.context.close()
    server = psutil.Process(pid)
    server.cpu_percent(None)
    for _ in range(60):
        await asyncio.sleep(1.0)
        if server.cpu_percent(None) < 5:
            return


async def measure(args: Any, entries: list[registry.PageEntry]) -> Run:
    """The floor, the pages, and the first visits on just-started servers."""
    run = Run()
    path = chromium_path()
    launch = {"headless": True, "args": CHROMIUM_FLAGS} | ({"executable_path": path} if path else {})
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch)
        with (
            serve(LOGS / "browser-floor.log", "bench/floor_page.py") as (floor_url, _),
            serve(LOGS / "browser-server.log") as (base, server),
        ):
            await _warm_up(browser, base, server.pid, args.settings)
            # The floor's first load, and its slider before the pages and after them.
            floor, run.floor_load = await open_fresh(browser, floor_url, "floor", args.settings)
            rng = random.Random(0)
            for part in ("before", "after"):
                if part == "after":
                    await _pages(browser, base, entries, run, args)
                await time_control(
                    floor,
                    run.floor,
                    FLOOR,
                    changes=args.changes,
                    popover=None,
                    rng=rng,
                    settings=args.settings,
                )
            await floor.context.close()
        run.errors += load.server_tracebacks(LOGS / "browser-server.log")
        trade_offs = [first for first in run.loads if _spec(first.page)]
        cold = args.cold or ([max(trade_offs, key=lambda r: r.drawn_ms).page] if trade_offs else [])
        for stem in cold:
            spec, started = _spec(stem), time.perf_counter()
            log = LOGS / f"browser-cold-{stem}.log"
            with serve(log) as (base, _):
                start_s = time.perf_counter() - started
                entry = next(e for e in registry.discover() if e.script.stem == stem)
                link = f"{base}/{entry.url_path}" + (f"?{share_query(spec)}" if spec else "")
                page, first = await open_fresh(browser, link, stem, args.settings)
                first.start_s = start_s
                run.cold.append(first)
                await page.context.close()
            run.errors += load.server_tracebacks(log)
        await browser.close()
    return run


# ---- The report ----


def build_report(run: Run, args: Any) -> dict[str, Any]:
    """Every figure of the run, as written to ``browser.json``."""
    floor = Timings.of(run.floor.drawn_ms)
    floor_load = run.floor_load.drawn_ms if run.floor_load else math.nan
    loads = [asdict(r) | {"x_floor": x_floor(r.drawn_ms, floor_load)} for r in run.loads]
    return {
        "machine": {
            "python": platform.python_version(),
            "cpus": psutil.cpu_count(),
            "platform": platform.platform(),
        },
        "settings": {
            "changes": args.changes,
            "quiet_ms": args.quiet,
            "seed": args.seed,
            "viewport": VIEWPORT,
        },
        "floor": run.floor.summary(floor)
        | {"first_load": asdict(run.floor_load) if run.floor_load else None},
        "first_loads": loads,
        "controls": [result.summary(floor) for result in run.controls],
        "cold_first_visits": [asdict(r) | {"x_floor": x_floor(r.drawn_ms, floor_load)} for r in run.cold],
        "errors": run.errors,
        "targets": TARGETS,
    }


def _ok(met: bool) -> str:
    return "ok" if met else "MISSED"


def _control_row(row: dict[str, Any]) -> str:
    drawn, run, kind = row["drawn"], row["run"], row["kind"]
    target = "" if kind == "floor" else f"<= {TARGETS[kind + '_x_floor']}x floor: "
    target += "" if kind == "floor" else _ok(target_met(kind, row["p50_x_floor"]))
    control = f"{row['control']} ({row['widget']})"
    ratios = f"{row['p50_x_floor']:.1f}x {row['p95_x_floor']:.1f}x"
    return (
        f"{row['page']:<16}{kind:<11}{control:<22.22}{drawn['n']:>3}{drawn['p50']:>8.0f}{drawn['p95']:>8.0f}"
        f"{ratios:>13}{run['p50']:>9.0f}  {target}"
    )


def _load_row(row: dict[str, Any]) -> str:
    met = "" if row["page"] == "floor" else _ok(row["server_ms"] <= TARGETS["first_load_server_ms"])
    return f"{row['page']:<16}{row['drawn_ms']:>9.0f}{row['x_floor']:>9.1f}x{row['server_ms']:>10.0f}  {met}"


def print_report(report: dict[str, Any]) -> None:
    """The tables: each figure, its multiple of the floor's, and its target."""
    floor = report["floor"]
    print(
        "\nKey press (or pointer down) to the run finished and the charts drawn, ms; "
        f"{report['settings']['changes']} changes per control (the floor: before the pages and after)"
    )
    header = f"{'page':<16}{'kind':<11}{'control':<22}{'n':>3}{'p50':>8}{'p95':>8}{'x floor':>13}"
    header += f"{'run p50':>9}  target"
    print(header + "\n" + "-" * len(header))
    for row in [floor, *report["controls"]]:
        print(_control_row(row))
    print("\nFirst loads: a fresh page load in a new browser context, the page's first visit on this server")
    header = f"{'page':<16}{'drawn ms':>9}{'x floor':>10}{'server ms':>10}  target: server <= 1000 ms"
    print(header + "\n" + "-" * len(header))
    first = floor["first_load"]
    for row in ([first | {"page": "floor", "x_floor": 1.0}] if first else []) + report["first_loads"]:
        print(_load_row(row))
    for row in report["cold_first_visits"]:
        print(
            f"\nFirst visit on a just-started server (server start {row['start_s']:.1f} s), a share link to "
            f"{row['page']}: drawn {row['drawn_ms']:.0f} ms ({row['x_floor']:.1f}x the floor's first load), "
            f"server {row['server_ms']:.0f} ms; target <= 3000 ms: {_ok(row['drawn_ms'] <= 3000)}"
        )
    print(f"\nerrors: {len(report['errors'])}")
    for error in report["errors"][:10]:
        print(f"  {error}")


def main(argv: list[str] | None = None) -> int:
    """Run the browser benchmark; exit 1 on errors (never on a missed target)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="page file stems to run (default: all)")
    parser.add_argument("--changes", type=int, default=7, help="timed changes per control")
    parser.add_argument(
        "--cold", nargs="*", help="pages to open on a just-started server (default: the slowest)"
    )
    parser.add_argument(
        "--quiet", type=int, default=load.QUIET_MS, help="ms without a change that end a change"
    )
    parser.add_argument("--run-timeout", type=float, default=120.0, help="seconds a change may take")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="print every change")
    args = parser.parse_args(argv)
    args.settings = load.Settings(args.run_timeout * 1000, args.quiet, args.verbose)
    entries = [e for e in registry.discover() if not args.pages or e.script.stem in args.pages]
    run = asyncio.run(measure(args, entries))
    report = build_report(run, args)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    print_report(report)
    print(f"wrote {RESULTS.relative_to(ROOT)} (server output: bench/results/browser-*.log)")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
