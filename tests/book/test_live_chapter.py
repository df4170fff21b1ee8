"""A chapter run in live JupyterLab shows its computed numbers in the prose, as the book does.

The chapters put computed values into sentences with MyST's ``{eval}`` role;
``jupyterlab-myst`` (pinned in requirements.txt) evaluates them when the
notebook's Markdown cells run. This test opens chapter 5 in JupyterLab (the
``jupyterlab`` fixture of ``test_live_jupyterlab.py``: one server for this test, with
the course's settings), runs every cell in headless Chromium with no network, and
reads the rendered sentence about NATO's membership.

jupyterlab-myst 2.7.0 finds a Markdown cell's expressions in the cell's rendered
form, and JupyterLab 4.6 renders only the cells near the screen by default
(``windowingMode: contentVisibility``): "Run All" then leaves the sentences further
down with the variables' names. The setting ``windowingMode: none`` renders every
cell. The course's settings file ``.binder/jupyterlab-overrides.json`` holds it;
Binder, ``make`` and a hub install it as JupyterLab's ``overrides.json``, and the
fixture gives it to JupyterLab in the same way.
"""

from __future__ import annotations

import shutil

import pytest
from book import test_live_jupyterlab as live

from support.browser import DevToolsPage, wait_until
from support.pages import CHAPTERS

#: The JupyterLab server of the offline-chart test, reused as it is (a fixture).
jupyterlab = live.jupyterlab


CHAPTER = CHAPTERS / "05-turkey-in-nato.ipynb"
NOTEBOOK_PANEL = (
    "Array.from(window.jupyterapp?.shell?.widgets('main') ?? []).find(w => w.sessionContext)"
)
SENTENCE = (
    "Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown, "
    ".jp-MarkdownCell .myst'))"
    ".map(e => e.innerText).find(t => t.includes('Turkey joined an alliance of')) ?? ''"
)


@pytest.mark.browser
def test_a_chapter_shows_computed_numbers_in_its_prose_in_live_jupyterlab(jupyterlab, tmp_path):
    shutil.copy(CHAPTER, tmp_path / "notebooks" / CHAPTER.name)
    with DevToolsPage(tmp_path / "profile") as tab:
        url = f"{jupyterlab}/lab/tree/{CHAPTER.name}?token={live.LAB_TOKEN}"
        tab.call("Page.navigate", url=url)
        wait_until(lambda: tab.evaluate(f"!!{NOTEBOOK_PANEL}"), 120, "the chapter to open")
        tab.evaluate(f"{NOTEBOOK_PANEL}.sessionContext.ready.then(() => 1)")
        before = wait_until(lambda: tab.evaluate(SENTENCE), 60, "the chapter's text to render")
        tab.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => 1)")
        sentence = wait_until(
            lambda: (t := tab.evaluate(SENTENCE)) and "members_1952" not in t and t,
            180,
            "the sentence with NATO's membership to show its numbers",
        )
        tab.evaluate(
            "Array.from(document.querySelectorAll('.jp-MarkdownCell'))"
            ".find(e => e.innerText.includes('Turkey joined an alliance of')).scrollIntoView()"
        )
        tab.screenshot(tmp_path / "live-chapter.png")
    # Before the cells run, jupyterlab-myst shows the variable's name.
    assert "members_1952" in before
    # Twelve founders in 1949; Greece and Turkey joined in 1952; Sweden was the 32nd
    # member in 2024, after ten enlargements (1952, 1955, 1982, 1999, 2004, 2009, 2017,
    # 2020, 2023, 2024) {cite:p}`nato2012membership,sweden2024nato`.
    assert "Turkey joined an alliance of 14 members; after 10 enlargements it has 32." in (
        " ".join(sentence.split())
    )
