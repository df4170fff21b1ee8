"""Pandera schemas for the context tables (military spending, tourism, gas, grain).

Each schema states what chapters 4 and 5 rely on: types, ranges, allowed
values and the keys that make a row unique. They are applied with
:func:`balancing.data.schemas.validate`, which names the file, line and column
of the first failure.
"""

from __future__ import annotations

import pandera.pandas as pa

#: SIPRI military-expenditure measures; each name carries its unit.
MILEX_MEASURES = [
    "milex_constant_2023_usd_m",
    "milex_current_usd_m",
    "milex_share_of_gdp_pct",
    "milex_per_capita_current_usd",
    "milex_share_of_govt_spending_pct",
]
#: SIPRI's cell colours, as the staged file spells them.
MILEX_FLAGS = ["SIPRI estimate (blue)", "highly uncertain (red)"]
#: Kinds of row in the EVDS arrivals tables.
ARRIVAL_ENTITY_TYPES = ["country", "region_group", "total"]
#: FAOSTAT items in the grain extract.
GRAIN_ITEMS = ["Barley", "Maize (corn)", "Sunflower seed", "Wheat"]
#: Eurostat products (SIEC) in the gas extract.
GAS_PRODUCTS = ["Natural gas", "Liquefied natural gas"]

_NAME = pa.Check.str_length(min_value=1)
_NON_NEGATIVE = pa.Check.ge(0)

MILITARY_EXPENDITURE = pa.DataFrameSchema(
    {
        "country": pa.Column(str, _NAME),
        "year": pa.Column(int, pa.Check.in_range(1949, 2024)),
        "measure": pa.Column(str, pa.Check.isin(MILEX_MEASURES)),
        "value": pa.Column(float, _NON_NEGATIVE),
        "sipri_flag": pa.Column(str, pa.Check.isin(MILEX_FLAGS), nullable=True),
        "sipri_footnote_ref": pa.Column(str, _NAME, nullable=True),
    },
    unique=["country", "year", "measure"],
    strict=True,
    ordered=True,
    name="military_expenditure",
)

FOREIGN_ARRIVALS_ANNUAL = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2010, 2021)),
        "nationality": pa.Column(str, _NAME),
        "entity_type": pa.Column(str, pa.Check.isin(ARRIVAL_ENTITY_TYPES)),
        "arrivals": pa.Column(float, _NON_NEGATIVE),
    },
    unique=["year", "nationality"],
    strict=True,
    ordered=True,
    name="foreign_arrivals_annual",
)

FOREIGN_ARRIVALS_MONTHLY = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2009, 2022)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "nationality": pa.Column(str, _NAME),
        "entity_type": pa.Column(str, pa.Check.isin(ARRIVAL_ENTITY_TYPES)),
        "arrivals": pa.Column(float, _NON_NEGATIVE),
        "note": pa.Column(str, _NAME, nullable=True),
    },
    unique=["year", "month", "nationality"],
    strict=True,
    ordered=True,
    name="foreign_arrivals_monthly",
)

TOURISM_INCOME = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2004, 2025), unique=True),
        "period": pa.Column(str, pa.Check.isin(["full year", "Jan-Sep"])),
        "arriving_visitors_total_incl_citizens_resident_abroad": pa.Column(int, _NON_NEGATIVE),
        "departing_visitors_total": pa.Column(int, _NON_NEGATIVE),
        "tourism_income_thousand_usd": pa.Column(float, _NON_NEGATIVE),
        "transfer_passenger_tourism_income_thousand_usd": pa.Column(
            float, _NON_NEGATIVE, nullable=True
        ),
        "average_spending_per_visitor_usd": pa.Column(float, _NON_NEGATIVE),
        "tourism_expenditure_abroad_thousand_usd": pa.Column(float, _NON_NEGATIVE),
        "income_from_citizens_resident_abroad_thousand_usd": pa.Column(float, _NON_NEGATIVE),
        "average_spending_citizens_resident_abroad_usd": pa.Column(float, _NON_NEGATIVE),
    },
    strict=True,
    ordered=True,
    name="tourism_income",
)

GAS_IMPORTS = pa.DataFrameSchema(
    {
        "reporter": pa.Column(str, _NAME),
        "year": pa.Column(int, pa.Check.in_range(2011, 2020)),
        "product": pa.Column(str, pa.Check.isin(GAS_PRODUCTS)),
        "partner": pa.Column(str, pa.Check.isin(["Russia", "Total"])),
        "value_tj_gcv": pa.Column(float, _NON_NEGATIVE, nullable=True),
        "eurostat_raw": pa.Column(str, pa.Check.eq(":"), nullable=True),
    },
    checks=pa.Check(
        lambda df: df["value_tj_gcv"].isna() == df["eurostat_raw"].eq(":").fillna(False),
        error="a value is missing exactly where Eurostat writes ':'",
    ),
    unique=["reporter", "year", "product", "partner"],
    strict=True,
    ordered=True,
    name="gas_imports",
)

GRAIN_IMPORTS = pa.DataFrameSchema(
    {
        "partner_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "partner": pa.Column(str, _NAME),
        "item": pa.Column(str, pa.Check.isin(GRAIN_ITEMS)),
        "year": pa.Column(int, pa.Check.in_range(1992, 2024)),
        "import_value_thousand_usd": pa.Column(int, _NON_NEGATIVE),
    },
    unique=["partner_iso3", "item", "year"],
    strict=True,
    ordered=True,
    name="grain_imports",
)
