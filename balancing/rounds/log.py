"""The class log: one row per team per round, its schema, reader and writer.

Each team's notebook appends its rows to its own CSV file (:class:`LogWriter`,
used by the live player); the instructor reads one or several files at once
with :func:`read_log`, which refuses a malformed log with the file, line and
column of the first problem. Columns, in order:

``team``
    The team's name (1-60 characters). Names starting ``"Model: "`` are
    reserved for the model's own runs (:func:`balancing.rounds.presets.model_runs`).
``round``
    The round's id (``straits``, ``talks``...).
``choice``
    The id of the option the team recorded; it must have been open given the
    team's earlier rows (rounds it has no row for count as skipped).
``weight_<variable>``
    One column per state variable (``weight_moscow``...): how much the team
    cared about it, 0 to :data:`WEIGHT_MAX`.
``reason``
    The team's one-line reason (1-200 characters, no line break).
``timestamp``
    When the row was recorded: ISO 8601 with a time zone
    (``2026-03-02T10:15:00+00:00``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from balancing.data.errors import DataFileError
from balancing.data.rawcsv import ColumnSpec, read_raw_csv
from balancing.data.schemas import validate
from balancing.rounds.game import ChoiceError, Game
from balancing.rounds.load import load_rounds
from balancing.rounds.schema import Rounds

#: The largest weight a team can give a state variable.
WEIGHT_MAX = 3.0
#: The name under which Ankara's actual choices appear next to the teams'.
ANKARA = "Ankara (what it did)"
MAX_TEAM_LENGTH = 60
MAX_REASON_LENGTH = 200


def team_file(team: str) -> str:
    """Return the file name a team's notebook writes its rows to.

    Parameters
    ----------
    team : str
        The team's name.

    Returns
    -------
    str
        ``crisis-rounds-<team>.csv``, the name in lower case with every run of
        other characters than letters and digits made one hyphen
        (``"Team A"`` gives ``crisis-rounds-team-a.csv``).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", team.strip().lower()).strip("-")
    if not slug:
        raise ValueError(f"team: {team!r} has no letter or digit to name a file after")
    return f"crisis-rounds-{slug}.csv"


def weight_column(variable: str) -> str:
    """Return the log's column for a state variable's weight (``"weight_moscow"``)."""
    return f"weight_{variable}"


def log_columns(rounds: Rounds) -> tuple[str, ...]:
    """Return the class log's columns, in order, for these rounds' state variables."""
    return ("team", "round", "choice", *map(weight_column, rounds.names), "reason", "timestamp")


def _one_line(series: pd.Series) -> pd.Series:
    return ~series.str.contains(r"[\r\n]", regex=True)


def _one_line_text(what: str, max_length: int) -> pa.Column:
    """Return the column of a one-line text of 1 to ``max_length`` characters.

    ``what`` names the text in the messages, e.g. ``"a reason"``.
    """
    return pa.Column(
        str,
        [
            pa.Check.str_length(
                min_value=1, max_value=max_length, error=f"{what} has 1-{max_length} characters"
            ),
            pa.Check(_one_line, error=f"{what} is one line"),
        ],
    )


def log_schema(rounds: Rounds) -> pa.DataFrameSchema:
    """Return the pandera schema of a class log for these rounds.

    Parameters
    ----------
    rounds : Rounds
        The rounds (their ids and state variables).

    Returns
    -------
    pandera.DataFrameSchema
        Types, ranges and lengths of every column. :func:`read_log` adds what
        needs the rows together: one row per team and round (naming both rows, in
        one file or across files), and each choice open given the team's earlier
        rows (it replays each team's game).
    """
    round_ids = [r.id for r in rounds]
    weight = pa.Column(
        float,
        pa.Check.in_range(0.0, WEIGHT_MAX, error=f"a weight is a number from 0 to {WEIGHT_MAX}"),
    )
    return pa.DataFrameSchema(
        {
            "team": _one_line_text("a team name", MAX_TEAM_LENGTH),
            "round": pa.Column(str, pa.Check.isin(round_ids, error=f"round is one of {round_ids}")),
            "choice": pa.Column(
                str, pa.Check.str_length(min_value=1, error="choice is an option id")
            ),
            **{weight_column(name): weight for name in rounds.names},
            "reason": _one_line_text("a reason", MAX_REASON_LENGTH),
            "timestamp": pa.Column("datetime64[ns, UTC]"),
        },
        strict=True,
        ordered=True,
        name="class_log",
    )


@dataclass(frozen=True)
class LogRow:
    """One row of the class log: a team's choice in a round, with its weights and reason."""

    team: str
    round: str
    choice: str
    weights: Mapping[str, float]
    reason: str
    timestamp: dt.datetime


