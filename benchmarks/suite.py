"""Print how long the README's test command takes (not a test: a figure, not pass/fail).

Runs exactly what ``make test`` runs after its set-up (``ruff check``, then pytest on
both cores), with the book built from cold into a scratch folder
(``BALANCING_BOOK_PATH_OUTPUT``), so the figure is that of a clean checkout with a
warm ``.venv``, as CI sees it. Takes several minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PYTEST = [str(BIN / "python"), "-m", "pytest", "-n", "2", "--dist", "loadfile", "-q"]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "BALANCING_BOOK_PATH_OUTPUT": folder}
        start = time.perf_counter()
        subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, check=True)
        done = subprocess.run(PYTEST, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
    label = "make test (cold book build, warm .venv, 2 workers)"
    print(f"{label:<48} {seconds:8.2f} s  {summary}", flush=True)


if __name__ == "__main__":
    main()
