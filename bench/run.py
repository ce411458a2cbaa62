"""Benchmark every registered page: first load, interaction reruns, and memory.

Run ``python -m bench.run`` (or ``./dev.sh bench``). Each page is driven through AppTest
in this process: the first load with cold caches; then, at defaults, interactions that each put
every control back at its default (an untimed run of the page's reset button) and move one
control to a random value it has not had (``--at-defaults N``, round-robin over the controls);
then a walk over the full control ranges, interactions that each set one control to a value it
has not had before (round-robin over the page's controls). Times
are those of the server's script runs themselves (``ScriptRunner._run_script``), without
AppTest's own polling and tree parsing. First loads are with cold caches and the modules
already imported, as after the app's warm-up (the one-off cold import is reported apart).
Streamlit's floor, a page with a single slider,
is measured the same way, and every page is reported as a multiple of it. Interactions
are also split by kind: controls that only change how a result is read, and controls
that retrain a model. Prints a table and writes ``bench/results/bench.json``.
``--upload FILE`` runs the pages that take "Your data (CSV)" on that file instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import datasets  # noqa: E402
from bench.links import pinned_defaults  # noqa: E402
from tests.apptest import fresh_value, open_page, page_groups, widget  # noqa: E402
from ui import registry, upload  # noqa: E402
from ui.controls import Control  # noqa: E402
from ui.prewarm import declared_spec  # noqa: E402
from ui.shell import PREWARM_ENV, import_package_modules  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "bench.json"
TIMEOUT = 120.0
TARGETS = {
    "interaction_p95_ms": 60,
    "first_load_ms": 1500,
    "rss_mb": 400,
    "defaults_any_p95_ms": 300,  # any control, one moved from the defaults
    "defaults_reading_p95_ms": 50,
}


@dataclass
class Timings:
    """Summary of a list of times, in milliseconds."""

    n: int = 0
    p50: float = 0.0
    p95: float = 0.0
    max: float = 0.0

    @classmethod
    def of(cls, values: list[float]) -> Timings:
        """Summarise ``values`` (empty gives zeros)."""
        if not values:
            return cls()
        return cls(len(values), statistics.median(values), _percentile(values, 95), max(values))


@dataclass
class PageResult:
    """One page's figures."""

    page: str
    first_load_ms: float
    all: Timings = field(default_factory=Timings)
    all_cpu: Timings = field(default_factory=Timings)
    reading: Timings = field(default_factory=Timings)
    retraining: Timings = field(default_factory=Timings)
    # One control moved at a time from the defaults, at the sizes and settings the page opens with.
    defaults_reading: Timings = field(default_factory=Timings)
    defaults_retraining: Timings = field(default_factory=Timings)
    p50_x_floor: float = 0.0
    p95_x_floor: float = 0.0
    median_ms_by_control: dict[str, float] = field(default_factory=dict)
    error_boxes: list[str] = field(default_factory=list)  # st.error shown on a run (the target is none)


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


_SCRIPT_RUN_MS: list[float] = []
_SCRIPT_CPU_MS: list[float] = []


def _record_script_runs() -> None:
    """Time every script run the server does (a rerun the script requests counts too):
    wall-clock time, and the CPU time of the script's thread, which a noisy neighbour on
    a shared machine does not inflate."""
    original = ScriptRunner._run_script

    def timed(self: ScriptRunner, rerun_data: Any) -> None:
        start, start_cpu = time.perf_counter(), time.thread_time()
        try:
            original(self, rerun_data)
        finally:
            _SCRIPT_RUN_MS.append((time.perf_counter() - start) * 1000)
            _SCRIPT_CPU_MS.append((time.thread_time() - start_cpu) * 1000)

    ScriptRunner._run_script = timed  # type: ignore[method-assign]


