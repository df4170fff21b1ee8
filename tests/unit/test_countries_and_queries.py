"""Country names, the reusable queries and the first chart builder."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from balancing import viz
from balancing.arms import charts, queries
from balancing.data.countries import harmonise, resolve

KNOWN = ["Turkey", "Russia", "United States", "United Kingdom", "Ukraine"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Turkey", "Turkey"),
        ("turkey", "Turkey"),
        ("Türkiye", "Turkey"),
        ("Turkiye", "Turkey"),
        ("TÜRKIYE", "Turkey"),
        ("USA", "United States"),
        ("uk", "United Kingdom"),
        (" Russia ", "Russia"),
    ],
)
def test_resolve_accepts_common_spellings(typed, expected):
    assert resolve(typed, KNOWN) == expected


def test_resolve_suggests_close_matches():
    with pytest.raises(KeyError, match=r"unknown country or actor 'Ukriane'.*'Ukraine'"):
        resolve("Ukriane", KNOWN)


def test_resolve_without_any_close_match_gives_examples():
    with pytest.raises(KeyError, match="check the spelling"):
        resolve("Atlantis", KNOWN)


def test_resolve_rejects_non_strings():
    with pytest.raises(TypeError, match="expected a country name as a string, got int"):
        resolve(90, KNOWN)


def test_harmonise_renames_only_what_differs():
    names = pd.Series(["Turkiye", "unknown supplier(s)", "Libya HoR*", "France"])
    assert harmonise(names).tolist() == [
        "Turkey",
        "Unknown supplier(s)",
        "HoR (Libya)*",
        "France",
    ]


@pytest.fixture
def tiny_register() -> pd.DataFrame:
    """Four deliveries whose yearly sums are easy to check by hand."""
    return pd.DataFrame(
        {
            "supplier": ["Germany", "Germany", "Turkey", "Turkey"],
            "recipient": ["Turkey", "Turkey", "Qatar", "Ukraine"],
            "delivery_year": [2000, 2000, 2001, 2002],
            "tiv_delivered": [10.0, 5.0, 3.0, 20.0],
        }
    )


def test_tiv_by_year_sums_and_zero_fills(tiny_register):
    imports = queries.tiv_by_year(tiny_register, "Turkey", "recipient", (1999, 2002))
    assert imports["year"].tolist() == [1999, 2000, 2001, 2002]
    assert imports["tiv"].tolist() == [0.0, 15.0, 0.0, 0.0]
    exports = queries.tiv_by_year(tiny_register, "türkiye", "supplier", (2000, 2002))
    assert exports["tiv"].tolist() == [0.0, 3.0, 20.0]


def test_tiv_by_year_rejects_bad_arguments(tiny_register):
    with pytest.raises(ValueError, match="role must be 'supplier' or 'recipient'"):
        queries.tiv_by_year(tiny_register, "Turkey", "buyer")
    with pytest.raises(ValueError, match="first <= last"):
        queries.tiv_by_year(tiny_register, "Turkey", "supplier", (2005, 2000))
    with pytest.raises(KeyError, match="did you mean 'Turkey'"):
        queries.tiv_by_year(tiny_register, "Turky", "supplier")


def test_first_year_exports_exceed_imports(tiny_register):
    flows = queries.imports_and_exports(tiny_register, "Turkey", (2000, 2002))
    assert set(flows["flow"]) == {"Imports", "Exports"}
    assert len(flows) == 6
    # 2000: 15 in, 0 out; 2001: 0 in, 3 out -> 2001.
    assert queries.first_year_exports_exceed_imports(flows) == 2001
    only_imports = flows[flows["year"] == 2000]
    assert queries.first_year_exports_exceed_imports(only_imports) is None


def test_chart_description_is_computed_from_the_data(tiny_register):
    flows = queries.imports_and_exports(tiny_register, "Turkey", (2000, 2002))
    text = charts.describe_imports_exports(flows, "Turkey")
    assert "2000-2002" in text
    assert "Imports peak at 15 million TIV in 2000" in text
    assert "Exports peak at 20 million TIV in 2002" in text
    assert "Exports first exceed imports in 2001" in text


def test_imports_exports_chart_carries_credit_and_text_alternative(tiny_register):
    flows = queries.imports_and_exports(tiny_register, "Turkey", (2000, 2002))
    spec = charts.imports_exports_chart(flows, "Turkey").to_dict()  # validates the spec
    assert spec["description"].startswith("Line chart of Turkey's recorded arms imports")
    assert charts.SIPRI_AT_CREDIT in spec["title"]["subtitle"]
    (dataset,) = spec["datasets"].values()
    assert len(dataset) == len(flows)  # aggregated rows only, never the register


def test_text_alternative_wraps_every_word(tiny_register):
    flows = queries.imports_and_exports(tiny_register, "Turkey", (2000, 2002))
    chart = charts.imports_exports_chart(flows, "Turkey")
    wrapped = viz.text_alternative(chart, width=40)
    assert all(len(line) <= 40 for line in wrapped.splitlines())
    assert wrapped.split() == charts.describe_imports_exports(flows, "Turkey").split()


def test_text_alternative_requires_a_description():
    bare = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match="no text alternative"):
        viz.text_alternative(bare)


def test_chart_builders_explain_a_wrong_frame():
    with pytest.raises(ValueError, match=r"needs a frame with the column\(s\) \['tiv'\]"):
        viz.require_columns(pd.DataFrame({"year": [2000]}), ["year", "tiv"], "some_chart")
    with pytest.raises(ValueError, match="empty frame"):
        viz.require_columns(pd.DataFrame({"year": []}), ["year"], "some_chart")
