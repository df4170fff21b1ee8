"""Questions chapters 4 and 5 ask of the context data, answered once, tested once.

Every function takes a tidy table from :mod:`balancing.data` and returns a
small frame that a chart or an exercise can use directly. None of them fills a
gap with zero: where a source has no value, the result has a missing value.
Country arguments go through :func:`balancing.data.countries.resolve`, so
``"Türkiye"`` and ``"USA"`` work and a misspelling raises a :class:`KeyError`
that suggests close matches.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from balancing.data.context_schemas import GRAIN_ITEMS, MILEX_MEASURES
from balancing.data.countries import resolve

#: Year each current NATO member joined the Alliance, in the course's spelling.
#: Source: NATO, "NATO member countries" (nato.int, the Alliance's own list of
#: its 32 members and their accession dates). Germany joined in 1955 as the
#: Federal Republic of Germany; SIPRI's "Germany" series is for the Federal
#: Republic.
NATO_ACCESSION: dict[str, int] = {
    "Belgium": 1949,
    "Canada": 1949,
    "Denmark": 1949,
    "France": 1949,
    "Iceland": 1949,
    "Italy": 1949,
    "Luxembourg": 1949,
    "Netherlands": 1949,
    "Norway": 1949,
    "Portugal": 1949,
    "United Kingdom": 1949,
    "United States": 1949,
    "Greece": 1952,
    "Turkey": 1952,
    "Germany": 1955,
    "Spain": 1982,
    "Czechia": 1999,
    "Hungary": 1999,
    "Poland": 1999,
    "Bulgaria": 2004,
    "Estonia": 2004,
    "Latvia": 2004,
    "Lithuania": 2004,
    "Romania": 2004,
    "Slovakia": 2004,
    "Slovenia": 2004,
    "Albania": 2009,
    "Croatia": 2009,
    "Montenegro": 2017,
    "North Macedonia": 2020,
    "Finland": 2023,
    "Sweden": 2024,
}


def nato_members(year: int) -> list[str]:
    """List the NATO members at the end of ``year``, sorted by name.

    Parameters
    ----------
    year : int
        A calendar year from 1949.

    Returns
    -------
    list of str
        Members whose accession year is ``year`` or earlier. Only states that
        are members today are listed (no state has left the Alliance).

    Raises
    ------
    ValueError
        If ``year`` is not a whole number from 1949 (NATO's founding).
    """
    if isinstance(year, bool) or not isinstance(year, int) or year < 1949:
        raise ValueError(f"year must be a whole number from 1949 (NATO's founding), got {year!r}")
    return sorted(name for name, joined in NATO_ACCESSION.items() if joined <= year)


def accession_waves() -> pd.DataFrame:
    """Group today's NATO members by the year they joined.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``members`` (names joined by commas, alphabetical)
        and ``count``, one row per enlargement, in date order.
    """
    table = pd.DataFrame({"country": list(NATO_ACCESSION), "year": list(NATO_ACCESSION.values())})
    waves = table.sort_values("country").groupby("year")["country"]
    return pd.DataFrame({"members": waves.agg(", ".join), "count": waves.size()}).reset_index()


def resolve_all(names: Iterable[str], known: Iterable[str]) -> list[str]:
    """Resolve several names against those present in a table (see :func:`resolve`).

    Parameters
    ----------
    names : iterable of str
        Names as a reader may type them (a list, not a single string).
    known : iterable of str
        The names present in the table.

    Returns
    -------
    list of str
        The course's spelling of each name, in the order given.

    Raises
    ------
    TypeError
        If ``names`` is a single string.
    KeyError
        If a name matches nothing (the message suggests close matches).
    """
    if isinstance(names, str):
        raise TypeError(f"expected a list of names, got the single string {names!r}")
    known_set = set(known)
    return [resolve(name, known_set) for name in names]


def _check_years(years: tuple[int, int]) -> tuple[int, int]:
    first, last = years
    if first > last:
        raise ValueError(f"years must be (first, last) with first <= last, got {years}")
    return first, last


# --- Tourism --------------------------------------------------------------------------


def arrivals_by_nationality(
    arrivals: pd.DataFrame, nationalities: Iterable[str] | None = None
) -> pd.DataFrame:
    """Annual foreign arrivals for some or all nationalities (countries only).

    Parameters
    ----------
    arrivals : pandas.DataFrame
        The annual EVDS table (:func:`balancing.data.foreign_arrivals`).
    nationalities : iterable of str, optional
        Countries to keep; all ten countries in the extract if omitted.
        Regional groups and the total are never included.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``nationality`` and ``arrivals`` (persons), sorted
        by nationality and year.
    """
    countries = arrivals[arrivals["entity_type"] == "country"]
    if nationalities is not None:
        names = resolve_all(nationalities, countries["nationality"])
        countries = countries[countries["nationality"].isin(names)]
    columns = ["year", "nationality", "arrivals"]
    return countries.sort_values(["nationality", "year"])[columns].reset_index(drop=True)


def arrivals_change_pct(
    arrivals: pd.DataFrame, nationality: str, from_year: int, to_year: int
) -> float:
    """Percentage change in a nationality's annual arrivals between two years.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        The annual EVDS table.
    nationality : str
        A country, group or ``"Total"``.
    from_year, to_year : int
        The two years compared.

    Returns
    -------
    float
        ``100 * (arrivals[to_year] / arrivals[from_year] - 1)``.

    Raises
    ------
    KeyError
        If the nationality or a year is not in the table.
    """
    name = resolve(nationality, set(arrivals["nationality"]))
    series = arrivals[arrivals["nationality"] == name].set_index("year")["arrivals"]
    missing = [year for year in (from_year, to_year) if year not in series.index]
    if missing:
        raise KeyError(
            f"no annual arrivals for {name} in {missing}; the table covers "
            f"{int(series.index.min())}-{int(series.index.max())}"
        )
    return float(100 * (series[to_year] / series[from_year] - 1))


def change_by_nationality(arrivals: pd.DataFrame, from_year: int, to_year: int) -> pd.DataFrame:
    """Percentage change in arrivals between two years, for every country in the table.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        The annual EVDS table.
    from_year, to_year : int
        The two years compared.

    Returns
    -------
    pandas.DataFrame
        Columns ``nationality``, ``from_arrivals``, ``to_arrivals`` and
        ``change_pct``, sorted from the largest fall to the largest rise.
    """
    wide = arrivals_by_nationality(arrivals).pivot(
        index="nationality", columns="year", values="arrivals"
    )
    missing = [year for year in (from_year, to_year) if year not in wide.columns]
    if missing:
        raise KeyError(f"no annual arrivals in {missing}")
    result = pd.DataFrame(
        {"from_arrivals": wide[from_year], "to_arrivals": wide[to_year]}, index=wide.index
    )
    result["change_pct"] = 100 * (result["to_arrivals"] / result["from_arrivals"] - 1)
    result = result.sort_values("change_pct", kind="stable").reset_index()
    return result.rename_axis(columns=None)


def tourism_shock(
    arrivals: pd.DataFrame, nationality: str, before: int, during: int
) -> dict[str, float | str]:
    """Summarise a fall in one nationality's arrivals between two years.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        The annual EVDS table.
    nationality : str
        The country whose arrivals fell (e.g. ``"Russia"``).
    before, during : int
        The year before the shock and the year of the shock.

    Returns
    -------
    dict
        ``before_arrivals`` and ``during_arrivals`` (persons), ``fall_pct``
        (a positive number for a fall), ``share_before_pct`` and
        ``share_during_pct`` (share of all foreign arrivals),
        ``others_fall_pct`` (all other nationalities together),
        ``next_nationality`` and ``next_fall_pct`` (the country with the
        next-largest fall). Values are plain Python numbers and strings.
    """
    name = resolve(nationality, set(arrivals["nationality"]))
    shares = share_of_total_arrivals(arrivals, name).set_index("year")
    changes = change_by_nationality(arrivals, before, during)
    others = changes[changes["nationality"] != name].reset_index(drop=True)
    return {
        "before_arrivals": float(shares.loc[before, "arrivals"]),
        "during_arrivals": float(shares.loc[during, "arrivals"]),
        "fall_pct": -arrivals_change_pct(arrivals, name, before, during),
        "share_before_pct": float(shares.loc[before, "share_pct"]),
        "share_during_pct": float(shares.loc[during, "share_pct"]),
        "others_fall_pct": -others_change_pct(arrivals, name, before, during),
        "next_nationality": str(others.loc[0, "nationality"]),
        "next_fall_pct": float(-others.loc[0, "change_pct"]),
    }


def largest_nationality_by_year(arrivals: pd.DataFrame) -> pd.DataFrame:
    """Find the country with the most arrivals in each year (groups and total excluded).

    Parameters
    ----------
    arrivals : pandas.DataFrame
        The annual EVDS table.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``nationality`` and ``arrivals``, one row per year.
    """
    countries = arrivals_by_nationality(arrivals)
    top = countries.loc[countries.groupby("year")["arrivals"].idxmax()]
    return top.sort_values("year").reset_index(drop=True)


def others_change_pct(
    arrivals: pd.DataFrame, nationality: str, from_year: int, to_year: int
) -> float:
    """Percentage change in all foreign arrivals except one nationality's.

    Separates a fall in one nationality from a fall in everyone else's:
    ``Total`` minus ``nationality`` in each year, then the change.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        The annual EVDS table.
    nationality : str
        The nationality left out (a country in the table).
    from_year, to_year : int
        The two years compared.

    Returns
    -------
    float
        The percentage change of the remaining arrivals.
    """
    shares = share_of_total_arrivals(arrivals, nationality).set_index("year")
    missing = [year for year in (from_year, to_year) if year not in shares.index]
    if missing:
        raise KeyError(f"no annual arrivals in {missing}")
    others = shares["total_arrivals"] - shares["arrivals"]
    return float(100 * (others[to_year] / others[from_year] - 1))


def share_of_total_arrivals(arrivals: pd.DataFrame, nationality: str) -> pd.DataFrame:
    """Compute a nationality's share of all foreign arrivals, by year.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        The annual EVDS table.
    nationality : str
        A country or group in the table.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``arrivals``, ``total_arrivals`` and ``share_pct``.
    """
    name = resolve(nationality, set(arrivals["nationality"]))
    wide = arrivals.pivot(index="year", columns="nationality", values="arrivals")
    result = pd.DataFrame(
        {"arrivals": wide[name], "total_arrivals": wide["Total"]}, index=wide.index
    )
    result["share_pct"] = 100 * result["arrivals"] / result["total_arrivals"]
    return result.reset_index()


def tourism_income_full_years(tourism: pd.DataFrame) -> pd.DataFrame:
    """Tourism income by full calendar year, in billion US dollars.

    Parameters
    ----------
    tourism : pandas.DataFrame
        The TÜİK table (:func:`balancing.data.tourism_income`).

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` and ``tourism_income_billion_usd``; partial years
        (2025, January-September) are left out.
    """
    full = tourism[tourism["period"] == "full year"]
    return pd.DataFrame(
        {
            "year": full["year"].to_numpy(),
            "tourism_income_billion_usd": full["tourism_income_thousand_usd"].to_numpy() / 1e6,
        }
    )


# --- Gas and grain ----------------------------------------------------------------------


def gas_import_dependence(gas: pd.DataFrame, reporter: str = "Turkey") -> pd.DataFrame:
    """Natural-gas imports from Russia against all imports, by year.

    Parameters
    ----------
    gas : pandas.DataFrame
        The Eurostat table (:func:`balancing.data.gas_imports`).
    reporter : str
        The importing country.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``russia_tj``, ``total_tj``, ``other_partners_tj``
        (all partners except Russia, as the extract gives no breakdown) and
        ``russia_share_pct``; product "Natural gas" (which includes LNG).
    """
    name = resolve(reporter, set(gas["reporter"]))
    rows = gas[(gas["reporter"] == name) & (gas["product"] == "Natural gas")]
    wide = rows.pivot(index="year", columns="partner", values="value_tj_gcv")
    result = pd.DataFrame(
        {
            "russia_tj": wide["Russia"],
            "total_tj": wide["Total"],
            "other_partners_tj": wide["Total"] - wide["Russia"],
            "russia_share_pct": 100 * wide["Russia"] / wide["Total"],
        }
    )
    return result.rename_axis(columns=None).reset_index()


def grain_imports_from(
    grain: pd.DataFrame,
    partners: Iterable[str] = ("Russia", "Ukraine"),
    years: tuple[int, int] = (1992, 2024),
) -> pd.DataFrame:
    """Turkey's import value of each item from some partners, gaps kept as gaps.

    The FAOSTAT extract keeps a partner only in years when it supplied at
    least 5 % of the item's import value. This function therefore returns
    one row per item, partner and year, with ``import_value_thousand_usd``
    missing (never zero) where the partner is below that threshold or did
    not trade, and ``listed`` saying which.

    Parameters
    ----------
    grain : pandas.DataFrame
        The FAOSTAT table (:func:`balancing.data.grain_imports`).
    partners : iterable of str
        Partner countries.
    years : tuple of int
        First and last year, inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``partner``, ``year``,
        ``import_value_thousand_usd`` (float, may be missing) and ``listed``
        (bool: at or above the 5 % threshold).
    """
    names = resolve_all(partners, grain["partner"])
    first, last = _check_years(years)
    grid = pd.MultiIndex.from_product(
        [GRAIN_ITEMS, names, range(first, last + 1)], names=["item", "partner", "year"]
    )
    values = grain.set_index(["item", "partner", "year"])["import_value_thousand_usd"]
    result = values.reindex(grid).astype("float64").reset_index()
    result["listed"] = result["import_value_thousand_usd"].notna()
    return result


def grain_wide(
    grain: pd.DataFrame, item: str, years: tuple[int, int] = (1992, 2024)
) -> pd.DataFrame:
    """One crop's import values as a year-by-partner table, gaps kept as gaps.

    Parameters
    ----------
    grain : pandas.DataFrame
        Output of :func:`grain_imports_from`.
    item : str
        One of ``"Wheat"``, ``"Maize (corn)"``, ``"Barley"``, ``"Sunflower seed"``.
    years : tuple of int
        First and last year shown, inclusive.

    Returns
    -------
    pandas.DataFrame
        Index ``year``, one column per partner (thousand US$); missing where
        the partner is below the 5 % threshold or did not trade.
    """
    if item not in GRAIN_ITEMS:
        raise ValueError(f"item must be one of {GRAIN_ITEMS}, got {item!r}")
    first, last = _check_years(years)
    rows = grain[(grain["item"] == item) & grain["year"].between(first, last)]
    wide = rows.pivot(index="year", columns="partner", values="import_value_thousand_usd")
    return wide.rename_axis(columns=None)


# --- Military expenditure -----------------------------------------------------------------


def _check_measure(measure: str) -> None:
    if measure not in MILEX_MEASURES:
        raise ValueError(f"measure must be one of {MILEX_MEASURES}, got {measure!r}")


def milex_series(
    milex: pd.DataFrame,
    countries: Iterable[str],
    measure: str = "milex_share_of_gdp_pct",
    years: tuple[int, int] = (1990, 2024),
) -> pd.DataFrame:
    """One SIPRI measure for some countries over a span of years.

    Parameters
    ----------
    milex : pandas.DataFrame
        The SIPRI table (:func:`balancing.data.military_expenditure`).
    countries : iterable of str
        Countries to keep.
    measure : str
        One of :data:`balancing.data.context_schemas.MILEX_MEASURES`.
    years : tuple of int
        First and last year, inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year``, ``value``, ``sipri_flag`` and
        ``nato_member`` (whether the country was in NATO that year). Years
        SIPRI has no figure for are absent.
    """
    _check_measure(measure)
    first, last = _check_years(years)
    names = resolve_all(countries, milex["country"])
    rows = milex[
        (milex["measure"] == measure)
        & milex["country"].isin(names)
        & milex["year"].between(first, last)
    ]
    result = rows[["country", "year", "value", "sipri_flag"]].reset_index(drop=True)
    joined = result["country"].map(NATO_ACCESSION)
    result["nato_member"] = joined.notna() & (result["year"] >= joined.fillna(0))
    return result


def milex_value(
    milex: pd.DataFrame, country: str, year: int, measure: str = "milex_share_of_gdp_pct"
) -> tuple[float, str | None]:
    """Look up one SIPRI figure and its flag.

    Parameters
    ----------
    milex : pandas.DataFrame
        The SIPRI table.
    country : str
        The country.
    year : int
        The year.
    measure : str
        One of :data:`balancing.data.context_schemas.MILEX_MEASURES`.

    Returns
    -------
    tuple of (float, str or None)
        The value and SIPRI's flag (``None`` when the figure is not flagged).

    Raises
    ------
    KeyError
        If SIPRI gives no figure for that country, year and measure.
    """
    _check_measure(measure)
    name = resolve(country, set(milex["country"]))
    row = milex[
        (milex["country"] == name) & (milex["year"] == year) & (milex["measure"] == measure)
    ]
    if row.empty:
        raise KeyError(f"SIPRI gives no {measure} for {name} in {year}")
    flag = row["sipri_flag"].iloc[0]
    return float(row["value"].iloc[0]), None if pd.isna(flag) else str(flag)


def milex_with_allies(
    milex: pd.DataFrame,
    measure: str = "milex_share_of_gdp_pct",
    years: tuple[int, int] = (1990, 2024),
    members_in: int = 2024,
) -> pd.DataFrame:
    """One SIPRI measure for Turkey, Russia, Ukraine and every other NATO member.

    Parameters
    ----------
    milex : pandas.DataFrame
        The SIPRI table.
    measure : str
        One of :data:`balancing.data.context_schemas.MILEX_MEASURES`.
    years : tuple of int
        First and last year, inclusive.
    members_in : int
        The year whose membership defines "every other NATO member".

    Returns
    -------
    pandas.DataFrame
        As :func:`milex_series`; members with no figure for ``measure`` are
        absent.
    """
    present = set(milex["country"])
    allies = [c for c in nato_members(members_in) if c != "Turkey" and c in present]
    return milex_series(milex, ["Turkey", "Russia", "Ukraine", *allies], measure, years)


def nato_ranking(
    milex: pd.DataFrame,
    year: int,
    measure: str = "milex_share_of_gdp_pct",
    others: Iterable[str] = ("Russia", "Ukraine"),
) -> pd.DataFrame:
    """Every NATO member's value of a measure in one year, with some non-members.

    Parameters
    ----------
    milex : pandas.DataFrame
        The SIPRI table.
    year : int
        The year ranked.
    measure : str
        One of :data:`balancing.data.context_schemas.MILEX_MEASURES`.
    others : iterable of str
        Non-members to show for comparison.

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``value``, ``sipri_flag`` and ``group``
        (``"Turkey"``, ``"Other NATO member"`` or ``"Not in NATO"``),
        sorted by value, largest first. Members with no SIPRI figure for
        that year are left out (see :func:`members_without_value`).
    """
    _check_measure(measure)
    members = nato_members(year)
    extra = resolve_all(others, milex["country"])
    rows = milex[
        (milex["measure"] == measure)
        & (milex["year"] == year)
        & milex["country"].isin(members + extra)
    ]
    result = rows[["country", "value", "sipri_flag"]].copy()
    result["group"] = "Other NATO member"
    result.loc[~result["country"].isin(members), "group"] = "Not in NATO"
    result.loc[result["country"] == "Turkey", "group"] = "Turkey"
    return result.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


def members_without_value(
    milex: pd.DataFrame, year: int, measure: str = "milex_share_of_gdp_pct"
) -> list[str]:
    """NATO members for which SIPRI gives no value of ``measure`` in ``year``.

    Parameters
    ----------
    milex : pandas.DataFrame
        The SIPRI table.
    year : int
        The year.
    measure : str
        One of :data:`balancing.data.context_schemas.MILEX_MEASURES`.

    Returns
    -------
    list of str
        Sorted names.
    """
    _check_measure(measure)
    present = set(milex[(milex["measure"] == measure) & (milex["year"] == year)]["country"])
    return sorted(set(nato_members(year)) - present)
