"""Build the student notebook and the autograder of each exercise set (``otter assign``).

``otter assign`` turns a master into a student notebook (solutions and tests
removed, public tests kept for ``grader.check``) and an autograder zip (all
tests, including the hidden ones), after checking the solutions against the
tests. The course adds what otter cannot know:

* the zip installs the course package with its data and the course's exact pins
  (the hidden tests import :mod:`balancing`), on Python 3.11. Masters do not
  carry these settings: each master is copied to a scratch folder with them
  added to its ``# ASSIGNMENT CONFIG`` (``requirements``, ``autograder_files``,
  ``python_version``), next to the wheel, and otter runs on the copy;
* a manifest records what the zip was built from (:mod:`balancing.grading.autograders`);
* the student notebook's set-up cell creates ``grader``, the otter-grader object
  its ``grader.check(...)`` cells call, after installing what Colab lacks
  (:func:`balancing.launch.student_setup_cell_source`): masters set
  ``init_cell: false``, since otter's own first cell would import otter before
  anything is installed;
* the student notebook records the SHA-256 of its master in its metadata
  (``balancing.master_sha256``), and the cells otter adds get stable ids, so that
  building twice from the same master gives the same notebook.

The output goes to ``build/assign/<exercise>/`` of the repository by default,
outside the book's source tree and ignored by git; :func:`assign_all` also
writes the student-materials tree (:mod:`balancing.grading.materials`) and,
when asked, the copies the book's download and launch buttons serve
(``exercises/student/``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from balancing.grading.autograders import Autograder, read_manifest, write_manifest
from balancing.grading.environments import KERNEL_PACKAGES, PYTHON_VERSION, build_wheel, pinned
from balancing.grading.fingerprints import file_sha256, package_sha256
from balancing.grading.masters import Exercise, UnknownExerciseError, exercises
from balancing.grading.materials import FOLDER, StudentNotebook, write_student_materials
from balancing.grading.otter import run_otter
from balancing.launch import setup_cell_index, student_setup_cell_source
from balancing.paths import repo_root

#: Notebook metadata key under which student notebooks record their origin.
METADATA_KEY = "balancing"
CONFIG_MARKER = "# ASSIGNMENT CONFIG"
#: Where otter's grading image unpacks an autograder (``generate.autograder_dir``).
DEFAULT_AUTOGRADER_DIR = "/autograder"


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
    autograder : Autograder
        The autograder zip and what it was built from.
    """

    exercise: Exercise
    student_notebook: Path
    autograder: Autograder


@dataclass(frozen=True)
class AssignedCourse:
    """What :func:`assign_all` produced.

    Parameters
    ----------
    sets : list of AssignedExercise
        One per master, sorted by name.
    student_materials : Path
        The student-materials tree.
    """

    sets: list[AssignedExercise]
    student_materials: Path


def staged_config(config: dict, wheel: Path) -> dict:
    """Add the course's environment to a master's ``# ASSIGNMENT CONFIG``.

    Parameters
    ----------
    config : dict
        The master's configuration, as YAML-parsed.
    wheel : Path
        The course wheel that the autograder zip will carry.

    Returns
    -------
    dict
        A copy with the exact pins of :data:`~balancing.grading.environments.KERNEL_PACKAGES`
        and the wheel (at its path in the grading image) added to ``requirements``, the
        wheel added to ``autograder_files`` (in the zip only, never in the student
        folder) and ``python_version`` set to 3.11.

    Raises
    ------
    ValueError
        If the master gives ``requirements`` as a file, which cannot be extended,
        asks for another Python version, or does not set ``init_cell: false``.
    """
    if config.get("init_cell", True) is not False:
        raise ValueError(
            "`init_cell` in # ASSIGNMENT CONFIG must be false: the student notebook's set-up "
            "cell creates `grader` (after installing otter-grader on Colab), so otter must not "
            "add a first cell that imports otter"
        )
    staged = dict(config)
    requirements = staged.get("requirements") or []
    if not isinstance(requirements, list):
        raise ValueError(
            "`requirements` in # ASSIGNMENT CONFIG must be a list of packages (the course "
            f"adds its own to it), not {requirements!r}"
        )
    version = str(staged.get("python_version", PYTHON_VERSION))
    if version != PYTHON_VERSION:
        raise ValueError(f"`python_version` must be {PYTHON_VERSION}, the course's, not {version}")
    generate = staged.get("generate")
    autograder_dir = DEFAULT_AUTOGRADER_DIR
    if isinstance(generate, dict):
        autograder_dir = str(generate.get("autograder_dir", DEFAULT_AUTOGRADER_DIR))
    staged["requirements"] = [
        *pinned(KERNEL_PACKAGES),
        f"{autograder_dir.rstrip('/')}/source/files/{wheel.name}",
        *requirements,
    ]
    staged["autograder_files"] = [*(staged.get("autograder_files") or []), wheel.name]
    staged["python_version"] = PYTHON_VERSION
    return staged


