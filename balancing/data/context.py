"""The context datasets of chapters 4 and 5: raw layouts and tidy tables.

Six long-format CSVs, staged from public copies of official sources (each
file's provenance is in ``data/README.md``):

``sipri_milex_by_country_1949_2024_long.csv``
    SIPRI Military Expenditure Database (2025 release), five measures per
    country and year, with SIPRI's estimate flags and footnote markers.
``turkey_foreign_arrivals_by_nationality_{annual_2010_2021,monthly_2009_2022}_evds.csv``
    Foreign visitor arrivals in Turkey by nationality (Central Bank EVDS).
``turkey_tourism_income_and_total_visitors_2004_2025_tuik.csv``
    Tourism income and visitor totals (TÜİK).
``eurostat_nrg_ti_gas_imports_russia_vs_total_2011_2020_long.csv``
    Natural-gas imports from Russia and from all partners (Eurostat).
``turkey_grain_oilseed_imports_by_partner_faostat_top_partners_1992_2024.csv``
    Turkey's grain and sunflower-seed imports by partner (FAOSTAT), **only
    partners above a 5 % share**: rows must not be summed into totals.

Each ``read_*`` function returns a tidy, validated table with the course's
country names (:mod:`balancing.data.countries`). Columns that are constant in
a file (the reporter, FAOSTAT's element, the number of months summed) are
checked, then dropped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from balancing.data.context_schemas import (
    FOREIGN_ARRIVALS_ANNUAL,
    FOREIGN_ARRIVALS_MONTHLY,
    GAS_IMPORTS,
    GRAIN_IMPORTS,
    MILITARY_EXPENDITURE,
    TOURISM_INCOME,
)
from balancing.data.countries import harmonise
from balancing.data.errors import DataFileError
from balancing.data.rawcsv import ColumnSpec, RawTable, read_raw_csv
from balancing.data.schemas import validate

MILEX_FILE = "sipri_milex_by_country_1949_2024_long.csv"
ARRIVALS_ANNUAL_FILE = "turkey_foreign_arrivals_by_nationality_annual_2010_2021_evds.csv"
ARRIVALS_MONTHLY_FILE = "turkey_foreign_arrivals_by_nationality_monthly_2009_2022_evds.csv"
TOURISM_FILE = "turkey_tourism_income_and_total_visitors_2004_2025_tuik.csv"
GAS_FILE = "eurostat_nrg_ti_gas_imports_russia_vs_total_2011_2020_long.csv"
GRAIN_FILE = "turkey_grain_oilseed_imports_by_partner_faostat_top_partners_1992_2024.csv"

#: Unit of each SIPRI measure. The raw file repeats this text on every row; the
#: tidy table keeps only ``measure`` (whose name carries the unit) and this lookup.
MILEX_UNITS: dict[str, str] = {
    "milex_constant_2023_usd_m": "million US$, constant 2023 prices and exchange rates",
    "milex_current_usd_m": "million US$, current prices and exchange rates",
    "milex_share_of_gdp_pct": "percent of GDP",
    "milex_per_capita_current_usd": "US$ per capita, current prices",
    "milex_share_of_govt_spending_pct": "percent of general government expenditure",
}

MILEX_COLUMNS = (
    ColumnSpec("country", "country", "str"),
    ColumnSpec("year", "year", "int"),
    ColumnSpec("measure", "measure", "str"),
    ColumnSpec("unit", "unit", "str"),
    ColumnSpec("value", "value", "float"),
    ColumnSpec("sipri_flag", "sipri_flag", "str", required=False),
    ColumnSpec("sipri_footnote_ref", "sipri_footnote_ref", "str", required=False),
)
ARRIVALS_ANNUAL_COLUMNS = (
    ColumnSpec("year", "year", "int"),
    ColumnSpec("nationality_or_group", "nationality", "str"),
    ColumnSpec("entity_type", "entity_type", "str"),
    ColumnSpec("foreign_visitor_arrivals", "arrivals", "float"),
    ColumnSpec("months_summed", "months_summed", "int"),
)
ARRIVALS_MONTHLY_COLUMNS = (
    ColumnSpec("year", "year", "int"),
    ColumnSpec("month", "month", "int"),
    ColumnSpec("nationality_or_group", "nationality", "str"),
    ColumnSpec("entity_type", "entity_type", "str"),
    ColumnSpec("foreign_visitor_arrivals", "arrivals", "float"),
    ColumnSpec("note", "note", "str", required=False),
)
TOURISM_COLUMNS = (
    ColumnSpec("year", "year", "int"),
    ColumnSpec("period", "period", "str"),
    ColumnSpec(
        "arriving_visitors_total_incl_citizens_resident_abroad",
        "arriving_visitors_total_incl_citizens_resident_abroad",
        "int",
    ),
    ColumnSpec("departing_visitors_total", "departing_visitors_total", "int"),
    ColumnSpec("tourism_income_thousand_usd", "tourism_income_thousand_usd", "float"),
    ColumnSpec(
        "transfer_passenger_tourism_income_thousand_usd",
        "transfer_passenger_tourism_income_thousand_usd",
        "float",
        required=False,
    ),
    ColumnSpec("average_spending_per_visitor_usd", "average_spending_per_visitor_usd", "float"),
    ColumnSpec(
        "tourism_expenditure_abroad_thousand_usd",
        "tourism_expenditure_abroad_thousand_usd",
        "float",
    ),
    ColumnSpec(
        "income_from_citizens_resident_abroad_thousand_usd",
        "income_from_citizens_resident_abroad_thousand_usd",
        "float",
    ),
    ColumnSpec(
        "average_spending_citizens_resident_abroad_usd",
        "average_spending_citizens_resident_abroad_usd",
        "float",
    ),
)
GAS_COLUMNS = (
    ColumnSpec("reporter", "reporter", "str"),
    ColumnSpec("year", "year", "int"),
    ColumnSpec("product_siec", "product", "str"),
    ColumnSpec("partner", "partner", "str"),
    ColumnSpec("value_tj_gcv", "value_tj_gcv", "float", required=False),
    ColumnSpec("eurostat_raw", "eurostat_raw", "str", required=False),
)
GRAIN_COLUMNS = (
    ColumnSpec("reporter_iso3", "reporter_iso3", "str"),
    ColumnSpec("reporter", "reporter", "str"),
    ColumnSpec("partner_iso3", "partner_iso3", "str"),
    ColumnSpec("partner", "partner", "str"),
    ColumnSpec("item", "item", "str"),
    ColumnSpec("element", "element", "str"),
    ColumnSpec("year", "year", "int"),
    ColumnSpec("import_value_thousand_usd", "import_value_thousand_usd", "int"),
)


def _require(path: Path, raw: RawTable, spec: ColumnSpec, expected: object) -> None:
    """Check that a column every row shares has the expected value, then allow dropping it."""
    bad = raw.frame[spec.name] != expected
    if bad.any():
        at = int(np.argmax(bad.to_numpy()))
        raise DataFileError(
            path,
            f"expected {expected!r} on every row, found {raw.frame[spec.name].iloc[at]!r}",
            line=int(raw.lines[at]),
            column=spec.source,
        )


def _tidy(
    path: Path,
    raw: RawTable,
    schema: pa.DataFrameSchema,
    order: list[str],
    names: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Harmonise country names, keep the schema's columns, sort and validate."""
    frame = raw.frame
    for column in names:
        frame[column] = harmonise(frame[column])
    ordered = frame.sort_values(order, kind="stable")[list(schema.columns)]
    lines = raw.lines[ordered.index.to_numpy()]
    return validate(ordered.reset_index(drop=True), schema, path, lines)


