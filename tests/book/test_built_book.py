"""Tests of the built book's HTML: offline assets, vendored libraries, page size, widget state.

All tests here use the ``built_book`` fixture (one warnings-as-errors build per
run, see ``tests/conftest.py``) and read the files; what pages do in a browser is
tested in ``test_pages_in_chromium.py``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

MAX_PAGE_BYTES = 1_000_000
#: Widget modules built into the html-manager; any other module would be fetched from a CDN.
BUNDLED_WIDGET_MODULES = {
    "@jupyter-widgets/base",
    "@jupyter-widgets/controls",
    "@jupyter-widgets/output",
}
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"

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
