"""Session fixtures of the browser tests: one Chromium, one visit per page, one JupyterLab.

``browser``
    Headless Chromium through Playwright, launched once per test session (per xdist
    worker) with every host but 127.0.0.1 unreachable.
``book_server``
    The built book (``built_book``, see ``tests/conftest.py``) on a local server.
``page_visit``
    A function ``page_visit("chapters/02-drones-and-defence-industry.html")`` returning
    the :class:`support.browser.PageVisit` of one first visit to that page; each page is
    visited at most once per session, however many tests read its record, in one tab
    (:class:`support.browser.FirstVisits`). Set ``BALANCING_SCREENSHOTS`` to a folder to
    keep a light and a dark screenshot of each.
``jupyterlab``
    JupyterLab on 127.0.0.1 over a session folder of notebooks
    (:class:`LiveLab`), with the course's JupyterLab settings
    (``.binder/jupyterlab-overrides.json``, as Binder, ``make`` and a hub install
    them): a test writes or copies its notebook into
    :attr:`LiveLab.folder` and opens and runs it in the browser.
``tab``
    A fresh browser tab (its own context) for one test, closed afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, Page

from support.browser import LocalServer, PageVisit, chromium, first_visits, serve, wait_until
from support.requirements import LAB_OVERRIDES

SCREENSHOTS_VARIABLE = "BALANCING_SCREENSHOTS"
LAB_TOKEN = "browser-tests"
LAB_START_SECONDS = 120


def notebook_panel(name: str) -> str:
    """Return JavaScript for the panel of notebook ``name`` in JupyterLab's main area.

    ``--LabApp.expose_app_in_browser`` gives ``window.jupyterapp``. The panel is found by
    its file, not by being the first notebook: the session's JupyterLab may have notebooks
    of earlier tests open in other tabs.
    """
    return (
        "Array.from(window.jupyterapp?.shell?.widgets('main') ?? [])"
        f".find(w => w.sessionContext && w.context?.path === {json.dumps(name)})"
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as session_browser:
        yield session_browser


@pytest.fixture(scope="session")
def book_server(built_book: Path) -> Iterator[LocalServer]:
    with serve(built_book) as server:
        yield server


@pytest.fixture(scope="session")
def page_visit(browser: Browser, book_server: LocalServer) -> Iterator[Callable[[str], PageVisit]]:
    screenshots = os.environ.get(SCREENSHOTS_VARIABLE)
    if screenshots:
        Path(screenshots).mkdir(parents=True, exist_ok=True)
    visits: dict[str, PageVisit] = {}
    with first_visits(browser, Path(screenshots) if screenshots else None) as tab:

        def page_visit(path: str) -> PageVisit:
            if path not in visits:
                visits[path] = tab.visit(f"{book_server.url}/{path}")
            return visits[path]

        yield page_visit


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    try:
        yield context.new_page()
    finally:
        context.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveLab:
    """A running JupyterLab server over a folder of notebooks."""

    url: str
    folder: Path

    def add_notebook(self, name: str, *sources: str) -> str:
        """Write a notebook of code cells into the served folder; return its file name."""
        notebook = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell(source) for source in sources],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        )
        nbformat.write(notebook, self.folder / name)
        return name

    def open_notebook(self, page: Page, name: str, timeout_ms: int = 120_000) -> None:
        """Open a notebook of the served folder in ``page`` and wait for its kernel.

        ``reset`` opens it in a fresh workspace: alone, not behind the notebooks that
        earlier tests opened in this JupyterLab.
        """
        page.goto(f"{self.url}/lab/tree/{name}?reset&token={LAB_TOKEN}")
        panel = notebook_panel(name)
        page.wait_for_function(f"!!{panel}", timeout=timeout_ms)
        page.evaluate(f"{panel}.sessionContext.ready.then(() => 1)")

    @staticmethod
    def run_all(page: Page, name: str) -> None:
        """Run every cell of notebook ``name``, open in ``page`` (outputs then appear)."""
        page.evaluate(
            f"(() => {{ window.jupyterapp.shell.activateById({notebook_panel(name)}.id);"
            " return window.jupyterapp.commands.execute('notebook:run-all-cells')"
            ".then(() => 1); })()"
        )

    def run_notebook(self, page: Page, name: str, timeout_ms: int = 120_000) -> None:
        """Open a notebook in ``page`` and run all its cells."""
        self.open_notebook(page, name, timeout_ms)
        self.run_all(page, name)


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveLab]:
    """Run JupyterLab on 127.0.0.1, as a student would, with the course installed."""
    base = tmp_path_factory.mktemp("jupyterlab")
    folder = base / "notebooks"
    folder.mkdir()
    port = free_port()
    # A live kernel: not the book build's renderer.
    env = {k: v for k, v in os.environ.items() if k != "BALANCING_ALTAIR_RENDERER"}
    # Keep JupyterLab's runtime files and workspace out of the user's home.
    app_settings = base / "app-settings"  # JupyterLab reads overrides.json here
    app_settings.mkdir()
    shutil.copy(LAB_OVERRIDES, app_settings / "overrides.json")
    env |= {
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
    }
    url = f"http://127.0.0.1:{port}"
    with (base / "jupyterlab.log").open("w") as log:
        lab = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "jupyter-lab"),
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                f"--ServerApp.root_dir={folder}",
                f"--IdentityProvider.token={LAB_TOKEN}",
                "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run the cells
                f"--LabApp.app_settings_dir={app_settings}",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def answers() -> bool:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={LAB_TOKEN}", timeout=2):
                    return True
            except OSError:
                return False

        try:
            wait_until(answers, LAB_START_SECONDS, "JupyterLab to start")
            yield LiveLab(url=url, folder=folder)
        finally:
            lab.terminate()
            lab.wait(timeout=30)
