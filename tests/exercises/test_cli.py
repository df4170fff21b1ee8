"""The ``balancing`` command line's own work: arguments, messages, exit codes.

Grading itself is exercised in ``test_pipeline.py``; here it is replaced by fakes
where a test needs one.
"""

from __future__ import annotations

import nbformat
import pytest

from balancing import cli
from balancing.grading import batch, grade, masters
from balancing.grading.sheet import Row


def test_cli_grade_reports_a_missing_submission(capsys):
    assert cli.main(["grade", "no-such-notebook.ipynb"]) == 1
    assert "submission not found: no-such-notebook.ipynb" in capsys.readouterr().err


def test_cli_grade_refuses_a_file_that_is_not_a_notebook(tmp_path, capsys):
    text = tmp_path / "answers.txt"
    text.write_text("2020\n")
    assert cli.main(["grade", str(text)]) == 1
    assert "expected a Jupyter notebook (.ipynb)" in capsys.readouterr().err


def test_cli_grade_refuses_a_notebook_that_names_no_exercise_set(tmp_path, capsys):
    renamed = tmp_path / "alice.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), renamed)
    assert cli.main(["grade", str(renamed)]) == 1
    assert "does not say which exercise set it is" in capsys.readouterr().err


def test_cli_grade_reports_an_unknown_exercise(tmp_path, capsys):
    submission = tmp_path / "turkeys-arms-trade.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), submission)
    assert cli.main(["grade", str(submission), "--exercise", "nope"]) == 1
    assert "unknown exercise 'nope'" in capsys.readouterr().err


def test_cli_grade_refuses_a_time_limit_that_is_not_positive(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["grade", str(tmp_path), "--timeout", "0"])
    assert stop.value.code == 2
    assert "expected a positive number" in capsys.readouterr().err


def test_cli_grade_prints_each_question_of_one_notebook(tmp_path, capsys, monkeypatch):
    submission = tmp_path / "turkeys-arms-trade.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), submission)
    calls = []

    def fake_grade(path, sheet_path, **options):
        calls.append((path, sheet_path, options["out"], options["exercise"]))
        scores = (
            grade.QuestionScore("q1_recipients", 2.0, 0.0),
            grade.QuestionScore("q2_exports_exceed_imports", 2.0, 2.0),
            grade.QuestionScore("q3_interpretation", 4.0, None),
        )
        exercise = masters.find_exercise("turkeys-arms-trade")
        return grade.GradeReport(exercise, path, scores, ("cell 7 (NameError) raised an error",))

    monkeypatch.setattr(grade, "grade", fake_grade)
    argv = ["grade", str(submission), "--autograders", str(tmp_path / "out")]
    assert cli.main(argv) == 0
    assert calls == [(submission, None, tmp_path / "out", None)]
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:] == [
        "q1_recipients              0 / 2",
        "q2_exports_exceed_imports  2 / 2",
        "q3_interpretation          - / 4  written: grade by hand",
        "total (automatic)          2 / 4",
        "cell 7 (NameError) raised an error",
    ]


def test_cli_grade_needs_a_sheet_for_a_folder(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path)]) == 1
    assert "add --out grades.csv" in capsys.readouterr().err


def test_cli_grade_sums_up_a_folder(tmp_path, capsys, monkeypatch):
    def fake_grade_folder(folder, sheet_path, **options):
        assert (folder, sheet_path, options["jobs"], options["regrade"]) == (
            tmp_path,
            tmp_path / "g.csv",
            3,
            True,
        )
        outcomes = [
            batch.Outcome(Row("a.ipynb", "x", {"q": 1.0}, 1.0, autograder_sha256="f"), graded=True),
            batch.Outcome(Row("b.ipynb", "x", {"q": 0.0}, 1.0, autograder_sha256="f")),
            batch.Outcome(Row("c.ipynb", "", error="not a readable notebook")),
        ]
        return batch.BatchReport(outcomes, sheet_path)

    monkeypatch.setattr(batch, "grade_folder", fake_grade_folder)
    argv = ["grade", str(tmp_path), "--out", str(tmp_path / "g.csv"), "--jobs", "3", "--regrade"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "3 submission(s): 1 graded now, 1 kept from before, 1 with an error" in out


def test_cli_grade_says_how_to_resume_when_interrupted(tmp_path, capsys, monkeypatch):
    def interrupted(folder, sheet_path, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "grade_folder", interrupted)
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "g.csv")]) == 130
    assert "run the same command again" in capsys.readouterr().err
