"""Rebuild every processed table from the raw files, deterministically."""

from __future__ import annotations

from pathlib import Path

from balancing.data.tables import TABLES, from_raw, to_csv_text
from balancing.paths import processed_dir


def build(out_dir: Path | None = None) -> list[Path]:
    """Write ``<name>.csv`` for every registered table.

    The output depends only on the raw files and the code: rows are sorted by
    each table's keys and floats are written in pandas' shortest round-trip
    form, so a rebuild is byte-identical to the committed files.

    Parameters
    ----------
    out_dir : Path, optional
        Where to write; defaults to ``data/processed/``.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir = out_dir or processed_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(TABLES):
        path = out_dir / f"{name}.csv"
        path.write_text(to_csv_text(from_raw(name)), encoding="utf-8", newline="")
        written.append(path)
    return written
