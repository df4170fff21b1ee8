"""Binder: what repo2docker (what mybinder.org runs) would build from the committed course.

``repo2docker --no-build --debug --no-run`` prints the Dockerfile it would build,
offline and without Docker. It runs on a ``git archive`` of HEAD (what Binder
clones), as mybinder.org's user (uid 1000, ``jovyan``). ``postBuild`` itself runs
on such a copy too, with a stand-in for ``pip``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import venv
from pathlib import Path

import pytest
from escapism import unescape
from repo2docker.utils import is_local_pip_requirement

from support.requirements import (
    DEVELOPMENT,
    LAB_OVERRIDES,
    LAB_OVERRIDES_IN_ENVIRONMENT,
    RUNTIME,
    normalise,
    pins,
    requirement_lines,
)

ROOT = Path(__file__).resolve().parents[2]
REPO2DOCKER = Path(sys.executable).parent / "repo2docker"
POST_BUILD = ROOT / ".binder" / "postBuild"
#: Tools for building the book, testing and linting: none belongs in a learner's image.
NOT_FOR_LEARNERS = (
    "jupyter-book",
    "sphinx-exercise",
    "sphinx-togglebutton",
    "sphinxcontrib-bibtex",
    "pytest",
    "pytest-xdist",
    "nbval",
    "hypothesis",
    "ruff",
    "uv",
    "jupyter-repo2docker",
    "check-jsonschema",
)


#: ``python`` for postBuild: ``python -m pip ...`` is logged, not run; anything else runs
#: in a fresh environment (whose ``sys.prefix`` stands for the image's).
PYTHON_STAND_IN = """#!/bin/sh
if [ "$1 $2" = "-m pip" ]; then echo "$*" >> "{log}"; exit 0; fi
exec "{python}" "$@"
"""


def committed_course(folder: Path) -> Path:
    """Extract a ``git archive`` of HEAD (what Binder clones) into ``folder/course``."""
    archive = folder / "head.tar"
    subprocess.run(
        ["git", "archive", "--output", str(archive), "HEAD"], cwd=ROOT, check=True, timeout=60
    )
    source = folder / "course"
    with tarfile.open(archive) as tar:
        tar.extractall(source, filter="data")
    return source


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("binder")
    source = committed_course(folder)
    done = subprocess.run(
        [
            REPO2DOCKER,
            "--no-build",
            "--debug",
            "--no-run",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            source,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def copied_files(dockerfile: str) -> list[str]:
    """Return the paths of the build scripts the Dockerfile copies (names end in a hash)."""
    names = re.findall(r"build_script_files/(\S+)-[0-9a-f]+ ", dockerfile)
    return [unescape(name, escape_char="-") for name in names]


def test_binder_uses_python_3_11(dockerfile: str) -> None:
    assert (ROOT / ".binder" / "runtime.txt").read_text().strip() == "python-3.11"
    locks = [name for name in copied_files(dockerfile) if name.endswith(".lock")]
    assert locks and all(Path(name).name == "environment.py-3.11-linux-64.lock" for name in locks)


def test_requirements_are_installed_before_the_course_is_copied(dockerfile: str) -> None:
    install = dockerfile.index('pip install --no-cache-dir -r ".binder/requirements.txt"')
    copy_course = re.search(r"^COPY --chown=1000:1000 src/ \$\{REPO_DIR\}/$", dockerfile, re.M)
    assert copy_course, "the Dockerfile never copies the course"
    assert install < copy_course.start()
    before = dockerfile[: copy_course.start()]
    assert re.findall(r"^COPY \S+ src/(\S+)", before, re.M) == [".binder/requirements.txt"]


def test_nothing_reinstalls_the_course_over_postbuild(dockerfile: str) -> None:
    pip_installs = re.findall(r"pip install[^\n]*", dockerfile)
    assert pip_installs == ['pip install --no-cache-dir -r ".binder/requirements.txt"']
    assert dockerfile.index("RUN ./.binder/postBuild") > dockerfile.index(" src/ ${REPO_DIR}/")


def test_postbuild_runs_in_the_environment_that_runs_jupyterlab(dockerfile: str) -> None:
    # postBuild installs JupyterLab's settings under the sys.prefix of the `python` on PATH.
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in dockerfile
    assert re.search(r"^ENV PATH=\$\{NB_PYTHON_PREFIX\}/bin:", dockerfile, re.M)


def test_postbuild_installs_the_jupyterlab_settings_in_its_environment(tmp_path: Path) -> None:
    source = committed_course(tmp_path)
    environment = tmp_path / "environment"
    venv.create(environment, with_pip=False)
    stand_in = tmp_path / "stand-in"
    stand_in.mkdir()
    pip_log = tmp_path / "pip.log"
    python = stand_in / "python"
    python.write_text(PYTHON_STAND_IN.format(log=pip_log, python=environment / "bin" / "python"))
    python.chmod(0o755)
    path = f"{stand_in}{os.pathsep}{os.environ['PATH']}"
    done = subprocess.run(
        ["./.binder/postBuild"],
        cwd=source,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert pip_log.read_text().splitlines() == ["-m pip install --no-deps --no-cache-dir ."]
    installed = environment / LAB_OVERRIDES_IN_ENVIRONMENT
    assert json.loads(installed.read_text()) == json.loads(LAB_OVERRIDES.read_text())


def test_postbuild_installs_the_package_once_not_editable() -> None:
    installs = [line for line in POST_BUILD.read_text().splitlines() if "pip install" in line]
    assert installs == ["python -m pip install --no-deps --no-cache-dir ."]
    assert POST_BUILD.stat().st_mode & 0o111, "postBuild must be executable"


def test_runtime_requirements_are_exact_learner_only_and_local_free() -> None:
    runtime = pins(RUNTIME)
    assert runtime, "no pins in .binder/requirements.txt"
    assert not [line for line in requirement_lines(RUNTIME) if is_local_pip_requirement(line)]
    assert not set(runtime) & {normalise(name) for name in NOT_FOR_LEARNERS}


def test_root_requirements_include_the_runtime_without_repinning_it() -> None:
    assert "-r .binder/requirements.txt" in requirement_lines(DEVELOPMENT)
    assert not set(pins(RUNTIME)) & set(pins(DEVELOPMENT))
