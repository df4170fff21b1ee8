"""The sequential crisis: a hand-solved tiny game and the course's own tree."""

import copy

import pytest

from balancing.escalation import load_parameters, parameters_from_dict
from balancing.escalation.sequential import (
    ADJUSTMENTS,
    Leaf,
    Node,
    crisis_game,
    crisis_outcome,
    solve,
)

from support.escalation_tiny import TINY


def test_solve_a_textbook_entry_game():
    # Entrant enters or stays out; incumbent fights or accommodates after entry.
    game = Node(
        "Entrant",
        (
            ("out", Leaf({"Entrant": 0, "Incumbent": 2})),
            (
                "in",
                Node(
                    "Incumbent",
                    (
                        ("fight", Leaf({"Entrant": -1, "Incumbent": -1})),
                        ("accommodate", Leaf({"Entrant": 1, "Incumbent": 1})),
                    ),
                ),
            ),
        ),
    )
    solution = solve(game)
    assert solution.path == ("in", "accommodate")
    assert solution.payoffs == {"Entrant": 1, "Incumbent": 1}
    assert solution.strategy == {("in",): "accommodate", (): "in"}


def test_tiny_crisis_by_hand():
    params = parameters_from_dict(copy.deepcopy(TINY))
    # Ankara's utility without Moscow (weights 1, 1): (lo,off) 0, (lo,on) 1.5, (hi,off) 1,
    # (hi,on) 1 + 0.5 + 2 * 0.8 = 3.1. r1 (coercion) costs Ankara 1, Moscow 0.1.
    # Whatever Moscow does, Ankara ends at (hi,on), so Moscow restrains; every opening
    # yields 3.1 and the first, (lo,off), wins the tie: Ankara escalates from there.
    outcome = crisis_outcome(params, "even")
    assert outcome.opening == {"a": "lo", "b": "off"}
    assert outcome.moscow_action == "restraint"
    assert outcome.adjustment == "escalate"
    assert outcome.final == {"a": "hi", "b": "on"}
    assert outcome.payoffs == pytest.approx({"Ankara": 3.1, "Moscow": -1.0})
    # Off the path, after opening (hi,on) and r1: hold gives 2.1, de-escalating to
    # (lo,off) gives 0 - 0.5 * 1 = -0.5, escalating changes nothing: Ankara holds.
    assert outcome.solution.strategy[("a=hi, b=on", "r1")] == "hold"


def test_course_tree_has_the_expected_shape():
    params = load_parameters()
    game = crisis_game(params, "balanced", openings=[params.actual_2022])
    ((opening_label, moscow_node),) = game.actions
    assert opening_label == "drones=deliver, sanctions=opt_out, black_sea=abstain, mediation=offer"
    names = [name for name, _ in moscow_node.actions]
    assert names[0] == "restraint"
    assert "accept_mediation" in names  # mediation is offered in 2022
    assert "us_rapprochement" not in names  # Washington does not move in this game
    for _, ankara_node in moscow_node.actions:
        assert tuple(name for name, _ in ankara_node.actions) == ADJUSTMENTS


def test_course_crisis_solves_for_every_preset():
    params = load_parameters()
    for preset in params.presets:
        outcome = crisis_outcome(params, preset)
        assert outcome.adjustment in ADJUSTMENTS
        assert set(outcome.final) == set(params.lever_names)


def test_bad_games_are_rejected():
    with pytest.raises(ValueError, match="no actions"):
        solve(Node("Ankara", ()))
    with pytest.raises(ValueError, match="repeated action names"):
        solve(Node("Ankara", (("x", Leaf({"Ankara": 1})), ("x", Leaf({"Ankara": 2})))))
    with pytest.raises(ValueError, match="no payoff for Moscow"):
        solve(Node("Moscow", (("x", Leaf({"Ankara": 1})),)))
    with pytest.raises(ValueError, match="openings"):
        crisis_game(load_parameters(), "balanced", openings=[])
