"""Ankara's escalation choices as a transparent expected-utility model (version 2).

Modules
-------
``parameters``
    Reads and checks ``parameters.yaml`` for one phase (before the invasion, or
    at war): every number cited or marked "assumption" with a reason.
``model``
    Expected scores and utility of each policy: the one scoring formula
    (:func:`~balancing.escalation.model.expected_scores`), vectorised.
``analysis``
    Ranking, the Pareto front, sensitivity, scenario sweeps and the inverse
    problem.
``sequential``
    A three-move crisis (Ankara, Moscow, Ankara) solved by backward induction,
    and explained in words.
``calibration``
    The numbers priced from data, with no hindsight: the tourism ban and the
    drone stake, from rows dated before a decision date.
``narrative``
    A plain-language reading of one evaluated policy.
``charts``
    The model's charts, including the static explorer for the book page.
``explorer``
    The live explorer (ipywidgets) for running notebooks.

The API for later work
----------------------
Everything else is built on five calls, and scores only ever come from
:func:`~balancing.escalation.model.expected_scores`:

>>> import datetime as dt
>>> from balancing.escalation import evaluate, load_parameters, phase_on, policy_table
>>> phase = phase_on(dt.date(2022, 3, 10))  # "war" from 24 February 2022, else "pre_war"
>>> params = load_parameters(phase)  # the numbers that hold in that phase
>>> result = evaluate(params, params.actual_2022, "equal")  # a policy, weights -> scores
>>> bool(abs(result.contributions.sum() - result.utility) < 1e-12)  # and utility
True
>>> table = policy_table(params)  # every policy of the phase at once
>>> int(table.scores.shape[1]) == len(params.interests)
True

A policy is ``{lever: level}`` for the five levers; weights are a preset name,
``{interest: weight}`` or a vector, non-negative and not all zero.
"""

from balancing.escalation.analysis import (
    InverseResult,
    best_policy,
    inverse,
    pareto_front,
    rank,
    sensitivity,
    sweep,
)
from balancing.escalation.model import (
    Evaluation,
    PolicyTable,
    evaluate,
    expected_scores,
    policy_levels,
    policy_table,
)
from balancing.escalation.parameters import (
    PHASES,
    Parameters,
    load_parameters,
    parameters_from_dict,
    phase_on,
)

__all__ = [
    "PHASES",
    "Evaluation",
    "InverseResult",
    "Parameters",
    "PolicyTable",
    "best_policy",
    "evaluate",
    "expected_scores",
    "inverse",
    "load_parameters",
    "parameters_from_dict",
    "pareto_front",
    "phase_on",
    "policy_levels",
    "policy_table",
    "rank",
    "sensitivity",
    "sweep",
]
