"""The grade sheet: one CSV row per submission, written atomically after every result.

Columns, in order::

    submission   the notebook's path relative to the submissions folder
    exercise     the exercise set it was graded as (empty if it could not be told)
    <question>   one column per automatically graded question of every set in the
                 sheet: the points obtained (empty for another set's questions, or
                 when the grade is withheld)
    total        points obtained on the automatic questions
    possible     points available on them
    error        why the scores are missing, or what to check although they are there
    note         what the student may want to know (cells that raised an error, a
                 notebook made from another version of the exercise)
    submission_sha256, autograder_sha256   what was graded, and by which autograder
    graded_at    when (UTC, ISO 8601)

Written questions have no column: their rubric scores join the sheet on
``submission`` (see the instructors' term plan). The file is rewritten whole
through a temporary file in the same folder and ``os.replace``, so that it is
never half written, whenever a result arrives: an interrupted run loses only
the submissions that were being graded.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

HEAD = ("submission", "exercise")
TAIL = (
    "total",
    "possible",
    "error",
    "note",
    "submission_sha256",
    "autograder_sha256",
    "graded_at",
)


@dataclass
class Row:
    """One submission's line of the grade sheet.

    Parameters
    ----------
    submission : str
        Path of the notebook relative to the submissions folder (POSIX form).
    exercise : str
        The exercise set it was graded as, or ``""``.
    scores : dict of str to float
        Points obtained, by automatically graded question; empty if withheld.
    possible : float or None
        Points available on the set's automatic questions, if the set is known.
    error : str
        See the module's description; ``""`` if none.
    note : str
        See the module's description; ``""`` if none.
    submission_sha256 : str
        SHA-256 of the graded file.
    autograder_sha256 : str
        SHA-256 of the autograder zip that graded it (``""`` if none did).
    graded_at : str
        UTC time of grading, ISO 8601.
    """

    submission: str
    exercise: str
    scores: dict[str, float] = field(default_factory=dict)
    possible: float | None = None
    error: str = ""
    note: str = ""
    submission_sha256: str = ""
    autograder_sha256: str = ""
    graded_at: str = ""

    @property
    def total(self) -> float | None:
        """Points obtained, or ``None`` when the scores are withheld."""
        return sum(self.scores.values()) if self.scores else None

    def cells(self) -> dict[str, str]:
        """Return the row as CSV cells, by column name."""
        return {
            "submission": self.submission,
            "exercise": self.exercise,
            **{name: _number(score) for name, score in self.scores.items()},
            "total": _number(self.total),
            "possible": _number(self.possible),
            "error": self.error,
            "note": self.note,
            "submission_sha256": self.submission_sha256,
            "autograder_sha256": self.autograder_sha256,
            "graded_at": self.graded_at,
        }


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class GradeSheet:
    """The rows of a grade sheet file, kept in memory and written back atomically.

    Parameters
    ----------
    path : Path
        The CSV file (it need not exist yet).
    rows : mapping of str to dict of str to str
        The rows already in the file, as CSV cells, by ``submission``.
    questions : iterable of str
        The question columns already in the file, in order.
    """

    def __init__(
        self, path: Path, rows: Mapping[str, dict[str, str]], questions: Iterable[str]
    ) -> None:
        self.path = path
        self._rows = dict(rows)
        self._questions = list(questions)

    @classmethod
    def load(cls, path: Path) -> GradeSheet:
        """Read a grade sheet, or start an empty one if the file does not exist.

        Parameters
        ----------
        path : Path
            The CSV file.

        Returns
        -------
        GradeSheet
            Its rows.

        Raises
        ------
        ValueError
            If the file exists but is not a grade sheet (its header lacks a column
            of :data:`HEAD` or :data:`TAIL`); the message names the missing columns.
        """
        if not path.exists():
            return cls(path, {}, [])
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.DictReader(stream)
            header = reader.fieldnames or []
            missing = [column for column in (*HEAD, *TAIL) if column not in header]
            if missing:
                raise ValueError(
                    f"{path} is not a grade sheet written by `balancing grade` "
                    f"(no column {', '.join(missing)}): give another --out file"
                )
            rows = {row["submission"]: row for row in reader}
        questions = [column for column in header if column not in (*HEAD, *TAIL)]
        return cls(path, rows, questions)

    def __contains__(self, submission: str) -> bool:
        """Whether the sheet has a row for ``submission``."""
        return submission in self._rows

    def __len__(self) -> int:
        """Return the number of rows."""
        return len(self._rows)

    def row(self, submission: str) -> Row:
        """Return ``submission``'s row.

        Parameters
        ----------
        submission : str
            The ``submission`` cell of the row.

        Returns
        -------
        Row
            The row, its scores read from the question columns that are filled in.
        """
        cells = self._rows[submission]
        return Row(
            submission=cells["submission"],
            exercise=cells["exercise"],
            scores={
                name: float(cells[name]) for name in self._questions if cells.get(name, "") != ""
            },
            possible=float(cells["possible"]) if cells["possible"] else None,
            error=cells["error"],
            note=cells["note"],
            submission_sha256=cells["submission_sha256"],
            autograder_sha256=cells["autograder_sha256"],
            graded_at=cells["graded_at"],
        )

    def put(self, row: Row, questions: Iterable[str]) -> None:
        """Add or replace a row; its set's question columns are added if new.

        Parameters
        ----------
        row : Row
            The row.
        questions : iterable of str
            The automatically graded questions of the row's set, in order.
        """
        for name in [*questions, *row.scores]:
            if name not in self._questions:
                self._questions.append(name)
        self._rows[row.submission] = row.cells()

    def write(self) -> None:
        """Write the sheet to :attr:`path` atomically, rows sorted by submission."""
        columns = [*HEAD, *self._questions, *TAIL]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(handle, "w", newline="", encoding="utf-8") as stream:
                writer = csv.DictWriter(stream, fieldnames=columns, restval="")
                writer.writeheader()
                for submission in sorted(self._rows):
                    writer.writerow(self._rows[submission])
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
