"""Plain-language reading of one evaluated policy, tied to the model's sources.

The sentences follow the reasoning the parameter file cites: drone sales anger
Moscow and risk strikes but keep Kyiv's defence cooperation (Pierini 2022);
sanctions, even partial, cost politically in Moscow and in Washington, and
Brussels expects alignment; the Straits can be closed only in war (the Montreux
Convention); mediation needs both Moscow and Kyiv, and looks like a tilt when
Ankara does nothing for Kyiv. Every number in the sentences comes from the
evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import numpy as np

from balancing.escalation.model import Evaluation, PolicyTable
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
    p = partial(_p, params, evaluation)
    lines = []
    if rank == 1:
        lines.append(f"Under these weights this is the best of the {n_policies} policies.")
    else:
        lines.append(
            f"Under these weights this policy ranks {rank} of {n_policies}; the best is {best}."
        )
    if policy["drones"] != "halt":
        lines.append(
            f"Continuing drone sales angers Moscow and risks strikes on Turkish-made drones "
            f"or the bases operating them ({p('strike_drones'):.2f}), but keeps Kyiv's "
            f"defence-industrial cooperation likely ({p('kyiv_defence_cooperation'):.2f})."
        )
    else:
        lines.append(
            "Halting drone sales spares relations with Moscow but costs the drone industry "
            "Ukraine's share of its TB2 exports and most of Kyiv's defence cooperation "
            f"({p('kyiv_defence_cooperation'):.2f})."
        )
    if policy["sanctions"] == "opt_out":
        lines.append(
            f"Opting out of sanctions keeps a Russian tourism ban unlikely "
            f"({p('tourism_ban'):.2f}), but political damage in Washington "
            f"({p('us_political_damage'):.2f}) and criticism from Brussels "
            f"({p('eu_pressure'):.2f}) are likely."
        )
    else:
        lines.append(
            f"Joining sanctions, even in part, changes the Kremlin's view of Ankara: a tourism "
            f"ban becomes more likely ({p('tourism_ban'):.2f}), while damage in Washington "
            f"({p('us_political_damage'):.2f}) does not vanish with partial participation."
        )
    if params.phase.name == "war":
        if policy["straits"] == "peacetime_rules":
            lines.append(
                "Treating the invasion as something short of war keeps the Straits under "
                "peacetime rules: Moscow is spared, Kyiv and Washington are not."
            )
        else:
            lines.append(
                "Applying Article 19 closes the Straits to both warring states' warships "
                f"(those returning to base excepted); Washington's fence-mending becomes more "
                f"likely ({p('us_rapprochement'):.2f})."
            )
    if policy["mediation"] == "offer":
        succeeds = p("mediation_succeeds")
        lines.append(
            f"Mediation goes ahead only if both Moscow ({p('moscow_accepts_mediation'):.2f}) "
            f"and Kyiv ({p('kyiv_accepts_mediation'):.2f}) accept: {succeeds:.2f}. "
            f"A refusal, which costs credibility, has probability {p('mediation_fails'):.2f}."
        )
        if policy["black_sea"] != "abstain":
            lines.append(
                "The mediation paradox: with Turkish forces in NATO's Black Sea operations, "
                "Moscow is much less likely to accept Ankara as mediator."
            )
        lines.append(
            f"Washington reads the offer as cover for a tilt to Moscow with probability "
            f"{p('us_reads_tilt'):.2f}."
        )
    elif policy["black_sea"] != "abstain":
        lines.append(
            f"Taking part in Black Sea operations invites Russian naval pressure "
            f"({p('naval_pressure'):.2f}) and no mediation role is sought."
        )
    worst = int(np.argmin(evaluation.contributions))
    lines.append(
        f"The largest cost: {params.interest_labels[worst]} "
        f"({evaluation.contributions[worst]:+.2f} in utility)."
    )
    return lines


def describe_choice(
    table: PolicyTable, choice: Mapping[str, str | None], reason: str, weights: object = "equal"
) -> str:
    """Read back a reader's recorded choice, with its rank in the model, or say what is missing.

    Parameters
    ----------
    table : PolicyTable
        The policy table of the phase the choice is for.
    choice : mapping of str to str or None
        One level per lever; ``None`` for a lever not chosen yet.
    reason : str
        The reader's one-line reason.
    weights : str, mapping or array
        The weights to rank under (default: equal).

    Returns
    -------
    str
        The choice, the reason and the rank, or what still has to be filled in.
    """
    params = table.params
    missing = [lever.name for lever in params.levers if choice.get(lever.name) is None]
    if missing:
        options = "; ".join(
            f"{lever.name}: {', '.join(lever.levels)}"
            for lever in params.levers
            if lever.name in missing
        )
        return f"Not recorded yet. Choose a level for {', '.join(missing)} ({options})."
    if not reason.strip():
        return "Not recorded yet: write your one-line reason in `my_reason`."
    utilities = table.utilities(weights)
    row = table.index(dict(choice))
    rank = 1 + int((utilities > utilities[row] + 1e-12).sum())
    return (
        f"Your choice: {table.label(row)}. Your reason: {reason.strip()} In the model "
        f"({params.phase.label}), it ranks {rank} of {len(utilities)} under these weights."
    )
