"""Every chapter has the same skeleton, and its plumbing stays out of sight (issue 16).

Read from the chapters' sources (``support.pages``), as the book shows them:

* the level-2 sections follow :data:`SKELETON`, the chapter's own sections in the
  middle; Prerequisites link the Python on-ramp and say how long the chapter
  takes; Key terms are glossary terms; Exercises link an exercise set;
* the page holds its self-check (three to five questions, ``balancing/selfcheck``);
* no ``glue`` and no printed text alternative: numbers reach the prose through
  MyST's ``{eval}`` role, each from a variable assigned earlier in a cell the book
  executes, and a chart is a numbered figure (myst-nb's ``figure`` metadata) with
  its text description in a dropdown right under it; no figure number is typed;
* each cell is a visible cell that a sentence introduces, the hidden setup cell,
  a hidden cell that computes values for the prose, or the self-check.
"""

from __future__ import annotations

import ast
import itertools
import re

import pytest

from balancing import selfcheck

from support.pages import (
    CHAPTERS,
    ROOT,
    Page,
    chapter_paths,
    glossary_terms,
    read_page,
    role_targets,
    tags,
)

#: The level-2 sections of every chapter; the chapter's own sections go where ``...`` is.
SKELETON = (
    "Overview",
    "Prerequisites",
    "Learning objectives",
    ...,
    "Summary",
    "Check your understanding",
    "Key terms",
    "Discussion questions",
    "Further reading",
    "What's next",
    "Exercises",
)
ON_RAMP = "00-python-and-pandas"
TYPED_NUMBER = re.compile(r"\b(?:Figures?|Fig\.|Tables?)\s+\d+\.\d+")
CHART_LINE = re.compile(r"^[a-z_]*(?:chart|calculator)$")
FIGURE_NAME = re.compile(r"^fig-[a-z0-9]+(?:-[a-z0-9]+)*$")
DESCRIPTION = re.compile(
    r"^:::\{dropdown\} Text description of \{numref\}`(?P<name>[^`]+)`\n"
    r"(?P<body>.*?\{eval\}`[^`]+`.*?)\n:::",
    re.S,
)


def checked_chapters() -> list:
    return [pytest.param(path, id=path.name[:2]) for path in chapter_paths()]


@pytest.fixture(params=checked_chapters())
def page(request) -> Page:
    return read_page(request.param)


def test_the_chapters_are_one_to_eight():
    assert [p.name[:2] for p in chapter_paths()] == [f"0{n}" for n in range(1, 9)]


def test_sections_follow_the_skeleton(page):
    titles = page.titles()
    middle = SKELETON.index(...)
    head, tail = list(SKELETON[:middle]), list(SKELETON[middle + 1 :])
    assert page.title, f"{page.path.name} has no level-1 title"
    assert titles[: len(head)] == head, titles
    assert titles[len(titles) - len(tail) :] == tail, titles
    assert len(titles) > len(head) + len(tail), "no section of the chapter's own"
    assert not page.sections[0].markdown.strip(), "text before the Overview"


def test_prerequisites_link_the_python_on_ramp_and_give_the_time(page):
    section = page.section("Prerequisites")
    assert any(target.endswith(ON_RAMP) for target in section.roles("doc")), section.markdown
    assert re.search(r"\b\d+ minutes\b", section.markdown), "say how long the chapter takes"


def test_learning_objectives_and_discussion_questions_are_lists(page):
    objectives = page.section("Learning objectives").markdown
    assert len(re.findall(r"^- ", objectives, re.M)) >= 3, objectives
    questions = page.section("Discussion questions").markdown
    assert len(re.findall(r"^\d+\. ", questions, re.M)) >= 3, questions


def test_key_terms_are_glossary_terms_and_nothing_else(page):
    section = page.section("Key terms").markdown
    terms = section and role_targets(section, "term")
    assert terms, "list the chapter's key terms with {term} roles"
    unknown = [t for t in terms if t.lower() not in glossary_terms()]
    assert not unknown, f"not in back/glossary.md: {unknown}"
    leftover = re.sub(r"\{term\}`[^`]+`", "", section)
    assert not re.sub(r"[\s,.;]|and", "", leftover), f"Key terms holds more than terms: {leftover}"


def test_whats_next_and_exercises_link_pages(page):
    assert page.section("What's next").roles("doc"), "link what comes next"
    exercises = page.section("Exercises").roles("doc")
    assert exercises, "link the chapter's exercise set"
    for target in exercises:
        assert target.startswith("../exercises/"), target
        assert (CHAPTERS / f"{target}.ipynb").resolve().is_file(), target


