"""Grade a folder of submissions in parallel into a grade sheet, resumably.

``balancing grade SUBMISSIONS_DIR --out grades.csv`` lands here. For every
notebook under the folder (sub-folders included, checkpoints skipped):

1. **Which set?** Read the notebook (a corrupt file gets its row and an error).
   The set is the one otter recorded in it when the student notebook was made;
   if ``--exercise`` is given, or the file is named after a set, the notebook
   must be of that set, else its row says which set it is.
2. **Which autograder?** The set's autograder from ``balancing assign``, rebuilt
   first if it is missing or stale (:func:`balancing.grading.assign.current_autograder`).
3. **Graded already?** A row whose file and autograder have the same SHA-256 as
   now is kept as it is, unless ``regrade`` is asked.
4. **Grade** the rest, one worker process per core
   (:mod:`balancing.grading.worker`), each submission in a fresh temporary folder
   of its own, with a time limit; a submission that overruns it is stopped with
   its kernel and gets its row with an error.

Every result updates the sheet at once (:mod:`balancing.grading.sheet`, written
atomically), and the optional feedback file of the submission. Interrupted, the
run stops its workers and leaves the sheet with every result received so far;
running it again grades the rest.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import nbformat
import psutil

from balancing.grading.assign import current_autograder, recorded_master_sha256
from balancing.grading.autograders import Autograder
from balancing.grading.fingerprints import file_sha256
from balancing.grading.masters import Exercise, exercises, read_questions
from balancing.grading.sheet import GradeSheet, Row

#: Seconds a submission may take to be graded before it is stopped.
DEFAULT_TIMEOUT = 300
#: Seconds a worker may take to start (import otter-grader) on a loaded machine.
STARTUP_TIMEOUT = 300


class SubmissionError(ValueError):
    """A submission cannot be graded as it is; the message says why, for its row."""


@dataclass(frozen=True)
class Submission:
    """A submitted notebook.

    Parameters
    ----------
    path : Path
        The file.
    key : str
        Its path relative to the submissions folder (POSIX form): the sheet's
        ``submission`` column.
    """

    path: Path
    key: str


@dataclass
class Outcome:
    """What grading one submission gave: its row, and the feedback for the student.

    Parameters
    ----------
    row : Row
        The grade sheet's row.
    feedback : dict of str to str
        The public checks' report by question (what ``grader.check`` shows);
        empty if the notebook was not graded.
    graded : bool
        Whether an autograder ran on it in this run (``False`` for a row kept
        from an earlier run or refused before grading).
    """

    row: Row
    feedback: dict[str, str] = field(default_factory=dict)
    graded: bool = False


@dataclass(frozen=True)
class BatchReport:
    """The end of a batch run.

    Parameters
    ----------
    outcomes : list of Outcome
        One per submission found, sorted by submission.
    sheet : Path or None
        The grade sheet written, if any.
    """

    outcomes: list[Outcome]
    sheet: Path | None

    @property
    def graded(self) -> int:
        """Submissions graded in this run."""
        return sum(outcome.graded for outcome in self.outcomes)

    @property
    def kept(self) -> int:
        """Submissions whose row was kept from an earlier run."""
        return sum(
            not outcome.graded and outcome.row.autograder_sha256 != "" for outcome in self.outcomes
        )

    @property
    def errors(self) -> int:
        """Submissions whose row has an error."""
        return sum(outcome.row.error != "" for outcome in self.outcomes)


def find_submissions(folder: Path) -> list[Submission]:
    """List the notebooks under ``folder`` (sub-folders included, checkpoints left out).

    Parameters
    ----------
    folder : Path
        The submissions folder.

    Returns
    -------
    list of Submission
        Sorted by path.

    Raises
    ------
    FileNotFoundError
        If ``folder`` is not a folder, or holds no notebook.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"submissions folder not found: {folder}")
    found = [
        Submission(path, path.relative_to(folder).as_posix())
        for path in sorted(folder.rglob("*.ipynb"))
        if path.is_file() and ".ipynb_checkpoints" not in path.relative_to(folder).parts
    ]
    if not found:
        raise FileNotFoundError(f"no notebook (*.ipynb) in {folder}")
    return found


