"""Where learners launch the course, from one setting: ``repository.url`` in ``_config.yml``.

From the GitHub repository that holds the course follow

* the book's launch (Binder, JupyterHub, Colab), repository and issue buttons,
  which ``_ext/repository_buttons.py`` turns on only when the repository is
  known: set in ``_config.yml``, or, when the book is built by the publish
  workflow, the repository the workflow runs in (:func:`workflow_repository`);
* the published site, ``https://<owner>.github.io/<name>/`` (:func:`pages_url`),
  where the publish workflow also puts the course package's wheel, in
  ``packages/`` (:func:`wheel_url`);
* the set-up cell that every notebook of the book starts with (hidden in the
  book): on Colab, which opens a notebook alone, it installs that wheel, then
  :func:`balancing.colab.install_missing` adds what Colab lacks; everywhere it
  chooses how charts are drawn (:func:`balancing.viz.enable_renderer`). In the
  student version of an exercise set, ``balancing assign`` extends it
  (:func:`student_setup_cell_source`): it also creates ``grader``, the
  otter-grader object that runs the public checks, installing otter-grader on
  Colab first.

Colab reads the notebook from GitHub, so the wheel's address must be written in
the committed notebooks: ``python -m balancing.launch`` (``make setup-cells``)
writes the set-up cell into every notebook listed in ``_toc.yml`` from the
repository set in ``_config.yml`` and the package's version in
``pyproject.toml``; ``--check`` only lists the notebooks whose cell is out of
date (a test runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat
import yaml

from balancing.paths import repo_root

#: Tag that removes the set-up cell from the book's pages (the cell stays in the notebook).
SETUP_TAG = "remove-cell"
#: The call that identifies a notebook's set-up cell (with the tag above, on its first code cell).
SETUP_CALL = "viz.enable_renderer()"
#: Cell id given to a set-up cell this module inserts.
SETUP_CELL_ID = "course-setup"
#: Environment variable that points the set-up cell at another wheel (a local file in tests).
WHEEL_VARIABLE = "BALANCING_WHEEL"
#: Folder of the published site that holds the course package's wheel.
WHEEL_FOLDER = "packages"
#: Longest line ruff accepts (``line-length`` in ``pyproject.toml``); notebooks are linted too.
MAX_LINE = 100

_GITHUB_URL = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$")

_SETUP_CELL = """\
# Set-up, hidden in the book. On Colab, first install the course package (Colab keeps
# its own versions of what it already has); elsewhere the package is already installed.
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    published = "{wheel_url}"{noqa}
    wheel = os.environ.get("{variable}", published)  # tests point it at a local wheel
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", wheel]
    if subprocess.run(pip).returncode != 0:
        raise SystemExit(
            f"Could not install the course package from {{wheel!r}}. Check that this "
            "runtime can reach the internet, then run this cell again."
        )
    from balancing import colab

    colab.install_missing()

from balancing import viz

viz.enable_renderer()  # offline charts, in the book and in live notebooks"""

_GRADER_BLOCK = """

# The grader: after each question, `grader.check(...)` runs its public checks (otter-grader).
if "google.colab" in sys.modules:
    # Colab's runtime cannot read this notebook's file, where otter-grader looks for the
    # checks: install otter-grader (keeping Colab's packages) and hand it the checks.
    from balancing import colab

    grader = colab.otter_grader({checks})
else:
    import otter

    grader = otter.Notebook("{notebook}")"""


def github_parts(repository: str) -> tuple[str, str]:
    """Split a GitHub repository URL into its owner and name.

    Parameters
    ----------
    repository : str
        ``https://github.com/<owner>/<name>`` (a trailing ``/`` or ``.git`` is allowed).

    Returns
    -------
    tuple of str
        ``(owner, name)``.

    Raises
    ------
    ValueError
        If the URL is not of that form (Binder's and Colab's buttons, and the
        published site's address, are only known for GitHub repositories).
    """
    match = _GITHUB_URL.match(repository.strip())
    if match is None:
        raise ValueError(
            f"repository.url in _config.yml must look like https://github.com/OWNER/NAME "
            f"(or be empty); got {repository!r}."
        )
    return match["owner"], match["name"]


