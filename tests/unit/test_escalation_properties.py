"""Invariants of the escalation model, checked on many random inputs (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from balancing.escalation import load_parameters, policy_table
from balancing.escalation.analysis import rank
from balancing.escalation.sequential import Leaf, Node, solve

PARAMS = load_parameters()
TABLE = policy_table(PARAMS)
N_INTERESTS = len(PARAMS.interests)

weight_vectors = st.lists(
    st.floats(0.0, 10.0, allow_nan=False), min_size=N_INTERESTS, max_size=N_INTERESTS
).map(np.array)
probabilities = st.floats(0.0, 1.0, allow_nan=False)


@given(weight_vectors, weight_vectors, st.floats(0, 5), st.floats(0, 5))
def test_expected_utility_is_linear_in_the_weights(w1, w2, a, b):
    combined = TABLE.utilities(a * w1 + b * w2)
    separate = a * TABLE.utilities(w1) + b * TABLE.utilities(w2)
    np.testing.assert_allclose(combined, separate, rtol=1e-9, atol=1e-9)


HARMS = [
    (r, i)
    for r in range(len(PARAMS.responses))
    for i in range(N_INTERESTS)
    if PARAMS.effects[r, i] < 0
]


@given(st.sampled_from(HARMS), probabilities, probabilities, st.lists(probabilities, min_size=10))
def test_a_likelier_harmful_response_never_raises_the_harmed_score(harm, p, q, others):
    response, interest = harm
    name = PARAMS.response_names[response]
    params = PARAMS
    for j, other in enumerate(PARAMS.response_names):  # random values for every other base
        if other != name:
            params = params.with_base(other, others[j % len(others)])
    low, high = sorted((p, q))
    score_low = policy_table(params.with_base(name, low)).scores[:, interest]
    score_high = policy_table(params.with_base(name, high)).scores[:, interest]
    assert (score_high <= score_low + 1e-12).all()


@given(weight_vectors, st.floats(1e-3, 1e3))
def test_ranking_is_invariant_to_scaling_all_weights(weights, factor):
    order = rank(TABLE, weights * factor).index.to_numpy()
    utilities = TABLE.utilities(weights)[order]
    assert (np.diff(utilities) <= 1e-9 * (1 + np.abs(utilities[:-1]))).all()


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


@settings(max_examples=200)
@given(games)
def test_backward_induction_is_subgame_perfect(game):
    solution = solve(game)
    assert _play(game, (), solution.strategy) == solution.payoffs
    for history, node in _decision_nodes(game):
        followed = _play(node, history, solution.strategy)[node.player]
        for name, child in node.actions:  # no profitable one-shot deviation anywhere
            deviated = _play(child, (*history, name), solution.strategy)[node.player]
            assert deviated <= followed