def _as_on_a_warm_server() -> None:
    """Skip Streamlit's legacy first-run path, which AppTest re-enters on every run.

    On a real server it happens once per process (see ui/shell.py); timing it on every
    AppTest run would add a partial extra run to each interaction.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]


def _timed_run(at: AppTest) -> tuple[float, float]:
    """Server time of one ``at.run()``: wall and CPU ms of the script runs it caused."""
    _SCRIPT_RUN_MS.clear()
    _SCRIPT_CPU_MS.clear()
    at.run(timeout=TIMEOUT)
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")
    return sum(_SCRIPT_RUN_MS), sum(_SCRIPT_CPU_MS)


def import_seconds(package: str = "explorers") -> float:
    """Seconds a fresh Python process takes to import every module of ``package`` (cold)."""
    code = (
        "import time; from ui.shell import import_package_modules; start = time.perf_counter(); "
        f"import_package_modules({package!r}); print(time.perf_counter() - start)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def _open_with_upload(stem: str, csv: bytes) -> tuple[AppTest, float] | None:
    """The page on "Your data (CSV)" with ``csv`` uploaded and the time of the run after the
    upload; None for a page without the option."""
    at = open_page(stem, {"dataset": datasets.UPLOAD_LABEL})
    if not any(upload.offers_upload(c) for group in page_groups(at) for c in group.controls):
        return None
    at.file_uploader(key=upload.UPLOADER_KEY).set_value(("bench.csv", csv, "text/csv"))
    return at, _timed_run(at)[0]


Plan = list[tuple[bool, Control]]  # (retrains, control), in the page's order


def _reset(at: AppTest) -> None:
    """Put every control back at its default with the page's own reset button (untimed)."""
    next(button for button in at.button if "Reset" in button.label).click()
    _timed_run(at)


def bench_defaults(at: AppTest, plan: Plan, interactions: int, rng: random.Random) -> dict[bool, list[float]]:
    """``interactions`` times: every control back at its default, then one control (round-robin)
    moved to a random value it has not had; the times of those moves, by whether the control retrains."""
    used: dict[str, set[Any]] = {control.key: {control.default} for _, control in plan}
    times: dict[bool, list[float]] = {False: [], True: []}
    for step in range(interactions):
        retrains, control = plan[step % len(plan)]
        _reset(at)
        element = widget(at, control.key)
        if element.disabled:  # it does not apply at the defaults
            continue
        value = fresh_value(control, control.default, used[control.key], rng)
        used[control.key].add(value)
        element.set_value(value)
        times[retrains].append(_timed_run(at)[0])
    return times


def bench_page(
    entry: registry.PageEntry,
    interactions: int,
    rng: random.Random,
    *,
    at_defaults: int = 0,
    verbose: bool = False,
    csv: bytes | None = None,
    pinned: bool = False,
) -> PageResult | None:
    """First load with cold caches, then ``at_defaults`` single-control moves from the defaults,
    then ``interactions`` single-control changes over the full ranges. With ``csv``, on that file
    uploaded as "Your data (CSV)" (the first load is then the run after the upload), or None for
    a page without that option. With ``pinned``, every control's default is pinned as A first, so
    each run also builds and compares A's view."""
    _clear_caches()
    if csv is None:
        spec = declared_spec(entry.script) if pinned else None
        at = open_page(entry.script.stem, pinned_defaults(spec) if spec else None, run=False)
        result = PageResult(entry.script.stem, _timed_run(at)[0])
    else:
        opened = _open_with_upload(entry.script.stem, csv)
        if opened is None:
            return None
        at, first_ms = opened
        result = PageResult(f"{entry.script.stem} (CSV)", first_ms)
    plan: Plan = [
        (group.retrains, control)
        for group in page_groups(at)
        for control in group.controls
        if csv is None or not upload.offers_upload(control)
    ]
    if not plan:
        return result
    if at_defaults and csv is None:
        moved = bench_defaults(at, plan, at_defaults, rng)
        result.defaults_reading = Timings.of(moved[False])
        result.defaults_retraining = Timings.of(moved[True])
        _reset(at)
    used: dict[str, set[Any]] = {control.key: {control.default} for _, control in plan}
    times: dict[bool, list[float]] = {False: [], True: []}
    cpu: list[float] = []
    by_control: dict[str, list[float]] = {control.key: [] for _, control in plan}
    for step in range(interactions):
        retrains, control = plan[step % len(plan)]
        element = widget(at, control.key)
        if element.disabled:  # greyed out: it does not apply to the other controls' values
            continue
        value = fresh_value(control, element.value, used[control.key], rng)
        used[control.key].add(value)
        element.set_value(value)
        elapsed, cpu_ms = _timed_run(at)
        result.error_boxes += [f"{control.key}={value!r}: {box.value[:80]}" for box in at.error]
        times[retrains].append(elapsed)
        cpu.append(cpu_ms)
        by_control[control.key].append(elapsed)
        if verbose:
            print(f"  {entry.script.stem} {control.key}={value!r}: {elapsed:.1f} ms")
    result.all = Timings.of(times[False] + times[True])
    result.all_cpu = Timings.of(cpu)
    result.reading = Timings.of(times[False])
    result.retraining = Timings.of(times[True])
    result.median_ms_by_control = {key: statistics.median(v) for key, v in by_control.items() if v}
    return result


