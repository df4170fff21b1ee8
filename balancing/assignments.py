"""Exercise sets as otter-grader assignments: find the masters, build them, grade submissions.

Every notebook in ``exercises/`` is an otter-grader *master notebook* (the
format is documented in ``exercises/README.md``): it holds the questions, the
worked solutions and the tests. This module wraps two otter-grader commands:

``otter assign``
    turns a master into a student notebook (solutions and tests removed, public
    tests kept for ``grader.check``) and an autograder zip (all tests,
    including the hidden ones), after checking the solutions against the tests.
``otter run``
    grades one submitted notebook locally against an autograder zip, without
    Docker.

Both run as subprocesses with the interpreter running this code, so that
otter's kernels, log files and warnings (``otter run`` emits a pandas
``DeprecationWarning``) stay out of the caller's process. Every PDF option is
off. The output goes to ``build/assign/<exercise>/`` by default, outside the
book's source tree and ignored by git.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from balancing.paths import REPO_ROOT

#: Folder holding the master notebooks, one per exercise set.
EXERCISES_DIR = REPO_ROOT / "exercises"

#: Default folder for the student notebooks and autograders (ignored by git).
DEFAULT_OUTPUT = REPO_ROOT / "build" / "assign"

#: Seconds after which an otter command is considered stuck.
OTTER_TIMEOUT = 600

_MARKERS = frozenset(
    f"# {edge} {block}" for edge in ("BEGIN", "END") for block in ("QUESTION", "SOLUTION", "TESTS")
)


class AssignmentError(RuntimeError):
    """An otter-grader command failed; the message carries the command's own output."""


class UnknownExerciseError(LookupError):
    """No master notebook in ``exercises/`` has the requested name."""


@dataclass(frozen=True)
class Exercise:
    """An exercise set: one master notebook in ``exercises/``.

    Parameters
    ----------
    master : Path
        The master notebook. Its file name is the name students receive and
        the exercise's name (without ``.ipynb``).
    """

    master: Path

    @property
    def name(self) -> str:
        """The exercise's name, e.g. ``"turkeys-arms-trade"``."""
        return self.master.stem


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


@dataclass(frozen=True)
class QuestionScore:
    """One question's result.

    Parameters
    ----------
    name : str
        The question's name in the master (e.g. ``"q1_recipients"``).
    possible : float
        The question's points.
    score : float or None
        Points obtained, or ``None`` for a written question graded by hand.
    """

    name: str
    possible: float
    score: float | None

    @property
    def manual(self) -> bool:
        """Whether the question is graded by hand (no automatic score)."""
        return self.score is None


@dataclass(frozen=True)
class GradeReport:
    """The automatic grade of one submission, question by question.

    Parameters
    ----------
    exercise : Exercise
        The exercise set the submission was graded against.
    submission : Path
        The graded notebook.
    questions : tuple of QuestionScore
        Automatically graded questions, then written ones, in notebook order.
    """

    exercise: Exercise
    submission: Path
    questions: tuple[QuestionScore, ...]

    @property
    def score(self) -> float:
        """Points obtained on the automatically graded questions."""
        return sum(q.score for q in self.questions if q.score is not None)

    @property
    def possible(self) -> float:
        """Points available on the automatically graded questions."""
        return sum(q.possible for q in self.questions if not q.manual)

    def scores(self) -> dict[str, float]:
        """Return the automatic score of every automatically graded question, by name."""
        return {q.name: q.score for q in self.questions if q.score is not None}

    def format(self) -> str:
        """Render the report as the plain-text table the command line prints.

        Returns
        -------
        str
            One line per question, written questions marked "graded by hand",
            and the total of the automatic points.
        """
        width = max([len("question"), *(len(q.name) for q in self.questions)])
        lines = [
            f"{self.submission.name} graded against exercise {self.exercise.name!r}",
            f"{'question':<{width}}  score",
        ]
        for q in self.questions:
            if q.score is None:
                lines.append(f"{q.name:<{width}}  - / {q.possible:g}  written: grade by hand")
            else:
                lines.append(f"{q.name:<{width}}  {q.score:g} / {q.possible:g}")
        lines.append(f"{'total (automatic)':<{width}}  {self.score:g} / {self.possible:g}")
        return "\n".join(lines)


