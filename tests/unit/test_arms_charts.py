"""Tests of balancing.arms_charts: valid specs, controls, credit, text alternatives, errors.

The text alternatives are checked against small frames whose figures are worked
out by hand, and, for the real register, against facts counted in the raw export.
"""

import json

import pandas as pd
import pytest

from balancing import data
from balancing.arms import charts as ac
from balancing.arms import queries as aq
from balancing.arms.charts import SIPRI_AT_CREDIT


@pytest.fixture(scope="module")
def register():
    return data.arms_transfers()


@pytest.fixture(scope="module")
def charts(register):
    pairs = data.tiv_pairs()
    return {
        "partners": ac.partners_chart(
            aq.partners_by_year(register, "Turkey", "recipient"), "Turkey", "recipient"
        ),
        "timeline": ac.weapon_timeline_chart(
            aq.deliveries_of(register, ["Bayraktar TB-2", "Akinci"], supplier="Turkey"), "Turkey"
        ),
        "periods": ac.suppliers_by_period_chart(
            aq.suppliers_in_periods(
                register, "Ukraine", {"2014-2021": (2014, 2021), "2022-2024": (2022, 2024)}
            ),
            "Ukraine",
            highlight="Turkey",
        ),
        "trends": ac.supplier_trends_chart(
            aq.supplier_trends(register, ["United States", "Russia", "Turkey"])
        ),
        "sources": ac.sources_compared_chart(
            aq.sources_compared(register, pairs, ["Turkey", "Ukraine"])
        ),
        "flags": ac.estimate_flags_chart(aq.estimate_shares(register)),
        "flows": ac.imports_exports_chart(aq.imports_and_exports(register, "Turkey"), "Turkey"),
    }


def _params(spec):
    found = list(spec.get("params", []))
    for key in ("layer", "vconcat", "hconcat"):
        for sub in spec.get(key, []):
            found += _params(sub)
    return found


@pytest.mark.parametrize(
    "name", ["partners", "timeline", "periods", "trends", "sources", "flags", "flows"]
)
def test_spec_is_valid_small_credited_and_interactive(charts, name):
    spec = charts[name].to_dict(validate=True)
    assert len(json.dumps(spec)) < 100_000, "aggregate before charting: keep pages light"
    assert SIPRI_AT_CREDIT in spec["title"]["subtitle"]
    assert spec["description"].strip()
    params = _params(spec)
    assert any("bind" in p or "select" in p for p in params), "every chart has a control"


def _control_kind(param):
    bind = param.get("bind")
    if isinstance(bind, dict):
        return bind["input"]
    if bind == "legend":
        return "legend"
    select = param.get("select")
    return select["type"] if isinstance(select, dict) else select


def test_bound_controls_are_of_the_intended_kind(charts):
    kinds = {
        name: sorted(_control_kind(p) for p in _params(chart.to_dict()))
        for name, chart in charts.items()
    }
    assert kinds["partners"] == ["interval", "range", "range"]
    assert kinds["timeline"] == ["select"]
    assert kinds["periods"] == ["radio"]
    assert kinds["sources"] == ["select"]
    assert kinds["flags"] == ["radio"]
    assert kinds["trends"] == ["legend", "radio", "select"]
    assert kinds["flows"] == ["legend", "select"]


KEYBOARD_INPUTS = {"select", "radio", "range", "checkbox"}


@pytest.mark.parametrize("name", ["partners", "trends", "flows"])
def test_every_mouse_selection_has_a_keyboard_control(charts, name):
    kinds = {_control_kind(p) for p in _params(charts[name].to_dict())}
    assert kinds & {"interval", "legend"}, f"{name} has no mouse selection to match"
    assert kinds & KEYBOARD_INPUTS, f"{name}: a brush or legend is its only control"


def test_flow_highlight_offers_every_flow_and_starts_with_none():
    flows = pd.DataFrame({"year": [2000, 2000], "flow": ["Imports", "Exports"], "tiv": [3.0, 1.0]})
    spec = ac.imports_exports_chart(flows, "Turkey").to_dict()
    (pick,) = [p for p in _params(spec) if _control_kind(p) == "select"]
    assert pick["bind"]["options"] == ["All", "Imports", "Exports"]
    assert pick["value"] == "All"
    assert "drop-down list" in spec["description"]


