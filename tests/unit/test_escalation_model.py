"""Hand-computed cases for the escalation model, on a tiny parameter set and on the real one."""

import copy

import numpy as np
import pytest

from balancing.escalation import evaluate, load_parameters, parameters_from_dict, policy_table
from balancing.escalation.analysis import (
    best_policy,
    inverse,
    pareto_front,
    policy_ranks,
    random_scenarios,
    rank,
    sensitivity,
    sweep,
    sweep_summary,
    variations,
    weight_path,
    weight_to_reach,
)
from balancing.escalation.narrative import describe_choice

from support.escalation_tiny import TINY

# By hand, at war. Policies in order (lo,off), (lo,on), (hi,off), (hi,on).
# r1: 0.2 at lo, 0.7 at hi. r2: 0 when off; 0.5 at lo,on; 0.8 at hi,on. both = r1 x r2.
# x = baseline - r1 + 10 both; y (2 units a point) = (1 when on + 4 r2) / 2.
HAND_PROBS = [[0.2, 0.0, 0.0], [0.2, 0.5, 0.1], [0.7, 0.0, 0.0], [0.7, 0.8, 0.56]]
HAND_SCORES = [[-0.2, 0.0], [0.8, 1.5], [0.3, 0.0], [5.9, 2.1]]


@pytest.fixture
def tiny():
    return parameters_from_dict(copy.deepcopy(TINY), "war")


def test_tiny_table_matches_hand_computation(tiny):
    table = policy_table(tiny)
    assert table.policies.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    np.testing.assert_allclose(table.probabilities, HAND_PROBS)
    np.testing.assert_allclose(table.scores, HAND_SCORES)


def test_tiny_pre_war_phase_by_hand():
    # Before the war r1's base is 0.1 and "hi" is unavailable: only (lo,off) and (lo,on).
    table = policy_table(parameters_from_dict(copy.deepcopy(TINY), "pre_war"))
    assert table.policies.tolist() == [[0, 0], [0, 1]]
    # x = -0.1 + 10 x 0.1 x 0.5 at (lo,on); y as at war.
    np.testing.assert_allclose(table.scores, [[-0.1, 0.0], [0.4, 1.5]])


def test_evaluate_one_policy_by_hand(tiny):
    result = evaluate(tiny, {"a": "hi", "b": "on"}, {"x": 2.0, "y": 1.0})
    np.testing.assert_allclose(result.scores, [5.9, 2.1])
    np.testing.assert_allclose(result.contributions, [11.8, 2.1])
    assert result.utility == pytest.approx(13.9)
    np.testing.assert_allclose(result.probabilities, [0.7, 0.8, 0.56])


def test_rank_and_best_by_hand(tiny):
    table = policy_table(tiny)
    ranked = rank(table, "even")  # utilities -0.2, 2.3, 0.3, 8.0
    assert ranked.index.tolist() == [3, 1, 2, 0]
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    assert ranked["utility"].tolist() == pytest.approx([8.0, 2.3, 0.3, -0.2])
    assert best_policy(table, "x_only") == 3


def test_pareto_front_by_hand(tiny):
    front = pareto_front(policy_table(tiny), "x", "y")
    assert front["on_front"].tolist() == [False, False, False, True]


def test_weight_path_by_hand(tiny):
    # U = w x + y: (lo,on) = 0.8 w + 1.5 and (hi,on) = 5.9 w + 2.1 never cross for w >= 0.
    path = weight_path(policy_table(tiny), "even", "x", stop=10.0)
    assert path["row"].tolist() == [3]
    assert path["to_weight"].tolist() == [10.0]


