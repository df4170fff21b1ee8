"""Tests of the built book: offline assets, page weight, charts and widgets in a browser.

All tests here use the ``built_book`` fixture (one warnings-as-errors build per
run, see ``conftest.py``). The browser tests open pages in headless Chromium
with every host but 127.0.0.1 unreachable, so a chart or widget that still needs
a CDN fails to draw.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from support.book import JUPYTER_BOOK, ROOT, log_tail
from support.browser import DevToolsPage, LocalServer, rendered_dom, screenshot, serve, wait_until

MAX_PAGE_BYTES = 1_000_000
#: Widget modules built into the html-manager; any other module would be fetched from a CDN.
BUNDLED_WIDGET_MODULES = {
    "@jupyter-widgets/base",
    "@jupyter-widgets/controls",
    "@jupyter-widgets/output",
}
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_TYPE = "application/vnd.jupyter.widget-view+json"

# A quoted URL of a script or stylesheet inside inline JavaScript (e.g. a loader's constant).
JS_RESOURCE_URL = re.compile(
    r"""["'`](?P<url>(?:https?:)?//[^"'`\s]+?\.(?:m?js|css)(?:[?#][^"'`\s]*)?)["'`]"""
)
# An entry of the ``paths`` object altair hands to RequireJS or its script loader.
ALTAIR_PATH_ENTRY = re.compile(r'"(?P<name>[\w@./-]+)"\s*:\s*"(?P<url>[^"]+\?noext)"')
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?(?P<url>[^"')\s;]+)""")
CSS_URL = re.compile(r"""url\(\s*["']?(?P<url>[^"')\s]+)""")


def is_remote(url: str) -> bool:
    """Say whether a URL points at another host (``//host/...`` or ``http(s)://...``)."""
    return url.startswith("//") or urlsplit(url).scheme in {"http", "https"}


def html_pages(build: Path) -> list[Path]:
    """Return every HTML page of the build (not the theme's templates under ``_static/``)."""
    return sorted(
        page for page in build.rglob("*.html") if page.relative_to(build).parts[0] != "_static"
    )


@cache
def soup_of(page: Path) -> BeautifulSoup:
    """Parse a built page (cached: several tests read the same pages)."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    """Return the text of the page's inline JavaScript."""
    return [
        script.get_text()
        for script in soup.find_all("script")
        if not script.get("src") and script.get("type", "").lower() in JS_TYPES
    ]


def script_and_style_urls(soup: BeautifulSoup) -> list[str]:
    """Return every URL through which a page loads a script or a stylesheet."""
    urls = [tag["src"] for tag in soup.find_all("script", src=True)]
    urls += [
        tag["href"]
        for tag in soup.find_all("link", href=True)
        if {"stylesheet", "preload", "modulepreload"} & set(tag.get("rel", []))
    ]
    for code in inline_scripts(soup):
        urls += [m["url"] for m in JS_RESOURCE_URL.finditer(code)]
        urls += [m["url"] for m in ALTAIR_PATH_ENTRY.finditer(code)]
    for style in soup.find_all("style"):
        urls += [m["url"] for m in CSS_IMPORT.finditer(style.get_text())]
    return urls


def local_target(page: Path, url: str) -> Path:
    """Return the file a page-relative URL points at."""
    return (page.parent / unquote(urlsplit(url).path)).resolve()


def local_stylesheets(build: Path) -> set[Path]:
    """Return every local stylesheet some page loads."""
    sheets = set()
    for page in html_pages(build):
        for tag in soup_of(page).find_all("link", rel="stylesheet", href=True):
            if not is_remote(tag["href"]) and not tag["href"].startswith("data:"):
                sheets.add(local_target(page, tag["href"]))
    return sheets


def chart_pages(build: Path) -> list[Path]:
    """Return the pages that hold at least one altair chart."""
    return [p for p in html_pages(build) if soup_of(p).select('div[id^="altair-viz-"]')]


def widget_pages(build: Path) -> list[Path]:
    """Return the pages that display at least one saved ipywidget."""
    return [p for p in html_pages(build) if soup_of(p).find("script", type=WIDGET_VIEW_TYPE)]


def page_url(server_url: str, build: Path, page: Path) -> str:
    """Return a built page's URL on the local server."""
    return f"{server_url}/{page.relative_to(build).as_posix()}"


def served(server: LocalServer, vendored: str) -> bool:
    """Say whether the local server was asked for a vendored file (under ``_static/vendor/``)."""
    return any(path.startswith(f"/_static/vendor/{vendored}") for path in server.requested)


