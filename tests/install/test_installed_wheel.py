"""Every notebook of the book runs from the installed course wheel, outside the repository.

This is the suite's nbval run. One fresh environment gets the runtime pins
(``.binder/requirements.txt``, what Binder and a JupyterHub install), the course
wheel (no editable install) and nbval; the notebooks of ``_toc.yml`` are copied
to a folder outside the repository, and ``pytest --nbval-lax`` runs them all
from there, in that environment, once per session. Each notebook then passes or
fails on its own here, from the run's JUnit report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from balancing.launch import toc_notebooks

from support.requirements import RUNTIME, pin
from support.venvs import ROOT, learner_environ, make_venv

NOTEBOOKS = [path.relative_to(ROOT) for path in toc_notebooks(ROOT)]
NBVAL_TIMEOUT_SECONDS = 1200


@dataclass(frozen=True)
class NotebookRun:
    """The installed environment's nbval run over every notebook."""

    python: Path
    folder: Path
    returncode: int
    output: str
    cells: dict[str, list[ET.Element]]

    def cases(self, notebook: Path) -> list[ET.Element]:
        return self.cells.get(junit_classname(notebook), [])


def junit_classname(notebook: Path) -> str:
    """Return the JUnit class name of a notebook's cells: ``chapters.02-x.ipynb``."""
    return notebook.with_suffix("").as_posix().replace("/", ".") + ".ipynb"


def _cells_by_notebook(report: Path) -> dict[str, list[ET.Element]]:
    cells: dict[str, list[ET.Element]] = {}
    for case in ET.parse(report).iter("testcase"):
        cells.setdefault(case.get("classname", ""), []).append(case)
    return cells


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory: pytest.TempPathFactory, course_wheel: Path) -> NotebookRun:
    venv = tmp_path_factory.mktemp("installed") / "venv"
    tools = [pin("pytest"), pin("pytest-xdist"), pin("nbval")]
    python = make_venv(venv, ["-r", RUNTIME, course_wheel, *tools])
    folder = tmp_path_factory.mktemp("learner")
    for notebook in NOTEBOOKS:
        (folder / notebook).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / notebook, folder / notebook)
    report = folder.parent / "nbval-report.xml"
    # No user kernel specs: the run's kernels are the environment's own.
    env = learner_environ(JUPYTER_DATA_DIR=str(folder.parent / "jupyter-data"))
    done = subprocess.run(
        [
            python,
            "-m",
            "pytest",
            "--nbval-lax",
            "-n",
            "2",
            "--dist",
            "loadfile",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--junitxml={report}",
            *(notebook.as_posix() for notebook in NOTEBOOKS),
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=NBVAL_TIMEOUT_SECONDS,
        check=False,
    )
    cells = _cells_by_notebook(report) if report.exists() else {}
    return NotebookRun(python, folder, done.returncode, done.stdout + done.stderr, cells)


def test_the_folder_is_outside_the_repository(notebook_run: NotebookRun) -> None:
    assert ROOT not in notebook_run.folder.parents


def test_the_package_comes_from_the_wheel_not_the_repository(notebook_run: NotebookRun) -> None:
    script = (
        "import json, balancing, importlib.metadata as m; from balancing import data; "
        "print(json.dumps([balancing.__file__, m.distribution('balancing').read_text("
        "'direct_url.json'), len(data.arms_transfers())]))"
    )
    done = subprocess.run(
        [notebook_run.python, "-c", script], cwd="/", capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    location, direct_url, rows = json.loads(done.stdout)
    assert "site-packages" in location and str(ROOT) not in location
    assert "editable" not in direct_url
    assert rows > 0


def test_the_run_found_every_notebook(notebook_run: NotebookRun) -> None:
    missing = [str(nb) for nb in NOTEBOOKS if not notebook_run.cases(nb)]
    assert not missing, (
        f"nbval ran no cell of {missing} (exit {notebook_run.returncode}):\n"
        f"{notebook_run.output[-3000:]}"
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_runs_from_the_installed_wheel(notebook_run: NotebookRun, notebook: Path) -> None:
    failures = [
        f"{case.get('name')}: {(problem.get('message') or '')[:2000]}"
        for case in notebook_run.cases(notebook)
        for problem in [*case.findall("failure"), *case.findall("error")]
    ]
    assert notebook_run.cases(notebook), f"nbval did not run {notebook}"
    assert not failures, f"{notebook} fails from the installed wheel:\n" + "\n".join(failures)
