"""The ``balancing`` command: build and grade the exercise sets.

``balancing assign [--out DIR]``
    For every master notebook in ``exercises/``, write the student notebook
    and the autograder zip to ``DIR/<exercise>/`` (default ``build/assign/``).
``balancing grade SUBMISSION.ipynb [--exercise NAME] [--out DIR]``
    Grade one submitted notebook locally and print the score per question.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from balancing.grading import assign, grade, masters
from balancing.grading.otter import AssignmentError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="balancing",
        description="Build the course's exercise sets with otter-grader and grade submissions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    out_help = "folder for student notebooks and autograders (default: build/assign/ of the clone)"

    assign = commands.add_parser(
        "assign",
        help="build the student notebook and the autograder of every exercise set",
        description="Run `otter assign` on every master notebook in exercises/ (PDFs off).",
    )
    assign.add_argument("--out", type=Path, default=None, help=out_help)

    grade = commands.add_parser(
        "grade",
        help="grade a submitted notebook locally and print the score per question",
        description="Run `otter run` on one submission (the autograder is built if missing).",
    )
    grade.add_argument("submission", type=Path, help="the submitted notebook (.ipynb)")
    grade.add_argument(
        "--exercise",
        metavar="NAME",
        help="the exercise set it answers (default: from the notebook's file name)",
    )
    grade.add_argument("--out", type=Path, default=None, help=out_help)
    return parser


def _assign(out: Path | None) -> None:
    for built in assign.assign_all(out):
        print(f"{built.exercise.name}:")
        print(f"  student notebook  {built.student_notebook}")
        print(f"  autograder        {built.autograder_zip}")


def _grade(submission: Path, exercise_name: str | None, out: Path | None) -> None:
    grade.check_submission(submission)
    if exercise_name is None:
        exercise = masters.exercise_for(submission)
    else:
        exercise = masters.find_exercise(exercise_name)
    print(grade.grade(submission, exercise, out).format())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``balancing`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (defaults to ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 1 if a file, an exercise or otter-grader
        fails (the message says which), 2 for a usage error.
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "assign":
            _assign(args.out)
        else:
            _grade(args.submission, args.exercise, args.out)
    except (
        AssignmentError,
        masters.UnknownExerciseError,
        FileNotFoundError,
        ValueError,
    ) as error:
        print(f"balancing: error: {error}", file=sys.stderr)
        return 1
    return 0