def read_military_expenditure(path: Path) -> pd.DataFrame:
    """Read SIPRI's military expenditure into the tidy ``military_expenditure`` table.

    Parameters
    ----------
    path : Path
        The staged long-format file (one row per country, year and measure).

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year``, ``measure`` (one of :data:`MILEX_UNITS`),
        ``value``, ``sipri_flag`` and ``sipri_footnote_ref``, sorted by
        country, measure and year. The raw ``unit`` column is checked against
        :data:`MILEX_UNITS` and dropped.

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem.
    """
    raw = read_raw_csv(path, MILEX_COLUMNS)
    expected_unit = raw.frame["measure"].map(MILEX_UNITS)
    bad = raw.frame["unit"] != expected_unit
    if bad.any():
        at = int(np.argmax(bad.to_numpy()))
        row = raw.frame.iloc[at]
        raise DataFileError(
            path,
            f"unknown measure or unit ({row['measure']!r}, {row['unit']!r}); "
            f"the measures and units are {MILEX_UNITS}",
            line=int(raw.lines[at]),
            column="unit",
        )
    return _tidy(
        path, raw, MILITARY_EXPENDITURE, ["country", "measure", "year"], names=("country",)
    )


def read_arrivals_annual(path: Path) -> pd.DataFrame:
    """Read the annual EVDS arrivals into the tidy ``foreign_arrivals_annual`` table.

    Parameters
    ----------
    path : Path
        The staged annual file (12 months summed, complete years 2010-2021).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``nationality`` (course spelling, or a group:
        ``Europe``, ``CIS``, ``America``, ``Africa``, ``Asia``, ``Total``),
        ``entity_type`` and ``arrivals`` (persons arriving; a float because
        the source's 2013 sums include non-integer monthly values).

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem, including a year
        that does not sum 12 months.
    """
    raw = read_raw_csv(path, ARRIVALS_ANNUAL_COLUMNS)
    _require(path, raw, ARRIVALS_ANNUAL_COLUMNS[-1], 12)
    return _tidy(
        path, raw, FOREIGN_ARRIVALS_ANNUAL, ["nationality", "year"], names=("nationality",)
    )


