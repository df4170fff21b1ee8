"""Every exercise set from master to grade sheet: assign, student materials, Gradescope, batch.

The expensive steps run once per session (``conftest.py``): ``balancing assign`` of
every set, every autograder zip run as Gradescope runs it in a fresh environment on
a solved and a blank notebook, and one batch run over a wrong submission of every
set and the awkward cases. The tests below read what those runs left.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import zipfile
from pathlib import Path

import dill
import nbformat
import numpy as np
import psutil
import pytest
from nbclient import NotebookClient

from balancing.escalation import evaluate, load_parameters, policy_table
from balancing.grading import environments, masters
from balancing.viz import RENDERER_VARIABLE

from support import leaks, submissions
from support.pipeline import (
    ANOTHER_SET,
    CORRUPT,
    DELETER,
    GRADESCOPE_SOURCE,
    LOOPER,
    SHORT_TIMEOUT,
    WRITER,
    course_pin_lines,
    pip_requirements,
    read_results,
    read_sheet,
    zip_environment,
)

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = masters.exercises()
NAMES = [e.name for e in EXERCISES]
PASSED = "All test cases passed"
WHERE_IS_THE_PACKAGE = """\
import balancing.paths
print(balancing.paths.__file__)
print(balancing.paths.package_file("references.bib"))
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def built_set(course, name: str):
    (built,) = [b for b in course.sets if b.exercise.name == name]
    return built


def points(exercise: masters.Exercise) -> dict[str, float]:
    return {q.name: q.points for q in submissions.computed_questions(exercise)}


# --- balancing assign ----------------------------------------------------------------------


def test_every_set_is_assigned(course):
    assert [b.exercise.name for b in course.sets] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_has_no_solution_and_only_public_tests(course, name):
    built = built_set(course, name)
    assert built.student_notebook.name == built.exercise.master.name
    student = nbformat.read(built.student_notebook, as_version=4)
    code = "\n".join(cell.source for cell in student.cells if cell.cell_type == "code")
    assert "# SOLUTION" not in code
    assert "# HIDDEN" not in code
    # Public tests travel in the notebook's metadata for grader.check; hidden ones must not.
    shipped = student.metadata["otter"]["tests"]
    for question in submissions.computed_questions(built.exercise):
        cases = shipped[question.name]["suites"][0]["cases"]
        assert not any(case["hidden"] for case in cases)
        assert len(cases) == len(question.test_cells) - len(question.hidden_tests)


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_records_its_master(course, name):
    built = built_set(course, name)
    stamp = nbformat.read(built.student_notebook, as_version=4).metadata["balancing"]
    assert stamp == {"exercise": name, "master_sha256": sha256(built.exercise.master)}


@pytest.mark.parametrize("name", NAMES)
def test_book_copy_is_what_assign_builds_now(course, name):
    # exercises/student/ is written by `make assign` and committed: the same master
    # gives the same bytes (otter's own cells get stable ids), so a stale copy shows here.
    copy = ROOT / "exercises" / "student" / f"{name}.ipynb"
    assert copy.read_bytes() == built_set(course, name).student_notebook.read_bytes(), (
        f"{copy.relative_to(ROOT)} differs from what `balancing assign` builds: run `make assign`"
    )


@pytest.mark.parametrize("name", NAMES)
def test_autograder_has_every_test_the_wheel_and_a_manifest(course, name):
    built = built_set(course, name)
    zip_path = built.autograder.zip_path
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
    computed = submissions.computed_questions(built.exercise)
    assert {f"tests/{q.name}.py" for q in computed} <= names
    assert any(re.fullmatch(r"files/balancing-[^/]+\.whl", n) for n in names), sorted(names)
    manifest = json.loads((zip_path.parents[1] / "manifest.json").read_text())
    assert manifest["autograder_sha256"] == sha256(zip_path)
    assert manifest["master_sha256"] == sha256(built.exercise.master)
    assert built.autograder.stale_reason() is None


# --- the student-materials tree -----------------------------------------------------------


def notebook_text(path: Path) -> str:
    """Every cell's source and every test case otter stored in the metadata."""
    notebook = nbformat.read(path, as_version=4)
    parts = [cell.source for cell in notebook.cells]
    for test in notebook.metadata.get("otter", {}).get("tests", {}).values():
        for suite in test["suites"]:
            parts += [case["code"] for case in suite["cases"]]
            assert not any(case["hidden"] for case in suite["cases"]), f"hidden test in {path}"
    return "\n".join(parts)