def chart_problems(dom: str) -> list[str]:
    """List what is wrong with the altair charts in a rendered DOM (empty if all drew)."""
    containers = BeautifulSoup(dom, "html.parser").select('div[id^="altair-viz-"]')
    problems = [] if containers else ["no altair chart container in the rendered page"]
    for div in containers:
        text = div.get_text(" ", strip=True)
        if div.select(".error") or "Error loading script" in text or "Javascript Error" in text:
            problems.append(f"{div['id']}: {text[:300]}")
        elif div.select_one("canvas.marks") is None and not div.select(
            'svg.marks [class*="role-mark"] path, svg.marks [class*="role-mark"] rect, '
            'svg.marks [class*="role-mark"] line'
        ):
            problems.append(f"{div['id']}: no vega SVG/canvas with drawn marks")
    return problems


# --- the page HTML --------------------------------------------------------------------------


def test_book_builds_with_warnings_as_errors(built_book):
    assert (built_book / "index.html").is_file()


def test_no_page_loads_scripts_or_styles_from_another_host(built_book):
    offenders = [
        f"{page.relative_to(built_book)}: {url}"
        for page in html_pages(built_book)
        for url in script_and_style_urls(soup_of(page))
        if is_remote(url)
    ]
    for sheet in local_stylesheets(built_book):
        css = sheet.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{sheet.relative_to(built_book)}: {m['url']}"
            for pattern in (CSS_IMPORT, CSS_URL)
            for m in pattern.finditer(css)
            if is_remote(m["url"])
        ]
    assert not offenders, "Remote scripts or styles (the book must work offline):\n" + "\n".join(
        offenders
    )


def test_every_local_script_and_stylesheet_exists(built_book):
    missing = [
        f"{page.relative_to(built_book)}: {url}"
        for page in html_pages(built_book)
        for url in script_and_style_urls(soup_of(page))
        if not is_remote(url)
        and not url.startswith("data:")
        and not local_target(page, url).is_file()
    ]
    assert not missing, "Pages reference files that are not in the build:\n" + "\n".join(missing)


def test_chart_pages_load_the_vendored_libraries(built_book):
    pages = chart_pages(built_book)
    assert pages, "no built page holds an altair chart"
    for page in pages:
        entries = {
            m["name"]: m["url"]
            for code in inline_scripts(soup_of(page))
            for m in ALTAIR_PATH_ENTRY.finditer(code)
        }
        for name in ("vega", "vega-lite", "vega-embed"):
            assert entries.get(name, "").startswith(
                "../" * (len(page.relative_to(built_book).parts) - 1) + f"_static/vendor/{name}/"
            ), f"{page.name}: {name} -> {entries.get(name)}"


def test_no_html_page_exceeds_one_megabyte(built_book):
    heavy = {
        str(page.relative_to(built_book)): page.stat().st_size
        for page in html_pages(built_book)
        if page.stat().st_size > MAX_PAGE_BYTES
    }
    assert not heavy, f"Pages over {MAX_PAGE_BYTES:,} bytes (aggregate before charting): {heavy}"


def test_widget_state_uses_only_modules_bundled_in_the_html_manager(built_book):
    foreign = []
    for page in html_pages(built_book):
        for script in soup_of(page).find_all("script", type=WIDGET_STATE_TYPE):
            for model in json.loads(script.get_text())["state"].values():
                modules = {model["model_module"], model["state"].get("_view_module")}
                foreign += [
                    f"{page.relative_to(built_book)}: {module}"
                    for module in modules - BUNDLED_WIDGET_MODULES - {None}
                ]
    assert not foreign, (
        "These widget modules are not in the vendored html-manager and would be fetched "
        "from a CDN:\n" + "\n".join(sorted(set(foreign)))
    )


# --- in the browser ------------------------------------------------------------------------


@pytest.mark.browser
def test_every_chart_draws_offline_in_chromium(built_book, tmp_path):
    pages = chart_pages(built_book)
    assert pages, "no built page holds an altair chart"
    problems = []
    with serve(built_book) as server:
        for page in pages:
            url = page_url(server.url, built_book, page)
            problems += [f"{page.name}: {p}" for p in chart_problems(rendered_dom(url))]
            screenshot(url, tmp_path / f"{page.stem}.png")
            with DevToolsPage(tmp_path / f"profile-{page.stem}") as tab:
                tab.call("Page.navigate", url=url)
                wait_until(
                    lambda tab=tab: tab.evaluate(
                        "!!document.querySelector('div[id^=\"altair-viz-\"] .marks')"
                    ),
                    60,
                    f"the first chart of {page.name} to draw",
                )
                tab.screenshot(tmp_path / f"{page.stem}-first-chart.png", 'div[id^="altair-viz-"]')
    assert not problems, "\n".join(problems)
    for library in (
        "vega/vega.min.js",
        "vega-lite/vega-lite.min.js",
        "vega-embed/vega-embed.min.js",
    ):
        assert served(server, library), f"{library} was not loaded from the book"


