"""Load test: many concurrent headless-Chromium sessions against one real ``streamlit run app.py``.

Run ``python -m bench.load`` (or ``./dev.sh load``); the defaults are ``--sessions 20
--changes 30``. Every session opens every registered page in turn (Home included) and makes
``--changes`` control changes in all, spread evenly over the trade-off pages (30 over five
trade-off pages: six on each), the way a user does: slider arrow keys, number-input steps,
radio, select and multiselect options, toggles. Opening a page is a fresh page load, as when
a user follows a link.

A change is an input that changes a control's value, so it is planned from the control's
state: a slider at its end moves the other way, a disabled step button is not pressed, an
option is one not picked yet. Every control is bound to the URL, so an effective change
rewrites the query string at once; an input that leaves both the URL and the script alone
is counted as a no-op, not timed. A change's time runs, on the browser's clock, from its
input event (key or pointer down) to the arrival of the server's message that the last
script run after it has finished, once no run has followed for ``--quiet`` ms; the run
Streamlit restarts with the new value when a change lands during another run is therefore
the one timed. Runs are counted from the app's own WebSocket messages, so a run too short
for the page to show it as running is still seen. Before each change the session waits
until no run is going and every element is drawn.

It reports errors (exception and error boxes, browser page errors, tracebacks in the server
log, timeouts; the target is 0), change-to-run-done p50 and p95 overall, per page and per
kind of control, first-load times, and the server's peak resident memory (target: at most
690 MB, Community Cloud's guaranteed memory) and CPU time. Writes ``bench/results/load.json``
and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import shutil
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
from playwright.async_api import Browser, Locator, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import Timings, _percentile  # noqa: E402
from bench.serve import CHROMIUM_FLAGS, IDLE, chromium_path, serve  # noqa: E402
from ui import registry  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load.json"
SERVER_LOG = ROOT / "bench" / "results" / "load-server.log"
TARGETS = {"errors": 0, "peak_rss_mb": 690}
# A saturated 2-core machine can take minutes for a retraining run queued behind 19 others;
# only a run that takes longer than this is an error.
RUN_TIMEOUT_S = 300.0
# How long an input may take to rewrite the URL or start a run before it counts as a no-op.
# The URL changes in the browser itself, so this only waits on a busy browser, not the server.
SEEN_TIMEOUT_MS = 60_000
QUIET_MS = 300
POLL_MS = 50
# Dataset options that need a file upload first; the load test never picks them.
SKIPPED_OPTIONS = frozenset({"Your data (CSV)"})
MAIN = "[data-testid=stMain]"
_ERRORS = f"{MAIN} [data-testid=stException], {MAIN} [data-testid=stAlertContentError]"

# Installed in every page before the app loads. It reads the server's messages on the app's
# WebSocket (Streamlit's ForwardMsg protobuf: field 4 is ``new_session``, sent when a script run
# starts; field 6 is ``script_finished``, whose status 0 or 1 ends a run and 2 means stopped
# for a rerun). Counting runs from the messages themselves, rather than from the page's
# running/notRunning attribute, also sees a short run whose two states React renders as one.
# Once armed, it notes the time of the next key or pointer press and the query string before it.
_INSTRUMENT = """
(() => {
  const runs = {started: 0, running: false, endedAt: -1, armed: false, armedAt: 0, inputAt: null,
                startedAtArm: 0, searchAtArm: "", firstStartedAt: null};
  window.__runs = runs;
  const varint = (bytes, at) => {
    let value = 0, scale = 1, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
    return [value, at];
  };
  const topFields = (bytes) => {
    const fields = new Map();
    let at = 0;
    while (at < bytes.length) {
      let key, value = null, length;
      [key, at] = varint(bytes, at);
      const wire = key & 7;
      if (wire === 0) [value, at] = varint(bytes, at);
      else if (wire === 2) { [length, at] = varint(bytes, at); at += length; }
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else break;
      fields.set(Math.floor(key / 8), value);
    }
    return fields;
  };
  const onMessage = (data) => {
    if (!(data instanceof ArrayBuffer)) return;
    const fields = topFields(new Uint8Array(data));
    if (fields.has(4)) { runs.started += 1; runs.running = true; runs.firstStartedAt ??= performance.now(); }
    if (fields.has(6) && fields.get(6) !== 2) { runs.running = false; runs.endedAt = performance.now(); }
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => onMessage(event.data));
    }
  };
  const onInput = () => {
    if (!runs.armed) return;
    runs.armed = false;
    runs.inputAt = performance.now();
  };
  for (const type of ["keydown", "pointerdown", "mousedown"]) window.addEventListener(type, onInput, true);
  window.__arm = () => {
    Object.assign(runs, {armed: true, inputAt: null, armedAt: performance.now(),
                         startedAtArm: runs.started, searchAtArm: location.search});
  };
})();
"""
# The armed input took effect: the URL changed, or a script run started.
_SEEN = """() => location.search !== window.__runs.searchAtArm
  || window.__runs.started > window.__runs.startedAtArm"""
# A run ended after the input, and no run has been going for ``quiet`` ms since.
_DONE = """(quiet) => {
  const runs = window.__runs;
  return runs.endedAt > (runs.inputAt ?? runs.armedAt) && !runs.running
    && performance.now() - runs.endedAt >= quiet;
}"""
_ELAPSED = "() => window.__runs.endedAt - (window.__runs.inputAt ?? window.__runs.armedAt)"
# Placeholders the browser shows until it has loaded an element's code (on its first use).
SKELETONS = "[data-testid=stSkeleton], [data-testid=stSkeletonElement], [data-testid=stAppSkeleton]"
# No script run is going, by the server's messages and on the page, and every element is drawn.
_IDLE = (
    f"() => !window.__runs.running && document.querySelector({json.dumps(IDLE)}) !== null"
    f" && document.querySelector({json.dumps(SKELETONS)}) === null"
)

# What the page looks like when something went wrong.
_STATE = """() => {
  const app = document.querySelector("[data-testid=stApp]");
  const status = document.querySelector("[data-testid=stConnectionStatus]");
  const runs = window.__runs;
  return `at ${location.pathname}${location.search.slice(0, 80)}, page state `
    + `${app?.getAttribute("data-test-script-state")}, runs started ${runs?.started}, `
    + `running ${runs?.running}, connection: ${status ? status.innerText : "ok"}`;
}"""
FAILURES = ROOT / "bench" / "results" / "load-failures"
MAX_SCREENSHOTS = 12
_SCREENSHOTS = 0

Action = Callable[[], Awaitable[None]]


class ChangeTimeoutError(Exception):
    """A change whose script run did not end in time."""


@dataclass
class Settings:
    """How patient the sessions are."""

    run_timeout_ms: float = RUN_TIMEOUT_S * 1000
    quiet_ms: int = QUIET_MS
    verbose: bool = False


@dataclass
class Change:
    """One timed control change."""

    page: str
    kind: str
    ms: float


@dataclass
class SessionLog:
    """What one session saw."""

    changes: list[Change] = field(default_factory=list)
    first_load_ms: list[float] = field(default_factory=list)
    no_ops: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class ServerMonitor:
    """Samples the server's resident memory on a thread, and measures its CPU time and that of
    the browsers (every other process this one started)."""

    def __init__(self, pid: int, every_s: float = 0.2) -> None:
        self._process = psutil.Process(pid)
        self._every = every_s
        self._stop = threading.Event()
        self._browser_cpu: dict[int, float] = {}
        self.samples: list[tuple[float, float]] = []
        self.cpu_s = 0.0
        self.machine_busy_pct = 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            try:
                rss = self._process.memory_info().rss / 2**20
            except psutil.Error:
                return
            self.samples.append((time.monotonic() - start, rss))
            if len(self.samples) % 5 == 0:
                self._note_browser_cpu()
            self._stop.wait(self._every)

    def _note_browser_cpu(self) -> None:
        """Remember each browser process's CPU time so far (a closed tab's process goes away)."""
        for child in psutil.Process().children(recursive=True):
            if child.pid == self._process.pid:
                continue
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                self._browser_cpu[child.pid] = times.user + times.system

    def _cpu(self) -> float:
        times = self._process.cpu_times()
        return times.user + times.system

    def __enter__(self) -> ServerMonitor:
        self._cpu_start = self._cpu()
        psutil.cpu_percent(None)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.machine_busy_pct = psutil.cpu_percent(None)
        try:
            self.cpu_s = self._cpu() - self._cpu_start
        except psutil.Error:
            self.cpu_s = float("nan")

    @property
    def browser_cpu_s(self) -> float:
        """CPU seconds used by the browsers and their driver, as last seen."""
        return sum(self._browser_cpu.values())

    @property
    def peak_mb(self) -> float:
        """The highest resident memory seen, MB."""
        return max((rss for _, rss in self.samples), default=0.0)


async def _enabled(locator: Locator) -> list[Locator]:
    """The elements of ``locator`` that are not disabled."""
    items = [locator.nth(index) for index in range(await locator.count())]
    return [item for item in items if not await item.is_disabled()]


async def _change_slider(page: Page, rng: random.Random) -> Action | None:
    """One arrow key on a slider, towards a side it can still move to."""
    sliders = await _enabled(page.locator(f"{MAIN} [data-testid=stSlider] input[type=range]"))
    for slider in rng.sample(sliders, len(sliders)):
        value, low, high = await slider.evaluate("e => [Number(e.value), Number(e.min), Number(e.max)]")
        keys = [key for key, room in (("ArrowRight", value < high), ("ArrowLeft", value > low)) if room]
        if keys:
            await slider.focus()
            key = rng.choice(keys)
            return lambda: page.keyboard.press(key)
    return None


async def _step_number(page: Page, rng: random.Random) -> Action | None:
    """A click on a number input's step button that is not disabled (at a bound it is)."""
    buttons = await _enabled(
        page.locator(f"{MAIN} [data-testid=stNumberInputStepUp], {MAIN} [data-testid=stNumberInputStepDown]")
    )
    return rng.choice(buttons).click if buttons else None


