"""Colab: a notebook opened alone installs the course package and runs.

Colab is imitated by a fresh environment with Colab's versions of the libraries
the course uses (``colab-packages.txt``, from Colab's published package list), no
course package, and a stub ``google.colab`` module that the kernel imports at
start, as Colab's kernel does. A chapter notebook is copied out of the repository
and executed there with its set-up cell pointed at a locally built wheel, served
over HTTP as the published site serves it (``BALANCING_WHEEL``): every cell must
run, and no Colab library may change version. With the wheel unreachable, the
set-up cell must stop with a clear message rather than a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest

from balancing import colab
from balancing.launch import SETUP_TAG, WHEEL_VARIABLE, sync_setup_cells, toc_notebooks

from support.requirements import RUNTIME, normalise, pins
from support.venvs import ROOT, make_venv

COLAB_PACKAGES = Path(__file__).with_name("colab-packages.txt")
NOTEBOOK = ROOT / "chapters" / "04-russian-connection.ipynb"
RUN_TIMEOUT_SECONDS = 900
#: Executes a notebook with nbclient in the environment under test and saves what it did.
RUNNER = """
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, target = sys.argv[1:]
notebook = nbformat.read(source, as_version=4)
folder = {"metadata": {"path": str(Path(source).parent)}}
client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources=folder)
try:
    client.execute()
except CellExecutionError:
    pass  # the saved outputs show which cell failed and how
nbformat.write(notebook, target)
"""


@dataclass(frozen=True)
class Colab:
    """An imitation of a Colab runtime (see the module's docstring)."""

    python: Path
    env: dict[str, str]
    folder: Path

    def packages(self) -> dict[str, str]:
        done = subprocess.run(
            [self.python, "-m", "pip", "list", "--format=json"],
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
        )
        return {normalise(p["name"]): p["version"] for p in json.loads(done.stdout)}

    def run(self, notebook: Path, wheel: str) -> nbformat.NotebookNode:
        copy = self.folder / notebook.name
        copy.write_bytes(notebook.read_bytes())
        executed = self.folder / f"executed-{notebook.name}"
        subprocess.run(
            [self.python, "-c", RUNNER, copy, executed],
            env={**self.env, WHEEL_VARIABLE: wheel},
            cwd=self.folder,
            capture_output=True,
            timeout=RUN_TIMEOUT_SECONDS,
            check=True,
        )
        return nbformat.read(executed, as_version=4)


@pytest.fixture(scope="module")
def fake_colab(tmp_path_factory: pytest.TempPathFactory) -> Colab:
    root = tmp_path_factory.mktemp("colab")
    python = make_venv(root / "venv", ["-r", COLAB_PACKAGES])
    (site_packages,) = (root / "venv").glob("lib/python*/site-packages")
    stub = site_packages / "google" / "colab" / "__init__.py"
    stub.parent.mkdir(parents=True)
    stub.write_text('"""Stand-in for Colab\'s module: only its presence matters."""\n')
    startup = root / "ipython" / "profile_default" / "startup" / "00-colab.py"
    startup.parent.mkdir(parents=True)
    startup.write_text("import google.colab  # Colab's kernel has it loaded\n")
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONPATH", "BALANCING_ALTAIR_RENDERER", "VIRTUAL_ENV"}
    }
    env.update(
        IPYTHONDIR=str(root / "ipython"),
        JUPYTER_DATA_DIR=str(root / "jupyter-data"),
        PIP_RETRIES="0",  # an unreachable wheel fails at once
    )
    folder = root / "content"  # Colab's working folder, outside the repository
    folder.mkdir()
    return Colab(python, env, folder)


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def errors(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def test_every_notebook_starts_with_the_current_setup_cell() -> None:
    stale = sync_setup_cells(ROOT, check=True)
    assert not stale, f"run `make setup-cells`: out of date in {[p.name for p in stale]}"
    for path in toc_notebooks(ROOT):
        first = code_cells(nbformat.read(path, as_version=4))[0]
        assert SETUP_TAG in first.metadata.get("tags", []), path.name


def test_colab_installs_what_it_lacks_at_the_runtime_pins() -> None:
    runtime = pins(RUNTIME)
    on_colab = pins(COLAB_PACKAGES)
    for requirement in colab.COLAB_LACKS:
        name, version = requirement.split("==")
        assert runtime[normalise(name)] == version, f"{requirement} differs from {RUNTIME}"
        assert normalise(name) not in on_colab


@pytest.fixture(scope="module")
def published_wheel(course_wheel: Path) -> Iterator[str]:
    """Serve the wheel over HTTP from 127.0.0.1, as the published site serves it."""
    handler = partial(QuietHandler, directory=str(course_wheel.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{course_wheel.name}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_chapter_runs_on_colab_from_the_wheel(fake_colab: Colab, published_wheel: str) -> None:
    before = fake_colab.packages()
    assert "balancing" not in before
    notebook = fake_colab.run(NOTEBOOK, published_wheel)
    cells = code_cells(notebook)
    failed = {index: errors(cell) for index, cell in enumerate(cells) if errors(cell)}
    assert not failed, f"cells that failed on Colab: {failed}"
    assert all(cell.execution_count for cell in cells), "not every cell ran"
    after = fake_colab.packages()
    changed = {name: (v, after.get(name)) for name, v in before.items() if after.get(name) != v}
    assert not changed, f"the set-up cell changed Colab's own packages: {changed}"
    assert {"balancing", "pandera", "myst-nb"} <= set(after)


def test_without_network_the_setup_cell_says_what_to_do(fake_colab: Colab) -> None:
    unreachable = "http://127.0.0.1:9/balancing-0.1.0-py3-none-any.whl"
    notebook = fake_colab.run(NOTEBOOK, unreachable)
    setup, *rest = code_cells(notebook)
    (error,) = errors(setup)
    assert error.ename == "SystemExit"
    assert "Could not install the course package" in error.evalue
    assert "reach the internet" in error.evalue
    assert not any("Traceback" in line or 'File "' in line for line in error.traceback)
    assert not any(cell.execution_count for cell in rest), "the notebook went on after set-up"
