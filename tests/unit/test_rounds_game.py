"""The game: carry-forward, clipping, refusals that name the open options, reveals.

Expected states come from the table "Ankara's actual path" in
``balancing/rounds/README.md`` (worked by hand from the file's effects), and the
count of playable combinations from the same README.
"""

import itertools

import pytest

from balancing.rounds import ChoiceError, Game, load_rounds

ROUNDS = load_rounds()
VARIABLES = ("moscow", "washington", "kyiv", "brussels", "economy", "mediation")
# balancing/rounds/README.md, "Ankara's actual path": the state after each round.
ACTUAL_PATH = {
    "start": (1, -1, 2, 0, -1, 0),
    "straits": (1, 0, 3, 1, -1, 1),
    "talks": (2, 0, 3, 1, -1, 3),
    "nordic": (1, 1, 3, 1, -1, 3),
    "grain": (1, 1, 3, 2, -1, 3),
    "grain_end": (2, 1, 2, 2, -1, 3),
    "banks": (1, 2, 2, 3, -2, 3),
    "assad": (0, 2, 2, 3, -1, 3),
    "istanbul_2025": (0, 3, 2, 3, -1, 3),
}
ACTUAL_CHOICES = [
    "article19_all",
    "host_talks",
    "bargain_then_consent",
    "co_guarantor",
    "persuade_moscow",
    "let_banks_comply",
    "engage_fast",
    "host_now",
]


def as_tuple(state):
    return tuple(state[name] for name in VARIABLES)


def test_the_game_starts_in_january_2022():
    game = Game()
    assert ROUNDS.names == VARIABLES
    assert as_tuple(game.state) == ACTUAL_PATH["start"]
    assert game.current.id == "straits" and not game.finished


def test_playing_ankaras_actual_choices_gives_the_readmes_path():
    game = Game()
    for round_, choice in zip(ROUNDS, ACTUAL_CHOICES, strict=True):
        assert round_.actual == choice
        turn = game.choose(choice)
        assert as_tuple(turn.after) == ACTUAL_PATH[round_.id], round_.id
    assert game.finished and game.current is None
    assert game.history == dict(zip([r.id for r in ROUNDS], ACTUAL_CHOICES, strict=True))


def test_effects_are_clipped_to_the_scale():
    game = Game()
    game.choose("article19_all")
    turn = game.choose("host_talks")  # mediation 1 + 2 = 3, the top of the scale
    assert turn.after["mediation"] == 3
    game.choose("bargain_then_consent")
    turn = game.choose("co_guarantor")  # mediation +1 from 3 stays 3; kyiv +1 from 3 stays 3
    assert (turn.before["mediation"], turn.after["mediation"]) == (3, 3)
    assert (turn.before["kyiv"], turn.after["kyiv"]) == (3, 3)
    assert (turn.before["brussels"], turn.after["brussels"]) == (1, 2)


def test_a_closed_option_is_refused_naming_the_open_ones_and_why():
    game = Game()
    game.choose("close_to_russia")  # moscow 1 - 2 = -1
    assert [o.id for o in game.open_options()] == ["join_isolation", "quiet_channels"]
    with pytest.raises(ChoiceError) as caught:
        game.choose("host_talks")
    message = str(caught.value)
    assert "'host_talks' is closed in round 2 ('talks'" in message
    assert "Open options: 'join_isolation', 'quiet_channels'." in message
    assert "needs Relations with Moscow ≥ 0 (it is -1)" in message
    assert caught.value.allowed == ("join_isolation", "quiet_channels")
    assert game.current.id == "talks", "a refused choice must not advance the game"
    assert game.state["moscow"] == -1


def test_an_unknown_option_is_refused_naming_the_options():
    game = Game()
    with pytest.raises(
        ChoiceError, match=r"'close_the_straits' is not an option of round 1"
    ) as caught:
        game.choose("close_the_straits")
    assert caught.value.allowed == ("peacetime_rules", "article19_all", "close_to_russia")
    assert "Open options: 'peacetime_rules', 'article19_all', 'close_to_russia'." in str(
        caught.value
    )


def test_an_earlier_choice_opens_or_closes_a_later_option():
    game = Game()
    for choice in ("article19_all", "host_talks", "bargain_then_consent", "stand_aside"):
        game.choose(choice)
    closed = game.closed_options()
    assert "persuade_moscow" in closed
    assert closed["persuade_moscow"] == [
        "needs “Sign, host the coordination centre and inspect” in round 4 "
        "(“Leave it to the UN” was chosen)"
    ]


def test_skipped_rounds_leave_the_state_unchanged_and_close_what_depends_on_them():
    game = Game(play=["straits", "nordic", "banks", "istanbul_2025"])
    game.choose("article19_all")
    assert game.current.id == "nordic"
    turn = game.choose("bargain_then_consent")  # washington 0 + 1, moscow 1 - 1
    assert as_tuple(turn.after) == (0, 1, 3, 1, -1, 1)
    game.choose("let_banks_comply")  # moscow 0 - 1: Moscow will not accept Ankara as host
    assert game.current.id == "istanbul_2025"
    assert game.state["moscow"] == -1
    assert [o.id for o in game.open_options()] == ["leaders_only", "ceasefire_first"]

    skip_grain = Game(play=["straits", "grain_end"])
    skip_grain.choose("article19_all")
    assert "that round was not played" in skip_grain.closed_options()["persuade_moscow"][0]


def test_play_must_name_known_rounds_in_date_order():
    with pytest.raises(ValueError, match="unknown round"):
        Game(play=["straits", "tlaks"])
    with pytest.raises(ValueError, match="in date order"):
        Game(play=["talks", "straits"])


def test_the_reveal_comes_only_after_the_choice():
    game = Game()
    with pytest.raises(ValueError, match="record a choice in round 'straits' first"):
        game.reveal("straits")
    game.choose("peacetime_rules")
    reveal = game.reveal("straits")
    assert reveal.actual.id == "article19_all"
    assert "hurriyet2022montreux" in reveal.sources
    assert "[hurriyet2022montreux]" in reveal.text
    assert reveal.legal_note.startswith("Peacetime (Articles 10-18)")
    with pytest.raises(ValueError, match="record a choice in round 'talks' first"):
        game.reveal("talks")


def test_a_finished_game_refuses_further_choices():
    game = Game(play=["istanbul_2025"])
    game.choose("ceasefire_first")
    with pytest.raises(ChoiceError, match="the game is over: all 1 rounds have been played"):
        game.choose("host_now")


def count_playable(game_rounds):
    """Count the combinations of one option per round whose every option is open in turn."""
    count = 0
    for combination in itertools.product(*[[o.id for o in r.options] for r in game_rounds]):
        game = Game(ROUNDS)
        try:
            for choice in combination:
                game.choose(choice)
        except ChoiceError:
            continue
        count += 1
    return count


def test_the_readmes_count_of_playable_combinations():
    # README: "Of the 6,561 (3^8) combinations of one option per round, 1,145 can be played
    # to the end."
    total = 1
    for round_ in ROUNDS:
        total *= len(round_.options)
    assert total == 6561
    assert count_playable(ROUNDS.rounds) == 1145
