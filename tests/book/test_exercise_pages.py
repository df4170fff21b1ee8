"""The exercise pages of the built book: tests removed, solutions collapsed.

Every master notebook in ``exercises/`` is checked against its page in the
built book (the ``built_book`` fixture, see ``conftest.py``): no line of any test
appears on the page, hidden tests appear nowhere in the site's HTML or search
index, every code solution (input and output) sits in a collapsed "Show solution"
block, and every written solution is a dropdown admonition.

The download button and the launch buttons still serve the master notebook itself
(``_sources/``), hidden tests included; ``instructors/exercises.md`` says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup, Tag

from balancing.grading import masters

EXERCISES = masters.exercises()
SHOW_SOLUTION = "Show solution"
#: Test lines shorter than this (``)``, ``}``, ``else:``) say nothing about leaks.
MIN_LINE = 12
ADMONITION = re.compile(r"^(:{3,}|`{3,})\{admonition\}\s*(?P<title>.+)$")


def normalised(text: str) -> str:
    return " ".join(text.split())


def significant_lines(source: str) -> list[str]:
    """The lines of a cell worth searching for, whitespace normalised."""
    return [normalised(line) for line in source.splitlines() if len(line.strip()) >= MIN_LINE]


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
    elsewhere = {
        line
        for cell in nbformat.read(exercise.master, as_version=4).cells
        if cell.source not in tests
        for line in significant_lines(cell.source)
    }
    return {line for source in searched for line in significant_lines(source)} - elsewhere


def page_path(build: Path, exercise: masters.Exercise) -> Path:
    return build / "exercises" / f"{exercise.name}.html"


def article(build: Path, exercise: masters.Exercise) -> Tag:
    path = page_path(build, exercise)
    assert path.exists(), f"{path} was not built: add exercises/{exercise.name} to _toc.yml"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("article")
    assert main is not None, f"{path} has no <article>"
    return main


def without(tag: Tag, selector: str) -> str:
    """The text of ``tag`` once every element matching ``selector`` is removed."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for element in copy.select(selector):
        element.decompose()
    return normalised(copy.get_text())


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_exercise_page_shows_no_test_code(built_book, exercise):
    page = article(built_book, exercise)
    text = normalised(page.get_text())
    assert "# HIDDEN" not in text
    for block in page.select("pre"):
        for line in block.get_text().splitlines():
            assert not line.lstrip().startswith("assert "), f"test code on the page: {line}"
    leaks = sorted(line for line in lines_only_in_tests(exercise) if line in text)
    assert not leaks, f"test code on the page: {leaks[:3]}"


def test_hidden_tests_appear_nowhere_in_the_site(built_book):
    hidden = set().union(*(lines_only_in_tests(e, hidden_only=True) for e in EXERCISES))
    pages = [p for p in built_book.rglob("*.html") if "_sources" not in p.parts]
    for page in pages:
        text = normalised(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text())
        leaks = sorted(line for line in hidden if line in text)
        assert not leaks, f"{page.relative_to(built_book)} shows hidden-test code: {leaks[:3]}"
    index = normalised((built_book / "searchindex.js").read_text(encoding="utf-8"))
    assert not [line for line in hidden if line in index]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_code_solutions_and_their_outputs_are_collapsed(built_book, exercise):
    page = article(built_book, exercise)
    code_solutions = [
        cell
        for question in masters.read_questions(exercise.master)
        for cell in question.solution_cells
        if cell.cell_type == "code"
    ]
    toggles = [
        details
        for details in page.select("details")
        if details.summary is not None and SHOW_SOLUTION in details.summary.get_text()
    ]
    assert len(toggles) == len(code_solutions), (
        f"{len(code_solutions)} code solutions but {len(toggles)} '{SHOW_SOLUTION}' toggles: "
        "tag each solution cell hide-cell with mystnb code_prompt_show (exercises/README.md)"
    )
    for cell in page.select("div.cell.tag_hide-cell"):
        for part in cell.select("div.cell_input, div.cell_output"):
            assert part.find_parent("details") is not None, "a solution part is not collapsed"
    visible = without(page, "details")
    for cell in code_solutions:
        for line in cell.source.splitlines():
            code = normalised(line.partition("# SOLUTION")[0])
            if "# SOLUTION" in line and len(code) >= MIN_LINE:
                assert code not in visible, f"solution line visible without a click: {code}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_written_solutions_are_dropdowns(built_book, exercise):
    page = article(built_book, exercise)
    dropdowns = {
        normalised(title.get_text()): admonition
        for admonition in page.select("div.admonition.dropdown")
        if (title := admonition.select_one("p.admonition-title")) is not None
    }
    for question in masters.read_questions(exercise.master):
        for cell in question.solution_cells:
            if cell.cell_type != "markdown":
                continue
            lines = cell.source.strip().splitlines()
            match = ADMONITION.match(lines[0])
            assert match and ":class: dropdown" in lines[1:3], (
                f"the written solution of {question.name} must be one {{admonition}} with "
                ":class: dropdown (exercises/README.md)"
            )
            title = normalised(match["title"])
            assert title in dropdowns, f"no dropdown titled {title!r} on the page"
            body = normalised(dropdowns[title].get_text()).removeprefix(title)
            assert len(body) > 100, f"the dropdown {title!r} is nearly empty"
            assert title not in without(page, "div.admonition.dropdown")
