"""The student notebooks the book serves (``exercises/student/``) are complete and current.

``make assign`` writes them and they are committed, because launch buttons open
files of the repository. Cheap checks, without otter: one copy per master and no
other, each recording the SHA-256 of its master as it is now, and none holding a
solution, a hidden test or master markup. (``test_pipeline.py`` also checks that
each copy is byte for byte what ``balancing assign`` builds now.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat
import pytest

from balancing.grading import masters

from support import leaks

ROOT = Path(__file__).resolve().parents[2]
COPIES = ROOT / "exercises" / "student"
EXERCISES = masters.exercises()
REBUILD = "run `make assign` and commit exercises/student/"


def test_one_copy_per_exercise_set_and_no_other():
    assert sorted(p.name for p in COPIES.glob("*.ipynb")) == sorted(
        e.master.name for e in EXERCISES
    ), REBUILD


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_copy_was_made_from_the_master_as_it_is(exercise):
    copy = nbformat.read(COPIES / exercise.master.name, as_version=4)
    recorded = copy.metadata.get("balancing", {}).get("master_sha256")
    current = hashlib.sha256(exercise.master.read_bytes()).hexdigest()
    assert recorded == current, f"{exercise.master.name} changed since its copy was made: {REBUILD}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_copy_holds_no_solution_hidden_test_or_markup(exercise):
    copy = nbformat.read(COPIES / exercise.master.name, as_version=4)
    text = "\n".join(cell.source for cell in copy.cells)
    assert not leaks.leaks_in(text, [exercise])
    for test in copy.metadata["otter"]["tests"].values():
        assert not any(case["hidden"] for suite in test["suites"] for case in suite["cases"])
