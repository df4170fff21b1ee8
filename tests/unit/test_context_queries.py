"""Queries and charts of chapters 4 and 5, checked against hand-checked facts.

Expected values come from the staged files' provenance note (which checked them
against second sources), from NATO's list of member countries, or are worked
out by hand on small frames written in the test; none is copied from the code.
"""

from __future__ import annotations

import pandas as pd
import pytest

from balancing import data
from balancing.context import charts
from balancing.context import queries as cq


@pytest.fixture(scope="module")
def arrivals() -> pd.DataFrame:
    return data.foreign_arrivals("annual")


@pytest.fixture(scope="module")
def milex() -> pd.DataFrame:
    return data.military_expenditure()


@pytest.fixture(scope="module")
def grain() -> pd.DataFrame:
    return cq.grain_imports_from(data.grain_imports(), ["Russia", "Ukraine"])


# --- NATO membership (NATO, "NATO member countries") ------------------------------------


def test_membership_grows_from_12_founders_to_32_allies():
    assert len(cq.nato_members(1949)) == 12
    assert len(cq.nato_members(1951)) == 12
    assert set(cq.nato_members(1952)) - set(cq.nato_members(1951)) == {"Greece", "Turkey"}
    assert len(cq.nato_members(2020)) == 30
    assert "Finland" in cq.nato_members(2023)
    assert "Sweden" not in cq.nato_members(2023)
    assert len(cq.nato_members(2024)) == 32


@pytest.mark.parametrize("year", [1948, 2020.0, "2020", True, None])
def test_nato_members_rejects_bad_years(year):
    with pytest.raises(ValueError, match="whole number from 1949"):
        cq.nato_members(year)


def test_accession_waves_list_turkey_with_greece_in_1952():
    waves = cq.accession_waves().set_index("year")
    assert waves.loc[1952, "members"] == "Greece, Turkey"
    assert waves.loc[2004, "count"] == 7
    assert waves["count"].sum() == 32


# --- Arrivals ----------------------------------------------------------------------------


def test_arrivals_by_nationality_keeps_countries_only(arrivals):
    table = cq.arrivals_by_nationality(arrivals)
    assert table["nationality"].nunique() == 10
    assert not {"Total", "Europe", "CIS"} & set(table["nationality"])


def test_arrivals_by_nationality_accepts_common_spellings(arrivals):
    table = cq.arrivals_by_nationality(arrivals, ["USA", "russia"])
    assert set(table["nationality"]) == {"United States", "Russia"}


def test_arrivals_by_nationality_wants_a_list_not_a_string(arrivals):
    with pytest.raises(TypeError, match="list of names"):
        cq.arrivals_by_nationality(arrivals, "Russia")


def test_unknown_nationality_suggests_a_spelling(arrivals):
    with pytest.raises(KeyError, match="Russia"):
        cq.arrivals_change_pct(arrivals, "Rusia", 2015, 2016)


def test_russian_arrivals_fell_about_77_percent_in_2016(arrivals):
    # PROVENANCE: 2016 = 855,714, "-77 % on 2015's 3.65 m".
    assert cq.arrivals_change_pct(arrivals, "Russia", 2015, 2016) == pytest.approx(-77, abs=0.5)


def test_change_outside_the_table_names_its_span(arrivals):
    with pytest.raises(KeyError, match="2010-2021"):
        cq.arrivals_change_pct(arrivals, "Russia", 2015, 2022)


def test_share_of_total_in_2019(arrivals):
    # PROVENANCE: Russia 7,000,407 and EVDS Total 44,712,970 in 2019.
    shares = cq.share_of_total_arrivals(arrivals, "Russia").set_index("year")
    assert shares.loc[2019, "share_pct"] == pytest.approx(100 * 7_000_407 / 44_712_970)


def _toy_arrivals() -> pd.DataFrame:
    rows = [
        (2015, "A", "country", 100.0),
        (2016, "A", "country", 20.0),
        (2015, "B", "country", 50.0),
        (2016, "B", "country", 40.0),
        (2015, "C", "country", 10.0),
        (2016, "C", "country", 11.0),
        (2015, "Total", "total", 200.0),
        (2016, "Total", "total", 100.0),
    ]
    return pd.DataFrame(rows, columns=["year", "nationality", "entity_type", "arrivals"])


def test_tourism_shock_on_a_hand_worked_example():
    shock = cq.tourism_shock(_toy_arrivals(), "A", before=2015, during=2016)
    assert shock["fall_pct"] == pytest.approx(80.0)  # 100 -> 20
    assert shock["share_before_pct"] == pytest.approx(50.0)  # 100 of 200
    assert shock["share_during_pct"] == pytest.approx(20.0)  # 20 of 100
    assert shock["others_fall_pct"] == pytest.approx(20.0)  # 100 -> 80
    assert shock["next_nationality"] == "B"  # -20 %, while C rises
    assert shock["next_fall_pct"] == pytest.approx(20.0)


