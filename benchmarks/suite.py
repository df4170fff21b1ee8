"""Print how long the README's test command takes (not a test: a figure, not pass/fail).

Runs ``make test`` itself, with the book built from cold into a scratch folder
(``BALANCING_BOOK_PATH_OUTPUT``), so the figure is that of a clean checkout with a
warm ``.venv``, as CI sees it. Takes several minutes.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "BALANCING_BOOK_PATH_OUTPUT": folder}
        start = time.perf_counter()
        done = subprocess.run(["make", "test"], cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    results = [line for line in done.stdout.splitlines() if " in " in line and "passed" in line]
    summary = results[-1].strip("= ") if results else f"exit {done.returncode}"
    label = "make test (cold book build, warm .venv)"
    print(f"{label:<48} {seconds:8.2f} s  {summary}", flush=True)


if __name__ == "__main__":
    main()
