"""Expected answers that the exercise sets' hidden tests compute: students' code never needs them.

Each function answers one graded question from the course's tidy tables, so
that a hidden test can compare a student's answer with a value computed from
the data rather than typed into the notebook. They are checked against facts
counted by hand in the raw files (``tests/unit/test_answer_keys.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from balancing.arms.queries import check_period, resolve_in, tiv_by_year
from balancing.context.queries import milex_series, resolve_all
from balancing.data.context_schemas import GRAIN_ITEMS
from balancing.data.countries import resolve


def recipients_in_year(register: pd.DataFrame, supplier: str, year: int) -> list[str]:
    """List the distinct recipients of a supplier's deliveries in one year.

    A recipient that received several deliveries in the year (several deals,
    or several rows of one deal) is listed once.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register (:func:`balancing.data.arms_transfers`).
    supplier : str
        The supplying country.
    year : int
        The delivery year.

    Returns
    -------
    list of str
        Recipient names in alphabetical order; empty if the register records
        no delivery by ``supplier`` in ``year``.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an int such as 2015, got {year!r}")
    name = resolve_in(register, supplier)
    rows = register[(register["supplier"] == name) & (register["delivery_year"] == year)]
    return sorted(rows["recipient"].unique())



def export_import_ratio(register: pd.DataFrame, country: str, years: Sequence[int]) -> float:
    """Divide a country's recorded exports by its recorded imports over a period.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    country : str
        The country.
    years : tuple of int
        First and last delivery year, inclusive.

    Returns
    -------
    float
        Total exports / total imports (TIV) over ``years``: above 1 means the
        country exported more than it imported; ``inf`` if it imported nothing
        but exported something, NaN if neither.
    """
    period = check_period(years)
    exports = tiv_by_year(register, country, "supplier", period)["tiv"].sum()
    imports = tiv_by_year(register, country, "recipient", period)["tiv"].sum()
    if imports > 0:
        return float(exports / imports)
    return float("inf") if exports > 0 else float("nan")



def listed_years(grain: pd.DataFrame, item: str, partner: str) -> list[int]:
    """List the years in which a partner is listed (at or above the 5 % threshold) for an item.

    Parameters
    ----------
    grain : pandas.DataFrame
        Output of :func:`balancing.context.queries.grain_imports_from` (its ``years`` set the span).
    item : str
        One of ``"Wheat"``, ``"Maize (corn)"``, ``"Barley"``, ``"Sunflower seed"``.
    partner : str
        A partner in ``grain``.

    Returns
    -------
    list of int
        The years, in order; empty if the partner is never listed.
    """
    if item not in GRAIN_ITEMS:
        raise ValueError(f"item must be one of {GRAIN_ITEMS}, got {item!r}")
    name = resolve(partner, set(grain["partner"]))
    rows = grain[(grain["item"] == item) & (grain["partner"] == name) & grain["listed"]]
    return sorted(int(year) for year in rows["year"])



def years_above(
    milex: pd.DataFrame,
    country: str,
    other: str,
    measure: str = "milex_share_of_gdp_pct",
    years: tuple[int, int] = (1990, 2024),
) -> list[int]:
    """List the years in which ``country``'s value of a measure exceeds ``other``'s.

    Only years in which SIPRI gives a figure for both countries are compared.

    Parameters
    ----------
    milex : pandas.DataFrame
        The SIPRI table.
    country, other : str
        The two countries.
    measure : str
        One of :data:`balancing.data.context_schemas.MILEX_MEASURES`.
    years : tuple of int
        First and last year, inclusive.

    Returns
    -------
    list of int
        The years, in order.
    """
    series = milex_series(milex, [country, other], measure, years)
    wide = series.pivot(index="year", columns="country", values="value").dropna()
    names = resolve_all([country, other], milex["country"])
    return [int(year) for year in wide.index[wide[names[0]] > wide[names[1]]]]
