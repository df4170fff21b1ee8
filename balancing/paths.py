"""Where the course's files live, however the package is installed.

Two kinds of file, found in two ways:

Files the notebooks read at run time
    The tidy tables, the timeline, the bibliography and the one raw export an
    exercise cleans ship *inside the package*, in ``balancing/data/files/``
    (written there by ``python -m balancing.data build``, i.e. ``make data``;
    never edited by hand). :func:`package_file` finds them in an editable
    install, a wheel, Binder, Colab or a hub, from any working directory.
Files only maintainers and instructors use
    ``data/raw/`` (the exports as received, with their checksums),
    ``data/timeline/`` (the timeline as authored), ``exercises/`` (the master
    notebooks) and ``references.bib`` live in the course repository.
    :func:`repo_root` finds the clone: the folder above the package when it is
    installed in editable mode, otherwise the working directory or one of its
    parents.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: Files that mark a folder as the course repository.
REPO_MARKERS = ("_toc.yml", "pyproject.toml", "exercises")


class MissingDataError(FileNotFoundError):
    """A file the course needs is not where it should be; the message says what to do."""


def files_dir() -> Path:
    """Return the folder of the files shipped with the package (``balancing/data/files/``)."""
    return Path(str(resources.files("balancing").joinpath("data", "files")))


def package_file(*parts: str) -> Path:
    """Return a file shipped with the package, or explain how to get it back.

    Parameters
    ----------
    *parts : str
        The file's path inside ``balancing/data/files/``, e.g.
        ``("processed", "arms_transfers.csv")``.

    Returns
    -------
    Path
        The file, which exists.

    Raises
    ------
    MissingDataError
        If the file is missing: the message names where it looked and how to
        restore it.
    """
    path = files_dir().joinpath(*parts)
    if not path.is_file():
        raise MissingDataError(
            f"The course file {'/'.join(parts)!r} is missing: looked for {path}. "
            "It ships with the `balancing` package: reinstall the package (for example "
            "`pip install --force-reinstall <the course wheel or repository>`), or, in a "
            "clone of the course repository, rebuild it with `make data`."
        )
    return path


def _is_repo(folder: Path) -> bool:
    return all((folder / marker).exists() for marker in REPO_MARKERS)


def repo_root() -> Path:
    """Return the clone of the course repository this code runs from or in.

    Returns
    -------
    Path
        The folder holding ``_toc.yml``, ``pyproject.toml`` and ``exercises/``.

    Raises
    ------
    MissingDataError
        If neither the package's parent folder (an editable install) nor the
        working directory or one of its parents is a clone of the repository.
    """
    package_parent = Path(__file__).resolve().parents[1]
    here = Path.cwd().resolve()
    for candidate in (package_parent, here, *here.parents):
        if _is_repo(candidate):
            return candidate
    raise MissingDataError(
        "This needs a clone of the course repository (with data/raw/, exercises/ and "
        f"references.bib), but none was found above {here} or at {package_parent}. "
        "Run the command from inside the clone."
    )


def raw_dir() -> Path:
    """Return ``data/raw/`` of the repository: the exports as received, never edited."""
    return repo_root() / "data" / "raw"
