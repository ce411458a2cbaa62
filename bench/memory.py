"""Memory under many sessions: cycle distinct parameter combinations through every page.

Run ``python -m bench.memory [--combinations 200]``. Each combination is a new session (a
fresh AppTest of ``app.py``) per registered page, with every control set to a random valid
value, so every page trains and caches something new. The process's resident memory is
sampled after each combination. Every cache is bounded, so the curve must level off: the
report compares the growth over the last half with the growth over the first. Prints the
curve and writes ``bench/results/memory.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import TIMEOUT, _as_on_a_warm_server  # noqa: E402
from ui import registry  # noqa: E402
from ui.apptest import fresh_value, open_page, page_controls, widget  # noqa: E402
from ui.shell import import_package_modules  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "memory.json"
SAMPLES_SHOWN = 20


def rss_mb() -> float:
    """This process's resident memory, MB."""
    return psutil.Process().memory_info().rss / 2**20


def visit_with_random_settings(stem: str, rng: random.Random) -> int:
    """Open ``stem`` in a new session, set every control to a random valid value, run; count problems."""
    at = open_page(stem)
    for control in page_controls(at):
        widget(at, control.key).set_value(fresh_value(control, control.default, set(), rng))
    at.run(timeout=TIMEOUT)
    return len(at.exception) + len(at.error)


def main(argv: list[str] | None = None) -> int:
    """Cycle the combinations and report the RSS curve; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--combinations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", nargs="*", help="page file stems to cycle (default: every trade-off page)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    _as_on_a_warm_server()
    import_package_modules("explorers")
    stems = [entry.script.stem for entry in registry.discover() if entry.script.stem != "home"]
    stems = [stem for stem in stems if not args.pages or stem in args.pages]
    curve: list[tuple[int, float]] = [(0, rss_mb())]
    problems = 0
    start = time.perf_counter()
    for combination in range(1, args.combinations + 1):
        for stem in stems:
            problems += visit_with_random_settings(stem, rng)
        gc.collect()
        curve.append((combination, rss_mb()))
        if combination % max(1, args.combinations // SAMPLES_SHOWN) == 0:
            print(f"{combination:>5} combinations  RSS {curve[-1][1]:7.1f} MB", flush=True)
    half = len(curve) // 2
    first_growth = curve[half][1] - curve[0][1]
    last_growth = curve[-1][1] - curve[half][1]
    report = {
        "pages": stems,
        "combinations": args.combinations,
        "seconds": time.perf_counter() - start,
        "problems": problems,
        "rss_mb": curve,
        "peak_rss_mb": max(mb for _, mb in curve),
        "growth_first_half_mb": first_growth,
        "growth_second_half_mb": last_growth,
    }
    print(
        f"pages {', '.join(stems)}; {problems} exceptions or error boxes; "
        f"peak RSS {report['peak_rss_mb']:.0f} MB; "
        f"growth first half {first_growth:+.0f} MB, second half {last_growth:+.0f} MB"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2))
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
