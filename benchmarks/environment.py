"""Print the installed size of a learner's environment (a figure, not pass/fail).

Run with ``make benchmark``. Installs ``.binder/requirements.txt`` (what Binder and
a JupyterHub install) and the course wheel into a fresh environment with uv, as
``tests/install/`` does, then prints its size (the sum of its files' sizes; goal: under 600 MB) and
the largest distributions. Binder's image adds its own Python, JupyterLab and
notebook server (repo2docker's base environment) to this.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from importlib import metadata
from pathlib import Path

from balancing.grading.environments import build_wheel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.venvs import make_venv  # noqa: E402

MB = 1024 * 1024
LARGEST = 12


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def sizes_by_distribution(site_packages: Path) -> Counter[str]:
    sizes: Counter[str] = Counter()
    for dist in metadata.distributions(path=[str(site_packages)]):
        for file in dist.files or []:
            path = site_packages / file
            if path.is_file():
                sizes[dist.metadata["Name"]] += path.stat().st_size
    return sizes


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        wheel = build_wheel(Path(folder) / "wheel")
        venv = Path(folder) / "venv"
        make_venv(venv, ["-r", ROOT / ".binder" / "requirements.txt", wheel])
        total = folder_size(venv)
        label = "runtime environment (.binder/requirements.txt + wheel)"
        print(f"{label:<56} {total / MB:8.1f} MB")
        (site_packages,) = venv.glob("lib/python*/site-packages")
        for name, size in sizes_by_distribution(site_packages).most_common(LARGEST):
            print(f"  {name:<54} {size / MB:8.1f} MB")


if __name__ == "__main__":
    main()
