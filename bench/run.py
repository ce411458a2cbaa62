"""Benchmark every registered page: first load, interaction reruns, and memory.

Run ``python -m bench.run`` (or ``./dev.sh bench``). Each page is driven through AppTest
in this process, so the times are the server's script-run times without the network:
the first load with cold caches, then interactions that each set one control to a value
it has not had before (round-robin over the page's controls). Streamlit's floor, a page
with a single slider, is measured the same way, and every page is reported as a multiple
of it. Prints a table and writes ``bench/results/bench.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui import registry  # noqa: E402
from ui.apptest import fresh_value, open_page, page_controls, widget  # noqa: E402
from ui.controls import Control  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "bench.json"
TIMEOUT = 120.0


@dataclass
class PageResult:
    """Timings for one page, in milliseconds."""

    page: str
    first_load_ms: float
    interactions: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    p50_x_floor: float = 0.0
    p95_x_floor: float = 0.0
    by_control: dict[str, float] | None = None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run(timeout=TIMEOUT)
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")
    return elapsed


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def bench_page(entry: registry.PageEntry, interactions: int, rng: random.Random) -> PageResult:
    """First load with cold caches, then ``interactions`` single-control changes."""
    _clear_caches()
    at = open_page(entry.script.stem, run=False)
    first = _timed_run(at)
    controls: tuple[Control, ...] = page_controls(at)
    if not controls:
        return PageResult(entry.script.stem, first, 0, 0.0, 0.0, 0.0)
    used: dict[str, set[Any]] = {control.key: {control.default} for control in controls}
    times: list[float] = []
    per_control: dict[str, list[float]] = {control.key: [] for control in controls}
    for step in range(interactions):
        control = controls[step % len(controls)]
        element = widget(at, control.key)
        value = fresh_value(control, element.value, used[control.key], rng)
        used[control.key].add(value)
        element.set_value(value)
        elapsed = _timed_run(at)
        times.append(elapsed)
        per_control[control.key].append(elapsed)
    return PageResult(
        page=entry.script.stem,
        first_load_ms=first,
        interactions=len(times),
        p50_ms=statistics.median(times),
        p95_ms=_percentile(times, 95),
        max_ms=max(times),
        by_control={key: statistics.median(values) for key, values in per_control.items() if values},
    )


def bench_floor(interactions: int) -> PageResult:
    """Streamlit's floor: the one-slider page."""
    at = AppTest.from_file(str(ROOT / "bench" / "floor_page.py"), default_timeout=TIMEOUT)
    first = _timed_run(at)
    times = []
    for step in range(interactions):
        at.slider(key="floor").set_value((step * 37 + 1) % 1000)
        times.append(_timed_run(at))
    return PageResult("(floor: one slider)", first, len(times), statistics.median(times),
                      _percentile(times, 95), max(times))  # fmt: skip


def _print_table(results: list[PageResult], floor: PageResult, rss_mb: float) -> None:
    header = (
        f"{'page':<24}{'first load':>12}{'n':>5}{'p50':>9}{'p95':>9}{'max':>9}"
        f"{'p50/floor':>11}{'p95/floor':>11}"
    )
    print(header)
    print("-" * len(header))
    for result in [floor, *results]:
        print(
            f"{result.page:<24}{result.first_load_ms:>10.0f}ms{result.interactions:>5}"
            f"{result.p50_ms:>7.1f}ms{result.p95_ms:>7.1f}ms{result.max_ms:>7.1f}ms"
            f"{result.p50_x_floor:>10.1f}x{result.p95_x_floor:>10.1f}x"
        )
    print(f"\npeak RSS after visiting every page: {rss_mb:.0f} MB")
    for result in results:
        if result.by_control:
            detail = ", ".join(f"{key} {ms:.0f}" for key, ms in result.by_control.items())
            print(f"  {result.page} median ms per control: {detail}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=40, help="control changes per page (>= 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", nargs="*", help="page file stems to run (default: all)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    floor = bench_floor(args.interactions)
    entries = [e for e in registry.discover() if not args.pages or e.script.stem in args.pages]
    results = [bench_page(entry, args.interactions, rng) for entry in entries]
    for result in results:
        result.p50_x_floor = result.p50_ms / floor.p50_ms if result.interactions else 0.0
        result.p95_x_floor = result.p95_ms / floor.p95_ms if result.interactions else 0.0
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    current_rss_mb = psutil.Process().memory_info().rss / 2**20
    _print_table(results, floor, peak_rss_mb)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": {
            "python": platform.python_version(),
            "cpus": psutil.cpu_count(),
            "platform": platform.platform(),
        },
        "floor": asdict(floor),
        "pages": [asdict(result) for result in results],
        "peak_rss_mb": peak_rss_mb,
        "rss_after_mb": current_rss_mb,
        "targets": {"interaction_p95_ms": 60, "first_load_ms": 1500, "rss_mb": 400},
    }
    RESULTS.write_text(json.dumps(report, indent=2))
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
