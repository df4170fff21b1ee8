"""A small sequential crisis solved by backward induction.

The one-shot model treats Moscow's responses as probabilities. Here Moscow
*chooses*, knowing that Ankara can answer:

1. Ankara picks a policy (one level per lever);
2. Moscow picks one action: restraint, or one of its responses (a coercion
   such as a tourism ban, or a carrot such as accepting Ankara as mediator);
3. Ankara holds, de-escalates (every lever except mediation one available
   level milder) or escalates (one level firmer).

Ankara's payoff is its expected utility from the model (the one scoring
function), counting Washington's, Kyiv's and Brussels' responses as
probabilities and Moscow's chosen action as certain; a coercion is partly
lifted if Ankara de-escalates, a carrot is withdrawn if Ankara escalates
(shares in ``parameters.yaml``), and backing down costs Ankara at home (an
audience cost). Moscow's payoff is its value of Ankara's final policy minus the
cost of its action.

:func:`solve` works on any finite game tree; :func:`crisis_game` builds the
course's tree and :func:`crisis_outcome` solves it and says, in words, what
Moscow does and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from balancing.escalation.model import (
    Policy,
    all_policies,
    expected_scores,
    joint_outcomes,
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
    """Apply Ankara's last move: every lever but mediation one available level milder or firmer."""
    step = {"hold": 0, "de-escalate": -1, "escalate": 1}[adjustment]
    adjusted = levels.copy()
    for k, lever in enumerate(params.levers):
        if lever.name == "mediation" or step == 0:
            continue
        available = [
            i
            for i, level in enumerate(lever.levels)
            if level not in params.phase.unavailable.get(lever.name, ())
        ]
        position = available.index(int(levels[k]))
        adjusted[k] = available[min(max(position + step, 0), len(available) - 1)]
    return adjusted


def _leaf_utilities(
    params: Parameters, weights: np.ndarray
) -> dict[tuple[int, float, bool], np.ndarray]:
    """Ankara's utility of every final policy when Moscow's action ``r`` happens with weight ``f``.

    Keys are ``(r, f, backed_down)`` with ``r = -1`` for restraint; values are
    ``(P,)``. The other capitals' responses keep their probabilities; Moscow's
    are 0 except the chosen one; joint outcomes (mediation) follow; scores go
    through :func:`~balancing.escalation.model.expected_scores`, and a
    de-escalation costs the audience cost on its interest.
    """
    encoded = one_hot(params, all_policies(params))
    others = np.array([r.actor != "Moscow" for r in params.responses], dtype=float)
    without_moscow = joint_outcomes(params, encoded, probabilities(params, encoded) * others)
    allowed = (encoded @ params.forbidden == 0).astype(float)
    seq = params.sequential
    interest, cost = seq.backing_down
    audience = np.zeros(len(params.interests))
    audience[params.interests.index(interest)] = cost
    cases = [(-1, 1.0, without_moscow)]
    for r, response in enumerate(params.responses):
        if response.actor != "Moscow":
            continue
        for factor in sorted({1.0, seq.coercion_persists, seq.carrot_persists}):
            probs = without_moscow.copy()
            probs[:, r] = factor * allowed[:, r]
            cases.append((r, factor, joint_outcomes(params, encoded, probs)))
    utilities = {}
    for r, factor, probs in cases:
        scores = expected_scores(params, encoded, probs)
        utilities[(r, factor, False)] = scores @ weights
        utilities[(r, factor, True)] = (scores - audience) @ weights
    return utilities


