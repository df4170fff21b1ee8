"""The two SIPRI arms-transfer files: raw layouts and tidy tables.

``sipri-trade-register-1995-2024.csv``
    SIPRI's trade register: one row per deal and delivery year. The export has
    11 preamble lines, CRLF line ends and a stray ``;`` at the end of every
    line; flags are ``Yes``/``No``.
``sipri-tiv-pairs-1950-2021.csv``
    Yearly TIV per supplier-recipient pair, tidied from SIPRI's TIV tables by
    360info, with Correlates of War codes and country centroids.

Both are read by :func:`read_register` and :func:`read_tiv_pairs` into tidy,
validated tables with the course's country names
(:mod:`balancing.data.countries`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from balancing.data.countries import harmonise
from balancing.data.rawcsv import ColumnSpec, read_raw_csv
from balancing.data.schemas import ARMS_TRANSFERS, TIV_PAIRS, validate

REGISTER_FILE = "sipri-trade-register-1995-2024.csv"
TIV_PAIRS_FILE = "sipri-tiv-pairs-1950-2021.csv"

REGISTER_COLUMNS = (
    ColumnSpec("SIPRI AT Database ID", "sipri_id", "int"),
    ColumnSpec("Supplier", "supplier", "str"),
    ColumnSpec("Recipient", "recipient", "str"),
    ColumnSpec("Designation", "designation", "str"),
    ColumnSpec("Description", "description", "str"),
    ColumnSpec("Armament category", "category", "str"),
    ColumnSpec("Order date", "order_year", "int"),
    ColumnSpec("Order date is estimate", "order_year_is_estimate", "flag", required=False),
    ColumnSpec("Numbers delivered", "number_delivered", "int"),
    ColumnSpec(
        "Numbers delivered is estimate", "number_delivered_is_estimate", "flag", required=False
    ),
    ColumnSpec("Delivery year", "delivery_year", "int"),
    ColumnSpec("Delivery year is estimate", "delivery_year_is_estimate", "flag", required=False),
    ColumnSpec("Status", "status", "str"),
    ColumnSpec("SIPRI estimate", "tiv_unit_new", "float"),
    ColumnSpec("TIV deal unit", "tiv_unit", "float"),
    ColumnSpec("TIV delivery values", "tiv_delivered", "float"),
    ColumnSpec("Local production", "local_production", "flag"),
)

TIV_PAIRS_COLUMNS = (
    ColumnSpec("supplier", "supplier", "str"),
    ColumnSpec("recipient", "recipient", "str"),
    ColumnSpec("year", "year", "int"),
    ColumnSpec("value", "tiv", "float"),
    ColumnSpec("supplier_cown", "supplier_cown", "int", required=False),
    ColumnSpec("recipient_cown", "recipient_cown", "int", required=False),
    ColumnSpec("supplier_lon", "supplier_lon", "float"),
    ColumnSpec("supplier_lat", "supplier_lat", "float"),
    ColumnSpec("recipient_lon", "recipient_lon", "float"),
    ColumnSpec("recipient_lat", "recipient_lat", "float"),
)

#: Sort keys that make each processed table deterministic.
REGISTER_ORDER = ["sipri_id", "delivery_year"]
TIV_PAIRS_ORDER = ["supplier", "recipient", "year"]


def _tidy(frame: pd.DataFrame, order: list[str]) -> tuple[pd.DataFrame, pd.Index]:
    for column in ("supplier", "recipient"):
        frame[column] = harmonise(frame[column])
    ordered = frame.sort_values(order, kind="stable")
    return ordered.reset_index(drop=True), ordered.index


def read_register(path: Path) -> pd.DataFrame:
    """Read SIPRI's trade-register export into the tidy ``arms_transfers`` table.

    Parameters
    ----------
    path : Path
        The raw export (see the module docstring for its layout).

    Returns
    -------
    pandas.DataFrame
        One row per deal and delivery year, sorted by ``sipri_id`` and
        ``delivery_year``, validated against
        :data:`balancing.data.schemas.ARMS_TRANSFERS`.

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem.
    """
    raw = read_raw_csv(path, REGISTER_COLUMNS, line_suffix=";", max_preamble=20)
    frame, order = _tidy(raw.frame, REGISTER_ORDER)
    return validate(frame, ARMS_TRANSFERS, path, raw.lines[order.to_numpy()])


def read_tiv_pairs(path: Path) -> pd.DataFrame:
    """Read the 1950-2021 supplier-recipient-year TIV table.

    Parameters
    ----------
    path : Path
        The raw file (360info's tidy version of SIPRI's TIV tables).

    Returns
    -------
    pandas.DataFrame
        One row per supplier, recipient and year, sorted, validated against
        :data:`balancing.data.schemas.TIV_PAIRS`. ``tiv`` is in millions.

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem.
    """
    raw = read_raw_csv(path, TIV_PAIRS_COLUMNS, missing=frozenset({"", "NA"}))
    frame, order = _tidy(raw.frame, TIV_PAIRS_ORDER)
    return validate(frame, TIV_PAIRS, path, raw.lines[order.to_numpy()])
