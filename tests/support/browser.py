"""Open built pages in headless Chromium with no network, once each, and record what happened.

A built book is served by a local ``http.server`` on 127.0.0.1 (a free port, in a
thread). Playwright drives Debian's ``chromium`` (no browser download; set
``BALANCING_CHROMIUM`` to use another executable, e.g. Google Chrome on a CI
runner) with every host name except 127.0.0.1 mapped to nowhere, so that any
attempt to reach a CDN fails exactly as it would offline.

:class:`FirstVisits` opens pages one after another in one browser tab, each as on a
reader's first visit (no HTTP cache, empty site storage), and collects in one
:class:`PageVisit` per page everything the browser tests assert on: failed requests
and HTTP errors, requests to other hosts, console errors, the scripts the page
loaded, bytes transferred, the charts drawn (and when), each chart's accessible
name, formulas typeset, widgets rendered, and axe-core's findings: every rule in
the theme's light mode, the colour rules again in dark mode. Tests then parametrize
over pages and assert on the records. Requests made by axe itself (it re-reads
stylesheets) are not recorded.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, CDPSession, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

#: Environment variable naming the Chromium (or Chrome) executable.
CHROMIUM_VARIABLE = "BALANCING_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    # Every host name resolves to nothing, except the local server's address.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1"}

#: axe-core 4.14.1 from the npm registry (see tests/book/axe/README.md); injected from disk.
AXE_SCRIPT = Path(__file__).parents[1] / "book" / "axe" / "axe.min.js"
#: The WCAG levels the course meets (axe-core's tags): 2.0, 2.1 and 2.2, A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: axe-core's category of the rules whose result depends on colours (the only rules that
#: can find something in dark mode that they did not find in light mode).
AXE_COLOUR_CATEGORY = "cat.color"
BLOCKING_IMPACTS = {"serious", "critical"}
THEME_MODES = ("light", "dark")

CHART_SELECTOR = 'div[id^="altair-viz-"]'
#: The ARIA role vega gives the element it names with the chart's ``description``.
CHART_ROLE = "graphics-document"
#: Milliseconds a page's charts, formulas and widgets get to appear before the record is taken.
RENDER_TIMEOUT_MS = 20_000
#: Records, as early as the page's first script, when every chart container holds drawn marks.
CHART_CLOCK = """
(() => {
  const drawn = (chart) =>
    chart.querySelector("canvas.marks") ||
    chart.querySelector('svg.marks [class*="role-mark"] > *');
  const check = () => {
    if (document.readyState !== "loading") {
      const charts = document.querySelectorAll('SELECTOR');
      if (Array.from(charts).every(drawn)) {
        window.__chartsDrawnMs = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
""".replace("SELECTOR", CHART_SELECTOR)
#: Runs before each page's own scripts: a first visit finds no stored choice (the theme
#: keeps the reader's light or dark mode in localStorage).
FORGET_SITE_STORAGE = "try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}"


def chromium_path() -> str:
    """Return the Chromium executable, failing the test with a fix if it is missing."""
    path = os.environ.get(CHROMIUM_VARIABLE) or DEFAULT_CHROMIUM
    if shutil.which(path) is None:
        pytest.fail(
            f"Headless Chromium is needed for the browser tests but {path} is not there: run "
            f"`make chromium` (Debian's package) or set {CHROMIUM_VARIABLE} to a Chromium or "
            "Chrome executable.",
            pytrace=False,
        )
    return path


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launch headless Chromium through Playwright (no network) until the block ends."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class LocalServer:
    """A static file server on 127.0.0.1 that remembers the paths it was asked for."""

    url: str
    requested: list[str] = field(default_factory=list)


@contextmanager
def serve(directory: Path) -> Iterator[LocalServer]:
    """Serve ``directory`` on 127.0.0.1 at a free port until the block ends."""
    server_info = LocalServer(url="")

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            server_info.requested.append(self.path)

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(directory)))
    server_info.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_info
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class AxeFinding:
    """One element that breaks one axe-core rule."""

    rule: str
    impact: str
    mode: str
    target: str
    html: str
    help: str

    def __str__(self) -> str:
        return (
            f"{self.rule} ({self.impact}, {self.mode} mode): {self.help}\n"
            f"    element {self.target}: {self.html[:200]}"
        )


@dataclass
class PageVisit:
    """What one first visit to a page did and showed (see :class:`FirstVisits`)."""

    url: str
    #: Local paths requested (query strings dropped), in order.
    requested: list[str] = field(default_factory=list)
    #: ``"<status> <url>"`` for every response with a status of 400 or more.
    http_errors: list[str] = field(default_factory=list)
    #: ``"<url>: <error>"`` for every request that failed (e.g. an unreachable host).
    failed_requests: list[str] = field(default_factory=list)
    #: Every URL requested from a host other than the local server.
    other_hosts: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    #: Bytes received for the page and everything it loaded (uncompressed, headers included).
    bytes_received: int = 0
    charts: int = 0
    charts_drawn: int = 0
    #: Milliseconds from navigation until every chart was drawn (None: some never were).
    charts_drawn_ms: float | None = None
    #: ``{"id", "role", "name"}`` of each chart's container, as a screen reader finds it.
    chart_names: list[dict[str, str]] = field(default_factory=list)
    chart_problems: list[str] = field(default_factory=list)
    formulas: int = 0
    formulas_typeset: int = 0
    widget_views: int = 0
    widgets_rendered: int = 0
    axe: list[AxeFinding] = field(default_factory=list)

    def loaded(self, vendored: str) -> bool:
        """Say whether the page requested a file under ``_static/vendor/<vendored>``."""
        return any(f"/_static/vendor/{vendored}" in path for path in self.requested)

    def blocking_findings(self) -> list[AxeFinding]:
        """Return the serious and critical axe findings, in both modes."""
        return [f for f in self.axe if f.impact in BLOCKING_IMPACTS]


def is_local(url: str) -> bool:
    """Say whether a URL is served by the local server (or needs no network at all)."""
    parts = urlsplit(url)
    return parts.scheme not in {"http", "https", "ws", "wss"} or parts.hostname in LOCAL_HOSTS


def wait_for(page: Page, expression: str) -> bool:
    """Wait until a JavaScript expression is truthy; say whether it became so in time."""
    try:
        page.wait_for_function(expression, timeout=RENDER_TIMEOUT_MS, polling=100)
    except PlaywrightTimeout:
        return False
    return True


def accessible(cdp: CDPSession, expression: str) -> dict[str, str]:
    """Return the role and name Chromium's accessibility tree gives one element.

    ``expression`` is JavaScript that evaluates to the element (e.g.
    ``document.activeElement``); the result is what a screen reader is told about
    that element itself, found in the tree by its DOM node (``backendDOMNodeId``),
    not about a descendant or an ancestor. An element left out of the tree (e.g.
    ``aria-hidden``) has the role ``"(ignored)"`` and no name; no element at all
    gives ``"(none)"``.
    """
    found = cdp.send("Runtime.evaluate", {"expression": expression})["result"]
    if "objectId" not in found:
        return {"role": "(none)", "name": ""}
    described = cdp.send("DOM.describeNode", {"objectId": found["objectId"]})["node"]
    backend_id = described["backendNodeId"]
    tree = cdp.send(
        "Accessibility.getPartialAXTree", {"backendNodeId": backend_id, "fetchRelatives": False}
    )
    cdp.send("Runtime.releaseObject", {"objectId": found["objectId"]})
    node = next((n for n in tree["nodes"] if n.get("backendDOMNodeId") == backend_id), None)
    if node is None or node.get("ignored"):
        return {"role": "(ignored)", "name": ""}
    return {
        "role": str(node.get("role", {}).get("value", "")),
        "name": str(node.get("name", {}).get("value", "")),
    }


def record_charts(page: Page, cdp: CDPSession, record: PageVisit) -> None:
    """Wait for the page's charts; record how many drew, when, and what they are called."""
    record.charts = page.locator(CHART_SELECTOR).count()
    if wait_for(page, "window.__chartsDrawnMs !== undefined"):
        record.charts_drawn_ms = page.evaluate("window.__chartsDrawnMs")
    charts = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).map((chart) => ({
              id: chart.id,
              drawn: !!(chart.querySelector("canvas.marks") ||
                        chart.querySelector('svg.marks [class*="role-mark"] > *')),
              error: chart.querySelector(".error") ? chart.innerText.slice(0, 300) : "",
            }))""",
        CHART_SELECTOR,
    )
    # vega gives the chart's container the role graphics-document and names it with the
    # spec's description: what a screen reader announces on reaching the chart.
    record.chart_names = [
        {"id": chart["id"], **accessible(cdp, f"document.getElementById({chart['id']!r})")}
        for chart in charts
    ]
    # Reading the tree turned Chromium's accessibility on for the tab; it would then keep
    # the tree up to date through every later page and axe run.
    cdp.send("Accessibility.disable")
    record.charts_drawn = sum(chart["drawn"] for chart in charts)
    record.chart_problems = [
        f"{c['id']}: {c['error'] or 'no vega SVG/canvas with drawn marks'}"
        for c in charts
        if c["error"] or not c["drawn"]
    ]


def record_math_and_widgets(page: Page, record: PageVisit) -> None:
    """Wait for MathJax and the widget manager (where the page uses them); count what rendered."""
    record.formulas = page.locator(".math").count()
    if record.formulas:
        if wait_for(page, "window.MathJax?.startup?.promise"):
            page.evaluate("MathJax.startup.promise.then(() => true)")
        record.formulas_typeset = page.locator("mjx-container").count()
        record.formulas_typeset -= page.locator("mjx-merror").count()
    view = 'script[type="application/vnd.jupyter.widget-view+json"]'
    record.widget_views = page.locator(view).count()
    if record.widget_views:
        # The html-manager renders each view into a div.widget-subarea just before its script.
        rendered = f"""document.querySelectorAll(
            '.widget-subarea:has(.jupyter-widgets) + {view}').length"""
        wait_for(page, f"{rendered} >= {record.widget_views}")
        record.widgets_rendered = page.evaluate(rendered)


def switch_theme(page: Page, mode: str) -> None:
    """Put the theme in ``mode`` with its own switch button (it cycles through the modes).

    Waits for the colour transitions to end, so that axe sees the final colours.
    """
    button = page.locator(".theme-switch-button").first
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == mode:
            page.evaluate(
                "Promise.all(document.getAnimations().map((a) => a.finished)).then(() => 1)"
            )
            return
        button.click()
    raise AssertionError(f"the theme's switch never reached {mode} mode on {page.url}")


def run_axe(page: Page, mode: str, *, colours_only: bool) -> list[AxeFinding]:
    """Run axe-core (injected from the copy in the repository, never fetched) on the page.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The page, fully rendered.
    mode : str
        The theme mode the page is in (recorded in each finding).
    colours_only : bool
        Run only the rules of :data:`AXE_TAGS` in axe's colour category (for the second
        theme mode, where nothing but colours differs), instead of every rule; these
        need no stylesheet analysis, so axe does not re-read the stylesheets (``preload``).

    Returns
    -------
    list of AxeFinding
        One finding per element and rule broken.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(
        """([tags, colourCategory, coloursOnly]) => axe.run(document, {
            runOnly: coloursOnly
              ? {type: "rule", values: axe.getRules([colourCategory])
                  .filter((rule) => rule.tags.some((tag) => tags.includes(tag)))
                  .map((rule) => rule.ruleId)}
              : {type: "tag", values: tags},
            preload: !coloursOnly,
            resultTypes: ["violations"]})""",
        [AXE_TAGS, AXE_COLOUR_CATEGORY, colours_only],
    )
    return [
        AxeFinding(
            rule=violation["id"],
            impact=node.get("impact") or violation["impact"] or "",
            mode=mode,
            target=" ".join(str(t) for t in node["target"]),
            html=node["html"],
            help=violation["help"],
        )
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


class FirstVisits:
    """One browser tab that opens pages one after another, each as on a first visit.

    One browser context and tab serve every page (a context per page costs more than a
    page's own checks); what a first visit needs is restored before each page: the HTTP
    cache is off (CDP ``Network.setCacheDisabled``) and the site's storage is emptied
    before the page's own scripts run, so that the theme starts in the reader's system
    mode (light) as on a first visit.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        The session's browser (see :func:`chromium`).
    screenshots : pathlib.Path, optional
        A folder to save full-page screenshots to, one per theme mode
        (``<page>-light.png``, ``<page>-dark.png``).
    """

    def __init__(self, browser: Browser, screenshots: Path | None = None) -> None:
        self.screenshots = screenshots
        # Reduced motion: the theme (Bootstrap) then switches modes without colour
        # transitions, so the dark mode's final colours are there at once.
        self.context = browser.new_context(
            viewport=VIEWPORT, color_scheme="light", reduced_motion="reduce"
        )
        self.context.add_init_script(FORGET_SITE_STORAGE)
        self.context.add_init_script(CHART_CLOCK)
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        #: The record being written; None between pages and while axe runs.
        self.recording: PageVisit | None = None
        self._listen()

    def _listen(self) -> None:
        """Send the tab's requests, failures, console errors and bytes to the current record."""

        def on_request(request: Any) -> None:
            if (record := self.recording) is None:
                return
            if not is_local(request.url):
                record.other_hosts.append(request.url)
            elif urlsplit(request.url).scheme in {"http", "https"}:
                record.requested.append(urlsplit(request.url).path)

        def on_response(response: Any) -> None:
            if (record := self.recording) is not None and response.status >= 400:
                record.http_errors.append(f"{response.status} {response.url}")

        def on_failed(request: Any) -> None:
            if (record := self.recording) is not None:
                record.failed_requests.append(f"{request.url}: {request.failure}")

        def on_console(message: Any) -> None:
            # Chromium asks each new site for /favicon.ico by itself (the book declares no
            # icon); that request is the browser's, not the page's.
            browsers_own = urlsplit(message.location.get("url", "")).path == "/favicon.ico"
            if (record := self.recording) is not None and message.type == "error":
                if not browsers_own:
                    record.console_errors.append(message.text)

        def on_page_error(error: Any) -> None:
            if (record := self.recording) is not None:
                record.console_errors.append(f"uncaught: {error}")

        def on_loaded(event: dict[str, Any]) -> None:
            if (record := self.recording) is not None:
                record.bytes_received += int(event["encodedDataLength"])

        self.page.on("request", on_request)
        self.page.on("response", on_response)
        self.page.on("requestfailed", on_failed)
        self.page.on("console", on_console)
        self.page.on("pageerror", on_page_error)
        self.cdp.on("Network.loadingFinished", on_loaded)

    def visit(self, url: str, *, accessibility: bool = True) -> PageVisit:
        """Open ``url`` as on a first visit and record everything the browser tests check.

        Parameters
        ----------
        url : str
            The page, on a local server.
        accessibility : bool
            Whether to run axe-core: every rule in light mode, the colour rules in dark
            mode (the benchmark only weighs and times).

        Returns
        -------
        PageVisit
            The record of the visit.
        """
        record = self.recording = PageVisit(url=url)
        try:
            self.page.goto(url, wait_until="load")
            record_charts(self.page, self.cdp, record)
            record_math_and_widgets(self.page, record)
            for mode in THEME_MODES if accessibility or self.screenshots else ():
                switch_theme(self.page, mode)
                if accessibility:
                    self.recording = None  # axe's own requests are not the page's
                    record.axe += run_axe(self.page, mode, colours_only=mode != THEME_MODES[0])
                    self.recording = record
                if self.screenshots is not None:
                    name = urlsplit(url).path.strip("/").replace("/", "__").removesuffix(".html")
                    self.page.screenshot(
                        path=self.screenshots / f"{name}-{mode}.png", full_page=True
                    )
        finally:
            # Leave the page before the next one, so that nothing it cancels is recorded.
            self.recording = None
            self.page.goto("about:blank")
        return record

    def close(self) -> None:
        """Close the tab and its browser context."""
        self.context.close()


@contextmanager
def first_visits(browser: Browser, screenshots: Path | None = None) -> Iterator[FirstVisits]:
    """Yield a :class:`FirstVisits` tab, closed when the block ends."""
    visits = FirstVisits(browser, screenshots)
    try:
        yield visits
    finally:
        visits.close()


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``condition`` every half second until it is truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")