def test_change_by_nationality_sorts_falls_first():
    changes = cq.change_by_nationality(_toy_arrivals(), 2015, 2016)
    assert changes["nationality"].tolist() == ["A", "B", "C"]
    assert changes["change_pct"].tolist() == pytest.approx([-80.0, -20.0, 10.0])


def test_russia_was_not_the_largest_market_in_2016(arrivals):
    leaders = cq.largest_nationality_by_year(arrivals).set_index("year")["nationality"]
    assert leaders[2015] == "Russia"
    assert leaders[2016] != "Russia"
    assert leaders[2019] == "Russia"


def test_tourism_income_leaves_out_the_partial_year():
    income = cq.tourism_income_full_years(data.tourism_income())
    assert income["year"].max() == 2024
    # The raw file's 2004 row: 17,076,607 thousand US$.
    first = income.set_index("year").loc[2004, "tourism_income_billion_usd"]
    assert first == pytest.approx(17.076607)


# --- Gas and grain -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "share"), [(2011, 57.9), (2015, 55.3), (2016, 52.9), (2019, 33.6), (2020, 33.6)]
)
def test_russias_share_of_turkeys_gas_imports(year, share):
    # PROVENANCE: shares computed from the file and checked against IEA figures.
    dependence = cq.gas_import_dependence(data.gas_imports(), "Türkiye").set_index("year")
    assert dependence.loc[year, "russia_share_pct"] == pytest.approx(share, abs=0.05)
    row = dependence.loc[year]
    assert row["russia_tj"] + row["other_partners_tj"] == pytest.approx(row["total_tj"])


def test_grain_gaps_stay_missing_never_zero(grain):
    ukraine = grain[(grain["item"] == "Wheat") & (grain["partner"] == "Ukraine")]
    listed = set(ukraine.loc[ukraine["listed"], "year"])
    # PROVENANCE: Ukraine appears only in 1996, 1999, 2009, 2011, 2017 and 2019-2024
    # (for wheat, a subset of those years).
    assert listed <= {1996, 1999, 2009, 2011, 2017, *range(2019, 2025)}
    unlisted = ukraine[~ukraine["listed"]]
    assert unlisted["import_value_thousand_usd"].isna().all()
    assert (grain["import_value_thousand_usd"].dropna() > 0).all()


def test_wheat_from_russia_matches_the_provenance_table(grain):
    wheat = cq.grain_wide(grain, "Wheat")
    expected = {2014: 1_156_116, 2015: 693_000, 2016: 490_573, 2019: 1_498_687, 2022: 2_391_929}
    for year, value in expected.items():
        assert wheat.loc[year, "Russia"] == value


def test_grain_wide_rejects_unknown_items(grain):
    with pytest.raises(ValueError, match="Wheat"):
        cq.grain_wide(grain, "Rice")


def test_grain_years_must_be_ordered():
    with pytest.raises(ValueError, match="first <= last"):
        cq.grain_imports_from(data.grain_imports(), ["Russia"], years=(2020, 2010))


# --- Military expenditure ------------------------------------------------------------------


def test_turkey_share_of_gdp_2024(milex):
    value, flag = cq.milex_value(milex, "Türkiye", 2024)
    assert value == pytest.approx(1.9226, abs=5e-5)  # PROVENANCE, also in OWID's copy
    assert flag is None


def test_milex_value_reports_missing_figures(milex):
    with pytest.raises(KeyError, match="no milex_share_of_gdp_pct for Iceland"):
        cq.milex_value(milex, "Iceland", 2024)


def test_unknown_measure_is_rejected(milex):
    with pytest.raises(ValueError, match="measure must be one of"):
        cq.milex_series(milex, ["Turkey"], "milex_usd")


def test_nato_member_flag_follows_accession(milex):
    series = cq.milex_series(milex, ["Finland", "Turkey"], years=(2022, 2023))
    flags = series.set_index(["country", "year"])["nato_member"]
    assert not flags[("Finland", 2022)]
    assert flags[("Finland", 2023)]
    assert flags[("Turkey", 2022)]


def test_ranking_2024_covers_members_with_a_figure(milex):
    ranking = cq.nato_ranking(milex, 2024, others=["Russia"])
    members = ranking[ranking["group"] != "Not in NATO"]
    # The raw file has no share of GDP for Iceland (only dollar figures).
    assert cq.members_without_value(milex, 2024) == ["Iceland"]
    assert len(members) == 31
    assert ranking.loc[ranking["country"] == "Turkey", "group"].tolist() == ["Turkey"]
    assert ranking.loc[ranking["country"] == "Russia", "group"].tolist() == ["Not in NATO"]
    assert ranking["value"].is_monotonic_decreasing


def test_milex_with_allies_includes_ukraine_and_every_ally_with_data(milex):
    series = cq.milex_with_allies(milex)
    assert {"Turkey", "Russia", "Ukraine", "Greece", "Sweden"} <= set(series["country"])
    assert "Iceland" not in set(series["country"])