def stage_master(master: nbformat.NotebookNode, name: str, stage: Path, wheel: Path) -> Path:
    """Write a copy of a master, with the course's environment added, for ``otter assign``.

    Parameters
    ----------
    master : nbformat.NotebookNode
        The master notebook.
    name : str
        Its file name (the student notebook keeps it).
    stage : Path
        An empty scratch folder; it receives the copy and the wheel.
    wheel : Path
        The course wheel.

    Returns
    -------
    Path
        The staged master.

    Raises
    ------
    ValueError
        If the master has no ``# ASSIGNMENT CONFIG`` raw cell, or see :func:`staged_config`.
    """
    copy = nbformat.from_dict(master)
    configs = [
        cell
        for cell in copy.cells
        if cell.cell_type == "raw" and cell.source.lstrip().startswith(CONFIG_MARKER)
    ]
    if len(configs) != 1:
        raise ValueError(f"{name}: expected one raw cell starting with {CONFIG_MARKER}")
    (cell,) = configs
    config = yaml.safe_load(cell.source.lstrip().removeprefix(CONFIG_MARKER)) or {}
    cell.source = f"{CONFIG_MARKER}\n" + yaml.safe_dump(
        staged_config(config, wheel), sort_keys=False
    )
    shutil.copyfile(wheel, stage / wheel.name)
    path = stage / name
    nbformat.write(copy, path)
    return path


def give_grader_to_setup_cell(notebook: nbformat.NotebookNode, name: str) -> None:
    """Extend a student notebook's set-up cell so that it creates ``grader``.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The student notebook written by ``otter assign`` (changed in place).
    name : str
        Its file name.

    Raises
    ------
    ValueError
        If its first code cell is not the set-up cell, which must run before any
        ``grader.check(...)``.
    """
    index, present = setup_cell_index(notebook)
    if not present:
        raise ValueError(
            f"{name}: the first code cell must be the set-up cell; run `make setup-cells`"
        )
    cell = notebook.cells[index]
    checks = notebook.metadata.get("otter", {}).get("tests", {})
    cell.source = student_setup_cell_source(cell.source, name, checks)


def stamp_student_notebook(
    path: Path, exercise: Exercise, master: nbformat.NotebookNode, master_sha256: str
) -> None:
    """Finish a student notebook: its set-up cell creates the grader, and it records its master.

    The set-up cell is extended (:func:`give_grader_to_setup_cell`), the master's
    SHA-256 is recorded in the metadata and the cells otter adds get stable ids.

    Parameters
    ----------
    path : Path
        The student notebook written by ``otter assign`` (rewritten in place).
    exercise : Exercise
        Its exercise set.
    master : nbformat.NotebookNode
        The master it was made from.
    master_sha256 : str
        The master's SHA-256.
    """
    notebook = nbformat.read(path, as_version=4)
    give_grader_to_setup_cell(notebook, path.name)
    notebook.metadata[METADATA_KEY] = {"exercise": exercise.name, "master_sha256": master_sha256}
    known = {cell.get("id") for cell in master.cells}
    seen: set[str] = set()
    for position, cell in enumerate(notebook.cells):
        if cell.get("id") not in known or cell.get("id") in seen:
            cell.id = f"otter-{position}"
        seen.add(cell.id)
    nbformat.write(notebook, path)


def recorded_master_sha256(notebook: nbformat.NotebookNode) -> str | None:
    """Return the master SHA-256 a student notebook records, if it records one."""
    stamp = notebook.metadata.get(METADATA_KEY)
    return stamp.get("master_sha256") if isinstance(stamp, dict) else None


def _only_zip(folder: Path, exercise: Exercise) -> Path:
    zips = sorted(folder.glob(f"{exercise.name}-autograder_*.zip"))
    if len(zips) != 1:
        raise FileNotFoundError(
            f"expected one autograder zip for {exercise.name!r} in {folder}, found {len(zips)}"
        )
    return zips[0]


