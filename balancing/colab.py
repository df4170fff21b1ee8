"""On Google Colab, install the few libraries the notebooks need that Colab lacks.

Colab opens a notebook alone, in a runtime with its own versions of pandas,
numpy, altair, ipywidgets and the kernel (listed in
https://github.com/googlecolab/backend-info). The set-up cell every notebook
starts with (written by ``python -m balancing.launch``) installs this package's
wheel there without its dependencies, then calls :func:`install_missing`. That
installs what Colab lacks (:data:`COLAB_LACKS`) under a constraint holding every
installed distribution at its present version: pip adds what is missing and
changes nothing Colab has, or stops with an error. Outside Colab nothing here
runs. Only the standard library is used, since this runs before the notebooks'
libraries are installed.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

#: What the notebooks import that Colab does not ship, pinned as in ``.binder/requirements.txt``
#: (a test checks both). Colab already has everything else the package and notebooks use.
COLAB_LACKS = ("pandera==0.35.0", "myst-nb==1.4.0")
PIP_TIMEOUT_SECONDS = 600


class ColabSetupError(RuntimeError):
    """Installing on Colab failed; IPython shows this message alone, without a traceback."""

    def _render_traceback_(self) -> list[str]:
        """Return what IPython prints instead of a traceback."""
        return [str(self)]


def normalise(name: str) -> str:
    """Return a distribution's name as package indexes compare it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions() -> dict[str, str]:
    """Return every installed distribution's version, by normalised name."""
    return {
        normalise(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if dist.metadata["Name"]
    }


def missing(requirements: Iterable[str], installed: Mapping[str, str]) -> list[str]:
    """Return the requirements (``name==version``) whose distribution is not installed at all.

    Parameters
    ----------
    requirements : iterable of str
        Exact pins, ``name==version``.
    installed : Mapping of str to str
        Installed versions by normalised name (:func:`installed_versions`).

    Returns
    -------
    list of str
        The pins to install; an installed distribution is kept at its own
        version, whatever the pin says.
    """
    return [pin for pin in requirements if normalise(pin.split("==")[0]) not in installed]


def constraints(installed: Mapping[str, str]) -> str:
    """Return a pip constraints file that holds every installed distribution where it is."""
    return "".join(f"{name}=={version}\n" for name, version in sorted(installed.items()))


def install_missing(requirements: Iterable[str] = COLAB_LACKS) -> list[str]:
    """Install the requirements that are not installed, changing no installed distribution.

    Parameters
    ----------
    requirements : iterable of str, default :data:`COLAB_LACKS`
        Exact pins, ``name==version``.

    Returns
    -------
    list of str
        The pins installed (empty if nothing was missing).

    Raises
    ------
    ColabSetupError
        If pip fails (no network, or a missing library would need another
        version of one that is installed); the message says what to do.
    """
    installed = installed_versions()
    wanted = missing(requirements, installed)
    if not wanted:
        return []
    with tempfile.TemporaryDirectory() as folder:
        held = Path(folder) / "installed.txt"
        held.write_text(constraints(installed), encoding="utf-8")
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--constraint", str(held)]
        done = subprocess.run(
            [*command, *wanted],
            capture_output=True,
            text=True,
            timeout=PIP_TIMEOUT_SECONDS,
            check=False,
        )
    if done.returncode != 0:
        last_lines = "\n".join(done.stderr.strip().splitlines()[-3:])
        raise ColabSetupError(
            f"Could not install {', '.join(wanted)}, which the course's notebooks need and this "
            "runtime lacks. Check that the runtime can reach the internet, then run the set-up "
            f"cell again. pip said:\n{last_lines}"
        )
    importlib.invalidate_caches()
    return wanted
