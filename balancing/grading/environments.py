"""What environments that grade or run the exercises install: exact pins and the wheels.

Two environments run an exercise notebook away from the course repository:

* the **grading image** built from an autograder zip (Gradescope or any platform
  that runs otter-grader's ``run_autograder``): it runs the student's notebook and
  the hidden tests, which import :mod:`balancing` and read its data;
* a **student's environment** (Binder, a JupyterHub, a laptop) made from the
  student-materials tree: it runs the notebook and ``grader.check``.

Both install the course package from a wheel built here with ``uv build``
(pinned in ``requirements.txt``), with its data inside, and the exact versions
pinned in ``requirements.txt`` for the packages the notebooks import, so that
every environment computes what the course's own environment computes. The
students' wheel leaves out :mod:`balancing.grading` (answer keys included) and
the ``balancing`` command: students' code never needs them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from balancing.paths import repo_root

#: Packages an exercise notebook and its hidden tests import at run time, in the kernel.
KERNEL_PACKAGES = (
    "pandas",
    "numpy",
    "altair",
    "ipywidgets",
    "ipykernel",
    "pandera",
    "PyYAML",
    "jsonschema",
)
#: What students need on top: otter-grader for ``grader.check``, and the offline chart
#: widget of live notebooks (:func:`balancing.viz.enable_renderer`).
STUDENT_PACKAGES = ("otter-grader", "anywidget", "vl-convert-python")
#: Parts of the package that only instructors use (``balancing/grading/``, the command line).
INSTRUCTOR_ONLY = ("balancing/grading/", "balancing/cli.py")
#: Python version of every environment (Binder's ``runtime.txt``, the grading image).
PYTHON_VERSION = "3.11"
#: Zip timestamps of the wheels (1 January 1980, the earliest a zip can hold), so that
#: the same sources give the same wheel, byte for byte.
SOURCE_DATE_EPOCH = "315532800"
#: What the source distribution is built from (glob patterns in the repository): the
#: project file, the files it names (readme, licences) and the package.
PACKAGE_SOURCES = ("pyproject.toml", "README.md", "LICENSE*", "balancing")

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(?P<version>\S+)$")
_INCLUDE = re.compile(r"^(?:-r|--requirement)[\s=]+(?P<file>\S+)$")
BUILD_TIMEOUT = 600


class EnvironmentSpecError(RuntimeError):
    """The pins or the wheel an environment needs cannot be produced."""


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(requirements: Path | None = None) -> dict[str, str]:
    """Read the exact pins (``name==version``) of a requirements file and the files it includes.

    Parameters
    ----------
    requirements : Path, optional
        The file (default: ``requirements.txt`` of the course repository). Files it
        includes with ``-r FILE`` (relative to its folder) are read too.

    Returns
    -------
    dict of str to str
        Requirement line (e.g. ``"pandas==3.1.1"``) by normalised package name
        (lower case, ``-`` for ``_`` and ``.``). Comments, other options and local
        references (``-e .``) are skipped.
    """
    requirements = repo_root() / "requirements.txt" if requirements is None else requirements
    pins = {}
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        include = _INCLUDE.match(line)
        if include:
            pins.update(read_pins(requirements.parent / include["file"]))
            continue
        match = _PIN.match(line)
        if match:
            pins[_normalised(match["name"])] = f"{match['name']}=={match['version']}"
    return pins


def pinned(names: Iterable[str], requirements: Path | None = None) -> list[str]:
    """Return the exact pin of each package, in the order given.

    Parameters
    ----------
    names : iterable of str
        Package names, e.g. :data:`KERNEL_PACKAGES`.
    requirements : Path, optional
        Where the pins are (default: ``requirements.txt`` of the repository).

    Returns
    -------
    list of str
        One ``name==version`` line per package.

    Raises
    ------
    EnvironmentSpecError
        If a package has no exact pin in the file.
    """
    pins = read_pins(requirements)
    missing = [name for name in names if _normalised(name) not in pins]
    if missing:
        where = requirements or "requirements.txt"
        raise EnvironmentSpecError(
            f"{where} has no exact pin (name==version) for {', '.join(missing)}"
        )
    return [pins[_normalised(name)] for name in names]


def build_wheel(out_dir: Path) -> Path:
    """Build the course package's wheel, data included, with ``uv build``.

    The wheel is built from a source distribution, in a scratch folder that
    holds a copy of the package's sources (:data:`PACKAGE_SOURCES`): setuptools
    writes its staging folders next to ``pyproject.toml``, which in the
    repository would appear, mid-build, to a book build running at the same time
    (and a wheel built in the source tree would also take any stale module left
    in setuptools' ``build/lib/`` by an earlier build).

    Parameters
    ----------
    out_dir : Path
        Folder that receives the wheel (created if missing).

    Returns
    -------
    Path
        The ``balancing-<version>-py3-none-any.whl`` file.

    Raises
    ------
    EnvironmentSpecError
        If ``uv`` is missing or the build fails (the message has its output).
    """
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        raise EnvironmentSpecError(
            f"{uv} is missing: install the pinned requirements (pip install -r requirements.txt)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="balancing-wheel-") as scratch:
        sources = copy_package_sources(Path(scratch) / "sources")
        done = subprocess.run(
            [str(uv), "build", "--quiet", "--out-dir", scratch, str(sources)],
            cwd=sources,
            env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise EnvironmentSpecError(
                f"`uv build` failed (exit {done.returncode}):\n"
                f"{(done.stdout + done.stderr)[-3000:]}"
            )
        (built,) = Path(scratch).glob("balancing-*.whl")
        wheel = out_dir / built.name
        wheel.write_bytes(built.read_bytes())
    return wheel


def copy_package_sources(target: Path) -> Path:
    """Copy what the package's source distribution is made of into ``target``.

    Parameters
    ----------
    target : Path
        A folder that does not exist yet.

    Returns
    -------
    Path
        ``target``, holding :data:`PACKAGE_SOURCES` (caches left out).
    """
    root = repo_root()
    target.mkdir(parents=True)
    for pattern in PACKAGE_SOURCES:
        for path in root.glob(pattern):
            if path.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
                shutil.copytree(path, target / path.name, ignore=ignore)
            else:
                shutil.copy2(path, target / path.name)
    return target


def student_wheel(wheel: Path, out_dir: Path) -> Path:
    """Copy a course wheel without the instructors' parts (:data:`INSTRUCTOR_ONLY`).

    The copy has the same name; its ``RECORD`` lists exactly the files it holds
    and it declares no ``balancing`` command (the command lives in the parts
    left out).

    Parameters
    ----------
    wheel : Path
        A wheel made by :func:`build_wheel`.
    out_dir : Path
        Folder that receives the copy (created if missing; not ``wheel``'s own folder).

    Returns
    -------
    Path
        The students' wheel.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / wheel.name
    if target.resolve() == wheel.resolve():
        raise ValueError(f"student_wheel would overwrite its input {wheel}")

    def dropped(name: str) -> bool:
        return name.startswith(INSTRUCTOR_ONLY) or name.endswith(".dist-info/entry_points.txt")

    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            if dropped(info.filename):
                continue
            data = source.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                lines = data.decode("utf-8").splitlines(keepends=True)
                data = "".join(line for line in lines if not dropped(line.split(",", 1)[0]))
                data = data.encode("utf-8")
            copy.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target
