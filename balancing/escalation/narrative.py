"""Plain-language reading of one evaluated policy, tied to Pierini's argument.

The sentences follow the reasoning of Pierini (2022), which the chapter cites:
drone sales anger Moscow and risk strikes but raise Turkey's standing in NATO;
sanctions, even partial, cost politically in Moscow and in Washington; joining
NATO operations in the Black Sea undercuts the mediation role. Every number in
the sentences comes from the evaluation.
"""

from __future__ import annotations

import numpy as np

from balancing.escalation.model import Evaluation
from balancing.escalation.parameters import Parameters


def _p(params: Parameters, evaluation: Evaluation, response: str) -> float:
    return float(evaluation.probabilities[params.response_index(response)])


def narrative(
    params: Parameters, evaluation: Evaluation, rank: int, n_policies: int, best: str
) -> list[str]:
    """Explain an evaluated policy in a few sentences.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    evaluation : Evaluation
        The policy's evaluation.
    rank : int
        Its rank under the current weights (1 = best).
    n_policies : int
        How many policies were ranked.
    best : str
        Label of the best policy under the current weights.

    Returns
    -------
    list of str
        Sentences, most important first.
    """
    policy = evaluation.policy
    lines = []
    if rank == 1:
        lines.append(f"Under these weights this is the best of the {n_policies} policies.")
    else:
        lines.append(
            f"Under these weights this policy ranks {rank} of {n_policies}; the best is {best}."
        )
    if policy["drones"] != "halt":
        strikes = _p(params, evaluation, "strike_drones")
        lines.append(
            f"Continuing drone sales to Kyiv angers Moscow and risks strikes on Turkish-made "
            f"drones or the bases operating them (probability {strikes:.2f}), but it supports "
            f"Turkey's standing as a NATO member."
        )
    else:
        lines.append(
            "Halting drone sales spares relations with Moscow but costs the drone industry "
            "Ukraine's share of its TB2 order book and signals distance from the alliance."
        )
    if policy["sanctions"] == "opt_out":
        lines.append(
            f"Opting out of sanctions keeps Moscow's counter-sanctions unlikely (tourism ban "
            f"{_p(params, evaluation, 'tourism_ban'):.2f}), but political damage in Washington "
            f"is likely ({_p(params, evaluation, 'us_political_damage'):.2f})."
        )
    else:
        lines.append(
            f"Joining sanctions, even in part, changes the Kremlin's view of Ankara: a tourism "
            f"ban becomes more likely ({_p(params, evaluation, 'tourism_ban'):.2f}), and the "
            f"damage in Washington does not vanish with partial participation "
            f"({_p(params, evaluation, 'us_political_damage'):.2f})."
        )
    if policy["mediation"] == "offer":
        accepted = _p(params, evaluation, "accept_mediation")
        if policy["black_sea"] != "abstain":
            lines.append(
                f"The mediation paradox: with Turkish forces in NATO's Black Sea operations, "
                f"Moscow accepts Ankara as mediator with probability only {accepted:.2f}."
            )
        else:
            lines.append(
                f"Staying out of Black Sea operations keeps the mediation offer credible: "
                f"Moscow accepts it with probability {accepted:.2f}."
            )
    elif policy["black_sea"] != "abstain":
        lines.append(
            f"Taking part in Black Sea operations invites Russian naval pressure "
            f"({_p(params, evaluation, 'naval_pressure'):.2f}) and no mediation role is sought."
        )
    worst = int(np.argmin(evaluation.contributions))
    lines.append(
        f"The largest cost falls on {params.interest_labels[worst].lower()} "
        f"({evaluation.contributions[worst]:+.2f} in utility)."
    )
    return lines
