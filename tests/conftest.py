"""Shared fixtures: the book, built once per test session.

``built_book`` runs the README's build (``jupyter-book build . -W -n --keep-going``,
warnings as errors) into ``_build/``, so it shares the execution cache with
``make book``. Under ``pytest -n 2 --dist loadfile`` the workers share one build: the
first worker to take the file lock builds and writes a marker naming the test run;
the others wait on the lock, find the marker and reuse the result. Set
``BALANCING_BOOK_PATH_OUTPUT`` to build somewhere else (``--path-output``), e.g. to
keep a parallel build out of a shared checkout's ``_build/``.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BUILD_TIMEOUT_SECONDS = 1800
LOG_TAIL_LINES = 60  # at most this many warning lines, then a third as many of the end
# One id per test run, shared by the xdist workers (a plain run makes its own).
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


def book_output_root() -> Path:
    """Return the folder that receives ``_build/`` (the repository unless overridden)."""
    override = os.environ.get("BALANCING_BOOK_PATH_OUTPUT")
    return Path(override).resolve() if override else ROOT


def run_book_build(output_root: Path, log_path: Path) -> int:
    """Run the warnings-as-errors book build, writing its output to ``log_path``."""
    command = [str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going"]
    if output_root != ROOT:
        command += ["--path-output", str(output_root)]
    # The extension in _ext/ sets this too; setting it here makes the intent explicit.
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


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once per test run (warnings as errors) and return ``_build/html``."""
    if not JUPYTER_BOOK.exists():
        pytest.fail(f"{JUPYTER_BOOK} is missing: run `make book` once to create .venv.")
    build_dir = book_output_root() / "_build"
    build_dir.mkdir(parents=True, exist_ok=True)
    log_path = build_dir / "pytest-book-build.log"
    marker = build_dir / "pytest-book-build.json"
    with (build_dir / "pytest-book-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        try:
            previous = json.loads(marker.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            previous = {}
        if previous.get("run") == RUN_ID:
            returncode = previous["returncode"]
        else:
            returncode = run_book_build(book_output_root(), log_path)
            marker.write_text(json.dumps({"run": RUN_ID, "returncode": returncode}))
    if returncode != 0:
        pytest.fail(
            f"`jupyter-book build . -W -n --keep-going` failed (exit {returncode}). "
            f"Full log: {log_path}. Its warnings and last lines:\n{log_tail(log_path)}",
            pytrace=False,
        )
    return build_dir / "html"
