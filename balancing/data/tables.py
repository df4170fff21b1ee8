"""The registry of tidy tables: which raw file each comes from and how it is read.

Adding a dataset means: copy the raw file into ``data/raw/`` and record its
checksum in ``data/raw/SHA256SUMS``; write a reader returning a validated tidy
frame; add a :class:`Table` here; run ``python -m balancing.data build`` (it
writes ``balancing/data/files/processed/<name>.csv``, which ships with the
package); and document the table in ``data/README.md``. The loaders, the build
command and the tests (checksums, byte-identical rebuild) then cover it
automatically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from balancing.data import checksums, context, sipri
from balancing.data.context_schemas import (
    FOREIGN_ARRIVALS_ANNUAL,
    FOREIGN_ARRIVALS_MONTHLY,
    GAS_IMPORTS,
    GRAIN_IMPORTS,
    MILITARY_EXPENDITURE,
    TOURISM_INCOME,
)
from balancing.data.errors import DataFileError
from balancing.data.schemas import ARMS_TRANSFERS, TIV_PAIRS, validate
from balancing.paths import package_file, raw_dir


@dataclass(frozen=True)
class Table:
    """A tidy table derived from one raw file.

    Parameters
    ----------
    name : str
        Table name; the processed file is ``processed/<name>.csv`` among the
        files shipped with the package (:mod:`balancing.paths`).
    raw_file : str
        File name in ``data/raw/``.
    reader : callable
        Reads the raw file into the tidy, validated frame.
    schema : pandera.DataFrameSchema
        The tidy table's contract (also used to type the processed CSV).
    """

    name: str
    raw_file: str
    reader: Callable[[Path], pd.DataFrame]
    schema: pa.DataFrameSchema

    @property
    def processed_file(self) -> str:
        """File name of the processed CSV (in ``processed/`` of the package's files)."""
        return f"{self.name}.csv"

    @property
    def raw_path(self) -> Path:
        """Path of the raw file in the repository's ``data/raw/``."""
        return raw_dir() / self.raw_file


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table("arms_transfers", sipri.REGISTER_FILE, sipri.read_register, ARMS_TRANSFERS),
        Table("tiv_pairs", sipri.TIV_PAIRS_FILE, sipri.read_tiv_pairs, TIV_PAIRS),
        Table(
            "military_expenditure",
            context.MILEX_FILE,
            context.read_military_expenditure,
            MILITARY_EXPENDITURE,
        ),
        Table(
            "foreign_arrivals_annual",
            context.ARRIVALS_ANNUAL_FILE,
            context.read_arrivals_annual,
            FOREIGN_ARRIVALS_ANNUAL,
        ),
        Table(
            "foreign_arrivals_monthly",
            context.ARRIVALS_MONTHLY_FILE,
            context.read_arrivals_monthly,
            FOREIGN_ARRIVALS_MONTHLY,
        ),
        Table("tourism_income", context.TOURISM_FILE, context.read_tourism_income, TOURISM_INCOME),
        Table("gas_imports", context.GAS_FILE, context.read_gas_imports, GAS_IMPORTS),
        Table("grain_imports", context.GRAIN_FILE, context.read_grain_imports, GRAIN_IMPORTS),
    )
}


def from_raw(name: str) -> pd.DataFrame:
    """Derive a tidy table from its raw file, after verifying the file's checksum.

    Parameters
    ----------
    name : str
        A key of :data:`TABLES`.

    Returns
    -------
    pandas.DataFrame
        The validated tidy table.
    """
    table = TABLES[name]
    checksums.verify(table.raw_path)
    return table.reader(table.raw_path)


def to_csv_text(frame: pd.DataFrame) -> str:
    """Serialise a tidy table exactly as the processed CSVs are written.

    Parameters
    ----------
    frame : pandas.DataFrame
        A tidy table.

    Returns
    -------
    str
        CSV text with Unix line ends, no index, booleans as ``True``/``False``
        and missing values as empty fields.
    """
    return frame.to_csv(index=False, lineterminator="\n")


def _dtypes(schema: pa.DataFrameSchema) -> dict[str, str]:
    # pandera names pandas' default text dtype "string"; read it back as "str" (NaN for missing).
    return {
        name: "str" if str(column.dtype).startswith("string") else str(column.dtype)
        for name, column in schema.columns.items()
    }


@cache
def _load_processed(name: str) -> pd.DataFrame:
    table = TABLES[name]
    path = package_file("processed", table.processed_file)
    try:
        frame = pd.read_csv(
            path, dtype=_dtypes(table.schema), keep_default_na=False, na_values=[""]
        )
    except (ValueError, TypeError) as error:
        raise DataFileError(
            path,
            f"cannot be read with the types of schema {table.schema.name!r} ({error}); "
            "rebuild it with `python -m balancing.data build`",
        ) from None
    return validate(frame, table.schema, path)


def load(name: str) -> pd.DataFrame:
    """Load a processed table (read once per session, then copied from memory).

    Parameters
    ----------
    name : str
        A key of :data:`TABLES`.

    Returns
    -------
    pandas.DataFrame
        A fresh copy of the validated table, safe to modify.
    """
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; the tables are {sorted(TABLES)}")
    return _load_processed(name).copy()