# --- Charts ----------------------------------------------------------------------------------


def _bound_params(chart) -> list[dict]:
    params = chart.to_dict().get("params", [])
    return [p for p in params if isinstance(p.get("bind"), dict)]


def test_arrivals_chart_has_title_credit_control_and_text_alternative(arrivals):
    chart = charts.arrivals_chart(cq.arrivals_by_nationality(arrivals))
    spec = chart.to_dict()
    assert "Central Bank" in spec["title"]["subtitle"][0]
    assert [p["bind"]["input"] for p in _bound_params(chart)] == ["select"]
    assert "lowest in 2016 (0.86 million)" in chart.description
    assert "highest in 2019 (7.00 million)" in chart.description


def test_milex_chart_hides_ukraine_behind_a_check_box(milex):
    chart = charts.milex_share_chart(cq.milex_with_allies(milex), compared="Greece")
    inputs = sorted(p["bind"]["input"] for p in _bound_params(chart))
    assert inputs == ["checkbox", "range", "range", "select"]
    assert "SIPRI" in chart.to_dict()["title"]["subtitle"][0]
    assert "Ukraine is hidden at first" in chart.description


def test_milex_chart_sliders_set_the_years_its_zoom_sets_with_the_mouse(milex):
    series = cq.milex_with_allies(milex, years=(2000, 2010))
    spec = charts.milex_share_chart(series, compared="Greece").to_dict()
    bound = [p for p in spec["params"] if isinstance(p.get("bind"), dict)]
    sliders = {p["name"]: p["bind"] for p in bound if p["bind"]["input"] == "range"}
    assert {name: (b["min"], b["max"]) for name, b in sliders.items()} == {
        "first_year": (2000, 2010),
        "last_year": (2000, 2010),
    }
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain == [
        {"expr": "min(first_year, last_year)"},
        {"expr": "max(first_year, last_year)"},
    ]


def test_grain_chart_draws_only_listed_rows_and_says_so(grain):
    chart = charts.grain_chart(grain, "Wheat")
    values = chart.to_dict()["datasets"]
    (rows,) = values.values()
    assert all(row["listed"] for row in rows)
    assert "at least 5 %" in chart.description


def test_ranking_chart_description_gives_turkeys_rank(milex):
    ranking = cq.nato_ranking(milex, 2024, others=["Russia"])
    text = charts.describe_nato_ranking(ranking, 2024)
    members = ranking[ranking["group"] != "Not in NATO"]["country"].tolist()
    assert f"Turkey ranks {members.index('Turkey') + 1} of 31" in text


def test_gas_and_income_charts_have_sources():
    gas = charts.gas_chart(cq.gas_import_dependence(data.gas_imports()))
    income = charts.tourism_income_chart(cq.tourism_income_full_years(data.tourism_income()))
    assert "Eurostat" in gas.to_dict()["title"]["subtitle"][0]
    assert "TÜİK" in income.to_dict()["title"]["subtitle"][0]
    assert "2016 (-30 %)" in income.description


@pytest.mark.parametrize(
    "builder",
    [
        charts.arrivals_chart,
        charts.tourism_income_chart,
        charts.gas_chart,
        charts.grain_chart,
        charts.milex_share_chart,
    ],
)
def test_builders_reject_frames_without_their_columns(builder):
    with pytest.raises(ValueError, match="needs a frame with the column"):
        builder(pd.DataFrame({"year": [2020]}))


def test_builders_reject_an_unknown_choice(arrivals):
    with pytest.raises(ValueError, match="highlighted must be one of"):
        charts.arrivals_chart(cq.arrivals_by_nationality(arrivals), highlighted="Germany")


def test_listed_years_match_the_raw_file():
    # grep ",UKR,Ukraine,Wheat," in the raw FAOSTAT file: 1996 1999 2009 2011 2017 2019-2024.
    grain = cq.grain_imports_from(data.grain_imports(), ["Ukraine"], years=(2014, 2024))
    wheat = grain[grain["item"] == "Wheat"]
    assert wheat.loc[wheat["listed"], "year"].tolist() == [2017, *range(2019, 2025)]


def test_milex_values_match_the_raw_file(milex):
    # Raw file: Greece 1998 3.455 % vs Turkey 3.182 %; Turkey 2019 2.690 % vs Greece 2.596 %.
    assert cq.milex_value(milex, "Greece", 1998)[0] == pytest.approx(3.455, abs=5e-4)
    assert cq.milex_value(milex, "Turkey", 1998)[0] == pytest.approx(3.182, abs=5e-4)
    assert cq.milex_value(milex, "Turkey", 2019)[0] == pytest.approx(2.690, abs=5e-4)
    assert cq.milex_value(milex, "Greece", 2019)[0] == pytest.approx(2.596, abs=5e-4)
