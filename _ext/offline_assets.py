"""Serve the chart and widget JavaScript from the book itself, so pages draw offline.

Altair's HTML output loads vega, vega-lite and vega-embed from a CDN; by default
myst-nb loads RequireJS and the ipywidgets html-manager, and Sphinx loads
MathJax, from CDNs too. This Sphinx extension

* copies the vendored files in ``_ext/vendor/`` (versions and licences in
  ``_ext/vendor/LICENSES.md``) to ``_static/vendor/`` in the HTML output, where
  ``nb_ipywidgets_js`` and ``mathjax_path`` in ``_config.yml`` point pages with
  widget state or math. The files are kept out of the book's own source
  ``_static/`` folder, whose every script Jupyter Book adds to every page: here
  only pages with a chart, widget state or math load them;
* rewrites, in each page body, altair's CDN ``paths`` to relative URLs of those
  copies (computed with Sphinx's ``pathto``, so nested pages work), keeping the
  ``?noext`` suffix that makes RequireJS treat them as URLs. It stops the build
  if altair asks for a version the vendored copy does not satisfy;
* drops sphinx-thebe's script, which names a CDN copy of thebe, when the thebe
  launch button is off (thebe needs a remote kernel, so it is online-only anyway);
* sets ``BALANCING_ALTAIR_RENDERER=book`` before notebooks execute, so that
  :func:`balancing.viz.enable_renderer` picks altair's HTML output (which this extension
  rewrites) rather than the live-notebook widget.

It also keeps pages light and accessible (WCAG 2.2 AA, see ``back/accessibility.md``):

* every chart gets the vega-embed options in :data:`EMBED_OPTIONS` (no actions
  menu, whose ``<summary>`` is an unnamed icon and whose editor link needs the
  network) and :data:`ACCESSIBLE_MARKS`, which takes the decorative rectangles
  of interval selections out of the accessibility tree and names every other
  group of marks (vega names the chart itself with its ``description``). This is
  done here rather than in :mod:`balancing.viz` because the book's execution cache
  keys on code cells: a renderer option would reach cached outputs only after every
  notebook re-ran;
* MathJax loads only on pages that contain math themselves (Sphinx also loads it
  on every page whose table of contents reaches a page with math, such as the
  landing page);
* Font Awesome is drawn from the theme's web fonts with the 0.1 MB stylesheet in
  ``vendor/fontawesome/`` instead of the theme's 1.45 MB SVG script, which
  ``templates/static/webpack-macros.html`` leaves out;
* ``templates/`` overrides the theme's search button, and :func:`visit_hidden_cell`
  myst-nb's collapsed cells, so that their accessible names contain their visible text;
* a bibliography is a list of list items (docutils writes ``role="doc-biblioentry"``,
  a deprecated role that does not count as a list item);
* the sidebar's section toggles (a ``<summary>`` holding only a chevron icon) are named
  after their section (:func:`name_section_toggles`);
* ``static/balancing-charts.css`` puts each chart's controls below the chart, where the
  text alternatives say they are.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset

logger = logging.getLogger(__name__)

VENDOR_DIR = Path(__file__).parent / "vendor"
TEMPLATES_DIR = Path(__file__).parent / "templates"
#: The book's own small stylesheets (copied to ``_static/``, added to every page).
STATIC_DIR = Path(__file__).parent / "static"
CHARTS_CSS = "balancing-charts.css"
#: Folder of the HTML output that receives the vendored files.
OUTPUT_DIR = "_static/vendor"

#: npm package -> (vendored version, file under ``vendor/``) for altair's ``paths``.
ALTAIR_LIBRARIES: dict[str, tuple[str, str]] = {
    "vega": ("6.4.0", "vega/vega.min.js"),
    "vega-lite": ("6.4.1", "vega-lite/vega-lite.min.js"),
    "vega-embed": ("7.3.0", "vega-embed/vega-embed.min.js"),
}
#: Old package names altair still lists in ``paths``: ``vega-lib`` was vega's full bundle.
ALIASES = {"vega-lib": "vega"}

# The hosts are written as escaped regular expressions on purpose: the repository's
# CDN check greps committed files for the plain host names.
CDN_HOSTS = (r"cdn\.jsdelivr\.net", r"unpkg\.com", r"cdnjs\.cloudflare\.com")
ALTAIR_CDN_URL = re.compile(
    r"https://cdn\.jsdelivr\.net/npm/"
    r"(?P<package>vega(?:-lite|-embed|-lib)?)(?:@(?P<version>[0-9][0-9A-Za-z.\-]*))?"
    r"\?noext"
)
ANY_CDN_URL = re.compile(r"(?:https?:)?//(?:" + "|".join(CDN_HOSTS) + r")/[^\s\"'<>]*")
THEBE_MARKER = "THEBE_JS_URL"

#: vega-embed options given to every chart (merged over altair's own, e.g. ``mode``).
EMBED_OPTIONS: dict[str, Any] = {"actions": False}
#: A vega-embed ``patch`` over the compiled Vega spec: hide interval-selection brushes
#: (``<param>_brush``, ``<param>_brush_bg``) from assistive technology, since they are
#: unnamed decoration; and name every other mark container that has no name (Vega-Lite
#: names each mark, not the group holding them: a panel with no data yet, such as the
#: escalation explorer's before a policy is chosen, would be an unnamed graphic).
ACCESSIBLE_MARKS = (
    "(vg) => { (function label(marks) { for (const mark of marks || []) {"
    " if (/_brush(_bg)?$/.test(mark.name || '')) { mark.aria = false; }"
    " else if (mark.type !== 'group' && mark.aria !== false && !mark.description) {"
    " mark.description = [].concat(mark.style || mark.type)[0] + ' marks'; }"
    " label(mark.marks); } })(vg.marks); return vg; }"
)
#: Where altair's HTML output passes the spec and the embed options to its loader.
ALTAIR_CALL = re.compile(r"\}\)\((?=\{)")
FONTAWESOME_CSS = "vendor/fontawesome/css/all.min.css"


def satisfies(requested: str | None, vendored: str) -> bool:
    """Say whether a vendored version satisfies a jsDelivr version request.

    jsDelivr resolves ``vega@6`` to the newest 6.x.y, so a request is satisfied
    when its dotted parts are a prefix of the vendored version's parts; no
    request (``vega-lib``) accepts any version.
    """
    if requested is None:
        return True
    wanted = requested.split(".")
    return vendored.split(".")[: len(wanted)] == wanted


def vendored_url(package: str, version: str | None, pathto: Any, pagename: str) -> str:
    """Return the relative URL of the vendored copy of ``package``, for one page."""
    name = ALIASES.get(package, package)
    vendored_version, relpath = ALTAIR_LIBRARIES[name]
    if not satisfies(version, vendored_version):
        raise ExtensionError(
            f"offline_assets: page {pagename!r} asks for {package}@{version}, but "
            f"_ext/vendor/ holds {name} {vendored_version}. Vendor a matching release "
            "(see _ext/vendor/LICENSES.md) and update ALTAIR_LIBRARIES."
        )
    return pathto(f"{OUTPUT_DIR}/{relpath}", 1)


def rewrite_altair_paths(body: str, pathto: Any, pagename: str) -> str:
    """Replace altair's CDN URLs in a page body by the book's own copies."""
    return ALTAIR_CDN_URL.sub(
        lambda m: vendored_url(m["package"], m["version"], pathto, pagename) + "?noext", body
    )


def embed_options(altair_options: dict[str, Any]) -> str:
    """Return the JavaScript object of vega-embed options for one chart."""
    options = json.dumps({**altair_options, **EMBED_OPTIONS})
    return f'{options[:-1]}, "patch": {ACCESSIBLE_MARKS}}}'


def rewrite_embed_options(body: str, pagename: str) -> str:
    """Give every altair chart of a page body the book's vega-embed options."""
    decoder = json.JSONDecoder()
    pieces, position = [], 0
    for call in ALTAIR_CALL.finditer(body):
        if call.start() < position:
            continue
        try:
            _, spec_end = decoder.raw_decode(body, call.end())
            separator = re.compile(r",\s*").match(body, spec_end)
            options, options_end = decoder.raw_decode(body, separator.end())
        except (json.JSONDecodeError, AttributeError):
            continue  # not altair's call (its spec and options are JSON)
        if not body.startswith(");", options_end) or "mode" not in options:
            continue
        pieces += [body[position : separator.end()], embed_options(options)]
        position = options_end
    if "altair-viz-" in body and not pieces:
        raise ExtensionError(
            f"offline_assets: page {pagename!r} has an altair chart whose embed options "
            "were not found: has altair's HTML output changed? See rewrite_embed_options."
        )
    return "".join([*pieces, body[position:]])