def test_real_probabilities_by_hand():
    params = load_parameters("war")
    result = evaluate(params, params.actual_2022, "equal")
    probs = dict(zip(params.response_names, result.probabilities, strict=True))
    # From parameters.yaml, at war: deliver, opt_out, abstain, warn_all, offer.
    assert probs["tourism_ban"] == pytest.approx(0.02 + 0.05)
    assert probs["moscow_accepts_mediation"] == pytest.approx(0.5 - 0.05 - 0.1)
    assert probs["kyiv_accepts_mediation"] == pytest.approx(0.3 + 0.3 + 0.15)
    assert probs["mediation_succeeds"] == pytest.approx(0.35 * 0.75)
    assert probs["mediation_fails"] == pytest.approx(1 - 0.35 * 0.75)
    assert probs["us_reads_tilt"] == pytest.approx(0.5 - 0.25 - 0.2)
    assert probs["us_sanctions_enforcement"] == pytest.approx(0.6)
    assert probs["naval_pressure"] == pytest.approx(0.0 + 0.15)
    # Credibility as mediator: +1 if it goes ahead, -0.4 if turned down.
    mediator = result.scores[params.interests.index("mediator")]
    assert mediator == pytest.approx(0.2625 - 0.4 * 0.7375)
    declined = evaluate(params, {**params.actual_2022, "mediation": "decline"}, "equal")
    for name in ("moscow_accepts_mediation", "mediation_succeeds", "mediation_fails"):
        assert declined.probabilities[params.response_index(name)] == 0.0


def test_mediation_needs_both_capitals_and_is_not_free():
    params = load_parameters("war")
    table = policy_table(params)
    # Halting the drones, opting out, peacetime Straits: Kyiv accepts with 0.3 only.
    tilted = {"drones": "halt", "sanctions": "opt_out", "black_sea": "abstain",
              "straits": "peacetime_rules", "mediation": "offer"}  # fmt: skip
    row = table.index(tilted)
    r = {name: params.response_index(name) for name in params.response_names}
    assert table.probabilities[row, r["kyiv_accepts_mediation"]] == pytest.approx(0.3)
    assert table.probabilities[row, r["mediation_succeeds"]] == pytest.approx(0.5 * 0.3)
    assert table.probabilities[row, r["us_reads_tilt"]] == pytest.approx(0.5)
    # With Moscow certain to accept, success still needs Kyiv.
    sure = params.with_base("moscow_accepts_mediation", 1.0)
    assert policy_table(sure).probabilities[row, r["mediation_succeeds"]] == pytest.approx(0.3)
    # Offering is not best under every preset, nor in every phase.
    offers = {
        (phase, preset): load_parameters(phase)
        .lever("mediation")
        .levels[
            policy_table(load_parameters(phase)).policies[
                best_policy(policy_table(load_parameters(phase)), preset), -1
            ]
        ]
        for phase in ("pre_war", "war")
        for preset in params.presets
    }
    assert "decline" in offers.values() and "offer" in offers.values()


def test_probabilities_are_clipped_to_unit_interval():
    params = load_parameters("war")
    table = policy_table(params)
    assert table.probabilities.min() >= 0.0 and table.probabilities.max() <= 1.0
    # naval_pressure: 0 + 0.7 (combat) + 0.15 (warn_all); us_political_damage: 0.7 - 0.6 at full;
    # moscow_accepts_mediation: 0.5 - 0.15 - 0.35 - 0.5 - 0.1 < 0, clipped to 0.
    worst = table.index({"drones": "expand", "sanctions": "full", "black_sea": "combat",
                         "straits": "warn_all", "mediation": "offer"})  # fmt: skip
    probs = dict(zip(params.response_names, table.probabilities[worst], strict=True))
    assert probs["naval_pressure"] == pytest.approx(0.85)
    assert probs["us_political_damage"] == pytest.approx(0.1)
    assert probs["moscow_accepts_mediation"] == 0.0
    assert probs["mediation_fails"] == pytest.approx(1.0)


def test_sensitivity_thresholds_agree_with_a_brute_force_scan():
    params = load_parameters()
    table = policy_table(params)
    weights = params.weights("trading_state")
    best = best_policy(table, weights)
    result = sensitivity(table, weights)
    grid = np.linspace(0.0, 20.0, 20001)
    for i, interest in enumerate(params.interests):
        scanned = np.tile(weights, (grid.size, 1))
        scanned[:, i] = grid
        winners = np.argmax(scanned @ table.scores.T, axis=1)
        above = grid > weights[i]
        changed_up = grid[above][winners[above] != best]
        raise_by = result.loc[interest, "raise_by"]
        if np.isnan(raise_by):
            assert changed_up.size == 0
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
    path = weight_path(table, "westernist", "moscow", stop=5.0)
    assert len(path) > 1, "the westernist's best policy changes as Moscow's weight grows"
    weights = params.weights("westernist").copy()
    for _, stretch in path.iterrows():
        middle = (stretch["from_weight"] + stretch["to_weight"]) / 2
        weights[params.interests.index("moscow")] = middle
        assert best_policy(table, weights) == stretch["row"]


