"""Invariants of the escalation model, checked on many random inputs (hypothesis)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balancing.escalation import load_parameters, policy_table
from balancing.escalation.analysis import rank
from balancing.escalation.model import one_hot, policy_levels, probabilities
from balancing.escalation.parameters import PHASES
from balancing.escalation.sequential import Leaf, Node, solve

PARAMS = {phase: load_parameters(phase) for phase in PHASES}
TABLES = {phase: policy_table(params) for phase, params in PARAMS.items()}
N_INTERESTS = len(PARAMS["war"].interests)
DIRECT = [r.name for r in PARAMS["war"].responses if not r.joint]

phases = st.sampled_from(PHASES)
weight_vectors = st.lists(
    st.floats(0.0, 10.0, allow_nan=False), min_size=N_INTERESTS, max_size=N_INTERESTS
).map(np.array)
positive_weights = weight_vectors.filter(lambda w: w.sum() > 1e-6)
probability = st.floats(0.0, 1.0, allow_nan=False)
bases = st.lists(probability, min_size=len(DIRECT), max_size=len(DIRECT))


def with_bases(params, values):
    """The parameters with new base probabilities for every capital's response."""
    base = params.base.copy()
    base[[params.response_index(name) for name in DIRECT]] = values
    return dataclasses.replace(params, base=base)


@settings(deadline=None)
@given(phases, bases)
def test_every_probability_is_in_the_unit_interval(phase, values):
    params = with_bases(PARAMS[phase], values)
    probs = policy_table(params).probabilities
    assert (probs >= 0).all() and (probs <= 1).all()
    # Mediation goes ahead or is turned down exactly when it is offered.
    offered = policy_table(params).policies[:, params.lever_names.index("mediation")] == 1
    together = (
        probs[:, params.response_index("mediation_succeeds")]
        + probs[:, params.response_index("mediation_fails")]
    )
    np.testing.assert_allclose(together, offered.astype(float), atol=1e-12)


@settings(deadline=None)
@given(phases, weight_vectors, weight_vectors, st.floats(0, 5), st.floats(0, 5))
def test_expected_utility_is_linear_in_the_weights(phase, w1, w2, a, b):
    table = TABLES[phase]
    combined = table.scores @ (a * w1 + b * w2)
    separate = a * (table.scores @ w1) + b * (table.scores @ w2)
    np.testing.assert_allclose(combined, separate, rtol=1e-9, atol=1e-9)


@settings(deadline=None)
@given(phases, positive_weights, st.integers(0, N_INTERESTS - 1), st.floats(0.01, 5.0))
def test_raising_a_weight_moves_utility_by_the_score_and_favours_that_interest(
    phase, weights, i, delta
):
    table = TABLES[phase]
    raised = weights.copy()
    raised[i] += delta
    np.testing.assert_allclose(
        table.utilities(raised) - table.utilities(weights), delta * table.scores[:, i], atol=1e-9
    )
    before = int(np.argmax(table.utilities(weights)))
    after = int(np.argmax(table.utilities(raised)))
    assert table.scores[after, i] >= table.scores[before, i] - 1e-9


@settings(deadline=None)
@given(phases, positive_weights, st.integers(0, N_INTERESTS - 1), st.integers(0, 2**32 - 1))
def test_a_zero_weight_interest_never_changes_a_ranking(phase, weights, i, seed):
    weights = weights.copy()
    weights[i] = 0.0
    if not weights.any():
        weights[(i + 1) % N_INTERESTS] = 1.0
    params = PARAMS[phase]
    rng = np.random.default_rng(seed)
    baseline, effects = params.baseline.copy(), params.effects.copy()
    baseline[:, i] = rng.normal(size=baseline.shape[0])
    effects[:, i] = rng.normal(size=effects.shape[0])
    other = dataclasses.replace(params, baseline=baseline, effects=effects)
    assert (rank(TABLES[phase], weights).index == rank(policy_table(other), weights).index).all()


