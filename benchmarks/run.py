"""Print the course's timing and size figures (not a test: numbers, not pass/fail).

Run with ``make benchmark``. Figures:

- cold book build: a fresh output folder, so every notebook executes;
- warm book build: the same folder again, with the execution cache;
- nbval: every notebook executed once under pytest;
- loaders: reading each processed table (first call, then from memory), and a
  full derivation from the raw file with checksum verification;
- the largest built HTML page;
- each page of the book on a first visit in headless Chromium (empty cache, local
  server, no network): bytes received (budget 4 MB, which the browser tests check) and
  milliseconds from navigation until every chart was drawn (budget 1.5 s, measured
  here only: a time depends on the machine and its load, so no test asserts it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests"))


def timed(label: str, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label:<48} {seconds:8.2f} s", flush=True)
    return seconds


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def build_book(out: Path) -> None:
    """Build the book as ``make book`` does (notebooks executed in parallel), into ``out``."""
    run(str(BIN / "python"), str(ROOT / "_ext" / "build_book.py"), "--path-output", str(out))


def loaders() -> None:
    from balancing.data import tables

    for name in sorted(tables.TABLES):
        tables._load_processed.cache_clear()
        timed(f"load {name} (first call)", lambda name=name: tables.load(name))
        timed(f"load {name} (cached)", lambda name=name: tables.load(name))
        timed(f"derive {name} from raw (with checksum)", lambda name=name: tables.from_raw(name))


#: Budgets of a first visit (issue 13): bytes (checked by the browser tests too) and
#: milliseconds from navigation until every chart is drawn (measured here only).
MAX_PAGE_MB = 4.0
MAX_CHARTS_DRAWN_MS = 1_500


def page_weights(html: Path) -> None:
    """Print each page's weight and time to charts drawn on a first visit in Chromium.

    Figures over budget are marked with ``!``; the last line gives the slowest chart page.
    """
    from support.browser import chromium, first_visits, serve

    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] != "_static"
    )
    print(f"{'page (first visit, empty cache)':<48} {'MB':>8} {'charts':>7} {'drawn after':>12}")
    slowest: tuple[float, str] = (0.0, "")
    with serve(html) as server, chromium() as browser, first_visits(browser) as tab:
        for path in pages:
            record = tab.visit(f"{server.url}/{path}", accessibility=False)
            megabytes = record.bytes_received / 1e6
            drawn = "-"
            if record.charts and record.charts_drawn_ms is None:
                drawn = "never !"
            elif record.charts:
                over = "!" if record.charts_drawn_ms > MAX_CHARTS_DRAWN_MS else " "
                drawn = f"{record.charts_drawn_ms:.0f} ms {over}"
                slowest = max(slowest, (record.charts_drawn_ms, path))
            weight = f"{megabytes:8.2f}{'!' if megabytes > MAX_PAGE_MB else ' '}"
            print(f"{path:<48} {weight} {record.charts:>6} {drawn:>12}", flush=True)
    print(
        f"{'slowest chart page (budget ' + str(MAX_CHARTS_DRAWN_MS) + ' ms)':<48} "
        f"{slowest[0]:8.0f} ms  {slowest[1]}"
    )


def main() -> None:
    loaders()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        timed("book build, cold (every notebook executes)", lambda: build_book(out))
        timed("book build, warm (execution cache)", lambda: build_book(out))
        html = out / "_build" / "html"
        pages = sorted(html.rglob("*.html"), key=lambda p: p.stat().st_size)
        largest = pages[-1]
        size = largest.stat().st_size / 1024
        print(f"{'largest page':<48} {size:8.1f} KiB  {largest.relative_to(html)}")
        page_weights(html)
    notebooks = [
        str(p) for d in ("chapters", "exercises", "back") for p in (ROOT / d).glob("*.ipynb")
    ]
    timed(
        f"nbval over {len(notebooks)} notebooks (1 process)",
        lambda: run(
            str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *notebooks
        ),
    )


if __name__ == "__main__":
    main()
