"""Charts and narrative of the escalation model: small, described, and consistent with the model."""

import json

import pytest

from balancing.escalation import charts as ec
from balancing.escalation import evaluate, load_parameters, policy_table
from balancing.escalation.analysis import pareto_front, rank
from balancing.escalation.narrative import narrative

PARAMS = load_parameters()
TABLE = policy_table(PARAMS)


def test_row_expression_finds_every_policy():
    expression = ec._row_expression(PARAMS)
    for row, levels in enumerate(TABLE.policies):
        names = {lever.name: int(level) for lever, level in zip(PARAMS.levers, levels, strict=True)}
        assert eval(expression, {}, names) == row  # the same arithmetic runs in the browser


def test_explorer_is_small_and_bound_to_every_lever_and_preset():
    spec = ec.explorer_chart(TABLE).to_dict()
    assert len(json.dumps(spec)) < 120_000  # the whole page must stay well under 1 MB
    params = {p["name"]: p for p in spec["params"]}
    for lever in PARAMS.levers:
        assert params[lever.name]["bind"]["input"] == "select"
        assert params[lever.name]["bind"]["labels"] == list(lever.level_labels)
    assert params["preset"]["bind"]["options"] == list(PARAMS.presets)
    # Starts on Turkey's 2022 policy.
    assert params["drones"]["value"] == PARAMS.lever("drones").levels.index("deliver")


def test_explorer_frames_hold_the_model_numbers():
    frames = ec.explorer_frames(TABLE)
    assert len(frames["scores"]) == 54 * len(PARAMS.interests)
    assert len(frames["utilities"]) == 54 * len(PARAMS.presets)
    row = TABLE.index(PARAMS.actual_2022)
    mine = frames["utilities"].query("row == @row and preset == 'atlanticist'")
    assert mine["rank"].item() == rank(TABLE, "atlanticist").loc[row, "rank"]


def test_descriptions_are_written_from_the_numbers():
    text = ec.explorer_chart(TABLE, "atlanticist").description
    ranked = rank(TABLE, "atlanticist")
    row = TABLE.index(PARAMS.actual_2022)
    assert f"ranks {ranked.loc[row, 'rank']}." in text
    assert TABLE.label(int(ranked.index[0])) in text
    front = pareto_front(TABLE)
    pareto_text = ec.pareto_chart(TABLE).description
    assert f"{int(front['on_front'].sum())} policies are on the Pareto front" in pareto_text
    assert "standing with nato and the us (horizontal)" in pareto_text
    result = evaluate(PARAMS, PARAMS.actual_2022, "balanced")
    assert f"total {result.utility:.2f}" in ec.outcome_chart(PARAMS, result).description


def test_responses_frame_lists_every_response_once():
    result = evaluate(PARAMS, PARAMS.actual_2022, "balanced")
    frame = ec.responses_frame(PARAMS, result)
    assert sorted(frame["response"]) == sorted(r.label for r in PARAMS.responses)
    moscow = frame[frame["actor"] == "Moscow"]["probability"].tolist()
    assert moscow == sorted(moscow, reverse=True)


def test_unknown_preset_is_refused():
    with pytest.raises(ValueError, match="unknown weight preset 'hawk'"):
        ec.explorer_chart(TABLE, "hawk")


def test_narrative_names_the_mediation_paradox_only_when_it_applies():
    inside = {**PARAMS.actual_2022, "black_sea": "combat"}
    paradox = narrative(PARAMS, evaluate(PARAMS, inside, "balanced"), 30, 54, "x")
    assert any("mediation paradox" in s for s in paradox)
    assert paradox[0].startswith("Under these weights this policy ranks 30 of 54")
    outside = narrative(PARAMS, evaluate(PARAMS, PARAMS.actual_2022, "balanced"), 1, 54, "x")
    assert not any("mediation paradox" in s for s in outside)
    assert outside[0] == "Under these weights this is the best of the 54 policies."
