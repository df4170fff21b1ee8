"""Shared fixtures and the layer markers.

Tests live in one folder per layer, and each test gets its layer's marker from
its folder, so ``pytest -m unit`` (or ``data``, ``exercises``, ``book``) runs one
layer:

``tests/unit/``
    The package's functions on small, hand-checked inputs (fast).
``tests/data/``
    The data files: checksums, loaders, schemas, rebuild, bibliography, timeline.
``tests/exercises/``
    The exercise sets through otter-grader.
``tests/book/``
    The built book and live JupyterLab, in headless Chromium (``browser`` marker).

``built_book`` builds the book once per test run with the README's command
(``make book``: ``_ext/build_book.py``, i.e. ``jupyter-book build . -W -n --keep-going``
with parallel notebook execution) into ``_build/``, so it shares the
execution cache with ``make book``. Under ``pytest -n 2`` the workers share one
build: the first worker to take the file lock builds and writes a marker naming
the test run; the others wait on the lock, find the marker and reuse the result.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from pathlib import Path

import pytest

from support.book import JUPYTER_BOOK, book_output_root, log_tail, run_book_build

LAYERS = ("unit", "data", "exercises", "book")
# One id per test run, shared by the xdist workers (a plain run makes its own).
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its layer (the folder under ``tests/``); notebooks are ``notebooks``."""
    tests = Path(__file__).parent
    for item in items:
        path = Path(item.path)
        if path.suffix == ".ipynb":
            item.add_marker("notebooks")
        elif tests in path.parents:
            layer = path.relative_to(tests).parts[0]
            if layer in LAYERS:
                item.add_marker(layer)


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
            f"The book build (`make book`, warnings as errors) failed (exit {returncode}). "
            f"Full log: {log_path}. Its warnings and last lines:\n{log_tail(log_path)}",
            pytrace=False,
        )
    return build_dir / "html"
