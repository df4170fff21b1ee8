"""Tests of balancing.arms.queries.

Facts about the real register were counted by hand in the raw export
(``grep`` on ``data/raw/sipri-trade-register-1995-2024.csv``); the other tests
use small hand-made registers whose sums are worked out in the comments.
"""

import math

import pandas as pd
import pytest

from balancing import data
from balancing.arms import queries as aq

COLUMNS = [
    "sipri_id", "supplier", "recipient", "designation", "description", "category",
    "order_year", "order_year_is_estimate", "number_delivered",
    "number_delivered_is_estimate", "delivery_year", "delivery_year_is_estimate", "status",
    "tiv_unit_new", "tiv_unit", "tiv_delivered", "local_production",
]  # fmt: skip


def make_register(rows):
    """Build a register from (id, supplier, recipient, designation, year, number, tiv) tuples."""
    records = []
    for sipri_id, supplier, recipient, designation, year, number, tiv, *rest in rows:
        status, flag, local, unit_new, unit = (rest + [None] * 5)[:5]
        unit = unit if unit is not None else (tiv / number if number else 0.0)
        records.append(
            {
                "sipri_id": sipri_id,
                "supplier": supplier,
                "recipient": recipient,
                "designation": designation,
                "description": "thing",
                "category": "Aircraft",
                "order_year": year - 1,
                "order_year_is_estimate": False,
                "number_delivered": number,
                "number_delivered_is_estimate": flag,
                "delivery_year": year,
                "delivery_year_is_estimate": False,
                "status": status or "New",
                "tiv_unit_new": unit_new if unit_new is not None else unit,
                "tiv_unit": unit,
                "tiv_delivered": tiv,
                "local_production": bool(local),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    for column in ("order_year_is_estimate", "number_delivered_is_estimate",
                   "delivery_year_is_estimate", "local_production"):  # fmt: skip
        frame[column] = frame[column].astype("boolean")
    return frame


@pytest.fixture(scope="module")
def register():
    return data.arms_transfers()


@pytest.fixture
def tiny():
    # Turkey imports: A 60 (2000: 10, 2001: 50), B 30 (2000), C 10 (2001) -> total 100.
    # Turkey exports: X 5 (2001), Y 15 (2000).
    return make_register(
        [
            (1, "A", "Turkey", "Gun", 2000, 1, 10.0),
            (2, "A", "Turkey", "Gun", 2001, 5, 50.0),
            (3, "B", "Turkey", "Tank", 2000, 3, 30.0),
            (4, "C", "Turkey", "Ship", 2001, 1, 10.0),
            (5, "Turkey", "X", "Drone", 2001, 2, 5.0),
            (6, "Turkey", "Y", "Drone", 2000, 3, 15.0),
        ]
    )


# --- real register: facts counted by hand in the raw export --------------------------


def test_tb2_deliveries_to_ukraine_match_the_raw_export(register):
    # Five raw rows Turkiye -> Ukraine: 6 (2019), 6 (2021), 60 + 7 (2022), 1 (2023).
    tb2 = aq.deliveries_of(register, "bayraktar tb2", supplier="Türkiye")
    ukraine = tb2[tb2["recipient"] == "Ukraine"].set_index("year")["number"]
    assert ukraine.to_dict() == {2019: 6, 2021: 6, 2022: 67, 2023: 1}
    assert ukraine.sum() == 80


def test_s400_appears_once_for_turkey(register):
    deals = aq.deals_for(register, "S-400 Triumf", recipient="Turkey")
    assert deals[["sipri_id", "order_year", "delivered", "first_delivery"]].values.tolist() == [
        [59633, 2017, 2, 2019]
    ]


def test_f35_has_eleven_recipients_and_not_turkey(register):
    names = aq.designations_matching(register, "f35")
    assert names == ["F-35A Lightning-2", "F-35B Lightning-2"]
    recipients = set(aq.deals_for(register, names)["recipient"])
    assert len(recipients) == 11
    assert "Turkey" not in recipients


def test_deals_between_russia_and_turkey_ordered_in_2017(register):
    deals = aq.deals_between(register, "Russia", "Turkey", order_years=(2017, 2017))
    assert sorted(deals["designation"]) == ["48N6", "64N6", "S-400 Triumf"]
    assert deals.set_index("designation").loc["48N6", "delivered"] == 125


def test_ukraines_top_supplier_2014_2021_is_czechia(register):
    periods = aq.suppliers_in_periods(register, "Ukraine", {"2014-2021": (2014, 2021)})
    top = periods[periods["rank"] == 1]
    assert top["supplier"].tolist() == ["Czechia"]
    assert top["tiv"].iloc[0] == pytest.approx(65.42)
    assert periods.set_index("supplier").loc["Turkey", "tiv"] == pytest.approx(28.8)


def test_unit_value_of_the_tb2(register):
    values = aq.unit_values(register, ["Bayraktar TB-2"])
    assert values.iloc[0].tolist() == ["Bayraktar TB-2", 2.4, "2.4"]


# --- names and designations ------------------------------------------------------------


def test_unknown_designation_suggests_close_ones(register):
    with pytest.raises(KeyError, match="Bayraktar TB-2"):
        aq.resolve_designation(register, "TB2")


def test_designation_must_be_text(register):
    with pytest.raises(TypeError, match="string"):
        aq.resolve_designation(register, 2)
    with pytest.raises(ValueError, match="designation"):
        aq.designations_matching(register, "--")


def test_matching_starts_at_a_word(register):
    assert "GDF 35mm" not in aq.designations_matching(register, "F-35")


def test_unknown_country_suggests_close_matches(tiny):
    with pytest.raises(KeyError, match="did you mean 'Turkey'"):
        aq.partner_totals(tiny, "Turky", "recipient")


# --- partners ---------------------------------------------------------------------------


def test_partner_totals_sum_and_share(tiny):
    totals = aq.partner_totals(tiny, "Turkey", "recipient")
    assert totals["partner"].tolist() == ["A", "B", "C"]
    assert totals["tiv"].tolist() == [60.0, 30.0, 10.0]
    assert totals["share"].tolist() == pytest.approx([0.6, 0.3, 0.1])


def test_partner_totals_breaks_ties_alphabetically():
    tied = make_register([(1, "Z", "T", "G", 2000, 1, 5.0), (2, "M", "T", "G", 2000, 1, 5.0)])
    assert aq.partner_totals(tied, "T", "recipient")["partner"].tolist() == ["M", "Z"]


def test_partners_by_year_groups_the_rest(tiny):
    by_year = aq.partners_by_year(tiny, "Turkey", "recipient", years=(2000, 2001), top=1)
    table = by_year.set_index(["year", "partner"])["tiv"].to_dict()
    # A is the top partner; B (2000: 30) and C (2001: 10) become "All other partners".
    assert table == {
        (2000, "A"): 10.0,
        (2000, aq.OTHER_PARTNERS): 30.0,
        (2001, "A"): 50.0,
        (2001, aq.OTHER_PARTNERS): 10.0,
    }


def test_partners_by_year_exports(tiny):
    by_year = aq.partners_by_year(tiny, "Turkey", "supplier", years=(2000, 2001))
    assert set(zip(by_year["year"], by_year["partner"], by_year["tiv"], strict=True)) == {
        (2000, "Y", 15.0),
        (2001, "X", 5.0),
    }


@pytest.mark.parametrize("top", [0, -1, 2.5, "3"])
def test_partners_by_year_rejects_bad_top(tiny, top):
    with pytest.raises(ValueError, match="top"):
        aq.partners_by_year(tiny, "Turkey", "recipient", top=top)


@pytest.mark.parametrize("years", [(2001, 2000), "1995", (1995,), (1995.0, 2000)])
def test_bad_periods_are_explained(tiny, years):
    with pytest.raises(ValueError, match="years"):
        aq.partner_totals(tiny, "Turkey", "recipient", years)


def test_bad_role_is_explained(tiny):
    with pytest.raises(ValueError, match="role"):
        aq.partner_totals(tiny, "Turkey", "buyer")


# --- weapons -----------------------------------------------------------------------------


def test_deliveries_of_keeps_the_given_order_and_flags():
    reg = make_register(
        [
            (1, "T", "P", "Zeta", 2001, 2, 4.0, "New", True),
            (2, "T", "P", "Zeta", 2001, 1, 2.0, "New", False),
            (3, "T", "Q", "Alpha", 2000, 1, 1.0, "New", None),
        ]
    )
    out = aq.deliveries_of(reg, ["zeta", "ALPHA"])
    assert out["designation"].tolist() == ["Zeta", "Alpha"]
    assert out["number"].tolist() == [3, 1]
    # Zeta 2001 sums a flagged and an unflagged row: an estimate; Alpha's flag is empty.
    assert out["number_is_estimate"].fillna(False).tolist() == [True, False]
    assert pd.isna(out["number_is_estimate"].iloc[1])


def test_deliveries_of_needs_a_designation(tiny):
    with pytest.raises(ValueError, match="at least one"):
        aq.deliveries_of(tiny, [])


# --- periods and sums ---------------------------------------------------------------------


def test_suppliers_in_periods_ranks_and_shares(tiny):
    periods = aq.suppliers_in_periods(
        tiny, "Turkey", {"first": (2000, 2000), "second": (2001, 2001)}
    )
    first = periods[periods["period"] == "first"]
    assert first[["supplier", "rank"]].values.tolist() == [["B", 1], ["A", 2]]
    assert first["share"].tolist() == pytest.approx([0.75, 0.25])
    second = periods[periods["period"] == "second"]
    assert second[["supplier", "tiv"]].values.tolist() == [["A", 50.0], ["C", 10.0]]


def test_suppliers_in_periods_needs_periods(tiny):
    with pytest.raises(ValueError, match="at least one"):
        aq.suppliers_in_periods(tiny, "Turkey", {})


def test_moving_sum_by_hand():
    yearly = pd.DataFrame({"year": [2000, 2001, 2002, 2003], "tiv": [1.0, 2.0, 3.0, 4.0]})
    out = aq.moving_sum(yearly, window=3)
    assert out["tiv_moving_sum"].tolist()[:2] == [pytest.approx(math.nan, nan_ok=True)] * 2
    assert out["tiv_moving_sum"].tolist()[2:] == [6.0, 9.0]


def test_moving_sum_keeps_series_apart():
    yearly = pd.DataFrame(
        {
            "who": ["b", "b", "a", "a"],
            "year": [2001, 2000, 2000, 2001],
            "tiv": [20.0, 10.0, 1.0, 2.0],
        }
    )
    out = aq.moving_sum(yearly, window=2, by="who")
    assert out[["who", "year"]].values.tolist() == [
        ["a", 2000],
        ["a", 2001],
        ["b", 2000],
        ["b", 2001],
    ]
    assert out["tiv_moving_sum"].isna().tolist() == [True, False, True, False]
    assert out["tiv_moving_sum"].dropna().tolist() == [3.0, 30.0]


@pytest.mark.parametrize(
    ("yearly", "window", "message"),
    [
        (pd.DataFrame({"year": [2000, 2002], "tiv": [1.0, 2.0]}), 2, "consecutive"),
        (pd.DataFrame({"year": [2000, 2000], "tiv": [1.0, 2.0]}), 2, "consecutive"),
        (pd.DataFrame({"year": [2000], "tiv": [1.0]}), 0, "window"),
        (pd.DataFrame({"year": [2000]}), 1, "tiv"),
    ],
)
def test_moving_sum_rejects_bad_input(yearly, window, message):
    with pytest.raises(ValueError, match=message):
        aq.moving_sum(yearly, window=window)


def test_supplier_trends_keeps_the_given_order(tiny):
    trends = aq.supplier_trends(tiny, ["B", "A"], years=(2000, 2001), window=2)
    assert trends["supplier"].tolist() == ["B", "B", "A", "A"]
    # B supplied 30 in 2000 and nothing in 2001; A supplied 10 in 2000 and 50 in 2001.
    assert trends["tiv"].tolist() == [30.0, 0.0, 10.0, 50.0]
    assert trends["tiv_moving_sum"].dropna().tolist() == [30.0, 60.0]


def test_supplier_trends_rejects_a_single_string(tiny):
    with pytest.raises(ValueError, match="list"):
        aq.supplier_trends(tiny, "Turkey")


def test_compare_periods_by_hand(tiny):
    out = aq.compare_periods(tiny, ["Turkey"], before=(2000, 2000), after=(2001, 2001))
    # Turkey exported 15 in 2000 and 5 in 2001: a change of (5 - 15) / 15 = -66.7 %.
    assert out["change_percent"].iloc[0] == pytest.approx(-200 / 3)
    zero = aq.compare_periods(tiny, ["Turkey"], before=(1999, 1999), after=(2000, 2000))
    assert math.isnan(zero["change_percent"].iloc[0])


def test_turkish_exports_first_exceed_imports_in_2020():
    # Hand-summed TIV in the raw file: 2019 exports 274.30 < imports 766.57;
    # 2020 exports 264.53 > imports 106.57.
    flows = aq.imports_and_exports(data.arms_transfers(), "Turkey")
    assert aq.first_year_exports_exceed_imports(flows) == 2020


def test_five_year_periods():
    assert aq.five_year_periods(1995, 2004) == {
        "1995-1999": (1995, 1999),
        "2000-2004": (2000, 2004),
    }
    with pytest.raises(ValueError, match="five-year"):
        aq.five_year_periods(1995, 2000)


def test_local_production_share_by_hand():
    reg = make_register(
        [
            (1, "S", "T", "G", 2000, 1, 30.0, "New", False, True),
            (2, "S", "T", "G", 2001, 1, 10.0, "New", False, False),
        ]
    )
    out = aq.local_production_share(reg, "T", {"both": (2000, 2001)})
    assert out.iloc[0][["tiv", "tiv_local", "share"]].tolist() == pytest.approx([40.0, 30.0, 0.75])


# --- two sources --------------------------------------------------------------------------


def test_sources_compared_and_gaps_by_hand():
    reg = make_register([(1, "S", "T", "G", 2000, 1, 10.0), (2, "S", "T", "G", 2001, 1, 5.0)])
    pairs = pd.DataFrame(
        {"supplier": ["S", "S"], "recipient": ["T", "T"], "year": [2000, 2001], "tiv": [10.2, 7.0]}
    )
    compared = aq.sources_compared(reg, pairs, ["T"], years=(2000, 2001))
    assert len(compared) == 4
    gaps = aq.source_gaps(compared).iloc[0]
    # 2000 differs by 0.2 (within 0.5), 2001 by 2.0.
    assert gaps["register_total"] == 15.0
    assert gaps["tables_total"] == pytest.approx(17.2)
    assert gaps["years_differing"] == 1
    assert gaps["largest_gap"] == pytest.approx(2.0)


def test_sources_compared_only_where_both_sources_overlap(tiny):
    with pytest.raises(ValueError, match="1995-2021"):
        aq.sources_compared(tiny, tiny.rename(columns={"delivery_year": "year"}), ["Turkey"],
                            years=(1995, 2024))  # fmt: skip


# --- flags and status ---------------------------------------------------------------------


def test_estimate_shares_counts_empty_flags_separately():
    reg = make_register(
        [
            (1, "S", "T", "G", 2000, 1, 1.0, "New", True),
            (2, "S", "T", "G", 2000, 1, 1.0, "New", False),
            (3, "S", "T", "G", 2000, 1, 1.0, "New", None),
            (4, "S", "T", "G", 2000, 1, 1.0, "New", None),
        ]
    )
    shares = aq.estimate_shares(reg, years=(2000, 2000))
    number = shares[shares["field"] == "Number delivered"].set_index("state")["rows"].to_dict()
    assert number == {"Estimate": 1, "Not an estimate": 1, "Flag left empty": 2}
    totals = shares.groupby(["field", "year"])["share"].sum()
    assert totals.tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_status_breakdown_and_ratios_by_hand():
    reg = make_register(
        [
            (1, "S", "T", "G", 2000, 1, 10.0, "New", False, False, 10.0, 10.0),
            (2, "S", "T", "G", 2001, 2, 8.0, "Second hand", False, False, 10.0, 4.0),
        ]
    )
    status = aq.status_breakdown(reg, "T", "recipient").set_index("status")
    assert status["share"].to_dict() == pytest.approx({"New": 10 / 18, "Second hand": 8 / 18})
    ratios = aq.status_value_ratios(reg).set_index("status")["median"].to_dict()
    assert ratios == pytest.approx({"New": 1.0, "Second hand": 0.4})


def test_tiv_arithmetic_share_by_hand():
    reg = make_register(
        [
            (1, "S", "T", "G", 2000, 2, 4.0, "New", False, False, 2.0, 2.0),  # 2 x 2 = 4
            (2, "S", "T", "G", 2000, 3, 6.4, "New", False, False, 2.0, 2.0),  # 6 vs 6.4
            (3, "S", "T", "G", 2000, 1, 9.0, "New", False, False, 2.0, 2.0),  # 2 vs 9
        ]
    )
    assert aq.tiv_arithmetic_share(reg, tolerance=0.5) == pytest.approx(2 / 3)
    assert aq.tiv_arithmetic_share(reg, tolerance=0.0) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="tolerance"):
        aq.tiv_arithmetic_share(reg, tolerance=-1)
