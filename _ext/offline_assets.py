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
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset

logger = logging.getLogger(__name__)

VENDOR_DIR = Path(__file__).parent / "vendor"
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

    scripts = context.get("script_files", [])
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
    app.connect("builder-inited", set_book_renderer)
    app.connect("builder-inited", copy_vendored_files)
    # After myst-nb (priority 500) has added the page's widget scripts.
    app.connect("html-page-context", localise_page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