def log_frame(rows: Iterable[LogRow], rounds: Rounds | None = None) -> pd.DataFrame:
    """Turn rows into a class log frame, checked against the schema.

    Parameters
    ----------
    rows : iterable of LogRow
        The rows.
    rounds : Rounds, optional
        The rounds (default: the package's).

    Returns
    -------
    pandas.DataFrame
        Columns of :func:`log_columns`.
    """
    rounds = load_rounds() if rounds is None else rounds
    records = [
        {
            "team": row.team,
            "round": row.round,
            "choice": row.choice,
            **{weight_column(name): float(row.weights[name]) for name in rounds.names},
            "reason": row.reason,
            "timestamp": pd.Timestamp(row.timestamp),
        }
        for row in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=list(log_columns(rounds)))
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True).astype("datetime64[ns, UTC]")
    return log_schema(rounds).validate(frame)


def _specs(rounds: Rounds) -> tuple[ColumnSpec, ...]:
    kinds = {"team": "str", "round": "str", "choice": "str", "reason": "str", "timestamp": "str"}
    return tuple(ColumnSpec(name, name, kinds.get(name, "float")) for name in log_columns(rounds))


def _parse_timestamps(path: Path, text: pd.Series, lines: np.ndarray) -> pd.Series:
    stamps = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
    naive = ~text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True)
    bad = (stamps.isna() | naive).to_numpy()
    if bad.any():
        at = int(np.argmax(bad))
        raise DataFileError(
            path,
            "expected an ISO 8601 time with a time zone, e.g. 2026-03-02T10:15:00+00:00; "
            f"found {text.iloc[at]!r}",
            line=int(lines[at]),
            column="timestamp",
        )
    return stamps.astype("datetime64[ns, UTC]")


def _teams(log: pd.DataFrame, rounds: Rounds) -> Iterator[tuple[str, pd.DataFrame, Game]]:
    """Yield each team's rows in round order, with a new game over the rounds it played."""
    order = {r.id: r.number for r in rounds}
    for team, rows in log.groupby("team", sort=False):
        rows = rows.sort_values("round", key=lambda ids: ids.map(order), kind="stable")
        yield team, rows, Game(rounds, list(rows["round"]))


def _replay(frame: pd.DataFrame, files: list[Path], lines: np.ndarray, rounds: Rounds) -> None:
    for team, rows, game in _teams(frame, rounds):
        for index, row in rows.iterrows():
            try:
                game.choose(row["choice"])
            except ChoiceError as error:
                raise DataFileError(
                    files[index], f"team {team!r}: {error}", line=int(lines[index]), column="choice"
                ) from None


def read_log(
    paths: Path | str | Sequence[Path | str], rounds: Rounds | None = None
) -> pd.DataFrame:
    """Read one or several class-log files, checked, into one frame.

    Parameters
    ----------
    paths : Path, str or sequence of them
        One CSV file per team (or any split of the class's rows): an instructor
        passes every team's file at once.
    rounds : Rounds, optional
        The rounds played (default: the package's).

    Returns
    -------
    pandas.DataFrame
        Every row, in file order, with the columns of :func:`log_columns`;
        ``timestamp`` is a UTC datetime column.

    Raises
    ------
    DataFileError
        For the first problem found, naming the file, the line and the column: a
        missing or extra column, an empty field (a missing reason...), a weight that
        is not a number from 0 to 3, a bad timestamp, an unknown round, a team with
        two rows for one round (in one file or across files), or a choice that is
        not an option of its round or was not open given the team's earlier rows.
    """
    rounds = load_rounds() if rounds is None else rounds
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    if not paths:
        raise ValueError("read_log needs at least one file")
    schema = log_schema(rounds)
    frames, files, lines = [], [], []
    for path in map(Path, paths):
        raw = read_raw_csv(path, _specs(rounds))
        frame = raw.frame.copy()
        frame["timestamp"] = _parse_timestamps(path, frame["timestamp"], raw.lines)
        frames.append(frame)
        files += [path] * len(frame)
        lines.append(raw.lines)
    log = pd.concat(frames, ignore_index=True)
    line_array = np.concatenate(lines)
    try:  # one validation for all files (about 0.1 s each); per file only to say where
        log = schema.validate(log, lazy=True)
    except pa.errors.SchemaErrors:
        for frame, path, frame_lines in zip(frames, map(Path, paths), lines, strict=True):
            validate(frame, schema, path, frame_lines)
        raise
    repeated = log.duplicated(["team", "round"]).to_numpy()
    if repeated.any():
        at = int(np.argmax(repeated))
        first = int(
            np.argmax((log["team"] == log["team"][at]) & (log["round"] == log["round"][at]))
        )
        raise DataFileError(
            files[at],
            f"team {log['team'][at]!r} already has a row for round {log['round'][at]!r} "
            f"({files[first].name}, line {line_array[first]}): one row per team per round",
            line=int(line_array[at]),
            column="round",
        )
    _replay(log, files, line_array, rounds)
    return log


def write_log(log: pd.DataFrame, path: Path | str) -> Path:
    """Write a class log frame to a CSV file that :func:`read_log` reads back.

    Parameters
    ----------
    log : pandas.DataFrame
        A class log (e.g. :func:`balancing.rounds.presets.model_runs`).
    path : Path or str
        The file to write (replaced if it exists).

    Returns
    -------
    Path
        The file written.
    """
    path = Path(path)
    out = log.copy()
    out["timestamp"] = out["timestamp"].map(lambda stamp: stamp.isoformat())
    out.to_csv(path, index=False, lineterminator="\n")
    return path


