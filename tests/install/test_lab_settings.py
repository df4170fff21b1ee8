"""A laptop's JupyterLab gets the course's settings from ``make``, where JupyterLab reads them.

``.binder/jupyterlab-overrides.json`` (render every notebook cell, so that "Run All"
shows the number of every ``{eval}``) is installed by Binder's ``postBuild``
(``test_binder.py``), by a hub's administrator, and by ``make``'s install step, into
``share/jupyter/lab/settings/overrides.json`` under the environment's prefix.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from support.requirements import LAB_OVERRIDES, LAB_OVERRIDES_IN_ENVIRONMENT, ROOT


def make(*arguments: str) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_laptop_targets_install_the_settings_into_the_environment(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    installed = environment / LAB_OVERRIDES_IN_ENVIRONMENT
    for target in ("book", "test"):
        planned = make("--dry-run", f"VENV={environment}", target)
        assert f"{LAB_OVERRIDES.relative_to(ROOT)} {installed}" in planned, planned
    make(f"VENV={environment}", str(installed))
    assert json.loads(installed.read_text()) == json.loads(LAB_OVERRIDES.read_text())


def test_jupyterlab_reads_overrides_under_its_environment_prefix() -> None:
    done = subprocess.run(
        [Path(sys.executable).parent / "jupyter", "lab", "path"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    application = re.search(r"^Application directory:\s+(\S+)$", done.stdout, re.M)
    assert application, done.stdout
    # JupyterLab reads overrides.json from its application directory's settings folder.
    expected = Path(application[1]) / "settings" / "overrides.json"
    assert expected == Path(sys.prefix) / LAB_OVERRIDES_IN_ENVIRONMENT
