"""The student-materials tree: everything students need, nothing they must not see.

``balancing assign`` writes it to ``<out>/student-materials/``, ready to be
published as a repository of its own (and opened on Binder, a JupyterHub with
nbgitpuller, Colab or a laptop)::

    README.md                 for students: what is here, how to open, check and submit
    <exercise>.ipynb          one student notebook per exercise set
    wheels/balancing-*.whl    the course package and its data, without the instructors' parts
    .binder/runtime.txt       python-3.11
    .binder/requirements.txt  exact pins of what the notebooks import, otter-grader included
    .binder/postBuild         installs the wheel (kept out of requirements.txt, see below)
    .gitignore

The Binder files follow repo2docker's rules: with a ``.binder/`` folder the
rest of the repository is not scanned; ``runtime.txt`` fixes Python 3.11
(otherwise repo2docker picks its newest); the wheel is installed in
``postBuild`` rather than referenced from ``requirements.txt``, because a local
path there makes repo2docker copy the whole repository before installing, so
that every edit of a notebook would rebuild the environment.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from balancing.grading.environments import (
    KERNEL_PACKAGES,
    PYTHON_VERSION,
    STUDENT_PACKAGES,
    pinned,
    student_wheel,
)
from balancing.grading.masters import Exercise

FOLDER = "student-materials"
COURSE_TITLE = "Turkey's Balancing Act: Russia, NATO and the drone age"


@dataclass(frozen=True)
class StudentNotebook:
    """A student notebook to publish.

    Parameters
    ----------
    exercise : Exercise
        Its exercise set.
    path : Path
        The notebook ``otter assign`` wrote (no solutions, public tests only).
    """

    exercise: Exercise
    path: Path


def notebook_title(path: Path) -> str:
    """Return a notebook's title: the text of its first Markdown heading of level 1.

    Parameters
    ----------
    path : Path
        The notebook.

    Returns
    -------
    str
        The heading without its ``#``, or the file name if there is none.
    """
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.name


def _readme(notebooks: Sequence[StudentNotebook], wheel_name: str) -> str:
    rows = "\n".join(f"| `{n.path.name}` | {notebook_title(n.path)} |" for n in notebooks)
    return f"""# {COURSE_TITLE}: exercise notebooks

These are the exercise notebooks of the open course *{COURSE_TITLE}*, one
notebook per exercise set. Each question asks you either to compute an answer
with the course's Python package, `balancing`, or to write a short answer.

| notebook | exercise set |
|---|---|
{rows}

## How to work

Replace every `...` with your answer, then run the `grader.check(...)` cell that
follows the question. It runs a few public checks on your answer and says what
looks wrong, without giving the answer away. Passing them does not guarantee
full marks: your instructor's autograder runs further checks. Written answers
are marked by hand.

## Opening the notebooks

- **Binder**: follow the Binder link your instructor gives you. The first start
  takes a few minutes. Binder deletes your work when you close the tab or after
  about ten minutes without activity: download your notebook (*File > Download*)
  before you leave.
- **JupyterHub**: your instructor's link copies these notebooks into your
  account; your work stays there.
- **Your own computer**, with Python {PYTHON_VERSION}: in a copy of this folder, run

  ```bash
  python -m venv .venv
  .venv/bin/python -m pip install -r .binder/requirements.txt wheels/{wheel_name}
  .venv/bin/jupyter lab
  ```

- **Colab**: upload the notebook (*File > Upload notebook*) and run it from the
  top: its first cell installs the course package and otter-grader without
  changing Colab's own packages. If the course has no published website to
  install the package from, first upload `wheels/{wheel_name}` (Files panel) and
  run `%env BALANCING_WHEEL=/content/{wheel_name}` in a new cell above it.

## Submitting

Save your notebook and hand in the `.ipynb` file as your instructor asks,
**without renaming it**: the autograder recognises the exercise set from the
notebook.
"""


def write_student_materials(
    folder: Path, notebooks: Sequence[StudentNotebook], wheel: Path
) -> Path:
    """Write the student-materials tree (see the module's description).

    Parameters
    ----------
    folder : Path
        The tree's folder; it is replaced.
    notebooks : sequence of StudentNotebook
        The student notebooks, in the order the README lists them.
    wheel : Path
        The course wheel built for grading; the tree gets a copy without the
        instructors' parts (:func:`~balancing.grading.environments.student_wheel`).

    Returns
    -------
    Path
        ``folder``.
    """
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for notebook in notebooks:
        shutil.copyfile(notebook.path, folder / notebook.path.name)
    students_wheel = student_wheel(wheel, folder / "wheels")
    binder = folder / ".binder"
    binder.mkdir()
    (binder / "runtime.txt").write_text(f"python-{PYTHON_VERSION}\n", encoding="utf-8")
    pins = pinned([*KERNEL_PACKAGES, *STUDENT_PACKAGES])
    (binder / "requirements.txt").write_text(
        "# Exact pins of the course (requirements.txt of its repository).\n"
        + "\n".join(pins)
        + "\n",
        encoding="utf-8",
    )
    post_build = binder / "postBuild"
    post_build.write_text(
        "#!/bin/bash\n"
        "# The course package and its data; its dependencies come from requirements.txt.\n"
        "set -euo pipefail\n"
        f"python -m pip install --no-deps --no-cache-dir wheels/{students_wheel.name}\n",
        encoding="utf-8",
    )
    post_build.chmod(0o755)
    (folder / ".gitignore").write_text(".ipynb_checkpoints/\n.OTTER_LOG\n", encoding="utf-8")
    (folder / "README.md").write_text(_readme(notebooks, students_wheel.name), encoding="utf-8")
    return folder
