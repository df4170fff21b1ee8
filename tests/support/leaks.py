"""What must never reach students: master markup, solutions and hidden tests, as searchable text.

The lines searched for are taken from the master notebooks independently of the
code that writes student material: every significant line (long enough to mean
something) of a solution cell or of a hidden test, provided it appears in no
cell that students rightly see.
"""

from __future__ import annotations

import re

import nbformat

from balancing.grading import masters

#: Lines shorter than this (``)``, ``}``, ``else:``) say nothing about leaks.
MIN_LINE = 12
#: otter's master markup, at the start of a line (or ``# SOLUTION`` at its end).
MARKUP = re.compile(
    r"^\s*#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS)\b|^\s*#\s*ASSIGNMENT CONFIG\b"
    r"|^\s*#\s*HIDDEN\b|#\s*SOLUTION\s*$",
    re.MULTILINE,
)


def normalised(text: str) -> str:
    return " ".join(text.split())


def significant_lines(source: str) -> list[str]:
    """The lines of a cell worth searching for, whitespace normalised."""
    return [normalised(line) for line in source.splitlines() if len(line.strip()) >= MIN_LINE]


def _lines_only_in(exercise: masters.Exercise, searched: list[str], private: list[str]) -> set[str]:
    elsewhere = {
        line
        for cell in nbformat.read(exercise.master, as_version=4).cells
        if cell.source not in private
        for line in significant_lines(cell.source)
    }
    return {line for source in searched for line in significant_lines(source)} - elsewhere


def lines_only_in_tests(exercise: masters.Exercise, hidden_only: bool = False) -> set[str]:
    """Significant test lines (of hidden tests only, if asked) found in no other master cell.

    A test may repeat a line the page rightly shows (data given to students, say); only
    the lines found in tests alone betray a published test.
    """
    questions = masters.read_questions(exercise.master)
    tests = [cell.source for q in questions for cell in q.test_cells]
    searched = [
        cell.source for q in questions for cell in (q.hidden_tests if hidden_only else q.test_cells)
    ]
    return _lines_only_in(exercise, searched, tests)


def private_and_public_lines(exercise: masters.Exercise) -> tuple[set[str], set[str]]:
    """Significant lines students must not see, and lines they rightly see, of one master.

    Private: the code before ``# SOLUTION`` in code solutions, every line of a written
    solution, every line of a hidden test. Public: every other line of a code or
    Markdown cell (prompts, scaffolding, public tests). Raw cells (otter's markup) are
    left to :data:`MARKUP`.
    """
    notebook = nbformat.read(exercise.master, as_version=4)
    questions = masters.parse_questions(notebook, exercise.master.name)
    hidden = {id(cell) for q in questions for cell in q.hidden_tests}
    solutions = {id(cell) for q in questions for cell in q.solution_cells}
    private: set[str] = set()
    public: set[str] = set()
    for cell in notebook.cells:
        if cell.cell_type == "raw":
            continue
        if id(cell) in hidden or (id(cell) in solutions and cell.cell_type == "markdown"):
            private.update(significant_lines(cell.source))
        elif id(cell) in solutions:
            for line in cell.source.splitlines():
                code, marked, _ = line.partition("# SOLUTION")
                (private if marked else public).update(significant_lines(code))
        else:
            public.update(significant_lines(cell.source))
    return private, public


def leaks_in(text: str, exercise_sets: list[masters.Exercise]) -> list[str]:
    """Markup, and solution or hidden-test lines of the given masters, found in ``text``.

    A line that any of the masters shows students (a public test importing the data,
    say) is not counted, even if a hidden test repeats it.
    """
    flat = normalised(text)
    found = [match.group(0).strip() for match in MARKUP.finditer(text)]
    private: set[str] = set()
    public: set[str] = set()
    for exercise in exercise_sets:
        mine, shown = private_and_public_lines(exercise)
        private |= mine
        public |= shown
    found += sorted(line for line in private - public if line in flat)
    return found
