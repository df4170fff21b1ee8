"""``python -m balancing.data build|verify``: rebuild the shipped files or check raw files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from balancing.data import checksums
from balancing.data.build import build
from balancing.data.errors import DataFileError
from balancing.paths import raw_dir


def main(argv: list[str] | None = None) -> int:
    """Run the data command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (defaults to ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 1 if a data file is bad.
    """
    parser = argparse.ArgumentParser(prog="python -m balancing.data", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser(
        "build", help="rebuild balancing/data/files/ (tables, timeline, bibliography) from sources"
    )
    build_cmd.add_argument("--out", type=Path, default=None, help="output folder")
    commands.add_parser("verify", help="check data/raw/ against data/raw/SHA256SUMS")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            for path in build(args.out):
                print(f"wrote {path}")
        else:
            for name in checksums.verify_all(raw_dir()):
                print(f"ok {name}")
    except DataFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
