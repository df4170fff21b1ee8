"""Questions the course asks of the arms-transfer data (chapters 2 and 3).

Each function takes a tidy table from :mod:`balancing.data` (the trade register,
and for :func:`sources_compared` also the 1950-2021 TIV tables) and returns a
small aggregated frame, ready for a chart in :mod:`balancing.arms.charts` or for
an exercise. Country arguments go through :func:`resolve_in` (so ``"Türkiye"``
and ``"turkey"`` work) and weapon designations through
:func:`resolve_designation`; a misspelling raises a :class:`KeyError` that
suggests close matches.

Two conventions hold throughout:

- "Partner" means the other side of a transfer: a country's *suppliers* when we
  look at its imports, its *recipients* when we look at its exports.
- Periods are ``(first, last)`` pairs of delivery years, both inclusive.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd

from balancing.data.countries import resolve

Role = Literal["supplier", "recipient"]
Period = tuple[int, int]

#: Years covered by the trade register.
REGISTER_YEARS = (1995, 2024)


def resolve_in(frame: pd.DataFrame, country: str) -> str:
    """Resolve ``country`` against the suppliers and recipients present in ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with ``supplier`` and ``recipient`` columns.
    country : str
        A country name as a reader may type it.

    Returns
    -------
    str
        The course's spelling, present in ``frame``.
    """
    known = set(frame["supplier"]).union(frame["recipient"])
    return resolve(country, known)


def check_period(period: Sequence[int], name: str = "years") -> Period:
    """Check that ``period`` is a ``(first, last)`` pair of years with first <= last.

    Parameters
    ----------
    period : sequence of int
        The pair to check.
    name : str
        How to call the argument in the error message.

    Returns
    -------
    tuple of int
        ``(first, last)`` as Python ints.

    Raises
    ------
    ValueError
        If ``period`` is not two whole numbers in increasing order.
    """
    if isinstance(period, str) or len(period) != 2:
        raise ValueError(f"{name} must be a pair (first, last) of years, got {period!r}")
    first, last = period
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in (first, last)):
        raise ValueError(f"{name} must be a pair of whole years, got {period!r}")
    if first > last:
        raise ValueError(f"{name} must be (first, last) with first <= last, got {period!r}")
    return int(first), int(last)


def check_role(role: str) -> Role:
    """Return ``role`` if it is ``"supplier"`` or ``"recipient"``; otherwise explain.

    Parameters
    ----------
    role : str
        Which side of a transfer a country is on.

    Returns
    -------
    str
        ``role``, unchanged.

    Raises
    ------
    ValueError
        For any other value.
    """
    if role not in ("supplier", "recipient"):
        raise ValueError(f"role must be 'supplier' or 'recipient', got {role!r}")
    return role  # type: ignore[return-value]


def transfers_of(
    register: pd.DataFrame, country: str, role: Role, years: Sequence[int]
) -> pd.DataFrame:
    """Return the register rows in which ``country`` is the ``role``, in ``years``.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    country : str
        The country (any spelling :func:`resolve_in` accepts).
    role : {"supplier", "recipient"}
        Which side of the transfer ``country`` is on.
    years : sequence of int
        First and last delivery year, inclusive.

    Returns
    -------
    pandas.DataFrame
        The matching rows, unchanged.
    """
    first, last = check_period(years)
    name = resolve_in(register, country)
    role = check_role(role)
    return register[(register[role] == name) & register["delivery_year"].between(first, last)]


def tiv_by_year(
    register: pd.DataFrame,
    country: str,
    role: Role,
    years: tuple[int, int] = REGISTER_YEARS,
) -> pd.DataFrame:
    """Sum the TIV of deliveries by or to ``country`` per year.

    A year in ``years`` with no delivery recorded in the register gets a TIV
    of 0: the register records none (which is not proof that none happened).

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register (:func:`balancing.data.arms_transfers`).
    country : str
        The country whose exports (``role="supplier"``) or imports
        (``role="recipient"``) are summed.
    role : {"supplier", "recipient"}
        Which side of the transfer ``country`` is on.
    years : tuple of int
        First and last year, inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int) and ``tiv`` (float, TIV millions), one row
        per year.
    """
    first, last = check_period(years)
    rows = transfers_of(register, country, role, years)
    totals = rows.groupby("delivery_year")["tiv_delivered"].sum()
    totals = totals.reindex(range(first, last + 1), fill_value=0.0)
    return totals.rename_axis("year").reset_index(name="tiv")


def imports_and_exports(
    register: pd.DataFrame, country: str, years: tuple[int, int] = REGISTER_YEARS
) -> pd.DataFrame:
    """Return a country's yearly arms imports and exports, in long form for charting.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    country : str
        The country.
    years : tuple of int
        First and last year, inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``flow`` (``"Imports"`` or ``"Exports"``) and
        ``tiv``; two rows per year.
    """
    imports = tiv_by_year(register, country, "recipient", years).assign(flow="Imports")
    exports = tiv_by_year(register, country, "supplier", years).assign(flow="Exports")
    return pd.concat([imports, exports], ignore_index=True)[["year", "flow", "tiv"]]


def first_year_exports_exceed_imports(flows: pd.DataFrame) -> int | None:
    """Return the first year in which recorded exports exceed recorded imports.

    Parameters
    ----------
    flows : pandas.DataFrame
        Output of :func:`imports_and_exports`.

    Returns
    -------
    int or None
        The year, or ``None`` if exports never exceed imports.
    """
    wide = flows.pivot(index="year", columns="flow", values="tiv")
    years = wide.index[wide["Exports"] > wide["Imports"]]
    return int(years.min()) if len(years) else None


#: Label of the partners grouped together outside the top ``n``.
OTHER_PARTNERS = "All other partners"

#: The estimate flags of the register, with the words the course uses for them.
ESTIMATE_FLAGS: dict[str, str] = {
    "number_delivered_is_estimate": "Number delivered",
    "delivery_year_is_estimate": "Year of delivery",
    "order_year_is_estimate": "Year of order",
}

#: How :func:`estimate_shares` names the three states of a flag.
FLAG_STATES = ("Estimate", "Not an estimate", "Flag left empty")

#: Names of the two sources compared by :func:`sources_compared`.
SOURCE_NAMES = ("Trade register (export of Feb 2026)", "TIV tables (generated Jul 2022)")


def _partner_column(role: Role) -> str:
    return "recipient" if role == "supplier" else "supplier"


def _fold_designation(text: str) -> str:
    """Lower-case ``text`` and drop everything but letters and digits."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _any_estimate(flags: pd.Series) -> bool | pd.api.typing.NAType:
    """Return True if any flag is set, NA if every flag was left empty, else False."""
    return bool(flags.any(skipna=True)) if flags.notna().any() else pd.NA


