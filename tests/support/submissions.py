"""Submissions made from a student notebook, as a student would hand them in.

A *solved* submission is the student notebook with each answer cell replaced
by the master's solution; a *wrong* one gets one question wrong: a realistic
mistake from :data:`MISTAKES` where the set has one, otherwise the answer left
as handed out (``...``). Used by ``tests/exercises`` and ``benchmarks/grading.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from balancing.grading import masters

ANSWER_TAG = "otter_answer_cell"


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


def first_wrong_question(exercise: masters.Exercise) -> str:
    """The question a wrong submission of ``exercise`` gets wrong."""
    mistake = MISTAKES.get(exercise.name)
    return mistake.question if mistake else computed_questions(exercise)[0].name


def answered(
    student_notebook: Path, exercise: masters.Exercise, wrong: str | None = None
) -> nbformat.NotebookNode:
    """The student notebook with the master's solutions in its answer cells.

    With ``wrong`` naming a question, that question gets a wrong answer: the
    exercise's :data:`MISTAKES` entry if it has one, else the blank answer as handed out.
    """
    notebook = nbformat.read(student_notebook, as_version=4)
    answers = [cell for cell in notebook.cells if ANSWER_TAG in cell.metadata.get("tags", [])]
    solutions = [
        (question, cell)
        for question in masters.read_questions(exercise.master)
        for cell in question.solution_cells
    ]
    assert len(answers) == len(solutions), (
        f"{exercise.name}: the student notebook has {len(answers)} answer cells but the "
        f"master has {len(solutions)} solution cells"
    )
    mistake = MISTAKES.get(exercise.name)
    for answer, (question, solution) in zip(answers, solutions, strict=True):
        assert answer.cell_type == solution.cell_type
        if question.name != wrong:
            answer.source = solution.source
        elif mistake is not None and mistake.question == wrong:
            assert mistake.find in solution.source, f"{mistake} does not apply to the solution"
            answer.source = solution.source.replace(mistake.find, mistake.replace)
    return notebook


def write(notebook: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def with_cell(notebook: nbformat.NotebookNode, source: str, at: int | None = None):
    """A copy of ``notebook`` with a code cell added (at the end, or at position ``at``)."""
    copy = nbformat.from_dict(notebook)
    cell = nbformat.v4.new_code_cell(source)
    copy.cells.insert(len(copy.cells) if at is None else at, cell)
    return copy
