"""The parameter file: every number documented, every bad value refused by name."""

import copy
import re
from importlib import resources

import numpy as np
import pytest

from balancing.escalation import evaluate, load_parameters, parameters_from_dict, policy_table
from balancing.escalation.analysis import inverse, pareto_front, random_scenarios, sweep
from balancing.escalation.parameters import read_yaml

YAML_TEXT = resources.files("balancing.escalation").joinpath("parameters.yaml").read_text()
NUMBER = re.compile(r"(?<![A-Za-z_])-?\d+(\.\d+)?")


def test_every_number_has_a_source_or_is_marked_as_an_assumption():
    undocumented = []
    for number, line in enumerate(YAML_TEXT.splitlines(), start=1):
        code, _, comment = line.partition("#")
        if NUMBER.search(code.split(":", 1)[-1]) and not re.search(
            r"assumption|calibrated|pierini2022|SIPRI|source", comment
        ):
            undocumented.append(f"line {number}: {line.strip()}")
    assert not undocumented, "numbers without a source or 'assumption':\n" + "\n".join(undocumented)


def test_the_file_loads_with_the_designed_shape():
    params = load_parameters()
    assert params.lever_names == ("drones", "sanctions", "black_sea", "mediation")
    assert len(policy_table(params).policies) == 3 * 3 * 3 * 2
    assert params.interests == (
        "nato",
        "moscow",
        "economy",
        "mediation_role",
        "drone_industry",
        "prestige",
    )
    assert {r.actor for r in params.responses} == {"Moscow", "Washington/NATO"}


def _broken(path, value):
    raw = copy.deepcopy(read_yaml())
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return raw


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("responses", "tourism_ban", "base"), 1.2, r"responses\.tourism_ban\.base must be <= 1"),
        (("responses", "tourism_ban", "base"), -0.1, r"responses\.tourism_ban\.base must be >= 0"),
        (("responses", "tourism_ban", "base"), "high", r"tourism_ban\.base must be a number"),
        (("weights", "balanced", "nato"), -1.0, r"weights\.balanced\.nato must be >= 0"),
        (("responses", "strike_drones", "shift", "drones"), [0, 0.1], r"shift\.drones must list 3"),
        (("responses", "strike_drones", "shift", "navy"), [0, 0.1], r"unknown lever 'navy'"),
        (("responses", "strike_drones", "effects", "morale"), -1, r"unknown interest 'morale'"),
        (("responses", "strike_drones", "actor"), "Beijing", r"strike_drones\.actor must be"),
        (("responses", "accept_mediation", "requires"), {"mediation": "maybe"}, r"unknown level"),
        (("actual_2022", "drones"), "sell_more", r"actual_2022\.drones: unknown level"),
        (("baseline", "drones", "moscow"), [0.1, float("nan"), 0.0], r"moscow\[1\] must be finite"),
        (("sequential", "moscow_costs", "tourism_ban"), -0.3, r"moscow_costs\.tourism_ban"),
        (("sequential", "coercion_persists_after_deescalation"), 2, r"coercion_persists"),
    ],
)
def test_bad_parameters_are_refused_by_name(path, value, message):
    with pytest.raises(ValueError, match=message):
        parameters_from_dict(_broken(path, value))


def test_bad_calls_are_refused_by_name():
    params = load_parameters()
    table = policy_table(params)
    policy = dict(params.actual_2022)
    with pytest.raises(ValueError, match=r"weights\['moscow'\] must be >= 0"):
        evaluate(
            params,
            policy,
            {
                **dict(zip(params.interests, params.presets["balanced"], strict=True)),
                "moscow": -2.0,
            },
        )
    with pytest.raises(ValueError, match=r"weights: missing \['prestige'\]"):
        evaluate(params, policy, {"nato": 1, "moscow": 1, "economy": 1,
                                  "mediation_role": 1, "drone_industry": 1})  # fmt: skip
    with pytest.raises(ValueError, match="unknown weight preset 'hawk'"):
        evaluate(params, policy, "hawk")
    with pytest.raises(ValueError, match=r"weights must have shape \(6,\)"):
        evaluate(params, policy, np.ones(5))
    with pytest.raises(ValueError, match=r"policy\['drones'\]: unknown level 'sell'"):
        evaluate(params, {**policy, "drones": "sell"}, "balanced")
    with pytest.raises(ValueError, match="missing lever 'mediation'"):
        evaluate(params, {k: v for k, v in policy.items() if k != "mediation"}, "balanced")
    with pytest.raises(ValueError, match=r"responses\.tourism_ban\.base must be <= 1"):
        params.with_base("tourism_ban", 1.5)
    with pytest.raises(ValueError, match="unknown response 'blockade'"):
        params.with_base("blockade", 0.5)
    with pytest.raises(ValueError, match="x and y must be different"):
        pareto_front(table, "nato", "nato")
    with pytest.raises(ValueError, match="y must be one of the interests"):
        pareto_front(table, "nato", "navy")
    with pytest.raises(ValueError, match="n must be a positive integer"):
        random_scenarios(params, 0)
    with pytest.raises(ValueError, match="weights must be finite and >= 0"):
        sweep(params, -np.ones((3, 6)))
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        inverse(table, policy, n_samples=0)
