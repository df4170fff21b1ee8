"""Read the course's bibliography, ``references.bib``.

The book cites with MyST roles such as ``{cite:p}`pierini2022``` and keeps
every source in ``references.bib`` (a copy ships with the package, so that the
timeline's sources can be checked wherever the package runs). This is a
deliberately small reader for the plain BibTeX the course writes (one
``field = {value}`` per line), not a general BibTeX parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from balancing.paths import package_file

_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_FIELD = re.compile(r"^\s*(\w+)\s*=", re.MULTILINE)


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


def bibliography_file() -> Path:
    """Return the copy of ``references.bib`` shipped with the package."""
    return package_file("references.bib")


def read_bibliography(path: Path | None = None) -> dict[str, BibEntry]:
    """Read every entry of a BibTeX file.

    Parameters
    ----------
    path : Path, optional
        The ``.bib`` file (default: :func:`bibliography_file`).

    Returns
    -------
    dict of str to BibEntry
        Entries by key.

    Raises
    ------
    ValueError
        If a key occurs twice (BibTeX would silently keep one of them).
    """
    path = bibliography_file() if path is None else path
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
