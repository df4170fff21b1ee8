"""The ``balancing`` command: build and grade the exercise sets.

``balancing assign [--out DIR] [--book-notebooks DIR]``
    For every master notebook in ``exercises/``, write the student notebook, the
    autograder zip and its manifest to ``DIR/<exercise>/`` (default
    ``build/assign/``), then the student-materials tree to
    ``DIR/student-materials/``; with ``--book-notebooks``, also copy the student
    notebooks there (``make assign`` refreshes ``exercises/student/``).
``balancing grade PATH [--out GRADES.csv] [--exercise NAME] [options]``
    Grade a notebook (and print its score per question) or every notebook under
    a folder (into the grade sheet ``--out``, required then), in parallel,
    resumably.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from balancing.grading import assign, batch, grade, masters
from balancing.grading.environments import EnvironmentSpecError
from balancing.grading.otter import AssignmentError


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="balancing",
        description="Build the course's exercise sets with otter-grader and grade submissions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    assign_dir = "build/assign/ of the clone"

    assign_command = commands.add_parser(
        "assign",
        help="build student notebooks, autograders and the student-materials tree",
        description="Run `otter assign` on every master notebook in exercises/ (PDFs off), "
        "then write the student-materials tree.",
    )
    assign_command.add_argument(
        "--out", type=Path, default=None, help=f"output folder (default: {assign_dir})"
    )
    assign_command.add_argument(
        "--book-notebooks",
        type=Path,
        default=None,
        metavar="DIR",
        help="also copy the student notebooks to DIR (the book serves exercises/student/)",
    )

    grade_command = commands.add_parser(
        "grade",
        help="grade a notebook, or every notebook in a folder into a grade sheet",
        description="Grade submissions with each set's current autograder (rebuilt if its "
        "master changed), each in a fresh folder of its own, in parallel.",
    )
    grade_command.add_argument(
        "path", type=Path, help="a submitted notebook (.ipynb) or a folder of them"
    )
    grade_command.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="GRADES.csv",
        help="grade sheet to write (required for a folder); rows already graded by the "
        "same autograder are kept",
    )
    grade_command.add_argument(
        "--exercise",
        metavar="NAME",
        help="the exercise set every submission must belong to (default: the set each "
        "notebook records)",
    )
    grade_command.add_argument(
        "--autograders",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"where `balancing assign` wrote the autograders (default: {assign_dir})",
    )
    grade_command.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="submissions graded at once (default: all cores, %(default)s)",
    )
    grade_command.add_argument(
        "--timeout",
        type=_positive,
        default=batch.DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="time limit per submission (default: %(default)s)",
    )
    grade_command.add_argument(
        "--regrade", action="store_true", help="grade again what the grade sheet already has"
    )
    grade_command.add_argument(
        "--feedback",
        type=Path,
        default=None,
        metavar="DIR",
        help="write one feedback file per graded submission (scores and public checks) to DIR",
    )
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _assign(out: Path | None, book_notebooks: Path | None) -> None:
    course = assign.assign_all(out, book_notebooks=book_notebooks)
    for built in course.sets:
        print(f"{built.exercise.name}:")
        print(f"  student notebook  {built.student_notebook}")
        print(f"  autograder        {built.autograder.zip_path}")
    print(f"student materials   {course.student_materials}")
    if book_notebooks is not None:
        print(f"book copies         {book_notebooks}")


def _grade(args: argparse.Namespace) -> None:
    options = {
        "exercise": masters.find_exercise(args.exercise) if args.exercise else None,
        "out": args.autograders,
        "timeout": args.timeout,
        "regrade": args.regrade,
        "feedback": args.feedback,
        "announce": _say,
    }
    if not args.path.is_dir():
        print(grade.grade(args.path, args.out, **options).format())
        return
    if args.out is None:
        raise ValueError("grading a folder needs a grade sheet: add --out grades.csv")
    report = batch.grade_folder(
        args.path, args.out, jobs=args.jobs, progress=sys.stderr.isatty(), **options
    )
    print(
        f"{len(report.outcomes)} submission(s): {report.graded} graded now, {report.kept} "
        f"kept from before, {report.errors} with an error (see its column). "
        f"Grade sheet: {report.sheet}"
    )


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
        fails (the message says which), 2 for a usage error, 130 if interrupted.
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "assign":
            _assign(args.out, args.book_notebooks)
        else:
            _grade(args)
    except KeyboardInterrupt:
        _say(
            "balancing: interrupted. The grade sheet keeps every result received; "
            "run the same command again to grade the rest."
        )
        return 130
    except (
        AssignmentError,
        EnvironmentSpecError,
        grade.GradingError,
        masters.UnknownExerciseError,
        FileNotFoundError,
        ValueError,
    ) as error:
        _say(f"balancing: error: {error}")
        return 1
    return 0