def test_student_materials_hold_no_solution_hidden_test_or_markup(course):
    tree = course.student_materials
    files = [p for p in tree.rglob("*") if p.is_file()]
    assert files
    found = {}
    for path in files:
        where = path.relative_to(tree).as_posix()
        if path.suffix == ".ipynb":
            found[where] = leaks.leaks_in(notebook_text(path), EXERCISES)
        elif path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                members = wheel.namelist()
                private = [
                    m for m in members if m.startswith(("balancing/grading", "balancing/cli"))
                ]
                found[where] = private + [
                    f"{member}: {leak}"
                    for member in members
                    if member.endswith((".py", ".txt", ".yaml", "RECORD", "METADATA"))
                    for leak in leaks.leaks_in(wheel.read(member).decode("utf-8"), EXERCISES)
                ]
        else:
            found[where] = leaks.leaks_in(path.read_text(encoding="utf-8"), EXERCISES)
    assert not {where: leak for where, leak in found.items() if leak}


def test_student_materials_are_ready_to_publish(course):
    tree = course.student_materials
    assert sorted(p.name for p in tree.glob("*.ipynb")) == sorted(f"{n}.ipynb" for n in NAMES)
    readme = (tree / "README.md").read_text()
    assert all(f"`{n}.ipynb`" in readme for n in NAMES)
    assert (tree / ".binder" / "runtime.txt").read_text().strip() == "python-3.11"
    lines = (tree / ".binder" / "requirements.txt").read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[^\s=]+", pin) for pin in pins), pins
    course_pins = course_pin_lines()
    assert set(pins) <= set(course_pins)
    assert {"otter-grader==7.0.0"} <= set(pins)
    assert any(pin.startswith("pandas==") for pin in pins)
    post_build = tree / ".binder" / "postBuild"
    (wheel,) = (tree / "wheels").glob("balancing-*.whl")
    assert f"wheels/{wheel.name}" in post_build.read_text()
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        record = archive.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
    assert "balancing/data/files/processed/arms_transfers.csv" in names
    assert sorted(line.split(",")[0] for line in record.splitlines()) == sorted(names)


# --- autograders on a Gradescope-like grading image --------------------------------------


def test_autograder_zips_ask_for_the_course_package_and_its_pins(course):
    environments_ = [zip_environment(b.autograder.zip_path) for b in course.sets]
    first = environments_[0]
    assert all(e == first for e in environments_), "the zips ask for different environments"
    assert "python=3.11" in first["dependencies"]
    pip = pip_requirements(first)
    course_pins = course_pin_lines()
    assert "otter-grader[grading,plugins]==7.0.0" in pip
    pinned = [r for r in pip if "==" in r and not r.startswith("otter-grader")]
    assert pinned and set(pinned) <= course_pins
    assert {"pandas==3.1.1", "numpy==2.4.6", "altair==6.3.0"} <= set(pinned)
    (wheel,) = [r for r in pip if r.endswith(".whl")]
    assert wheel.startswith(GRADESCOPE_SOURCE + "files/balancing-")
    with zipfile.ZipFile(course.sets[0].autograder.zip_path) as archive:
        assert wheel.removeprefix(GRADESCOPE_SOURCE) in archive.namelist()


