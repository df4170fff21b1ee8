"""The context datasets: hand-checked facts, registry, and clear errors for broken files.

Expected values are copied from the staged files' provenance note
(``/work/shared/data/context/PROVENANCE.md``, summarised in ``data/README.md``),
which checked them against second sources; they are not taken from the code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from balancing import data
from balancing.data import DataFileError, context
from balancing.paths import raw_dir

CONTEXT_TABLES = {
    "military_expenditure": context.MILEX_FILE,
    "foreign_arrivals_annual": context.ARRIVALS_ANNUAL_FILE,
    "foreign_arrivals_monthly": context.ARRIVALS_MONTHLY_FILE,
    "tourism_income": context.TOURISM_FILE,
    "gas_imports": context.GAS_FILE,
    "grain_imports": context.GRAIN_FILE,
}


@pytest.mark.parametrize(("name", "raw_file"), CONTEXT_TABLES.items())
def test_every_context_table_is_registered_with_its_raw_file(name, raw_file):
    assert data.TABLES[name].raw_file == raw_file


# --- Hand-checked facts -------------------------------------------------------------


def _russia_arrivals(year: int) -> float:
    arrivals = data.foreign_arrivals("annual")
    row = arrivals[(arrivals["nationality"] == "Russia") & (arrivals["year"] == year)]
    assert len(row) == 1
    return float(row["arrivals"].iloc[0])


def test_russian_arrivals_collapse_in_2016_and_peak_in_2019():
    assert _russia_arrivals(2016) == 855_714
    assert _russia_arrivals(2019) == 7_000_407


def test_arrivals_table_has_the_agreed_columns_and_course_spellings():
    arrivals = data.foreign_arrivals("annual")
    assert list(arrivals.columns) == ["year", "nationality", "entity_type", "arrivals"]
    names = set(arrivals["nationality"])
    assert {"Russia", "United States", "Total"} <= names
    assert "USA" not in names


def test_monthly_arrivals_cover_august_2009_to_february_2022():
    monthly = data.foreign_arrivals("monthly")
    periods = monthly["year"] * 100 + monthly["month"]
    assert periods.min() == 200908
    assert periods.max() == 202202


@pytest.mark.parametrize("frequency", ["weekly", "Annual", "", None, 12])
def test_foreign_arrivals_rejects_other_frequencies(frequency):
    with pytest.raises(ValueError, match=r"'annual' or 'monthly'"):
        data.foreign_arrivals(frequency)


def test_russia_supplied_about_55_3_percent_of_turkeys_gas_imports_in_2015():
    gas = data.gas_imports()
    turkey = gas[
        (gas["reporter"] == "Turkey") & (gas["product"] == "Natural gas") & (gas["year"] == 2015)
    ].set_index("partner")["value_tj_gcv"]
    assert turkey["Russia"] / turkey["Total"] * 100 == pytest.approx(55.3, abs=0.05)


def test_wheat_from_russia_in_2022_in_thousand_dollars():
    grain = data.grain_imports()
    row = grain[
        (grain["partner"] == "Russia") & (grain["item"] == "Wheat") & (grain["year"] == 2022)
    ]
    assert row["import_value_thousand_usd"].tolist() == [2_391_929]


def test_turkey_military_spending_share_of_gdp_2024():
    milex = data.military_expenditure()
    row = milex[
        (milex["country"] == "Turkey")
        & (milex["year"] == 2024)
        & (milex["measure"] == "milex_share_of_gdp_pct")
    ]
    assert row["value"].tolist() == [pytest.approx(1.9226, abs=5e-5)]


def test_milex_keeps_sipri_flags_and_footnote_markers():
    milex = data.military_expenditure()
    assert set(milex["sipri_flag"].dropna()) == {
        "SIPRI estimate (blue)",
        "highly uncertain (red)",
    }
    turkey = milex[milex["country"] == "Turkey"]
    assert turkey["sipri_footnote_ref"].str.contains("‖", regex=False).any()
    assert "Türkiye" not in set(milex["country"])


def test_tourism_2025_is_marked_as_a_partial_year():
    tourism = data.tourism_income().set_index("year")
    assert tourism.loc[2025, "period"] == "Jan-Sep"
    assert (tourism.loc[2004:2024, "period"] == "full year").all()


# --- Broken copies in tmp_path ------------------------------------------------------


def _copy_lines(raw_file: str, rows: int = 5) -> list[str]:
    """The header and the first ``rows`` records of a real raw file."""
    return (raw_dir() / raw_file).read_text(encoding="utf-8").splitlines()[: rows + 1]


def _write(tmp_path: Path, raw_file: str, lines: list[str]) -> Path:
    path = tmp_path / raw_file
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


READERS = {
    context.MILEX_FILE: context.read_military_expenditure,
    context.ARRIVALS_ANNUAL_FILE: context.read_arrivals_annual,
    context.ARRIVALS_MONTHLY_FILE: context.read_arrivals_monthly,
    context.TOURISM_FILE: context.read_tourism_income,
    context.GAS_FILE: context.read_gas_imports,
    context.GRAIN_FILE: context.read_grain_imports,
}


@pytest.mark.parametrize("raw_file", READERS)
def test_a_small_valid_copy_reads(tmp_path, raw_file):
    frame = READERS[raw_file](_write(tmp_path, raw_file, _copy_lines(raw_file)))
    assert len(frame) == 5


@pytest.mark.parametrize("raw_file", READERS)
def test_truncated_file_names_file_and_line(tmp_path, raw_file):
    lines = _copy_lines(raw_file)
    lines[-1] = lines[-1][: len(lines[-1]) // 3]  # an interrupted copy
    path = _write(tmp_path, raw_file, lines)
    with pytest.raises(DataFileError) as caught:
        READERS[raw_file](path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 6" in message


@pytest.mark.parametrize("raw_file", READERS)
def test_missing_column_is_named(tmp_path, raw_file):
    lines = _copy_lines(raw_file)
    header = lines[0].split(",")
    dropped = header[1]
    lines = [",".join(f for i, f in enumerate(line.split(",")) if i != 1) for line in lines]
    path = _write(tmp_path, raw_file, lines)
    with pytest.raises(DataFileError, match=rf"missing column\(s\) \['{dropped}'\]") as caught:
        READERS[raw_file](path)
    assert "line 1" in str(caught.value)


def test_non_numeric_arrivals_name_file_line_and_column(tmp_path):
    lines = _copy_lines(context.ARRIVALS_ANNUAL_FILE)
    fields = lines[3].split(",")
    fields[3] = "n/a"
    lines[3] = ",".join(fields)
    path = _write(tmp_path, context.ARRIVALS_ANNUAL_FILE, lines)
    with pytest.raises(DataFileError) as caught:
        context.read_arrivals_annual(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 4" in message
    assert "column 'foreign_visitor_arrivals'" in message
    assert "expected a number, found 'n/a'" in message


def test_non_numeric_milex_year_names_its_column(tmp_path):
    lines = _copy_lines(context.MILEX_FILE)
    lines[2] = lines[2].replace(",1970,", ",c. 1970,", 1)
    path = _write(tmp_path, context.MILEX_FILE, lines)
    with pytest.raises(DataFileError, match=r"line 3, column 'year': expected a whole number"):
        context.read_military_expenditure(path)


def test_unknown_milex_unit_is_reported(tmp_path):
    lines = _copy_lines(context.MILEX_FILE)
    lines[4] = lines[4].replace("constant 2023 prices", "constant 2022 prices")
    path = _write(tmp_path, context.MILEX_FILE, lines)
    with pytest.raises(DataFileError, match=r"line 5, column 'unit': unknown measure or unit"):
        context.read_military_expenditure(path)


def test_annual_arrivals_reject_a_year_that_sums_fewer_than_12_months(tmp_path):
    lines = _copy_lines(context.ARRIVALS_ANNUAL_FILE)
    lines[2] = lines[2].removesuffix(",12") + ",11"
    path = _write(tmp_path, context.ARRIVALS_ANNUAL_FILE, lines)
    with pytest.raises(DataFileError, match=r"line 3, column 'months_summed': expected 12"):
        context.read_arrivals_annual(path)


def test_grain_rows_for_another_reporter_are_rejected(tmp_path):
    lines = _copy_lines(context.GRAIN_FILE)
    lines[1] = lines[1].replace("TUR,Türkiye", "GRC,Greece", 1)
    path = _write(tmp_path, context.GRAIN_FILE, lines)
    with pytest.raises(DataFileError, match=r"line 2, column 'reporter_iso3': expected 'TUR'"):
        context.read_grain_imports(path)


def test_negative_gas_value_fails_the_schema_with_its_line(tmp_path):
    lines = _copy_lines(context.GAS_FILE)
    fields = lines[2].split(",")
    fields[4] = "-" + fields[4]
    lines[2] = ",".join(fields)
    path = _write(tmp_path, context.GAS_FILE, lines)
    with pytest.raises(DataFileError, match=r"line 3, column 'value_tj_gcv'"):
        context.read_gas_imports(path)