def partner_totals(
    register: pd.DataFrame,
    country: str,
    role: Role,
    years: Sequence[int] = REGISTER_YEARS,
) -> pd.DataFrame:
    """Total TIV exchanged with each partner of ``country`` over ``years``.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register (:func:`balancing.data.arms_transfers`).
    country : str
        The country whose imports (``role="recipient"``) or exports
        (``role="supplier"``) are broken down.
    role : {"supplier", "recipient"}
        Which side of the transfer ``country`` is on.
    years : tuple of int
        First and last delivery year, inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner``, ``tiv`` (TIV millions) and ``share`` (of the
        country's total over ``years``, between 0 and 1), largest first; ties
        are broken alphabetically.
    """
    rows = transfers_of(register, country, role, years)
    totals = (
        rows.groupby(_partner_column(role))["tiv_delivered"]
        .sum()
        .rename_axis("partner")
        .reset_index(name="tiv")
        .sort_values(["tiv", "partner"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    grand_total = totals["tiv"].sum()
    totals["share"] = totals["tiv"] / grand_total if grand_total > 0 else 0.0
    return totals


def partners_by_year(
    register: pd.DataFrame,
    country: str,
    role: Role,
    years: Sequence[int] = REGISTER_YEARS,
    top: int = 8,
) -> pd.DataFrame:
    """TIV exchanged with each partner per year, the smaller partners grouped.

    The ``top`` partners by total over ``years`` keep their names; all others
    are summed as :data:`OTHER_PARTNERS`, which keeps a chart readable and its
    page light.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    country : str
        The country.
    role : {"supplier", "recipient"}
        ``"recipient"`` to break down the country's imports by supplier,
        ``"supplier"`` to break down its exports by recipient.
    years : tuple of int
        First and last delivery year, inclusive.
    top : int
        How many partners to name (at least 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``partner`` and ``tiv``: one row per year and
        partner with a recorded delivery (years without any are absent).
    """
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a whole number >= 1, got {top!r}")
    rows = transfers_of(register, country, role, years)
    partner = _partner_column(role)
    named = partner_totals(register, country, role, years)["partner"].head(top)
    grouped = rows[partner].where(rows[partner].isin(named), OTHER_PARTNERS)
    return (
        rows.assign(partner=grouped)
        .groupby(["delivery_year", "partner"])["tiv_delivered"]
        .sum()
        .rename_axis(["year", "partner"])
        .reset_index(name="tiv")
    )


def designations_matching(register: pd.DataFrame, text: str) -> list[str]:
    """Every weapon designation in the register that contains ``text``.

    Matching ignores case, spaces and punctuation, and starts at the
    beginning of a word, so ``"f35"`` finds ``"F-35A Lightning-2"`` and
    ``"F-35B Lightning-2"`` but not ``"GDF 35mm"``.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    text : str
        Part of a designation.

    Returns
    -------
    list of str
        Matching designations, sorted; empty if none match.
    """
    if not isinstance(text, str) or not _fold_designation(text):
        raise ValueError(f"expected part of a weapon designation as text, got {text!r}")
    separator = "[^0-9a-z]*"
    pattern = re.compile(
        "(?<![0-9a-z])" + separator.join(re.escape(ch) for ch in _fold_designation(text))
    )
    return sorted(d for d in register["designation"].unique() if pattern.search(d.casefold()))


def resolve_designation(register: pd.DataFrame, designation: str) -> str:
    """Return SIPRI's spelling of a weapon designation, or explain what was expected.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    designation : str
        A designation as a reader may type it (``"bayraktar tb2"``).

    Returns
    -------
    str
        The designation as the register spells it (``"Bayraktar TB-2"``).

    Raises
    ------
    TypeError
        If ``designation`` is not a string.
    KeyError
        If no designation matches; the message suggests close ones.
    """
    if not isinstance(designation, str):
        raise TypeError(
            f"expected a weapon designation as a string, got {type(designation).__name__}"
        )
    by_folded = {_fold_designation(d): d for d in register["designation"].unique()}
    folded = _fold_designation(designation)
    if folded in by_folded:
        return by_folded[folded]
    close = difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.6)
    containing = designations_matching(register, designation) if folded else []
    suggestions = list(dict.fromkeys(containing[:5] + [by_folded[c] for c in close]))
    hint = (
        "did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        if suggestions
        else "SIPRI spells designations like 'Bayraktar TB-2', 'S-400 Triumf', "
        "'F-35A Lightning-2'; designations_matching() lists candidates."
    )
    raise KeyError(f"unknown weapon designation {designation!r}: {hint}")


def deliveries_of(
    register: pd.DataFrame,
    designations: str | Sequence[str],
    supplier: str | None = None,
) -> pd.DataFrame:
    """Deliveries of one or more weapon designations, per recipient and year.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    designations : str or sequence of str
        Designation(s), resolved with :func:`resolve_designation`.
    supplier : str, optional
        Keep only deliveries by this supplier.

    Returns
    -------
    pandas.DataFrame
        Columns ``designation``, ``supplier``, ``recipient``, ``year``,
        ``number`` (units delivered), ``number_is_estimate`` (True if any
        summed number is SIPRI's estimate, NA if SIPRI left every flag empty)
        and ``tiv``; sorted by designation (in the order given), year and
        recipient. Empty if the designation was never delivered (by ``supplier``).
    """
    names = [designations] if isinstance(designations, str) else list(designations)
    if not names:
        raise ValueError("designations must name at least one weapon designation")
    resolved = [resolve_designation(register, name) for name in names]
    rows = register[register["designation"].isin(resolved)]
    if supplier is not None:
        rows = rows[rows["supplier"] == resolve_in(register, supplier)]
    grouped = rows.groupby(
        ["designation", "supplier", "recipient", "delivery_year"], as_index=False
    ).agg(
        number=("number_delivered", "sum"),
        number_is_estimate=("number_delivered_is_estimate", _any_estimate),
        tiv=("tiv_delivered", "sum"),
    )
    grouped["number_is_estimate"] = grouped["number_is_estimate"].astype("boolean")
    position = {name: i for i, name in enumerate(dict.fromkeys(resolved))}
    return (
        grouped.rename(columns={"delivery_year": "year"})
        .sort_values(
            ["designation", "year", "recipient"],
            key=lambda c: c.map(position) if c.name == "designation" else c,
            kind="stable",
        )
        .reset_index(drop=True)
    )


def deals_for(
    register: pd.DataFrame, designations: str | Sequence[str], recipient: str | None = None
) -> pd.DataFrame:
    """List the deals (SIPRI ids) for one or more designations, one row per deal.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    designations : str or sequence of str
        Designation(s), resolved with :func:`resolve_designation`.
    recipient : str, optional
        Keep only deals with this recipient.

    Returns
    -------
    pandas.DataFrame
        Columns ``sipri_id``, ``designation``, ``supplier``, ``recipient``,
        ``order_year``, ``delivered`` (units, all years), ``first_delivery``,
        ``last_delivery`` and ``tiv``; sorted by order year and id. A deal
        with no delivery in 1995-2024 does not appear: the register lists
        deliveries, not orders.
    """
    names = [designations] if isinstance(designations, str) else list(designations)
    resolved = [resolve_designation(register, name) for name in names]
    rows = register[register["designation"].isin(resolved)]
    if recipient is not None:
        rows = rows[rows["recipient"] == resolve_in(register, recipient)]
    return (
        rows.groupby(["sipri_id", "designation", "supplier", "recipient", "order_year"])
        .agg(
            delivered=("number_delivered", "sum"),
            first_delivery=("delivery_year", "min"),
            last_delivery=("delivery_year", "max"),
            tiv=("tiv_delivered", "sum"),
        )
        .reset_index()
        .sort_values(["order_year", "sipri_id"], kind="stable")
        .reset_index(drop=True)
    )


def suppliers_in_periods(
    register: pd.DataFrame, recipient: str, periods: Mapping[str, Sequence[int]]
) -> pd.DataFrame:
    """Each supplier's TIV delivered to ``recipient`` in each named period.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    recipient : str
        The importing country.
    periods : mapping of str to (int, int)
        Label -> (first, last) delivery year, e.g.
        ``{"2014-2021": (2014, 2021), "2022-2024": (2022, 2024)}``.

    Returns
    -------
    pandas.DataFrame
        Columns ``period`` (the label), ``supplier``, ``tiv``, ``share`` (of
        the period's total) and ``rank`` (1 = largest in that period, ties
        share the better rank); periods in the given order, largest supplier
        first. A supplier appears in a period only if it delivered something.
    """
    if not periods:
        raise ValueError("periods must name at least one (first, last) period")
    frames = []
    for label, period in periods.items():
        totals = partner_totals(register, recipient, "recipient", check_period(period, label))
        frames.append(
            totals.rename(columns={"partner": "supplier"}).assign(
                period=label, rank=totals["tiv"].rank(method="min", ascending=False).astype(int)
            )
        )
    return pd.concat(frames, ignore_index=True)[["period", "supplier", "tiv", "share", "rank"]]


def moving_sum(yearly: pd.DataFrame, window: int = 5, by: str | None = None) -> pd.DataFrame:
    """Add a trailing ``window``-year moving sum of ``tiv`` to a yearly series.

    The value for year *t* is the sum of years *t - window + 1* to *t*; the
    first ``window - 1`` years of each series, whose window is incomplete, get
    no value (NaN) rather than a partial sum.

    Parameters
    ----------
    yearly : pandas.DataFrame
        Columns ``year`` and ``tiv`` (and ``by``, if given), one row per year
        (and group), with no gap between years.
    window : int
        Number of years summed (SIPRI's trend charts use five).
    by : str, optional
        Column identifying separate series (e.g. ``"supplier"``).

    Returns
    -------
    pandas.DataFrame
        A copy of ``yearly`` sorted by (``by``,) ``year`` with a new column
        ``tiv_moving_sum``.

    Raises
    ------
    ValueError
        If ``window`` is not a positive whole number, a column is missing, or
        a series has a missing or repeated year.
    """
    if not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a whole number of years >= 1, got {window!r}")
    needed = ["year", "tiv"] + ([by] if by else [])
    absent = [c for c in needed if c not in yearly.columns]
    if absent:
        raise ValueError(f"yearly needs the column(s) {absent}; it has {list(yearly.columns)}")
    keys = [by, "year"] if by else ["year"]
    ordered = yearly.sort_values(keys, kind="stable").reset_index(drop=True)
    groups = ordered.groupby(by, sort=False) if by else [(None, ordered)]
    for name, series in groups:
        steps = series["year"].diff().dropna()
        if (steps != 1).any():
            where = f" in series {name!r}" if by else ""
            raise ValueError(
                f"years must be consecutive with no gap or repeat{where}; found "
                f"{sorted(series['year'].tolist())}"
            )
    if by:
        rolling = ordered.groupby(by, sort=False)["tiv"].rolling(window, min_periods=window)
        ordered["tiv_moving_sum"] = rolling.sum().reset_index(level=0, drop=True)
    else:
        ordered["tiv_moving_sum"] = ordered["tiv"].rolling(window, min_periods=window).sum()
    return ordered


def supplier_trends(
    register: pd.DataFrame,
    suppliers: Sequence[str],
    years: Sequence[int] = REGISTER_YEARS,
    window: int = 5,
) -> pd.DataFrame:
    """Yearly exports of several suppliers, with their moving sums.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    suppliers : sequence of str
        The exporting countries to compare.
    years : tuple of int
        First and last delivery year, inclusive.
    window : int
        Years in the moving sum (see :func:`moving_sum`).

    Returns
    -------
    pandas.DataFrame
        Columns ``supplier``, ``year``, ``tiv`` and ``tiv_moving_sum``; one
        row per supplier and year (0 where nothing was recorded).
    """
    if isinstance(suppliers, str) or not suppliers:
        raise ValueError(f"suppliers must be a list of country names, got {suppliers!r}")
    period = check_period(years)
    frames = [
        tiv_by_year(register, name, "supplier", period).assign(supplier=resolve_in(register, name))
        for name in suppliers
    ]
    yearly = pd.concat(frames, ignore_index=True)[["supplier", "year", "tiv"]]
    trends = moving_sum(yearly, window, by="supplier")
    order = {resolve_in(register, name): i for i, name in enumerate(suppliers)}
    return trends.sort_values(
        ["supplier", "year"], key=lambda c: c.map(order) if c.name == "supplier" else c
    ).reset_index(drop=True)


def compare_periods(
    register: pd.DataFrame,
    suppliers: Sequence[str],
    before: Sequence[int],
    after: Sequence[int],
) -> pd.DataFrame:
    """Each supplier's total exports in two periods, and the change between them.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    suppliers : sequence of str
        The exporting countries.
    before, after : tuple of int
        The two periods, each (first, last), inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``supplier``, ``tiv_before``, ``tiv_after`` and
        ``change_percent`` (NaN when ``tiv_before`` is 0).
    """
    first = check_period(before, "before")
    second = check_period(after, "after")
    rows = []
    for name in suppliers:
        tiv_before = tiv_by_year(register, name, "supplier", first)["tiv"].sum()
        tiv_after = tiv_by_year(register, name, "supplier", second)["tiv"].sum()
        change = (tiv_after - tiv_before) / tiv_before * 100 if tiv_before > 0 else float("nan")
        rows.append((resolve_in(register, name), tiv_before, tiv_after, change))
    return pd.DataFrame(rows, columns=["supplier", "tiv_before", "tiv_after", "change_percent"])


def sources_compared(
    register: pd.DataFrame,
    pairs: pd.DataFrame,
    countries: Sequence[str],
    role: Role = "recipient",
    years: Sequence[int] = (1995, 2021),
) -> pd.DataFrame:
    """Compute the same yearly totals from the trade register and from the TIV tables.

    SIPRI revises its values with every annual update, so the 2026 register
    and the 2022 TIV tables disagree for the years they share.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register (:func:`balancing.data.arms_transfers`).
    pairs : pandas.DataFrame
        The tidy TIV tables (:func:`balancing.data.tiv_pairs`).
    countries : sequence of str
        Countries to compare.
    role : {"supplier", "recipient"}
        Compare the countries' exports or imports.
    years : tuple of int
        First and last year, within 1995-2021 (the years both sources cover).

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year``, ``source`` (one of
        :data:`SOURCE_NAMES`) and ``tiv``; two rows per country and year.
    """
    first, last = check_period(years)
    if first < 1995 or last > 2021:
        raise ValueError(
            f"years must lie within 1995-2021, where both sources overlap; got {years}"
        )
    role = check_role(role)
    frames = []
    for name in countries:
        in_register = resolve_in(register, name)
        in_pairs = resolve_in(pairs, name)
        from_register = tiv_by_year(register, in_register, role, (first, last))
        rows = pairs[(pairs[role] == in_pairs) & pairs["year"].between(first, last)]
        from_tables = (
            (rows.groupby("year")["tiv"].sum().reindex(range(first, last + 1), fill_value=0.0))
            .rename_axis("year")
            .reset_index(name="tiv")
        )
        frames += [
            from_register.assign(country=in_register, source=SOURCE_NAMES[0]),
            from_tables.assign(country=in_register, source=SOURCE_NAMES[1]),
        ]
    return pd.concat(frames, ignore_index=True)[["country", "year", "source", "tiv"]]


def source_gaps(compared: pd.DataFrame) -> pd.DataFrame:
    """Per country, how far the two sources in :func:`sources_compared` disagree.

    Parameters
    ----------
    compared : pandas.DataFrame
        Output of :func:`sources_compared`.

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``register_total``, ``tables_total``,
        ``years_differing`` (years whose totals differ by more than 0.5 TIV
        million, SIPRI's rounding unit) and ``largest_gap`` (the largest
        absolute yearly difference), one row per country.
    """
    wide = compared.pivot_table(
        index=["country", "year"], columns="source", values="tiv", aggfunc="sum"
    )
    gap = (wide[SOURCE_NAMES[0]] - wide[SOURCE_NAMES[1]]).abs()
    by_country = wide.groupby(level="country")
    return (
        pd.DataFrame(
            {
                "register_total": by_country[SOURCE_NAMES[0]].sum(),
                "tables_total": by_country[SOURCE_NAMES[1]].sum(),
                "years_differing": (gap > 0.5).groupby(level="country").sum().astype(int),
                "largest_gap": gap.groupby(level="country").max(),
            }
        )
        .rename_axis("country")
        .reset_index()
    )


def estimate_shares(
    register: pd.DataFrame,
    country: str | None = None,
    role: Role = "recipient",
    years: Sequence[int] = REGISTER_YEARS,
) -> pd.DataFrame:
    """How many register rows carry each estimate flag, per delivery year.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    country : str, optional
        Limit to this country's imports or exports; all rows if omitted.
    role : {"supplier", "recipient"}
        Which side ``country`` is on (ignored without ``country``).
    years : tuple of int
        First and last delivery year, inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``field`` (a value of :data:`ESTIMATE_FLAGS`), ``year``,
        ``state`` (one of :data:`FLAG_STATES`), ``rows`` and ``share`` (of
        that year's rows, between 0 and 1).
    """
    first, last = check_period(years)
    rows = (
        transfers_of(register, country, role, (first, last))
        if country is not None
        else register[register["delivery_year"].between(first, last)]
    )
    frames = []
    for column, field in ESTIMATE_FLAGS.items():
        flag = rows[column]
        state = pd.Series(FLAG_STATES[1], index=rows.index)
        state[flag.fillna(False).astype(bool)] = FLAG_STATES[0]
        state[flag.isna()] = FLAG_STATES[2]
        counts = (
            pd.crosstab(rows["delivery_year"], state)
            .reindex(columns=list(FLAG_STATES), fill_value=0)
            .rename_axis(index="year", columns="state")
            .stack()
            .reset_index(name="rows")
        )
        counts["share"] = counts["rows"] / counts.groupby("year")["rows"].transform("sum")
        frames.append(counts.assign(field=field))
    return pd.concat(frames, ignore_index=True)[["field", "year", "state", "rows", "share"]]


def status_breakdown(
    register: pd.DataFrame,
    country: str,
    role: Role,
    years: Sequence[int] = REGISTER_YEARS,
) -> pd.DataFrame:
    """Split a country's imports or exports into new and second-hand weapons.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    country : str
        The country.
    role : {"supplier", "recipient"}
        Which side of the transfer the country is on.
    years : tuple of int
        First and last delivery year, inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``status`` (SIPRI's ``New``, ``Second hand``, ``Second hand
        but modernized``), ``rows``, ``tiv`` and ``share`` (of the TIV).
    """
    rows = transfers_of(register, country, role, years)
    out = (
        rows.groupby("status")
        .agg(rows=("sipri_id", "size"), tiv=("tiv_delivered", "sum"))
        .reset_index()
    )
    total = out["tiv"].sum()
    out["share"] = out["tiv"] / total if total > 0 else 0.0
    return out.sort_values("tiv", ascending=False, kind="stable").reset_index(drop=True)


def five_year_periods(first: int, last: int) -> dict[str, Period]:
    """Split ``first``-``last`` into consecutive five-year periods, as SIPRI reports them.

    Parameters
    ----------
    first, last : int
        First and last year; ``last - first + 1`` must be a multiple of 5.

    Returns
    -------
    dict of str to (int, int)
        Labels such as ``"1995-1999"`` mapped to ``(1995, 1999)``, in order.
    """
    first, last = check_period((first, last))
    if (last - first + 1) % 5:
        raise ValueError(
            f"{first}-{last} is {last - first + 1} years, not a whole number of five-year periods"
        )
    return {f"{y}-{y + 4}": (y, y + 4) for y in range(first, last + 1, 5)}


def local_production_share(
    register: pd.DataFrame, country: str, periods: Mapping[str, Sequence[int]]
) -> pd.DataFrame:
    """Measure how much of a country's imports SIPRI records as produced in the country.

    The register's ``local_production`` flag marks deliveries made in the
    recipient country under licence or as co-production: the design is
    imported, the production is local.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    country : str
        The importing country.
    periods : mapping of str to (int, int)
        Label -> (first, last) delivery year (see :func:`five_year_periods`).

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``tiv`` (all imports), ``tiv_local`` (imports
        flagged as local production) and ``share`` (``tiv_local / tiv``;
        NaN if nothing was imported).
    """
    rows = []
    for label, period in periods.items():
        imports = transfers_of(register, country, "recipient", check_period(period, label))
        total = imports["tiv_delivered"].sum()
        local = imports.loc[imports["local_production"].astype(bool), "tiv_delivered"].sum()
        rows.append((label, total, local, local / total if total > 0 else float("nan")))
    return pd.DataFrame(rows, columns=["period", "tiv", "tiv_local", "share"])


def deals_between(
    register: pd.DataFrame,
    supplier: str,
    recipient: str,
    order_years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """List the deals between a supplier and a recipient, one row per deal.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    supplier, recipient : str
        The two countries.
    order_years : tuple of int, optional
        Keep deals ordered in these years, (first, last) inclusive.

    Returns
    -------
    pandas.DataFrame
        Columns ``sipri_id``, ``designation``, ``description``,
        ``order_year``, ``delivered`` (units), ``first_delivery``,
        ``last_delivery`` and ``tiv``; sorted by order year and id.
    """
    rows = register[
        (register["supplier"] == resolve_in(register, supplier))
        & (register["recipient"] == resolve_in(register, recipient))
    ]
    if order_years is not None:
        first, last = check_period(order_years, "order_years")
        rows = rows[rows["order_year"].between(first, last)]
    return (
        rows.groupby(["sipri_id", "designation", "description", "order_year"])
        .agg(
            delivered=("number_delivered", "sum"),
            first_delivery=("delivery_year", "min"),
            last_delivery=("delivery_year", "max"),
            tiv=("tiv_delivered", "sum"),
        )
        .reset_index()
        .sort_values(["order_year", "sipri_id"], kind="stable")
        .reset_index(drop=True)
    )


def unit_values(register: pd.DataFrame, designations: Sequence[str]) -> pd.DataFrame:
    """Look up SIPRI's TIV per unit of one or more weapon designations.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    designations : sequence of str
        Designations, resolved with :func:`resolve_designation`.

    Returns
    -------
    pandas.DataFrame
        Columns ``designation``, ``tiv_unit_new`` (TIV of one new unit) and
        ``tiv_unit_range`` (the lowest and highest TIV per unit actually used
        in its deals, as text such as ``"1.8-4.5"``; second-hand units, for
        instance, are valued lower), in the order given.
    """
    rows = []
    for name in designations:
        resolved = resolve_designation(register, name)
        deals = register[register["designation"] == resolved]
        new = deals["tiv_unit_new"].unique()
        low, high = deals["tiv_unit"].min(), deals["tiv_unit"].max()
        rows.append(
            (
                resolved,
                float(new[0]) if len(new) == 1 else float("nan"),
                f"{low:g}" if low == high else f"{low:g}-{high:g}",
            )
        )
    return pd.DataFrame(rows, columns=["designation", "tiv_unit_new", "tiv_unit_range"])


def status_value_ratios(register: pd.DataFrame) -> pd.DataFrame:
    """Compare the TIV per unit used in each deal with the TIV of a new unit, by status.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.

    Returns
    -------
    pandas.DataFrame
        Columns ``status``, ``rows`` and the ``min``, ``median`` and ``max``
        of ``tiv_unit / tiv_unit_new`` over rows whose new-unit TIV is
        positive: how SIPRI discounts second-hand weapons.
    """
    priced = register[register["tiv_unit_new"] > 0]
    ratio = (priced["tiv_unit"] / priced["tiv_unit_new"]).rename("ratio")
    return (
        priced.assign(ratio=ratio)
        .groupby("status")["ratio"]
        .agg(rows="size", min="min", median="median", max="max")
        .reset_index()
    )


def tiv_arithmetic_share(register: pd.DataFrame, tolerance: float = 0.5) -> float:
    """Measure how often ``tiv_delivered`` equals ``number_delivered * tiv_unit``.

    Parameters
    ----------
    register : pandas.DataFrame
        The tidy trade register.
    tolerance : float
        The largest difference, in TIV millions, still counted as equal.

    Returns
    -------
    float
        The share of rows, between 0 and 1, where the product matches.
    """
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0, got {tolerance!r}")
    product = register["number_delivered"] * register["tiv_unit"]
    return float(((register["tiv_delivered"] - product).abs() <= tolerance).mean())
