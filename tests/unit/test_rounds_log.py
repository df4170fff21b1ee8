"""The class log: fixture logs written here, read back, and refused by file, line and field."""

import datetime as dt

import pandas as pd
import pytest

from balancing.data.errors import DataFileError
from balancing.rounds import LogWriter, read_log

HEADER = (
    "team,round,choice,weight_moscow,weight_washington,weight_kyiv,weight_brussels,"
    "weight_economy,weight_mediation,reason,timestamp"
)
WEIGHTS = "1,2,1,1,0.5,3"
TEAM_A = [
    f"Team A,straits,article19_all,{WEIGHTS},Equal treatment keeps us a mediator,"
    "2026-03-02T10:15:00+00:00",
    f'Team A,talks,host_talks,{WEIGHTS},"Host, and be seen to host",2026-03-02T10:26:00+01:00',
]
TEAM_B = [
    f"Team B,straits,close_to_russia,{WEIGHTS},Kyiv asked for it,2026-03-02T10:16:00Z",
    f"Team B,talks,quiet_channels,{WEIGHTS},Moscow would refuse us as host,2026-03-02T10:27:00Z",
]


def write(tmp_path, name, lines, header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def refused(path_or_paths):
    with pytest.raises(DataFileError) as caught:
        read_log(path_or_paths)
    return caught.value


def test_a_valid_log_from_two_files_reads_as_one_frame(tmp_path):
    a = write(tmp_path, "team-a.csv", TEAM_A)
    b = write(tmp_path, "team-b.csv", TEAM_B)
    log = read_log([a, b])
    assert list(log.columns) == HEADER.split(",")
    assert list(log["team"]) == ["Team A", "Team A", "Team B", "Team B"]
    assert log["reason"][1] == "Host, and be seen to host"
    assert log["weight_mediation"].tolist() == [3.0] * 4
    assert log["timestamp"].dtype == "datetime64[ns, UTC]"
    # 10:26 at UTC+1 is 09:26 UTC.
    assert log["timestamp"][1] == pd.Timestamp("2026-03-02T09:26:00", tz="UTC")


def test_a_team_may_skip_rounds(tmp_path):
    rows = [
        TEAM_A[0],
        f"Team A,nordic,block,{WEIGHTS},Not while they shelter the PKK,2026-03-02T10:40:00Z",
    ]
    assert len(read_log(write(tmp_path, "skip.csv", rows))) == 2


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (f"Team A,talk,host_talks,{WEIGHTS},Host,2026-03-02T10:26:00Z", "round", "round is one of"),
        (
            f"Team A,talks,host_the_talks,{WEIGHTS},Host,2026-03-02T10:26:00Z",
            "choice",
            "'host_the_talks' is not an option of round 2 ('talks', Hosting talks). "
            "Open options: 'host_talks', 'join_isolation', 'quiet_channels'.",
        ),
        (f"Team A,talks,host_talks,{WEIGHTS},,2026-03-02T10:26:00Z", "reason", "missing value"),
        (
            "Team A,talks,host_talks,1,2,1,1,0.5,4.5,Host,2026-03-02T10:26:00Z",
            "weight_mediation",
            "a weight is a number from 0 to 3",
        ),
        (
            "Team A,talks,host_talks,1,2,x,1,0.5,3,Host,2026-03-02T10:26:00Z",
            "weight_kyiv",
            "expected a number",
        ),
        (
            f"Team A,talks,host_talks,{WEIGHTS},Host,2026-03-02 10:26",
            "timestamp",
            "with a time zone",
        ),
        (f"Team A,talks,host_talks,{WEIGHTS},Host,yesterday", "timestamp", "found 'yesterday'"),
        (
            f"Team A,straits,peacetime_rules,{WEIGHTS},Changed our mind,2026-03-02T10:26:00Z",
            "round",
            "already has a row for round 'straits' (bad.csv, line 2)",
        ),
    ],
    ids=[
        "unknown-round",
        "unknown-option",
        "missing-reason",
        "weight-range",
        "weight-text",
        "naive-time",
        "bad-time",
        "two-rows",
    ],
)
def test_a_malformed_row_is_refused_with_file_line_and_column(tmp_path, row, column, words):
    path = write(tmp_path, "bad.csv", [TEAM_A[0], row])
    error = refused(path)
    assert (error.path, error.line, error.column) == (path, 3, column), str(error)
    assert words in str(error)
    assert str(error).startswith(f"{path}, line 3, column {column!r}: ")


