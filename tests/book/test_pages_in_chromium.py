"""Every page of the built book in headless Chromium, offline: accessible, complete and light.

Each page is opened once (``page_visit``, see ``conftest.py``) with an empty cache and
every host but 127.0.0.1 unreachable; the tests below assert on that one record:

- no serious or critical axe-core finding (WCAG 2.0-2.2 A and AA), in light and dark mode;
- no request that fails, returns an error or goes to another host; no console error;
- every chart drawn, and named for screen readers by its text alternative;
- every formula typeset and every saved widget rendered;
- only the scripts the page uses: vega where there are charts, MathJax where there is
  math, RequireJS and the widget manager where there are saved widgets;
- at most 4 MB on a first visit (bytes: the same on every run).

How long the charts take to draw is a measurement, not a pass/fail check: ``make
benchmark`` prints it for every page (budget 1.5 s). The last tests operate charts with
the keyboard alone: chapter 6's explorer, and the sliders that stand in for chapter 2's
brush.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from support.book import ROOT
from support.browser import CHART_ROLE, CHART_SELECTOR, accessible

pytestmark = pytest.mark.browser

MAX_PAGE_BYTES = 4_000_000
#: Pages Sphinx adds to those of the table of contents.
GENERATED_PAGES = ["genindex.html", "search.html"]
EXPLORER_PAGE = "chapters/06-escalation-choices.html"
#: Where altair's HTML output hands the chart's spec to its loader.
ALTAIR_SPEC = re.compile(r"\}\)\((?=\{)")
#: Vendored library -> what on a page needs it.
LIBRARIES = {
    "vega/vega.min.js": "charts",
    "vega-lite/vega-lite.min.js": "charts",
    "vega-embed/vega-embed.min.js": "charts",
    "mathjax/tex-mml-chtml.js": "formulas",
    "requirejs/require.js": "widget_views",
    "html-manager/embed-amd.js": "widget_views",
}


def toc_pages() -> list[str]:
    """Return the built page of every file in ``_toc.yml``, and Sphinx's generated pages."""

    def files(entry: dict) -> list[str]:
        found = [entry["file"]] if "file" in entry else []
        for key in ("parts", "chapters", "sections"):
            for child in entry.get(key, []):
                found += files(child)
        return found

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [f"{name}.html" for name in [toc["root"], *files(toc)]] + GENERATED_PAGES


PAGES = toc_pages()


def spec_descriptions(page: Path) -> list[str]:
    """Return the ``description`` of each altair chart's spec in a built page, in order."""
    html = page.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    specs = [decoder.raw_decode(html, m.end())[0] for m in ALTAIR_SPEC.finditer(html)]
    return [spec.get("description", "") for spec in specs if "$schema" in spec]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_finding(page_visit, path):
    findings = page_visit(path).blocking_findings()
    assert not findings, f"axe-core on {path}:\n" + "\n".join(map(str, findings))


@pytest.mark.parametrize("path", PAGES)
def test_every_request_is_local_and_succeeds(page_visit, path):
    visit = page_visit(path)
    problems = visit.http_errors + visit.failed_requests
    problems += [f"another host: {url}" for url in visit.other_hosts]
    assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_no_console_error(page_visit, path):
    assert not page_visit(path).console_errors, page_visit(path).console_errors


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_draws_offline(page_visit, path):
    visit = page_visit(path)
    assert not visit.chart_problems, f"{path}:\n" + "\n".join(visit.chart_problems)
    assert visit.charts_drawn == visit.charts


@pytest.mark.parametrize("path", PAGES)
def test_each_chart_is_named_by_its_text_alternative(page_visit, built_book, path):
    expected = spec_descriptions(built_book / path)
    names = page_visit(path).chart_names
    assert len(names) == len(expected), f"{path}: {len(names)} charts, {len(expected)} specs"
    for chart, description in zip(names, expected, strict=True):
        assert description, f"{path}: chart {chart['id']} has no text alternative"
        assert chart["role"] == CHART_ROLE, f"{path}: {chart} is not a {CHART_ROLE}"
        assert chart["name"] == description, f"{path}: {chart} is not named by its description"