def recorded_set(notebook: nbformat.NotebookNode) -> str | None:
    """Return the exercise set a student notebook says it belongs to, if it says so.

    otter records it when it makes the student notebook (``otter.assignment_name``
    in the notebook's metadata), and otter refuses to grade a notebook against
    another set's autograder.
    """
    name = notebook.metadata.get("otter", {}).get("assignment_name")
    return str(name) if name else None


def identify(
    submission: Submission, known: dict[str, Exercise], expected: Exercise | None
) -> tuple[Exercise, nbformat.NotebookNode]:
    """Tell which exercise set a submission belongs to, or why it cannot be graded.

    Parameters
    ----------
    submission : Submission
        The submission.
    known : dict of str to Exercise
        The course's exercise sets, by name.
    expected : Exercise, optional
        The set every submission must belong to (``--exercise``).

    Returns
    -------
    tuple of Exercise and nbformat.NotebookNode
        The set, and the notebook as read.

    Raises
    ------
    SubmissionError
        If the file is not a readable notebook, does not say which set it is, names
        no set of the course, or is another set's notebook than ``expected`` or
        the set its file name gives.
    """
    try:
        notebook = nbformat.read(submission.path, as_version=4)
    except Exception as error:  # nbformat raises several types for a damaged file
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SubmissionError(f"not a readable notebook ({reason})") from None
    name = recorded_set(notebook)
    if name is None:
        raise SubmissionError(
            "the notebook does not say which exercise set it is (no otter metadata): "
            "it was not made from a student notebook of the course"
        )
    if name not in known:
        raise SubmissionError(
            f"the notebook is of {name!r}, which is no exercise set of the course"
        )
    wanted = expected or known.get(submission.path.stem)
    if wanted is not None and wanted.name != name:
        given = "--exercise" if expected is not None else "its file name"
        raise SubmissionError(
            f"the notebook is of exercise set {name!r}, not {wanted.name!r} ({given})"
        )
    return known[name], notebook


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _kill_tree(process: subprocess.Popen) -> None:
    """Stop a process and every process it started (a notebook's kernel runs in its own session)."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    for victim in [*children, process]:
        try:
            victim.kill()
        except (psutil.NoSuchProcess, ProcessLookupError):
            pass
    process.wait()
    psutil.wait_procs(children, timeout=10)


class _Worker:
    """One ``balancing.grading.worker`` process, with a thread reading its answers."""

    def __init__(self, log: Path) -> None:
        self.log = log
        with log.open("a") as stream:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "balancing.grading.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stream,
                text=True,
                cwd=log.parent,
                start_new_session=True,
            )
        self.answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.answers.put(line)
        self.answers.put(None)

    def answer(self, timeout: float) -> dict[str, Any] | None:
        """Wait for the next answer; ``None`` if the worker died; ``queue.Empty`` on timeout."""
        line = self.answers.get(timeout=timeout)
        return None if line is None else json.loads(line)

    def send(self, task: dict[str, str]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(task) + "\n")
        self.process.stdin.flush()

    def log_tail(self) -> str:
        lines = self.log.read_text(errors="replace").strip().splitlines()
        return " | ".join(lines[-3:])

    def stop(self) -> None:
        _kill_tree(self.process)


class WorkerPool:
    """Grading workers, one per thread of a thread pool, started when first needed.

    Parameters
    ----------
    scratch : Path
        Folder for the workers' logs and the submissions' temporary folders.
    timeout : float
        Seconds a submission may take to be graded.
    """

    def __init__(self, scratch: Path, timeout: float) -> None:
        self.scratch = scratch
        self.timeout = timeout
        self._local = threading.local()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def _worker(self) -> _Worker:
        worker = getattr(self._local, "worker", None)
        if worker is None or worker.process.poll() is not None:
            with self._lock:
                if self._closed:
                    raise RuntimeError("the grading was interrupted")
                worker = _Worker(self.scratch / f"worker-{len(self._all) + 1}.log")
                self._all.append(worker)
            try:
                ready = worker.answer(STARTUP_TIMEOUT)
            except queue.Empty:
                ready = None
            if ready != {"ready": True}:
                worker.stop()
                raise RuntimeError(f"a grading worker did not start: {worker.log_tail()}")
            self._local.worker = worker
        return worker

    def grade(self, autograder: Path, submission: Path, name: str) -> dict[str, Any]:
        """Grade one submission in a fresh folder; never raises for the submission's faults.

        Parameters
        ----------
        autograder : Path
            The autograder zip.
        submission : Path
            The notebook.
        name : str
            The file name it is graded under (the student notebook's, ``<set>.ipynb``).

        Returns
        -------
        dict
            The worker's answer (see :func:`balancing.grading.worker.grade_in_folder`),
            or ``{"error": ...}`` if the submission overran its time or the worker died.
        """
        folder = Path(tempfile.mkdtemp(prefix="submission-", dir=self.scratch))
        try:
            try:
                worker = self._worker()
            except RuntimeError as error:
                return {"error": str(error)}
            worker.send(
                {
                    "autograder": str(autograder),
                    "submission": str(submission),
                    "folder": str(folder),
                    "name": name,
                }
            )
            try:
                answer = worker.answer(self.timeout)
            except queue.Empty:
                worker.stop()
                return {
                    "error": f"not finished after {self.timeout:g} s (a cell that never ends?): "
                    "stopped, no score"
                }
            if answer is None:
                status = worker.process.wait()
                return {
                    "error": f"the grading process stopped (exit {status}): {worker.log_tail()}"
                }
            return answer
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Stop every worker (and the kernels they run)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for worker in workers:
            if worker.process.stdin is not None and not worker.process.stdin.closed:
                try:
                    worker.process.stdin.close()
                except BrokenPipeError:
                    pass
            worker.stop()


@contextmanager
def worker_pool(timeout: float) -> Iterator[WorkerPool]:
    """Yield a :class:`WorkerPool` in a temporary folder; stop its workers on exit."""
    with tempfile.TemporaryDirectory(prefix="balancing-grading-") as scratch:
        pool = WorkerPool(Path(scratch), timeout)
        try:
            yield pool
        finally:
            pool.close()


def _graded_row(
    submission: Submission,
    exercise: Exercise,
    autograder: Autograder,
    digest: str,
    answer: dict[str, Any],
    note: str,
) -> Outcome:
    notes = [part for part in (answer.get("note", ""), note) if part]
    row = Row(
        submission=submission.key,
        exercise=exercise.name,
        scores=answer.get("scores", {}),
        possible=_questions(exercise)[1],
        error=answer.get("error", ""),
        note="; ".join(notes),
        submission_sha256=digest,
        autograder_sha256=autograder.sha256,
        graded_at=_now(),
    )
    return Outcome(row, answer.get("feedback", {}), graded=True)


def _questions(exercise: Exercise) -> tuple[list[str], float]:
    """Return the set's automatically graded questions, and their points in total."""
    computed = [q for q in read_questions(exercise.master) if not q.manual]
    return [q.name for q in computed], sum(q.points for q in computed)


def write_feedback(outcome: Outcome, folder: Path) -> Path:
    """Write a student's feedback file: scores, and what the public checks report.

    Parameters
    ----------
    outcome : Outcome
        A graded submission.
    folder : Path
        The feedback folder; the file is ``<submission>.txt`` under it.

    Returns
    -------
    Path
        The file (written atomically).
    """
    row = outcome.row
    lines = [f"{row.submission}: exercise set {row.exercise or 'unknown'}"]
    if row.error:
        lines.append(f"Problem: {row.error}")
    if row.scores:
        lines.append(
            f"Automatic score: {row.total:g} / {row.possible:g} "
            "(written answers are marked by hand)"
        )
    if row.note:
        lines.append(f"Note: {row.note}")
    for name, report in outcome.feedback.items():
        score = row.scores.get(name)
        heading = f"{name}: {score:g} point(s)" if score is not None else name
        lines += ["", heading, report]
    path = folder / f"{row.submission}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def grade_submissions(
    submissions: list[Submission],
    sheet: GradeSheet | None,
    *,
    exercise: Exercise | None = None,
    out: Path | None = None,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    regrade: bool = False,
    feedback: Path | None = None,
    announce: Callable[[str], None] | None = None,
    progress: bool = False,
) -> BatchReport:
    """Grade submissions in parallel; keep the grade sheet (if any) up to date as results arrive.

    Parameters
    ----------
    submissions : list of Submission
        What to grade.
    sheet : GradeSheet, optional
        The grade sheet: rows graded by the same autograder from the same file
        are kept, and every new row is written at once.
    exercise : Exercise, optional
        The set every submission must belong to.
    out : Path, optional
        The assign output folder holding the autograders (default ``build/assign/``).
    jobs : int, optional
        Submissions graded at once (default: the number of CPUs).
    timeout : float, default :data:`DEFAULT_TIMEOUT`
        Seconds a submission may take.
    regrade : bool, default False
        Grade every submission, even those the sheet has for the same file and autograder.
    feedback : Path, optional
        Folder for one feedback file per graded submission (:func:`write_feedback`).
    announce : callable, optional
        Receives one-line messages (an autograder being rebuilt).
    progress : bool, default False
        Show a progress bar on standard error.

    Returns
    -------
    BatchReport
        One outcome per submission.
    """
    known = {e.name: e for e in exercises()}
    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[Submission, Exercise, str, str]] = []
    autograders: dict[str, Autograder] = {}

    def record(outcome: Outcome, exercise_of_row: Exercise | None) -> None:
        outcomes[outcome.row.submission] = outcome
        if sheet is not None:
            sheet.put(outcome.row, _questions(exercise_of_row)[0] if exercise_of_row else [])
            sheet.write()
        if feedback is not None and outcome.graded:
            write_feedback(outcome, feedback)

    for submission in submissions:
        digest = file_sha256(submission.path)
        previous = (
            sheet.row(submission.key) if sheet is not None and submission.key in sheet else None
        )
        try:
            found, notebook = identify(submission, known, exercise)
        except SubmissionError as error:
            if previous and previous.submission_sha256 == digest and previous.error == str(error):
                outcomes[submission.key] = Outcome(previous)
            else:
                row = Row(
                    submission.key, "", error=str(error), submission_sha256=digest, graded_at=_now()
                )
                record(Outcome(row), None)
            continue
        if found.name not in autograders:
            autograders[found.name] = current_autograder(found, out, announce)
        autograder = autograders[found.name]
        if (
            previous is not None
            and not regrade
            and previous.submission_sha256 == digest
            and previous.autograder_sha256 == autograder.sha256
        ):
            outcomes[submission.key] = Outcome(previous)
            continue
        note = ""
        made_from = recorded_master_sha256(notebook)
        if made_from is not None and made_from != autograder.master_sha256:
            note = (
                "made from another version of the exercise than the autograder's: "
                "check that the questions it answers are those graded"
            )
        todo.append((submission, found, digest, note))

    if todo:
        _run(todo, autograders, record, jobs=jobs, timeout=timeout, progress=progress)
    ordered = [outcomes[key] for key in sorted(outcomes)]
    return BatchReport(ordered, sheet.path if sheet is not None else None)


