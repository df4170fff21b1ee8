"""What the chapters' pages need from the book: self-checks, and plain figure titles.

Each chapter's questions live in ``balancing/selfcheck/chapter-NN.yaml`` and are
drawn by jupyterquiz's JavaScript, which :mod:`balancing.selfcheck` writes into
the page with the questions (a notebook shows them with ``selfcheck.show``). This
Sphinx extension

* adds the ``{self-check}`` directive, for MyST Markdown pages that have no
  kernel (chapter 1): ``{self-check} 01`` writes the same markup as
  ``selfcheck.show("01")``;
* points jupyterquiz's fallback MathJax at the book's own copy: when a page has
  a half-loaded MathJax, jupyterquiz's script adds MathJax 3 from a CDN; the
  extension rewrites that URL to ``mathjax_path`` (the copy that
  ``_ext/offline_assets.py`` serves), before that extension checks every page
  for CDN URLs;
* records the files of each chapter's self-check (questions, labels, styles) as
  dependencies of the chapter, so that editing one rebuilds its page;
* keeps the title of a dropdown free of links. Under each chart a dropdown is
  titled "Text description of {numref}`fig-...`"; a reference inside the
  ``<summary>`` would put a link inside a button (nested interactive controls,
  which keyboards and screen readers handle badly), so the title keeps the
  reference's text, "Figure 2.1", without the link.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from balancing import selfcheck

#: What jupyterquiz 2.9.6.4 loads when it finds MathJax without ``typeset`` (escaped on
#: purpose: the repository's CDN check greps committed files for plain host names).
JUPYTERQUIZ_MATHJAX = re.compile(r"https://cdn\.jsdelivr\.net/npm/mathjax@3/es5/tex-svg\.js")
#: A chapter's document name: ``chapters/NN-title``.
CHAPTER_DOC = re.compile(r"^chapters/(?P<chapter>\d{2})-")


class SelfCheckDirective(SphinxDirective):
    """``{self-check} NN``: chapter NN's self-check, drawn without a kernel."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        chapter = self.arguments[0]
        try:
            markup = selfcheck.page_html(chapter)
        except selfcheck.SelfCheckError as error:
            raise self.error(f"self-check: {error}") from error
        for path in selfcheck.source_files(chapter):
            self.env.note_dependency(str(path))
        return [nodes.raw("", markup, format="html", classes=["self-check"])]


def note_self_check_files(app: Sphinx, doctree: nodes.document) -> None:
    """Make a chapter depend on its self-check's files, so that editing one rebuilds the page."""
    match = CHAPTER_DOC.match(app.env.docname)
    if match and match["chapter"] in selfcheck.chapters():
        for path in selfcheck.source_files(match["chapter"]):
            app.env.note_dependency(str(path))


def local_mathjax(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Point jupyterquiz's fallback MathJax at the book's own copy."""
    body = context.get("body", "")
    if JUPYTERQUIZ_MATHJAX.search(body):
        local = context["pathto"](f"_static/{app.config.mathjax_path}", 1)
        context["body"] = JUPYTERQUIZ_MATHJAX.sub(lambda _: local, body)


class PlainDropdownTitles(SphinxPostTransform):
    """Replace each link in a dropdown's title (its ``<summary>``) by the link's text."""

    # After references are resolved (10) and sphinx-design builds its dropdowns (199).
    default_priority = 250
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for title in self.document.findall(is_dropdown_title):
            for reference in list(title.findall(nodes.reference)):
                reference.replace_self(nodes.inline("", "", *reference.children))


def is_dropdown_title(node: nodes.Node) -> bool:
    """Say whether a node is sphinx-design's dropdown title (the ``<summary>``)."""
    return type(node).__name__ == "dropdown_title"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("self-check", SelfCheckDirective)
    app.add_post_transform(PlainDropdownTitles)
    app.connect("doctree-read", note_self_check_files)
    # After myst-nb (500) writes the page, before offline_assets (900) checks it for CDNs.
    app.connect("html-page-context", local_mathjax, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