def assign(
    exercise: Exercise,
    out: Path | None = None,
    *,
    wheel: Path | None = None,
    check_solutions: bool = True,
) -> AssignedExercise:
    """Build the student notebook and the autograder of one exercise with ``otter assign``.

    ``out/<exercise>/`` is replaced; it receives otter's ``student/`` and
    ``autograder/`` folders and the autograder's manifest.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    out : Path, optional
        Output folder (default: :func:`default_output`).
    wheel : Path, optional
        The course wheel to put in the autograder (default: build one).
    check_solutions : bool, default True
        Let ``otter assign`` grade the master's solutions against all of its tests
        and fail if one fails. Only a caller that grades the solutions itself
        (the test suite) turns it off.

    Returns
    -------
    AssignedExercise
        The student notebook and the autograder.

    Raises
    ------
    AssignmentError
        If otter-grader fails (the message shows its output).
    """
    out = (default_output() if out is None else out).resolve()
    result = out / exercise.name
    if result.exists():
        shutil.rmtree(result)
    out.mkdir(parents=True, exist_ok=True)
    data = exercise.master.read_bytes()
    master_sha256 = hashlib.sha256(data).hexdigest()
    master = nbformat.reads(data.decode("utf-8"), as_version=4)
    built_with = package_sha256()
    with tempfile.TemporaryDirectory(prefix=f"balancing-assign-{exercise.name}-") as scratch:
        work = Path(scratch)
        if wheel is None:
            wheel = build_wheel(work / "wheel")
        stage = work / "stage"
        stage.mkdir()
        staged = stage_master(master, exercise.master.name, stage, wheel)
        check = [] if check_solutions else ["--no-run-tests"]
        run_otter(["assign", "--no-pdfs", *check, str(staged), str(result)], cwd=stage)
    student = result / "student" / exercise.master.name
    stamp_student_notebook(student, exercise, master, master_sha256)
    zip_path = _only_zip(result / "autograder", exercise)
    autograder = Autograder(exercise, zip_path, file_sha256(zip_path), master_sha256, built_with)
    write_manifest(autograder, out)
    return AssignedExercise(exercise, student, autograder)


def copy_for_the_book(sets: list[AssignedExercise], folder: Path) -> None:
    """Copy each student notebook into ``folder`` (``exercises/student/`` of the book).

    The book's download and launch buttons serve these copies instead of the
    masters. Notebooks in ``folder`` whose set no longer exists are removed.

    Parameters
    ----------
    sets : list of AssignedExercise
        Every exercise set.
    folder : Path
        The folder of copies.
    """
    folder.mkdir(parents=True, exist_ok=True)
    names = {built.student_notebook.name for built in sets}
    for old in folder.glob("*.ipynb"):
        if old.name not in names:
            old.unlink()
    for built in sets:
        shutil.copyfile(built.student_notebook, folder / built.student_notebook.name)


def assign_all(
    out: Path | None = None,
    directory: Path | None = None,
    *,
    book_notebooks: Path | None = None,
    check_solutions: bool = True,
    jobs: int | None = None,
) -> AssignedCourse:
    """Build every exercise set, then the student-materials tree.

    Parameters
    ----------
    out : Path, optional
        Output folder, one sub-folder per exercise and ``student-materials/``
        (default: :func:`default_output`).
    directory : Path, optional
        The folder of master notebooks (default: ``exercises/``).
    book_notebooks : Path, optional
        Also copy the student notebooks there (see :func:`copy_for_the_book`).
    check_solutions : bool, default True
        See :func:`assign`.
    jobs : int, optional
        How many sets to build at once (default: the number of CPUs).

    Returns
    -------
    AssignedCourse
        The sets, sorted by name, and the student-materials tree.

    Raises
    ------
    UnknownExerciseError
        If ``directory`` holds no master notebook.
    """
    found = exercises(directory)
    if not found:
        where = directory if directory is not None else "exercises/"
        raise UnknownExerciseError(f"no master notebook (*.ipynb) in {where}")
    out = (default_output() if out is None else out).resolve()
    with tempfile.TemporaryDirectory(prefix="balancing-wheel-") as scratch:
        wheel = build_wheel(Path(scratch))
        with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            sets = list(
                pool.map(
                    lambda e: assign(e, out, wheel=wheel, check_solutions=check_solutions), found
                )
            )
        notebooks = [StudentNotebook(built.exercise, built.student_notebook) for built in sets]
        materials = write_student_materials(out / FOLDER, notebooks, wheel)
    if book_notebooks is not None:
        copy_for_the_book(sets, book_notebooks)
    return AssignedCourse(sets, materials)


def current_autograder(
    exercise: Exercise,
    out: Path | None = None,
    announce: Callable[[str], None] | None = None,
) -> Autograder:
    """Return the autograder of ``exercise``, rebuilt first if it is missing or stale.

    An autograder is stale when its master or the course package changed after it
    was built (see :meth:`~balancing.grading.autograders.Autograder.stale_reason`):
    it is then rebuilt with ``otter assign`` (solutions checked), never used as it is.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    out : Path, optional
        The assign output folder (default: :func:`default_output`).
    announce : callable, optional
        Receives a one-line message when the autograder is (re)built.

    Returns
    -------
    Autograder
        A current autograder.
    """
    out = (default_output() if out is None else out).resolve()
    try:
        recorded = read_manifest(exercise, out)
    except FileNotFoundError:
        reason = "it has no autograder yet"
    except ValueError as error:
        reason = str(error)
    else:
        reason = recorded.stale_reason()
        if reason is None:
            return recorded
    if announce is not None:
        announce(
            f"{exercise.name}: {reason}; building its autograder now. The student materials "
            "are not rebuilt: run `balancing assign` (make assign) to refresh them."
        )
    return assign(exercise, out).autograder
