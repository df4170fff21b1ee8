"""Fresh virtual environments, for tests that install the course.

Tests that check how learners and graders install the course (a wheel in a
fresh environment, an autograder zip, Colab's setup cell) need environments
that share nothing with the repository's ``.venv``. They are made with ``uv``
(pinned in ``requirements.txt``): from its cache, a 600 MB environment installs
in a few seconds, where pip takes a minute. Build each one once per test
session (a session-scoped fixture), never once per test. The course's wheel is
built by :func:`balancing.grading.environments.build_wheel`, as ``balancing
assign`` builds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"
INSTALL_TIMEOUT_SECONDS = 900
#: What a learner's shell does not have: this repository's search path and renderer
#: choice, its virtual environment, and ``PYTHONDONTWRITEBYTECODE``. A fresh uv environment
#: holds no compiled bytecode (uv, unlike pip, does not compile at install); with that
#: variable set (as in some sandboxes and CI images) every kernel started there would
#: compile pandas, altair and the rest again, some 2.5 s each time, where a learner's
#: Python compiles them once and caches them.
NOT_IN_A_LEARNERS_SHELL = frozenset(
    {"PYTHONPATH", "BALANCING_ALTAIR_RENDERER", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE"}
)


def learner_environ(**extra: str) -> dict[str, str]:
    """Return this process's environment as a learner's shell would have it, plus ``extra``.

    Processes run in a fresh environment (its kernels included) get this, without
    :data:`NOT_IN_A_LEARNERS_SHELL`.
    """
    kept = {k: v for k, v in os.environ.items() if k not in NOT_IN_A_LEARNERS_SHELL}
    return kept | extra


def _run(command: Sequence[str], cwd: Path | None = None) -> None:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(str(p) for p in command)}` failed (exit {done.returncode}):\n"
            f"{(done.stdout + done.stderr)[-4000:]}"
        )


def make_venv(path: Path, requirements: Sequence[str | Path]) -> Path:
    """Create a fresh Python 3.11 environment at ``path`` and install ``requirements``.

    Parameters
    ----------
    path : Path
        Folder of the new environment (replaced if it exists).
    requirements : sequence of str or Path
        What ``pip install`` would be given: requirement specifiers, wheel
        files, or ``-r FILE`` pairs.

    Returns
    -------
    Path
        The environment's ``python``.
    """
    if path.exists():
        shutil.rmtree(path)
    _run([UV, "venv", "--quiet", "--python", sys.executable, path])
    python = path / "bin" / "python"
    _run([UV, "pip", "install", "--quiet", "--python", python, *requirements])
    return python
