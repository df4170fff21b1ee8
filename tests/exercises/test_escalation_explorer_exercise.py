"""The escalation exercise set as students get it: the live explorer works in their notebook.

The student version is built with :func:`balancing.grading.assign.assign` (``otter
assign``), then run in a real kernel with two cells appended that move the
explorer's controls from code, as a student would with the mouse or the keyboard,
and print what the explorer then shows. The expected values are computed here,
outside the kernel, with the model itself.
"""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from balancing.escalation import evaluate, load_parameters, policy_table
from balancing.grading import assign, masters
from balancing.viz import RENDERER_VARIABLE

WEIGHTS = {"west": 2.0, "moscow": 0.5}
MOVES = """
import json as _json

from balancing.escalation.explorer import EscalationExplorer as _Explorer

_report = {"widget": isinstance(explorer, _Explorer), "chosen": explorer.current_policy()}
for _lever, _level in POLICY.items():
    explorer.levers[_lever].value = _level
for _interest, _weight in WEIGHTS.items():
    explorer.weights[_interest].value = _weight
_report |= {
    "utility": explorer.evaluation.utility,
    "rank": explorer.rank,
    "best": explorer.best_label,
    "summary": explorer._summary.value,
}
print(_json.dumps(_report))
"""


@pytest.fixture(scope="module")
def student_run(tmp_path_factory) -> dict:
    """Assign the set, run the student notebook with the moves appended, return the report."""
    built = assign.assign(masters.find_exercise("escalation-choices"), tmp_path_factory.mktemp("a"))
    notebook = nbformat.read(built.student_notebook, as_version=4)
    policy = load_parameters("war").actual_2022
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            MOVES.replace("POLICY", repr(dict(policy))).replace("WEIGHTS", repr(WEIGHTS))
        )
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(RENDERER_VARIABLE, "live")  # a student's kernel, not the book build
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(built.student_notebook.parent)}},
        ).execute()
    last = notebook.cells[-1].outputs
    text = "".join(output.get("text", "") for output in last if output.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def test_the_student_notebook_shows_the_live_explorer_with_nothing_chosen(student_run):
    assert student_run["widget"], "the student version should show the live explorer"
    assert student_run["chosen"] is None


def test_moving_the_explorer_from_code_updates_rank_and_utility(student_run):
    params = load_parameters("war")
    weights = params.weights("equal").copy()
    for interest, weight in WEIGHTS.items():
        weights[params.interests.index(interest)] = weight
    expected = evaluate(params, params.actual_2022, weights)
    table = policy_table(params)
    utilities = table.utilities(weights)
    assert student_run["utility"] == pytest.approx(expected.utility)
    assert student_run["rank"] == 1 + int((utilities > expected.utility + 1e-12).sum())
    assert student_run["best"] == table.label(int(np.argmax(utilities)))
    assert f"rank {student_run['rank']} of {len(utilities)}" in student_run["summary"]