def test_a_choice_that_was_not_open_given_the_teams_earlier_rows_is_refused(tmp_path):
    rows = [TEAM_B[0], f"Team B,talks,host_talks,{WEIGHTS},Host anyway,2026-03-02T10:27:00Z"]
    error = refused(write(tmp_path, "b.csv", rows))
    assert (error.line, error.column) == (3, "choice")
    assert "team 'Team B': 'host_talks' is closed in round 2" in str(error)
    assert "Open options: 'join_isolation', 'quiet_channels'." in str(error)
    assert "needs Relations with Moscow ≥ 0 (it is -1)" in str(error)


def test_a_team_in_two_files_with_the_same_round_names_both_files(tmp_path):
    a = write(tmp_path, "a.csv", TEAM_A)
    again = write(tmp_path, "a-again.csv", [TEAM_A[0]])
    error = refused([a, again])
    assert (error.path, error.line, error.column) == (again, 2, "round")
    assert "(a.csv, line 2)" in str(error)


def test_a_missing_column_and_an_empty_file_are_refused(tmp_path):
    header = HEADER.replace(",reason", "")
    row = TEAM_A[0].replace(",Equal treatment keeps us a mediator", "")
    error = refused(write(tmp_path, "cols.csv", [row], header=header))
    assert error.line == 1 and "missing column(s) ['reason']" in str(error)
    error = refused(write(tmp_path, "empty.csv", []))
    assert "no data rows" in str(error)


def test_the_writer_appends_rows_that_the_reader_accepts(tmp_path):
    path = tmp_path / "team-c.csv"
    writer = LogWriter(path, "  Team C  ")
    weights = dict.fromkeys(
        ("moscow", "washington", "kyiv", "brussels", "economy", "mediation"), 1.5
    )
    stamp = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC)
    writer.append("straits", "article19_all", weights, "Even-handed, as the convention says", stamp)
    writer.append("talks", "host_talks", weights, "Both sides, one table", stamp)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER and len(lines) == 3
    assert lines[1] == (
        "Team C,straits,article19_all,1.5,1.5,1.5,1.5,1.5,1.5,"
        '"Even-handed, as the convention says",2026-03-02T10:15:00+00:00'
    )
    log = read_log(path)
    assert list(log["choice"]) == ["article19_all", "host_talks"]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"reason": "   "}, "reason: write a one-line reason"),
        ({"reason": "two\nlines"}, "reason: write a one-line reason"),
        ({"weights": {"moscow": 1.0}}, "weights: expected one weight for each of"),
        (
            {
                "weights": dict.fromkeys(
                    ("moscow", "washington", "kyiv", "brussels", "economy", "mediation"), 4
                )
            },
            "weights: moscow must be from 0 to 3",
        ),
    ],
)
def test_the_writer_refuses_a_bad_row_naming_the_field(tmp_path, kwargs, words):
    path = tmp_path / "team.csv"
    row = {
        "round_id": "straits",
        "choice": "article19_all",
        "weights": dict.fromkeys(
            ("moscow", "washington", "kyiv", "brussels", "economy", "mediation"), 1
        ),
        "reason": "fine",
    } | kwargs
    with pytest.raises(ValueError, match=words):
        LogWriter(path, "Team D").append(**row)
    assert not path.exists(), "nothing is written when a row is refused"


def test_the_writer_refuses_model_and_empty_team_names(tmp_path):
    with pytest.raises(ValueError, match="reserved for the model's own runs"):
        LogWriter(tmp_path / "x.csv", "Model: Westernist")
    with pytest.raises(ValueError, match="team: a team name is one line"):
        LogWriter(tmp_path / "x.csv", " ")
