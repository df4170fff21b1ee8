"""Rebuild every file the package ships, from the repository's sources, deterministically.

``python -m balancing.data build`` (``make data``) writes into
``balancing/data/files/`` of the clone it runs in:

``processed/<table>.csv``
    Every tidy table, derived from its raw file in ``data/raw/`` after the
    file's checksum is verified.
``raw/<file>``
    The raw exports that a notebook reads as they are (:data:`SHIPPED_RAW`: the
    register that an exercise cleans), copied after the same check.
``timeline/events.csv`` and ``references.bib``
    The timeline as authored in ``data/timeline/events.csv``, copied once it
    loads and validates against the bibliography, and the bibliography itself.

The output depends only on the sources and the code, so a rebuild is
byte-identical to the committed files (a test checks it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from balancing.data import checksums, sipri
from balancing.data.tables import TABLES, from_raw, to_csv_text
from balancing.data.timeline import load_events
from balancing.paths import raw_dir, repo_root

#: Raw exports that notebooks read unchanged, and so ship with the package.
SHIPPED_RAW = (sipri.REGISTER_FILE,)


def default_output() -> Path:
    """Return ``balancing/data/files/`` of the repository clone."""
    return repo_root() / "balancing" / "data" / "files"


def build(out_dir: Path | None = None) -> list[Path]:
    """Write every shipped file (see the module's docstring).

    Rows of the tidy tables are sorted by each table's keys and floats are
    written in pandas' shortest round-trip form.

    Parameters
    ----------
    out_dir : Path, optional
        Where to write; defaults to :func:`default_output`.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir = out_dir or default_output()
    written = []
    for name in sorted(TABLES):
        path = out_dir / "processed" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_csv_text(from_raw(name)), encoding="utf-8", newline="")
        written.append(path)
    for name in SHIPPED_RAW:
        source = raw_dir() / name
        checksums.verify(source)
        written.append(_copy(source, out_dir / "raw" / name))
    bibliography = repo_root() / "references.bib"
    timeline = repo_root() / "data" / "timeline" / "events.csv"
    load_events(timeline, bibliography)  # refuses a malformed or unsourced timeline
    written.append(_copy(timeline, out_dir / "timeline" / "events.csv"))
    written.append(_copy(bibliography, out_dir / "references.bib"))
    return written


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
