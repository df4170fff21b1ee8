"""Numbers of the escalation model that real data can pin down, as of a decision date.

Three magnitudes in ``parameters.yaml`` are calibrated rather than assumed:

``tourism_ban``
    What a Russian tourism ban would cost Turkey, priced from the precedent of
    2015-2016, when Russian arrivals collapsed after the Su-24 shootdown: the
    *share* of Russian arrivals lost then, applied to the Russian arrivals and
    the average spending per visitor of a reference year. The same cost is the
    economy's point (``interests.economy.per_point``).
``drone_stake``
    What halting drone sales to Kyiv would cost the drone industry: Ukraine's
    share of the Bayraktar TB2 export deliveries (SIPRI TIV).

**No hindsight.** Every function takes a ``decision_date`` (default
:data:`DECISION_DATE`, the date of Pierini's article) and uses only data rows
dated before it. The data are annual, so a row counts only if its whole year
ended before the decision date: for the drone stake, both the order year *and*
the delivery year; for the tourism price, the crisis years and the reference
year. Deleting every later row changes nothing (a test checks it). The rule is
about the period a row describes, not about when it was published; the chapter
says where that matters.

The functions take the tidy tables from :mod:`balancing.data` and return small
frozen records that say how each number was obtained, so the chapter can show
the working. ``tests/unit/test_escalation_calibration.py`` checks that the YAML
holds the calibrated values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

#: SIPRI's designation of the Bayraktar TB2 in the trade register.
TB2_DESIGNATION = "Bayraktar TB-2"
#: The date of Pierini's article: what the model may know is what was known then.
DECISION_DATE = dt.date(2022, 1, 25)


def last_full_year(decision_date: dt.date) -> int:
    """Return the last calendar year that ended before ``decision_date``."""
    if not isinstance(decision_date, dt.date):
        raise ValueError(f"decision_date must be a datetime.date, got {decision_date!r}")
    return decision_date.year - 1


def known_by(frame: pd.DataFrame, year_columns: list[str], decision_date: dt.date) -> pd.DataFrame:
    """Keep the rows whose every year column names a year that ended before ``decision_date``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with integer year columns.
    year_columns : list of str
        The columns that date a row (e.g. ``["order_year", "delivery_year"]``).
    decision_date : datetime.date
        The date of the decision.

    Returns
    -------
    pandas.DataFrame
        The rows known at the decision date; a row with a missing year is not known.
    """
    missing = [column for column in year_columns if column not in frame.columns]
    if missing:
        raise ValueError(f"the table has no column(s) {missing}; it has {list(frame.columns)}")
    last = last_full_year(decision_date)
    keep = pd.Series(True, index=frame.index)
    for column in year_columns:
        keep &= frame[column].notna() & (frame[column] <= last)
    return frame[keep]


@dataclass(frozen=True)
class TourismBanCost:
    """The price of a Russian tourism ban, and the numbers behind it.

    Attributes
    ----------
    decision_date : datetime.date
        Only rows dated before it were used.
    crisis_years : tuple of int
        The year before the ban and the year of the ban (2015, 2016).
    arrivals_before, arrivals_during : float
        Russian arrivals in those two years (persons).
    fall_share : float
        Share of Russian arrivals lost, ``1 - during / before``.
    reference_year : int
        The year whose arrivals and spending are priced.
    reference_arrivals : float
        Russian arrivals in the reference year.
    spending_per_visitor_usd : float
        Average spending per visitor in the reference year (US$, all visitors:
        Russian visitors' own average is not in the data).
    cost_usd_bn : float
        ``fall_share * reference_arrivals * spending_per_visitor_usd``, in
        billions of US$ per year: the income lost if the 2016 fall recurred.
    """

    decision_date: dt.date
    crisis_years: tuple[int, int]
    arrivals_before: float
    arrivals_during: float
    fall_share: float
    reference_year: int
    reference_arrivals: float
    spending_per_visitor_usd: float
    cost_usd_bn: float


@dataclass(frozen=True)
class DroneStake:
    """Ukraine's share of the TB2 export deliveries, and the numbers behind it.

    Attributes
    ----------
    decision_date : datetime.date
        Only orders *and* deliveries dated before it were counted.
    last_year : int
        The last order and delivery year counted.
    ukraine_tiv : float
        SIPRI TIV (millions) of TB2 delivered to Ukraine by then.
    total_tiv : float
        SIPRI TIV (millions) of all TB2 export deliveries by then.
    share : float
        ``ukraine_tiv / total_tiv``.
    """

    decision_date: dt.date
    last_year: int
    ukraine_tiv: float
    total_tiv: float
    share: float


def _one_value(frame: pd.DataFrame, column: str, what: str) -> float:
    if len(frame) != 1:
        raise ValueError(f"expected exactly one row for {what}, found {len(frame)}")
    return float(frame[column].iloc[0])


def tourism_ban_cost(
    arrivals: pd.DataFrame,
    tourism: pd.DataFrame,
    decision_date: dt.date = DECISION_DATE,
    crisis_years: tuple[int, int] = (2015, 2016),
    reference_year: int | None = None,
) -> TourismBanCost:
    """Price a Russian tourism ban from the 2015-2016 precedent, with what was known at a date.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        :func:`balancing.data.foreign_arrivals` (annual): columns ``year``,
        ``nationality`` and ``arrivals``.
    tourism : pandas.DataFrame
        :func:`balancing.data.tourism_income`: columns ``year``, ``period``
        and ``average_spending_per_visitor_usd``.
    decision_date : datetime.date
        Only years that ended before it are used (default :data:`DECISION_DATE`).
    crisis_years : tuple of int
        The year before the ban and the year of the ban.
    reference_year : int, optional
        The year to price; by default the last year that ended before the
        decision date (2021 for the default date).

    Returns
    -------
    TourismBanCost
        The cost in billions of US$ per year and every number used.

    Raises
    ------
    ValueError
        If ``crisis_years`` is not two increasing years, a year is missing, or
        a year had not ended by the decision date.
    """
    before, during = crisis_years
    if not before < during:
        raise ValueError(f"crisis_years must be (year before, year of ban), got {crisis_years}")
    last = last_full_year(decision_date)
    reference_year = last if reference_year is None else reference_year
    late = [year for year in (before, during, reference_year) if year > last]
    if late:
        raise ValueError(
            f"year(s) {late} had not ended by the decision date {decision_date.isoformat()}: "
            f"use years up to {last}"
        )
    russia = known_by(arrivals[arrivals["nationality"] == "Russia"], ["year"], decision_date)
    arrivals_before = _one_value(russia[russia["year"] == before], "arrivals", f"Russia {before}")
    arrivals_during = _one_value(russia[russia["year"] == during], "arrivals", f"Russia {during}")
    reference_arrivals = _one_value(
        russia[russia["year"] == reference_year], "arrivals", f"Russia {reference_year}"
    )
    known = known_by(tourism, ["year"], decision_date)
    full_years = known[(known["year"] == reference_year) & (known["period"] == "full year")]
    spending = _one_value(
        full_years, "average_spending_per_visitor_usd", f"spending per visitor {reference_year}"
    )
    fall_share = 1.0 - arrivals_during / arrivals_before
    return TourismBanCost(
        decision_date=decision_date,
        crisis_years=(before, during),
        arrivals_before=arrivals_before,
        arrivals_during=arrivals_during,
        fall_share=fall_share,
        reference_year=reference_year,
        reference_arrivals=reference_arrivals,
        spending_per_visitor_usd=spending,
        cost_usd_bn=fall_share * reference_arrivals * spending / 1e9,
    )


def drone_stake(register: pd.DataFrame, decision_date: dt.date = DECISION_DATE) -> DroneStake:
    """Ukraine's share of the TB2 export deliveries (SIPRI TIV) known at a date.

    Counts every TB2 export whose order year *and* delivery year ended before
    the decision date. Orders not yet delivered then are left out: the register
    records them with their (later) delivery, and its numbers for them were
    written with hindsight.

    Parameters
    ----------
    register : pandas.DataFrame
        :func:`balancing.data.arms_transfers`.
    decision_date : datetime.date
        The date of the decision (default :data:`DECISION_DATE`).

    Returns
    -------
    DroneStake
        Ukraine's TIV, the total TIV and the share.

    Raises
    ------
    ValueError
        If the register holds no TB2 exports delivered by then.
    """
    tb2 = known_by(
        register[(register["supplier"] == "Turkey") & (register["designation"] == TB2_DESIGNATION)],
        ["order_year", "delivery_year"],
        decision_date,
    )
    total = float(tb2["tiv_delivered"].sum())
    if total <= 0:
        raise ValueError(
            f"no {TB2_DESIGNATION} exports delivered before {decision_date.isoformat()}"
        )
    ukraine = float(tb2.loc[tb2["recipient"] == "Ukraine", "tiv_delivered"].sum())
    return DroneStake(
        decision_date=decision_date,
        last_year=last_full_year(decision_date),
        ukraine_tiv=ukraine,
        total_tiv=total,
        share=ukraine / total,
    )


def source_dates(sources: dict[str, str], decision_date: dt.date = DECISION_DATE) -> pd.DataFrame:
    """Say which of the model's sources were published before the decision date.

    Parameters
    ----------
    sources : dict of str to str
        ``Parameters.sources``: each key's publication date (``YYYY``,
        ``YYYY-MM``, ``YYYY-MM-DD``) or ``"undated"``.
    decision_date : datetime.date
        The date of the decision.

    Returns
    -------
    pandas.DataFrame
        ``source``, ``published`` and ``known`` (``"yes"``, ``"no"``, or
        ``"unclear"`` when the date is too coarse or missing), oldest first.
        A source counts as known only if its whole stated period (day, month
        or year) ended by the decision date (the article itself is known).
    """
    rows = []
    for key, published in sources.items():
        if published == "undated":
            known = "unclear"
        else:
            parts = [int(part) for part in published.split("-")]
            first = dt.date(parts[0], *[*parts[1:], 1, 1][:2])
            if len(parts) == 3:
                last = first
            elif len(parts) == 2:
                last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                last -= dt.timedelta(days=1)
            else:
                last = dt.date(parts[0], 12, 31)
            known = (
                "yes" if last <= decision_date else ("no" if first > decision_date else "unclear")
            )
        rows.append({"source": key, "published": published, "known": known})
    frame = pd.DataFrame(rows)
    return frame.sort_values("published", kind="stable").reset_index(drop=True)
