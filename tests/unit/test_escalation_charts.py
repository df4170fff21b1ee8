"""Charts and narrative of the escalation model: small, described, and consistent with the model."""

import json

import numpy as np
import pytest

from balancing.escalation import charts as ec
from balancing.escalation import evaluate, load_parameters, policy_table
from balancing.escalation.analysis import pareto_front
from balancing.escalation.narrative import narrative
from balancing.escalation.parameters import PHASES

PARAMS = load_parameters("war")
TABLES = {phase: policy_table(load_parameters(phase)) for phase in PHASES}


@pytest.fixture(scope="module")
def spec():
    return ec.explorer_chart(TABLES).to_dict()


def vega_to_python(expression: str) -> str:
    """Translate the few vega expressions the explorer writes into Python."""
    return expression.replace("datum.", "").replace("&&", " and ").replace("||", " or ")


def test_explorer_is_small_and_opens_on_equal_weights_with_nothing_chosen(spec):
    assert len(json.dumps(spec)) < 150_000  # the whole page must stay well under 1 MB
    params = {p["name"]: p for p in spec["params"]}
    for i, label in enumerate(PARAMS.interest_labels):
        assert params[f"w{i}"]["value"] == 1.0
        assert params[f"w{i}"]["bind"]["input"] == "range"
        assert params[f"w{i}"]["bind"]["name"] == f"{label}: "
    for lever in PARAMS.levers:
        assert params[lever.name]["value"] == -1  # no policy preselected
        assert params[lever.name]["bind"]["labels"] == [ec.CHOOSE, *lever.level_labels]
    assert params["phase"]["bind"]["labels"] == [t.params.phase.label for t in TABLES.values()]


def calculations(node: object) -> dict[str, str]:
    """Every vega ``calculate`` transform in a spec, by the field it writes."""
    found = {}
    if isinstance(node, dict):
        if "calculate" in node and "as" in node:
            found[node["as"]] = node["calculate"]
        for value in node.values():
            found.update(calculations(value))
    elif isinstance(node, list):
        for value in node:
            found.update(calculations(value))
    return found


def test_the_browser_computes_the_models_utilities(spec):
    utility = vega_to_python(calculations(spec)["utility"])
    frames = ec.explorer_frames(TABLES)
    weights = np.array([2.0, 0.5, 1.0, 0.0, 3.0, 1.5])
    names = {f"w{i}": w for i, w in enumerate(weights)}
    for position, table in enumerate(TABLES.values()):
        rows = frames["policies"][frames["policies"]["phase"] == position]
        assert len(rows) == len(table.policies)
        computed = [eval(utility, {}, {**names, **row}) for row in rows.to_dict("records")]
        # Scores travel with 3 decimals: utilities agree to within 0.01.
        np.testing.assert_allclose(computed, table.utilities(weights), atol=0.01)


def test_the_browser_writes_the_same_policy_labels(spec):
    expression = vega_to_python(ec._label_expression(PARAMS))
    table = TABLES["war"]
    for row, levels in enumerate(table.policies):
        names = dict(zip(PARAMS.lever_names, (int(x) for x in levels), strict=True))
        assert eval(expression, {}, names) == ec.short_label(PARAMS, table.policies[row])


def test_explorer_frames_hold_the_model_numbers():
    frames = ec.explorer_frames(TABLES)
    war = frames["policies"][frames["policies"]["phase"] == list(TABLES).index("war")]
    row = TABLES["war"].index(PARAMS.actual_2022)
    r = PARAMS.response_index("mediation_succeeds")
    assert war.iloc[row][f"p{r}"] == pytest.approx(TABLES["war"].probabilities[row, r], abs=0.005)
    assert list(frames["responses"]["actor"]) == [x.actor for x in PARAMS.responses]


def test_descriptions_are_written_from_the_numbers_and_reveal_nothing(spec):
    text = ec.describe_explorer(TABLES)
    for table in TABLES.values():
        best = int(np.argmax(table.utilities("equal")))
        assert ec.short_label(table.params, table.policies[best]) in text
    assert "2022 mix" not in text and "actual" not in text.lower()
    front = pareto_front(TABLES["war"])
    pareto_text = ec.pareto_chart(TABLES["war"]).description
    assert f"{int(front['on_front'].sum())} policies are on the Pareto front" in pareto_text
    assert "Standing with the West (NATO, US, EU) (horizontal)" in pareto_text
    result = evaluate(PARAMS, PARAMS.actual_2022, "equal")
    assert f"total {result.utility:.2f}" in ec.outcome_chart(PARAMS, result).description


def test_responses_frame_lists_every_response_once_by_capital():
    result = evaluate(PARAMS, PARAMS.actual_2022, "equal")
    frame = ec.responses_frame(PARAMS, result)
    assert sorted(frame["response"]) == sorted(r.label for r in PARAMS.responses)
    assert list(dict.fromkeys(frame["actor"])) == list(ec.ACTOR_COLOURS)
    moscow = frame[frame["actor"] == "Moscow"]["probability"].tolist()
    assert moscow == sorted(moscow, reverse=True)


def test_narrative_names_the_mediation_paradox_only_when_it_applies():
    inside = {**PARAMS.actual_2022, "black_sea": "combat"}
    paradox = narrative(PARAMS, evaluate(PARAMS, inside, "equal"), 30, 162, "x")
    assert any("mediation paradox" in s for s in paradox)
    assert paradox[0].startswith("Under these weights this policy ranks 30 of 162")
    outside = narrative(PARAMS, evaluate(PARAMS, PARAMS.actual_2022, "equal"), 1, 162, "x")
    assert not any("mediation paradox" in s for s in outside)
    assert outside[0] == "Under these weights this is the best of the 162 policies."
    both = evaluate(PARAMS, PARAMS.actual_2022, "equal").probabilities
    succeeds = both[PARAMS.response_index("mediation_succeeds")]
    assert any(f"accept: {succeeds:.2f}" in s for s in outside)
