"""Hand-computed cases for the escalation model, on a tiny parameter set and on the real one."""

import copy

import numpy as np
import pytest

from balancing.escalation import evaluate, load_parameters, parameters_from_dict, policy_table
from balancing.escalation.analysis import (
    best_policy,
    inverse,
    pareto_front,
    random_scenarios,
    rank,
    sensitivity,
    sweep,
    sweep_summary,
    weight_path,
    weight_to_reach,
)

from support.escalation_tiny import TINY

# By hand. Policies in order (lo,off), (lo,on), (hi,off), (hi,on).
# r1: 0.2 at lo, 0.7 at hi. r2: 0 when off; 0.5 at lo,on; 0.8 at hi,on.
# x = baseline - p1; y = baseline + 2 p2.
HAND_PROBS = [[0.2, 0.0], [0.2, 0.5], [0.7, 0.0], [0.7, 0.8]]
HAND_SCORES = [[-0.2, 0.0], [-0.2, 1.5], [0.3, 0.0], [0.3, 2.1]]


@pytest.fixture
def tiny():
    return parameters_from_dict(copy.deepcopy(TINY))


def test_tiny_table_matches_hand_computation(tiny):
    table = policy_table(tiny)
    assert table.policies.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    np.testing.assert_allclose(table.probabilities, HAND_PROBS)
    np.testing.assert_allclose(table.scores, HAND_SCORES)


def test_evaluate_one_policy_by_hand(tiny):
    result = evaluate(tiny, {"a": "hi", "b": "on"}, {"x": 2.0, "y": 1.0})
    np.testing.assert_allclose(result.scores, [0.3, 2.1])
    np.testing.assert_allclose(result.contributions, [0.6, 2.1])
    assert result.utility == pytest.approx(2.7)
    np.testing.assert_allclose(result.probabilities, [0.7, 0.8])


def test_rank_and_best_by_hand(tiny):
    table = policy_table(tiny)
    ranked = rank(table, "even")  # utilities -0.2, 1.3, 0.3, 2.4
    assert ranked.index.tolist() == [3, 1, 2, 0]
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    assert ranked["utility"].tolist() == pytest.approx([2.4, 1.3, 0.3, -0.2])
    assert best_policy(table, "x_only") == 2  # (hi,off) and (hi,on) tie on x: first wins


def test_pareto_front_by_hand(tiny):
    front = pareto_front(policy_table(tiny), "x", "y")
    assert front["on_front"].tolist() == [False, False, False, True]


def test_weight_path_by_hand(tiny):
    # With x's weight at 1: U = x + w_y * y. (hi,off) = 0.3, (hi,on) = 0.3 + 2.1 w_y:
    # (hi,on) is best for every w_y > 0; with w_x varying instead and w_y = 1:
    # (lo,on) = -0.2 w + 1.5 and (hi,on) = 0.3 w + 2.1 never cross for w >= 0.
    table = policy_table(tiny)
    path = weight_path(table, "even", "x", stop=10.0)
    assert path["row"].tolist() == [3]
    assert path["to_weight"].tolist() == [10.0]


def test_real_probabilities_by_hand():
    params = load_parameters()
    result = evaluate(params, params.actual_2022, "balanced")
    probs = dict(zip(params.response_names, result.probabilities, strict=True))
    # From parameters.yaml: deliver, opt_out, abstain, offer.
    assert probs["tourism_ban"] == pytest.approx(0.05 + 0.05)
    assert probs["accept_mediation"] == pytest.approx(0.6 - 0.05)
    assert probs["naval_pressure"] == pytest.approx(0.0)
    assert probs["us_political_damage"] == pytest.approx(0.7)
    declined = evaluate(params, {**params.actual_2022, "mediation": "decline"}, "balanced")
    assert declined.probabilities[params.response_index("accept_mediation")] == 0.0


def test_probabilities_are_clipped_to_unit_interval():
    params = load_parameters()
    table = policy_table(params)
    assert table.probabilities.min() >= 0.0 and table.probabilities.max() <= 1.0
    # naval_pressure: base 0 + 0.7 at combat; us_political_damage: 0.7 - 0.7 = 0 at full.
    worst = table.index({"drones": "expand", "sanctions": "full", "black_sea": "combat",
                         "mediation": "offer"})  # fmt: skip
    assert table.probabilities[worst, params.response_index("naval_pressure")] == pytest.approx(0.7)
    assert table.probabilities[worst, params.response_index("us_political_damage")] == 0.0


