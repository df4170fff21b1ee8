"""Exercise pages hand out student notebooks, never masters, and may leave solutions out.

An exercise page is built from its otter-grader master (``exercises/<set>.ipynb``:
solutions and hidden tests). For every such page this Sphinx extension

* serves the student notebook (``exercises/student/<set>.ipynb``, written by
  ``make assign``) under the page's download button: the copy Sphinx makes of the
  page source, ``_sources/exercises/<set>.ipynb``, is replaced at the end of the
  build;
* points the page's launch buttons (Binder, JupyterHub, Colab) at that student
  notebook in the repository instead of the master;
* stops the build (a warning, an error under ``-W``) if a student copy is missing
  or was made from another version of its master, or if a launch button does not
  name the page's notebook where it should;
* with ``balancing_solutions: omitted`` (``sphinx: config:`` in ``_config.yml``, or
  the environment variable ``BALANCING_SOLUTIONS=omitted``), leaves every worked
  solution out of the page, its search entry and its sources, with a one-line
  note in place of each. The default, ``collapsed``, keeps them on the page,
  collapsed. Changing the setting re-reads the exercise pages only (Sphinx would
  otherwise re-read, and re-execute, every notebook of the book), so an edition
  without solutions can be built incrementally from a copy of a full build.

The logic (where copies are, whether they are current, which cells are
solutions) lives in :mod:`balancing.grading.book`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from balancing.grading.book import (
    OMITTED_NOTE,
    SETTINGS,
    OmittedSolutions,
    copy_problem,
    student_copy,
    without_written_solutions,
)
from balancing.grading.masters import exercises

logger = logging.getLogger(__name__)
EXERCISES_DIR = "exercises"


def _masters(app: Sphinx) -> dict[str, Path]:
    """Master notebooks by docname (``exercises/<set>``)."""
    folder = Path(app.srcdir) / EXERCISES_DIR
    return {f"{EXERCISES_DIR}/{e.name}": e.master for e in exercises(folder)}


def _omitting(app: Sphinx) -> bool:
    return app.config.balancing_solutions == "omitted"


def check_setting(app: Sphinx, config: Any) -> None:
    if config.balancing_solutions not in SETTINGS:
        raise ExtensionError(
            f"balancing_solutions must be one of {', '.join(SETTINGS)}, "
            f"not {config.balancing_solutions!r}"
        )


def check_student_copies(app: Sphinx) -> None:
    for master in _masters(app).values():
        problem = copy_problem(master)
        if problem is not None:
            logger.warning(problem, type="balancing", subtype="student_copy")


def omit_written_solutions(app: Sphinx, docname: str, source: list[str]) -> None:
    if _omitting(app) and docname in _masters(app):
        source[0] = without_written_solutions(source[0], f"{docname}.ipynb")


def omit_code_solutions(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not _omitting(app) or docname not in _masters(app):
        return
    master = _masters(app)[docname]
    omitted = OmittedSolutions.of(nbformat.read(master, as_version=4), master.name)
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        index = cell.get("cell_index")
        if index in omitted.noted:
            note = nodes.paragraph("", "", nodes.emphasis("", OMITTED_NOTE.strip("*")))
            cell.replace_self(note)
        elif index in omitted.dropped:
            cell.parent.remove(cell)


def point_launch_buttons_at_student_copy(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    masters = _masters(app)
    if pagename not in masters:
        return
    options = app.config.html_theme_options
    prefix = options.get("path_to_docs", "").strip("/")
    prefix = f"{prefix}/" if prefix else ""
    master = masters[pagename]
    page = f"{prefix}{pagename}.ipynb"
    copy = f"{prefix}{student_copy(master).relative_to(Path(app.srcdir)).as_posix()}"
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            url = button.get("url")
            if url is None:
                continue
            if page not in url:
                logger.warning(
                    f"{pagename}: the {button.get('text')} launch button ({url}) does not name "
                    f"{page}, so it cannot be pointed at the student notebook",
                    type="balancing",
                    subtype="launch_button",
                )
                continue
            button["url"] = url.replace(page, copy)


def serve_student_copies(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    suffix = app.config.html_sourcelink_suffix
    for docname, master in _masters(app).items():
        served = sources / f"{docname}.ipynb{suffix}"
        if served.exists() and student_copy(master).is_file():
            shutil.copyfile(student_copy(master), served)


def exercise_pages_to_reread(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the exercise pages, and only them, when the solutions setting changed."""
    previous = getattr(env, "balancing_solutions", None)
    env.balancing_solutions = app.config.balancing_solutions
    if previous is None or previous == app.config.balancing_solutions:
        return []
    return sorted(set(_masters(app)) & env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    # Not "env": the setting changes only the exercise pages (exercise_pages_to_reread).
    app.add_config_value(
        "balancing_solutions", os.environ.get("BALANCING_SOLUTIONS", "collapsed"), ""
    )
    app.connect("env-get-outdated", exercise_pages_to_reread)
    app.connect("config-inited", check_setting)
    app.connect("builder-inited", check_student_copies)
    app.connect("source-read", omit_written_solutions)
    app.connect("doctree-read", omit_code_solutions)
    # After sphinx-book-theme (priority 501) has added the launch buttons.
    app.connect("html-page-context", point_launch_buttons_at_student_copy, priority=502)
    app.connect("build-finished", serve_student_copies)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
