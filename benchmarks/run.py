"""Print the course's timing and size figures (not a test: numbers, not pass/fail).

Run with ``make benchmark``. Figures:

- cold book build: a fresh output folder, so every notebook executes;
- warm book build: the same folder again, with the execution cache;
- nbval: every notebook executed once under pytest;
- loaders: reading each processed table (first call, then from memory), and a
  full derivation from the raw file with checksum verification;
- the largest built HTML page.
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


def main() -> None:
    loaders()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        timed("book build, cold (every notebook executes)", lambda: build_book(out))
        timed("book build, warm (execution cache)", lambda: build_book(out))
        pages = sorted((out / "_build" / "html").rglob("*.html"), key=lambda p: p.stat().st_size)
        largest = pages[-1]
        print(
            f"{'largest page':<48} {largest.stat().st_size / 1024:8.1f} KiB  "
            f"{largest.relative_to(out / '_build' / 'html')}"
        )
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
