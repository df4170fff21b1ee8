"""Citation markers in the rounds' text: ``[key]`` or ``[key1, key2]``.

``rounds.yaml`` cites its sources with bracketed bibliography keys. The loader
checks that every key resolves (:mod:`balancing.rounds.load`); the round sheets
turn markers into MyST ``{cite:p}`` roles for the book (:func:`to_myst`); the live
player shows them as plain bracketed keys and lists the sources underneath
(:func:`to_plain`, :func:`describe_sources`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from balancing.data.bibliography import bibliography_file

#: A marker: one or more comma-separated keys between square brackets.
MARKER = re.compile(r"\[([A-Za-z][A-Za-z0-9_:-]*(?:\s*,\s*[A-Za-z][A-Za-z0-9_:-]*)*)\]")
_FIELD_VALUE = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$")
_ENTRY_START = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,")


def _marker_keys(group: str) -> list[str]:
    """Return the keys of one marker's bracketed text (``"a, b"`` gives ``["a", "b"]``)."""
    return [key.strip() for key in group.split(",")]


def keys_in(text: str) -> list[str]:
    """Return the keys cited in ``text``, in order of first appearance, without repeats.

    Parameters
    ----------
    text : str
        Text with ``[key]`` or ``[key1, key2]`` markers.

    Returns
    -------
    list of str
        The keys.
    """
    keys: list[str] = []
    for group in MARKER.findall(text):
        for key in _marker_keys(group):
            if key not in keys:
                keys.append(key)
    return keys


def to_myst(text: str) -> str:
    """Turn every marker into a MyST citation role: ``[a, b]`` becomes ``{cite:p}`a,b```.

    Parameters
    ----------
    text : str
        Text with markers.

    Returns
    -------
    str
        The text, stripped, with ``{cite:p}`` roles (sphinxcontrib-bibtex resolves them).
    """
    return MARKER.sub(
        lambda match: "{cite:p}`" + ",".join(_marker_keys(match.group(1))) + "`",
        text.strip(),
    )


def to_plain(text: str) -> str:
    """Return the text with markers kept as bracketed keys, and no surrounding blanks.

    Parameters
    ----------
    text : str
        Text with markers.

    Returns
    -------
    str
        The text with each marker written ``[key1; key2]`` (the keys of
        :func:`describe_sources`).
    """
    return MARKER.sub(
        lambda match: "[" + "; ".join(_marker_keys(match.group(1))) + "]",
        " ".join(text.split()),
    )


@cache
def _titles_and_urls(path: Path) -> dict[str, tuple[str, str]]:
    fields_by_key: dict[str, dict[str, str]] = {}
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        start = _ENTRY_START.match(line)
        if start:
            fields = fields_by_key.setdefault(start.group(1), {})
            continue
        value = _FIELD_VALUE.match(line)
        if value:
            fields[value.group(1).lower()] = value.group(2)
    return {
        key: (re.sub(r"[{}]", "", fields.get("title", key)), fields.get("url", ""))
        for key, fields in fields_by_key.items()
    }


def describe_sources(
    keys: Iterable[str], bib_file: Path | None = None
) -> list[tuple[str, str, str]]:
    """Return each source's key, title and URL, for a list of sources under a text.

    Parameters
    ----------
    keys : iterable of str
        Bibliography keys (every one must be in the bibliography: the loader checks it).
    bib_file : Path, optional
        The bibliography (default: the copy shipped with the package).

    Returns
    -------
    list of tuple of (str, str, str)
        ``(key, title, url)``; the URL is ``""`` for an entry without one.
    """
    entries = _titles_and_urls(bibliography_file() if bib_file is None else bib_file)
    return [(key, *entries[key]) for key in keys]
