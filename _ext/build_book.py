"""Build the book: ``jupyter-book build . -W -n --keep-going``, with notebooks executed in parallel.

Jupyter Book 1.x's command line has no option for Sphinx's parallel jobs, so a
cold build executes the notebooks one after another. This script makes the same
call as the command line (Jupyter Book's own ``build_sphinx``, with the same
configuration from ``_config.yml`` and ``_toc.yml``, warnings as errors,
nitpicky references, keep going) and passes ``jobs``: Sphinx then reads, and
myst-nb executes, several notebooks at once. Every extension the book loads
is safe for parallel reading (``_ext/parallel_safe.py`` says so for the one
that does not declare it).

Usage: ``python _ext/build_book.py [--jobs N] [--path-output DIR]`` (``make book``).
The HTML goes to ``DIR/_build/html`` (``DIR`` defaults to the repository).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jupyter_book.sphinx import build_sphinx

ROOT = Path(__file__).resolve().parents[1]


def build(output_root: Path, jobs: int) -> int:
    """Build the HTML book into ``output_root/_build/html``.

    Parameters
    ----------
    output_root : Path
        Folder that receives ``_build/`` (the repository for ``make book``).
    jobs : int
        Sphinx's parallel jobs (notebooks executed at once).

    Returns
    -------
    int
        0 if the book built without a warning, else non-zero.
    """
    build_dir = output_root / "_build"
    # The offline-assets extension sets this too; the notebooks' kernels inherit it.
    os.environ["BALANCING_ALTAIR_RENDERER"] = "book"
    result = build_sphinx(
        ROOT,
        build_dir / "html",
        use_external_toc=True,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={
            "external_toc_path": str(ROOT / "_toc.yml"),
            "latex_individualpages": False,
            "nitpicky": True,
        },
        builder="html",
        doctreedir=str(build_dir / ".doctrees"),
        warningiserror=True,
        keep_going=True,
        jobs=jobs,
    )
    return 1 if isinstance(result, Exception) else int(result)


def main(argv: list[str] | None = None) -> int:
    """Run the build from the command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="parallel jobs (default: CPUs)"
    )
    parser.add_argument(
        "--path-output", type=Path, default=ROOT, help="folder that receives _build/"
    )
    args = parser.parse_args(argv)
    status = build(args.path_output.resolve(), max(1, args.jobs))
    html = args.path_output.resolve() / "_build" / "html" / "index.html"
    print(f"The book is in {html}" if status == 0 else "The build failed (see above).")
    return status


if __name__ == "__main__":
    sys.exit(main())
