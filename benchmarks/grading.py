"""Print how fast a class is graded (not a test: numbers, not pass/fail).

Run with ``make benchmark`` (or ``python benchmarks/grading.py [N]``). It assigns every
exercise set into a temporary folder, makes N submissions (default 60) that cycle
through the sets and through three kinds (solved, one question wrong, blank as handed
out), in one folder per student, then grades the folder with ``balancing grade
FOLDER --out grades.csv`` on every core and prints submissions per minute (the goal
is at least 30 on 2 cores) and the CPU time per submission.
"""

from __future__ import annotations

import itertools
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from balancing.grading import assign, batch  # noqa: E402

from support import submissions  # noqa: E402  (test helpers: made like a student's notebook)

KINDS = ("solved", "wrong", "blank")


def cpu_seconds() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def make_submissions(course: assign.AssignedCourse, folder: Path, count: int) -> list[str]:
    kinds = []
    pairs = itertools.cycle(itertools.product(course.sets, KINDS))
    for number, (built, kind) in zip(range(1, count + 1), pairs, strict=False):
        exercise = built.exercise
        target = folder / f"student-{number:02d}" / built.student_notebook.name
        if kind == "blank":
            target.parent.mkdir(parents=True)
            target.write_bytes(built.student_notebook.read_bytes())
        else:
            wrong = submissions.first_wrong_question(exercise) if kind == "wrong" else None
            submissions.write(
                submissions.answered(built.student_notebook, exercise, wrong=wrong), target
            )
        kinds.append(kind)
    return kinds


def main(count: int) -> None:
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as scratch:
        work = Path(scratch)
        start = time.perf_counter()
        course = assign.assign_all(work / "assign", check_solutions=False)
        seconds = time.perf_counter() - start
        print(f"{'assign every set (solutions not checked)':<48} {seconds:8.2f} s")
        kinds = make_submissions(course, work / "submissions", count)
        mix = ", ".join(f"{kinds.count(kind)} {kind}" for kind in KINDS)
        cpu, start = cpu_seconds(), time.perf_counter()
        report = batch.grade_folder(
            work / "submissions", work / "grades.csv", out=work / "assign", jobs=jobs
        )
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    graded = report.graded
    print(f"{f'grade {graded} submissions ({mix}), {jobs} jobs':<48} {seconds:8.2f} s")
    print(f"{'submissions per minute':<48} {graded / seconds * 60:8.1f}")
    print(f"{'CPU seconds per submission':<48} {cpu / graded:8.2f}")
    if report.errors:
        print(f"{'rows with an error (should be 0)':<48} {report.errors:8d}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
