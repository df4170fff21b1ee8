"""A chapter run in live JupyterLab shows its computed numbers in the prose, as the book does.

The chapters put computed values into sentences with MyST's ``{eval}`` role;
``jupyterlab-myst`` (pinned in requirements.txt) evaluates them when the
notebook's Markdown cells run. This test opens chapter 5 in JupyterLab (the
session's ``jupyterlab`` fixture), runs every cell in headless Chromium with no
network, and reads the rendered sentence about NATO's membership.

jupyterlab-myst 2.7.0 finds a Markdown cell's expressions in the cell's rendered
form, and JupyterLab 4.6 renders only the cells near the screen by default
(``windowingMode: contentVisibility``): "Run All" then leaves the sentences further
down with the variables' names. The setting ``windowingMode: none`` renders every
cell; the live environments (Binder, a hub, a laptop) and the test server get it
from ``.binder/jupyterlab-overrides.json``.
"""

from __future__ import annotations

import shutil

import pytest

from support.pages import CHAPTERS

CHAPTER = CHAPTERS / "05-turkey-in-nato.ipynb"
SENTENCE = (
    "Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown, "
    ".jp-MarkdownCell .myst'))"
    ".map(e => e.innerText).find(t => t.includes('Turkey joined an alliance of')) ?? ''"
)


@pytest.mark.browser
def test_a_chapter_shows_computed_numbers_in_its_prose_in_live_jupyterlab(
    jupyterlab, tab, tmp_path
):
    shutil.copy(CHAPTER, jupyterlab.folder / CHAPTER.name)
    jupyterlab.open_notebook(tab, CHAPTER.name)
    before = tab.wait_for_function(SENTENCE, timeout=60_000).json_value()
    jupyterlab.run_all(tab, CHAPTER.name)
    sentence = tab.wait_for_function(
        f"(() => {{ const t = {SENTENCE}; return !t.includes('members_1952') && t; }})()",
        timeout=180_000,
    ).json_value()
    tab.locator(
        ".jp-MarkdownCell", has_text="Turkey joined an alliance of"
    ).scroll_into_view_if_needed()
    tab.screenshot(path=tmp_path / "live-chapter.png")
    # Before the cells run, jupyterlab-myst shows the variable's name.
    assert "members_1952" in before
    # Twelve founders in 1949; Greece and Turkey joined in 1952; Sweden was the 32nd
    # member in 2024, after ten enlargements (1952, 1955, 1982, 1999, 2004, 2009, 2017,
    # 2020, 2023, 2024) {cite:p}`nato2012membership,sweden2024nato`.
    assert "Turkey joined an alliance of 14 members; after 10 enlargements it has 32." in (
        " ".join(sentence.split())
    )