def test_weight_to_reach_finds_the_first_weight_that_sets_a_level():
    params = load_parameters()
    table = policy_table(params)
    threshold = weight_to_reach(table, "westernist", "moscow", "sanctions", "opt_out")
    assert threshold is not None
    weights = params.weights("westernist").copy()
    column = params.lever_names.index("sanctions")
    weights[params.interests.index("moscow")] = threshold - 0.01
    assert table.policies[best_policy(table, weights), column] != 0
    weights[params.interests.index("moscow")] = threshold + 0.01
    assert table.policies[best_policy(table, weights), column] == 0


def test_inverse_returns_weights_that_make_the_target_optimal():
    params = load_parameters()
    table = policy_table(params)
    result = inverse(table, params.actual_2022, reference="equal", n_samples=20_000)
    assert 0 < result.share < 1
    utilities = table.scores @ result.weights
    target = table.index(params.actual_2022)
    assert utilities[target] >= utilities.max() - 1e-9
    assert best_policy(table, "equal") != target


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
    assert (shifts[:, [r.joint for r in params.responses]] == 0).all()
    best = sweep(params, weights, shifts)
    for n in range(20):
        shifted = params
        for r, response in enumerate(params.responses):
            if not response.joint:
                base = float(np.clip(params.base[r] + shifts[n, r], 0, 1))
                shifted = shifted.with_base(response.name, base)
        assert best[n] == best_policy(policy_table(shifted), weights[n])
    without = sweep(params, weights)
    assert without.tolist() == [best_policy(policy_table(params), w) for w in weights]


def test_sweep_summary_shares_sum_to_one():
    params = load_parameters()
    table = policy_table(params)
    summary = sweep_summary(table, np.array([0, 0, 5, 0]))
    assert summary["share"].tolist() == [0.75, 0.25]
    assert summary["policy"].iloc[0] == table.label(0)


def test_policy_ranks_by_hand(tiny):
    ranks = policy_ranks(policy_table(tiny), {"a": "lo", "b": "on"})
    # even: utilities -0.2, 2.3, 0.3, 8.0 -> (lo,on) second; x_only: -0.2, 0.8, 0.3, 5.9 -> second.
    assert ranks["rank"].to_dict() == {"even": 2, "x_only": 2}
    assert ranks["of"].tolist() == [4, 4] and not ranks["first"].any()
    assert ranks.loc["even", "best"] == "a=hi, b=on"


def test_variations_list_every_combination_by_hand(tiny):
    frame = variations(
        policy_table(tiny), {"a": "lo", "b": "on"}, {"a": ["lo", "hi"]}, ["both"], ["x"]
    )
    assert frame["a"].tolist() == ["lo", "hi"]
    assert frame["both"].tolist() == pytest.approx([0.1, 0.56])
    assert frame["x"].tolist() == pytest.approx([0.8, 5.9])
    with pytest.raises(ValueError, match=r"unknown interest\(s\) \['z'\]"):
        variations(policy_table(tiny), {"a": "lo", "b": "on"}, {"a": ["lo"]}, [], ["z"])


def test_a_recorded_choice_is_read_back_or_completed(tiny):
    table = policy_table(tiny)
    missing = describe_choice(table, {"a": "lo", "b": None}, "")
    assert missing.startswith("Not recorded yet. Choose a level for b (b: off, on)")
    assert "my_reason" in describe_choice(table, {"a": "lo", "b": "on"}, "  ")
    text = describe_choice(table, {"a": "lo", "b": "on"}, "Because.", "even")
    assert "Your choice: a=lo, b=on. Your reason: Because." in text
    assert text.endswith("it ranks 2 of 4 under these weights.")
