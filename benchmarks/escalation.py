"""Benchmark the escalation model: one evaluation, a 10,000-scenario sweep, the explorers.

Run: ``.venv/bin/python benchmarks/escalation.py``. Targets (issue 15): one
evaluation under 1 ms; the sweep (10,000 random weight vectors and
base-probability shifts, best of the 162 war-phase policies in each) under 1 s;
one move of a weight slider in the live explorer (ranking, model, narrative and
chart redrawn) under 100 ms, so that it feels instant. Also prints the cost of
building the static explorer and the size of its spec, which goes into the
chapter page. Exits with status 1 if a target is missed. Reports the median of
several repeats.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable

from balancing.escalation import evaluate, load_parameters, policy_table
from balancing.escalation.analysis import random_scenarios, sweep
from balancing.escalation.charts import explorer_chart
from balancing.escalation.explorer import EscalationExplorer

TARGETS_S = {
    "evaluate one policy": 1e-3,
    "sweep 10,000 scenarios": 1.0,
    "explorer: one slider move": 0.1,
}


def median_seconds(task: Callable[[], object], repeats: int, number: int = 1) -> float:
    """Median time of ``task`` in seconds, over ``repeats`` runs of ``number`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            task()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def main() -> int:
    """Print every timing and the static explorer's size; return 1 if a target is missed."""
    params = load_parameters("war")
    policy = params.actual_2022
    with contextlib.redirect_stdout(io.StringIO()):  # the explorer displays outside a kernel
        explorer = EscalationExplorer()
        for lever, level in policy.items():
            explorer.levers[lever].value = level
        slider, values = explorer.weights["west"], itertools.cycle([0.5, 1.0, 1.5, 2.0])
        slider_move = median_seconds(lambda: setattr(slider, "value", next(values)), 5, 20)
    weights, shifts = random_scenarios(params, 10_000, seed=1)
    spec_bytes = len(json.dumps(explorer_chart().to_dict()))
    results = {
        "evaluate one policy": median_seconds(
            lambda: evaluate(params, policy, "equal"), repeats=7, number=1000
        ),
        "sweep 10,000 scenarios": median_seconds(lambda: sweep(params, weights, shifts), 5),
        "policy table (162 policies)": median_seconds(lambda: policy_table(params), 7, 100),
        "explorer: one slider move": slider_move,
        "static explorer: build spec": median_seconds(lambda: explorer_chart().to_dict(), 3),
    }
    failed = False
    for name, seconds in results.items():
        target = TARGETS_S.get(name)
        verdict = "" if target is None else ("ok" if seconds < target else "TOO SLOW")
        failed |= verdict == "TOO SLOW"
        print(f"{name:<30} {seconds * 1e3:9.3f} ms  {verdict}")
    print(f"{'static explorer: spec size':<30} {spec_bytes / 1024:9.1f} KB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