def exercises(directory: Path = EXERCISES_DIR) -> list[Exercise]:
    """List every exercise set: every ``*.ipynb`` in ``directory``, by name.

    Parameters
    ----------
    directory : Path
        The folder of master notebooks (default ``exercises/``).

    Returns
    -------
    list of Exercise
        Sorted by name; empty if the folder holds no notebook.
    """
    return [Exercise(path) for path in sorted(directory.glob("*.ipynb"))]


def find_exercise(name: str, directory: Path = EXERCISES_DIR) -> Exercise:
    """Return the exercise set called ``name`` (with or without ``.ipynb``).

    Parameters
    ----------
    name : str
        The exercise's name, e.g. ``"turkeys-arms-trade"``.
    directory : Path
        The folder of master notebooks.

    Returns
    -------
    Exercise
        The matching exercise.

    Raises
    ------
    UnknownExerciseError
        If no master has that name; the message lists the known names.
    """
    stem = name.removesuffix(".ipynb")
    known = exercises(directory)
    for exercise in known:
        if exercise.name == stem:
            return exercise
    names = ", ".join(e.name for e in known) or "none"
    raise UnknownExerciseError(
        f"unknown exercise {name!r}: the exercise sets in {directory} are: {names}"
    )


@dataclass(frozen=True)
class Question:
    """One question of a master notebook, as ``otter assign`` reads it.

    Parameters
    ----------
    name : str
        The question's name (``name:`` in its ``# BEGIN QUESTION`` cell).
    points : float
        Its points (otter's default is 1).
    manual : bool
        Whether it is a written question graded by hand.
    solution_cells : tuple of nbformat.NotebookNode
        The cells between ``# BEGIN SOLUTION`` and ``# END SOLUTION``.
    test_cells : tuple of nbformat.NotebookNode
        The cells between ``# BEGIN TESTS`` and ``# END TESTS``.
    """

    name: str
    points: float
    manual: bool
    solution_cells: tuple[nbformat.NotebookNode, ...]
    test_cells: tuple[nbformat.NotebookNode, ...]

    @property
    def hidden_tests(self) -> list[nbformat.NotebookNode]:
        """The test cells only the autograder runs (see :func:`is_hidden_test`)."""
        return [cell for cell in self.test_cells if is_hidden_test(cell.source)]


def is_hidden_test(source: str) -> bool:
    """Say whether otter treats a test cell as hidden.

    otter reads a test as hidden when its first line is a comment containing the
    word "hidden" (the course writes ``# HIDDEN``).

    Parameters
    ----------
    source : str
        The test cell's source.

    Returns
    -------
    bool
        Whether the test is hidden.
    """
    first = source.lstrip().split("\n", 1)[0]
    return first.startswith("#") and re.search(r"\bhidden\b", first, re.IGNORECASE) is not None


def _marker(cell: nbformat.NotebookNode) -> str | None:
    if cell.cell_type != "raw" or not cell.source.strip():
        return None
    first = " ".join(cell.source.strip().split("\n", 1)[0].upper().split())
    return first if first in _MARKERS else None