def crisis_game(
    params: Parameters,
    weights: str | Mapping[str, float] | np.ndarray,
    openings: list[Policy] | None = None,
) -> Node:
    """Build the three-move crisis as a game tree.

    Parameters
    ----------
    params : Parameters
        The model's parameters (one phase).
    weights : str, mapping or array
        Ankara's weights.
    openings : list of policies, optional
        Ankara's possible first moves; by default all policies of the phase.

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
    utilities = _leaf_utilities(params, vector)
    moscow_value = one_hot(params, policies) @ params.sequential.moscow_values
    row_of = {tuple(levels): row for row, levels in enumerate(policies)}
    moscow = [
        (r, response) for r, response in enumerate(params.responses) if response.actor == "Moscow"
    ]
    seq = params.sequential

    def leaf(final: np.ndarray, response: int, adjustment: str, cost: float) -> Leaf:
        row = row_of[tuple(final)]
        factor = 1.0
        if response >= 0:
            kind = params.responses[response].kind
            if kind == "coercion" and adjustment == "de-escalate":
                factor = seq.coercion_persists
            elif kind == "carrot" and adjustment == "escalate":
                factor = seq.carrot_persists
        ankara = utilities[(response, factor, adjustment == "de-escalate")][row]
        return Leaf({"Ankara": float(ankara), "Moscow": float(moscow_value[row] - cost)})

    children = []
    encoded_moves = one_hot(params, first_moves)
    for levels, encoded in zip(first_moves, encoded_moves, strict=True):
        options = [(RESTRAINT, -1, 0.0)] + [
            (response.name, r, seq.moscow_costs[response.name])
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
class MoscowOption:
    """One action Moscow could take after Ankara's opening, and how Ankara would answer it.

    Attributes
    ----------
    action : str
        ``"restraint"`` or a response name.
    label : str
        What the action is, in words.
    kind : str
        ``"restraint"``, ``"coercion"`` or ``"carrot"``.
    ankara_answer : str
        Ankara's best answer: one of :data:`ADJUSTMENTS`.
    moscow_payoff : float
        What Moscow gets: its value of Ankara's final policy minus the action's cost.
    cost : float
        The action's cost to Moscow.
    """

    action: str
    label: str
    kind: str
    ankara_answer: str
    moscow_payoff: float
    cost: float


@dataclass(frozen=True)
class CrisisOutcome:
    """What happens in the sequential crisis, and why.

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
    options : tuple of MoscowOption
        Every action open to Moscow after the opening, with Ankara's answer to
        it and Moscow's payoff: the reason for Moscow's choice.
    solution : Solution
        The full solution (strategies off the path too).
    """

    opening: dict[str, str]
    moscow_action: str
    adjustment: str
    final: dict[str, str]
    payoffs: dict[str, float]
    options: tuple[MoscowOption, ...]
    solution: Solution

    def explanation(self) -> list[str]:
        """Say in words what Moscow does and why, and how Ankara answers.

        Returns
        -------
        list of str
            Sentences: Moscow's choice and its reason (the answer Moscow expects
            from Ankara, and how its payoff compares with the best alternative),
            then Ankara's answer and where the crisis ends.
        """
        chosen = next(o for o in self.options if o.action == self.moscow_action)
        others = [o for o in self.options if o.action != self.moscow_action]
        if chosen.kind == "restraint":
            first = (
                f"Moscow holds back. Ankara would {chosen.ankara_answer} anyway, which leaves "
                f"Moscow with {chosen.moscow_payoff:+.2f}, and every measure open to Moscow "
                "would leave it worse off once its own cost is counted"
            )
        else:
            first = (
                f"Moscow's choice: {chosen.label} (a {chosen.kind}, costing Moscow "
                f"{chosen.cost:.2f}). Moscow expects Ankara then to {chosen.ankara_answer}, "
                f"which leaves Moscow with {chosen.moscow_payoff:+.2f}"
            )
        if others:
            runner_up = max(others, key=lambda o: o.moscow_payoff)
            first += (
                f"; its best alternative ({runner_up.label}) would leave it with "
                f"{runner_up.moscow_payoff:+.2f}, because Ankara would then "
                f"{runner_up.ankara_answer}."
            )
        else:
            first += "."
        final = ", ".join(f"{lever} {level}" for lever, level in self.final.items())
        return [first, f"Ankara then chooses to {self.adjustment}, ending at: {final}."]


def crisis_outcome(
    params: Parameters,
    weights: str | Mapping[str, float] | np.ndarray,
    openings: list[Policy] | None = None,
) -> CrisisOutcome:
    """Solve the sequential crisis and report the equilibrium path and its reasons.

    Parameters
    ----------
    params : Parameters
        The model's parameters (one phase).
    weights : str, mapping or array
        Ankara's weights.
    openings : list of policies, optional
        Ankara's possible first moves (default: all policies of the phase).

    Returns
    -------
    CrisisOutcome
        Opening, Moscow's action, Ankara's answer, the final policy and
        Moscow's options (call :meth:`CrisisOutcome.explanation` for words).
    """
    game = crisis_game(params, weights, openings)
    solution = solve(game)
    label, moscow_action, adjustment = solution.path
    opening = dict(part.split("=") for part in label.split(", "))
    final = _adjust(params, policy_levels(params, opening), adjustment)
    moscow_node = dict(game.actions)[label]
    labels = {r.name: (r.label, r.kind) for r in params.responses}
    options = []
    for action, ankara_node in moscow_node.actions:
        answer = solution.strategy[(label, action)]
        payoff = dict(ankara_node.actions)[answer].payoffs["Moscow"]
        text, kind = labels.get(action, ("Restraint", "restraint"))
        cost = params.sequential.moscow_costs.get(action, 0.0)
        options.append(MoscowOption(action, text, kind, answer, payoff, cost))
    return CrisisOutcome(
        opening=opening,
        moscow_action=moscow_action,
        adjustment=adjustment,
        final=policy_dict(params, final),
        payoffs=solution.payoffs,
        options=tuple(options),
        solution=solution,
    )