@settings(deadline=None)
@given(positive_weights, st.floats(1e-3, 1e3))
def test_ranking_is_invariant_to_scaling_all_weights(weights, factor):
    order = rank(TABLES["war"], weights * factor).index.to_numpy()
    utilities = TABLES["war"].utilities(weights)[order]
    assert (np.diff(utilities) <= 1e-9 * (1 + np.abs(utilities[:-1]))).all()


DIRECTIONS = [(phase, d) for phase, params in PARAMS.items() for d in params.directions]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DIRECTIONS), st.data(), bases)
def test_every_cited_direction_holds_whatever_the_other_levers_and_bases(case, data, values):
    phase, direction = case
    params = with_bases(PARAMS[phase], values)
    table = policy_table(params)
    others = table.policies[data.draw(st.integers(0, len(table.policies) - 1))]
    policy = {
        lever.name: lever.levels[int(level)]
        for lever, level in zip(params.levers, others, strict=True)
    }
    lever = params.lever(direction.lever)
    low = {**policy, lever.name: lever.levels[0]}
    high = {**policy, lever.name: direction.to}
    encoded = one_hot(params, np.array([policy_levels(params, low), policy_levels(params, high)]))
    if direction.of_response:
        values = probabilities(params, encoded)[:, params.response_index(direction.target)]
    else:
        values = table.scores[[table.index(low), table.index(high)]][
            :, params.interests.index(direction.target)
        ]
    assert direction.sign * (values[1] - values[0]) >= -1e-12, (
        f"{direction} fails at {policy} in phase {phase}"
    )


@settings(deadline=None)
@given(phases, weight_vectors, st.integers(0, N_INTERESTS - 1), st.floats(-10.0, -1e-6))
def test_negative_weights_are_refused_naming_what_is_allowed(phase, weights, i, negative):
    weights = weights.copy()
    weights[i] = negative
    interest = PARAMS[phase].interests[i]
    with pytest.raises(ValueError, match=rf"weights\['{interest}'\] must be >= 0"):
        PARAMS[phase].weights(weights)


def test_all_zero_weights_are_refused_naming_the_interests():
    with pytest.raises(ValueError, match=r"all zero: give at least one interest \['west', "):
        PARAMS["war"].weights(np.zeros(N_INTERESTS))


# Random finite games of perfect information: two players, depth <= 3, 1-3 actions per node.
PLAYERS = ("Ankara", "Moscow")
leaves = st.builds(
    lambda a, m: Leaf({"Ankara": a, "Moscow": m}), st.integers(-5, 5), st.integers(-5, 5)
)


def _node(children):
    return st.builds(
        lambda player, subtrees: Node(
            player, tuple((f"a{k}", tree) for k, tree in enumerate(subtrees))
        ),
        st.sampled_from(PLAYERS),
        st.lists(children, min_size=1, max_size=3),
    )


games = st.recursive(leaves, _node, max_leaves=20)


def _play(node, history, strategy):
    """Follow a strategy profile from ``node`` to a leaf (an independent referee)."""
    while isinstance(node, Node):
        choice = strategy[history]
        node = dict(node.actions)[choice]
        history = (*history, choice)
    return node.payoffs


def _decision_nodes(node, history=()):
    if isinstance(node, Node):
        yield history, node
        for name, child in node.actions:
            yield from _decision_nodes(child, (*history, name))


@settings(max_examples=200, deadline=None)
@given(games)
def test_backward_induction_is_subgame_perfect(game):
    solution = solve(game)
    assert _play(game, (), solution.strategy) == solution.payoffs
    for history, node in _decision_nodes(game):
        followed = _play(node, history, solution.strategy)[node.player]
        for name, child in node.actions:  # no profitable one-shot deviation anywhere
            deviated = _play(child, (*history, name), solution.strategy)[node.player]
            assert deviated <= followed
