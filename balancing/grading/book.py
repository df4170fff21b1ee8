"""What the book needs to publish exercise pages without handing out master notebooks.

The book renders each exercise page from its master (``exercises/<set>.ipynb``),
but its download and launch buttons must give the *student* notebook, which
``make assign`` copies to ``exercises/student/<set>.ipynb`` (committed: Binder,
Colab and JupyterHub open files of the repository). The local Sphinx extension
``_ext/exercise_pages.py`` does the Sphinx side; this module holds the logic:
where a master's student copy is, whether it is current, and which cells to
leave out when the book is built without graded solutions.

Solutions, two settings (``balancing_solutions`` in ``_config.yml``, or the
``BALANCING_SOLUTIONS`` environment variable):

``collapsed`` (default)
    Every worked solution is on the page, collapsed (self-learners).
``omitted``
    Every solution cell is left out and a one-line note takes the place of each
    question's solution (an instructor's public site). The notebook still
    executes as a whole, so the build reuses the execution cache of a
    ``collapsed`` build: Markdown cells are changed before parsing (they do not
    count for the cache), code cells are dropped from the parsed page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import nbformat

from balancing.grading.assign import recorded_master_sha256
from balancing.grading.masters import parse_questions

SETTINGS = ("collapsed", "omitted")
#: Folder of the student copies, next to the masters.
STUDENT_FOLDER = "student"
#: What replaces each question's solution when solutions are omitted.
OMITTED_NOTE = "*The worked solution is not published in this edition of the book.*"


def student_copy(master: Path) -> Path:
    """Return where the student copy of ``master`` lives (``exercises/student/<set>.ipynb``)."""
    return master.parent / STUDENT_FOLDER / master.name


def copy_problem(master: Path) -> str | None:
    """Say what is wrong with the student copy of ``master``, if anything.

    Parameters
    ----------
    master : Path
        A master notebook.

    Returns
    -------
    str or None
        ``None`` if the copy exists and records the master's current SHA-256;
        otherwise what is wrong and how to fix it.
    """
    copy = student_copy(master)
    fix = "run `make assign` and commit exercises/student/"
    if not copy.is_file():
        return f"{copy} is missing: {fix}"
    recorded = recorded_master_sha256(nbformat.read(copy, as_version=4))
    if recorded != hashlib.sha256(master.read_bytes()).hexdigest():
        return f"{copy} was made from another version of {master.name}: {fix}"
    return None


@dataclass(frozen=True)
class OmittedSolutions:
    """Which cells of a master to leave out, and where the notes go.

    Parameters
    ----------
    noted : frozenset of int
        Indices of the cells that become the note: each question's first solution cell.
    dropped : frozenset of int
        Indices of the other solution cells.
    """

    noted: frozenset[int]
    dropped: frozenset[int]

    @classmethod
    def of(cls, notebook: nbformat.NotebookNode, label: str) -> OmittedSolutions:
        """Locate the solution cells of a master notebook.

        Parameters
        ----------
        notebook : nbformat.NotebookNode
            The master.
        label : str
            How error messages name it.

        Returns
        -------
        OmittedSolutions
            The cells to replace by the note and the cells to drop.
        """
        noted, dropped = set(), set()
        for question in parse_questions(notebook, label):
            first, *rest = question.solution_indices or (None,)
            if first is not None:
                noted.add(first)
            dropped.update(rest)
        return cls(frozenset(noted), frozenset(dropped))


def without_written_solutions(source: str, label: str) -> str:
    """Replace the Markdown solution cells of a master (given as JSON text).

    Each question's first solution cell, if it is Markdown, becomes
    :data:`OMITTED_NOTE`; its other Markdown solution cells become empty, which
    the book skips. Code cells are left as they are, for the execution cache.

    Parameters
    ----------
    source : str
        The master notebook's JSON.
    label : str
        How error messages name it.

    Returns
    -------
    str
        The notebook's JSON with those cells replaced.
    """
    notebook = nbformat.reads(source, as_version=4)
    omitted = OmittedSolutions.of(notebook, label)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        if index in omitted.noted:
            cell.source = OMITTED_NOTE
        elif index in omitted.dropped:
            cell.source = ""
    return nbformat.writes(notebook)
