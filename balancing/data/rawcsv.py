"""Read a raw CSV export line by line, so that every problem names its line and column.

Pandas' own reader reports bad values only as a failed conversion of a whole
column. Raw exports are small (a few MB), so the course reads them with the
standard :mod:`csv` module, keeps each record's line number, and converts each
column with a clear message for the first bad value. The typed table is then
checked against a pandera schema (:mod:`balancing.data.schemas`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from balancing.data.errors import DataFileError

Kind = Literal["str", "int", "float", "flag"]

#: How the raw files write yes/no flags.
FLAG_VALUES: dict[str, bool] = {"Yes": True, "No": False}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a raw file and its tidy counterpart.

    Parameters
    ----------
    source : str
        The column's name in the raw file's header.
    name : str
        The tidy (snake_case) name.
    kind : {"str", "int", "float", "flag"}
        How to convert the text: ``flag`` reads ``Yes``/``No``.
    required : bool
        Whether an empty field is an error (otherwise it becomes missing).
    """

    source: str
    name: str
    kind: Kind
    required: bool = True


@dataclass(frozen=True)
class RawTable:
    """A typed table read from a raw file, with each row's line number.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per record, tidy column names, converted types.
    lines : numpy.ndarray
        1-based line number in the file of each row of ``frame``.
    """

    frame: pd.DataFrame
    lines: np.ndarray


def _find_header(path: Path, lines: list[str], first_column: str, max_preamble: int) -> int:
    for index, line in enumerate(lines[: max_preamble + 1]):
        if line.startswith(first_column + ","):
            return index
    raise DataFileError(
        path,
        f"header not found: no line starting with {first_column!r} within the first "
        f"{max_preamble + 1} lines (is the file empty, truncated or not this export?)",
    )


def _convert(
    path: Path,
    spec: ColumnSpec,
    values: list[str],
    lines: np.ndarray,
    missing: frozenset[str],
) -> pd.Series:
    text = pd.Series(values, dtype="str")
    empty = text.str.strip().isin(missing)
    if spec.required and empty.any():
        at = int(np.argmax(empty.to_numpy()))
        raise DataFileError(path, "missing value", line=int(lines[at]), column=spec.source)
    if spec.kind == "str":
        return text.str.strip().where(~empty, None).astype("str")
    if spec.kind == "flag":
        mapped = text.str.strip().map(FLAG_VALUES)
        bad = mapped.isna() & ~empty
        if bad.any():
            at = int(np.argmax(bad.to_numpy()))
            raise DataFileError(
                path,
                f"expected 'Yes', 'No' or no value, found {values[at]!r}",
                line=int(lines[at]),
                column=spec.source,
            )
        return mapped.astype("boolean")
    parsed = pd.to_numeric(text.str.strip().where(~empty, ""), errors="coerce")
    numbers = pd.Series(parsed.to_numpy(dtype="float64", na_value=np.nan))
    bad = numbers.isna() & ~empty
    if spec.kind == "int":
        bad |= numbers.notna() & (numbers % 1 != 0)
    if bad.any():
        at = int(np.argmax(bad.to_numpy()))
        expected = "a whole number" if spec.kind == "int" else "a number"
        raise DataFileError(
            path,
            f"expected {expected}, found {values[at]!r}",
            line=int(lines[at]),
            column=spec.source,
        )
    if spec.kind == "int":
        return numbers.astype("int64" if spec.required else "Int64")
    return numbers.astype("float64")


def read_raw_csv(
    path: Path,
    columns: Sequence[ColumnSpec],
    *,
    line_suffix: str = "",
    max_preamble: int = 0,
    missing: frozenset[str] = frozenset({""}),
) -> RawTable:
    """Read a raw CSV export into a typed table, failing loudly on the first problem.

    Parameters
    ----------
    path : Path
        The raw file.
    columns : sequence of ColumnSpec
        Every column the header must contain, in order.
    line_suffix : str
        A character every line of the export ends with (SIPRI's register ends
        each line with ``;``); stripped before parsing, and its absence on a
        line is reported as a sign of truncation.
    max_preamble : int
        How many lines of notes may precede the header.
    missing : frozenset of str
        Field texts that mean "no value" (after stripping blanks).

    Returns
    -------
    RawTable
        The typed frame and the line number of each row.

    Raises
    ------
    DataFileError
        If the file cannot be decoded, has no header, lacks or misorders a
        column, has a record with the wrong number of fields or a value that
        does not convert; the message names the file, line and column.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DataFileError(path, "not valid UTF-8 text", line=line) from None
    lines = text.splitlines()
    header_at = _find_header(path, lines, columns[0].source, max_preamble)
    body = lines[header_at:]
    for offset, line in enumerate(body):
        if line_suffix and line and not line.endswith(line_suffix):
            raise DataFileError(
                path,
                f"line does not end with {line_suffix!r} as every line of this export does; "
                "the file may be truncated or edited",
                line=header_at + offset + 1,
            )
    if line_suffix:
        body = [line.removesuffix(line_suffix) for line in body]
    reader = csv.reader(body)
    header = next(reader)
    expected = [spec.source for spec in columns]
    absent = [name for name in expected if name not in header]
    if absent:
        raise DataFileError(
            path,
            f"missing column(s) {absent}; the header has {header}",
            line=header_at + 1,
        )
    if header != expected:
        raise DataFileError(
            path,
            f"columns are not as expected: found {header}, expected {expected}",
            line=header_at + 1,
        )
    records: list[list[str]] = []
    numbers: list[int] = []
    for record in reader:
        line_number = header_at + reader.line_num
        if not record:
            continue
        if len(record) != len(expected):
            raise DataFileError(
                path,
                f"expected {len(expected)} fields, found {len(record)} "
                "(the file may be truncated or a field may contain an unquoted comma)",
                line=line_number,
            )
        records.append(record)
        numbers.append(line_number)
    if not records:
        raise DataFileError(path, "no data rows after the header", line=header_at + 1)
    line_array = np.asarray(numbers, dtype=np.int64)
    columns_by_position = list(zip(*records, strict=True))
    frame = pd.DataFrame(
        {
            spec.name: _convert(path, spec, list(values), line_array, missing)
            for spec, values in zip(columns, columns_by_position, strict=True)
        }
    )
    return RawTable(frame=frame, lines=line_array)
