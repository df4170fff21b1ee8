"""The SIPRI loaders: facts checked by hand against the raw export, types, rebuild."""

from __future__ import annotations

import pandas as pd
import pytest

from balancing import data
from balancing.data import checksums
from balancing.data.build import build
from balancing.data.sipri import REGISTER_FILE
from balancing.data.tables import TABLES, from_raw
from balancing.paths import files_dir, raw_dir


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return data.arms_transfers()


@pytest.fixture(scope="module")
def pairs() -> pd.DataFrame:
    return data.tiv_pairs()


def test_every_raw_file_is_checksummed_and_intact():
    listed = set(checksums.verify_all(raw_dir()))
    on_disk = {p.name for p in raw_dir().iterdir() if p.name != checksums.SUMS_FILENAME}
    assert listed == on_disk


def test_register_row_counts_match_the_provenance_note(register):
    # PROVENANCE.md: 25,024 rows; Turkey supplier in 336 rows to 57 recipients,
    # recipient in 645 rows.
    assert len(register) == 25_024
    turkish_exports = register[register["supplier"] == "Turkey"]
    assert len(turkish_exports) == 336
    assert turkish_exports["recipient"].nunique() == 57
    assert (register["recipient"] == "Turkey").sum() == 645


def test_tb2_deliveries_to_ukraine(register):
    # Checked by hand in the raw file: five rows of 'Bayraktar TB-2' from Turkiye to
    # Ukraine (1, 6, 6, 60 and 7 units), 80 units in all, delivered 2019-2023.
    tb2 = register[
        (register["supplier"] == "Turkey")
        & (register["recipient"] == "Ukraine")
        & (register["designation"] == "Bayraktar TB-2")
    ]
    assert len(tb2) == 5
    assert tb2["number_delivered"].sum() == 80
    assert sorted(tb2["number_delivered"]) == [1, 6, 6, 7, 60]
    assert sorted(tb2["delivery_year"].unique()) == [2019, 2021, 2022, 2023]


def test_s400_is_recorded_and_f35_never_reaches_turkey(register):
    s400 = register[register["designation"] == "S-400 Triumf"]
    to_turkey = s400[s400["recipient"] == "Turkey"].iloc[0]
    assert (to_turkey["sipri_id"], to_turkey["supplier"]) == (59633, "Russia")
    assert (to_turkey["order_year"], to_turkey["delivery_year"]) == (2017, 2019)
    assert to_turkey["number_delivered"] == 2
    assert to_turkey["tiv_delivered"] == pytest.approx(130.0)
    f35 = register[register["designation"].str.contains("F-35", regex=False)]
    assert len(f35) > 0
    assert "Turkey" not in set(f35["recipient"])


def test_register_types_and_names(register):
    assert all(c == c.lower() and " " not in c for c in register.columns)
    for column in ("sipri_id", "order_year", "delivery_year", "number_delivered"):
        assert register[column].dtype == "int64", column
    for column in (
        "order_year_is_estimate",
        "number_delivered_is_estimate",
        "delivery_year_is_estimate",
        "local_production",
    ):
        assert register[column].dtype == "boolean", column
    for column in ("tiv_unit_new", "tiv_unit", "tiv_delivered"):
        assert register[column].dtype == "float64", column
    assert register["delivery_year"].between(1995, 2024).all()
    names = set(register["supplier"]) | set(register["recipient"])
    assert "Turkiye" not in names and "Turkey" in names
    assert not any(n.startswith("unknown") for n in names)
    # 112 order-year flags are empty in the raw file: they stay missing, not False.
    assert register["order_year_is_estimate"].isna().sum() == 112


def test_second_hand_items_are_valued_below_new(register):
    second_hand = register[register["status"] == "Second hand"]
    ratio = (second_hand["tiv_unit"] / second_hand["tiv_unit_new"]).median()
    assert ratio == pytest.approx(0.4, abs=0.01)
    new = register[register["status"] == "New"]
    assert (new["tiv_unit"] == new["tiv_unit_new"]).all()


def test_tiv_pairs_counts_and_names(pairs):
    # PROVENANCE.md: 21,324 rows; 134 suppliers, 258 recipients; 1950-2021.
    assert len(pairs) == 21_324
    assert pairs["supplier"].nunique() == 134
    assert pairs["recipient"].nunique() == 258
    assert (pairs["year"].min(), pairs["year"].max()) == (1950, 2021)
    assert "Turkey" in set(pairs["supplier"]) and "Turkiye" not in set(pairs["recipient"])
    assert pairs["supplier_cown"].dtype == "Int64"
    assert pairs["supplier_cown"].isna().sum() == 268


def test_register_and_tiv_tables_disagree_where_they_overlap(register, pairs):
    # The same flow (Turkey's imports, 1995-2021) differs between the two SIPRI
    # updates: the reason the course never mixes them in one series.
    from_register = register[
        (register["recipient"] == "Turkey") & register["delivery_year"].between(1995, 2021)
    ]["tiv_delivered"].sum()
    from_pairs = pairs[(pairs["recipient"] == "Turkey") & pairs["year"].between(1995, 2021)][
        "tiv"
    ].sum()
    assert from_register > 0 and from_pairs > 0
    assert from_register != pytest.approx(from_pairs, rel=1e-3)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_processed_table_equals_a_fresh_derivation(name):
    pd.testing.assert_frame_equal(data.load(name), from_raw(name))


def test_rebuild_is_byte_identical_to_committed_files(tmp_path):
    written = build(tmp_path)
    tables = {f"processed/{name}.csv" for name in TABLES}
    copies = {f"raw/{REGISTER_FILE}", "timeline/events.csv", "references.bib"}
    assert {p.relative_to(tmp_path).as_posix() for p in written} == tables | copies
    for path in written:
        committed = files_dir() / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), (
            f"{committed} is stale: run `make data` and commit the result"
        )


def test_the_shipped_raw_register_is_the_export_as_received():
    # The cleaning exercise reads the copy in the package: it must be SIPRI's file, unedited.
    listed = checksums.read_sums(raw_dir() / checksums.SUMS_FILENAME)
    assert checksums.sha256_of(data.raw_register_path()) == listed[REGISTER_FILE]


def test_load_returns_an_independent_copy():
    first = data.arms_transfers()
    first.loc[0, "supplier"] = "Changed"
    assert data.arms_transfers().loc[0, "supplier"] != "Changed"


def test_unknown_table_name_is_explained():
    with pytest.raises(KeyError, match="unknown table 'armstransfers'"):
        data.load("armstransfers")