async def _pick_radio(page: Page, rng: random.Random, scope: str = MAIN) -> Action | None:
    """A click on a radio option that is not the picked one (in ``scope``, a CSS selector)."""
    options = page.locator(
        f"{scope} [data-testid=stRadio] [role=radiogroup] label"
        ":not(:has(input:checked)):not(:has(input:disabled))"
    )
    count = await options.count()
    return options.nth(rng.randrange(count)).click if count else None


async def _open_options(page: Page, box: Locator) -> list[Locator]:
    """Open a selectbox's or multiselect's dropdown; its options neither picked nor skipped."""
    opener = box.locator("button[aria-haspopup=listbox]")
    opener = opener.first if await opener.count() else box.locator("input").first
    # A dropdown closes when the page scrolls, so scroll first and click once it has settled.
    await opener.scroll_into_view_if_needed()
    await page.wait_for_timeout(100)
    await opener.click()
    try:
        await page.locator("[role=option]").first.wait_for(timeout=SEEN_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        return []
    listed = page.locator("[role=option]:not([aria-selected=true])")
    texts = await listed.all_inner_texts()
    return [listed.nth(index) for index, text in enumerate(texts) if text.strip() not in SKIPPED_OPTIONS]


async def _pick_select(page: Page, rng: random.Random, scope: str = MAIN) -> Action | None:
    """An option of a selectbox that is not the picked one (never one that needs an upload)."""
    boxes = page.locator(f"{scope} [data-testid=stSelectbox]:not(:has(input:disabled))")
    count = await boxes.count()
    if not count:
        return None
    options = await _open_options(page, boxes.nth(rng.randrange(count)))
    if not options:
        await page.keyboard.press("Escape")
        return None
    return rng.choice(options).click


async def _edit_multiselect(page: Page, rng: random.Random, scope: str = MAIN) -> Action | None:
    """Add an option to a multiselect, or remove one of several picked."""
    boxes = page.locator(f"{scope} [data-testid=stMultiSelect]:not(:has(input:disabled))")
    count = await boxes.count()
    if not count:
        return None
    box = boxes.nth(rng.randrange(count))
    removers = box.locator("[data-testid=stMultiSelectTagsContainer] button[aria-label^='Remove ']")
    picked = await removers.count()
    if picked > 1 and rng.random() < 0.5:
        return removers.nth(rng.randrange(picked)).click
    options = await _open_options(page, box)
    if options:
        return rng.choice(options).click
    await page.keyboard.press("Escape")
    return removers.nth(rng.randrange(picked)).click if picked > 1 else None


async def _flip_toggle(page: Page, rng: random.Random, scope: str = MAIN) -> Action | None:
    """A click on a toggle."""
    toggles = page.locator(f"{scope} [data-testid=stCheckbox] label:not(:has(input:disabled))")
    count = await toggles.count()
    return toggles.nth(rng.randrange(count)).click if count else None


# Sliders are the most common control, so they are drawn twice as often.
CHANGES: tuple[tuple[str, Callable[[Page, random.Random], Awaitable[Action | None]]], ...] = (
    ("slider", _change_slider),
    ("slider", _change_slider),
    ("number", _step_number),
    ("radio", _pick_radio),
    ("select", _pick_select),
    ("multiselect", _edit_multiselect),
    ("toggle", _flip_toggle),
)


async def _error_texts(page: Page) -> list[str]:
    """The text of every exception and error box on the page."""
    return [text[:200] for text in await page.locator(_ERRORS).all_inner_texts()]


async def _open(page: Page, url: str, log: SessionLog, settings: Settings) -> None:
    """Load ``url`` and wait for its first script run to be done."""
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector(f"{MAIN} h1", timeout=settings.run_timeout_ms)
    await page.wait_for_timeout(100)
    await page.wait_for_function(_IDLE, timeout=settings.run_timeout_ms, polling=POLL_MS)
    log.first_load_ms.append((time.perf_counter() - start) * 1000)


async def _describe(page: Page, label: str) -> str:
    """The page's state in a few words, with a screenshot (the first few only) for a closer look."""
    global _SCREENSHOTS  # noqa: PLW0603
    try:
        state = await page.evaluate(_STATE)
        if _SCREENSHOTS < MAX_SCREENSHOTS:
            _SCREENSHOTS += 1
            FAILURES.mkdir(parents=True, exist_ok=True)
            shot = FAILURES / f"{_SCREENSHOTS:02d}-{re.sub(r'[^a-z0-9]+', '-', label.lower())[:60]}.png"
            await page.screenshot(path=shot, full_page=True)
            state += f"; see {shot.relative_to(ROOT)}"
    except Exception as problem:  # the page may be gone
        return f"(page state unknown: {type(problem).__name__})"
    return state


async def _timed(page: Page, act: Action, what: str, settings: Settings) -> float | None:
    """Do ``act``; the ms from its input event to the end of the runs it caused (None: no-op)."""
    await page.evaluate("window.__arm()")
    await act()
    try:
        await page.wait_for_function(_SEEN, timeout=SEEN_TIMEOUT_MS, polling=POLL_MS)
    except PlaywrightTimeoutError:
        return None
    try:
        await page.wait_for_function(
            _DONE, arg=settings.quiet_ms, timeout=settings.run_timeout_ms, polling=POLL_MS
        )
    except PlaywrightTimeoutError:
        state = await _describe(page, what)
        message = f"{what}: no script run ended within {settings.run_timeout_ms / 1000:.0f} s ({state})"
        raise ChangeTimeoutError(message) from None
    return float(await page.evaluate(_ELAPSED))


async def _one_change(page: Page, path: str, rng: random.Random, log: SessionLog, settings: Settings) -> None:
    """Make one change of a randomly chosen kind the page offers, and time it."""
    await page.wait_for_function(_IDLE, timeout=settings.run_timeout_ms, polling=POLL_MS)
    for kind, prepare in rng.sample(CHANGES, len(CHANGES)):
        act = await prepare(page, rng)
        if act is None:
            continue
        ms = await _timed(page, act, f"{path} {kind} change", settings)
        if kind == "multiselect":
            await page.keyboard.press("Escape")  # close the dropdown if it stayed open
        if ms is None:
            state = await _describe(page, f"{path} {kind} no-op")
            log.no_ops.append(f"{path}: {kind} left the URL and the script alone ({state})")
        else:
            log.changes.append(Change(path, kind, ms))
        if settings.verbose:
            print(f"  {path} {kind}: {'no-op' if ms is None else f'{ms:.0f} ms'}", flush=True)
        return
    log.no_ops.append(f"{path}: no control can change ({await _describe(page, f'{path} no control')})")


async def _visit(
    page: Page, url: str, *, changes: int, rng: random.Random, log: SessionLog, settings: Settings
) -> None:
    """Open one page, make its changes, and record every error box seen (once per text)."""
    seen: set[str] = set()

    async def check() -> None:
        for text in await _error_texts(page):
            if text not in seen:
                seen.add(text)
                log.errors.append(f"{path or 'home'}: {text}")

    path = url.rsplit("/", 1)[-1]
    await _open(page, url, log, settings)
    await check()
    for _ in range(changes):
        await _one_change(page, path, rng, log, settings)
        await check()


async def run_session(
    browser: Browser, base: str, plan: list[tuple[str, int]], seed: int, settings: Settings
) -> SessionLog:
    """One user: open each page of ``plan`` and make its number of control changes.

    A timeout or a crash is an error of the page it happened on; the session goes on with the
    next page.
    """
    log = SessionLog()
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(settings.run_timeout_ms)
    await context.add_init_script(_INSTRUMENT)
    page = await context.new_page()
    current = ["home"]
    page.on("pageerror", lambda problem: log.errors.append(f"{current[0]}: browser: {problem}"))
    try:
        for path, changes in plan:
            current[0] = path or "home"
            try:
                await _visit(page, f"{base}/{path}", changes=changes, rng=rng, log=log, settings=settings)
            except ChangeTimeoutError as problem:
                log.errors.append(f"{current[0]}: {problem}")
            except Exception as problem:
                first_line = str(problem).strip().splitlines()[0][:200] if str(problem).strip() else ""
                state = await _describe(page, f"{current[0]} {type(problem).__name__}")
                log.errors.append(f"{current[0]}: {type(problem).__name__}: {first_line} ({state})")
    finally:
        await context.close()
    return log


def make_plan(changes: int, stems: list[str] | None = None) -> list[tuple[str, int]]:
    """Every registered page in order (or those in ``stems``), with ``changes`` spread over the
    pages that have controls (Home has none)."""
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


async def _drive(
    base: str, plan: list[tuple[str, int]], *, sessions: int, stagger_s: float, settings: Settings, seed: int
) -> list[SessionLog]:
    async with async_playwright() as playwright:
        path = chromium_path()
        launch = {"headless": True, "args": CHROMIUM_FLAGS} | ({"executable_path": path} if path else {})
        browser = await playwright.chromium.launch(**launch)

        async def later(index: int) -> SessionLog:
            await asyncio.sleep(index * stagger_s)
            return await run_session(browser, base, plan, seed=seed + index, settings=settings)

        logs = await asyncio.gather(*(later(index) for index in range(sessions)))
        await browser.close()
        return list(logs)


def server_tracebacks(log_file: Path) -> list[str]:
    """The last line (the exception) of every traceback in the server's log."""
    lines = log_file.read_text(errors="replace").splitlines() if log_file.exists() else []
    found = []
    for index, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            rest = lines[index + 1 :]
            body = next((i for i, text in enumerate(rest) if not text.startswith((" ", "\t"))), len(rest))
            found.append(f"server: {rest[body] if body < len(rest) else 'traceback'}"[:200])
    return found


def _by(changes: list[Change], key: Callable[[Change], str]) -> dict[str, Timings]:
    groups: dict[str, list[float]] = defaultdict(list)
    for change in changes:
        groups[key(change)].append(change.ms)
    return {name: Timings.of(values) for name, values in sorted(groups.items())}


def _timings_line(name: str, timings: Timings) -> str:
    return (
        f"  {name:<16} n {timings.n:>4}  p50 {timings.p50:8.0f} ms  p95 {timings.p95:8.0f} ms"
        f"  max {timings.max:8.0f} ms"
    )


def build_report(
    args: argparse.Namespace,
    plan: list[tuple[str, int]],
    logs: list[SessionLog],
    *,
    monitor: ServerMonitor,
    seconds: float,
    server_errors: list[str],
) -> dict[str, object]:
    """Every figure of the run, as written to ``load.json``."""
    changes = [change for log in logs for change in log.changes]
    times = [change.ms for change in changes]
    loads = [ms for log in logs for ms in log.first_load_ms]
    errors = [error for log in logs for error in log.errors] + server_errors
    return {
        "sessions": args.sessions,
        "changes_per_session": args.changes,
        "plan": plan,
        "seconds": seconds,
        "cores": psutil.cpu_count(),
        "changes": len(changes),
        "no_op_changes": sum(len(log.no_ops) for log in logs),
        "no_op_samples": [no_op for log in logs for no_op in log.no_ops][:20],
        "change_p50_ms": statistics.median(times) if times else 0.0,
        "change_p95_ms": _percentile(times, 95) if times else 0.0,
        "change_max_ms": max(times, default=0.0),
        "change_by_page": {name: asdict(t) for name, t in _by(changes, lambda c: c.page or "home").items()},
        "change_by_kind": {name: asdict(t) for name, t in _by(changes, lambda c: c.kind).items()},
        "first_load_p50_ms": statistics.median(loads) if loads else 0.0,
        "first_load_p95_ms": _percentile(loads, 95) if loads else 0.0,
        "errors": len(errors),
        "error_samples": errors[:20],
        "peak_rss_mb": monitor.peak_mb,
        "server_cpu_s": monitor.cpu_s,
        "server_cpu_share_of_one_core": monitor.cpu_s / seconds if seconds else 0.0,
        "browser_cpu_s": monitor.browser_cpu_s,
        "machine_busy_pct": monitor.machine_busy_pct,
        "rss_samples_mb": monitor.samples[:: max(1, len(monitor.samples) // 200)],
        "targets": TARGETS,
        "settings": {"run_timeout_s": args.run_timeout, "quiet_ms": args.quiet, "stagger_s": args.stagger},
        "sessions_detail": [
            {"changes": len(log.changes), "no_ops": log.no_ops, "errors": log.errors} for log in logs
        ],
        "changes_ms": [asdict(change) for change in changes],
    }


def print_report(report: dict[str, object]) -> None:
    """The report's headline figures."""
    r = report
    print(
        f"{r['sessions']} sessions x {r['changes_per_session']} changes: {r['changes']} timed, "
        f"{r['no_op_changes']} no-ops, in {r['seconds']:.0f} s\n"
        f"change -> run done: p50 {r['change_p50_ms']:.0f} ms, p95 {r['change_p95_ms']:.0f} ms, "
        f"max {r['change_max_ms']:.0f} ms"
    )
    for title, key in (("by page", "change_by_page"), ("by control", "change_by_kind")):
        print(f" {title}:")
        for name, timings in r[key].items():  # type: ignore[attr-defined]
            print(_timings_line(name, Timings(**timings)))
    print(
        f"first load: p50 {r['first_load_p50_ms']:.0f} ms, p95 {r['first_load_p95_ms']:.0f} ms\n"
        f"errors: {r['errors']} (target 0)\n"
        f"server peak RSS: {r['peak_rss_mb']:.0f} MB (target <= {TARGETS['peak_rss_mb']} MB)\n"
        f"server CPU: {r['server_cpu_s']:.0f} s ({100 * r['server_cpu_share_of_one_core']:.0f}% of one core "
        f"on average); browsers: {r['browser_cpu_s']:.0f} s; "
        f"the machine was {r['machine_busy_pct']:.0f}% busy over {r['cores']} cores"
    )
    for error in r["error_samples"][:10]:  # type: ignore[index]
        print(f"  error: {error}")


def main(argv: list[str] | None = None) -> int:
    """Run the load test; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions")
    parser.add_argument("--changes", type=int, default=30, help="control changes per session, over all pages")
    parser.add_argument("--stagger", type=float, default=0.5, help="seconds between session starts")
    parser.add_argument("--pages", nargs="*", help="page file stems to visit (default: all)")
    parser.add_argument("--run-timeout", type=float, default=RUN_TIMEOUT_S, help="seconds a run may take")
    parser.add_argument("--quiet", type=int, default=QUIET_MS, help="ms of idle app that end a change")
    parser.add_argument("--seed", type=int, default=0, help="session i draws its changes with seed+i")
    parser.add_argument("--verbose", action="store_true", help="print every change")
    args = parser.parse_args(argv)
    settings = Settings(args.run_timeout * 1000, args.quiet, args.verbose)
    plan = make_plan(args.changes, args.pages)
    shutil.rmtree(FAILURES, ignore_errors=True)
    start = time.perf_counter()
    with serve(SERVER_LOG) as (base, process), ServerMonitor(process.pid) as monitor:
        logs = asyncio.run(
            _drive(
                base, plan, sessions=args.sessions, stagger_s=args.stagger, settings=settings, seed=args.seed
            )
        )
    seconds = time.perf_counter() - start
    report = build_report(
        args, plan, logs, monitor=monitor, seconds=seconds, server_errors=server_tracebacks(SERVER_LOG)
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    print_report(report)
    print(f"wrote {RESULTS.relative_to(ROOT)} (server output: {SERVER_LOG.relative_to(ROOT)})")
    return 0 if not report["errors"] and monitor.peak_mb <= TARGETS["peak_rss_mb"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
