"""What myst-nb's inline execution costs the book build (figures, not pass/fail).

The chapters put computed numbers into their prose with ``{eval}``, which myst-nb
evaluates only in its ``inline`` execution mode (notebook metadata
``mystnb: execution_mode: inline``), and inline execution is not cached: a
notebook runs again whenever Sphinx reads it again. This script builds the book
(``_ext/build_book.py``, as ``make book`` does: two notebooks at a time) from two
copies of the repository:

``inline``
    the repository as it is;
``cache``
    the same notebooks without the inline setting, so that they execute through
    the cache as before (their ``{eval}`` roles then only warn: timing only).

For each it prints the cold build (fresh output folder), a warm build with nothing
changed, and a warm build after a Markdown-only edit of one chapter, with the
execution time myst-nb reports for each notebook it ran.

Usage: ``python benchmarks/inline_execution.py [--chapter chapters/02-....ipynb]
[--variants cache inline]`` (the machine's load varies: compare runs in both orders).
A stub of the Python on-ramp (``chapters/00-python-and-pandas``) is added to the
copies when the repository does not have it yet, so that every link resolves.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
ON_RAMP = Path("chapters/00-python-and-pandas")
EXECUTED = re.compile(r"(?P<path>\S+\.ipynb): Executed notebook in (?P<seconds>[\d.]+) seconds")


def copy_repository(target: Path) -> None:
    """Copy the repository's tracked and new files (not .venv, not _build) to ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if not (target / ON_RAMP).with_suffix(".ipynb").exists() and not (
        (target / ON_RAMP).with_suffix(".md").exists()
    ):
        (target / ON_RAMP).with_suffix(".md").write_text("# Python and pandas (stub)\n")
        toc = target / "_toc.yml"
        toc.write_text(
            toc.read_text().replace(
                "parts:\n",
                f"parts:\n  - caption: Getting started\n    chapters:\n      - file: {ON_RAMP}\n",
                1,
            )
        )


def without_inline_execution(target: Path) -> int:
    """Remove the inline setting from every notebook under ``target``; return how many."""
    changed = 0
    for path in target.rglob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        settings = notebook.metadata.get("mystnb", {})
        if settings.get("execution_mode") == "inline":
            del settings["execution_mode"]
            nbformat.write(notebook, path)
            changed += 1
    return changed


def build(source: Path, label: str) -> None:
    """Build the book in ``source`` and print the time and the notebooks executed."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(source / "_ext" / "build_book.py")],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    executed = [(Path(m["path"]).name, float(m["seconds"])) for m in EXECUTED.finditer(log)]
    print(f"{label:<52} {seconds:8.1f} s  ({len(executed)} notebooks executed)", flush=True)
    for name, notebook_seconds in executed:
        print(f"    {name:<48} {notebook_seconds:6.1f} s")


def touch_markdown(source: Path, chapter: str) -> None:
    """Edit one Markdown cell of a chapter (a trailing space): no code changes."""
    path = source / chapter
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "markdown")
    cell.source += " "
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", default="chapters/02-drones-and-defence-industry.ipynb")
    parser.add_argument(
        "--variants", nargs="+", choices=("inline", "cache"), default=["inline", "cache"]
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="inline-benchmark-") as folder:
        for variant in args.variants:
            source = Path(folder) / variant
            copy_repository(source)
            if variant == "cache":
                print(f"({without_inline_execution(source)} notebooks set back to cache mode)")
            build(source, f"{variant}: cold build (fresh _build/)")
            build(source, f"{variant}: warm build, nothing changed")
            touch_markdown(source, args.chapter)
            build(
                source, f"{variant}: warm build, Markdown edited in {Path(args.chapter).stem[:2]}"
            )


if __name__ == "__main__":
    main()