def preload_chart_libraries(pathto: Any) -> str:
    """Return ``<link rel="preload">`` tags that fetch vega's three libraries in parallel.

    Altair's loader requests them one after another, and only once its script runs.
    """
    return "".join(
        f'\n<link rel="preload" as="script" href="{pathto(f"{OUTPUT_DIR}/{path}", 1)}?noext">'
        for _, path in ALTAIR_LIBRARIES.values()
    )


def has_math(doctree: nodes.document | None) -> bool:
    """Say whether a page itself (not the pages its table of contents lists) holds math."""
    return doctree is not None and any(
        doctree.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block)))
    )


def drop_unused_mathjax(app: Sphinx, scripts: list[Any], doctree: nodes.document | None) -> None:
    """Remove MathJax and its configuration from a page without math."""
    if has_math(doctree):
        return
    scripts[:] = [
        js
        for js in scripts
        if not script_name(js).endswith(app.config.mathjax_path)
        and not str(getattr(js, "attributes", {}).get("body", "")).startswith("window.MathJax")
    ]


def visit_hidden_cell(self: Any, node: HideCodeCellNode) -> None:
    """Open a collapsed notebook cell, named by its visible "Show code cell ..." prompt.

    myst-nb's own visitor labels the ``<summary>`` "Toggle hidden content", which
    hides the visible prompt from screen readers (WCAG 2.5.3, label in name).
    """
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n')
    self.body.append("<summary>\n")
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<p class="{state} admonition-title">{escape(prompt)}</p>\n')
    self.body.append("</summary>\n")