def test_partners_sliders_span_the_years_of_the_data():
    frame = pd.DataFrame(
        {"year": [1998, 2003, 2011], "partner": ["A", "B", "A"], "tiv": [1.0, 2.0, 3.0]}
    )
    spec = ac.partners_chart(frame, "Turkey", "recipient").to_dict()
    sliders = {p["name"]: p for p in _params(spec) if _control_kind(p) == "range"}
    assert {
        name: (p["bind"]["min"], p["bind"]["max"], p["value"]) for name, p in sliders.items()
    } == {
        "first_year": (1998, 2011, 1998),
        "last_year": (1998, 2011, 2011),
    }
    ranking = spec["vconcat"][1]["transform"]
    assert any("first_year" in str(step.get("filter")) for step in ranking), "ranking ignores them"


def test_timeline_description_uses_the_hand_checked_ukraine_total(charts):
    # 80 TB2s from Turkey to Ukraine in the raw export (6 + 6 + 60 + 7 + 1).
    assert "Bayraktar TB-2" in charts["timeline"].description
    assert "most to Ukraine (80)" in charts["timeline"].description


def test_timeline_offers_each_weapon_in_the_given_order(charts):
    weapon = next(p for p in _params(charts["timeline"].to_dict()) if p["name"] == "weapon")
    assert weapon["bind"]["options"] == ["Bayraktar TB-2", "Akinci"]
    assert weapon["value"] == "Bayraktar TB-2"


# --- text alternatives from hand-made frames -------------------------------------------


def test_describe_partners_by_hand():
    frame = pd.DataFrame(
        {
            "year": [2000, 2000, 2001, 2001],
            "partner": ["A", aq.OTHER_PARTNERS, "A", "B"],
            "tiv": [30.0, 40.0, 30.0, 0.0],
        }
    )
    text = ac.describe_partners(frame, "Turkey", "recipient")
    # A: 60 of 100 = 60 %; B: 0 %; the grouped partners are not named.
    assert "imports by supplier, 2000-2001" in text
    assert "A (60%) and B (0%)" in text
    assert aq.OTHER_PARTNERS not in text


def test_describe_suppliers_by_period_by_hand():
    frame = pd.DataFrame(
        {
            "period": ["p", "p", "p", "p"],
            "supplier": ["A", "B", "C", "Turkey"],
            "tiv": [50.0, 30.0, 15.0, 5.0],
            "share": [0.5, 0.3, 0.15, 0.05],
            "rank": [1, 2, 3, 4],
        }
    )
    text = ac.describe_suppliers_by_period(frame, "Ukraine", highlight="Turkey")
    assert "In p the largest suppliers are A (50%), B (30%) and C (15%)." in text
    assert "Turkey ranks 4 of 4 with 5%." in text
    chart = ac.suppliers_by_period_chart(frame, "Ukraine", highlight="Turkey", top=2)
    (rows,) = chart.to_dict()["datasets"].values()
    kept = {row["supplier"] for row in rows}
    assert kept == {"A", "B", "Turkey"}, "the highlighted supplier is kept outside the top"


def test_describe_supplier_trends_by_hand():
    frame = pd.DataFrame(
        {
            "supplier": ["X"] * 3,
            "year": [2000, 2001, 2002],
            "tiv": [1.0, 5.0, 2.0],
            "tiv_moving_sum": [float("nan"), 6.0, 7.0],
        }
    )
    text = ac.describe_supplier_trends(frame, window=2)
    assert "X: 7 million TIV in the 2 years to 2002, its highest." in text


def test_describe_estimate_flags_by_hand():
    frame = pd.DataFrame(
        {
            "field": ["Number delivered"] * 3,
            "year": [2024] * 3,
            "state": list(aq.FLAG_STATES),
            "rows": [1, 1, 2],
            "share": [0.25, 0.25, 0.5],
        }
    )
    text = ac.describe_estimate_flags(frame)
    assert "Number delivered: 25% of all rows are estimates; in 2024, 50% of rows" in text


# --- bad input --------------------------------------------------------------------------


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"\['partner'\]"):
        ac.partners_chart(pd.DataFrame({"year": [2000], "tiv": [1.0]}), "Turkey", "recipient")


def test_empty_frame_is_refused():
    empty = pd.DataFrame(columns=["supplier", "year", "tiv", "tiv_moving_sum"])
    with pytest.raises(ValueError, match="empty"):
        ac.supplier_trends_chart(empty)


def test_bad_role_is_refused():
    frame = pd.DataFrame({"year": [2000], "partner": ["A"], "tiv": [1.0]})
    with pytest.raises(ValueError, match="role"):
        ac.partners_chart(frame, "Turkey", "buyer")
