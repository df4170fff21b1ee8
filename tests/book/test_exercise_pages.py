"""The exercise pages of the built book: tests removed, solutions collapsed or left out.

Every master notebook in ``exercises/`` is checked against its page in the
built book (the ``built_book`` fixture, see ``conftest.py``): no line of any test
appears on the page, hidden tests appear nowhere in the site's HTML or search
index, every code solution (input and output) sits in a collapsed "Show solution"
block, and every written solution is a dropdown admonition. The page's download
button and launch buttons give the student notebook (``exercises/student/``), never
the master (``_ext/exercise_pages.py``).

A second build with ``BALANCING_SOLUTIONS=omitted`` (the ``omitted_book`` fixture:
its own output folder, the first build's execution cache) must leave every worked
solution out of the pages, the search index and the downloads, with a note instead.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from balancing.grading import masters

from support import book
from support.leaks import (
    MIN_LINE,
    leaks_in,
    lines_only_in_tests,
    normalised,
    private_and_public_lines,
)

EXERCISES = masters.exercises()
SHOW_SOLUTION = "Show solution"
ADMONITION = re.compile(r"^(:{3,}|`{3,})\{admonition\}\s*(?P<title>.+)$")
OMITTED = "The worked solution is not published in this edition of the book."
#: Hosts of launch buttons. The tests build the book as the publish workflow does, for a
#: repository (support.book), which shows Binder's button; Colab's needs repository.url set
#: and JupyterHub's jupyterhub_url (_ext/repository_buttons.py).
LAUNCH_HOSTS = ("mybinder.org", "colab.research.google.com", "/hub/user-redirect/")
BUILT_LAUNCH_HOSTS = ("mybinder.org",)


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


# --- download and launch buttons: the student notebook, never the master -----------------


def button_links(build: Path, exercise: masters.Exercise) -> list[str]:
    path = page_path(build, exercise)
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.select("a[href]") if ".ipynb" in a["href"]]


def check_buttons_give_the_student_notebook(
    build: Path, exercise: masters.Exercise, launch_hosts: tuple[str, ...]
) -> None:
    links = button_links(build, exercise)
    launches = [link for link in links if any(host in link for host in LAUNCH_HOSTS)]
    assert sorted(h for h in LAUNCH_HOSTS if any(h in link for link in launches)) == sorted(
        launch_hosts
    ), links
    for link in launches:
        assert f"exercises/student/{exercise.name}.ipynb" in link, link
        assert f"exercises/{exercise.name}.ipynb" not in link, link
    downloads = [link for link in links if "_sources/" in link]
    assert downloads, f"no download button on {exercise.name}'s page"
    for link in downloads:
        served = (page_path(build, exercise).parent / link).resolve()
        notebook = json.loads(served.read_text(encoding="utf-8"))
        recorded = notebook["metadata"]["balancing"]["master_sha256"]
        assert recorded == hashlib.sha256(exercise.master.read_bytes()).hexdigest()
        text = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
        assert not leaks_in(text, EXERCISES), f"{link} hands out solutions or hidden tests"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_download_and_launch_buttons_give_the_student_notebook(built_book, exercise):
    check_buttons_give_the_student_notebook(built_book, exercise, BUILT_LAUNCH_HOSTS)


def test_no_master_notebook_is_published(built_book):
    published = sorted((built_book / "_sources" / "exercises").glob("*.ipynb"))
    assert [p.name for p in published] == sorted(e.master.name for e in EXERCISES)
    for path in published:
        text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        assert not leaks_in(text, EXERCISES), f"{path.name} is a master"


# --- the book without graded solutions ------------------------------------------------------


@pytest.fixture(scope="session")
def omitted_book(built_book, tmp_path_factory) -> Path:
    """Build the book with ``BALANCING_SOLUTIONS=omitted`` from a copy of the first build.

    Changing the setting re-reads the exercise pages only (``_ext/exercise_pages.py``), so
    the build is incremental: nothing executes again.
    """
    root = tmp_path_factory.mktemp("omitted-book")
    shutil.copytree(built_book.parent, root / "_build", symlinks=True)
    log = root / "build.log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BALANCING_SOLUTIONS", "omitted")
        returncode = book.run_book_build(root, log)
    if returncode != 0:
        pytest.fail(f"the build without solutions failed:\n{book.log_tail(log)}", pytrace=False)
    text = log.read_text()
    updating = [
        line
        for line in text.splitlines()
        if "pickled environment" in line or "updating environment" in line
    ]
    assert "Executing notebook" not in text, f"the build executed notebooks again: {updating}"
    reread = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", text)
    assert reread and reread.groups() == ("0", str(len(EXERCISES)), "0"), updating
    return root / "_build" / "html"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_omitted_solutions_leave_only_a_note(omitted_book, exercise):
    page = article(omitted_book, exercise)
    text = normalised(page.get_text())
    questions = masters.read_questions(exercise.master)
    assert text.count(OMITTED) == len(questions)
    assert not [d for d in page.select("details") if SHOW_SOLUTION in d.get_text()]
    assert not page.select("div.admonition.dropdown")
    private, public = private_and_public_lines(exercise)
    shown = sorted(line for line in private - public if line in text)
    assert not shown, f"solution or test lines on the page: {shown[:3]}"
    # The questions themselves are still there.
    assert all(f"Question {n}" in text for n in range(1, len(questions) + 1))


def test_omitted_solutions_are_not_in_the_search_index(omitted_book):
    index = normalised((omitted_book / "searchindex.js").read_text(encoding="utf-8"))
    private = set()
    for exercise in EXERCISES:
        mine, shown = private_and_public_lines(exercise)
        private |= mine - shown
    assert not [line for line in private if line in index]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_omitted_book_buttons_give_the_student_notebook(omitted_book, exercise):
    check_buttons_give_the_student_notebook(omitted_book, exercise, BUILT_LAUNCH_HOSTS)
