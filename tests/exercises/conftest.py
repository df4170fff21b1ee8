"""The exercise sets' expensive work, done once per test session and shared.

``course``
    ``balancing assign`` of every set into a temporary folder (otter's own check of
    the solutions is skipped: ``gradescope`` grades the solutions instead).
``gradescope``
    Every autograder zip as Gradescope runs it: unpacked in an empty folder, a fresh
    virtual environment with only what the zip asks for (one for all sets, once the
    zips are shown to ask for the same), then otter's ``run_autograder`` on a solved
    and a blank student notebook of each set.
``batch``
    One batch run (``balancing grade FOLDER --out grades.csv``) over a wrong
    submission of every set and the awkward cases (a corrupt notebook, another set's
    notebook, one that writes a file, one that deletes one); then a second run on the
    same sheet after a notebook that never ends was added, with a short time limit.

Only ``test_pipeline.py`` uses them, so that pytest-xdist (``--dist loadfile``) runs
them in one worker, once.
"""

from __future__ import annotations

import pytest

from balancing.grading import assign

from support import pipeline


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> assign.AssignedCourse:
    return assign.assign_all(tmp_path_factory.mktemp("assign"), check_solutions=False, jobs=2)


@pytest.fixture(scope="session")
def gradescope(course, tmp_path_factory) -> pipeline.GradescopeRun:
    return pipeline.run_gradescope(course, tmp_path_factory.mktemp("gradescope"))


@pytest.fixture(scope="session")
def batch_run(course, tmp_path_factory) -> pipeline.BatchRun:
    return pipeline.run_batch(course, tmp_path_factory.mktemp("batch"))