@pytest.mark.parametrize("path", PAGES)
def test_formulas_typeset_and_widgets_render(page_visit, path):
    visit = page_visit(path)
    assert visit.formulas_typeset == visit.formulas, f"{path}: formulas not typeset"
    assert visit.widgets_rendered == visit.widget_views, f"{path}: widgets not rendered"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_only_the_scripts_it_uses(page_visit, path):
    visit = page_visit(path)
    unused = [
        library
        for library, need in LIBRARIES.items()
        if visit.loaded(library) and not getattr(visit, need)
    ]
    missing = [
        library
        for library, need in LIBRARIES.items()
        if getattr(visit, need) and not visit.loaded(library)
    ]
    assert not unused, f"{path} loads {unused} but has no {[LIBRARIES[u] for u in unused]}"
    assert not missing, f"{path} needs {missing} but did not load them from the book"


@pytest.mark.parametrize("path", PAGES)
def test_page_weight_within_budget(page_visit, path):
    visit = page_visit(path)
    assert visit.bytes_received <= MAX_PAGE_BYTES, (
        f"{path}: {visit.bytes_received:,} bytes on a first visit (budget {MAX_PAGE_BYTES:,})"
    )


def test_the_book_exercises_every_vendored_library(page_visit):
    """The per-page checks above mean something only if some page needs each library."""
    visits = [page_visit(path) for path in PAGES]
    for library in ("vega/vega.min.js", "mathjax/tex-mml-chtml.js"):
        assert any(v.loaded(library) for v in visits), f"no page loaded {library}"


#: Charts whose controls a test operates with the keyboard alone: page -> a CSS selector
#: matching the chart's controls (any control of chapter 6's explorer; the year sliders
#: that stand in for chapter 2's brush).
KEYBOARD_CHARTS = {
    EXPLORER_PAGE: ".vega-bindings",
    "chapters/02-drones-and-defence-industry.html": '.vega-bindings input[name="first_year"]',
}
#: Serialises a chart's drawing (SVG markup or canvas pixels), to see that it changed.
DRAWING = """(chart) => {
    const drawing = chart.querySelector("svg.marks, canvas.marks");
    return drawing.tagName === "CANVAS" ? drawing.toDataURL() : drawing.innerHTML;
}"""
#: Keys that change a control's value, tried in turn (one may be at its end already).
CHANGE_KEYS = {"slider": ("ArrowRight", "ArrowLeft"), "other": ("ArrowDown", "ArrowUp")}
MAX_TABS = 400


@pytest.mark.parametrize("path", list(KEYBOARD_CHARTS))
def test_chart_controls_work_with_the_keyboard_alone(browser, book_server, path):
    """Tab from the top of the page to a chart's controls, change one with a key, tab on.

    The chart must redraw, and every control Tab reaches in it must have a name.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{book_server.url}/{path}")
        page.wait_for_function(
            f"Array.from(document.querySelectorAll('{CHART_SELECTOR}'))"
            ".every((c) => c.querySelector('svg.marks, canvas.marks'))"
        )
        charts = page.locator(f"{CHART_SELECTOR}:has({KEYBOARD_CHARTS[path]})")
        assert charts.count(), f"{path} has no chart with controls {KEYBOARD_CHARTS[path]!r}"
        chart = charts.first
        chart_id = chart.get_attribute("id")
        in_chart = f"!!document.activeElement?.closest('#{chart_id} .vega-bindings')"
        cdp = context.new_cdp_session(page)
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            if page.evaluate(in_chart):
                break
        else:
            pytest.fail(f"{MAX_TABS} presses of Tab never reached the controls of {chart_id}")
        control = accessible(cdp, "document.activeElement")
        before = {"value": page.evaluate("document.activeElement.value")}
        before["drawing"] = chart.evaluate(DRAWING)
        for key in CHANGE_KEYS["slider" if control["role"] == "slider" else "other"]:
            page.keyboard.press(key)
            if page.evaluate("document.activeElement.value") != before["value"]:
                break
        else:
            pytest.fail(f"no arrow key changed {control}")
        # vega redraws on a later animation frame: wait for the drawing to change.
        page.wait_for_function(
            f"(before) => ({DRAWING})(document.getElementById('{chart_id}')) !== before",
            arg=before["drawing"],
        )
        reached = []
        while page.evaluate(in_chart) and len(reached) <= MAX_TABS:
            focused = accessible(cdp, "document.activeElement")
            assert focused["name"].strip(), f"a control of {chart_id} has no accessible name"
            reached.append(focused)
            page.keyboard.press("Tab")
        controls = chart.locator(".vega-bindings").locator("input, select").count()
        assert len(reached) >= min(controls, 2), f"Tab reached only {reached} of {controls}"
    finally:
        context.close()
