"""Fixtures of the install layer: the course wheel, built once per test session (per worker)."""

from __future__ import annotations

from pathlib import Path

import pytest

from balancing.grading.environments import build_wheel


@pytest.fixture(scope="session")
def course_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the course package's wheel from the repository (about 2 s)."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))
