"""The exercise layer's expensive runs: Gradescope-style grading and batch grading.

``tests/exercises/conftest.py`` runs each once per session (see there); the
constants name the batch's awkward submissions for the tests that read the results.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from balancing.grading import assign, batch

from support import submissions
from support.venvs import make_venv

ROOT = Path(__file__).resolve().parents[2]
#: Where Gradescope unpacks an autograder zip (otter's default ``autograder_dir``).
GRADESCOPE_SOURCE = "/autograder/source/"
#: The time limit of the second batch run, which only grades the notebook that never ends.
SHORT_TIMEOUT = 5
GRADESCOPE_SCRIPT = """\
import sys
import traceback

from otter.run.run_autograder import main  # what the zip's run_otter.py calls

for folder in sys.argv[1:]:
    try:
        main(folder)
    except Exception:
        traceback.print_exc()
"""


def course_pin_lines(requirements: Path = ROOT / "requirements.txt") -> set[str]:
    """Every line of the course's requirements file and of the files it includes (``-r``)."""
    lines = set()
    for line in requirements.read_text().splitlines():
        if line.startswith("-r "):
            lines |= course_pin_lines(requirements.parent / line.removeprefix("-r ").strip())
        else:
            lines.add(line.split("#", 1)[0].strip())
    return lines


def zip_environment(zip_path: Path) -> dict:
    """The conda environment file (``environment.yml``) an autograder zip asks for."""
    with zipfile.ZipFile(zip_path) as archive:
        return yaml.safe_load(archive.read("environment.yml"))


def pip_requirements(environment: dict) -> list[str]:
    (pip,) = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    return pip


@dataclass
class GradescopeRun:
    python: Path  # the fresh environment's interpreter
    unpacked: Path  # the zip whose requirements were installed, unpacked
    results: dict[tuple[str, str], Path]  # (set, "solved" or "blank") -> results/ folder
    log: str


def gradescope_folder(root: Path, zip_path: Path, notebook_path: Path) -> Path:
    """Lay out /autograder as Gradescope does: source/ (the zip), submission/, results/."""
    folder = root / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder / "source")
    (folder / "submission").mkdir(parents=True)
    (folder / "results").mkdir()
    (folder / "submission_metadata.json").write_text("{}")
    shutil.copyfile(notebook_path, folder / "submission" / notebook_path.name)
    return folder


def run_gradescope(course: assign.AssignedCourse, root: Path) -> GradescopeRun:
    """Grade a solved and a blank notebook of every set as Gradescope would (see conftest)."""
    first = course.sets[0].autograder.zip_path
    unpacked = root / "unpacked"
    with zipfile.ZipFile(first) as archive:
        archive.extractall(unpacked)
    environment = zip_environment(first)
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    # The grading image's conda packages other than Python and pip, then the zip's pip list,
    # with the wheel's path in the image mapped to the unpacked zip.
    requirements = [d for d in conda if not d.startswith(("python=", "pip"))] + [
        r.replace(GRADESCOPE_SOURCE, f"{unpacked}/") for r in pip_requirements(environment)
    ]
    python = make_venv(root / "venv", requirements)
    folders = {}
    for built in course.sets:
        notebook = built.student_notebook
        solved = submissions.write(
            submissions.answered(notebook, built.exercise), root / "made" / notebook.name
        )
        for kind, path in (("solved", solved), ("blank", notebook)):
            folders[(built.exercise.name, kind)] = gradescope_folder(
                root / built.exercise.name / kind, built.autograder.zip_path, path
            )
    script = root / "grade_all.py"
    script.write_text(GRADESCOPE_SCRIPT)
    env = {"PATH": f"{python.parent}:/usr/bin:/bin", "HOME": str(root / "home")}
    (root / "home").mkdir()
    everything = sorted(folders.values())
    halves = [everything[0::2], everything[1::2]]

    def run(half: list[Path]) -> str:
        done = subprocess.run(
            [str(python), str(script), *map(str, half)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        return done.stdout[-2000:] + done.stderr[-4000:]

    with ThreadPoolExecutor(max_workers=2) as pool:
        log = "\n".join(pool.map(run, halves))
    results = {key: folder / "results" for key, folder in folders.items()}
    return GradescopeRun(python, unpacked, results, log)


def read_results(results: Path) -> dict:
    path = results / "results.json"
    assert path.exists(), f"no results.json in {results}"
    return json.loads(path.read_text())


@dataclass
class BatchRun:
    folder: Path
    sheet: Path
    feedback: Path
    first: batch.BatchReport
    rows_after_first: dict[str, dict[str, str]]
    second: batch.BatchReport


#: Submissions of the batch run besides each set's wrong one, by file: what they are.
CORRUPT = "corrupt.ipynb"
ANOTHER_SET = "bob/turkeys-arms-trade.ipynb"  # who-buys-the-tb2's notebook, named after another set
WRITER = "writer/smith_1234_attempt2.ipynb"  # the-balancing-act solved, renamed, writes a file
DELETER = "deleter/the-balancing-act.ipynb"  # solved, and deletes the wheel it was given
LOOPER = "looper/other-theatres.ipynb"  # a cell that never ends (added for the second run)


def read_sheet(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as stream:
        return {row["submission"]: row for row in csv.DictReader(stream)}


def run_batch(course: assign.AssignedCourse, root: Path) -> BatchRun:
    """Grade the batch's submissions, then again with a notebook that never ends (see conftest)."""
    folder = root / "submissions"
    built = {b.exercise.name: b for b in course.sets}
    for name, b in built.items():
        wrong = submissions.first_wrong_question(b.exercise)
        submissions.write(
            submissions.answered(b.student_notebook, b.exercise, wrong=wrong),
            folder / f"{name}.ipynb",
        )
    text = built["turkeys-arms-trade"].student_notebook.read_text()
    (folder / CORRUPT).write_text(text[: len(text) // 2])
    (folder / "bob").mkdir()
    shutil.copyfile(built["who-buys-the-tb2"].student_notebook, folder / ANOTHER_SET)
    small = built["the-balancing-act"]
    solved = submissions.answered(small.student_notebook, small.exercise)
    submissions.write(
        submissions.with_cell(solved, 'open("notes.txt", "w").write("draft")\n'),
        folder / WRITER,
    )
    submissions.write(
        submissions.with_cell(
            solved, "import glob, os\nfor _wheel in glob.glob('*.whl'):\n    os.remove(_wheel)\n"
        ),
        folder / DELETER,
    )
    sheet = root / "grades.csv"
    feedback = root / "feedback"
    out = course.student_materials.parent
    first = batch.grade_folder(folder, sheet, out=out, jobs=2, feedback=feedback)
    rows = read_sheet(sheet)
    theatres = built["other-theatres"]
    submissions.write(
        submissions.with_cell(
            submissions.answered(theatres.student_notebook, theatres.exercise),
            "while True:\n    pass\n",
            at=1,
        ),
        folder / LOOPER,
    )
    second = batch.grade_folder(folder, sheet, out=out, jobs=2, timeout=SHORT_TIMEOUT)
    return BatchRun(folder, sheet, feedback, first, rows, second)
