"""Time every fit and the view of each page at its defaults (uncached): where a rerun's time goes.

``python -m bench.profile_fits [--pages STEM ...] [--set key=value ...]``
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.properties_support import defaults, page_spec  # noqa: E402
from ui import registry  # noqa: E402
from ui.topic import params_of  # noqa: E402


def profile(stem: str, overrides: dict[str, object]) -> None:
    """Print each fit's time and the view's time for ``stem`` at its defaults plus ``overrides``."""
    spec = page_spec(stem)
    topic = spec.topic
    params = params_of(topic.Params, {**defaults(stem), **overrides})
    total = 0.0
    fitted = {}
    for key, fit in topic.fits(params).items():
        start = time.perf_counter()
        fitted[key] = fit.run()
        ms = (time.perf_counter() - start) * 1000
        total += ms
        print(f"  {stem:<16} fit {key:<28} {ms:8.1f} ms  trains={fit.trains}")
    start = time.perf_counter()
    topic.view(params, fitted)
    ms = (time.perf_counter() - start) * 1000
    print(f"  {stem:<16} view{'':<29} {ms:8.1f} ms   (fits {total:.0f} ms)")


def main() -> None:
    """Parse arguments and profile."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", nargs="*")
    parser.add_argument("--set", nargs="*", default=[])
    args = parser.parse_args()
    overrides = {k: ast.literal_eval(v) for k, v in (item.split("=", 1) for item in args.set)}
    for entry in registry.discover():
        if entry.section == "Start" or (args.pages and entry.script.stem not in args.pages):
            continue
        profile(entry.script.stem, overrides)


if __name__ == "__main__":
    main()
