"""The parameter file: every number documented and sourced, phases, bad values refused by name."""

import copy
import datetime as dt
import re
from importlib import resources

import numpy as np
import pytest

from balancing.escalation import (
    evaluate,
    load_parameters,
    parameters_from_dict,
    phase_on,
    policy_table,
)
from balancing.escalation.analysis import inverse, pareto_front, random_scenarios, sweep
from balancing.escalation.parameters import ACTORS, read_yaml
from balancing.paths import repo_root

YAML_TEXT = resources.files("balancing.escalation").joinpath("parameters.yaml").read_text()
NUMBER = re.compile(r"(?<![A-Za-z_\d-])-?\d+(\.\d+)?(?![\d-])")
CITED = re.compile(r"\[([a-z0-9_, ]+)\]")
BIB = (repo_root() / "references.bib").read_text(encoding="utf-8")


def yaml_lines_with_numbers():
    """Lines of the file (outside `sources`, `phases` and `directions`) that set a number."""
    section = None
    for number, line in enumerate(YAML_TEXT.splitlines(), start=1):
        if re.match(r"^[a-z_0-9]+:", line):
            section = line.split(":")[0]
        code, _, comment = line.partition("#")
        value = re.sub(r'"[^"]*"', "", code.split(":", 1)[-1])  # labels may contain digits
        if section in ("sources", "phases", "directions") or not NUMBER.search(value):
            continue
        yield number, line, comment


def test_every_number_is_calibrated_or_an_assumption_with_a_reason():
    undocumented = []
    for number, line, comment in yaml_lines_with_numbers():
        reason = re.search(r"assumption:\s*(\S+(\s+\S+){2,})", comment)
        if "calibrated" not in comment and reason is None:
            undocumented.append(f"line {number}: {line.strip()}")
    assert not undocumented, (
        "numbers without 'calibrated' or 'assumption: <reason>':\n" + "\n".join(undocumented)
    )


def test_every_cited_key_is_a_dated_source_in_the_bibliography():
    params = load_parameters()
    cited = {
        key.strip()
        for _, _, comment in yaml_lines_with_numbers()
        for group in CITED.findall(comment)
        for key in group.split(",")
    }
    cited |= {direction.source for direction in params.directions}
    assert cited, "the file cites no source"
    assert not cited - set(params.sources), (
        f"cited but not in `sources`: {cited - set(params.sources)}"
    )
    for key, date in params.sources.items():
        entry = re.search(r"@\w+\{" + re.escape(key) + r",(.*?)\n\}", BIB, re.DOTALL)
        assert entry, f"{key} is not in references.bib"
        if date != "undated":
            year = re.search(r"year\s*=\s*\{(\d{4})\}", entry.group(1))
            assert year and year.group(1) == date[:4], (
                f"{key}: the year differs from references.bib"
            )


def test_the_file_loads_with_the_designed_shape():
    war, pre_war = load_parameters("war"), load_parameters("pre_war")
    assert war.lever_names == ("drones", "sanctions", "black_sea", "straits", "mediation")
    assert war.interests == (
        "west", "moscow", "economy", "mediator", "drone_industry", "prestige"
    )  # fmt: skip
    assert {r.actor for r in war.responses} == {*ACTORS, "Moscow and Kyiv"}
    assert [r.name for r in war.responses if r.joint] == ["mediation_succeeds", "mediation_fails"]
    # 3 x 3 x 3 x 3 x 2 policies at war; before it the Straits keep their peacetime rules.
    assert len(policy_table(war).policies) == 162
    assert len(policy_table(pre_war).policies) == 54
    assert set(war.presets) == {
        "equal", "westernist", "eurasianist", "strategic_autonomy", "trading_state"
    }  # fmt: skip


def test_values_differ_by_phase_as_written():
    raw = read_yaml()
    spec = raw["responses"]["us_sanctions_enforcement"]
    war, pre_war = load_parameters("war"), load_parameters("pre_war")
    r = war.response_index("us_sanctions_enforcement")
    assert war.base[r] == spec["base"]["war"] and pre_war.base[r] == spec["base"]["pre_war"]
    assert pre_war.base[r] == 0.0 < war.base[r]  # no Russia sanctions regime before the war
    assert war.phase.first_day == dt.date(2022, 2, 24)


def test_phase_on_splits_at_the_invasion():
    assert phase_on(dt.date(2022, 1, 25)) == "pre_war"
    assert phase_on(dt.date(2022, 2, 23)) == "pre_war"
    assert phase_on(dt.date(2022, 2, 24)) == "war"
    with pytest.raises(ValueError, match=r"datetime\.date"):
        phase_on("2022-02-24")


