"""Ankara's escalation choices as a transparent expected-utility model.

Modules
-------
``parameters``
    Reads and checks ``parameters.yaml`` (every number sourced or marked
    "assumption").
``model``
    Expected scores and utility of each policy: the one scoring formula
    (:func:`~balancing.escalation.model.expected_scores`), vectorised.
``analysis``
    Ranking, the Pareto front, sensitivity, scenario sweeps and the inverse
    problem.
``sequential``
    A three-move crisis (Ankara, Moscow, Ankara) solved by backward induction.
``calibration``
    The two numbers priced from data: the tourism ban and the drone stake.
``narrative``
    A plain-language reading of one evaluated policy.
``charts``
    The model's charts, including the static explorer for the book page.
``explorer``
    The live explorer (ipywidgets) for running notebooks.

Quick start
-----------
>>> from balancing.escalation import load_parameters, policy_table, rank
>>> params = load_parameters()
>>> table = policy_table(params)
>>> rank(table, "balanced").head(3)  # doctest: +SKIP
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
    policy_levels,
    policy_table,
)
from balancing.escalation.parameters import Parameters, load_parameters, parameters_from_dict

__all__ = [
    "Evaluation",
    "InverseResult",
    "Parameters",
    "PolicyTable",
    "best_policy",
    "evaluate",
    "inverse",
    "load_parameters",
    "parameters_from_dict",
    "pareto_front",
    "policy_levels",
    "policy_table",
    "rank",
    "sensitivity",
    "sweep",
]
