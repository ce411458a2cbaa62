"""Memory under many sessions: cycle distinct parameter combinations through every page.

Run ``python -m bench.memory`` (or ``./dev.sh memory``); ``--combinations 200`` is the
default. A combination is one new session (a fresh AppTest of ``app.py``) on every trade-off
page, each with every control set to a random valid value not drawn before for that page, so
each page trains and caches something new. The process's resident memory (RSS) is sampled
after each combination, after a garbage collection.

Every cache is bounded, so the curve must level off. The verdict, judged from
``MIN_COMBINATIONS`` combinations on (the model caches hold 32 entries per function, so they
are full by half of such a run):

- the least-squares slope of RSS over the second half is at most ``SLOPE_LIMIT`` MB per 100
  combinations, and
- the growth over the last quarter (the least-squares line's rise across it) is at most
  ``QUARTER_RATIO`` of the first quarter's, or at most ``QUARTER_FLOOR_MB``.

Prints the curve every 10 combinations and the verdict, writes ``bench/results/memory.json``
and a chart of the curve (``memory.png`` with plotly and kaleido, else ``memory.svg``), and
exits 1 when the curve does not level off or a page showed an exception or error box.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plot import write_line_chart  # noqa: E402
from bench.run import TIMEOUT, _as_on_a_warm_server  # noqa: E402
from tests.apptest import fresh_value, open_page, page_controls, widget  # noqa: E402
from ui import registry  # noqa: E402
from ui.controls import Choice, Control  # noqa: E402
from ui.shell import import_package_modules  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "memory.json"
CHART = ROOT / "bench" / "results" / "memory"
PRINT_EVERY = 10
MIN_COMBINATIONS = 64
SLOPE_LIMIT = 10.0  # MB per 100 combinations, over the second half
QUARTER_RATIO = 0.25
QUARTER_FLOOR_MB = 5.0
# Choice values that need a file upload first; never drawn.
SKIPPED_VALUES = frozenset({"upload"})

Curve = list[tuple[int, float]]


def rss_mb() -> float:
    """This process's resident memory, MB."""
    return psutil.Process().memory_info().rss / 2**20


def random_setting(controls: Sequence[Control], rng: random.Random, seen: set[tuple[Any, ...]]) -> list[Any]:
    """A random valid value for every control, as a combination not in ``seen`` (which it joins)."""
    values: list[Any] = []
    for _ in range(100):
        values = [_random_value(control, rng) for control in controls]
        if tuple(values) not in seen:
            break
    seen.add(tuple(values))
    return values


def _random_value(control: Control, rng: random.Random) -> Any:
    for _ in range(50):
        value = fresh_value(control, control.default, set(), rng)
        if not (isinstance(control, Choice) and value in SKIPPED_VALUES):
            return value
    return control.default


def visit_with_random_settings(stem: str, rng: random.Random, seen: set[tuple[Any, ...]]) -> int:
    """Open ``stem`` in a new session, set every control to a new random combination, run; count
    exceptions and error boxes."""
    at = open_page(stem)
    controls = page_controls(at)
    for control, value in zip(controls, random_setting(controls, rng, seen), strict=True):
        element = widget(at, control.key)
        if not element.disabled:  # greyed out: it does not apply to the other controls' values
            element.set_value(value)
    at.run(timeout=TIMEOUT)
    return len(at.exception) + len(at.error)


def slope(points: Curve) -> float:
    """Least-squares slope of y on x (0 for fewer than two distinct x)."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0


def _window(curve: Curve, start: float, end: float) -> Curve:
    """The curve's points with ``start <= combination <= end``."""
    return [(x, y) for x, y in curve if start <= x <= end]


def levelling(curve: Curve) -> dict[str, Any]:
    """The figures of the verdict, and the verdict: ``levels_off`` True, False, or None when the
    run is too short to judge."""
    last = curve[-1][0]
    quarter = last / 4
    first_quarter = slope(_window(curve, 0, quarter)) * quarter
    last_quarter = slope(_window(curve, last - quarter, last)) * quarter
    second_half = slope(_window(curve, last / 2, last)) * 100
    quarter_ok = last_quarter <= max(QUARTER_RATIO * first_quarter, QUARTER_FLOOR_MB)
    judged = last >= MIN_COMBINATIONS
    return {
        "growth_first_quarter_mb": first_quarter,
        "growth_last_quarter_mb": last_quarter,
        "slope_second_half_mb_per_100": second_half,
        "slope_ok": second_half <= SLOPE_LIMIT,
        "quarter_ok": quarter_ok,
        "levels_off": (second_half <= SLOPE_LIMIT and quarter_ok) if judged else None,
        "thresholds": {
            "min_combinations": MIN_COMBINATIONS,
            "slope_limit_mb_per_100": SLOPE_LIMIT,
            "quarter_ratio": QUARTER_RATIO,
            "quarter_floor_mb": QUARTER_FLOOR_MB,
        },
    }


