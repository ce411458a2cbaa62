"""Load test: many concurrent headless-Chromium sessions against one real ``streamlit run app.py``.

Run ``python -m bench.load [--sessions 20] [--changes 30]`` (or ``./dev.sh load``). Each
session opens every registered page and, across the trade-off pages, makes ``--changes``
control changes the way a user does (slider keys, number-input steps, radio and select
options, toggles). It reports errors (exceptions, error boxes, browser errors, timeouts;
the target is 0), the end-to-end time from a control change to the script run it causes
being done (p50, p95), first-load times, and the server's peak resident memory (target:
at most 690 MB, Community Cloud's guaranteed memory). Writes ``bench/results/load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import _percentile  # noqa: E402
from bench.serve import CHROMIUM_FLAGS, IDLE, chromium_path, serve  # noqa: E402
from ui import registry  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load.json"
TARGETS = {"errors": 0, "peak_rss_mb": 690}
RUN_TIMEOUT_MS = 120_000
SETTLE_MS = 1_500
VERBOSE = False  # how long a change may take to start a run before it counts as a no-op

# Counts the script runs that finish (stApp's state going running -> notRunning), so a change
# can be timed to the end of the run it caused, however short.
_RUN_COUNTER = """
(() => {
  window.__finishedRuns = 0;
  let running = false;
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.target.getAttribute("data-testid") !== "stApp") continue;
      const state = record.target.getAttribute("data-test-script-state");
      if (state === "running") running = true;
      if (state === "notRunning" && running) { running = false; window.__finishedRuns += 1; }
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-test-script-state"]});
})();
"""
_ERRORS = "[data-testid=stException], [data-testid=stAlertContentError]"


@dataclass
class SessionLog:
    """What one session saw."""

    change_ms: list[float] = field(default_factory=list)
    first_load_ms: list[float] = field(default_factory=list)
    no_ops: int = 0
    errors: list[str] = field(default_factory=list)


class PeakMemory:
    """Samples a process's resident memory on a thread; ``peak_mb`` is the highest sample."""

    def __init__(self, pid: int, every_s: float = 0.2) -> None:
        self._process = psutil.Process(pid)
        self._every = every_s
        self._stop = threading.Event()
        self.samples: list[tuple[float, float]] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            try:
                rss = self._process.memory_info().rss / 2**20
            except psutil.Error:
                return
            self.samples.append((time.monotonic() - start, rss))
            self._stop.wait(self._every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        """The highest resident memory seen, MB."""
        return max((rss for _, rss in self.samples), default=0.0)


async def _finished_runs(page: Page) -> int:
    return int(await page.evaluate("window.__finishedRuns"))


async def _wait_for_run_after(page: Page, runs_before: int) -> bool:
    """Wait until a run that started after ``runs_before`` finishes; False if none started."""
    try:
        await page.wait_for_function(f"window.__finishedRuns > {runs_before}", timeout=SETTLE_MS)
    except PlaywrightTimeoutError:
        running = await page.locator("[data-testid=stApp][data-test-script-state=running]").count()
        if not running:
            return False
        await page.wait_for_function(f"window.__finishedRuns > {runs_before}", timeout=RUN_TIMEOUT_MS)
    return True


async def _change_slider(page: Page, rng: random.Random) -> bool:
    sliders = page.locator("[data-testid=stMain] [data-testid=stSlider] input[type=range]")
    count = await sliders.count()
    if not count:
        return False
    slider = sliders.nth(rng.randrange(count))
    await slider.focus()
    await page.keyboard.press(rng.choice(["ArrowRight", "ArrowLeft"]))
    return True


async def _step_number(page: Page, rng: random.Random) -> bool:
    buttons = page.locator(
        "[data-testid=stMain] [data-testid=stNumberInputStepUp], "
        "[data-testid=stMain] [data-testid=stNumberInputStepDown]"
    )
    count = await buttons.count()
    if not count:
        return False
    button = buttons.nth(rng.randrange(count))
    if await button.is_disabled():
        return False
    await button.click()
    return True


async def _pick_radio(page: Page, rng: random.Random) -> bool:
    options = page.locator(
        "[data-testid=stMain] [data-testid=stRadio] [role=radiogroup] label:not(:has(input:checked))"
    )
    count = await options.count()
    if not count:
        return False
    await options.nth(rng.randrange(count)).click()
    return True


async def _pick_select(page: Page, rng: random.Random) -> bool:
    boxes = page.locator("[data-testid=stMain] [data-testid=stSelectbox]")
    count = await boxes.count()
    if not count:
        return False
    await boxes.nth(rng.randrange(count)).click()
    options = page.locator("[role=option]:not([aria-selected=true])")
    if not await options.count():
        await page.keyboard.press("Escape")
        return False
    await options.nth(rng.randrange(await options.count())).click()
    return True


async def _flip_toggle(page: Page, rng: random.Random) -> bool:
    toggles = page.locator("[data-testid=stMain] [data-testid=stCheckbox] label")
    count = await toggles.count()
    if not count:
        return False
    await toggles.nth(rng.randrange(count)).click()
    return True


CHANGES = (_change_slider, _change_slider, _step_number, _pick_radio, _pick_select, _flip_toggle)


async def _error_text(page: Page) -> str | None:
    boxes = page.locator(_ERRORS)
    if await boxes.count():
        return (await boxes.first.inner_text())[:200]
    return None


async def _open(page: Page, url: str, log: SessionLog) -> None:
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector("[data-testid=stMain] h1", timeout=RUN_TIMEOUT_MS)
    await page.wait_for_timeout(100)
    await page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)
    log.first_load_ms.append((time.perf_counter() - start) * 1000)