def test_the_self_check_is_on_the_page(page):
    section = page.section("Check your understanding")
    if page.notebook is None:
        calls = re.findall(r"^```\{self-check\} (\d{2})$", section.markdown, re.M)
    else:
        calls = [
            m
            for cell in section.code
            if tags(cell) == ["remove-input"]
            for m in re.findall(r'selfcheck\.show\("(\d{2})"\)', cell.source)
        ]
    assert calls == [page.number], calls
    assert 3 <= len(selfcheck.load(page.number)) <= 5


def test_no_glue_and_no_printed_text_alternative(page):
    for cell in page.shown_cells():
        assert "glue" not in cell.source, cell.source
        assert not re.search(r"print\([^)]*text_alternative", cell.source), cell.source
    assert "{glue" not in page.markdown


def test_no_figure_or_table_number_is_typed(page):
    assert not TYPED_NUMBER.findall(page.markdown), "let the build number figures ({numref})"


# --- notebooks only ----------------------------------------------------------------------


def notebook_params() -> list:
    return [p for p in checked_chapters() if p.values[0].suffix == ".ipynb"]


@pytest.fixture(params=notebook_params())
def notebook_page(request) -> Page:
    return read_page(request.param)


def assigned_names(source: str) -> set[str]:
    """Names a cell binds: assignments, loop and ``with`` targets, imports, definitions."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def test_eval_names_are_assigned_earlier_in_cells_the_book_runs(notebook_page):
    # myst-nb does not run cells tagged remove-cell in its inline mode (MyST-NB issue 418),
    # so values for the prose come from cells tagged remove-input and remove-output.
    defined: set[str] = set()
    used = False
    for cell in notebook_page.shown_cells():
        if cell.cell_type == "code":
            defined |= assigned_names(cell.source)
            continue
        for name in role_targets(cell.source, "eval"):
            used = True
            assert re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", name), name
            assert name in defined, f"{{eval}}`{name}` before any cell the book runs assigns it"
    if used:
        mode = notebook_page.notebook.metadata.get("mystnb", {}).get("execution_mode")
        assert mode == "inline", "myst-nb evaluates {eval} only in inline execution mode"


def test_every_cell_is_introduced_hidden_or_the_self_check(notebook_page):
    shown = notebook_page.shown_cells()
    code = [c for c in notebook_page.notebook.cells if c.cell_type == "code"]
    assert tags(code[0]) == ["remove-cell"], "the first code cell is the hidden setup cell"
    for previous, cell in itertools.pairwise(shown):
        if cell.cell_type != "code":
            continue
        kind = set(tags(cell)) & {"remove-input", "remove-output"}
        if kind == {"remove-input", "remove-output"}:
            continue  # computes values for the prose
        if kind == {"remove-input"}:
            assert "selfcheck.show(" in cell.source, "only the self-check shows output alone"
            continue
        assert not kind, f"tag both remove-input and remove-output, or neither: {cell.source}"
        assert previous.cell_type == "markdown" or "remove-output" in tags(previous), (
            f"say in a sentence what this cell teaches:\n{cell.source}"
        )


def test_charts_are_numbered_figures_with_a_text_description(notebook_page):
    cells = notebook_page.shown_cells()
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        figure = cell.metadata.get("mystnb", {}).get("figure")
        last_line = cell.source.strip().splitlines()[-1] if cell.source.strip() else ""
        if CHART_LINE.match(last_line):
            assert figure, f"show this chart as a figure (mystnb: figure):\n{cell.source}"
        if not figure:
            continue
        assert isinstance(figure.get("caption"), str) and figure["caption"].strip()
        assert FIGURE_NAME.match(figure.get("name", "")), figure.get("name")
        following = [c for c in cells[index + 1 :] if c.cell_type == "markdown"][:1]
        match = following and DESCRIPTION.match(following[0].source)
        assert match, f"{figure['name']}: put its text description in a dropdown right under it"
        assert match["name"] == figure["name"]


def test_figure_names_are_unique_across_the_book():
    names = [
        cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
        for path in [*chapter_paths(), ROOT / "back" / "timeline.ipynb"]
        if path.suffix == ".ipynb"
        for cell in read_page(path).shown_cells()
    ]
    names = [n for n in names if n]
    assert len(names) == len(set(names)), names
