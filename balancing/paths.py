"""Where the course's files live.

The package is installed in editable mode from the repository (``-e .`` in
``requirements.txt``), so data are found relative to the source tree. Set the
environment variable ``BALANCING_DATA_DIR`` to read data from elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """Return the ``data/`` folder (``$BALANCING_DATA_DIR`` if set)."""
    override = os.environ.get("BALANCING_DATA_DIR")
    return Path(override) if override else REPO_ROOT / "data"


def raw_dir() -> Path:
    """Return ``data/raw/``: files exactly as exported, never edited."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Return ``data/processed/``: tidy tables rebuilt by ``python -m balancing.data build``."""
    return data_dir() / "processed"
