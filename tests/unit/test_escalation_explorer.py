"""The live explorer, driven headless: set widget values and check that the outputs follow."""

import ipywidgets as w
import numpy as np
import pytest

from balancing.escalation import evaluate, load_parameters, policy_table
from balancing.escalation.analysis import best_policy
from balancing.escalation.explorer import EscalationExplorer, explore
from balancing.viz import RENDERER_VARIABLE

ACTUAL = load_parameters("war").actual_2022


@pytest.fixture
def explorer(capsys):
    made = EscalationExplorer()
    capsys.readouterr()  # outside a kernel, display() prints the chart's repr
    return made


def choose(explorer, policy):
    for lever, level in policy.items():
        explorer.levers[lever].value = level


def test_opens_on_equal_weights_at_war_with_no_policy_chosen(explorer):
    params = load_parameters("war")
    assert explorer.phase.value == "war"
    assert explorer.current_policy() is None and explorer.evaluation is None
    assert all(control.value is None for control in explorer.levers.values())
    np.testing.assert_allclose(explorer.current_weights(), np.ones(len(params.interests)))
    assert "Choose a level for every lever" in explorer._summary.value
    assert "2022" not in explorer.widget.children[0].value  # no hint of what Ankara did


def test_every_control_is_named(explorer):
    controls = [explorer.phase, explorer.preset, *explorer.levers.values()]
    controls += [*explorer.weights.values(), *explorer.probabilities.values()]
    assert all(control.description.strip() for control in controls)
    names = [control.description for control in controls]
    assert len(set(names)) == len(names)


def test_choosing_every_lever_evaluates_the_policy(explorer):
    choose(explorer, ACTUAL)
    params = load_parameters("war")
    expected = evaluate(params, ACTUAL, "equal")
    assert explorer.evaluation.utility == pytest.approx(expected.utility)
    utilities = policy_table(params).utilities("equal")
    assert explorer.rank == 1 + int((utilities > expected.utility + 1e-12).sum())
    assert f"rank {explorer.rank} of 162" in explorer._summary.value
    succeeds = expected.probabilities[params.response_index("mediation_succeeds")]
    assert f"{succeeds:.2f}" in explorer._responses.value
    assert "(yours)" in explorer._ranking.value


def test_moving_a_lever_changes_the_outcome(explorer):
    choose(explorer, ACTUAL)
    before = explorer.evaluation.utility
    explorer.levers["black_sea"].value = "combat"
    policy = {**ACTUAL, "black_sea": "combat"}
    assert explorer.evaluation.policy == policy
    assert explorer.evaluation.utility == pytest.approx(
        evaluate(load_parameters("war"), policy, "equal").utility
    )
    assert explorer.evaluation.utility != pytest.approx(before)
    assert "mediation paradox" in explorer._story.value


def test_choosing_a_preset_moves_the_sliders_and_the_best_policy(explorer):
    params = load_parameters("war")
    explorer.preset.value = "westernist"
    np.testing.assert_allclose(explorer.current_weights(), params.weights("westernist"))
    table = policy_table(params)
    assert explorer.best_label == table.label(best_policy(table, "westernist"))


def test_a_weight_slider_re_ranks_every_policy(explorer):
    params = load_parameters("war")
    table = policy_table(params)
    explorer.weights["moscow"].value = 3.0
    weights = np.ones(len(params.interests))
    weights[params.interests.index("moscow")] = 3.0
    assert explorer.best_label == table.label(best_policy(table, weights))
    assert explorer.best_label != table.label(best_policy(table, "equal"))


def test_all_zero_weights_are_refused_in_words(explorer):
    for control in explorer.weights.values():
        control.value = 0.0
    assert "Every weight is 0" in explorer._summary.value


def test_before_the_war_the_straits_cannot_be_closed(explorer):
    choose(explorer, ACTUAL)
    explorer.phase.value = "pre_war"
    assert explorer.evaluation is None
    assert "Article 19 applies in time of war" in explorer._summary.value
    explorer.levers["straits"].value = "peacetime_rules"
    assert explorer.rank is not None and "of 54" in explorer._summary.value


def test_a_probability_slider_changes_the_responses(explorer):
    params = load_parameters("war")
    choose(explorer, ACTUAL)
    explorer.probabilities["tourism_ban"].value = 0.5
    index = params.response_index("tourism_ban")
    # deliver adds 0.05 to the tourism ban's base (parameters.yaml).
    assert explorer.evaluation.probabilities[index] == pytest.approx(0.55)
    shifted = params.with_base("tourism_ban", 0.5)
    assert explorer.evaluation.utility == pytest.approx(evaluate(shifted, ACTUAL, "equal").utility)


def test_explore_gives_the_static_explorer_in_the_book_and_creates_no_widget(monkeypatch):
    monkeypatch.setenv(RENDERER_VARIABLE, "book")
    alive = w.widgets.widget._instances  # every widget model the kernel would save
    before = len(alive)
    shown = explore()
    assert not isinstance(shown, EscalationExplorer)
    assert shown.to_dict()["params"][0]["name"] == "phase"
    assert len(alive) == before


def test_explore_gives_the_live_widget_in_a_running_notebook(monkeypatch, capsys):
    monkeypatch.setenv(RENDERER_VARIABLE, "live")
    assert isinstance(explore(), EscalationExplorer)
    capsys.readouterr()
