"""The live explorer, driven headless: set widget values and check that the outputs follow."""


import numpy as np
import pytest

from balancing.escalation import evaluate, load_parameters, policy_table
from balancing.escalation.analysis import best_policy
from balancing.escalation.explorer import EscalationExplorer


@pytest.fixture
def explorer(capsys):
    made = EscalationExplorer()
    capsys.readouterr()  # outside a kernel, display() prints the chart's repr
    return made


def test_starts_on_turkeys_2022_policy_and_the_preset(explorer):
    params = load_parameters()
    assert explorer.current_policy() == params.actual_2022
    np.testing.assert_allclose(explorer.current_weights(), params.weights("balanced"))
    expected = evaluate(params, params.actual_2022, "balanced")
    assert explorer.evaluation.utility == pytest.approx(expected.utility)


def test_moving_a_lever_changes_the_outcome(explorer):
    before_utility = explorer.evaluation.utility
    before_chart = explorer.chart.to_dict()
    explorer.levers["black_sea"].value = "combat"
    params = load_parameters()
    policy = {**params.actual_2022, "black_sea": "combat"}
    assert explorer.evaluation.policy == policy
    assert explorer.evaluation.utility == pytest.approx(
        evaluate(params, policy, "balanced").utility
    )
    assert explorer.evaluation.utility != pytest.approx(before_utility)
    assert explorer.chart.to_dict() != before_chart
    assert "mediation paradox" in explorer._story.value
    naval = explorer.evaluation.probabilities[params.response_index("naval_pressure")]
    assert f"{naval:.2f}" in explorer._responses.value


def test_choosing_a_preset_moves_the_sliders_and_the_best_policy(explorer):
    params = load_parameters()
    explorer.preset.value = "atlanticist"
    np.testing.assert_allclose(explorer.current_weights(), params.weights("atlanticist"))
    table = policy_table(params)
    assert explorer.best_label == table.label(best_policy(table, "atlanticist"))
    assert explorer.best_label in explorer._summary.value.replace("&#x27;", "'")


def test_a_weight_slider_changes_the_best_policy(explorer):
    params = load_parameters()
    table = policy_table(params)
    explorer.weights["moscow"].value = 3.0
    weights = params.weights("balanced").copy()
    weights[params.interests.index("moscow")] = 3.0
    assert explorer.best_label == table.label(best_policy(table, weights))
    assert explorer.best_label != table.label(best_policy(table, "balanced"))


def test_a_probability_slider_changes_the_responses(explorer):
    params = load_parameters()
    explorer.probabilities["tourism_ban"].value = 0.5
    index = params.response_index("tourism_ban")
    # deliver adds 0.05 to the tourism ban's base (parameters.yaml).
    assert explorer.evaluation.probabilities[index] == pytest.approx(0.55)
    shifted = params.with_base("tourism_ban", 0.5)
    assert explorer.evaluation.utility == pytest.approx(
        evaluate(shifted, params.actual_2022, "balanced").utility
    )


def test_book_snapshot_draws_the_chart_as_a_picture(monkeypatch, capsys):
    # In the book build the saved widget cannot run vega's scripts: it must hold an SVG.
    monkeypatch.setenv("BALANCING_ALTAIR_RENDERER", "book")
    explorer = EscalationExplorer()
    capsys.readouterr()
    picture = explorer._static_chart()
    assert picture.data.lstrip().startswith("<svg")
    assert "Expected outcome" in picture.data
