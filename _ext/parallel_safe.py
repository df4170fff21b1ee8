"""Declare sphinx-multitoc-numbering safe for Sphinx's parallel read.

``sphinx_external_toc`` loads ``sphinx_multitoc_numbering`` 0.1.3, which does
not say whether it is safe for parallel reading, so Sphinx falls back to a
serial read and ``_ext/build_book.py``'s parallel jobs execute one notebook at a
time. The extension only replaces ``TocTreeCollector.assign_section_numbers``,
which Sphinx runs once in the main process after every document has been read,
so reading documents in parallel cannot affect it. Listed after
``sphinx_external_toc`` (Jupyter Book puts local extensions last), this
extension records that fact in the loaded extension's metadata.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

CHECKED = "sphinx_multitoc_numbering"


def setup(app: Sphinx) -> dict[str, Any]:
    loaded = app.extensions.get(CHECKED)
    if loaded is not None:
        loaded.parallel_read_safe = True
        loaded.parallel_write_safe = True
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
