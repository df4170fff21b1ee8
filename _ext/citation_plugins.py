"""Look up each of pybtex's plugins once, not once per citation.

sphinxcontrib-bibtex asks pybtex for a plugin (the plain-text backend, the
formatting style) each time it resolves a ``{cite}`` reference, and pybtex 0.26
answers each request by scanning the entry points of every installed
distribution (``importlib.metadata.entry_points``). With the book's 770
citations and this environment's few hundred distributions, that was about 13 s
of CPU in the build's write phase, half of it. The plugins installed do not
change during a build, so this extension caches pybtex's lookup
(``pybtex.plugin._load_entry_point``) for the build's process. A lookup that
fails is not cached (it raises), and plugins registered at run time are still
found first, as pybtex does.
"""

from __future__ import annotations

import functools
from typing import Any

import pybtex.plugin
from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    lookup = pybtex.plugin._load_entry_point
    if not hasattr(lookup, "cache_info"):  # not cached yet (setup runs once per build)
        pybtex.plugin._load_entry_point = functools.cache(lookup)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
