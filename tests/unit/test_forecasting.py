"""Brier scores (checked by hand) and the article's expectations as forecasts."""

from __future__ import annotations

import math

import pytest

from balancing.data.bibliography import read_bibliography
from balancing.forecasting import scores as forecasting


@pytest.mark.parametrize(
    ("probabilities", "outcomes", "expected"),
    [
        ([0.9, 0.2], [1, 0], 0.025),  # (0.1**2 + 0.2**2) / 2
        ([1.0, 0.0], [1, 0], 0.0),  # certain and right
        ([0.0, 1.0], [1, 0], 1.0),  # certain and wrong
        ([0.5, 0.5, 0.5], [1, 0, 1], 0.25),  # no view
        ([0.7], [True], 0.09),  # booleans are outcomes too
    ],
)
def test_brier_score_by_hand(probabilities, outcomes, expected):
    assert math.isclose(forecasting.brier_score(probabilities, outcomes), expected)


@pytest.mark.parametrize(
    ("probabilities", "outcomes", "message"),
    [
        ([1.2], [1], "between 0 and 1; item 0 is 1.2"),
        ([0.5, -0.1], [1, 0], "item 1 is -0.1"),
        ([float("nan")], [1], "between 0 and 1"),
        ([0.5], [2], "outcomes must be 0 or 1; item 0 is 2"),
        ([0.5], [0.5], "outcomes must be 0 or 1"),
        ([0.5, 0.5], [1], "2 probabilities and 1 outcomes"),
        ([], [], "empty"),
        (["high"], [1], "must be numbers"),
    ],
)
def test_brier_score_rejects_bad_input(probabilities, outcomes, message):
    with pytest.raises(ValueError, match=message):
        forecasting.brier_score(probabilities, outcomes)


def test_check_probability_explains_percentages_and_types():
    assert forecasting.check_probability("p", 0.3) == 0.3
    with pytest.raises(ValueError, match=r"write 0\.7, not 70"):
        forecasting.check_probability("p", 70)
    with pytest.raises(ValueError, match="found True"):
        forecasting.check_probability("p", True)
    with pytest.raises(ValueError, match=r"found '0\.3'"):
        forecasting.check_probability("p", "0.3")


def test_scored_expectations_are_coded_0_or_1_and_sourced():
    keys = read_bibliography()
    scored = forecasting.scored_expectations()
    assert len(scored) >= 4
    for expectation in forecasting.EXPECTATIONS:
        assert expectation.source in keys, expectation.key
        assert expectation.outcome in (0, 1, None)
        assert expectation.coding
    unscored = [e for e in forecasting.EXPECTATIONS if e.outcome is None]
    assert all(e.coding.startswith("Not scored") for e in unscored)


def test_hand_coded_outcomes():
    # Coded from the cited reports: Turkey hosted talks (Antalya, 10 March 2022),
    # did not join sanctions (26 June 2022), and Russian tourism was not stopped
    # (5.23 million arrivals in 2022).
    outcome = {e.key: e.outcome for e in forecasting.EXPECTATIONS}
    assert outcome["mediation_offered"] == 1
    assert outcome["turkey_joins_sanctions"] == 0
    assert outcome["moscow_stops_tourism"] == 0


def test_score_forecasts_no_view_and_perfect():
    scored = forecasting.scored_expectations()
    no_view = forecasting.score_forecasts({e.key: 0.5 for e in scored})
    assert math.isclose(no_view["squared_error"].mean(), 0.25)
    perfect = forecasting.score_forecasts({e.key: float(e.outcome) for e in scored})
    assert perfect["squared_error"].sum() == 0


def test_score_forecasts_names_missing_unknown_and_unscored_keys():
    scored = {e.key: 0.5 for e in forecasting.scored_expectations()}
    with pytest.raises(ValueError, match="missing forecast"):
        forecasting.score_forecasts({})
    with pytest.raises(ValueError, match="'nato_collapses' is not an expectation"):
        forecasting.score_forecasts({**scored, "nato_collapses": 0.1})
    with pytest.raises(ValueError, match="is not scored"):
        forecasting.score_forecasts({**scored, "moscow_hardens_syria": 0.4})
    with pytest.raises(ValueError, match="mediation_offered: expected a probability"):
        forecasting.score_forecasts({**scored, "mediation_offered": 1.5})


def test_expectations_table_has_missing_outcomes_for_unscored():
    table = forecasting.expectations_table()
    assert len(table) == len(forecasting.EXPECTATIONS)
    assert table["outcome"].isna().sum() == sum(e.outcome is None for e in forecasting.EXPECTATIONS)


def test_brier_calculator_has_one_slider_per_scored_expectation():
    from balancing.forecasting import charts as forecast_charts

    chart = forecast_charts.brier_calculator()
    spec = chart.to_dict()
    params = [p for part in (spec, *spec["layer"]) for p in part.get("params", [])]
    sliders = {p["name"]: p for p in params if p.get("bind", {}).get("input") == "range"}
    keys = [e.key for e in forecasting.scored_expectations()]
    assert sorted(sliders) == sorted(f"p_{key}" for key in keys)
    assert all(s["value"] == forecasting.NO_VIEW for s in sliders.values())
    calculate = str(spec["layer"][0]["transform"])
    assert all(f"p_{key}" in calculate for key in keys)
    assert "pow(datum.probability - datum.outcome, 2)" in calculate
    for expectation in forecasting.scored_expectations():
        assert expectation.statement.rstrip(".") in chart.description


def test_expectations_markdown_lists_every_expectation_and_its_status():
    text = forecasting.expectations_markdown()
    lines = text.splitlines()
    assert len(lines) == len(forecasting.EXPECTATIONS)
    assert "`moscow_hardens_syria`" in text and "not scored" in text
    assert "outcome **0**" in text and "outcome **1**" in text
