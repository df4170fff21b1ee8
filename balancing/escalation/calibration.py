"""Numbers of the escalation model that real data can pin down.

Two magnitudes in ``parameters.yaml`` are calibrated rather than assumed:

``tourism_ban``
    What a Russian tourism ban would cost Turkey, priced from the precedent of
    2015-2016, when Russian arrivals collapsed after the Su-24 shootdown: the
    *share* of Russian arrivals lost then, applied to the Russian arrivals and
    the average spending per visitor of a reference year.
``drone_stake``
    What halting drone sales to Kyiv would cost the drone industry: Ukraine's
    share of the Bayraktar TB2 export order book (SIPRI TIV of all deliveries
    under orders placed up to a given year).

The functions take the tidy tables from :mod:`balancing.data` and return small
frozen records that say how each number was obtained, so the chapter can show
the working. ``tests/unit/test_escalation_calibration.py`` checks that the YAML
holds the calibrated values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: SIPRI's designation of the Bayraktar TB2 in the trade register.
TB2_DESIGNATION = "Bayraktar TB-2"


@dataclass(frozen=True)
class TourismBanCost:
    """The price of a Russian tourism ban, and the numbers behind it.

    Attributes
    ----------
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
    """Ukraine's share of the TB2 export order book, and the numbers behind it.

    Attributes
    ----------
    orders_up_to : int
        Last order year counted.
    ukraine_tiv : float
        SIPRI TIV (millions) of TB2 deliveries to Ukraine under those orders.
    total_tiv : float
        SIPRI TIV (millions) of all TB2 export deliveries under those orders.
    share : float
        ``ukraine_tiv / total_tiv``.
    """

    orders_up_to: int
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
    crisis_years: tuple[int, int] = (2015, 2016),
    reference_year: int = 2021,
) -> TourismBanCost:
    """Price a Russian tourism ban from the 2015-2016 precedent.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        :func:`balancing.data.foreign_arrivals` (annual): columns ``year``,
        ``nationality`` and ``arrivals``.
    tourism : pandas.DataFrame
        :func:`balancing.data.tourism_income`: columns ``year``, ``period``
        and ``average_spending_per_visitor_usd``.
    crisis_years : tuple of int
        The year before the ban and the year of the ban.
    reference_year : int
        The year to price (2021: the last full year Ankara knew in January 2022).

    Returns
    -------
    TourismBanCost
        The cost in billions of US$ per year and every number used.

    Raises
    ------
    ValueError
        If ``crisis_years`` is not two increasing years, or a year is missing.
    """
    before, during = crisis_years
    if not before < during:
        raise ValueError(f"crisis_years must be (year before, year of ban), got {crisis_years}")
    russia = arrivals[arrivals["nationality"] == "Russia"]
    arrivals_before = _one_value(russia[russia["year"] == before], "arrivals", f"Russia {before}")
    arrivals_during = _one_value(russia[russia["year"] == during], "arrivals", f"Russia {during}")
    reference_arrivals = _one_value(
        russia[russia["year"] == reference_year], "arrivals", f"Russia {reference_year}"
    )
    full_years = tourism[(tourism["year"] == reference_year) & (tourism["period"] == "full year")]
    spending = _one_value(
        full_years, "average_spending_per_visitor_usd", f"spending per visitor {reference_year}"
    )
    fall_share = 1.0 - arrivals_during / arrivals_before
    return TourismBanCost(
        crisis_years=(before, during),
        arrivals_before=arrivals_before,
        arrivals_during=arrivals_during,
        fall_share=fall_share,
        reference_year=reference_year,
        reference_arrivals=reference_arrivals,
        spending_per_visitor_usd=spending,
        cost_usd_bn=fall_share * reference_arrivals * spending / 1e9,
    )


def drone_stake(register: pd.DataFrame, orders_up_to: int = 2021) -> DroneStake:
    """Ukraine's share of the TB2 export order book (SIPRI TIV).

    Counts every delivery under an order placed in or before ``orders_up_to``,
    including deliveries in later years: the order book as it stood, seen
    with the register's hindsight about what was delivered.

    Parameters
    ----------
    register : pandas.DataFrame
        :func:`balancing.data.arms_transfers`.
    orders_up_to : int
        Last order year counted (2021: the book before the article).

    Returns
    -------
    DroneStake
        Ukraine's TIV, the total TIV and the share.

    Raises
    ------
    ValueError
        If the register holds no TB2 exports ordered by then.
    """
    tb2 = register[
        (register["supplier"] == "Turkey")
        & (register["designation"] == TB2_DESIGNATION)
        & (register["order_year"] <= orders_up_to)
    ]
    total = float(tb2["tiv_delivered"].sum())
    if total <= 0:
        raise ValueError(f"no {TB2_DESIGNATION} exports ordered up to {orders_up_to}")
    ukraine = float(tb2.loc[tb2["recipient"] == "Ukraine", "tiv_delivered"].sum())
    return DroneStake(
        orders_up_to=orders_up_to, ukraine_tiv=ukraine, total_tiv=total, share=ukraine / total
    )