def read_questions(master: Path) -> list[Question]:
    """Read the questions of a master notebook, with their solutions and tests.

    Parameters
    ----------
    master : Path
        An otter-grader master notebook.

    Returns
    -------
    list of Question
        In notebook order.

    Raises
    ------
    ValueError
        If the blocks are malformed (a block opened twice or never closed, a
        solution or test block outside a question, a question without a name);
        the message names the notebook and the cell.
    """
    notebook = nbformat.read(master, as_version=4)
    questions: list[Question] = []
    config: dict | None = None  # the open question's YAML
    blocks: dict[str, list[nbformat.NotebookNode]] = {"SOLUTION": [], "TESTS": []}
    block: str | None = None  # the open block: "SOLUTION", "TESTS" or None
    for index, cell in enumerate(notebook.cells):
        where = f"{master.name}, cell {index + 1}"
        marker = _marker(cell)
        if marker is None:
            if block is not None:
                blocks[block].append(cell)
            continue
        edge, kind = marker.removeprefix("# ").split(" ")
        if kind == "QUESTION" and edge == "BEGIN":
            if config is not None:
                raise ValueError(f"{where}: question {config['name']!r} is not closed")
            config = yaml.safe_load(cell.source.strip().partition("\n")[2]) or {}
            if not isinstance(config, dict) or "name" not in config:
                raise ValueError(f"{where}: # BEGIN QUESTION needs YAML with a `name:` key")
            blocks = {"SOLUTION": [], "TESTS": []}
        elif kind == "QUESTION":
            if config is None or block is not None:
                raise ValueError(f"{where}: {marker} closes no question, or a block is still open")
            questions.append(
                Question(
                    name=str(config["name"]),
                    points=float(config.get("points", 1)),
                    manual=bool(config.get("manual", False)),
                    solution_cells=tuple(blocks["SOLUTION"]),
                    test_cells=tuple(blocks["TESTS"]),
                )
            )
            config = None
        elif edge == "BEGIN":
            if config is None or block is not None:
                raise ValueError(
                    f"{where}: {marker} must be inside a question, outside other blocks"
                )
            block = kind
        else:
            if block != kind:
                raise ValueError(f"{where}: {marker} closes no open block")
            block = None
    if config is not None:
        raise ValueError(f"{master.name}: question {config['name']!r} is never closed")
    return questions


def _run_otter(arguments: list[str], cwd: Path) -> str:
    command = [sys.executable, "-m", "otter", *arguments]
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=OTTER_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise AssignmentError(
            f"`otter {arguments[0]}` did not finish within {OTTER_TIMEOUT} s"
        ) from error
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        tail = "\n".join(output[-30:])
        raise AssignmentError(
            f"`otter {' '.join(arguments)}` failed (exit status {done.returncode}):\n{tail}"
        )
    return done.stdout


def assign(exercise: Exercise, out: Path = DEFAULT_OUTPUT) -> AssignedExercise:
    """Build the student notebook and the autograder of one exercise with ``otter assign``.

    ``otter assign`` also runs the master's solutions against all of its tests
    and fails if any test fails. ``out/<exercise>/`` is replaced.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    out : Path
        Output folder; the exercise's files go to ``out/<exercise name>/``.

    Returns
    -------
    AssignedExercise
        Paths of the student notebook and the autograder zip.

    Raises
    ------
    AssignmentError
        If otter-grader fails (the message shows its output).
    """
    result = (out / exercise.name).resolve()
    if result.exists():
        shutil.rmtree(result)
    result.parent.mkdir(parents=True, exist_ok=True)
    master = exercise.master.resolve()
    _run_otter(["assign", "--no-pdfs", str(master), str(result)], cwd=master.parent)
    return AssignedExercise(
        exercise,
        student_notebook=result / "student" / master.name,
        autograder_zip=autograder_zip(exercise, result.parent),
    )


