"""The one exception raised for bad data files."""

from __future__ import annotations

from pathlib import Path


class DataFileError(ValueError):
    """A data file is missing, altered or malformed.

    The message names the file and, where they apply, the 1-based line number
    in the file and the column, so that a maintainer can open the file at the
    right place.

    Parameters
    ----------
    path : str or Path
        The offending file.
    problem : str
        What is wrong, in plain words.
    line : int, optional
        1-based line number in the file (as a text editor counts).
    column : str, optional
        Column name as it appears in the file's header.
    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        self.column = column
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")
