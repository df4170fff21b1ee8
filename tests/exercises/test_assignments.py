"""Every exercise set goes through otter-grader end to end.

Each master notebook in ``exercises/`` is found automatically. For each one:
``otter assign`` succeeds (it grades the solutions against their own tests) and
writes a student notebook without solutions or hidden tests; a correct submission,
made from the student notebook, gets full marks; a submission with one wrong answer
loses exactly that question's points; the blank student notebook runs from top to
bottom; nbval runs the master. Then the ``balancing`` command's errors.

otter runs in subprocesses (see :mod:`balancing.grading.otter`), two exercise sets at
a time. Each set costs four runs (assign, two gradings, the blank notebook) of a few
seconds each on an idle machine; ``-k <set-name>`` runs the tests of one set only.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from balancing import cli
from balancing.grading import assign, grade, masters

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = masters.exercises()
ANSWER_TAG = "otter_answer_cell"
JUPYTER_EXECUTE = Path(sys.executable).parent / "jupyter-execute"


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong answer: ``find`` replaced by ``replace`` in one question's solution."""

    question: str
    find: str
    replace: str
    feedback: str  # what the public tests must say about it
    answer: str  # the correct answer, counted by hand: the feedback must not show it


#: Realistic mistakes for some sets; the others get their first computed answer left blank.
MISTAKES = {
    # Counting rows instead of recipients. Answer counted by hand in the raw file (rows
    # whose supplier is Turkiye): 9 rows and 5 recipients in 2010, 11 and 8 in 2015, 32 and
    # 25 in 2024.
    "turkeys-arms-trade": Mistake(
        question="q1_recipients",
        find=".nunique()",
        replace=".size()",
        feedback="count each recipient once",
        answer="{2010: 5, 2015: 8, 2024: 25}",
    ),
    # A question in three steps (partial credit): applying the change of all arrivals,
    # Russia's included, spoils step 1 and with it steps 2 and 3. Answer computed by hand
    # from the raw EVDS file: 3,652,430 x (25,265,406 - 855,714) / (35,592,160 - 3,652,430)
    # = 2,791,341.4 expected arrivals from Russia in 2016.
    "russian-connection": Mistake(
        question="q1_counterfactual",
        find='others = wide["Total"] - wide["Russia"]',
        replace='others = wide["Total"]',
        feedback="leave Russia out of the total first",
        answer="2791341",
    ),
}


def computed_questions(exercise: masters.Exercise) -> list[masters.Question]:
    return [q for q in masters.read_questions(exercise.master) if not q.manual]


def submission_from_student_notebook(
    built: assign.AssignedExercise, folder: Path, wrong: str | None = None
) -> Path:
    """Fill the student notebook's answer cells with the master's solutions.

    With ``wrong`` naming a question, that question gets a wrong answer: the
    exercise's :data:`MISTAKES` entry if it has one, else the blank answer as handed out.
    """
    notebook = nbformat.read(built.student_notebook, as_version=4)
    answers = [cell for cell in notebook.cells if ANSWER_TAG in cell.metadata.get("tags", [])]
    solutions = [
        (question, cell)
        for question in masters.read_questions(built.exercise.master)
        for cell in question.solution_cells
    ]
    assert len(answers) == len(solutions), (
        f"{built.exercise.name}: the student notebook has {len(answers)} answer cells but the "
        f"master has {len(solutions)} solution cells"
    )
    mistake = MISTAKES.get(built.exercise.name)
    for answer, (question, solution) in zip(answers, solutions, strict=True):
        assert answer.cell_type == solution.cell_type
        if question.name != wrong:
            answer.source = solution.source
        elif mistake is not None and mistake.question == wrong:
            assert mistake.find in solution.source, f"{mistake} does not apply to the solution"
            answer.source = solution.source.replace(mistake.find, mistake.replace)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / built.student_notebook.name
    nbformat.write(notebook, path)
    return path


def first_wrong_question(exercise: masters.Exercise) -> str:
    mistake = MISTAKES.get(exercise.name)
    return mistake.question if mistake else computed_questions(exercise)[0].name


@dataclass
class Pipeline:
    """What otter produced for one exercise set; an exception where a step failed."""

    built: assign.AssignedExercise | Exception
    correct: grade.GradeReport | Exception | None = None
    wrong: grade.GradeReport | Exception | None = None
    blank: nbformat.NotebookNode | Exception | None = None  # the executed student notebook


def run_pipeline(exercise: masters.Exercise, out: Path, scratch: Path) -> Pipeline:
    """Assign one set, then grade a correct and a wrong submission built from it."""
    try:
        built = assign.assign(exercise, out)
    except Exception as error:  # reported by the test that needs it
        return Pipeline(error)
    result = Pipeline(built)
    for field, wrong in (("correct", None), ("wrong", first_wrong_question(exercise))):
        try:
            submission = submission_from_student_notebook(built, scratch / field, wrong=wrong)
            setattr(result, field, grade.grade(submission, exercise, out))
        except Exception as error:
            setattr(result, field, error)
    try:
        result.blank = execute(built.student_notebook, scratch / "blank")
    except Exception as error:
        result.blank = error
    return result