def math_pages(build: Path) -> list[Path]:
    """Return the pages that load MathJax."""
    return [
        p
        for p in html_pages(build)
        if any("mathjax" in tag["src"] for tag in soup_of(p).find_all("script", src=True))
    ]


@pytest.mark.browser
def test_math_renders_offline_in_chromium(built_book):
    pages = math_pages(built_book)
    if not pages:
        pytest.skip("no page of the book contains math")
    problems = []
    with serve(built_book) as server:
        for page in pages:
            expected = len(soup_of(page).select(".math"))
            dom = BeautifulSoup(rendered_dom(page_url(server.url, built_book, page)), "html.parser")
            typeset = len(dom.select("mjx-container"))
            if typeset < expected or dom.select("mjx-merror"):
                problems.append(f"{page.name}: {typeset} of {expected} formulas typeset")
    assert not problems, "\n".join(problems)
    assert served(server, "mathjax/tex-mml-chtml.js")
    assert served(server, "mathjax/output/chtml/fonts/woff-v2/"), "MathJax fonts not served"


def widget_problems(dom: str) -> list[str]:
    """List the saved widget views that did not render in a DOM (empty if all drew).

    The html-manager renders each view into a ``div.widget-subarea`` that it inserts
    just before the view's ``<script>``.
    """
    views = BeautifulSoup(dom, "html.parser").find_all("script", type=WIDGET_VIEW_TYPE)
    problems = [] if views else ["no saved widget view in the rendered page"]
    for view in views:
        area = view.find_previous_sibling("div", class_="widget-subarea")
        if area is None or area.select_one(".jupyter-widgets") is None:
            problems.append(f"widget view {view.get_text(strip=True)[:120]} was not rendered")
    return problems


@pytest.fixture(scope="module")
def widget_book(tmp_path_factory) -> Path:
    """Build a one-page book showing a saved IntSlider and Button, with this book's extension."""
    book = tmp_path_factory.mktemp("widget-book")
    main_sphinx = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]
    config = {
        "title": "Widget test",
        "execute": {"execute_notebooks": "force", "timeout": 60},
        "sphinx": {
            "local_extensions": {
                name: str(ROOT / path) for name, path in main_sphinx["local_extensions"].items()
            },
            "config": {"nb_ipywidgets_js": main_sphinx["config"]["nb_ipywidgets_js"]},
        },
    }
    (book / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (book / "_toc.yml").write_text("format: jb-book\nroot: widget\n")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A saved widget"),
            nbformat.v4.new_code_cell(
                "import ipywidgets as widgets\n"
                'widgets.IntSlider(value=7, min=0, max=10, description="Years")'
            ),
            # The icon is drawn with the theme's Font Awesome font.
            nbformat.v4.new_code_cell('widgets.Button(description="Check", icon="check")'),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(notebook, book / "widget.ipynb")
    log = book / "build.log"
    with log.open("w") as out:
        result = subprocess.run(
            [str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"],
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    assert result.returncode == 0, f"The widget book did not build:\n{log_tail(log)}"
    return book / "_build" / "html"


@pytest.mark.browser
def test_saved_widget_state_renders_offline_in_chromium(widget_book, tmp_path):
    page = widget_book / "widget.html"
    assert soup_of(page).find("script", type=WIDGET_STATE_TYPE), "no widget state was saved"
    with serve(widget_book) as server:
        url = page_url(server.url, widget_book, page)
        dom = rendered_dom(url)
        screenshot(url, tmp_path / "widget.png")
    assert not widget_problems(dom)
    soup = BeautifulSoup(dom, "html.parser")
    slider = soup.select_one(".widget-slider")
    assert slider is not None, "the IntSlider was not rendered"
    assert slider.select_one(".widget-label").get_text(strip=True) == "Years"
    assert slider.select_one(".widget-readout").get_text(strip=True) == "7"
    assert soup.select_one("button.widget-button .fa-check"), "the button has no icon"
    for script in ("requirejs/require.js", "html-manager/embed-amd.js"):
        assert served(server, script), f"{script} was not loaded from the book"


@pytest.mark.browser
def test_book_widget_pages_render_offline_in_chromium(built_book):
    pages = widget_pages(built_book)
    if not pages:
        pytest.skip("no page of the book displays a saved ipywidget yet")
    problems = []
    with serve(built_book) as server:
        for page in pages:
            dom = rendered_dom(page_url(server.url, built_book, page))
            problems += [f"{page.name}: {p}" for p in widget_problems(dom)]
    assert not problems, "\n".join(problems)
