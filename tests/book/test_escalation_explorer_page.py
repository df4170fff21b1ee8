"""The static escalation explorer in the built book: it re-ranks every policy in the browser.

Chapter 6 is served locally and opened in headless Chromium with no network
(:mod:`support.browser`). The test checks what a reader sees on arrival (equal
weights, no policy chosen, the reveal collapsed, no widget), then sets the lever
menus and moves a weight slider as a reader would, and compares the ranking vega
computed in the page with the model's own, computed here in Python.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from playwright.sync_api import Browser, Page

from balancing.escalation import load_parameters, policy_table

PAGE = "chapters/06-escalation-choices.html"
CHOICE = {"drones": 1, "sanctions": 0, "black_sea": 1, "straits": 1, "mediation": 0}
SLIDER = ("w1", 2.5)  # relations with Moscow
SVG_TEXTS = (
    "[...document.querySelector('.vega-bind').closest('.vega-embed').querySelectorAll('svg text')]"
    ".map(t => t.textContent)"
)


def _set_controls(page: Page, values: dict[str, float], event: str) -> None:
    page.evaluate(
        f"""(() => {{
        for (const [name, value] of Object.entries({json.dumps(values)})) {{
          const input = document.querySelector(`.vega-bind [name="${{name}}"]`);
          input.value = String(value);
          input.dispatchEvent(new Event("{event}", {{bubbles: true}}));
        }}
        return true; }})()"""
    )


@pytest.fixture(scope="module")
def explorer_page(browser: Browser, book_server, tmp_path_factory):
    """What the page shows on arrival, then after choosing a policy and moving a slider."""
    shots = tmp_path_factory.mktemp("explorer")
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    try:
        page.goto(f"{book_server.url}/{PAGE}")
        page.wait_for_function(
            "document.querySelectorAll('.vega-bind input, .vega-bind select').length > 0",
            timeout=60_000,
        )
        page.wait_for_function(f"{SVG_TEXTS}.some(t => t.startsWith('1. '))", timeout=60_000)
        arrival = {
            "texts": page.evaluate(SVG_TEXTS),
            "levers": page.evaluate(
                "[...document.querySelectorAll('.vega-bind select')].map(s => s.value)"
            ),
            "weights": page.evaluate(
                "[...document.querySelectorAll('.vega-bind input[type=range]')].map(i => i.value)"
            ),
            "reveal_open": page.evaluate(
                "[...document.querySelectorAll('details.dropdown')].some(d => d.open)"
            ),
            "widgets": page.evaluate("document.querySelectorAll('.jupyter-widgets').length"),
        }
        page.locator(".vega-embed").first.screenshot(path=shots / "arrival.png")
        ranking = f"JSON.stringify({SVG_TEXTS}.filter(t => /^\\d+\\. /.test(t)))"
        page.evaluate(f"window.rankingOnArrival = {ranking}")
        _set_controls(page, CHOICE, "change")
        _set_controls(page, dict([SLIDER]), "input")
        page.wait_for_function(
            f"{SVG_TEXTS}.some(t => t.startsWith('Your policy ranks'))", timeout=30_000
        )
        # Every panel has redrawn once the ranking differs from the arrival's.
        page.wait_for_function(f"{ranking} !== window.rankingOnArrival", timeout=30_000)
        after = page.evaluate(SVG_TEXTS)
        page.locator(".vega-embed").first.screenshot(path=shots / "chosen.png")
    finally:
        context.close()
    return arrival, after


def test_the_explorer_opens_on_equal_weights_with_nothing_chosen(explorer_page):
    arrival, _ = explorer_page
    params = load_parameters("war")
    assert arrival["levers"] == ["-1"] * len(params.levers)
    assert arrival["weights"] == ["1"] * len(params.interests)
    assert any(text.startswith("Choose a level for every lever") for text in arrival["texts"])
    assert not arrival["reveal_open"], "the box 'What Ankara did' must start collapsed"
    assert arrival["widgets"] == 0, "the book shows no saved widget"


def _ranking(texts: list[str]) -> list[str]:
    """The policies the page lists, best first (the axis labels read "3. deliver · ...")."""
    listed = [text.split(". ", 1) for text in texts if text[:1].isdigit() and ". " in text]
    return [label for _, label in sorted(listed, key=lambda item: int(item[0]))]


def test_the_page_ranks_like_the_model_and_re_ranks_when_a_slider_moves(explorer_page):
    arrival, after = explorer_page
    params = load_parameters("war")
    table = policy_table(params)
    labels = [
        " · ".join(
            lever.levels[int(k)].replace("_", " ")
            for lever, k in zip(params.levers, row, strict=True)
        )
        for row in table.policies
    ]
    equal = np.argsort(-table.utilities("equal"), kind="stable")
    assert _ranking(arrival["texts"])[:3] == [labels[k] for k in equal[:3]]
    weights = np.ones(len(params.interests))
    weights[int(SLIDER[0][1:])] = SLIDER[1]
    utilities = table.utilities(weights)
    moved = np.argsort(-utilities, kind="stable")
    assert _ranking(after)[:3] == [labels[k] for k in moved[:3]]
    assert _ranking(after)[:3] != _ranking(arrival["texts"])[:3], "the slider changed nothing"
    mine = int(np.flatnonzero((table.policies == list(CHOICE.values())).all(axis=1))[0])
    rank = 1 + int((utilities > utilities[mine] + 1e-9).sum())
    assert f"Your policy ranks {rank} of {len(utilities)}" in " ".join(after)