def bench_floor(interactions: int) -> PageResult:
    """Streamlit's floor: the one-slider page."""
    at = AppTest.from_file(str(ROOT / "bench" / "floor_page.py"), default_timeout=TIMEOUT)
    result = PageResult("(floor: one slider)", _timed_run(at)[0])
    times, cpu = [], []
    for step in range(interactions):
        at.slider(key="floor").set_value((step * 37 + 1) % 1000)
        elapsed, cpu_ms = _timed_run(at)
        times.append(elapsed)
        cpu.append(cpu_ms)
    result.all = result.reading = Timings.of(times)
    result.all_cpu = Timings.of(cpu)
    return result


def _pair(timings: Timings) -> str:
    """p50/p95 in ms, or blank when nothing was timed."""
    return f"{timings.p50:.0f}/{timings.p95:.0f} ms" if timings.n else ""


def _print_table(results: list[PageResult], floor: PageResult, rss_mb: float) -> None:
    header = (
        f"{'page':<22}{'first load':>11}{'n':>5}{'p50':>8}{'p95':>8}{'max':>8}"
        f"{'read p95':>10}{'retrain p95':>13}{'CPU p95':>9}{'p50/floor':>11}{'p95/floor':>11}"
        f"{'defaults: read p50/p95':>24}{'retrain p50/p95':>18}"
    )
    print(header)
    print("-" * len(header))
    for r in [floor, *results]:
        print(
            f"{r.page:<22}{r.first_load_ms:>9.0f}ms{r.all.n:>5}{r.all.p50:>6.1f}ms{r.all.p95:>6.1f}ms"
            f"{r.all.max:>6.1f}ms{r.reading.p95:>8.1f}ms{r.retraining.p95:>11.1f}ms{r.all_cpu.p95:>7.1f}ms"
            f"{r.p50_x_floor:>10.1f}x{r.p95_x_floor:>10.1f}x"
            f"{_pair(r.defaults_reading):>24}{_pair(r.defaults_retraining):>18}"
        )
    print(f"\npeak RSS after visiting every page: {rss_mb:.0f} MB")
    for r in results:
        for problem in r.error_boxes:
            print(f"  ERROR BOX on {r.page} after {problem}")
    for r in results:
        if r.median_ms_by_control:
            detail = ", ".join(f"{key} {ms:.0f}" for key, ms in r.median_ms_by_control.items())
            print(f"  {r.page}: median ms per control: {detail}")
    print(f"targets: {TARGETS}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=90, help="control changes per page (>= 20)")
    parser.add_argument(
        "--at-defaults",
        type=int,
        help="moves of one control from the defaults per page (default: --interactions; 0: none)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", nargs="*", help="page file stems to run (default: all)")
    parser.add_argument("--verbose", action="store_true", help="print every interaction's time")
    parser.add_argument(
        "--upload", type=Path, help="a CSV to upload as 'Your data (CSV)' on the pages that accept one"
    )
    parser.add_argument("--pinned", action="store_true", help="pin each page's defaults as A first")
    args = parser.parse_args(argv)
    os.environ[PREWARM_ENV] = "0"  # first loads are timed with cold caches, as after a restart
    rng = random.Random(args.seed)
    _record_script_runs()
    _as_on_a_warm_server()
    cold_import_s = import_seconds()
    floor = bench_floor(args.interactions)
    import_package_modules("explorers")  # as the app's warm-up does after the first visit
    entries = [e for e in registry.discover() if not args.pages or e.script.stem in args.pages]
    csv = args.upload.read_bytes() if args.upload else None
    at_defaults = args.interactions if args.at_defaults is None else args.at_defaults
    runs = [
        bench_page(
            entry,
            args.interactions,
            rng,
            at_defaults=at_defaults,
            verbose=args.verbose,
            csv=csv,
            pinned=args.pinned,
        )
        for entry in entries
    ]
    results = [run for run in runs if run is not None]
    for r in results:
        if r.all.n:
            r.p50_x_floor = r.all.p50 / floor.all.p50
            r.p95_x_floor = r.all.p95 / floor.all.p95
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _print_table(results, floor, peak_rss_mb)
    print(f"cold-process import of every explorer module (once per server start): {cold_import_s:.2f} s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": {
            "python": platform.python_version(),
            "cpus": psutil.cpu_count(),
            "platform": platform.platform(),
        },
        "floor": asdict(floor),
        "pages": [asdict(r) for r in results],
        "peak_rss_mb": peak_rss_mb,
        "cold_import_seconds": cold_import_s,
        "rss_after_mb": psutil.Process().memory_info().rss / 2**20,
        "targets": TARGETS,
    }
    RESULTS.write_text(json.dumps(report, indent=2))
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
