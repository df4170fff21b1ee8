"""Calibration with no hindsight: hand-copied source figures, the decision date, the YAML."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from balancing import data
from balancing.escalation.calibration import (
    DECISION_DATE,
    drone_stake,
    source_dates,
    tourism_ban_cost,
)
from balancing.escalation.parameters import read_yaml


@pytest.fixture(scope="module")
def tables():
    return data.foreign_arrivals("annual"), data.tourism_income(), data.arms_transfers()


def test_tourism_ban_uses_the_published_figures(tables):
    arrivals, tourism, _ = tables
    cost = tourism_ban_cost(arrivals, tourism)
    # EVDS annual file: Russia 3,652,430 (2015), 855,714 (2016), 4,658,759 (2021);
    # TUIK: average spending per visitor US$ 1,032 in 2021, the last year that ended
    # before 25 January 2022.
    assert cost.decision_date == dt.date(2022, 1, 25) == DECISION_DATE
    assert cost.reference_year == 2021
    assert cost.arrivals_before == 3_652_430
    assert cost.arrivals_during == 855_714
    assert cost.reference_arrivals == 4_658_759
    assert cost.spending_per_visitor_usd == 1032
    # 2,796,716 / 3,652,430 = 0.76571; x 4,658,759 x 1,032 = US$ 3.681 bn.
    assert cost.fall_share == pytest.approx(0.7657, abs=1e-4)
    assert cost.cost_usd_bn == pytest.approx(3.681, abs=0.001)


def test_tourism_ban_priced_at_2015_levels_by_hand(tables):
    arrivals, tourism, _ = tables
    cost = tourism_ban_cost(arrivals, tourism, reference_year=2015)
    # Russian arrivals lost in 2016, 2,796,716, x US$ 906 spent per visitor in 2015.
    assert cost.cost_usd_bn == pytest.approx(2_796_716 * 906 / 1e9)


def test_drone_stake_counts_only_deliveries_known_at_the_decision_date(tables):
    stake = drone_stake(tables[2])
    # Register rows for TB2 ordered and delivered by 2021: Ukraine 14.4 (2019) + 14.4
    # (2021); all recipients: Qatar 14.4, Ukraine 28.8, Libya 28.8, Azerbaijan 28.8,
    # Morocco 31.2, Turkmenistan 7.2, Ethiopia 9.6, Kyrgyzstan 2.4 = 151.2, summed by hand.
    assert stake.last_year == 2021
    assert stake.ukraine_tiv == pytest.approx(28.8)
    assert stake.total_tiv == pytest.approx(151.2)
    assert stake.share == pytest.approx(28.8 / 151.2)


def test_drone_stake_with_hindsight_is_what_issue_15_measured(tables):
    stake = drone_stake(tables[2], decision_date=dt.date(2023, 1, 1))
    # With 2022 counted, Ukraine adds 144.0 and 16.8 (deliveries in 2022): 189.6 of
    # 369.6 (Poland 14.4, Kyrgyzstan 4.8, Niger 14.4, Djibouti, Pakistan, Togo,
    # Burkina Faso and Mali 4.8 each join the total), summed by hand.
    assert stake.ukraine_tiv == pytest.approx(189.6)
    assert stake.total_tiv == pytest.approx(369.6)
    assert stake.share > 2.5 * drone_stake(tables[2]).share


def _after_decision(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    return frame[columns].ge(DECISION_DATE.year).any(axis=1) | frame[columns].isna().any(axis=1)


def test_deleting_or_changing_every_later_row_changes_nothing(tables):
    arrivals, tourism, register = tables
    later = {
        "arrivals": _after_decision(arrivals, ["year"]),
        "tourism": _after_decision(tourism, ["year"]),
        "register": _after_decision(register, ["order_year", "delivery_year"]),
    }
    # The annual arrivals end in 2021; the tourism table and the register go on to 2025.
    assert later["tourism"].any() and later["register"].any()
    cut = {
        "arrivals": arrivals[~later["arrivals"]],
        "tourism": tourism[~later["tourism"]],
        "register": register[~later["register"]],
    }
    scrambled = {
        "arrivals": arrivals.assign(arrivals=arrivals["arrivals"].where(~later["arrivals"], 1.0)),
        "tourism": tourism.assign(
            average_spending_per_visitor_usd=tourism["average_spending_per_visitor_usd"].where(
                ~later["tourism"], 1e6
            )
        ),
        "register": register.assign(
            tiv_delivered=register["tiv_delivered"].where(~later["register"], 1e4)
        ),
    }
    full = (
        tourism_ban_cost(arrivals, tourism),
        drone_stake(register),
    )
    for variant in (cut, scrambled):
        again = (
            tourism_ban_cost(variant["arrivals"], variant["tourism"]),
            drone_stake(variant["register"]),
        )
        for before, after in zip(full, again, strict=True):
            assert dataclasses.asdict(after) == dataclasses.asdict(before)


def test_parameter_file_holds_the_calibrated_values(tables):
    arrivals, tourism, register = tables
    raw = read_yaml()
    cost = tourism_ban_cost(arrivals, tourism).cost_usd_bn
    assert raw["responses"]["tourism_ban"]["effects"]["economy"] == pytest.approx(-cost, abs=0.005)
    assert raw["interests"]["economy"]["per_point"] == pytest.approx(cost, abs=0.005)
    halt = raw["baseline"]["drones"]["drone_industry"][0]
    assert halt == pytest.approx(-drone_stake(register).share, abs=0.0005)


def test_calibration_refuses_bad_input(tables):
    arrivals = pd.DataFrame({"year": [2015], "nationality": ["Russia"], "arrivals": [1.0]})
    tourism = pd.DataFrame(
        {"year": [2021], "period": ["full year"], "average_spending_per_visitor_usd": [1.0]}
    )
    with pytest.raises(ValueError, match="exactly one row for Russia 2016"):
        tourism_ban_cost(arrivals, tourism)
    with pytest.raises(ValueError, match="crisis_years must be"):
        tourism_ban_cost(arrivals, tourism, crisis_years=(2016, 2015))
    with pytest.raises(ValueError, match=r"\[2022\] had not ended by the decision date 2022-01-25"):
        tourism_ban_cost(*tables[:2], reference_year=2022)
    with pytest.raises(ValueError, match=r"decision_date must be a datetime\.date"):
        tourism_ban_cost(*tables[:2], decision_date="2022-01-25")
    with pytest.raises(ValueError, match="no Bayraktar TB-2 exports delivered before 2019-06-01"):
        drone_stake(tables[2], decision_date=dt.date(2019, 6, 1))


def test_source_dates_count_a_source_only_once_its_whole_period_is_over():
    sources = {
        "day_before": "2022-01-24",
        "same_day": "2022-01-25",
        "month": "2022-01",
        "earlier_month": "2021-12",
        "year": "2022",
        "later": "2022-02",
        "none": "undated",
    }
    frame = source_dates(sources).set_index("source")["known"].to_dict()
    assert frame == {
        "day_before": "yes",
        "same_day": "yes",  # the article itself is what the decision-maker reads
        "month": "unclear",  # January 2022 runs past the 25th
        "earlier_month": "yes",
        "year": "unclear",
        "later": "no",
        "none": "unclear",
    }
