"""Course data: verified raw files, tidy validated tables, one build command.

Quick start
-----------
>>> from balancing import data
>>> register = data.arms_transfers()   # SIPRI trade register, 1995-2024
>>> pairs = data.tiv_pairs()           # SIPRI TIV tables, 1950-2021

Loaders read the committed ``data/processed/*.csv`` (fast) and validate them
against their pandera schema. ``python -m balancing.data build`` rebuilds those
files from ``data/raw/`` after checking each raw file's SHA-256. Country names
follow :mod:`balancing.data.countries` (the course writes ``Turkey``).
"""

from __future__ import annotations

import pandas as pd

from balancing.data.errors import DataFileError
from balancing.data.tables import TABLES, from_raw, load

__all__ = ["TABLES", "DataFileError", "arms_transfers", "from_raw", "load", "tiv_pairs"]


def arms_transfers() -> pd.DataFrame:
    """Load SIPRI's trade register as a tidy table: one row per deal and delivery year.

    Returns
    -------
    pandas.DataFrame
        Columns (see ``data/README.md`` for the dictionary): ``sipri_id``,
        ``supplier``, ``recipient``, ``designation``, ``description``,
        ``category``, ``order_year``, ``order_year_is_estimate``,
        ``number_delivered``, ``number_delivered_is_estimate``,
        ``delivery_year``, ``delivery_year_is_estimate``, ``status``,
        ``tiv_unit_new``, ``tiv_unit``, ``tiv_delivered`` (TIV, millions),
        ``local_production``. Deliveries 1995-2024, export of 12 Feb 2026.
    """
    return load("arms_transfers")


def tiv_pairs() -> pd.DataFrame:
    """Load SIPRI's TIV tables, 1950-2021: one row per supplier, recipient and year.

    Returns
    -------
    pandas.DataFrame
        Columns ``supplier``, ``recipient``, ``year``, ``tiv`` (TIV, millions),
        Correlates of War codes and centroid coordinates. SIPRI generated these
        tables on 28 July 2022: they differ from the register where the years
        overlap, because SIPRI revises its values every year.
    """
    return load("tiv_pairs")
