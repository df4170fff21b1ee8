"""Print the course's timing and size figures (not a test: numbers, not pass/fail).

Run with ``make benchmark``. Figures:

- cold book build: a fresh output folder, so every notebook executes;
- warm book build: the same folder again, with the execution cache;
- nbval: every notebook executed once under pytest;
- loaders: reading each processed table (first call, then from memory), and a
  full derivation from the raw file with checksum verification;
- the largest built HTML page;
- each page of the book on a first visit in headless Chromium (empty cache, local
  server, no network): bytes received and milliseconds until every chart was drawn
  (the budget the browser tests check: 4 MB, 1.5 s).
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
    run(
        str(BIN / "jupyter-book"),
        "build",
        ".",
        "-W",
        "-n",
        "--keep-going",
        "--path-output",
        str(out),
    )


def loaders() -> None:
    from balancing.data import tables

    for name in sorted(tables.TABLES):
        tables._load_processed.cache_clear()
        timed(f"load {name} (first call)", lambda name=name: tables.load(name))
        timed(f"load {name} (cached)", lambda name=name: tables.load(name))
        timed(f"derive {name} from raw (with checksum)", lambda name=name: tables.from_raw(name))


def page_weights(html: Path) -> None:
    """Print each page's weight and time to charts drawn on a first visit in Chromium."""
    from support.browser import chromium, serve, visit

    pages = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] != "_static"
    )
    print(f"{'page (first visit, empty cache)':<48} {'MB':>8} {'charts':>7} {'drawn after':>12}")
    with serve(html) as server, chromium() as browser:
        for path in pages:
            record = visit(browser, f"{server.url}/{path}", accessibility=False)
            drawn = (
                "-"
                if not record.charts
                else "never"
                if record.charts_drawn_ms is None
                else f"{record.charts_drawn_ms:.0f} ms"
            )
            print(
                f"{path:<48} {record.bytes_received / 1e6:8.2f} {record.charts:>7} {drawn:>12}",
                flush=True,
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
