"""Weights, the model's myopic recommendation, and the model's preset runs as a class log."""

import datetime as dt

import pytest

from balancing.rounds import (
    Game,
    LogWriter,
    load_presets,
    model_runs,
    play_preset,
    read_log,
    write_log,
)
from balancing.rounds.log import weight_column
from balancing.rounds.presets import option_scores, recommend
from balancing.rounds.schema import RoundsFileError

PRESETS = load_presets()
EQUAL = {name: 1.0 for name in ("moscow", "washington", "kyiv", "brussels", "economy", "mediation")}
STAMP = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC)


def test_presets_are_the_schools_with_their_sources():
    assert list(PRESETS) == [
        "equal",
        "westernist",
        "eurasianist",
        "strategic_autonomy",
        "trading_state",
    ]
    assert PRESETS["westernist"].sources == ("akturk2015", "onis2009")
    assert PRESETS["trading_state"].weights["economy"] == 3.0
    for preset in PRESETS.values():
        assert set(preset.weights) == set(EQUAL)
        assert all(0 <= w <= 3 for w in preset.weights.values())


def test_scores_are_weights_times_effects_of_the_open_options():
    game = Game()
    round_ = game.current
    # By hand from rounds.yaml, round 1, equal weights:
    # peacetime_rules 1 - 2 - 1 - 1 = -3; article19_all 1 + 1 + 1 + 1 = 4;
    # close_to_russia 2 + 1 - 2 - 1 - 1 = -1.
    scores = option_scores(round_, game.state, game.history, EQUAL, game.rounds)
    assert scores == {"peacetime_rules": -3, "article19_all": 4, "close_to_russia": -1}
    # Eurasianist weights (moscow 3, washington 0.3, kyiv 0.5, brussels 0.3, mediation 1):
    # peacetime_rules 3 - 1 - 0.3 - 0.3 = 1.4; article19_all 0.5 + 0.3 + 0.3 + 1 = 2.1.
    eurasian = option_scores(
        round_, game.state, game.history, PRESETS["eurasianist"].weights, game.rounds
    )
    assert eurasian["peacetime_rules"] == pytest.approx(1.4)
    assert eurasian["article19_all"] == pytest.approx(2.1)
    assert recommend(game, PRESETS["eurasianist"].weights).id == "article19_all"


def test_only_open_options_are_recommended_and_ties_go_to_the_first_listed():
    game = Game()
    game.choose("close_to_russia")
    only_moscow = dict.fromkeys(EQUAL, 0.0) | {"moscow": 3.0}
    # host_talks (+1 Moscow) would score best but is closed at moscow -1.
    assert recommend(game, only_moscow).id == "quiet_channels"
    nothing = dict.fromkeys(EQUAL, 0.0)
    assert recommend(game, nothing).id == "join_isolation"


def test_every_preset_plays_a_complete_game():
    for name, preset in PRESETS.items():
        game = play_preset(preset.weights)
        assert game.finished, name
        assert len(game.turns) == 8


def test_model_runs_are_a_complete_valid_log_labelled_as_the_models(tmp_path):
    log = model_runs(timestamp=STAMP)
    assert len(log) == 8 * len(PRESETS)
    assert set(log["team"]) == {f"Model: {p.label}" for p in PRESETS.values()}
    assert all(log.groupby("team")["round"].apply(list).map(len) == 8)
    assert all("model's own run" in reason for reason in log["reason"])
    westernist = log[log["team"] == "Model: Westernist"]
    assert (westernist[weight_column("washington")] == 3.0).all()
    path = tmp_path / "model-runs.csv"
    back = read_log(write_log(log, path))
    assert back.equals(log)


def test_a_full_game_under_each_preset_written_team_by_team_loads_back(tmp_path):
    files = []
    for name, preset in PRESETS.items():
        path = tmp_path / f"{name}.csv"
        writer = LogWriter(path, f"Team {name}")
        game = Game()
        while not game.finished:
            option = recommend(game, preset.weights)
            round_id = game.current.id
            game.choose(option.id)
            writer.append(round_id, option.id, preset.weights, f"{preset.label} weights", STAMP)
        files.append(path)
    log = read_log(files)
    assert len(log) == 8 * len(PRESETS)
    runs = model_runs(timestamp=STAMP)
    assert list(log["choice"]) == list(runs["choice"])


def test_a_bad_presets_file_is_refused_by_field(tmp_path):
    path = tmp_path / "presets.yaml"
    path.write_text(
        "presets:\n  lopsided:\n    label: Lopsided\n    sources: []\n"
        "    weights: {moscow: 5, washington: 1, kyiv: 1, brussels: 1, economy: 1, mediation: 1}\n"
        "    reason: Too much.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        RoundsFileError, match=r"'presets.lopsided.weights.moscow': expected a number from 0 to 3"
    ):
        load_presets(path)
    path.write_text(
        "presets:\n  short:\n    label: Short\n    sources: []\n"
        "    weights: {moscow: 1}\n    reason: Too few.\n",
        encoding="utf-8",
    )
    with pytest.raises(RoundsFileError, match="one weight for each state variable"):
        load_presets(path)
