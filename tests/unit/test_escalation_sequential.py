"""The sequential crisis: a hand-solved tiny game and the course's own tree."""

import copy

import pytest

from balancing.escalation import load_parameters, parameters_from_dict
from balancing.escalation.parameters import read_yaml
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
    params = parameters_from_dict(copy.deepcopy(TINY), "war")
    # Ankara's utility without Moscow (weights 1, 1; "both" needs r1, so it is 0):
    # (lo,off) 0, (lo,on) 1.5, (hi,off) 1, (hi,on) 1 + 0.5 + 2 x 0.8 = 3.1.
    # With r1 certain: x loses 1 and "both" = r2, worth 10 r2: (lo,on) 5.5, (hi,on) 10.1.
    # Whatever Moscow does, Ankara ends at (hi,on), so Moscow (value -1 there, r1 costing
    # 0.1) restrains; every opening yields 3.1 and the first, (lo,off), wins the tie.
    outcome = crisis_outcome(params, "even")
    assert outcome.opening == {"a": "lo", "b": "off"}
    assert outcome.moscow_action == "restraint"
    assert outcome.adjustment == "escalate"
    assert outcome.final == {"a": "hi", "b": "on"}
    assert outcome.payoffs == pytest.approx({"Ankara": 3.1, "Moscow": -1.0})
    # Off the path, after opening (hi,on) and r1: hold gives 10.1; de-escalating to
    # (lo,off) leaves half of r1, 0 - 0.5 = -0.5; escalating changes nothing: Ankara holds.
    assert outcome.solution.strategy[("a=hi, b=on", "r1")] == "hold"
    options = {o.action: o for o in outcome.options}
    assert options["restraint"].moscow_payoff == pytest.approx(-1.0)
    assert options["r1"].moscow_payoff == pytest.approx(-1.1)
    assert options["r1"].ankara_answer == "escalate"


def test_the_outcome_is_explained_in_words():
    params = parameters_from_dict(copy.deepcopy(TINY), "war")
    first, second = crisis_outcome(params, "even").explanation()
    assert first.startswith("Moscow holds back. Ankara would escalate anyway")
    assert "-1.00" in first and "its best alternative (r1) would leave it with -1.10" in first
    assert second == "Ankara then chooses to escalate, ending at: a hi, b on."


def test_a_moscow_action_is_explained_with_its_reason():
    params = load_parameters("war")
    outcome = crisis_outcome(params, "westernist")
    chosen = next(o for o in outcome.options if o.action == outcome.moscow_action)
    text = " ".join(outcome.explanation())
    if chosen.kind == "restraint":
        assert text.startswith("Moscow holds back.")
    else:
        assert f"Moscow's choice: {chosen.label}" in text
        assert f"Moscow expects Ankara then to {chosen.ankara_answer}" in text
    assert all(o.moscow_payoff <= chosen.moscow_payoff + 1e-12 for o in outcome.options)


def test_course_tree_has_the_expected_shape():
    params = load_parameters("war")
    game = crisis_game(params, "equal", openings=[params.actual_2022])
    ((opening_label, moscow_node),) = game.actions
    assert opening_label == (
        "drones=deliver, sanctions=opt_out, black_sea=abstain, straits=warn_all, mediation=offer"
    )
    names = [name for name, _ in moscow_node.actions]
    assert names[0] == "restraint"
    assert "moscow_accepts_mediation" in names  # mediation is offered
    assert "us_rapprochement" not in names  # only Moscow moves in this game
    for _, ankara_node in moscow_node.actions:
        assert tuple(name for name, _ in ankara_node.actions) == ADJUSTMENTS


def test_adjustments_skip_levels_unavailable_in_the_phase():
    params = load_parameters("pre_war")
    opening = {"drones": "deliver", "sanctions": "opt_out", "black_sea": "abstain",
               "straits": "peacetime_rules", "mediation": "offer"}  # fmt: skip
    outcome = crisis_outcome(params, "equal", openings=[opening])
    assert outcome.final["straits"] == "peacetime_rules"  # no Article 19 before the war


def test_course_crisis_solves_for_every_preset_and_phase():
    for phase in ("pre_war", "war"):
        params = load_parameters(phase)
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
        crisis_game(load_parameters(), "equal", openings=[])


def test_an_audience_cost_makes_backing_down_rarer():
    raw = read_yaml()
    free = copy.deepcopy(raw)
    free["sequential"]["backing_down"]["cost"] = 0.0
    costly = copy.deepcopy(raw)
    costly["sequential"]["backing_down"]["cost"] = 10.0
    for phase in ("pre_war", "war"):
        for preset in ("equal", "trading_state"):
            outcome = crisis_outcome(parameters_from_dict(costly, phase), preset)
            assert outcome.adjustment != "de-escalate"
    # Without the cost, some preset's equilibrium backs down: the parameter matters.
    adjustments = {
        crisis_outcome(parameters_from_dict(free, phase), preset).adjustment
        for phase in ("pre_war", "war")
        for preset in ("equal", "trading_state")
    }
    assert "de-escalate" in adjustments
    with pytest.raises(ValueError, match=r"backing_down\.interest must be one of"):
        broken = copy.deepcopy(raw)
        broken["sequential"]["backing_down"]["interest"] = "honour"
        parameters_from_dict(broken)
