"""Pandera schemas for every tidy table, and one way to apply them.

A schema states what the course relies on (types, ranges, allowed values,
uniqueness). :func:`validate` runs a schema lazily and turns pandera's report
into a :class:`~balancing.data.errors.DataFileError` that names the file,
line and column of the first failures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from balancing.data.errors import DataFileError

ARMAMENT_CATEGORIES = [
    "Aircraft",
    "Air-defence systems",
    "Armoured vehicles",
    "Artillery",
    "Engines",
    "Missiles",
    "Naval weapons",
    "Other",
    "Satellites",
    "Sensors",
    "Ships",
]
STATUSES = ["New", "Second hand", "Second hand but modernized"]

_YEAR = pa.Check.in_range(1945, 2030)
_NON_NEGATIVE = pa.Check.ge(0)
_NAME = pa.Check.str_length(min_value=1)

ARMS_TRANSFERS = pa.DataFrameSchema(
    {
        "sipri_id": pa.Column(int, pa.Check.gt(0)),
        "supplier": pa.Column(str, _NAME),
        "recipient": pa.Column(str, _NAME),
        "designation": pa.Column(str, _NAME),
        "description": pa.Column(str, _NAME),
        "category": pa.Column(str, pa.Check.isin(ARMAMENT_CATEGORIES)),
        "order_year": pa.Column(int, _YEAR),
        "order_year_is_estimate": pa.Column("boolean", nullable=True),
        "number_delivered": pa.Column(int, _NON_NEGATIVE),
        "number_delivered_is_estimate": pa.Column("boolean", nullable=True),
        "delivery_year": pa.Column(int, _YEAR),
        "delivery_year_is_estimate": pa.Column("boolean", nullable=True),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "tiv_unit_new": pa.Column(float, _NON_NEGATIVE),
        "tiv_unit": pa.Column(float, _NON_NEGATIVE),
        "tiv_delivered": pa.Column(float, _NON_NEGATIVE),
        "local_production": pa.Column("boolean"),
    },
    checks=pa.Check(
        lambda df: df["delivery_year"] >= df["order_year"],
        error="a delivery cannot precede its order",
    ),
    unique=["sipri_id", "delivery_year"],
    strict=True,
    ordered=True,
    name="arms_transfers",
)

TIV_PAIRS = pa.DataFrameSchema(
    {
        "supplier": pa.Column(str, _NAME),
        "recipient": pa.Column(str, _NAME),
        "year": pa.Column(int, pa.Check.in_range(1950, 2021)),
        "tiv": pa.Column(float, _NON_NEGATIVE),
        "supplier_cown": pa.Column("Int64", nullable=True),
        "recipient_cown": pa.Column("Int64", nullable=True),
        "supplier_lon": pa.Column(float, pa.Check.in_range(-180, 180)),
        "supplier_lat": pa.Column(float, pa.Check.in_range(-90, 90)),
        "recipient_lon": pa.Column(float, pa.Check.in_range(-180, 180)),
        "recipient_lat": pa.Column(float, pa.Check.in_range(-90, 90)),
    },
    unique=["supplier", "recipient", "year"],
    strict=True,
    ordered=True,
    name="tiv_pairs",
)


def validate(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    path: Path,
    lines: np.ndarray | None = None,
) -> pd.DataFrame:
    """Validate ``frame`` against ``schema``; on failure, say where in ``path``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to check (with a default ``RangeIndex``).
    schema : pandera.DataFrameSchema
        The contract.
    path : Path
        The file the table was read from, for the message.
    lines : numpy.ndarray, optional
        The 1-based file line of each row; defaults to ``row + 2`` (a CSV
        with a one-line header).

    Returns
    -------
    pandas.DataFrame
        ``frame``, validated.

    Raises
    ------
    DataFileError
        Naming the file, the first failing line and column, and how many
        further failures there are.
    """
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        first = cases.iloc[0]
        row = first["index"]
        line = None
        if row is not None and not pd.isna(row):
            line = int(lines[int(row)]) if lines is not None else int(row) + 2
        column = first["column"] if isinstance(first["column"], str) else None
        more = len(cases) - 1
        problem = (
            f"fails check {first['check']!r} of schema {schema.name!r} "
            f"with value {first['failure_case']!r}"
            + (f" ({more} further failure(s))" if more else "")
        )
        raise DataFileError(path, problem, line=line, column=column) from None