def test_economy_and_drone_industry_are_converted_to_points():
    raw = read_yaml()
    params = load_parameters()
    economy = params.interests.index("economy")
    tourism = params.response_index("tourism_ban")
    per_point = raw["interests"]["economy"]["per_point"]
    written = raw["responses"]["tourism_ban"]["effects"]["economy"]
    assert params.effects[tourism, economy] == pytest.approx(written / per_point)
    assert params.effects[tourism, economy] == pytest.approx(-1.0, abs=0.01)  # the ban is a point


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
        (("responses", "agri_ban", "base"), 1.2, r"responses\.agri_ban\.base must be <= 1"),
        (("responses", "agri_ban", "base"), -0.1, r"responses\.agri_ban\.base must be >= 0"),
        (("responses", "agri_ban", "base"), "high", r"agri_ban\.base must be a number"),
        (("responses", "agri_ban", "base"), {"war": 0.1}, r"agri_ban\.base must be one value, or"),
        (("weights", "equal", "west"), -1.0, r"weights\.equal\.west must be >= 0"),
        (("responses", "strike_drones", "shift", "black_sea"), [0, 0.1], r"black_sea must list 3"),
        (("responses", "strike_drones", "shift", "navy"), [0, 0.1], r"unknown lever 'navy'"),
        (("responses", "strike_drones", "effects", "morale"), -1, r"unknown interest 'morale'"),
        (("responses", "strike_drones", "actor"), "Beijing", r"strike_drones\.actor must be"),
        (("responses", "us_reads_tilt", "requires"), {"mediation": "maybe"}, r"unknown level"),
        (
            ("outcomes", "mediation_fails", "not_all_of"),
            ["kyiv_accepts_mediation", "x"],
            r"at least two responses",
        ),
        (("actual_2022", "drones"), "sell_more", r"actual_2022\.drones: unknown level"),
        (("baseline", "drones", "moscow"), [0.1, float("nan"), 0.0], r"moscow\[1\] must be finite"),
        (("sequential", "moscow_costs", "agri_ban"), -0.3, r"moscow_costs\.agri_ban"),
        (("sequential", "coercion_persists_after_deescalation"), 2, r"coercion_persists"),
        (
            ("phases", "pre_war", "unavailable", "straits", "levels"),
            ["shut"],
            r"unknown level 'shut'",
        ),
        (
            ("directions",),
            [
                {
                    "lever": "drones",
                    "to": "halt",
                    "interest": "west",
                    "sign": 1,
                    "source": "pierini2022",
                }
            ],
            r"above the mildest",
        ),
        (("sources", "pierini2022"), "January 2022", r"sources\.pierini2022 must be a date"),
    ],
)
def test_bad_parameters_are_refused_by_name(path, value, message):
    with pytest.raises(ValueError, match=message):
        parameters_from_dict(_broken(path, value))


def test_unknown_phase_is_refused_with_the_phases_named():
    with pytest.raises(
        ValueError, match=r"unknown phase 'peace'; the phases are \['pre_war', 'war'\]"
    ):
        load_parameters("peace")


def test_bad_calls_are_refused_by_name():
    params = load_parameters()
    table = policy_table(params)
    policy = dict(params.actual_2022)
    equal = dict(zip(params.interests, params.presets["equal"], strict=True))
    with pytest.raises(ValueError, match=r"weights\['moscow'\] must be >= 0"):
        evaluate(params, policy, {**equal, "moscow": -2.0})
    with pytest.raises(ValueError, match=r"weights are all zero: give at least one interest"):
        evaluate(params, policy, np.zeros(6))
    with pytest.raises(ValueError, match=r"weights: missing \['prestige'\]"):
        evaluate(params, policy, {k: v for k, v in equal.items() if k != "prestige"})
    with pytest.raises(ValueError, match=r"unknown weight preset 'balanced'; the presets are"):
        evaluate(params, policy, "balanced")
    with pytest.raises(ValueError, match=r"weights must have shape \(6,\)"):
        evaluate(params, policy, np.ones(5))
    with pytest.raises(ValueError, match=r"policy\['drones'\]: unknown level 'sell'; levels are"):
        evaluate(params, {**policy, "drones": "sell"}, "equal")
    with pytest.raises(ValueError, match="missing lever 'mediation'"):
        evaluate(params, {k: v for k, v in policy.items() if k != "mediation"}, "equal")
    with pytest.raises(
        ValueError, match=r"'warn_all' is not available before the invasion .*Article 19"
    ):
        evaluate(load_parameters("pre_war"), policy, "equal")
    with pytest.raises(ValueError, match=r"responses\.tourism_ban\.base must be <= 1"):
        params.with_base("tourism_ban", 1.5)
    with pytest.raises(ValueError, match="unknown response 'blockade'"):
        params.with_base("blockade", 0.5)
    with pytest.raises(ValueError, match="joint outcome: its probability follows from"):
        params.with_base("mediation_succeeds", 0.5)
    with pytest.raises(ValueError, match="x and y must be different"):
        pareto_front(table, "west", "west")
    with pytest.raises(ValueError, match="y must be one of the interests"):
        pareto_front(table, "west", "navy")
    with pytest.raises(ValueError, match="n must be a positive integer"):
        random_scenarios(params, 0)
    with pytest.raises(ValueError, match=r"at least one positive weight, in every scenario"):
        sweep(params, np.zeros((3, 6)))
    with pytest.raises(ValueError, match="weights must be finite and >= 0"):
        sweep(params, -np.ones((3, 6)))
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        inverse(table, policy, n_samples=0)


def test_parameters_are_read_only():
    params = load_parameters()
    with pytest.raises(ValueError, match="read-only"):
        params.base[0] = 1.0
