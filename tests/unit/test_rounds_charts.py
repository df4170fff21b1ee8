"""Charts of a class log: labelled for what they show, text alternatives from the data."""

import json

import pandas as pd
import pytest

from balancing.rounds import model_runs, read_log
from balancing.rounds.charts import choices_chart, choices_frame, credit, state_chart
from balancing.rounds.log import ANKARA, state_paths

HEADER = (
    "team,round,choice,weight_moscow,weight_washington,weight_kyiv,weight_brussels,"
    "weight_economy,weight_mediation,reason,timestamp"
)
ROWS = [
    "Team A,straits,article19_all,1,1,1,1,1,1,Even-handed,2026-03-02T10:15:00Z",
    "Team A,talks,host_talks,1,1,1,1,1,1,Host them,2026-03-02T10:25:00Z",
    "Team B,straits,close_to_russia,1,1,3,1,1,1,Kyiv asked,2026-03-02T10:16:00Z",
    "Team B,talks,quiet_channels,1,1,3,1,1,1,No host for us,2026-03-02T10:26:00Z",
]


@pytest.fixture
def class_log(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return read_log(path)


def test_the_choices_frame_puts_ankara_first_with_the_sheets_letters(class_log):
    frame = choices_frame(class_log)
    ankara = frame[frame["team"] == ANKARA]
    # rounds.yaml: Ankara's choices are B, A, B, A, A, A, A, A on the sheets.
    assert "".join(ankara["letter"]) == "BABAAAAA"
    assert list(frame["team"].drop_duplicates()) == [ANKARA, "Team A", "Team B"]
    team_b = frame[frame["team"] == "Team B"]
    assert list(team_b["letter"]) == ["C", "C"]
    assert list(team_b["match"]) == ["Different", "Different"]
    assert list(frame[frame["team"] == "Team A"]["match"]) == ["Same as Ankara"] * 2
    assert list(frame["round"][:2]) == ["1. Feb 2022", "2. Mar 2022"]


def test_the_choices_chart_says_how_often_each_team_chose_as_ankara(class_log):
    spec = choices_chart(class_log).to_dict()
    assert "Team A, 2 of 2; Team B, 0 of 2" in spec["description"]
    # Round 1: A chose B, B chose C (2 options); round 2: A and C (2): both rounds tie.
    assert "most divided (2 different options) in rounds 1 (The Straits" in spec["description"]
    assert spec["title"]["subtitle"] == ["Class log: 2 teams; effects are the course's assumptions"]


def test_a_log_of_model_runs_is_labelled_as_the_models_never_as_students():
    runs = model_runs()
    assert credit(runs).startswith("The model's own runs (5 weight presets), not students")
    spec = choices_chart(runs).to_dict()
    assert "not students" in spec["title"]["subtitle"][0]


def test_a_mixed_log_counts_teams_and_model_runs(class_log):
    mixed = pd.concat([class_log, model_runs()], ignore_index=True)
    assert credit(mixed).startswith("Class log: 2 teams and 5 model runs")


def test_state_paths_replay_each_team_from_january_2022(class_log):
    paths = state_paths(class_log).set_index(["team", "step", "variable"])["value"]
    # By hand: start (1, -1, 2, 0, -1, 0); close_to_russia adds kyiv +2 (clipped at 3),
    # washington +1, moscow -2, economy -1, mediation -1; quiet_channels changes nothing.
    after = {
        "moscow": -1,
        "washington": 0,
        "kyiv": 3,
        "brussels": 0,
        "economy": -2,
        "mediation": -1,
    }
    for variable, value in after.items():
        assert paths[("Team B", 1, variable)] == value
        assert paths[("Team B", 2, variable)] == value
    assert paths[("Team A", 0, "moscow")] == 1


def test_the_state_chart_binds_its_menu_in_the_page_and_describes_the_end_states(class_log):
    spec = state_chart(class_log).to_dict()
    [param] = spec["params"]
    assert param["bind"]["input"] == "select"
    assert "Relations with Moscow" in param["bind"]["options"]
    description = spec["description"]
    assert (
        "Team B: Moscow -1, Washington 0, Kyiv +3, Brussels 0, Economy -2, Mediation -1"
        in description
    )
    # Ankara's actual path ends (README): 0, +3, +2, +3, -1, +3.
    assert "Ankara (what it did): Moscow 0, Washington +3, Kyiv +2, Brussels +3" in description
    assert len(json.dumps(spec)) < 100_000


def test_a_frame_without_the_columns_is_refused_by_name():
    with pytest.raises(
        ValueError, match=r"choices_chart needs a frame with the column\(s\) \['reason'\]"
    ):
        choices_chart(pd.DataFrame({"team": ["x"], "round": ["straits"], "choice": ["block"]}))
