"""Run otter-grader's commands in subprocesses and report their failures readably.

Commands run with the interpreter running this code, so that otter's kernels,
log files and warnings (``otter run`` emits a pandas ``DeprecationWarning``)
stay out of the caller's process. Every PDF option is off.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Seconds after which an otter command is considered stuck.
OTTER_TIMEOUT = 600


class AssignmentError(RuntimeError):
    """An otter-grader command failed; the message carries the command's own output."""


def run_otter(arguments: list[str], cwd: Path) -> str:
    """Run ``otter <arguments>`` in ``cwd`` and return its standard output.

    Parameters
    ----------
    arguments : list of str
        otter's command and its arguments, e.g. ``["assign", "--no-pdfs", ...]``.
    cwd : Path
        Working folder of the command.

    Returns
    -------
    str
        What the command printed.

    Raises
    ------
    AssignmentError
        If the command fails or times out (the message has the end of its output).
    """
    command = [sys.executable, "-m", "otter", *arguments]
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=OTTER_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise AssignmentError(
            f"`otter {arguments[0]}` did not finish within {OTTER_TIMEOUT} s"
        ) from error
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        tail = "\n".join(output[-30:])
        raise AssignmentError(
            f"`otter {' '.join(arguments)}` failed (exit status {done.returncode}):\n{tail}"
        )
    return done.stdout