def configured_repository(config: Mapping[str, Any]) -> str:
    """Return ``repository.url`` of the book's configuration, or ``""`` if it is not set.

    Parameters
    ----------
    config : Mapping
        The content of ``_config.yml``.

    Returns
    -------
    str
        The repository's URL without a trailing ``/``, or ``""``.
    """
    url = ((config.get("repository") or {}).get("url") or "").strip().rstrip("/")
    if url:
        github_parts(url)
    return url


def workflow_repository(environ: Mapping[str, str]) -> str:
    """Return the repository a GitHub Actions workflow runs in, or ``""`` outside one.

    Parameters
    ----------
    environ : Mapping of str to str
        The environment (``GITHUB_SERVER_URL`` and ``GITHUB_REPOSITORY``, which
        GitHub Actions sets for every step).

    Returns
    -------
    str
        ``<server>/<owner>/<name>``, or ``""`` if ``GITHUB_REPOSITORY`` is unset.
    """
    repository = environ.get("GITHUB_REPOSITORY", "").strip()
    if not repository:
        return ""
    server = environ.get("GITHUB_SERVER_URL", "").strip() or "https://github.com"
    return f"{server.rstrip('/')}/{repository}"


def pages_url(repository: str) -> str:
    """Return the GitHub Pages address of a repository's site.

    Parameters
    ----------
    repository : str
        ``https://github.com/<owner>/<name>``.

    Returns
    -------
    str
        ``https://<owner>.github.io/<name>/`` (the owner in lower case, as Pages
        serves it), or ``https://<owner>.github.io/`` for the repository named
        ``<owner>.github.io``.
    """
    owner, name = github_parts(repository)
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def wheel_name(version: str) -> str:
    """Return the file name of the course package's wheel for a version."""
    return f"balancing-{version}-py3-none-any.whl"


def wheel_url(repository: str, version: str) -> str:
    """Return where the publish workflow puts the course package's wheel.

    Parameters
    ----------
    repository : str
        ``https://github.com/<owner>/<name>``.
    version : str
        The package's version (``[project] version`` in ``pyproject.toml``).

    Returns
    -------
    str
        ``<Pages site>/packages/balancing-<version>-py3-none-any.whl``.
    """
    return f"{pages_url(repository)}{WHEEL_FOLDER}/{wheel_name(version)}"


def setup_cell_source(wheel: str) -> str:
    """Return the set-up cell's code for a wheel address (``""`` when none is known).

    Parameters
    ----------
    wheel : str
        The wheel's URL (see :func:`wheel_url`), or ``""``: Colab then stops at
        this cell with the same message as when the network is down.

    Returns
    -------
    str
        The cell's source.
    """
    line = f'    published = "{wheel}"'
    noqa = "  # noqa: E501" if len(line) > MAX_LINE else ""
    return _SETUP_CELL.format(variable=WHEEL_VARIABLE, wheel_url=wheel, noqa=noqa)


def student_setup_cell_source(
    setup: str, notebook: str, checks: Mapping[str, Mapping[str, Any]]
) -> str:
    """Return the set-up cell of an exercise set's student notebook.

    It is the master's set-up cell followed by the creation of ``grader``, the
    otter-grader object that the student notebook's ``grader.check(...)`` cells
    call (``otter assign`` adds no cell of its own for it: ``init_cell: false``),
    so that on Colab the course package, what Colab lacks and otter-grader are
    installed before otter is imported.

    Parameters
    ----------
    setup : str
        The master's set-up cell (see :func:`setup_cell_source`).
    notebook : str
        The student notebook's file name, where otter-grader reads the checks
        outside Colab (and the autograder when it grades the notebook).
    checks : Mapping
        The notebook's public checks, as ``otter assign`` stored them in its
        metadata; the cell carries a copy for Colab
        (:func:`balancing.colab.otter_grader`).

    Returns
    -------
    str
        The cell's source.

    Raises
    ------
    ValueError
        If ``setup`` is not a set-up cell (it does not call ``viz.enable_renderer()``).
    """
    if SETUP_CALL not in setup:
        raise ValueError(f"not a set-up cell (no {SETUP_CALL}): run `make setup-cells`")
    plain = json.loads(json.dumps(checks))  # plain dicts and lists, whatever mapping came in
    return setup + _GRADER_BLOCK.format(checks=repr(plain), notebook=notebook)


