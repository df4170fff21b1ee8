"""Grade submitted notebooks locally against an autograder (``otter run``, no Docker).

The submission runs top to bottom in this Python environment (it needs the
course package), then every test of the autograder, hidden ones included, is
applied. Written questions get no automatic score: they are graded by hand.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from balancing.grading.assign import assign, autograder_zip
from balancing.grading.masters import Exercise, read_questions
from balancing.grading.otter import run_otter


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


def grade(submission: Path, exercise: Exercise, out: Path | None = None) -> GradeReport:
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
    out : Path, optional
        Where :func:`~balancing.grading.assign.assign` wrote the autograder
        (default ``build/assign/``); it is built there first if missing.

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
        run_otter(
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