class LogWriter:
    """Append one team's rows to its class-log file, as the team records its choices.

    Parameters
    ----------
    path : Path or str
        The team's file; created with a header line on the first row.
    team : str
        The team's name, written in every row.
    rounds : Rounds, optional
        The rounds (default: the package's).

    Raises
    ------
    ValueError
        If the team's name is empty, longer than 60 characters, spans lines or
        starts with ``"Model: "`` (reserved for the model's own runs).
    """

    def __init__(self, path: Path | str, team: str, rounds: Rounds | None = None) -> None:
        self.path = Path(path)
        self.rounds = load_rounds() if rounds is None else rounds
        team = team.strip()
        if not 1 <= len(team) <= MAX_TEAM_LENGTH or "\n" in team:
            raise ValueError(
                f"team: a team name is one line of 1-{MAX_TEAM_LENGTH} characters, got {team!r}"
            )
        if team.startswith("Model: "):
            raise ValueError("team: names starting 'Model: ' are reserved for the model's own runs")
        self.team = team

    def append(
        self,
        round_id: str,
        choice: str,
        weights: Mapping[str, float],
        reason: str,
        timestamp: dt.datetime | None = None,
    ) -> LogRow:
        """Append one row to the file.

        Parameters
        ----------
        round_id, choice : str
            The round and the option the team recorded (the game has checked that
            it was open).
        weights : Mapping[str, float]
            One weight per state variable, 0 to 3.
        reason : str
            The team's one-line reason.
        timestamp : datetime, optional
            When it was recorded (default: now, UTC).

        Returns
        -------
        LogRow
            The row written.

        Raises
        ------
        ValueError
            Naming the field: an unknown round or option, a missing or extra weight,
            a weight outside 0..3, or a reason that is empty, too long or not one line.
        """
        played = self.rounds.round(round_id)
        played.option(choice)
        names = set(self.rounds.names)
        if set(weights) != names:
            raise ValueError(
                f"weights: expected one weight for each of {sorted(names)}, got {sorted(weights)}"
            )
        for name, value in weights.items():
            if not 0 <= value <= WEIGHT_MAX:
                raise ValueError(f"weights: {name} must be from 0 to {WEIGHT_MAX}, got {value}")
        reason = reason.strip()
        if not 1 <= len(reason) <= MAX_REASON_LENGTH or "\n" in reason or "\r" in reason:
            raise ValueError(
                f"reason: write a one-line reason of 1-{MAX_REASON_LENGTH} characters "
                f"(got {len(reason)} characters)"
            )
        stamp = dt.datetime.now(dt.UTC) if timestamp is None else timestamp
        row = LogRow(self.team, round_id, choice, dict(weights), reason, stamp)
        new = not self.path.exists() or self.path.stat().st_size == 0
        with self.path.open("a", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            if new:
                writer.writerow(log_columns(self.rounds))
            writer.writerow(
                [
                    self.team,
                    round_id,
                    choice,
                    *(f"{float(weights[name]):g}" for name in self.rounds.names),
                    reason,
                    stamp.isoformat(timespec="seconds"),
                ]
            )
        return row


def actual_choices(rounds: Rounds | None = None) -> pd.DataFrame:
    """Return Ankara's actual path as log rows: the option closest to what it did, per round.

    Parameters
    ----------
    rounds : Rounds, optional
        The rounds (default: the package's).

    Returns
    -------
    pandas.DataFrame
        Columns ``team`` (always :data:`ANKARA`), ``round`` and ``choice``.
    """
    rounds = load_rounds() if rounds is None else rounds
    return pd.DataFrame(
        {"team": ANKARA, "round": [r.id for r in rounds], "choice": [r.actual for r in rounds]}
    )


def state_paths(log: pd.DataFrame, rounds: Rounds | None = None) -> pd.DataFrame:
    """Replay each team's choices and return its state after every round it played.

    Parameters
    ----------
    log : pandas.DataFrame
        At least the columns ``team``, ``round`` and ``choice`` of a checked log
        (:func:`read_log`, :func:`~balancing.rounds.presets.model_runs`, or
        :func:`actual_choices`).
    rounds : Rounds, optional
        The rounds (default: the package's).

    Returns
    -------
    pandas.DataFrame
        Long form, one row per team, step and state variable: ``team``, ``step``
        (0 for January 2022, then the round's number), ``round`` (``"start"`` at
        step 0), ``variable`` and ``value``. Teams keep the log's order.
    """
    rounds = load_rounds() if rounds is None else rounds
    records = []
    for team, rows, game in _teams(log, rounds):
        steps = [(0, "start", dict(game.state))]
        for choice in rows["choice"]:
            turn = game.choose(choice)
            steps.append((turn.round.number, turn.round.id, dict(turn.after)))
        records += [
            {"team": team, "step": step, "round": round_id, "variable": name, "value": value}
            for step, round_id, state in steps
            for name, value in state.items()
        ]
    return pd.DataFrame.from_records(
        records, columns=["team", "step", "round", "variable", "value"]
    )
