"""Calibration from real data, checked against hand-copied source figures and the YAML."""

import pandas as pd
import pytest

from balancing import data
from balancing.escalation import load_parameters
from balancing.escalation.calibration import drone_stake, tourism_ban_cost


@pytest.fixture(scope="module")
def tourism_cost():
    return tourism_ban_cost(data.foreign_arrivals("annual"), data.tourism_income())


def test_tourism_ban_uses_the_published_figures(tourism_cost):
    # EVDS annual file: Russia 3,652,430 (2015), 855,714 (2016), 4,658,759 (2021);
    # TUIK: average spending per visitor US$ 1,032 in 2021. The provenance note
    # states the 2016 fall as -77 %.
    assert tourism_cost.arrivals_before == 3_652_430
    assert tourism_cost.arrivals_during == 855_714
    assert tourism_cost.reference_arrivals == 4_658_759
    assert tourism_cost.spending_per_visitor_usd == 1032
    assert tourism_cost.fall_share == pytest.approx(0.77, abs=0.005)
    # 2,796,716 / 3,652,430 = 0.76571; x 4,658,759 x 1,032 = US$ 3.681 bn.
    assert tourism_cost.cost_usd_bn == pytest.approx(3.681, abs=0.001)


def test_tourism_ban_priced_at_2015_levels_by_hand():
    cost = tourism_ban_cost(
        data.foreign_arrivals("annual"), data.tourism_income(), reference_year=2015
    )
    # Russian arrivals lost in 2016, 2,796,716, x US$ 906 spent per visitor in 2015.
    assert cost.cost_usd_bn == pytest.approx(2_796_716 * 906 / 1e9)


def test_drone_stake_from_the_register():
    stake = drone_stake(data.arms_transfers())
    # Register rows for TB2 ordered 2018-2021: Ukraine 14.4 + 14.4 + 144.0 TIV; all
    # recipients (Qatar, Ukraine, Libya, Azerbaijan, Morocco, Poland, Turkmenistan,
    # Ethiopia, Kyrgyzstan, Niger, Pakistan, Togo) 412.8 TIV, summed by hand.
    assert stake.ukraine_tiv == pytest.approx(172.8)
    assert stake.total_tiv == pytest.approx(412.8)
    assert stake.share == pytest.approx(0.4186, abs=1e-4)


def test_parameter_file_holds_the_calibrated_values(tourism_cost):
    params = load_parameters()
    tourism = params.effects[
        params.response_index("tourism_ban"), params.interests.index("economy")
    ]
    assert tourism == pytest.approx(-tourism_cost.cost_usd_bn, abs=0.005)
    halt = params.baseline[params.offsets[0], params.interests.index("drone_industry")]
    assert halt == pytest.approx(-drone_stake(data.arms_transfers()).share, abs=0.0005)


def test_calibration_refuses_bad_input():
    arrivals = pd.DataFrame({"year": [2015], "nationality": ["Russia"], "arrivals": [1.0]})
    tourism = pd.DataFrame(
        {"year": [2021], "period": ["full year"], "average_spending_per_visitor_usd": [1.0]}
    )
    with pytest.raises(ValueError, match="exactly one row for Russia 2016"):
        tourism_ban_cost(arrivals, tourism)
    with pytest.raises(ValueError, match="crisis_years must be"):
        tourism_ban_cost(arrivals, tourism, crisis_years=(2016, 2015))
    with pytest.raises(ValueError, match="no Bayraktar TB-2 exports"):
        drone_stake(data.arms_transfers(), orders_up_to=2000)
