"""Build the student notebook and the autograder of each exercise set (``otter assign``).

``otter assign`` turns a master into a student notebook (solutions and tests
removed, public tests kept for ``grader.check``) and an autograder zip (all
tests, including the hidden ones), after checking the solutions against the
tests. The output goes to ``build/assign/<exercise>/`` of the repository by
default, outside the book's source tree and ignored by git.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from balancing.grading.masters import Exercise, UnknownExerciseError, exercises
from balancing.grading.otter import run_otter
from balancing.paths import repo_root


def default_output() -> Path:
    """Return the default folder for student notebooks and autograders, ``build/assign/``."""
    return repo_root() / "build" / "assign"


@dataclass(frozen=True)
class AssignedExercise:
    """What ``otter assign`` produced for one exercise.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    student_notebook : Path
        The notebook to hand out (no solutions, no tests beyond the public ones).
    autograder_zip : Path
        The autograder for ``otter run`` or a Gradescope-style platform.
    """

    exercise: Exercise
    student_notebook: Path
    autograder_zip: Path


def assign(exercise: Exercise, out: Path | None = None) -> AssignedExercise:
    """Build the student notebook and the autograder of one exercise with ``otter assign``.

    ``otter assign`` also runs the master's solutions against all of its tests
    and fails if any test fails. ``out/<exercise>/`` is replaced.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    out : Path, optional
        Output folder (default: :func:`default_output`); the exercise's files go to
        ``out/<exercise name>/``.

    Returns
    -------
    AssignedExercise
        Paths of the student notebook and the autograder zip.

    Raises
    ------
    AssignmentError
        If otter-grader fails (the message shows its output).
    """
    out = default_output() if out is None else out
    result = (out / exercise.name).resolve()
    if result.exists():
        shutil.rmtree(result)
    result.parent.mkdir(parents=True, exist_ok=True)
    master = exercise.master.resolve()
    run_otter(["assign", "--no-pdfs", str(master), str(result)], cwd=master.parent)
    return AssignedExercise(
        exercise,
        student_notebook=result / "student" / master.name,
        autograder_zip=autograder_zip(exercise, result.parent),
    )


def assign_all(
    out: Path | None = None, directory: Path | None = None
) -> list[AssignedExercise]:
    """Build the student notebook and the autograder of every exercise set.

    Parameters
    ----------
    out : Path, optional
        Output folder, one sub-folder per exercise (default: :func:`default_output`).
    directory : Path, optional
        The folder of master notebooks (default: ``exercises/``).

    Returns
    -------
    list of AssignedExercise
        One per master, sorted by name.

    Raises
    ------
    UnknownExerciseError
        If ``directory`` holds no master notebook.
    """
    found = exercises(directory)
    if not found:
        where = directory if directory is not None else "exercises/"
        raise UnknownExerciseError(f"no master notebook (*.ipynb) in {where}")
    return [assign(exercise, out) for exercise in found]


def autograder_zip(exercise: Exercise, out: Path | None = None) -> Path:
    """Find the autograder zip that :func:`assign` wrote for ``exercise``.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    out : Path, optional
        The output folder given to :func:`assign` (default: :func:`default_output`).

    Returns
    -------
    Path
        The zip (otter names it ``<exercise>-autograder_<timestamp>.zip``).

    Raises
    ------
    FileNotFoundError
        If there is none, or more than one, in ``out/<exercise>/autograder/``.
    """
    out = default_output() if out is None else out
    folder = out / exercise.name / "autograder"
    zips = sorted(folder.glob(f"{exercise.name}-autograder_*.zip"))
    if len(zips) != 1:
        found = "none" if not zips else f"{len(zips)}"
        raise FileNotFoundError(
            f"expected one autograder zip for {exercise.name!r} in {folder}, found {found}: "
            "run `balancing assign` (or `make assign`) to build it"
        )
    return zips[0]