async def _one_change(page: Page, rng: random.Random, log: SessionLog) -> None:
    for change in rng.sample(CHANGES, len(CHANGES)):
        runs_before = await _finished_runs(page)
        start = time.perf_counter()
        if not await change(page, rng):
            continue
        if await _wait_for_run_after(page, runs_before):
            log.change_ms.append((time.perf_counter() - start) * 1000)
        else:
            log.no_ops += 1
        if VERBOSE:
            print(f"  {change.__name__}: {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
        return
    log.no_ops += 1


async def run_session(browser: Browser, base: str, plan: list[tuple[str, int]], seed: int) -> SessionLog:
    """One user: open each page of ``plan`` and make its number of control changes."""
    log = SessionLog()
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(RUN_TIMEOUT_MS)
    await context.add_init_script(_RUN_COUNTER)
    page = await context.new_page()
    page.on("pageerror", lambda problem: log.errors.append(f"browser: {problem}"))
    try:
        for path, changes in plan:
            await _open(page, f"{base}/{path}", log)
            for _ in range(changes):
                await _one_change(page, rng, log)
                problem = await _error_text(page)
                if problem:
                    log.errors.append(f"{path}: {problem}")
    except Exception as problem:  # a timeout or a crash is an error of this session, not of the run
        log.errors.append(f"{type(problem).__name__}: {str(problem)[:200]}")
    finally:
        await context.close()
    return log


def make_plan(changes: int, stems: list[str] | None = None) -> list[tuple[str, int]]:
    """Every registered page in order (or those in ``stems``), with ``changes`` spread over the
    pages that have controls."""
    entries = [entry for entry in registry.discover() if not stems or entry.script.stem in stems]
    trade_offs = [entry for entry in entries if entry.script.stem != "home"]
    share, extra = divmod(changes, max(1, len(trade_offs)))
    plan = []
    for entry in entries:
        if entry.script.stem == "home":
            plan.append((entry.url_path, 0))
            continue
        index = trade_offs.index(entry)
        plan.append((entry.url_path, share + (1 if index < extra else 0)))
    return plan


async def _drive(base: str, sessions: int, plan: list[tuple[str, int]], stagger_s: float) -> list[SessionLog]:
    async with async_playwright() as playwright:
        path = chromium_path()
        launch = {"headless": True, "args": CHROMIUM_FLAGS} | ({"executable_path": path} if path else {})
        browser = await playwright.chromium.launch(**launch)

        async def later(index: int) -> SessionLog:
            await asyncio.sleep(index * stagger_s)
            return await run_session(browser, base, plan, seed=index)

        logs = await asyncio.gather(*(later(index) for index in range(sessions)))
        await browser.close()
        return list(logs)


def main(argv: list[str] | None = None) -> int:
    """Run the load test; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--changes", type=int, default=30, help="control changes per session")
    parser.add_argument("--stagger", type=float, default=0.5, help="seconds between session starts")
    parser.add_argument("--pages", nargs="*", help="page file stems to visit (default: all)")
    parser.add_argument("--verbose", action="store_true", help="print every change")
    args = parser.parse_args(argv)
    global VERBOSE  # noqa: PLW0603
    VERBOSE = args.verbose
    plan = make_plan(args.changes, args.pages)
    start = time.perf_counter()
    log_file = ROOT / "bench" / "results" / "load-server.log"
    with serve(log_file) as (base, process), PeakMemory(process.pid) as memory:
        logs = asyncio.run(_drive(base, args.sessions, plan, args.stagger))
    seconds = time.perf_counter() - start
    changes = [ms for log in logs for ms in log.change_ms]
    loads = [ms for log in logs for ms in log.first_load_ms]
    errors = [error for log in logs for error in log.errors]
    report = {
        "sessions": args.sessions,
        "plan": plan,
        "seconds": seconds,
        "changes": len(changes),
        "no_op_changes": sum(log.no_ops for log in logs),
        "change_p50_ms": statistics.median(changes) if changes else 0.0,
        "change_p95_ms": _percentile(changes, 95),
        "first_load_p50_ms": statistics.median(loads) if loads else 0.0,
        "first_load_p95_ms": _percentile(loads, 95),
        "errors": len(errors),
        "error_samples": errors[:20],
        "peak_rss_mb": memory.peak_mb,
        "rss_samples_mb": memory.samples[:: max(1, len(memory.samples) // 200)],
        "targets": TARGETS,
        "sessions_detail": [asdict(log) | {"change_ms": None} for log in logs],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    print(
        f"{args.sessions} sessions, {len(changes)} timed changes ({report['no_op_changes']} no-ops) in "
        f"{seconds:.0f} s\n"
        f"change -> run done: p50 {report['change_p50_ms']:.0f} ms, p95 {report['change_p95_ms']:.0f} ms\n"
        f"first load: p50 {report['first_load_p50_ms']:.0f} ms, p95 {report['first_load_p95_ms']:.0f} ms\n"
        f"errors: {len(errors)} (target 0)\n"
        f"server peak RSS: {memory.peak_mb:.0f} MB (target <= {TARGETS['peak_rss_mb']} MB)"
    )
    for error in errors[:10]:
        print(f"  error: {error}")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0 if not errors and memory.peak_mb <= TARGETS["peak_rss_mb"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