@pytest.fixture(scope="module")
def pipelines(request, tmp_path_factory) -> dict[str, Pipeline]:
    """Run the pipeline of every selected set once, two sets at a time.

    Only the sets whose tests were selected run (``-k who-buys-the-tb2`` runs one).
    """
    selected = set()
    for item in request.session.items:
        params = getattr(item, "callspec", None)
        if getattr(item, "module", None) is request.module and params is not None:
            value = params.params.get("exercise") or params.params.get("name")
            selected.add(value.name if isinstance(value, masters.Exercise) else value)
    out = tmp_path_factory.mktemp("assign")
    scratch = tmp_path_factory.mktemp("submissions")
    chosen = [e for e in EXERCISES if e.name in selected]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {e.name: pool.submit(run_pipeline, e, out, scratch / e.name) for e in chosen}
        return {name: future.result() for name, future in futures.items()}


def outcome(value: object) -> object:
    """Return a pipeline step's result, or re-raise the step's failure."""
    if isinstance(value, Exception):
        raise value
    return value


def execute(notebook: Path, folder: Path) -> nbformat.NotebookNode:
    """Copy ``notebook`` to ``folder`` and run it there top to bottom (``jupyter execute``).

    Raises
    ------
    AssertionError
        If a cell raises; the message has the end of the traceback.
    """
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / notebook.name
    copy.write_bytes(notebook.read_bytes())
    done = subprocess.run(
        [str(JUPYTER_EXECUTE), "--inplace", "--timeout=300", copy.name],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{notebook.name} crashed:\n{done.stderr[-3000:]}"
    return nbformat.read(copy, as_version=4)


def check_outputs(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Text printed by each ``grader.check("name")`` cell, by question name."""
    outputs = {}
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("grader.check("):
            name = cell.source.split('"')[1]
            outputs[name] = "\n".join(
                output.get("data", {}).get("text/plain", "") + output.get("text", "")
                for output in cell.outputs
            )
    return outputs


def test_there_is_at_least_one_exercise_set():
    assert EXERCISES, f"no master notebook in {masters.exercises_dir()}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_master_follows_the_format(exercise):
    questions = masters.read_questions(exercise.master)
    assert questions, f"{exercise.master.name} has no # BEGIN QUESTION block"
    for question in questions:
        assert question.solution_cells, f"{question.name} has no solution"
        if question.manual:
            assert not question.test_cells, f"written question {question.name} has tests"
            continue
        public = [c for c in question.test_cells if c not in question.hidden_tests]
        assert public, f"{question.name} needs at least one public test"
        assert question.hidden_tests, f"{question.name} needs at least one hidden test"
        for cell in question.test_cells:
            assert "remove-cell" in cell.metadata.get("tags", []), (
                f"a test of {question.name} is not tagged remove-cell: the book would publish it"
            )


def names_used_but_not_bound(source: str) -> set[str]:
    """Private names (``_x``) that a cell reads without importing or assigning them itself."""
    tree = ast.parse(source)
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    used = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    return {name for name in used - bound if name.startswith("_")}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_every_test_cell_stands_alone(exercise):
    # otter runs each test against the student's notebook, where no other test cell ran:
    # a test that relies on an earlier test's import fails for every student.
    leaning = {
        question.name: sorted(names_used_but_not_bound(cell.source))
        for question in masters.read_questions(exercise.master)
        for cell in question.test_cells
        if names_used_but_not_bound(cell.source)
    }
    assert not leaning, f"test cells use names they do not define: {leaning}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_assign_writes_student_notebook_and_autograder(exercise, pipelines):
    # otter assign fails if a solution of the master does not pass its own tests.
    built = outcome(pipelines[exercise.name].built)
    assert built.student_notebook.name == exercise.master.name
    student = nbformat.read(built.student_notebook, as_version=4)
    code = "\n".join(cell.source for cell in student.cells if cell.cell_type == "code")
    assert "# SOLUTION" not in code
    assert "# HIDDEN" not in code
    # Public tests travel in the notebook's metadata for grader.check; hidden ones must not.
    shipped = student.metadata["otter"]["tests"]
    for question in computed_questions(exercise):
        cases = shipped[question.name]["suites"][0]["cases"]
        assert not any(case["hidden"] for case in cases)
        assert len(cases) == len(question.test_cells) - len(question.hidden_tests)
    with zipfile.ZipFile(built.autograder_zip) as archive:
        names = set(archive.namelist())
    assert {f"tests/{q.name}.py" for q in computed_questions(exercise)} <= names


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_correct_submission_gets_full_marks(exercise, pipelines):
    report = outcome(pipelines[exercise.name].correct)
    assert report.scores() == {q.name: q.points for q in computed_questions(exercise)}
    written = [q.name for q in masters.read_questions(exercise.master) if q.manual]
    assert [q.name for q in report.questions if q.manual] == written


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_one_wrong_answer_loses_exactly_its_points(exercise, pipelines):
    report = outcome(pipelines[exercise.name].wrong)
    expected = {q.name: q.points for q in computed_questions(exercise)}
    expected[first_wrong_question(exercise)] = 0.0
    assert report.scores() == expected


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_blank_student_notebook_runs_and_every_check_fails(exercise, pipelines):
    outputs = check_outputs(outcome(pipelines[exercise.name].blank))
    assert set(outputs) == {q.name for q in computed_questions(exercise)}
    for name, text in outputs.items():
        assert "All test cases passed" not in text, f"{name} accepts a blank answer"


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_feedback_explains_a_plausible_mistake(name, pipelines, tmp_path):
    mistake = MISTAKES[name]
    built = outcome(pipelines[name].built)
    submission = submission_from_student_notebook(built, tmp_path, wrong=mistake.question)
    outputs = check_outputs(execute(submission, tmp_path / "run"))
    assert mistake.feedback in outputs[mistake.question]
    assert mistake.answer not in outputs[mistake.question], "the feedback gives the answer away"
    others = {q: text for q, text in outputs.items() if q != mistake.question}
    assert all("All test cases passed" in text for text in others.values()), others


def test_nbval_runs_every_master():
    # One nbval run for all masters (two workers): it runs every solution and test cell.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadfile",
            *(str(exercise.master) for exercise in EXERCISES),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_unknown_exercise_is_named_with_the_known_ones():
    with pytest.raises(masters.UnknownExerciseError, match="turkeys-arms-trade"):
        masters.find_exercise("turkeys-arms-trades")


@pytest.mark.parametrize(
    ("first_line", "hidden"),
    [("# HIDDEN", True), ("# hidden test", True), ("# check the type", False), ("x = 1", False)],
)
def test_hidden_tests_are_recognised_as_otter_does(first_line, hidden):
    assert masters.is_hidden_test(f"{first_line}\nassert True") is hidden


def test_master_with_an_unclosed_question_is_refused(tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: q1\npoints: 1")]
    )
    master = tmp_path / "broken.ipynb"
    nbformat.write(notebook, master)
    with pytest.raises(ValueError, match=r"broken.ipynb: question 'q1' is never closed"):
        masters.read_questions(master)


def test_cli_grade_reports_a_missing_submission(capsys):
    assert cli.main(["grade", "no-such-notebook.ipynb"]) == 1
    assert "submission not found: no-such-notebook.ipynb" in capsys.readouterr().err


def test_cli_grade_refuses_a_file_that_is_not_a_notebook(tmp_path, capsys):
    text = tmp_path / "answers.txt"
    text.write_text("2020\n")
    assert cli.main(["grade", str(text)]) == 1
    assert "expected a Jupyter notebook (.ipynb)" in capsys.readouterr().err


def test_cli_grade_needs_the_exercise_when_the_name_does_not_say(tmp_path, capsys):
    renamed = tmp_path / "alice.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), renamed)
    assert cli.main(["grade", str(renamed)]) == 1
    assert "name it with --exercise NAME" in capsys.readouterr().err


def test_cli_grade_reports_an_unknown_exercise(tmp_path, capsys):
    submission = tmp_path / "turkeys-arms-trade.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), submission)
    assert cli.main(["grade", str(submission), "--exercise", "nope"]) == 1
    assert "unknown exercise 'nope'" in capsys.readouterr().err


def test_cli_grade_names_the_exercise_from_the_file_and_prints_each_question(
    tmp_path, capsys, monkeypatch
):
    # otter itself is exercised above; here only the command line's own work.
    submission = tmp_path / "turkeys-arms-trade.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), submission)
    calls = []

    def fake_grade(path, exercise, out):
        calls.append((path, exercise.name, out))
        scores = (
            grade.QuestionScore("q1_recipients", 2.0, 0.0),
            grade.QuestionScore("q2_exports_exceed_imports", 2.0, 2.0),
            grade.QuestionScore("q3_interpretation", 4.0, None),
        )
        return grade.GradeReport(exercise, path, scores)

    monkeypatch.setattr(grade, "grade", fake_grade)
    assert cli.main(["grade", str(submission), "--out", str(tmp_path / "out")]) == 0
    assert calls == [(submission, "turkeys-arms-trade", tmp_path / "out")]
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:] == [
        "q1_recipients              0 / 2",
        "q2_exports_exceed_imports  2 / 2",
        "q3_interpretation          - / 4  written: grade by hand",
        "total (automatic)          2 / 4",
    ]
