"""Colab: a notebook opened alone installs the course package and runs.

Colab is imitated by a fresh environment with Colab's versions of the libraries
the course uses (``colab-packages.txt``, from Colab's published package list), no
course package, and a kernel that, as Colab's does, is a class of ``google.colab``
(a stub) with a shell of that module: so the set-up cell finds ``google.colab``
loaded, and otter-grader knows it runs on Colab. A notebook is executed there as
Colab opens it, with its file outside the runtime's working folder, and its set-up
cell pointed at a locally built wheel, served over HTTP as the published site serves
it (``BALANCING_WHEEL``). A chapter must run in full, and so must a student notebook
of an exercise set (the committed copy the book's buttons serve, with its answers
filled in), whose public checks must pass; no Colab library may change version.
With the wheel unreachable, the set-up cell must stop with a clear message rather
than a traceback.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

from balancing import colab
from balancing.grading import masters
from balancing.launch import SETUP_TAG, WHEEL_VARIABLE, sync_setup_cells, toc_notebooks

from support import submissions
from support.requirements import RUNTIME, normalise, pins
from support.venvs import ROOT, learner_environ, make_venv

COLAB_PACKAGES = Path(__file__).with_name("colab-packages.txt")
NOTEBOOK = ROOT / "chapters" / "04-russian-connection.ipynb"
#: The smallest exercise set: its student notebook is run on Colab with its answers filled in.
EXERCISE = "the-balancing-act"
RUN_TIMEOUT_SECONDS = 900
#: Executes a notebook with nbclient in the environment under test and saves what it did.
RUNNER = """
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, target, working_folder = sys.argv[1:]
notebook = nbformat.read(source, as_version=4)
folder = {"metadata": {"path": working_folder}}
client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources=folder)
try:
    client.execute()
except CellExecutionError:
    pass  # the saved outputs show which cell failed and how
nbformat.write(notebook, target)
"""


#: Colab's kernel and shell are classes of ``google.colab``; otter-grader recognises Colab by
#: the shell's class (``str(get_ipython())``), the set-up cell by ``google.colab`` being loaded.
COLAB_STUB = {
    "__init__.py": '"""Stand-in for Colab\'s module: its kernel and shell classes only."""\n',
    "_shell.py": (
        "from ipykernel.zmqshell import ZMQInteractiveShell\n\n\n"
        "class Shell(ZMQInteractiveShell):\n    pass\n"
    ),
    "_kernel.py": (
        "from ipykernel.ipkernel import IPythonKernel\nfrom traitlets import Type\n\n"
        "from google.colab._shell import Shell\n\n\n"
        "class Kernel(IPythonKernel):\n    shell_class = Type(Shell)\n"
    ),
}


