"""Scan the book's pages for citations, and check bibliography entries (for the tests).

The book cites with MyST roles such as ``{cite:p}`pierini2022```; these helpers
find every key a page uses and say which required fields an entry lacks.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from balancing.data.bibliography import BibEntry

#: ``{cite}``, ``{cite:p}``, ``{cite:t}``, ``{cite:ps}``... followed by one or more keys.
_CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


def cited_keys(text: str) -> list[str]:
    """Return the citation keys used in MyST text, in order of appearance.

    Parameters
    ----------
    text : str
        Markdown (MyST) source.

    Returns
    -------
    list of str
        Every key of every ``{cite...}`` role; a role citing several keys
        (``{cite:p}`a,b```) contributes each of them.
    """
    return [
        key.strip() for keys in _CITE_ROLE.findall(text) for key in keys.split(",") if key.strip()
    ]


def page_text(path: Path) -> str:
    """Return the Markdown a book page contributes: the file, or a notebook's markdown cells.

    Parameters
    ----------
    path : Path
        A ``.md`` or ``.ipynb`` page.

    Returns
    -------
    str
        The text in which citations may occur.

    Raises
    ------
    ValueError
        If the file is neither Markdown nor a notebook.
    """
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    raise ValueError(f"{path}: expected a .md or .ipynb page, found {path.suffix!r}")


def missing_fields(entry: BibEntry) -> list[str]:
    """Say which of the fields the course requires an entry lacks.

    Every entry needs an author, a title, a year (or, for an undated web page,
    the date it was consulted, ``urldate``) and a way to find it: a ``url``,
    a ``publisher``, a ``journal`` or ``howpublished``.

    Parameters
    ----------
    entry : BibEntry
        The entry to check.

    Returns
    -------
    list of str
        Human-readable names of what is missing; empty if the entry is complete.
    """
    missing = [name for name in ("author", "title") if name not in entry.fields]
    if not entry.fields & {"year", "urldate"}:
        missing.append("year (or urldate for an undated web page)")
    if not entry.fields & {"url", "publisher", "journal", "howpublished"}:
        missing.append("url or publisher")
    return missing
