"""Read the course's requirement files (exact pins), for tests that install the course.

``.binder/requirements.txt`` pins what a learner's kernel needs (Binder, a JupyterHub,
the installed-wheel test); the root ``requirements.txt`` includes it with ``-r`` and
adds the book and test tools. ``.binder/jupyterlab-overrides.json`` holds JupyterLab's
settings for the course, which every environment that runs JupyterLab installs as
:data:`LAB_OVERRIDES_IN_ENVIRONMENT`.
"""

from __future__ import annotations

import re
from pathlib import Path

from balancing.colab import normalise

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / ".binder" / "requirements.txt"
DEVELOPMENT = ROOT / "requirements.txt"
LAB_OVERRIDES = ROOT / ".binder" / "jupyterlab-overrides.json"
#: Where JupyterLab reads settings overrides, relative to its environment's ``sys.prefix``.
LAB_OVERRIDES_IN_ENVIRONMENT = Path("share/jupyter/lab/settings/overrides.json")

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)$")


def requirement_lines(path: Path) -> list[str]:
    """Return a requirements file's lines without comments and blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def pins(path: Path) -> dict[str, str]:
    """Return the exact pins (``name==version``) of a requirements file, by normalised name.

    Other lines (``-r``, ``-e``) are left out; a requirement that is not an
    exact pin fails the test that reads it.
    """
    found = {}
    for line in requirement_lines(path):
        if line.startswith("-"):
            continue
        match = _PIN.match(line)
        assert match, f"{path.name}: {line!r} is not an exact pin (name==version)"
        found[normalise(match["name"])] = match["version"]
    return found


def pin(name: str, path: Path = DEVELOPMENT) -> str:
    """Return ``name==version`` as pinned in a requirements file."""
    return f"{name}=={pins(path)[normalise(name)]}"
