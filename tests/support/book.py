"""Build the book for the tests: the README's warnings-as-errors build, and its log.

``built_book`` (in ``tests/conftest.py``) runs :func:`run_book_build` once per
test session. Set ``BALANCING_BOOK_PATH_OUTPUT`` to build somewhere else
(``--path-output``), e.g. to keep a parallel build out of a shared checkout's
``_build/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BUILD_SCRIPT = ROOT / "_ext" / "build_book.py"
BUILD_TIMEOUT_SECONDS = 1800
LOG_TAIL_LINES = 60  # at most this many warning lines, then a third as many of the end


def book_output_root() -> Path:
    """Return the folder that receives ``_build/`` (the repository unless overridden)."""
    override = os.environ.get("BALANCING_BOOK_PATH_OUTPUT")
    return Path(override).resolve() if override else ROOT


def run_book_build(output_root: Path, log_path: Path) -> int:
    """Run ``make book``'s build (warnings as errors), writing its output to ``log_path``."""
    command = [sys.executable, str(BUILD_SCRIPT), "--path-output", str(output_root)]
    env = {**os.environ, "BALANCING_ALTAIR_RENDERER": "book"}
    with log_path.open("w") as log:
        try:
            return subprocess.run(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=BUILD_TIMEOUT_SECONDS,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            log.write(f"\nThe build took longer than {BUILD_TIMEOUT_SECONDS} s and was stopped.\n")
            return -1


def log_tail(log_path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """Return a build log's warnings and errors (which a long log buries), then its end."""
    log = log_path.read_text(errors="replace").splitlines()
    problems = [line for line in log if "WARNING" in line or "ERROR" in line][:lines]
    return "\n".join([*problems, "...", *log[-lines // 3 :]])


