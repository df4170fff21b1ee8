"""The master notebooks follow the format that otter-grader and the course's tools read.

Cheap checks on the masters themselves (no otter run): every question has a solution,
every computed question public and hidden tests tagged ``remove-cell``, every test
cell stands alone; and how :mod:`balancing.grading.masters` reads the markup.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from balancing.grading import masters

EXERCISES = masters.exercises()


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


def test_questions_know_where_their_solutions_are():
    cells = [
        nbformat.v4.new_markdown_cell("intro"),
        nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: q1\npoints: 2"),
        nbformat.v4.new_markdown_cell("prompt"),
        nbformat.v4.new_raw_cell("# BEGIN SOLUTION"),
        nbformat.v4.new_code_cell("x = 1  # SOLUTION"),
        nbformat.v4.new_markdown_cell("more"),
        nbformat.v4.new_raw_cell("# END SOLUTION"),
        nbformat.v4.new_raw_cell("# END QUESTION"),
    ]
    (question,) = masters.parse_questions(nbformat.v4.new_notebook(cells=cells), "t.ipynb")
    assert question.solution_indices == (4, 5)
    assert question.points == 2.0


def question_config(exercise: masters.Exercise, name: str) -> str:
    """The text of a question's ``# BEGIN QUESTION`` cell."""
    notebook = nbformat.read(exercise.master, as_version=4)
    (config,) = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "raw"
        and cell.source.startswith("# BEGIN QUESTION")
        and re.search(rf"^name:\s*{name}\s*$", cell.source, re.MULTILINE)
    ]
    return config


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_every_set_has_a_multiple_choice_question_and_one_in_steps(exercise):
    # exercises/README.md: a letter stored by the solution; a point per step, each step
    # with its hidden test, public tests worth nothing, no all_or_nothing.
    computed = [q for q in masters.read_questions(exercise.master) if not q.manual]
    choice = re.compile(r'^\w+ = "[a-d]"  # SOLUTION$', re.MULTILINE)  # one letter stored
    multiple_choice = [
        q.name for q in computed if any(choice.search(c.source) for c in q.solution_cells)
    ]
    in_steps = [
        q.name
        for q in computed
        if len(q.hidden_tests) >= 2
        and q.points == len(q.hidden_tests)
        and "all_or_nothing" not in question_config(exercise, q.name)
        and all(
            re.search(r"^points:\s*0\s*$", c.source, re.MULTILINE)
            for c in q.test_cells
            if c not in q.hidden_tests
        )
    ]
    assert multiple_choice, f"{exercise.name} has no multiple-choice question"
    assert in_steps, f"{exercise.name} has no question in steps with a point per step"


def how_to_work_template() -> str:
    """The "How to work" paragraph that exercises/README.md tells authors to copy."""
    readme = (masters.exercises_dir() / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^```markdown\n(## How to work\n.*?)\n```$", readme, re.S | re.M)
    assert found, "exercises/README.md has lost its template of the How to work paragraph"
    return found[1]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_every_set_has_the_how_to_work_paragraph_of_the_template(exercise):
    template = how_to_work_template()
    cells = nbformat.read(exercise.master, as_version=4).cells
    assert any(template in cell.source for cell in cells if cell.cell_type == "markdown"), (
        f"{exercise.master.name}: copy the How to work paragraph of exercises/README.md as it is"
    )