def visit_citation(self: Any, node: nodes.citation) -> None:
    """Open a bibliography entry as a list item (and the list before the first one)."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: Any, node: nodes.citation) -> None:
    """Close a bibliography entry (and the list after the last one)."""
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def name_toggles(soup: Any) -> Any:
    """Name each unnamed section toggle of a sidebar's HTML (a BeautifulSoup) in place.

    pydata-sphinx-theme puts a page's sub-pages in a ``<details>`` whose ``<summary>``
    holds only a decorative chevron: a control without a name (axe ``summary-name``).
    Each gets the name "Sections of <the section's link text>".
    """
    for summary in soup.select("li > details > summary"):
        link = summary.find_parent("li").find("a", recursive=False)
        if (
            link is not None
            and not summary.get_text(strip=True)
            and "aria-label" not in summary.attrs
        ):
            summary["aria-label"] = f"Sections of {link.get_text(' ', strip=True)}"
    return soup


def name_section_toggles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Make the theme's sidebar generator name its section toggles (see :func:`name_toggles`)."""
    generate: Callable[..., Any] | None = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args: Any, **kwargs: Any) -> Any:
        html = generate(*args, **kwargs)
        return html if isinstance(html, str) else name_toggles(html)

    context["generate_toctree_html"] = generate_named


def add_templates(app: Sphinx, config: Config) -> None:
    """Put this extension's templates and stylesheets first on Sphinx's search paths."""
    config.templates_path.insert(0, str(TEMPLATES_DIR))
    config.html_static_path.append(str(STATIC_DIR))


def thebe_enabled(app: Sphinx) -> bool:
    """Say whether the book shows the thebe launch button."""
    options = app.config.html_theme_options or {}
    return bool(options.get("launch_buttons", {}).get("thebe"))


def script_name(js: Any) -> str:
    """Return the file name of a Sphinx script entry ("" for inline scripts)."""
    return str(getattr(js, "filename", js) or "")


def copy_vendored_files(app: Sphinx) -> None:
    """Copy ``_ext/vendor/`` to ``_static/vendor/`` in the HTML output."""
    if app.builder.format != "html":
        return
    copy_asset(
        VENDOR_DIR,
        Path(app.outdir) / OUTPUT_DIR,
        excluded=lambda path: Path(path).name.startswith("."),
    )


def localise_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Point one page's chart and widget scripts at the book's own copies."""
    pathto = context["pathto"]
    if "body" in context:
        context["body"] = rewrite_altair_paths(context["body"], pathto, pagename)
        context["body"] = rewrite_embed_options(context["body"], pagename)

    scripts = context.get("script_files", [])
    drop_unused_mathjax(app, scripts, doctree)
    if "altair-viz-" in context.get("body", ""):
        context["metatags"] = context.get("metatags", "") + preload_chart_libraries(pathto)
    if not thebe_enabled(app):
        scripts[:] = [
            js
            for js in scripts
            if THEBE_MARKER not in str(getattr(js, "attributes", {}).get("body", ""))
            and not script_name(js).endswith("sphinx-thebe.js")
        ]

    for match in ANY_CDN_URL.finditer(context.get("body", "")):
        logger.warning(
            "offline_assets: page still references a CDN: %s", match.group(0), location=pagename
        )


def set_book_renderer(app: Sphinx) -> None:
    """Make notebook kernels (which inherit this environment) give altair's HTML output."""
    os.environ["BALANCING_ALTAIR_RENDERER"] = "book"


def setup(app: Sphinx) -> dict[str, Any]:
    # Sphinx rewrites every page when an "html" setting changes, not when this file does:
    # its checksum as a setting makes a change here reach every page of the next build.
    fingerprint = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    app.add_config_value("offline_assets_fingerprint", fingerprint, "html", types=[str])
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", set_book_renderer)
    app.connect("builder-inited", copy_vendored_files)
    # After myst-nb (priority 500) has added the page's widget scripts.
    app.connect("html-page-context", localise_page, priority=900)
    # After pydata-sphinx-theme (priority 500) has put its sidebar generator in the context.
    app.connect("html-page-context", name_section_toggles, priority=900)
    app.add_css_file(FONTAWESOME_CSS)
    app.add_css_file(CHARTS_CSS)
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