def read_arrivals_monthly(path: Path) -> pd.DataFrame:
    """Read the monthly EVDS arrivals into the tidy ``foreign_arrivals_monthly`` table.

    Parameters
    ----------
    path : Path
        The staged monthly file (August 2009 to February 2022).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``month``, ``nationality``, ``entity_type``,
        ``arrivals`` (persons) and ``note`` (the source's remark, if any).

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem.
    """
    raw = read_raw_csv(path, ARRIVALS_MONTHLY_COLUMNS)
    return _tidy(
        path,
        raw,
        FOREIGN_ARRIVALS_MONTHLY,
        ["nationality", "year", "month"],
        names=("nationality",),
    )


def read_tourism_income(path: Path) -> pd.DataFrame:
    """Read TÜİK's tourism table into the tidy ``tourism_income`` table.

    Parameters
    ----------
    path : Path
        The staged file, one row per year (2025 covers January-September only,
        marked in ``period``).

    Returns
    -------
    pandas.DataFrame
        The source's columns, which already carry their units in their names.

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem.
    """
    raw = read_raw_csv(path, TOURISM_COLUMNS)
    return _tidy(path, raw, TOURISM_INCOME, ["year"])


def read_gas_imports(path: Path) -> pd.DataFrame:
    """Read Eurostat's gas imports into the tidy ``gas_imports`` table.

    Parameters
    ----------
    path : Path
        The staged extract of ``nrg_ti_gas`` (partners Russia and Total only).

    Returns
    -------
    pandas.DataFrame
        Columns ``reporter`` (course spelling; aggregates such as the EU keep
        Eurostat's label), ``year``, ``product``, ``partner`` (``Russia`` or
        ``Total``), ``value_tj_gcv`` (terajoules, gross calorific value;
        missing where Eurostat writes ``:``) and ``eurostat_raw``.

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem.
    """
    raw = read_raw_csv(path, GAS_COLUMNS)
    return _tidy(
        path,
        raw,
        GAS_IMPORTS,
        ["reporter", "product", "partner", "year"],
        names=("reporter",),
    )


def read_grain_imports(path: Path) -> pd.DataFrame:
    """Read FAOSTAT's trade-matrix extract into the tidy ``grain_imports`` table.

    Parameters
    ----------
    path : Path
        The staged extract: Turkey's import value by partner, only partners
        with at least 5 % of an item's import value in that year.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner_iso3``, ``partner`` (course spelling), ``item``,
        ``year`` and ``import_value_thousand_usd``. A partner absent from a
        year had less than 5 % or no trade; the rows never add up to
        Turkey's total imports.

    Raises
    ------
    DataFileError
        Naming file, line and column of the first problem, including a row
        for another reporter or another FAOSTAT element.
    """
    raw = read_raw_csv(path, GRAIN_COLUMNS)
    _require(path, raw, GRAIN_COLUMNS[0], "TUR")
    _require(path, raw, GRAIN_COLUMNS[5], "Import value")
    return _tidy(path, raw, GRAIN_IMPORTS, ["item", "partner", "year"], names=("partner",))