def verdict_text(figures: dict[str, Any]) -> str:
    """The verdict in words, with the figures it rests on."""
    detail = (
        f"slope over the second half {figures['slope_second_half_mb_per_100']:+.1f} MB per 100 combinations "
        f"(limit {SLOPE_LIMIT:.0f}); growth over the first quarter "
        f"{figures['growth_first_quarter_mb']:+.1f} MB, "
        f"over the last {figures['growth_last_quarter_mb']:+.1f} MB "
        f"(limit: {QUARTER_RATIO:.0%} of the first, or {QUARTER_FLOOR_MB:.0f} MB)"
    )
    if figures["levels_off"] is None:
        return f"verdict: not judged, fewer than {MIN_COMBINATIONS} combinations; {detail}"
    return f"verdict: {'levels off' if figures['levels_off'] else 'DOES NOT level off'}; {detail}"


def main(argv: list[str] | None = None) -> int:
    """Cycle the combinations and report the RSS curve; exit 1 if it does not level off."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--combinations", type=int, default=200, help="new settings of every page")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random settings")
    parser.add_argument("--pages", nargs="*", help="page file stems to cycle (default: every trade-off page)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    # AppTest sessions log Streamlit's harmless "missing ScriptRunContext" warning once each.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    _as_on_a_warm_server()
    import_package_modules("explorers")
    stems = [entry.script.stem for entry in registry.discover() if entry.script.stem != "home"]
    stems = [stem for stem in stems if not args.pages or stem in args.pages]
    seen: dict[str, set[tuple[Any, ...]]] = {stem: set() for stem in stems}
    gc.collect()
    curve: Curve = [(0, rss_mb())]
    problems = 0
    start = time.perf_counter()
    print(f"pages: {', '.join(stems)}\ncombinations  RSS (MB)  elapsed (s)")
    print(f"{0:>12}  {curve[0][1]:8.1f}  {0:11.0f}")
    for combination in range(1, args.combinations + 1):
        for stem in stems:
            problems += visit_with_random_settings(stem, rng, seen[stem])
        gc.collect()
        curve.append((combination, rss_mb()))
        if combination % PRINT_EVERY == 0 or combination == args.combinations:
            elapsed = time.perf_counter() - start
            print(f"{combination:>12}  {curve[-1][1]:8.1f}  {elapsed:11.0f}", flush=True)
    figures = levelling(curve)
    report = {
        "pages": stems,
        "combinations": args.combinations,
        "seconds": time.perf_counter() - start,
        "problems": problems,
        "rss_mb": curve,
        "start_rss_mb": curve[0][1],
        "peak_rss_mb": max(mb for _, mb in curve),
        "end_rss_mb": curve[-1][1],
        **figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    fit = _fitted_second_half(curve)
    chart = write_line_chart(
        CHART,
        {"RSS": curve, "least-squares line, second half": fit},
        title=f"Resident memory over {args.combinations} combinations x {len(stems)} pages",
        x_label="combinations",
        y_label="RSS (MB)",
        dashed=("least-squares line, second half",),
    )
    print(
        f"{problems} exceptions or error boxes; RSS {report['start_rss_mb']:.0f} MB at the start, "
        f"peak {report['peak_rss_mb']:.0f} MB, {report['end_rss_mb']:.0f} MB at the end"
    )
    print(verdict_text(figures))
    print(f"wrote {RESULTS.relative_to(ROOT)} and {chart.relative_to(ROOT)}")
    return 1 if problems or figures["levels_off"] is False else 0


def _fitted_second_half(curve: Curve) -> Curve:
    """The least-squares line over the second half, at its two ends."""
    half = _window(curve, curve[-1][0] / 2, curve[-1][0])
    rate = slope(half)
    mean_x = sum(x for x, _ in half) / len(half)
    mean_y = sum(y for _, y in half) / len(half)
    return [(x, mean_y + rate * (x - mean_x)) for x in (half[0][0], half[-1][0])]


if __name__ == "__main__":
    raise SystemExit(main())
