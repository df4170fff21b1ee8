"""Read the course's bibliography and the citation keys its pages use.

The book cites with MyST roles such as ``{cite:p}`pierini2022``` and keeps
every source in ``references.bib``. This module reads both so that tests (and
the timeline loader) can check that every key used resolves to an entry with
the fields a reader needs. It is a deliberately small reader for the plain
BibTeX the course writes (one ``field = {value}`` per line), not a general
BibTeX parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from balancing.paths import REPO_ROOT

#: The course's bibliography.
BIB_FILE = REPO_ROOT / "references.bib"

_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_FIELD = re.compile(r"^\s*(\w+)\s*=", re.MULTILINE)
#: ``{cite}``, ``{cite:p}``, ``{cite:t}``, ``{cite:ps}``... followed by one or more keys.
_CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


@dataclass(frozen=True)
class BibEntry:
    """One entry of the bibliography.

    Attributes
    ----------
    key : str
        The citation key.
    kind : str
        The BibTeX entry type, lower case (``misc``, ``article``...).
    fields : frozenset of str
        Names of the fields present, lower case.
    line : int
        1-based line of the entry in the file.
    """

    key: str
    kind: str
    fields: frozenset[str]
    line: int


def read_bibliography(path: Path = BIB_FILE) -> dict[str, BibEntry]:
    """Read every entry of a BibTeX file.

    Parameters
    ----------
    path : Path
        The ``.bib`` file (default: the course's ``references.bib``).

    Returns
    -------
    dict of str to BibEntry
        Entries by key.

    Raises
    ------
    ValueError
        If a key occurs twice (BibTeX would silently keep one of them).
    """
    text = path.read_text(encoding="utf-8")
    starts = list(_ENTRY.finditer(text))
    entries: dict[str, BibEntry] = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.end() : end]
        key = match.group(2)
        line = text.count("\n", 0, match.start()) + 1
        if key in entries:
            raise ValueError(
                f"{path}, line {line}: duplicate bibliography key {key!r} "
                f"(first defined on line {entries[key].line})"
            )
        fields = frozenset(name.lower() for name in _FIELD.findall(body))
        entries[key] = BibEntry(key, match.group(1).lower(), fields, line)
    return entries


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
