"""The chapters in the built book: numbers in the prose, numbered figures, self-checks.

Uses the ``built_book`` fixture (one warnings-as-errors build per run). For each
chapter page:

* no MyST role is left unrendered and no evaluation failed;
* every chart sits in a figure numbered by the build ("Figure 2.1"), and under it,
  before any other figure, a dropdown "Text description of Figure 2.1" holds the
  text alternative that the chart itself carries (its Vega-Lite ``description``);
* the self-check's questions are on the page, and jupyterquiz's fallback MathJax
  points at the book's own copy.

In headless Chromium with no network, the self-checks of chapters 1 and 8 draw,
name their controls, and answer a reader who uses only the keyboard.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Page

from balancing import selfcheck

from support.pages import chapter_paths

#: A MyST role the build did not turn into text (a role's name in braces, then its target).
UNRENDERED_ROLE = re.compile(r"\{(?:eval|glue[\w:]*|numref|term|doc|ref|cite[\w:]*)\}`?[\w-]*")
#: The Vega-Lite spec that altair's HTML output passes to its embedding function.
#: The spec in altair's call ``})(spec, {"mode": "vega-lite", ...options})`` (the book's
#: extension adds options, _ext/offline_assets.py).
ALTAIR_SPEC = re.compile(r"\}\)\((?P<spec>\{.*\}), \{\"mode\": \"vega-lite\"[^\n]*\);", re.S)


def chapter_pages(build: Path) -> list[Path]:
    return [build / "chapters" / f"{path.stem}.html" for path in chapter_paths()]


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


#: Docutils' typographic quotes, undone so that a page's text compares with its source.
PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def text(element: Tag) -> str:
    return " ".join(element.get_text(" ", strip=True).translate(PLAIN_QUOTES).split())


def test_every_chapter_page_is_built(built_book):
    pages = chapter_pages(built_book)
    assert len(pages) == 8
    assert all(page.is_file() for page in pages), pages


def test_no_role_is_left_unrendered_and_no_evaluation_failed(built_book):
    problems = []
    for page in chapter_pages(built_book):
        article = soup(page).select_one("article")
        body = text(article)
        problems += [f"{page.name}: {m}" for m in UNRENDERED_ROLE.findall(body)]
        problems += [
            f"{page.name}: {text(e)[:120]}" for e in article.select(".output.stderr, .output.error")
        ]
        problems += [f"{page.name}: {m}" for m in re.findall(r"\w+Error: .{0,80}", body)]
    assert not problems, "\n".join(problems)


def test_each_chart_is_a_numbered_figure_with_its_own_text_description(built_book):
    checked = 0
    for page in chapter_pages(built_book):
        chapter = int(page.name[:2])
        for chart in soup(page).select('div[id^="altair-viz-"]'):
            figure = chart.find_parent("figure")
            assert figure is not None, f"{page.name}: a chart outside a figure"
            number = text(figure.select_one("figcaption .caption-number"))
            assert re.fullmatch(rf"Figure {chapter}\.\d+", number), f"{page.name}: {number}"
            details = figure.find_next(["details", "figure"])
            assert details is not None and details.name == "details", f"{page.name} {number}"
            summary = text(details.select_one("summary"))
            assert summary == f"Text description of {number}", summary
            assert not details.select("summary a"), "a link inside the dropdown's button"
            script = chart.find_next_sibling("script").get_text()
            description = json.loads(ALTAIR_SPEC.search(script)["spec"])["description"]
            shown = text(details)[len(summary) :].strip()
            assert shown == " ".join(description.split()), f"{page.name} {number}"
            checked += 1
    assert checked >= 15, f"only {checked} charts found in the chapters"


def test_each_page_holds_its_self_check_with_a_local_mathjax(built_book):
    cdn = "cdn" + ".jsdelivr.net"
    for page in chapter_pages(built_book):
        number = page.name[:2]
        html = page.read_text(encoding="utf-8")
        page_soup = soup(page)
        assert page_soup.select_one(f"div#selfCheck{number}"), page.name
        for question in selfcheck.load(number):
            assert json.dumps(question["question"]) in html, question["question"]
        assert cdn not in html, page.name
        local = re.findall(r"script\.src = '([^']+)'", html)
        assert local, f"{page.name}: jupyterquiz's MathJax fallback is missing"
        for url in set(local):
            assert (page.parent / url).resolve().is_file(), url


# --- in the browser -------------------------------------------------------------------------


def feedback(tab: Page, quiz: int) -> str:
    return tab.evaluate(
        f"document.querySelectorAll('.Quiz')[{quiz}].querySelector('.Feedback').innerText"
    )


@pytest.mark.browser
@pytest.mark.parametrize("number", ["01", "08"])
def test_self_check_answers_a_keyboard_reader_offline(
    built_book, book_server, tab, tmp_path, number
):
    page = (
        built_book
        / "chapters"
        / next(f"{p.stem}.html" for p in chapter_paths() if p.name.startswith(number))
    )
    questions = selfcheck.load(number)
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(f"{book_server.url}/{page.relative_to(built_book).as_posix()}")
    tab.wait_for_function(
        f"document.querySelectorAll('#selfCheck{number} .Quiz[data-labelled]').length"
        f" === {len(questions)}",
        timeout=60_000,
    )
    names = tab.evaluate(
        "Array.from(document.querySelectorAll('.Quiz')).map(q => {"
        " const c = q.querySelector('[role=radiogroup], input.Input-text');"
        " const ids = (c.getAttribute('aria-labelledby') || '').split(' ');"
        " return [c.tagName, ids.map(i => document.getElementById(i).innerText).join(' '),"
        " q.querySelector('.Feedback').getAttribute('aria-live')]; })"
    )
    for question, (tag, name, live) in zip(questions, names, strict=True):
        assert " ".join(question["question"].split()) in " ".join(name.split())
        assert live == "polite"
        assert tag == ("INPUT" if question["type"] == "numeric" else "DIV")

    quizzes = tab.locator(".Quiz")
    for index, question in enumerate(questions):
        quiz = quizzes.nth(index)
        if question["type"] == "numeric":
            correct = next(a for a in question["answers"] if a.get("correct"))
            low, high = correct["range"]
            quiz.locator("input").focus()
            tab.keyboard.insert_text(f"{(low + high) / 2:.6g}")
            tab.keyboard.press("Enter")
            tab.wait_for_function(
                f"document.querySelectorAll('.Quiz')[{index}]"
                ".querySelector('.Feedback').innerText.length > 0",
                timeout=10_000,
            )
            assert feedback(tab, index) == correct["feedback"]
        else:
            # Tab into the group (its first choice), Space chooses it, an arrow the next.
            quiz.locator("input[type=radio]").first.focus()
            tab.keyboard.press(" ")
            assert feedback(tab, index) == question["answers"][0]["feedback"]
            tab.keyboard.press("ArrowDown")
            assert feedback(tab, index) == question["answers"][1]["feedback"]
    tab.locator(f"#selfCheck{number}").screenshot(path=tmp_path / f"self-check-{number}.png")
    assert not [url for url in requested if "vendor/mathjax" in url and "tex-svg" in url]