def test_sensitivity_thresholds_agree_with_a_brute_force_scan():
    params = load_parameters()
    table = policy_table(params)
    weights = params.weights("balanced")
    best = best_policy(table, weights)
    result = sensitivity(table, weights)
    grid = np.linspace(0.0, 8.0, 8001)
    for i, interest in enumerate(params.interests):
        scanned = np.tile(weights, (grid.size, 1))
        scanned[:, i] = grid
        winners = np.argmax(scanned @ table.scores.T, axis=1)
        above = grid > weights[i]
        changed_up = grid[above][winners[above] != best]
        raise_by = result.loc[interest, "raise_by"]
        if np.isnan(raise_by):
            assert changed_up.size == 0 or changed_up[0] > 8.0 - weights[i]
        else:
            assert changed_up[0] - weights[i] == pytest.approx(raise_by, abs=2e-3)
        below = grid < weights[i]
        changed_down = grid[below][winners[below] != best]
        lower_by = result.loc[interest, "lower_by"]
        if np.isnan(lower_by):
            assert changed_down.size == 0
        else:
            assert weights[i] - changed_down[-1] == pytest.approx(lower_by, abs=2e-3)


def test_weight_path_agrees_with_a_brute_force_scan():
    params = load_parameters()
    table = policy_table(params)
    path = weight_path(table, "atlanticist", "mediation_role", stop=5.0)
    weights = params.weights("atlanticist").copy()
    for _, stretch in path.iterrows():
        middle = (stretch["from_weight"] + stretch["to_weight"]) / 2
        weights[params.interests.index("mediation_role")] = middle
        assert best_policy(table, weights) == stretch["row"]


def test_mediation_threshold_makes_abstaining_optimal():
    params = load_parameters()
    table = policy_table(params)
    threshold = weight_to_reach(table, "atlanticist", "mediation_role", "black_sea", "abstain")
    assert threshold is not None
    weights = params.weights("atlanticist").copy()
    column = params.lever_names.index("black_sea")
    weights[params.interests.index("mediation_role")] = threshold - 0.01
    assert table.policies[best_policy(table, weights), column] != 0
    weights[params.interests.index("mediation_role")] = threshold + 0.01
    assert table.policies[best_policy(table, weights), column] == 0


def test_inverse_returns_weights_that_make_the_target_optimal():
    params = load_parameters()
    table = policy_table(params)
    result = inverse(table, params.actual_2022, reference="atlanticist", n_samples=5000)
    assert 0 < result.share < 1
    utilities = table.scores @ result.weights
    target = table.index(params.actual_2022)
    assert utilities[target] >= utilities.max() - 1e-9
    # Under the atlanticist weights themselves the 2022 policy is not optimal.
    assert best_policy(table, "atlanticist") != target


def test_inverse_keeps_reference_when_target_is_already_optimal(tiny):
    result = inverse(policy_table(tiny), {"a": "hi", "b": "on"}, reference="even", n_samples=500)
    np.testing.assert_allclose(result.factors, [1.0, 1.0])


def test_inverse_reports_impossible_targets(tiny):
    # (lo,off) is dominated by (hi,on) on both interests: no weights make it optimal.
    result = inverse(policy_table(tiny), {"a": "lo", "b": "off"}, reference="even", n_samples=500)
    assert result.share == 0.0 and result.weights is None


def test_sweep_matches_recomputed_tables():
    params = load_parameters()
    weights, shifts = random_scenarios(params, 20, seed=3)
    best = sweep(params, weights, shifts)
    for n in range(20):
        shifted = params
        for r, name in enumerate(params.response_names):
            shifted = shifted.with_base(name, float(np.clip(params.base[r] + shifts[n, r], 0, 1)))
        assert best[n] == best_policy(policy_table(shifted), weights[n])
    without = sweep(params, weights)
    assert without.tolist() == [best_policy(policy_table(params), w) for w in weights]


def test_sweep_summary_shares_sum_to_one():
    params = load_parameters()
    table = policy_table(params)
    summary = sweep_summary(table, np.array([0, 0, 5, 0]))
    assert summary["share"].tolist() == [0.75, 0.25]
    assert summary["policy"].iloc[0] == table.label(0)


def test_parameters_are_read_only():
    params = load_parameters()
    with pytest.raises(ValueError, match="read-only"):
        params.base[0] = 1.0
