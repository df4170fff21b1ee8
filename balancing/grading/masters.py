"""The exercise sets' master notebooks: find them, read their questions.

Every notebook in ``exercises/`` is an otter-grader *master notebook* (the
format is documented in ``exercises/README.md``): it holds the questions, the
worked solutions and the tests. This module finds the masters and reads their
``# BEGIN QUESTION`` blocks the way ``otter assign`` does, so that the course's
commands and tests can reason about questions, points, solutions and hidden
tests without running otter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from balancing.paths import repo_root

_MARKERS = frozenset(
    f"# {edge} {block}" for edge in ("BEGIN", "END") for block in ("QUESTION", "SOLUTION", "TESTS")
)


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


def exercises_dir() -> Path:
    """Return the folder of master notebooks, ``exercises/`` of the repository clone."""
    return repo_root() / "exercises"


def exercises(directory: Path | None = None) -> list[Exercise]:
    """List every exercise set: every ``*.ipynb`` in ``directory``, by name.

    Parameters
    ----------
    directory : Path, optional
        The folder of master notebooks (default: :func:`exercises_dir`).

    Returns
    -------
    list of Exercise
        Sorted by name; empty if the folder holds no notebook.
    """
    directory = exercises_dir() if directory is None else directory
    return [Exercise(path) for path in sorted(directory.glob("*.ipynb"))]


def find_exercise(name: str, directory: Path | None = None) -> Exercise:
    """Return the exercise set called ``name`` (with or without ``.ipynb``).

    Parameters
    ----------
    name : str
        The exercise's name, e.g. ``"turkeys-arms-trade"``.
    directory : Path, optional
        The folder of master notebooks (default: :func:`exercises_dir`).

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
    directory = exercises_dir() if directory is None else directory
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
    solution_indices : tuple of int
        The positions of ``solution_cells`` in the notebook (0 for its first cell).
    """

    name: str
    points: float
    manual: bool
    solution_cells: tuple[nbformat.NotebookNode, ...]
    test_cells: tuple[nbformat.NotebookNode, ...]
    solution_indices: tuple[int, ...]

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
        If the blocks are malformed (see :func:`parse_questions`).
    """
    return parse_questions(nbformat.read(master, as_version=4), master.name)


def parse_questions(notebook: nbformat.NotebookNode, label: str) -> list[Question]:
    """Read the questions of a master notebook already in memory.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The master notebook.
    label : str
        How error messages name the notebook (usually its file name).

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
    questions: list[Question] = []
    config: dict | None = None  # the open question's YAML
    blocks: dict[str, list[tuple[int, nbformat.NotebookNode]]] = {"SOLUTION": [], "TESTS": []}
    block: str | None = None  # the open block: "SOLUTION", "TESTS" or None
    for index, cell in enumerate(notebook.cells):
        where = f"{label}, cell {index + 1}"
        marker = _marker(cell)
        if marker is None:
            if block is not None:
                blocks[block].append((index, cell))
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
                    solution_cells=tuple(cell for _, cell in blocks["SOLUTION"]),
                    test_cells=tuple(cell for _, cell in blocks["TESTS"]),
                    solution_indices=tuple(index for index, _ in blocks["SOLUTION"]),
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
        raise ValueError(f"{label}: question {config['name']!r} is never closed")
    return questions
