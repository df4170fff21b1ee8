"""Questions the course asks of the arms-transfer data, answered once, tested once.

Every function takes a tidy table from :mod:`balancing.data` and returns a
small, aggregated frame that a chart or an exercise can use directly. Country
arguments go through :func:`balancing.data.countries.resolve`, so ``"Türkiye"``
and ``"turkey"`` work and a misspelling raises a :class:`KeyError` suggesting
close matches.
"""

from __future__ import annotations

from collections.abc import Sequence
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
