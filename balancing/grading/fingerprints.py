"""SHA-256 fingerprints that tie student notebooks and autograders to what they were built from.

A student notebook records the fingerprint of its master; an autograder's manifest
records the fingerprints of its master and of the course package whose hidden
tests it runs. Comparing them with the current files tells a stale autograder
from a current one without trusting file dates, which copies and checkouts change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import balancing

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, in hexadecimal.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def package_sha256(package_dir: Path | None = None) -> str:
    """Return one SHA-256 over every file of the course package (code and shipped data).

    Compiled files (``__pycache__``) are left out, so importing the package
    does not change it.

    Parameters
    ----------
    package_dir : Path, optional
        The package's folder (default: the installed ``balancing``).

    Returns
    -------
    str
        64 hexadecimal digits; it changes when any file is added, removed,
        renamed or edited.
    """
    package_dir = Path(balancing.__file__).parent if package_dir is None else package_dir
    digest = hashlib.sha256()
    files = sorted(
        path
        for path in package_dir.rglob("*")
        if path.is_file() and "__pycache__" not in path.relative_to(package_dir).parts
    )
    for path in files:
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(file_sha256(path).encode())
        digest.update(b"\n")
    return digest.hexdigest()
