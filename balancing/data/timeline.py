"""The course's timeline of dated events, 2015-2025: loader and schema.

``data/timeline/events.csv`` is the course's own curated dataset (not an
export): one row per event, each with a source that is a key of
``references.bib``. ``make data`` checks it and copies it into the package's
files, from which :func:`load_events` reads it by default. Columns:

``date``
    ISO date ``YYYY-MM-DD``. When only the month (or year) is certain, write
    the first day of that month (or year) and say so in ``date_precision``.
``date_precision``
    ``day``, ``month`` or ``year``.
``event``
    A short, neutral description in the course's own words.
``actors``
    Semicolon-separated names from :data:`ACTORS`.
``theme``
    One of :data:`THEMES`.
``source``
    The citation key of the source that dates the event.

:func:`load_events` reads the file with :func:`balancing.data.rawcsv.read_raw_csv`
(so a malformed row is reported with its line and column), parses the dates,
checks the table against :data:`EVENTS_SCHEMA` and checks every source key
against the bibliography.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from balancing.data.bibliography import bibliography_file, read_bibliography
from balancing.data.errors import DataFileError
from balancing.data.rawcsv import ColumnSpec, read_raw_csv
from balancing.data.schemas import validate
from balancing.paths import package_file

#: Actors an event may involve (the ``actors`` column uses these spellings).
ACTORS: tuple[str, ...] = (
    "Turkey",
    "Russia",
    "Ukraine",
    "United States",
    "NATO",
    "EU",
    "United Nations",
    "Syria",
    "Libya",
    "Mali",
    "Azerbaijan",
    "Armenia",
    "Finland",
    "Sweden",
)

#: Themes, each matching a thread of the course.
THEMES: tuple[str, ...] = (
    "drones",
    "sanctions",
    "black-sea",
    "s-400-f-35",
    "mediation",
    "syria",
    "libya-africa",
    "caucasus",
    "energy",
    "tourism-trade",
    "nato-enlargement",
    "war-in-ukraine",
    "domestic",
)

PRECISIONS: tuple[str, ...] = ("day", "month", "year")

#: The span the timeline covers.
FIRST_DATE = pd.Timestamp("2015-01-01")
LAST_DATE = pd.Timestamp("2025-12-31")

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("date", "date", "str"),
    ColumnSpec("date_precision", "date_precision", "str"),
    ColumnSpec("event", "event", "str"),
    ColumnSpec("actors", "actors", "str"),
    ColumnSpec("theme", "theme", "str"),
    ColumnSpec("source", "source", "str"),
)


def events_path() -> Path:
    """Return the timeline shipped with the package (a copy of ``data/timeline/events.csv``)."""
    return package_file("timeline", "events.csv")


def _known_actors(actors: pd.Series) -> pd.Series:
    return actors.map(lambda text: bool(text) and set(text.split(";")) <= set(ACTORS))


def _precision_matches_date(frame: pd.DataFrame) -> pd.Series:
    month_ok = (frame["date_precision"] != "month") | (frame["date"].dt.day == 1)
    year_ok = (frame["date_precision"] != "year") | (
        (frame["date"].dt.day == 1) & (frame["date"].dt.month == 1)
    )
    return month_ok & year_ok


EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "date": pa.Column("datetime64[ns]", pa.Check.in_range(FIRST_DATE, LAST_DATE)),
        "date_precision": pa.Column(str, pa.Check.isin(PRECISIONS)),
        "event": pa.Column(str, pa.Check.str_length(min_value=10, max_value=200)),
        "actors": pa.Column(
            str,
            pa.Check(
                _known_actors,
                element_wise=False,
                error=f"actors must be ';'-separated names from {list(ACTORS)}",
            ),
        ),
        "theme": pa.Column(str, pa.Check.isin(THEMES)),
        "source": pa.Column(str, pa.Check.str_matches(r"^[A-Za-z][A-Za-z0-9_:-]*$")),
    },
    checks=[
        pa.Check(
            _precision_matches_date,
            error="a month-precision date must be the 1st of the month, a year-precision "
            "date 1 January",
        ),
        pa.Check(
            lambda frame: frame["date"].diff().fillna(pd.Timedelta(0)) >= pd.Timedelta(0),
            error="events must be in chronological order",
        ),
    ],
    unique=["date", "event"],
    strict=True,
    ordered=True,
    name="timeline_events",
)


def _parse_dates(path: Path, text: pd.Series, lines: np.ndarray) -> pd.Series:
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = dates.isna().to_numpy()
    if bad.any():
        at = int(np.argmax(bad))
        raise DataFileError(
            path,
            f"expected an ISO date YYYY-MM-DD, found {text.iloc[at]!r}",
            line=int(lines[at]),
            column="date",
        )
    return dates.astype("datetime64[ns]")


def _check_sources(path: Path, frame: pd.DataFrame, lines: np.ndarray, bib_file: Path) -> None:
    keys = read_bibliography(bib_file)
    unknown = ~frame["source"].isin(list(keys)).to_numpy()
    if unknown.any():
        at = int(np.argmax(unknown))
        key = frame["source"].iloc[at]
        close = difflib.get_close_matches(key, list(keys), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise DataFileError(
            path,
            f"source {key!r} is not a key of {bib_file.name}{hint}",
            line=int(lines[at]),
            column="source",
        )


def load_events(path: Path | None = None, bib_file: Path | None = None) -> pd.DataFrame:
    """Load the timeline, validated, with parsed dates.

    Parameters
    ----------
    path : Path, optional
        The events file (default: :func:`events_path`).
    bib_file : Path, optional
        The bibliography that every ``source`` must resolve in (default: the
        copy shipped with the package).

    Returns
    -------
    pandas.DataFrame
        One row per event, in chronological order; ``date`` is a datetime
        column, the other columns are text.

    Raises
    ------
    DataFileError
        If the file is missing or malformed, a date does not parse, a value
        breaks the schema (unknown actor or theme, date outside 2015-2025,
        events out of order) or a source is not in the bibliography. The
        message names the file, line and column.
    """
    path = events_path() if path is None else path
    bib_file = bibliography_file() if bib_file is None else bib_file
    raw = read_raw_csv(path, COLUMNS)
    frame = raw.frame.copy()
    frame["date"] = _parse_dates(path, frame["date"], raw.lines)
    events = validate(frame, EVENTS_SCHEMA, path, raw.lines)
    _check_sources(path, events, raw.lines, bib_file)
    return events
