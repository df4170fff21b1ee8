"""A small sequential crisis solved by backward induction.

The one-shot model treats Moscow's responses as probabilities. Here Moscow
*chooses*, knowing that Ankara can answer:

1. Ankara picks a policy (one level per lever);
2. Moscow picks one action: restraint, or one of its responses (a coercion
   such as a tourism ban, or a carrot such as missile-defence cooperation);
3. Ankara holds, de-escalates (every lever except mediation one level
   milder) or escalates (one level firmer).

Ankara's payoff is its expected utility from the model, counting
Washington/NATO's responses as probabilities and Moscow's chosen action as
certain; a coercion is partly lifted if Ankara de-escalates, a carrot is
withdrawn if Ankara escalates (shares in ``parameters.yaml``). Moscow's
payoff is its value of Ankara's final policy minus the cost of its action.

:func:`solve` works on any finite game tree; :func:`crisis_game` builds the
course's tree and :func:`crisis_outcome` solves it and says what happens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from balancing.escalation.model import (
    Policy,
    all_policies,
    expected_scores,
    one_hot,
    policy_dict,
    policy_label,
    policy_levels,
    probabilities,
)
from balancing.escalation.parameters import Parameters

#: Ankara's answers in the last move.
ADJUSTMENTS = ("hold", "de-escalate", "escalate")
#: Moscow's action that does nothing.
RESTRAINT = "restraint"


@dataclass(frozen=True)
class Leaf:
    """End of the game: a payoff for every player."""

    payoffs: Mapping[str, float]


@dataclass(frozen=True)
class Node:
    """A decision: ``player`` chooses one of ``actions`` (name, subtree), in order."""

    player: str
    actions: tuple[tuple[str, Node | Leaf], ...]


@dataclass(frozen=True)
class Solution:
    """The subgame-perfect solution of a game tree.

    Attributes
    ----------
    payoffs : dict of str to float
        Every player's payoff on the equilibrium path.
    path : tuple of str
        The actions played, from the root.
    strategy : dict
        For every decision node, identified by the actions leading to it
        (a tuple, ``()`` for the root), the action chosen there, including
        nodes off the equilibrium path.
    """

    payoffs: dict[str, float]
    path: tuple[str, ...]
    strategy: dict[tuple[str, ...], str]


def solve(game: Node | Leaf) -> Solution:
    """Solve a finite game of perfect information by backward induction.

    At each node the mover takes the action whose (already solved) subgame
    gives it the highest payoff; on a tie, the action listed first.

    Parameters
    ----------
    game : Node or Leaf
        The game tree.

    Returns
    -------
    Solution
        Equilibrium payoffs, path and the full strategy profile.

    Raises
    ------
    ValueError
        If a node has no actions or repeated action names, or a leaf lacks
        a payoff for a player who moves.
    """
    strategy: dict[tuple[str, ...], str] = {}

    def walk(node: Node | Leaf, history: tuple[str, ...]) -> tuple[dict[str, float], tuple]:
        if isinstance(node, Leaf):
            return dict(node.payoffs), ()
        names = [name for name, _ in node.actions]
        if not names:
            raise ValueError(f"node after {history} ({node.player} to move) has no actions")
        if len(set(names)) != len(names):
            raise ValueError(f"node after {history} has repeated action names {names}")
        best: tuple[dict[str, float], tuple] | None = None
        for name, child in node.actions:
            payoffs, path = walk(child, (*history, name))
            if node.player not in payoffs:
                raise ValueError(f"a leaf after {(*history, name)} has no payoff for {node.player}")
            if best is None or payoffs[node.player] > best[0][node.player]:
                best, choice = (payoffs, (name, *path)), name
        strategy[history] = choice
        return best

    payoffs, path = walk(game, ())
    return Solution(payoffs, tuple(path), strategy)


def _adjust(params: Parameters, levels: np.ndarray, adjustment: str) -> np.ndarray:
    """Apply Ankara's last move: every lever but mediation one level milder or firmer."""
    step = {"hold": 0, "de-escalate": -1, "escalate": 1}[adjustment]
    tops = np.array([len(lever.levels) - 1 for lever in params.levers])
    movable = np.array([lever.name != "mediation" for lever in params.levers])
    return np.clip(levels + step * movable, 0, tops)


def _ankara_without_moscow(params: Parameters, weights: np.ndarray) -> np.ndarray:
    """Ankara's utility of every policy counting only Washington/NATO's responses."""
    encoded = one_hot(params, all_policies(params))
    washington = np.array([r.actor != "Moscow" for r in params.responses], dtype=float)
    probs = probabilities(params, encoded) * washington
    return expected_scores(params, encoded, probs) @ weights


