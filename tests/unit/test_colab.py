"""Unit tests of balancing.colab: what the set-up cell installs on Colab, and how it fails."""

from __future__ import annotations

import os
import subprocess

import pytest

from balancing import colab


def test_missing_keeps_whatever_is_installed_at_its_own_version():
    installed = {"myst-nb": "0.17.2", "pandas": "2.2.3"}
    wanted = ["pandera==0.35.0", "MyST_NB==1.4.0", "pandas==3.1.1"]
    assert colab.missing(wanted, installed) == ["pandera==0.35.0"]


def test_constraints_hold_every_installed_distribution():
    assert colab.constraints({"pandas": "2.2.3", "altair": "5.5.0"}) == (
        "altair==5.5.0\npandas==2.2.3\n"
    )


def test_installed_versions_are_by_normalised_name():
    installed = colab.installed_versions()
    assert installed["pytest"]  # this environment has pytest
    assert all(name == colab.normalise(name) for name in installed)


def test_nothing_missing_means_no_pip_run(monkeypatch):
    def no_pip(*args, **kwargs):
        raise AssertionError("pip should not run")

    monkeypatch.setattr(colab.subprocess, "run", no_pip)
    assert colab.install_missing(["pytest==0.0.1"]) == []


def test_a_failed_install_explains_itself_without_a_traceback(monkeypatch):
    # No index and no local wheels: pip fails at once, as with no network.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    with pytest.raises(colab.ColabSetupError) as raised:
        colab.install_missing(["no-such-course-dependency==1.0"])
    message = str(raised.value)
    assert "no-such-course-dependency==1.0" in message
    assert "reach the internet" in message
    assert "no-such-course-dependency" in message.split("pip said:")[1]
    assert raised.value._render_traceback_() == [message]


def test_without_dependencies_pip_gets_no_deps_and_the_constraints(monkeypatch):
    commands = []

    def pip(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(colab.subprocess, "run", pip)
    monkeypatch.setattr(colab, "installed_versions", lambda: {"pandas": "2.2.3"})
    assert colab.install_grader() == [*colab.GRADER_LACKS, colab.GRADER]
    lacks, grader = commands
    assert "--no-deps" not in lacks
    assert lacks[-len(colab.GRADER_LACKS) :] == list(colab.GRADER_LACKS)
    assert grader[-2:] == ["--no-deps", colab.GRADER]
    assert all("--constraint" in command for command in commands)


def test_checks_written_for_otter_pass_and_fail_as_in_the_notebook(tmp_path):
    from otter.nbmeta_config import NBMetadataConfig  # otter takes a second to import
    from otter.test_files import create_test_file

    # A check in the form otter assign stores it in a student notebook's metadata.
    case = {"code": ">>> assert answer == 2, 'Look again'\n", "hidden": False, "locked": False}
    suite = {"cases": [case], "scored": True, "setup": "", "teardown": "", "type": "doctest"}
    checks = {"q1_answer": {"name": "q1_answer", "points": 1, "suites": [suite]}}
    folder = colab.write_checks(checks, tmp_path / "checks")
    assert sorted(p.name for p in folder.iterdir()) == ["q1_answer.py"]
    test_file = str(folder / "q1_answer.py")
    passed = create_test_file(test_file, NBMetadataConfig())
    passed.run({"answer": 2})
    failed = create_test_file(test_file, NBMetadataConfig())
    failed.run({"answer": 3})
    assert passed.passed_all and not failed.passed_all
    assert "Look again" in failed.summary()


def test_a_check_named_like_a_path_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Python name"):
        colab.write_checks({"../q1": {}}, tmp_path)
    assert not list(tmp_path.iterdir())