@dataclass(frozen=True)
class Colab:
    """An imitation of a Colab runtime (see the module's docstring)."""

    python: Path
    env: dict[str, str]
    folder: Path  # the runtime's working folder (Colab's /content)
    opened: Path  # where notebooks are put to be run: not the working folder
    initial: dict[str, str]  # the runtime's packages before any notebook ran

    def packages(self) -> dict[str, str]:
        done = subprocess.run(
            [self.python, "-m", "pip", "list", "--format=json"],
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
        )
        return {normalise(p["name"]): p["version"] for p in json.loads(done.stdout)}

    def changed_packages(self) -> dict[str, tuple[str, str | None]]:
        """Packages of the runtime whose version is no longer what it was, or that are gone."""
        now = self.packages()
        return {name: (v, now.get(name)) for name, v in self.initial.items() if now.get(name) != v}

    def run(
        self, notebook: Path | nbformat.NotebookNode, wheel: str, name: str = ""
    ) -> nbformat.NotebookNode:
        """Run a notebook (a file, or one to be named ``name``) as Colab opens it."""
        copy = self.opened / (name or notebook.name)
        if isinstance(notebook, Path):
            copy.write_bytes(notebook.read_bytes())
        else:
            nbformat.write(notebook, copy)
        executed = self.opened / f"executed-{copy.name}"
        subprocess.run(
            [self.python, "-c", RUNNER, copy, executed, self.folder],
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
    stub = site_packages / "google" / "colab"
    stub.mkdir(parents=True)
    for name, source in COLAB_STUB.items():
        (stub / name).write_text(source)
    profile = root / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.py").write_text(
        'c.IPKernelApp.kernel_class = "google.colab._kernel.Kernel"\n'
    )
    env = learner_environ(
        IPYTHONDIR=str(root / "ipython"),
        JUPYTER_DATA_DIR=str(root / "jupyter-data"),
        PIP_RETRIES="0",  # an unreachable wheel fails at once
    )
    folder = root / "content"  # Colab's working folder, outside the repository
    folder.mkdir()
    opened = root / "opened"  # Colab holds an opened notebook in the browser, not in /content
    opened.mkdir()
    runtime = Colab(python, env, folder, opened, {})
    return Colab(python, env, folder, opened, runtime.packages())


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
    for requirement in [*colab.COLAB_LACKS, colab.GRADER]:
        name, version = requirement.split("==")
        assert runtime[normalise(name)] == version, f"{requirement} differs from {RUNTIME}"
        assert normalise(name) not in on_colab


def test_what_otter_grader_lacks_on_colab_is_what_it_declares() -> None:
    # otter-grader goes in without its dependencies: what it lacks is installed first, and
    # must be among its own requirements (as this environment's otter-grader declares them).
    declared = {
        normalise(Requirement(line).name): Requirement(line).specifier
        for line in metadata.requires("otter-grader") or []
        if "extra ==" not in line
    }
    on_colab = pins(COLAB_PACKAGES)
    for requirement in colab.GRADER_LACKS:
        name, version = requirement.split("==")
        assert normalise(name) in declared, f"otter-grader does not ask for {name}"
        assert version in declared[normalise(name)], f"{requirement} is not what otter asks for"
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
    assert "balancing" not in fake_colab.initial
    notebook = fake_colab.run(NOTEBOOK, published_wheel)
    cells = code_cells(notebook)
    failed = {index: errors(cell) for index, cell in enumerate(cells) if errors(cell)}
    assert not failed, f"cells that failed on Colab: {failed}"
    assert all(cell.execution_count for cell in cells), "not every cell ran"
    changed = fake_colab.changed_packages()
    assert not changed, f"the set-up cell changed Colab's own packages: {changed}"
    assert {"balancing", "pandera", "myst-nb"} <= set(fake_colab.packages())


def output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def test_a_student_notebook_runs_and_checks_answers_on_colab(
    fake_colab: Colab, published_wheel: str
) -> None:
    # The copy the exercise page's buttons serve, answered with the master's solutions.
    exercise = masters.find_exercise(EXERCISE)
    student = ROOT / "exercises" / "student" / f"{EXERCISE}.ipynb"
    answered = submissions.with_cell(
        submissions.answered(student, exercise), "print(grader.interpreter)"
    )
    notebook = fake_colab.run(answered, published_wheel, name=student.name)
    cells = code_cells(notebook)
    failed = {index: errors(cell) for index, cell in enumerate(cells) if errors(cell)}
    assert not failed, f"cells that failed on Colab: {failed}"
    assert all(cell.execution_count for cell in cells), "not every cell ran"
    assert output_text(cells[-1]).strip() == "IPythonInterpreter.COLAB", "otter did not see Colab"
    checks = [cell for cell in cells if cell.source.startswith("grader.check(")]
    assert len(checks) == len(submissions.computed_questions(exercise))
    for cell in checks:
        assert "All test cases passed" in output_text(cell), (cell.source, output_text(cell))
    changed = fake_colab.changed_packages()
    assert not changed, f"the set-up cell changed Colab's own packages: {changed}"
    name, version = colab.GRADER.split("==")
    assert fake_colab.packages()[name] == version


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