def _run(
    todo: list[tuple[Submission, Exercise, str, str]],
    autograders: dict[str, Autograder],
    record: Callable[[Outcome, Exercise | None], None],
    *,
    jobs: int | None,
    timeout: float,
    progress: bool,
) -> None:
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    with (
        worker_pool(timeout) as pool,
        ThreadPoolExecutor(max_workers=jobs) as threads,
        click.progressbar(
            length=len(todo),
            label=f"Grading {len(todo)} submission(s) on {jobs} worker(s)",
            hidden=not progress,
            file=sys.stderr,
            item_show_func=lambda key: key,
        ) as bar,
    ):
        futures = {
            threads.submit(
                pool.grade,
                autograders[found.name].zip_path,
                submission.path,
                found.master.name,
            ): (
                submission,
                found,
                digest,
                note,
            )
            for submission, found, digest, note in todo
        }
        try:
            for future in as_completed(futures):
                submission, found, digest, note = futures[future]
                outcome = _graded_row(
                    submission, found, autograders[found.name], digest, future.result(), note
                )
                record(outcome, found)
                bar.update(1, submission.key)
        except BaseException:
            for future in futures:
                future.cancel()
            pool.close()
            raise


def grade_folder(folder: Path, sheet_path: Path, **options: Any) -> BatchReport:
    """Grade every notebook under ``folder`` into the grade sheet ``sheet_path``.

    Parameters
    ----------
    folder : Path
        The submissions folder.
    sheet_path : Path
        The grade sheet (CSV); rows of an existing sheet are kept or updated.
    **options
        Keyword arguments of :func:`grade_submissions`.

    Returns
    -------
    BatchReport
        One outcome per submission.
    """
    submissions = find_submissions(folder)
    sheet = GradeSheet.load(sheet_path)
    return grade_submissions(submissions, sheet, **options)
