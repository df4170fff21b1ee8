"""The batch grader's worker: a long-lived process that grades one submission at a time.

Importing otter-grader takes about as long as grading a small notebook, so
:mod:`balancing.grading.batch` keeps one worker per core and sends it
submissions one after another. Each submission still runs alone: in a fresh
folder laid out as Gradescope lays out ``/autograder`` (``source/`` holds the
unpacked autograder zip, ``submission/`` the one notebook), with its own home
and temporary folders, in a fresh kernel, through otter's own
``run_autograder`` (the function Gradescope calls). Nothing of a previous
submission is left around, and the parent stops the worker, kernel included,
if a submission overruns its time.

Afterwards the worker compares the grading folder with what otter itself writes
there: a notebook that created files is reported (its scores stand, since the
tests and the notebook were untouched), one that deleted or changed files gets
no score (it may have changed the tests it was graded with).

Protocol (``python -m balancing.grading.worker``): the worker writes
``{"ready": true}`` once its imports are done, then reads one JSON task per line
on standard input, ``{"autograder": ZIP, "submission": NOTEBOOK, "folder": DIR,
"name": FILE_NAME}``,
and answers each with one JSON line (:func:`grade_in_folder`). Its standard
output is reserved for these lines: whatever otter or the notebook prints goes
to standard error.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import dill
import nbformat
from otter.run.run_autograder import main as run_autograder

from balancing.grading.fingerprints import file_sha256

#: Files otter writes in the grading folder, besides its copies of the zip's files and tests.
OTTER_WRITES = frozenset({"__init__.py", "submission/__init__.py", "submission/.OTTER_LOG"})


def snapshot(folder: Path) -> dict[str, str]:
    """Return every file under ``folder`` with a fingerprint of its content.

    Parameters
    ----------
    folder : Path
        The folder.

    Returns
    -------
    dict of str to str
        SHA-256 (or ``"link:<target>"`` for a symbolic link) by path relative
        to ``folder``, in POSIX form.
    """
    found = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = f"link:{os.readlink(path)}"
        elif path.is_file():
            found[relative] = file_sha256(path)
    return found


def expected_after(before: dict[str, str]) -> dict[str, str | None]:
    """Return what the grading folder should hold after otter alone has worked in it.

    Parameters
    ----------
    before : dict of str to str
        :func:`snapshot` of the folder before grading (``source/`` unpacked,
        ``submission/`` holding the notebook).

    Returns
    -------
    dict of str to str or None
        Fingerprint of every file that must be there, or ``None`` for files otter
        writes with contents of its own (``results/``, ``.OTTER_LOG``, ``__init__.py``).
    """
    expected: dict[str, str | None] = dict(before)
    for path, digest in before.items():
        if path.startswith("source/files/"):
            expected["submission/" + path.removeprefix("source/files/")] = digest
        elif path.startswith("source/tests/"):
            expected["submission/tests/" + path.removeprefix("source/tests/")] = digest
    expected.update(dict.fromkeys(OTTER_WRITES))
    expected.update(dict.fromkeys(("results/results.json", "results/results.pkl")))
    return expected


def folder_changes(before: dict[str, str], after: dict[str, str]) -> tuple[list[str], list[str]]:
    """Compare the grading folder after grading with what otter alone would leave.

    Parameters
    ----------
    before, after : dict of str to str
        :func:`snapshot` of the folder before and after grading.

    Returns
    -------
    created : list of str
        Files that neither the autograder nor otter account for.
    tampered : list of str
        Files otter placed there (the notebook, the tests, the zip's files) that are
        missing or whose content changed.
    """
    expected = expected_after(before)
    created = sorted(path for path in after if path not in expected)
    tampered = sorted(
        path
        for path, digest in expected.items()
        if path not in OTTER_WRITES
        and not path.startswith("results/")
        and (path not in after or (digest is not None and after[path] != digest))
    )
    return created, tampered


def _listing(paths: list[str], limit: int = 5) -> str:
    shown = ", ".join(paths[:limit])
    return shown if len(paths) <= limit else f"{shown} and {len(paths) - limit} more"


def cells_with_errors(submitted: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> str:
    """Describe the student's cells that raised an error when the autograder ran them.

    Parameters
    ----------
    submitted : nbformat.NotebookNode
        The notebook as submitted (cell positions are counted in it).
    executed : nbformat.NotebookNode
        The notebook as otter executed it (otter adds cells of its own).

    Returns
    -------
    str
        E.g. ``"cells 7 (NameError), 12 (KeyError) raised an error"``, or ``""``.
    """
    position = {cell.get("id"): index + 1 for index, cell in enumerate(submitted.cells)}
    failures = []
    for cell in executed.cells:
        if cell.cell_type != "code" or cell.get("id") not in position:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                failures.append(f"{position[cell.id]} ({output.get('ename', 'error')})")
                break
    if not failures:
        return ""
    noun = "cell" if len(failures) == 1 else "cells"
    return f"{noun} {', '.join(failures)} raised an error"


def grade_in_folder(autograder: Path, submission: Path, folder: Path, name: str) -> dict[str, Any]:
    """Grade one notebook in an empty folder, as Gradescope would, and report the result.

    Parameters
    ----------
    autograder : Path
        The autograder zip.
    submission : Path
        The submitted notebook (copied; the original is never opened for writing).
    folder : Path
        An empty folder for this submission alone (it keeps otter's layout
        afterwards; the caller deletes it).
    name : str
        The file name the copy gets: the student notebook's own (``<set>.ipynb``),
        which its first cell opens, whatever the file was renamed to on the way.

    Returns
    -------
    dict
        ``scores``, ``possible`` and ``feedback`` (the public checks' report)
        by question; ``error`` (why scores are missing or must be checked, or
        ``""``) and ``note`` (cells that raised an error, or ``""``). ``scores``
        is empty when the grade cannot be trusted.
    """
    root = folder / "autograder"
    for part in ("source", "submission", "results"):
        (root / part).mkdir(parents=True)
    (root / "submission_metadata.json").write_text("{}", encoding="utf-8")
    with zipfile.ZipFile(autograder) as archive:
        archive.extractall(root / "source")
    shutil.copyfile(submission, root / "submission" / name)
    for private in ("home", "tmp"):
        (folder / private).mkdir()
    os.environ["HOME"] = str(folder / "home")
    os.environ["TMPDIR"] = str(folder / "tmp")
    tempfile.tempdir = str(folder / "tmp")
    before = snapshot(root)
    try:
        run_autograder(
            str(root), otter_run=True, logo=False, print_summary=False, print_score=False
        )
        failure = None
    except Exception as error:  # otter refused the submission or failed: said below
        failure = error
    created, tampered = folder_changes(before, snapshot(root))
    if tampered:
        return {
            "error": "the notebook deleted or changed files it was graded with "
            f"({_listing(tampered)}): no score; grade it by hand"
        }
    if failure is not None:
        return {"error": f"otter could not grade it: {failure}".strip()}
    with (root / "results" / "results.pkl").open("rb") as stream:
        results = dill.load(stream)
    if results.has_catastrophic_failure():
        return {"error": f"otter could not grade it: {results.catastrophic_error}"}
    error = ""
    if created:
        error = (
            f"the notebook wrote files ({_listing(created)}); graded anyway, as the notebook "
            "and the tests were unchanged"
        )
    submitted = nbformat.read(submission, as_version=4)
    tests = results.results.values()
    return {
        "scores": {test.name: float(test.score) for test in tests},
        "possible": {test.name: float(test.possible) for test in tests},
        "feedback": {test.name: test.summary(public_only=True) for test in tests},
        "error": error,
        "note": cells_with_errors(submitted, results.notebook),
    }


def main() -> None:
    """Serve grading tasks on standard input until it closes (see the module's description)."""
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    channel.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        task = json.loads(line)
        try:
            result = grade_in_folder(
                Path(task["autograder"]),
                Path(task["submission"]),
                Path(task["folder"]),
                task["name"],
            )
        except Exception as error:  # a failure of the grader itself, reported in the row
            result = {"error": f"the grader failed: {type(error).__name__}: {error}"}
        channel.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
