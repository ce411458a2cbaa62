"""Screenshots of every page, as people see them: each registered page at 1280x720 and 1440x900, in
normal and presentation mode, the first screen and the whole page.

    python -m bench.screens [--out bench/results/screens] [--pages threshold serving]

It starts one real ``streamlit run app.py`` and headless Chromium (``$CHROMIUM_PATH`` or the
system's), waits for each page's run to finish and its skeletons to go, and writes
``<page>-<width>x<height>-<mode>-{first,full}.png``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.links import comparison_query
from bench.serve import CHROMIUM_FLAGS, IDLE, ROOT, chromium_path, serve
from ui import registry
from ui.prewarm import declared_spec

SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1440, 900))
MODES: dict[str, str] = {"normal": "", "present": "present=true"}
SKELETON = "[data-testid=stSkeleton]"


def _settle(page: Page) -> None:
    """Wait until the script is idle and no skeleton is left, then a moment for charts to draw."""
    page.wait_for_selector("[data-testid=stMain] h1", timeout=120_000)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_function(f"!document.querySelector('{SKELETON}')", timeout=60_000)
    page.wait_for_timeout(1_000)


def _whole_page(page: Page, target: Path, width: int, height: int) -> None:
    """The whole page: Streamlit scrolls inside its main area, so the window is made as tall as that
    area's content for the picture, then set back."""
    tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(height, int(tall))})
    page.wait_for_timeout(1_500)
    page.screenshot(path=str(target))
    page.set_viewport_size({"width": width, "height": height})


def shoot(
    url: str,
    out: Path,
    stems: list[str],
    sizes: tuple[tuple[int, int], ...] = SIZES,
    *,
    whole: bool = True,
    pinned: bool = False,
) -> list[Path]:
    """Every page in ``stems`` at every size and mode (the first screen, and the whole page when
    ``whole``); the paths written."""
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        for width, height in sizes:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for stem in stems:
                for mode, query in MODES.items():
                    path = "" if stem == "home" else stem
                    extra = _comparison(stem) if pinned and stem != "home" else ""
                    page.goto(f"{url}/{path}?" + "&".join(q for q in (query, extra) if q))
                    _settle(page)
                    name = f"{stem}-{width}x{height}-{mode}" + ("-pinned" if pinned else "")
                    written.append(out / f"{name}-first.png")
                    page.screenshot(path=str(written[-1]))
                    if whole:
                        written.append(out / f"{name}-full.png")
                        _whole_page(page, written[-1], width, height)
            context.close()
        browser.close()
    return written


def _comparison(stem: str) -> str:
    spec = declared_spec(registry.PAGES_DIR / f"{stem}.py")
    return "" if spec is None else comparison_query(spec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "screens")
    parser.add_argument("--pages", nargs="*", help="page file stems (default: every registered page)")
    parser.add_argument("--small", action="store_true", help="1280x720 only")
    parser.add_argument("--first", action="store_true", help="the first screen only")
    parser.add_argument("--pinned", action="store_true", help="A pinned at the defaults, B moved")
    args = parser.parse_args()
    stems = args.pages or [entry.script.stem for entry in registry.discover()]
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.out / "server.log") as (url, _):
        sizes = SIZES[:1] if args.small else SIZES
        for path in shoot(url, args.out, stems, sizes, whole=not args.first, pinned=args.pinned):
            print(path)


if __name__ == "__main__":
    main()
