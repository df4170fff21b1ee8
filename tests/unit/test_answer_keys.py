"""Answer keys of the exercise sets (grading.answer_keys), checked against hand-counted facts.

The expected values were counted by hand in the raw export
(``data/raw/sipri-trade-register-1995-2024.csv``, rows whose supplier is
``Turkiye``), not copied from the code under test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from balancing import data
from balancing.arms import queries
from balancing.grading import answer_keys


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return data.arms_transfers()


def test_recipients_of_turkish_deliveries_in_2010(register):
    # Nine rows in the raw file for 2010, to five recipients.
    assert answer_keys.recipients_in_year(register, "Turkey", 2010) == [
        "Azerbaijan",
        "Malaysia",
        "Philippines",
        "Saudi Arabia",
        "UAE",
    ]


@pytest.mark.parametrize(("year", "count"), [(2015, 8), (2024, 25)])
def test_number_of_recipients_counts_each_recipient_once(register, year, count):
    # 2015: 11 rows, 8 recipients; 2024: 32 rows, 25 recipients.
    assert len(answer_keys.recipients_in_year(register, "Turkey", year)) == count


def test_recipients_accepts_the_official_spelling(register):
    assert answer_keys.recipients_in_year(
        register, "Türkiye", 2010
    ) == answer_keys.recipients_in_year(register, "Turkey", 2010)


def test_year_without_deliveries_gives_an_empty_list(register):
    # The register starts with deliveries in 1995.
    assert answer_keys.recipients_in_year(register, "Turkey", 1990) == []


def test_year_given_as_text_is_refused(register):
    with pytest.raises(TypeError, match="year must be an int"):
        answer_keys.recipients_in_year(register, "Turkey", "2015")


def test_unknown_supplier_is_refused(register):
    with pytest.raises(KeyError, match="unknown country"):
        answer_keys.recipients_in_year(register, "Turky", 2015)


def test_turkish_exports_first_exceed_imports_in_2020(register):
    # Hand-summed TIV in the raw file: 2019 exports 274.30 < imports 766.57;
    # 2020 exports 264.53 > imports 106.57.
    flows = queries.imports_and_exports(register, "Turkey")
    assert queries.first_year_exports_exceed_imports(flows) == 2020