def assign_all(
    out: Path = DEFAULT_OUTPUT, directory: Path = EXERCISES_DIR
) -> list[AssignedExercise]:
    """Build the student notebook and the autograder of every exercise set.

    Parameters
    ----------
    out : Path
        Output folder (one sub-folder per exercise).
    directory : Path
        The folder of master notebooks.

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
        raise UnknownExerciseError(f"no master notebook (*.ipynb) in {directory}")
    return [assign(exercise, out) for exercise in found]


def autograder_zip(exercise: Exercise, out: Path = DEFAULT_OUTPUT) -> Path:
    """Find the autograder zip that :func:`assign` wrote for ``exercise``.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    out : Path
        The output folder given to :func:`assign`.

    Returns
    -------
    Path
        The zip (otter names it ``<exercise>-autograder_<timestamp>.zip``).

    Raises
    ------
    FileNotFoundError
        If there is none, or more than one, in ``out/<exercise>/autograder/``.
    """
    folder = out / exercise.name / "autograder"
    zips = sorted(folder.glob(f"{exercise.name}-autograder_*.zip"))
    if len(zips) != 1:
        found = "none" if not zips else f"{len(zips)}"
        raise FileNotFoundError(
            f"expected one autograder zip for {exercise.name!r} in {folder}, found {found}: "
            "run `balancing assign` (or `make assign`) to build it"
        )
    return zips[0]


def exercise_for(submission: Path, directory: Path = EXERCISES_DIR) -> Exercise:
    """Tell which exercise a submission answers, from its file name.

    Student notebooks carry their master's name, so ``turkeys-arms-trade.ipynb``
    answers the exercise ``turkeys-arms-trade``.

    Parameters
    ----------
    submission : Path
        The submitted notebook.
    directory : Path
        The folder of master notebooks.

    Returns
    -------
    Exercise
        The exercise with the submission's name.

    Raises
    ------
    UnknownExerciseError
        If the file name matches no exercise; the message suggests naming the
        exercise explicitly.
    """
    try:
        return find_exercise(submission.stem, directory)
    except UnknownExerciseError as error:
        raise UnknownExerciseError(
            f"cannot tell which exercise {submission.name!r} answers from its name ({error}); "
            "name it with --exercise NAME"
        ) from None


def check_submission(submission: Path) -> None:
    """Check that ``submission`` is an existing notebook file.

    Parameters
    ----------
    submission : Path
        The submitted file.

    Raises
    ------
    FileNotFoundError
        If it does not exist.
    ValueError
        If it is not a ``.ipynb`` notebook.
    """
    if not submission.is_file():
        raise FileNotFoundError(f"submission not found: {submission}")
    if submission.suffix != ".ipynb":
        raise ValueError(f"expected a Jupyter notebook (.ipynb) to grade, got {submission.name}")


def grade(submission: Path, exercise: Exercise, out: Path = DEFAULT_OUTPUT) -> GradeReport:
    """Grade one submitted notebook locally with ``otter run``.

    The submission runs top to bottom in this Python environment (it needs the
    course package), then every test of the autograder, hidden ones included,
    is applied. Written questions get no automatic score.

    Parameters
    ----------
    submission : Path
        The student's notebook (``.ipynb``).
    exercise : Exercise
        The exercise it answers.
    out : Path
        Where :func:`assign` wrote the autograder; it is built there first if
        missing.

    Returns
    -------
    GradeReport
        Score per question.

    Raises
    ------
    FileNotFoundError
        If ``submission`` does not exist.
    ValueError
        If ``submission`` is not a ``.ipynb`` notebook.
    AssignmentError
        If otter-grader fails.
    """
    check_submission(submission)
    try:
        zip_path = autograder_zip(exercise, out)
    except FileNotFoundError:
        zip_path = assign(exercise, out).autograder_zip
    with tempfile.TemporaryDirectory(prefix="balancing-grade-") as scratch:
        work = Path(scratch)
        _run_otter(
            [
                "run",
                "--no-logo",
                "--autograder",
                str(zip_path.resolve()),
                "--output-dir",
                str(work),
                str(submission.resolve()),
            ],
            cwd=work,
        )
        results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    automatic = [
        QuestionScore(test["name"], float(test["max_score"]), float(test["score"]))
        for test in results["tests"]
        if "score" in test
    ]
    written = [
        QuestionScore(q.name, q.points, None) for q in read_questions(exercise.master) if q.manual
    ]
    return GradeReport(exercise, submission, (*automatic, *written))
