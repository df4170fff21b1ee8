"""Grade one submitted notebook and report its score per question.

The notebook is graded as a batch of one (:mod:`balancing.grading.batch`): in a
fresh folder of its own, by a worker process running otter-grader's
``run_autograder`` in this Python environment (it needs the course package),
with a time limit, against the set's current autograder (rebuilt first if it is
missing or stale). Written questions get no automatic score: they are graded by
hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balancing.grading.batch import Submission, grade_submissions
from balancing.grading.masters import Exercise, find_exercise, read_questions
from balancing.grading.sheet import GradeSheet


class GradingError(RuntimeError):
    """A submission could not be graded; the message says why."""


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
    remarks : tuple of str
        What the grader noticed and an instructor should read (files the notebook
        wrote, cells that raised an error).
    """

    exercise: Exercise
    submission: Path
    questions: tuple[QuestionScore, ...]
    remarks: tuple[str, ...] = ()

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
        lines += self.remarks
        return "\n".join(lines)


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


def grade(submission: Path, sheet_path: Path | None = None, **options: Any) -> GradeReport:
    """Grade one submitted notebook and return its score per question.

    Parameters
    ----------
    submission : Path
        The student's notebook (``.ipynb``).
    sheet_path : Path, optional
        A grade sheet (CSV) to record the result in, as a batch run would.
    **options
        Keyword arguments of :func:`balancing.grading.batch.grade_submissions`
        (``exercise``, ``out``, ``timeout``, ``regrade``, ``feedback``, ``announce``).

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
    GradingError
        If it cannot be graded (not a notebook of the course, another set than
        ``exercise``, over its time limit, files deleted...).
    """
    check_submission(submission)
    sheet = GradeSheet.load(sheet_path) if sheet_path is not None else None
    report = grade_submissions([Submission(submission, submission.name)], sheet, jobs=1, **options)
    (outcome,) = report.outcomes
    row = outcome.row
    if not row.scores:
        raise GradingError(f"{submission.name}: {row.error or 'no score'}")
    exercise = find_exercise(row.exercise)
    questions = read_questions(exercise.master)
    automatic = [
        QuestionScore(q.name, q.points, row.scores[q.name]) for q in questions if not q.manual
    ]
    written = [QuestionScore(q.name, q.points, None) for q in questions if q.manual]
    remarks = tuple(text for text in (row.error, row.note) if text)
    return GradeReport(exercise, submission, (*automatic, *written), remarks)
