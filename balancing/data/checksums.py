"""SHA-256 checksums of the raw files (``data/raw/SHA256SUMS``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from balancing.data.errors import DataFileError

SUMS_FILENAME = "SHA256SUMS"


def sha256_of(path: Path) -> str:
    """Return the hexadecimal SHA-256 digest of a file.

    Parameters
    ----------
    path : Path
        File to hash.

    Returns
    -------
    str
        64 lowercase hexadecimal characters.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_sums(sums_file: Path) -> dict[str, str]:
    """Parse a ``sha256sum``-style file into ``{filename: digest}``.

    Parameters
    ----------
    sums_file : Path
        A file of lines ``<digest>  <filename>``.

    Returns
    -------
    dict of str to str
        Expected digest for each file name.

    Raises
    ------
    DataFileError
        If a line is not of that form.
    """
    sums: dict[str, str] = {}
    for number, line in enumerate(sums_file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise DataFileError(sums_file, "expected '<64 hex digits>  <file name>'", line=number)
        sums[name.strip()] = digest.lower()
    return sums


def verify(path: Path, sums_file: Path | None = None) -> None:
    """Check that a raw file still has the checksum recorded for it.

    Parameters
    ----------
    path : Path
        The raw file.
    sums_file : Path, optional
        The checksum list; defaults to ``SHA256SUMS`` in the same folder.

    Raises
    ------
    DataFileError
        If the file has no recorded checksum or its content has changed.
    """
    sums_file = sums_file or path.with_name(SUMS_FILENAME)
    if not path.exists():
        raise DataFileError(path, "file not found")
    if not sums_file.exists():
        raise DataFileError(sums_file, "checksum list not found")
    expected = read_sums(sums_file).get(path.name)
    if expected is None:
        raise DataFileError(path, f"no checksum recorded for this file in {sums_file}")
    actual = sha256_of(path)
    if actual != expected:
        raise DataFileError(
            path,
            f"checksum mismatch: {sums_file} records {expected[:12]}..., the file has "
            f"{actual[:12]}.... Raw files are never edited: restore the original export, "
            "or, for a new export, update SHA256SUMS and data/README.md together.",
        )


def verify_all(raw: Path) -> list[str]:
    """Verify every file listed in ``raw/SHA256SUMS``.

    Parameters
    ----------
    raw : Path
        The raw-data folder.

    Returns
    -------
    list of str
        The names of the files verified.
    """
    sums_file = raw / SUMS_FILENAME
    names = sorted(read_sums(sums_file))
    for name in names:
        verify(raw / name, sums_file)
    return names
