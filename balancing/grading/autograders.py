"""Autograders and what they were built from: the manifest next to each zip, and staleness.

``balancing assign`` writes ``<out>/<exercise>/manifest.json`` beside the
autograder zip. It records the SHA-256 of the zip, of the master notebook it
was built from and of the course package whose hidden tests it runs (see
:mod:`balancing.grading.fingerprints`). Before grading, the course compares
them with the current files: an autograder whose master or package changed is
stale and is never used as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from balancing.grading.fingerprints import file_sha256, package_sha256
from balancing.grading.masters import Exercise

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Autograder:
    """An autograder zip and the fingerprints of what it was built from.

    Parameters
    ----------
    exercise : Exercise
        The exercise set it grades.
    zip_path : Path
        The zip (for ``otter run`` or a Gradescope-style platform).
    sha256 : str
        SHA-256 of the zip: the autograder's identity in grade sheets.
    master_sha256 : str
        SHA-256 of the master notebook it was built from.
    package_sha256 : str
        :func:`~balancing.grading.fingerprints.package_sha256` of the course
        package it was built with (its wheel is in the zip).
    """

    exercise: Exercise
    zip_path: Path
    sha256: str
    master_sha256: str
    package_sha256: str

    def stale_reason(self) -> str | None:
        """Say why this autograder no longer matches the current files, if it does not.

        Returns
        -------
        str or None
            ``None`` if the zip, the master and the package are those it was
            built from; otherwise what changed.
        """
        if not self.zip_path.is_file() or file_sha256(self.zip_path) != self.sha256:
            return f"its zip {self.zip_path.name} is missing or was changed after it was built"
        if file_sha256(self.exercise.master) != self.master_sha256:
            return f"{self.exercise.master.name} changed after its autograder was built"
        if package_sha256() != self.package_sha256:
            return "the course package (balancing/) changed after the autograder was built"
        return None


def manifest_path(exercise: Exercise, out: Path) -> Path:
    """Return where the manifest of ``exercise``'s autograder lives under ``out``."""
    return out / exercise.name / MANIFEST


def write_manifest(autograder: Autograder, out: Path) -> Path:
    """Write the manifest of an autograder built into ``out/<exercise>/``.

    Parameters
    ----------
    autograder : Autograder
        The autograder just built.
    out : Path
        The assign output folder.

    Returns
    -------
    Path
        The manifest file.
    """
    folder = out / autograder.exercise.name
    record = {
        "exercise": autograder.exercise.name,
        "autograder": autograder.zip_path.relative_to(folder).as_posix(),
        "autograder_sha256": autograder.sha256,
        "master": autograder.exercise.master.name,
        "master_sha256": autograder.master_sha256,
        "package_sha256": autograder.package_sha256,
    }
    path = manifest_path(autograder.exercise, out)
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


def read_manifest(exercise: Exercise, out: Path) -> Autograder:
    """Read the autograder of ``exercise`` from its manifest under ``out``.

    Parameters
    ----------
    exercise : Exercise
        The exercise set.
    out : Path
        The assign output folder.

    Returns
    -------
    Autograder
        The recorded autograder (check :meth:`Autograder.stale_reason` before use).

    Raises
    ------
    FileNotFoundError
        If there is no manifest (the set was never assigned into ``out``).
    ValueError
        If the manifest is unreadable or belongs to another exercise.
    """
    path = manifest_path(exercise, out)
    if not path.is_file():
        raise FileNotFoundError(f"no autograder for {exercise.name!r} in {out}")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        autograder = Autograder(
            exercise,
            zip_path=path.parent / record["autograder"],
            sha256=record["autograder_sha256"],
            master_sha256=record["master_sha256"],
            package_sha256=record["package_sha256"],
        )
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not an autograder manifest ({error})") from None
    if record["exercise"] != exercise.name:
        raise ValueError(f"{path} describes {record['exercise']!r}, not {exercise.name!r}")
    return autograder