def test_fresh_environment_runs_the_wheel_not_the_repository(gradescope):
    done = subprocess.run(
        [
            str(gradescope.python),
            "-c",
            WHERE_IS_THE_PACKAGE,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=gradescope.unpacked,
    )
    venv = gradescope.python.parents[1]
    for line in done.stdout.splitlines():
        assert Path(line).is_relative_to(venv), line


@pytest.mark.parametrize("name", NAMES)
def test_gradescope_gives_a_solved_notebook_full_marks(gradescope, name):
    results = read_results(gradescope.results[(name, "solved")])
    scores = {t["name"]: t["score"] for t in results["tests"] if "score" in t}
    exercise = masters.find_exercise(name)
    assert scores == points(exercise), gradescope.log[-3000:]


@pytest.mark.parametrize("name", NAMES)
def test_gradescope_gives_a_blank_notebook_zero_and_no_public_check_passes(gradescope, name):
    folder = gradescope.results[(name, "blank")]
    results = read_results(folder)
    exercise = masters.find_exercise(name)
    scores = {t["name"]: t["score"] for t in results["tests"] if "score" in t}
    assert scores == dict.fromkeys(points(exercise), 0.0), gradescope.log[-3000:]
    (public,) = [t for t in results["tests"] if t["name"] == "Public Tests"]
    for question in points(exercise):
        assert f"{question} results: {PASSED}" not in public["output"], (
            f"{question} accepts a blank answer"
        )
    # The blank notebook runs from top to bottom: no cell raised.
    with (folder / "results.pkl").open("rb") as stream:
        executed = dill.load(stream).notebook
    errors = [
        output.get("ename")
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors


# --- batch grading ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_batch_wrong_submission_loses_exactly_its_question(batch_run, name):
    row = batch_run.rows_after_first[f"{name}.ipynb"]
    exercise = masters.find_exercise(name)
    expected = points(exercise)
    expected[submissions.first_wrong_question(exercise)] = 0.0
    assert {q: float(row[q]) for q in expected} == expected
    assert float(row["total"]) == sum(expected.values())
    assert float(row["possible"]) == sum(points(exercise).values())
    assert row["exercise"] == name
    assert row["error"] == ""


@pytest.mark.parametrize("name", sorted(submissions.MISTAKES))
def test_batch_feedback_explains_a_plausible_mistake(batch_run, name):
    mistake = submissions.MISTAKES[name]
    text = (batch_run.feedback / f"{name}.ipynb.txt").read_text()
    sections = feedback_sections(text, list(points(masters.find_exercise(name))))
    assert mistake.feedback in sections[mistake.question]
    assert mistake.answer not in text, "the feedback gives the answer away"
    others = {q: t for q, t in sections.items() if q != mistake.question}
    assert others and all(PASSED in t for t in others.values()), others


def feedback_sections(text: str, questions: list[str]) -> dict[str, str]:
    """Split a feedback file into each question's part (from its heading to the next)."""
    starts = {q: re.search(rf"^{q}: ", text, re.M) for q in questions}
    assert all(starts.values()), f"a question has no section in:\n{text}"
    order = sorted(questions, key=lambda q: starts[q].start())
    ends = [starts[q].start() for q in order[1:]] + [len(text)]
    return {q: text[starts[q].start() : end] for q, end in zip(order, ends, strict=True)}


def test_batch_corrupt_notebook_gets_its_row_and_an_error(batch_run):
    row = batch_run.rows_after_first[CORRUPT]
    assert row["error"].startswith("not a readable notebook")
    assert row["exercise"] == row["total"] == row["autograder_sha256"] == ""


def test_batch_notebook_of_another_set_is_refused(batch_run):
    row = batch_run.rows_after_first[ANOTHER_SET]
    assert "'who-buys-the-tb2', not 'turkeys-arms-trade'" in row["error"]
    assert row["total"] == ""


def test_batch_notebook_that_writes_a_file_is_graded_and_flagged(batch_run):
    # The file was also renamed (as LMS exports do): its set comes from the notebook, and
    # it is graded under its own name, so its first cell (otter's) finds it.
    row = batch_run.rows_after_first[WRITER]
    assert "wrote files (submission/notes.txt)" in row["error"]
    exercise = masters.find_exercise("the-balancing-act")
    assert row["exercise"] == exercise.name
    assert float(row["total"]) == sum(points(exercise).values())
    assert row["note"] == ""


def test_batch_notebook_that_deletes_a_file_gets_no_score(batch_run):
    row = batch_run.rows_after_first[DELETER]
    assert "deleted or changed files" in row["error"]
    assert "balancing-" in row["error"]
    assert row["total"] == ""
    assert all(row[q] == "" for q in points(masters.find_exercise("the-balancing-act")))


def test_batch_rows_record_the_file_and_the_autograder(batch_run, course):
    zips = {b.exercise.name: sha256(b.autograder.zip_path) for b in course.sets}
    for key, row in batch_run.rows_after_first.items():
        assert row["submission_sha256"] == sha256(batch_run.folder / key)
        assert row["autograder_sha256"] == zips.get(row["exercise"], "")


def test_batch_sheet_is_replaced_whole_with_no_temporary_file_left(batch_run):
    assert sorted(p.name for p in batch_run.sheet.parent.iterdir() if p.is_file()) == ["grades.csv"]
    assert batch_run.first.graded == len(NAMES) + 2  # the corrupt and the other set's are refused


def test_batch_second_run_grades_only_the_new_notebook_and_keeps_every_row(batch_run):
    rows = read_sheet(batch_run.sheet)
    assert batch_run.second.graded == 1
    assert {key: rows[key] for key in batch_run.rows_after_first} == batch_run.rows_after_first


def test_batch_notebook_that_never_ends_is_stopped_with_its_kernel(batch_run):
    row = read_sheet(batch_run.sheet)[LOOPER]
    assert row["error"].startswith(f"not finished after {SHORT_TIMEOUT} s")
    assert row["total"] == ""
    workers = [
        p
        for p in psutil.process_iter(["cmdline"])
        if "balancing.grading.worker" in " ".join(p.info["cmdline"] or [])
    ]
    kernels = [
        p
        for p in psutil.process_iter(["cmdline", "cwd"])
        if "ipykernel" in " ".join(p.info["cmdline"] or [])
        and "balancing-grading-" in (p.info["cwd"] or "")
    ]
    assert not workers and not kernels


def test_pins_come_from_requirements_txt():
    pins = environments.read_pins(ROOT / "requirements.txt")
    assert pins["pandas"] == "pandas==3.1.1"
    assert pins["pyyaml"] == "PyYAML==6.0.4"
    assert "-e ." not in pins.values()


# --- the escalation set's live explorer in the student notebook ---------------------------

EXPLORER_WEIGHTS = {"west": 2.0, "moscow": 0.5}
EXPLORER_MOVES = """
import json as _json

from balancing.escalation.explorer import EscalationExplorer as _Explorer

_report = {"widget": isinstance(explorer, _Explorer), "chosen": explorer.current_policy()}
for _lever, _level in POLICY.items():
    explorer.levers[_lever].value = _level
for _interest, _weight in WEIGHTS.items():
    explorer.weights[_interest].value = _weight
_report |= {
    "utility": explorer.evaluation.utility,
    "rank": explorer.rank,
    "best": explorer.best_label,
    "summary": explorer._summary.value,
}
print(_json.dumps(_report))
"""


@pytest.fixture(scope="module")
def explorer_run(course) -> dict:
    """Run the escalation set's student notebook with the moves appended; return the report.

    The student version comes from the session's ``balancing assign`` (``course``); the
    moves change the live explorer's controls from code, as a student would with the
    mouse or the keyboard, and print what the explorer then shows. The expected values
    are computed here, outside the kernel, with the model itself.
    """
    built = built_set(course, "escalation-choices")
    notebook = nbformat.read(built.student_notebook, as_version=4)
    policy = load_parameters("war").actual_2022
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            EXPLORER_MOVES.replace("POLICY", repr(dict(policy))).replace(
                "WEIGHTS", repr(EXPLORER_WEIGHTS)
            )
        )
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(RENDERER_VARIABLE, "live")  # a student's kernel, not the book build
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(built.student_notebook.parent)}},
        ).execute()
    last = notebook.cells[-1].outputs
    text = "".join(output.get("text", "") for output in last if output.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def test_the_student_notebook_shows_the_live_explorer_with_nothing_chosen(explorer_run):
    assert explorer_run["widget"], "the student version should show the live explorer"
    assert explorer_run["chosen"] is None


def test_moving_the_explorer_from_code_updates_rank_and_utility(explorer_run):
    params = load_parameters("war")
    weights = params.weights("equal").copy()
    for interest, weight in EXPLORER_WEIGHTS.items():
        weights[params.interests.index(interest)] = weight
    expected = evaluate(params, params.actual_2022, weights)
    table = policy_table(params)
    utilities = table.utilities(weights)
    assert explorer_run["utility"] == pytest.approx(expected.utility)
    assert explorer_run["rank"] == 1 + int((utilities > expected.utility + 1e-12).sum())
    assert explorer_run["best"] == table.label(int(np.argmax(utilities)))
    assert f"rank {explorer_run['rank']} of {len(utilities)}" in explorer_run["summary"]
