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

The student versions of the exercise sets also need otter-grader, for
``grader.check``. Their set-up cell (written by ``balancing assign``, see
:func:`balancing.launch.student_setup_cell_source`) calls :func:`otter_grader`
on Colab, which installs it (:func:`install_grader`) and gives it the
notebook's public checks as test files: on Colab, otter-grader refuses the
checks stored in a notebook's metadata, since the runtime cannot read the
notebook's file.
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import otter

#: What the notebooks import that Colab does not ship, pinned as in ``.binder/requirements.txt``
#: (a test checks both). Colab already has everything else the package and notebooks use.
COLAB_LACKS = ("pandera==0.35.0", "myst-nb==1.4.0", "jupyterquiz==2.9.6.4")
#: otter-grader, for ``grader.check`` in the student notebooks, pinned as in
#: ``.binder/requirements.txt`` (a test checks both). Its release declares ipywidgets 8 and
#: wrapt 1, where Colab has ipywidgets 7 and wrapt 2, which pip must not change: it is
#: installed without its dependencies, after :data:`GRADER_LACKS`. What ``grader.check``
#: uses runs with Colab's versions (tests/install/test_colab.py runs it there).
GRADER = "otter-grader==7.0.0"
#: The dependencies of otter-grader that ``import otter`` needs and Colab lacks, at the
#: versions pip installs with the course's pins; installed as :data:`COLAB_LACKS` are.
GRADER_LACKS = ("fica==0.4.1", "ipylab==1.1.0", "python-frontmatter==1.3.0")
PIP_TIMEOUT_SECONDS = 600
_QUESTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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


def install_missing(
    requirements: Iterable[str] = COLAB_LACKS, *, with_dependencies: bool = True
) -> list[str]:
    """Install the requirements that are not installed, changing no installed distribution.

    Parameters
    ----------
    requirements : iterable of str, default :data:`COLAB_LACKS`
        Exact pins, ``name==version``.
    with_dependencies : bool, default True
        Let pip add what the requirements depend on (held like the rest); ``False``
        installs the requirements alone (``--no-deps``).

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
        if not with_dependencies:
            command.append("--no-deps")
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


def install_grader() -> list[str]:
    """Install otter-grader, changing no installed distribution (see :data:`GRADER`).

    Returns
    -------
    list of str
        The pins installed (empty if otter-grader was installed already).

    Raises
    ------
    ColabSetupError
        See :func:`install_missing`.
    """
    return install_missing(GRADER_LACKS) + install_missing([GRADER], with_dependencies=False)


def write_checks(checks: Mapping[str, Mapping[str, Any]], folder: Path) -> Path:
    """Write a student notebook's public checks as otter-grader test files, one per question.

    Parameters
    ----------
    checks : Mapping
        The checks as ``otter assign`` stores them in the student notebook's
        metadata (``metadata["otter"]["tests"]``, in otter's "OK" format): one
        test by question name.
    folder : Path
        Where the files go (created if missing): ``<question>.py`` each.

    Returns
    -------
    Path
        ``folder``, to give otter-grader as its tests directory.

    Raises
    ------
    ValueError
        If a question's name is not a Python name (it becomes a file name).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for question, test in checks.items():
        if not _QUESTION_NAME.fullmatch(question):
            raise ValueError(
                f"a check's question name must be a Python name such as q1_answer, not {question!r}"
            )
        test_file = folder / f"{question}.py"
        test_file.write_text(f"OK_FORMAT = True\n\ntest = {dict(test)!r}\n", encoding="utf-8")
    return folder


def otter_grader(checks: Mapping[str, Mapping[str, Any]]) -> otter.Notebook:
    """Install otter-grader on Colab and return the grader of a student notebook.

    Parameters
    ----------
    checks : Mapping
        The notebook's public checks (see :func:`write_checks`), which its set-up
        cell carries, since Colab's runtime cannot read the notebook's file.

    Returns
    -------
    otter.Notebook
        The object the notebook calls ``grader``: ``grader.check("q1_...")`` runs a
        question's public checks.

    Raises
    ------
    ColabSetupError
        If otter-grader cannot be installed (see :func:`install_missing`).
    """
    install_grader()
    folder = write_checks(checks, Path(tempfile.mkdtemp(prefix="balancing-checks-")))
    import otter

    return otter.Notebook(tests_dir=str(folder))