def read_config(root: Path) -> dict[str, Any]:
    """Return the content of ``_config.yml`` in the course repository ``root``."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def package_version(root: Path) -> str:
    """Return the course package's version, from ``pyproject.toml`` in ``root``."""
    with (root / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def expected_setup_cell(root: Path) -> str:
    """Return the set-up cell that the notebooks of the course repository ``root`` must start with.

    Parameters
    ----------
    root : Path
        The course repository.

    Returns
    -------
    str
        The cell's source, for the repository in ``_config.yml`` (no wheel
        address when none is set).
    """
    repository = configured_repository(read_config(root))
    wheel = wheel_url(repository, package_version(root)) if repository else ""
    return setup_cell_source(wheel)


def _toc_files(entry: Any) -> Iterator[str]:
    if isinstance(entry, dict):
        if isinstance(entry.get("file"), str):
            yield entry["file"]
        if isinstance(entry.get("root"), str):
            yield entry["root"]
        for value in entry.values():
            if isinstance(value, list | dict):
                yield from _toc_files(value)
    elif isinstance(entry, list):
        for item in entry:
            yield from _toc_files(item)


def toc_notebooks(root: Path) -> list[Path]:
    """Return every notebook page of the book, in the order of ``_toc.yml``.

    Parameters
    ----------
    root : Path
        The course repository.

    Returns
    -------
    list of Path
        The ``.ipynb`` files the table of contents lists (a launch button opens each).
    """
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = (root / name for name in _toc_files(toc))
    return [page.with_suffix(".ipynb") for page in pages if page.with_suffix(".ipynb").is_file()]


def setup_cell_index(notebook: nbformat.NotebookNode) -> tuple[int, bool]:
    """Return where the set-up cell is (or goes) and whether the notebook already has one.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A notebook.

    Returns
    -------
    tuple of (int, bool)
        The index of the first code cell (or the number of cells, if there is
        none), and whether that cell is a set-up cell (tagged :data:`SETUP_TAG`,
        calling :data:`SETUP_CALL`).
    """
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            return index, SETUP_TAG in tags and SETUP_CALL in cell.source
    return len(notebook.cells), False


def _with_setup_cell(notebook: nbformat.NotebookNode, source: str) -> bool:
    """Give ``notebook`` the set-up cell ``source``; return whether anything changed."""
    index, present = setup_cell_index(notebook)
    if not present:
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": [SETUP_TAG]})
        cell.id = SETUP_CELL_ID
        notebook.cells.insert(index, cell)
        return True
    cell = notebook.cells[index]
    if cell.source == source:
        return False
    cell.source = source
    return True


def sync_setup_cells(root: Path, *, check: bool = False) -> list[Path]:
    """Write the set-up cell into every notebook of the book, or list those out of date.

    Parameters
    ----------
    root : Path
        The course repository.
    check : bool, default False
        Only report: change no file.

    Returns
    -------
    list of Path
        The notebooks whose set-up cell was (or, with ``check``, would be)
        written.
    """
    source = expected_setup_cell(root)
    changed = []
    for path in toc_notebooks(root):
        notebook = nbformat.read(path, as_version=4)
        if _with_setup_cell(notebook, source):
            changed.append(path)
            if not check:
                path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m balancing.launch [--check] [--root DIR]``.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (defaults to ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 1 if ``--check`` finds a notebook out of date or
        ``repository.url`` is malformed.
    """
    parser = argparse.ArgumentParser(
        prog="python -m balancing.launch",
        description="Write the set-up cell (Colab install, chart renderer) into every notebook.",
    )
    parser.add_argument("--check", action="store_true", help="list notebooks out of date only")
    parser.add_argument(
        "--root", type=Path, default=None, help="the course repository (default: this clone)"
    )
    args = parser.parse_args(argv)
    root = args.root or repo_root()
    try:
        changed = sync_setup_cells(root, check=args.check)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"{'out of date' if args.check else 'wrote'}: {path.relative_to(root)}")
    if args.check and changed:
        print("Run `make setup-cells` and commit the notebooks.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
