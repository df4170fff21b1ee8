"""The grading machinery's parts on small inputs, without running otter.

Grade sheets (columns, resuming, atomic writes), the comparison of a grading folder
before and after a notebook ran, how a submission's set is told, the course's
additions to a master's configuration, the students' wheel, and stale autograders.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from balancing import launch
from balancing.grading import assign, autograders, batch, environments, masters, worker
from balancing.grading.fingerprints import package_sha256
from balancing.grading.sheet import GradeSheet, Row

from support.pipeline import course_pin_lines

ROOT = Path(__file__).resolve().parents[2]


# --- grade sheet -------------------------------------------------------------------------


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as stream:
        return list(csv.DictReader(stream))


def test_sheet_has_one_column_per_question_of_every_set_and_sorted_rows(tmp_path):
    sheet = GradeSheet.load(tmp_path / "grades.csv")
    sheet.put(Row("b.ipynb", "set-b", {"q1_b": 2.0}, 2.0, graded_at="t"), ["q1_b"])
    sheet.put(Row("a.ipynb", "set-a", {"q1_a": 1.0, "q2_a": 0.5}, 3.0), ["q1_a", "q2_a"])
    sheet.put(Row("c.ipynb", "", error="not a readable notebook"), [])
    sheet.write()
    with (tmp_path / "grades.csv").open(newline="") as stream:
        header = next(csv.reader(stream))
    assert header == [
        "submission",
        "exercise",
        "q1_b",
        "q1_a",
        "q2_a",
        "total",
        "possible",
        "error",
        "note",
        "submission_sha256",
        "autograder_sha256",
        "graded_at",
    ]
    rows = rows_of(tmp_path / "grades.csv")
    assert [r["submission"] for r in rows] == ["a.ipynb", "b.ipynb", "c.ipynb"]
    assert (rows[0]["q1_a"], rows[0]["q2_a"], rows[0]["q1_b"], rows[0]["total"]) == (
        "1",
        "0.5",
        "",
        "1.5",
    )
    assert (rows[2]["total"], rows[2]["possible"], rows[2]["error"]) == (
        "",
        "",
        "not a readable notebook",
    )


def test_sheet_reads_back_what_it_wrote(tmp_path):
    path = tmp_path / "grades.csv"
    sheet = GradeSheet.load(path)
    row = Row(
        "s/a.ipynb", "x", {"q1": 2.0, "q2": 0.0}, 4.0, "", "cell 3 (KeyError)", "ab", "cd", "t"
    )
    sheet.put(row, ["q1", "q2"])
    sheet.write()
    again = GradeSheet.load(path)
    assert "s/a.ipynb" in again and len(again) == 1
    assert again.row("s/a.ipynb") == row


def test_sheet_refuses_a_csv_it_did_not_write(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("name,email\nAda,ada@example.org\n")
    with pytest.raises(ValueError, match=r"not a grade sheet .*no column submission"):
        GradeSheet.load(path)


def test_sheet_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "grades.csv"
    sheet = GradeSheet.load(path)
    sheet.put(Row("a.ipynb", "x", {"q": 1.0}, 1.0), ["q"])
    sheet.write()
    before = path.read_bytes()
    # A failure while the new version is written leaves the old one intact.
    sheet.put(Row("b.ipynb", "x", {"q": 0.0}, 1.0), ["q"])

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr("balancing.grading.sheet.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        sheet.write()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


# --- what a notebook did to its grading folder -------------------------------------------


BEFORE = {
    "source/tests/q1.py": "t1",
    "source/files/balancing.whl": "w",
    "source/otter_config.json": "c",
    "submission/set.ipynb": "nb",
    "submission_metadata.json": "m",
}
#: What otter alone leaves: copies of the tests and files, its own files, the results.
OTTER_ALONE = {
    **BEFORE,
    "submission/tests/q1.py": "t1",
    "submission/balancing.whl": "w",
    "__init__.py": "e",
    "submission/__init__.py": "e",
    "submission/.OTTER_LOG": "log",
    "results/results.json": "r",
    "results/results.pkl": "p",
}


def test_otter_alone_changes_nothing_it_should_not():
    assert worker.folder_changes(BEFORE, OTTER_ALONE) == ([], [])


def test_a_new_file_is_reported_as_created():
    after = {**OTTER_ALONE, "submission/notes.txt": "x", "home.txt": "y"}
    assert worker.folder_changes(BEFORE, after) == (["home.txt", "submission/notes.txt"], [])


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("submission/tests/q1.py", "edited"),  # a test rewritten to pass
        ("submission/balancing.whl", None),  # a file it was given, deleted
        ("submission/set.ipynb", "edited"),  # the notebook itself
        ("source/tests/q1.py", None),
    ],
)
def test_a_deleted_or_changed_file_is_reported_as_tampered(path, change):
    after = dict(OTTER_ALONE)
    if change is None:
        del after[path]
    else:
        after[path] = change
    assert worker.folder_changes(BEFORE, after) == ([], [path])


def test_cells_that_raised_are_counted_in_the_submitted_notebook():
    submitted = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("m"), *(nbformat.v4.new_code_cell("x") for _ in "ab")]
    )
    executed = nbformat.from_dict(submitted)
    executed.cells.insert(0, nbformat.v4.new_code_cell("otter's own cell"))
    executed.cells[3].outputs = [
        nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])
    ]
    assert worker.cells_with_errors(submitted, executed) == "cell 3 (NameError) raised an error"
    assert worker.cells_with_errors(submitted, submitted) == ""


# --- which set a submission belongs to ------------------------------------------------------

KNOWN = {e.name: e for e in masters.exercises()}


def notebook_of(name: str | None, path: Path) -> batch.Submission:
    notebook = nbformat.v4.new_notebook()
    if name is not None:
        notebook.metadata["otter"] = {"assignment_name": name}
    nbformat.write(notebook, path)
    return batch.Submission(path, path.name)


def test_the_set_comes_from_the_notebook_whatever_its_file_name(tmp_path):
    submission = notebook_of("turkey-in-nato", tmp_path / "smith_1234_attempt2.ipynb")
    exercise, _ = batch.identify(submission, KNOWN, None)
    assert exercise.name == "turkey-in-nato"


@pytest.mark.parametrize(
    ("recorded", "file_name", "expected", "message"),
    [
        (None, "x.ipynb", None, "does not say which exercise set it is"),
        ("quantum-physics", "x.ipynb", None, "'quantum-physics', which is no exercise set"),
        ("turkey-in-nato", "turkeys-arms-trade.ipynb", None, "not 'turkeys-arms-trade' (its file"),
        ("turkey-in-nato", "x.ipynb", "other-theatres", "not 'other-theatres' (--exercise)"),
    ],
)
def test_a_submission_of_no_or_another_set_is_refused(
    tmp_path, recorded, file_name, expected, message
):
    submission = notebook_of(recorded, tmp_path / file_name)
    wanted = KNOWN[expected] if expected else None
    with pytest.raises(batch.SubmissionError, match=re.escape(message)):
        batch.identify(submission, KNOWN, wanted)


def test_a_damaged_notebook_is_refused(tmp_path):
    path = tmp_path / "turkey-in-nato.ipynb"
    path.write_bytes(b'{"cells": [{"cell_type": "co')
    with pytest.raises(batch.SubmissionError, match="not a readable notebook"):
        batch.identify(batch.Submission(path, path.name), KNOWN, None)


def test_submissions_are_found_in_sub_folders_without_checkpoints(tmp_path):
    for name in ("a.ipynb", "alice/b.ipynb", "alice/.ipynb_checkpoints/b-checkpoint.ipynb"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    (tmp_path / "notes.txt").write_text("")
    assert [s.key for s in batch.find_submissions(tmp_path)] == ["a.ipynb", "alice/b.ipynb"]
    (tmp_path / "alice" / "b.ipynb").unlink()
    with pytest.raises(FileNotFoundError, match="no notebook"):
        batch.find_submissions(tmp_path / "alice")


# --- the course's environment in the autograder -------------------------------------------


def test_staged_config_adds_pins_the_wheel_and_python_3_11():
    wheel = Path("balancing-0.1.0-py3-none-any.whl")
    config = {
        "name": "x",
        "init_cell": False,
        "requirements": ["scipy==1.0"],
        "autograder_files": ["data.csv"],
    }
    staged = assign.staged_config(config, wheel)
    assert staged["python_version"] == "3.11"
    assert staged["autograder_files"] == ["data.csv", wheel.name]
    requirements = staged["requirements"]
    assert requirements[-2:] == [f"/autograder/source/files/{wheel.name}", "scipy==1.0"]
    pins = course_pin_lines()
    assert set(requirements[:-2]) <= pins and "pandas==3.1.1" in requirements
    assert config["requirements"] == ["scipy==1.0"] and config["autograder_files"] == ["data.csv"]


def test_staged_config_follows_another_autograder_folder():
    config = {"init_cell": False, "generate": {"autograder_dir": "/grader/"}}
    staged = assign.staged_config(config, Path("w.whl"))
    assert "/grader/source/files/w.whl" in staged["requirements"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"init_cell": False, "requirements": "requirements.txt"}, "must be a list"),
        ({"init_cell": False, "python_version": 3.12}, "3.11"),
        # otter's own first cell would import otter before the set-up cell installs it (Colab)
        ({}, "`init_cell` .* must be false"),
        ({"init_cell": True}, "`init_cell` .* must be false"),
    ],
)
def test_staged_config_refuses_what_it_cannot_extend(config, message):
    with pytest.raises(ValueError, match=message):
        assign.staged_config(config, Path("w.whl"))


def test_pinned_names_a_package_without_an_exact_pin(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# pins\npandas==3.1.1  # data\nnumpy>=2\n-e .\n")
    assert environments.pinned(["Pandas"], requirements) == ["pandas==3.1.1"]
    with pytest.raises(environments.EnvironmentSpecError, match=r"no exact pin .* numpy"):
        environments.pinned(["pandas", "numpy"], requirements)


def test_pins_are_read_from_included_requirement_files(tmp_path):
    (tmp_path / ".binder").mkdir()
    (tmp_path / ".binder" / "requirements.txt").write_text("PyYAML==6.0.4\nnumpy==2.4.6\n")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("-r .binder/requirements.txt\nnumpy==2.4.7\nruff==0.17.6\n")
    assert environments.pinned(["pyyaml", "numpy", "ruff"], requirements) == [
        "PyYAML==6.0.4",
        "numpy==2.4.7",
        "ruff==0.17.6",
    ]


def test_student_wheel_leaves_out_grading_and_the_command(tmp_path):
    wheel = tmp_path / "balancing-0.1.0-py3-none-any.whl"
    members = {
        "balancing/__init__.py": "",
        "balancing/grading/answer_keys.py": "secret",
        "balancing/cli.py": "command",
        "balancing/data/files/x.csv": "a,b\n",
        "balancing-0.1.0.dist-info/entry_points.txt": "[console_scripts]\n",
    }
    record = "".join(f"{name},sha256=x,1\n" for name in members) + (
        "balancing-0.1.0.dist-info/RECORD,,\n"
    )
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
        archive.writestr("balancing-0.1.0.dist-info/RECORD", record)
    copy = environments.student_wheel(wheel, tmp_path / "students")
    with zipfile.ZipFile(copy) as archive:
        names = sorted(archive.namelist())
        kept_record = archive.read("balancing-0.1.0.dist-info/RECORD").decode()
    expected = [
        "balancing-0.1.0.dist-info/RECORD",
        "balancing/__init__.py",
        "balancing/data/files/x.csv",
    ]
    assert names == expected
    assert sorted(line.split(",")[0] for line in kept_record.splitlines()) == expected


# --- stale autograders ----------------------------------------------------------------------


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def recorded(tmp_path):
    """An autograder recorded for a copy of a master, with a zip of fixed bytes."""
    master = tmp_path / "exercises" / "turkey-in-nato.ipynb"
    master.parent.mkdir()
    master.write_bytes(masters.find_exercise("turkey-in-nato").master.read_bytes())
    exercise = masters.Exercise(master)
    zip_path = tmp_path / "out" / exercise.name / "autograder" / "ag.zip"
    zip_path.parent.mkdir(parents=True)
    zip_path.write_bytes(b"zip bytes")
    autograder = autograders.Autograder(
        exercise, zip_path, sha(b"zip bytes"), sha(master.read_bytes()), package_sha256()
    )
    autograders.write_manifest(autograder, tmp_path / "out")
    return autograder


def test_a_current_autograder_is_used_as_it_is(recorded, monkeypatch):
    def no_rebuild(*args, **kwargs):
        raise AssertionError("a current autograder was rebuilt")

    monkeypatch.setattr(assign, "assign", no_rebuild)
    out = recorded.zip_path.parents[2]
    assert assign.current_autograder(recorded.exercise, out) == recorded


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ("master", "turkey-in-nato.ipynb changed after its autograder was built"),
        ("zip", "its zip ag.zip is missing or was changed"),
        ("manifest", "is not an autograder manifest"),
    ],
)
def test_a_stale_autograder_is_rebuilt_and_said_why(recorded, monkeypatch, edit, reason):
    out = recorded.zip_path.parents[2]
    if edit == "master":
        recorded.exercise.master.write_text(recorded.exercise.master.read_text() + "\n")
    elif edit == "zip":
        recorded.zip_path.write_bytes(b"another zip")
    else:
        (out / "turkey-in-nato" / "manifest.json").write_text("{}")
    rebuilt = []
    fresh = autograders.Autograder(recorded.exercise, recorded.zip_path, "new", "m", "p")

    def fake_assign(exercise, folder):
        rebuilt.append((exercise, folder))
        return assign.AssignedExercise(exercise, Path("student.ipynb"), fresh)

    monkeypatch.setattr(assign, "assign", fake_assign)
    messages = []
    assert assign.current_autograder(recorded.exercise, out, messages.append) == fresh
    assert rebuilt == [(recorded.exercise, out.resolve())]
    assert len(messages) == 1 and reason in messages[0] and "balancing assign" in messages[0]


def test_manifest_records_hashes_by_name(recorded):
    out = recorded.zip_path.parents[2]
    record = json.loads((out / "turkey-in-nato" / "manifest.json").read_text())
    assert record["autograder"] == "autograder/ag.zip"
    assert record["autograder_sha256"] == sha(b"zip bytes")
    assert record["master_sha256"] == sha(recorded.exercise.master.read_bytes())


def test_the_student_set_up_cell_gets_the_grader_and_its_checks():
    setup = launch.setup_cell_source("")
    checks = {"q1": {"name": "q1", "points": 1, "suites": []}}
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A set"),
            nbformat.v4.new_code_cell(setup, metadata={"tags": [launch.SETUP_TAG]}),
            nbformat.v4.new_code_cell('grader.check("q1")'),
        ],
        metadata={"otter": {"tests": checks}},
    )
    assign.give_grader_to_setup_cell(notebook, "a-set.ipynb")
    expected = launch.student_setup_cell_source(setup, "a-set.ipynb", checks)
    assert notebook.cells[1].source == expected
    assert notebook.cells[2].source == 'grader.check("q1")'


def test_a_student_notebook_without_a_set_up_cell_first_is_refused():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import otter")])
    with pytest.raises(ValueError, match=r"a-set\.ipynb: the first code cell must be the set-up"):
        assign.give_grader_to_setup_cell(notebook, "a-set.ipynb")
