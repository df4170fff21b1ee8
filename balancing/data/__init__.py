"""Course data: verified raw files, tidy validated tables, one build command.

Quick start
-----------
>>> from balancing import data
>>> register = data.arms_transfers()   # SIPRI trade register, 1995-2024
>>> pairs = data.tiv_pairs()           # SIPRI TIV tables, 1950-2021
>>> milex = data.military_expenditure()  # SIPRI military expenditure, 1949-2024
>>> arrivals = data.foreign_arrivals("annual")  # visitors to Turkey, 2010-2021
>>> events = data.timeline_events()     # the course's dated events, 2015-2025

Loaders read the tidy tables shipped with the package
(``balancing/data/files/``, see :mod:`balancing.paths`) and validate them
against their pandera schema, so they work however the package is installed.
``python -m balancing.data build`` (``make data``) rebuilds those files from the
repository's ``data/raw/`` after checking each raw file's SHA-256. Country
names follow :mod:`balancing.data.countries` (the course writes ``Turkey``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from balancing.data import sipri
from balancing.data.errors import DataFileError
from balancing.data.tables import TABLES, from_raw, load
from balancing.data.timeline import load_events
from balancing.paths import package_file

__all__ = [
    "TABLES",
    "DataFileError",
    "arms_transfers",
    "foreign_arrivals",
    "from_raw",
    "gas_imports",
    "grain_imports",
    "load",
    "military_expenditure",
    "raw_register_path",
    "timeline_events",
    "tiv_pairs",
    "tourism_income",
]


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


def military_expenditure() -> pd.DataFrame:
    """SIPRI's military expenditure, 1949-2024 (2025 release), in long form.

    Returns
    -------
    pandas.DataFrame
        Columns ``country`` (course spelling), ``year``, ``measure``,
        ``value``, ``sipri_flag`` (``"SIPRI estimate (blue)"``,
        ``"highly uncertain (red)"`` or missing) and ``sipri_footnote_ref``
        (SIPRI's note marker). Each measure's unit is in its name and in
        :data:`balancing.data.context.MILEX_UNITS`. These are SIPRI's
        figures, not NATO's own defence-expenditure statistics.
    """
    return load("military_expenditure")


def foreign_arrivals(frequency: Literal["annual", "monthly"] = "annual") -> pd.DataFrame:
    """Foreign visitor arrivals in Turkey by nationality (Central Bank EVDS).

    Parameters
    ----------
    frequency : {"annual", "monthly"}
        ``"annual"``: complete years 2010-2021 (use this for teaching);
        ``"monthly"``: August 2009 to February 2022, whose sub-annual split
        could not be verified against the Ministry's published figures.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (and ``month``), ``nationality`` (course spelling,
        e.g. ``"Russia"``, or a group such as ``"Europe"`` or ``"Total"``),
        ``entity_type`` (``country``, ``region_group``, ``total``) and
        ``arrivals`` (persons; arrivals, not unique individuals). Germany,
        the United Kingdom and Ukraine are not in the extract.

    Raises
    ------
    ValueError
        If ``frequency`` is neither ``"annual"`` nor ``"monthly"``.
    """
    if frequency not in ("annual", "monthly"):
        raise ValueError(f"frequency must be 'annual' or 'monthly', got {frequency!r}")
    return load(f"foreign_arrivals_{frequency}")


def tourism_income() -> pd.DataFrame:
    """Turkey's tourism income and visitor totals (TÜİK), 2004-2024 and Jan-Sep 2025.

    Returns
    -------
    pandas.DataFrame
        One row per year; ``period`` is ``"full year"`` or ``"Jan-Sep"``
        (2025). Money columns are in thousand US$ or US$ as their names say;
        visitor totals include Turkish citizens resident abroad.
    """
    return load("tourism_income")


def gas_imports() -> pd.DataFrame:
    """Natural-gas imports from Russia and from all partners (Eurostat ``nrg_ti_gas``).

    Returns
    -------
    pandas.DataFrame
        Columns ``reporter``, ``year`` (2011-2020), ``product``
        (``"Natural gas"`` includes LNG; ``"Liquefied natural gas"``),
        ``partner`` (``"Russia"`` or ``"Total"`` only) and ``value_tj_gcv``
        (terajoules, gross calorific value).
    """
    return load("gas_imports")


def grain_imports() -> pd.DataFrame:
    """Turkey's imports of wheat, maize, barley and sunflower seed by partner (FAOSTAT).

    Returns
    -------
    pandas.DataFrame
        Columns ``partner_iso3``, ``partner``, ``item``, ``year`` (1992-2024)
        and ``import_value_thousand_usd``. **Only partners with at least 5 %
        of the item's import value that year are kept**: an absent partner is
        not a zero, and the rows must not be summed into totals.
    """
    return load("grain_imports")


def timeline_events() -> pd.DataFrame:
    """Load the course's timeline: dated events, 2015-2025, each with a source.

    Returns
    -------
    pandas.DataFrame
        One row per event, in chronological order: ``date`` (datetime),
        ``date_precision``, ``event``, ``actors`` (``;``-separated),
        ``theme`` and ``source`` (a key of the bibliography). See
        :mod:`balancing.data.timeline` for the schema.
    """
    return load_events()


def raw_register_path() -> Path:
    """Return SIPRI's trade-register export exactly as received (for the cleaning exercise).

    Returns
    -------
    Path
        The raw CSV, shipped with the package; its SHA-256 matches
        ``data/raw/SHA256SUMS`` of the repository.
    """
    return package_file("raw", sipri.REGISTER_FILE)