def crisis_game(
    params: Parameters,
    weights: str | Mapping[str, float] | np.ndarray,
    openings: list[Policy] | None = None,
) -> Node:
    """Build the three-move crisis as a game tree.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    weights : str, mapping or array
        Ankara's weights.
    openings : list of policies, optional
        Ankara's possible first moves; by default all policies.

    Returns
    -------
    Node
        The root (Ankara to move). Actions are policy labels, then Moscow's
        action names (``"restraint"`` first), then :data:`ADJUSTMENTS`.
    """
    vector = params.weights(weights)
    policies = all_policies(params)
    if openings is None:
        first_moves = policies
    else:
        if not openings:
            raise ValueError("openings must list at least one policy")
        first_moves = np.array([policy_levels(params, policy) for policy in openings])
    ankara = _ankara_without_moscow(params, vector)
    moscow_value = one_hot(params, policies) @ params.sequential.moscow_values
    row_of = {tuple(levels): row for row, levels in enumerate(policies)}
    moscow = [
        (r, response) for r, response in enumerate(params.responses) if response.actor == "Moscow"
    ]
    harm = params.effects @ vector  # Ankara's utility from each response if it happens

    def leaf(final: np.ndarray, response: int | None, adjustment: str, cost: float) -> Leaf:
        row = row_of[tuple(final)]
        effect = 0.0
        if response is not None:
            kind = params.responses[response].kind
            if kind == "coercion" and adjustment == "de-escalate":
                effect = params.sequential.coercion_persists * harm[response]
            elif kind == "carrot" and adjustment == "escalate":
                effect = params.sequential.carrot_persists * harm[response]
            else:
                effect = harm[response]
        return Leaf(
            {"Ankara": float(ankara[row] + effect), "Moscow": float(moscow_value[row] - cost)}
        )

    children = []
    encoded_moves = one_hot(params, first_moves)
    for levels, encoded in zip(first_moves, encoded_moves, strict=True):
        options = [(RESTRAINT, None, 0.0)] + [
            (response.name, r, params.sequential.moscow_costs[response.name])
            for r, response in moscow
            if (encoded @ params.forbidden[:, r]) == 0
        ]
        moscow_node = Node(
            "Moscow",
            tuple(
                (
                    name,
                    Node(
                        "Ankara",
                        tuple(
                            (adj, leaf(_adjust(params, levels, adj), r, adj, cost))
                            for adj in ADJUSTMENTS
                        ),
                    ),
                )
                for name, r, cost in options
            ),
        )
        children.append((policy_label(params, levels), moscow_node))
    return Node("Ankara", tuple(children))


@dataclass(frozen=True)
class CrisisOutcome:
    """What happens in the sequential crisis.

    Attributes
    ----------
    opening : dict of str to str
        Ankara's first move.
    moscow_action : str
        Moscow's action (``"restraint"`` or a response name).
    adjustment : str
        Ankara's answer: ``"hold"``, ``"de-escalate"`` or ``"escalate"``.
    final : dict of str to str
        Ankara's policy at the end.
    payoffs : dict of str to float
        Ankara's and Moscow's payoffs.
    solution : Solution
        The full solution (strategies off the path too).
    """

    opening: dict[str, str]
    moscow_action: str
    adjustment: str
    final: dict[str, str]
    payoffs: dict[str, float]
    solution: Solution


def crisis_outcome(
    params: Parameters,
    weights: str | Mapping[str, float] | np.ndarray,
    openings: list[Policy] | None = None,
) -> CrisisOutcome:
    """Solve the sequential crisis and report the equilibrium path.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    weights : str, mapping or array
        Ankara's weights.
    openings : list of policies, optional
        Ankara's possible first moves (default: all policies).

    Returns
    -------
    CrisisOutcome
        Opening, Moscow's action, Ankara's answer and the final policy.
    """
    solution = solve(crisis_game(params, weights, openings))
    label, moscow_action, adjustment = solution.path
    opening = dict(part.split("=") for part in label.split(", "))
    final = _adjust(params, policy_levels(params, opening), adjustment)
    return CrisisOutcome(
        opening=opening,
        moscow_action=moscow_action,
        adjustment=adjustment,
        final=policy_dict(params, final),
        payoffs=solution.payoffs,
        solution=solution,
    )
