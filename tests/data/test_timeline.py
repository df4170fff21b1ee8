"""The timeline dataset: every event sourced and dated, clear errors, filters, chart."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from balancing.data import timeline
from balancing.data.errors import DataFileError
from balancing.timeline import charts as timeline_charts
from balancing.timeline import queries

HEADER = "date,date_precision,event,actors,theme,source\n"
GOOD_ROW = (
    "2022-07-22,day,Grain initiative signed in Istanbul,Turkey;Russia,black-sea,pierini2022\n"
)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return timeline.load_events()


@pytest.fixture(scope="module")
def raw_rows() -> list[dict[str, str]]:
    # Read independently of the loader, with the standard library.
    with timeline.events_path().open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_at_least_60_events_from_2015_to_2025(raw_rows, events):
    assert 60 <= len(raw_rows) <= 120
    assert len(events) == len(raw_rows)
    years = {int(row["date"][:4]) for row in raw_rows}
    assert min(years) >= 2015 and max(years) <= 2025


def test_every_event_has_a_source_and_an_iso_date(raw_rows):
    for number, row in enumerate(raw_rows, start=2):
        assert row["source"].strip(), f"line {number} has no source"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]), f"line {number}: {row['date']}"
        assert row["date_precision"] in {"day", "month", "year"}


def test_loader_parses_dates_in_chronological_order(events):
    assert str(events["date"].dtype) == "datetime64[ns]"
    assert events["date"].is_monotonic_increasing


def test_hand_checked_dates(events):
    # Dates checked against the cited reports and official statements. Two events
    # may share a date (28 February 2022), so pairs of (date, source) are compared.
    expected = [
        ("2015-09-30", "sharecast2015syria"),  # Russia's air strikes in Syria begin
        ("2015-11-24", "trtworld2015sanctions"),  # Su-24 shot down
        ("2016-07-15", "qz2016coup"),  # coup attempt, night of 15-16 July
        ("2016-10-11", "reuters2016food"),  # first Russian food bans lifted
        ("2017-11-01", "report2017tomatoes"),  # tomatoes allowed within a quota
        ("2019-07-12", "bianet2019f35"),  # first S-400 components arrive
        ("2020-03-05", "politico2020idlib"),  # Moscow ceasefire on Idlib
        ("2020-12-14", "defenceturkey2020caatsa"),  # CAATSA sanctions on the SSB
        ("2021-04-12", "hurriyet2021flights"),  # flight cuts from 15 April announced
        ("2022-02-24", "upi2022invasion"),  # full-scale invasion
        ("2022-02-28", "duvar2022straits"),  # Straits closed to warships
        ("2022-02-28", "anews2022talks"),  # first talks, Belarusian border region
        ("2022-03-01", "hurriyet2022nosanctions"),  # no sanctions on Russia
        ("2022-03-10", "reuters2022antalya"),  # Antalya talks
        ("2022-03-29", "alarabiya2022istanbul"),  # Istanbul talks
        ("2022-07-22", "invest2022grain"),  # Black Sea Grain Initiative
        ("2023-04-04", "nato2023finland"),  # Finland joins NATO
        ("2023-05-28", "trtworld2023runoff"),  # presidential runoff
        ("2023-07-17", "meduza2023grain"),  # Russia leaves the grain deal
        ("2024-01-23", "aytekin2024sweden"),  # Turkey's parliament ratifies Sweden
        ("2024-03-07", "sweden2024nato"),  # Sweden joins NATO
        ("2024-12-08", "sputnik2024assad"),  # Assad leaves Syria
        ("2025-05-16", "ht2025istanbul"),  # first direct talks since 2022
    ]
    pairs = set(zip(events["date"].dt.strftime("%Y-%m-%d"), events["source"], strict=True))
    for date, source in expected:
        assert (date, source) in pairs, (date, source)


def test_filter_by_actor_and_theme(events):
    mali = queries.filter_events(events, actor="Mali")
    assert mali["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2021-12-23",  # partners condemn the Wagner deployment
        "2024-01-04",  # new batch of TB2s
        "2025-06-06",  # Wagner leaves, Africa Corps stays
    ]
    straits = queries.filter_events(events, actor="Turkey", theme="black-sea")
    assert "2022-02-28" in set(straits["date"].dt.strftime("%Y-%m-%d"))
    assert (straits["theme"] == "black-sea").all()
    assert len(queries.filter_events(events)) == len(events)


def test_filter_by_several_themes_and_date(events):
    theatres = queries.filter_events(events, themes=["syria", "libya-africa", "caucasus"])
    assert set(theatres["theme"]) == {"syria", "libya-africa", "caucasus"}
    recent = queries.filter_events(events, since="2022-02-24")
    assert recent["date"].min() == pd.Timestamp("2022-02-24")  # the invasion
    with pytest.raises(ValueError, match="since must be an ISO date"):
        queries.filter_events(events, since="24/02/2022")
    with pytest.raises(ValueError, match="unknown theme 'libya'"):
        queries.filter_events(events, themes=["libya"])


def test_unknown_filter_values_are_explained(events):
    with pytest.raises(ValueError, match=r"unknown actor 'Turkiye'.*Did you mean 'Turkey'"):
        queries.filter_events(events, actor="Turkiye")
    with pytest.raises(ValueError, match="unknown theme 'drone'"):
        queries.filter_events(events, theme="drone")


def test_actor_rows_has_one_row_per_actor(events, raw_rows):
    long = queries.actor_rows(events)
    assert len(long) == sum(len(row["actors"].split(";")) for row in raw_rows)
    assert set(long["actor"]) <= set(timeline.ACTORS)


def test_a_good_file_loads(tmp_path):
    loaded = timeline.load_events(write(tmp_path, GOOD_ROW))
    assert loaded.loc[0, "date"] == pd.Timestamp("2022-07-22")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "2022-13-01,day,A month that does not exist,Turkey,black-sea,pierini2022\n",
            "date",
            "expected an ISO date",
        ),
        (
            "22/07/2022,day,A date in the wrong format,Turkey,black-sea,pierini2022\n",
            "date",
            "expected an ISO date",
        ),
        (
            "2022-07-22,day,An actor outside the list,Turkiye,black-sea,pierini2022\n",
            "actors",
            "actors must be",
        ),
        ("2022-07-22,day,A theme outside the list,Turkey,grain,pierini2022\n", "theme", "isin"),
        (
            "2030-01-01,day,An event after the timeline's span,Turkey,black-sea,pierini2022\n",
            "date",
            "in_range",
        ),
        (
            "2022-07-22,day,A source that is not in the bibliography,Turkey,black-sea,pierini\n",
            "source",
            "did you mean pierini2022",
        ),
        ("2022-07-22,day,Empty source,Turkey,black-sea,\n", "source", "missing value"),
    ],
)
def test_bad_rows_name_line_and_column(tmp_path, row, column, message):
    path = write(tmp_path, GOOD_ROW + row)
    with pytest.raises(DataFileError, match=message) as caught:
        timeline.load_events(path)
    assert caught.value.line == 3
    assert caught.value.column == column


def test_month_precision_must_be_the_first_of_the_month(tmp_path):
    row = "2022-07-15,month,Something in July only,Turkey,black-sea,pierini2022\n"
    with pytest.raises(DataFileError, match="1st of the month"):
        timeline.load_events(write(tmp_path, row))


def test_events_out_of_order_are_rejected(tmp_path):
    earlier = "2021-01-01,year,An event written after a later one,Turkey,black-sea,pierini2022\n"
    with pytest.raises(DataFileError, match="chronological order"):
        timeline.load_events(write(tmp_path, GOOD_ROW + earlier))


def test_missing_column_and_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="missing column"):
        timeline.load_events(write(tmp_path, GOOD_ROW, header="date,event,actors,theme,source\n"))
    with pytest.raises(DataFileError, match="file not found"):
        timeline.load_events(tmp_path / "absent.csv")


def test_chart_binds_actor_and_theme_filters(events):
    spec = timeline_charts.timeline_chart(events).to_dict()
    layers = [spec, *spec["layer"]]
    params = {p["name"]: p for part in layers for p in part.get("params", [])}
    assert params["actor"]["bind"]["input"] == "select"
    assert "Turkey" in params["actor"]["bind"]["options"]
    assert "mediation" in params["theme"]["bind"]["options"]
    assert any(p.get("bind") == "legend" for p in params.values())
    assert spec["title"]["text"]


def test_chart_description_counts_the_events(events, raw_rows):
    text = timeline_charts.describe_timeline(events)
    assert f"Timeline of {len(raw_rows)} dated events" in text
    assert "30 September 2015" in text  # the first event, Russia's air strikes in Syria


def test_readable_formats_dates_and_actors(events):
    table = queries.readable(queries.filter_events(events, actor="Mali"))
    assert table.loc[1, "date"] == "2024-01-04"
    assert table.loc[1, "actors"] == "Mali, Turkey"
    assert list(table.columns) == list(events.columns)


def test_chart_title_spans_the_events_shown(events):
    recent = queries.filter_events(events, since="2022-01-01")
    title = timeline_charts.timeline_chart(recent).to_dict()["title"]["text"]
    assert title.endswith("2022-2025")
