"""Unit tests of balancing.launch: the repository setting, the published wheel, set-up cells."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from balancing import launch

ROOT = Path(__file__).resolve().parents[2]
OLD_SETUP = "from balancing import viz\n\nviz.enable_renderer()"


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        ("https://github.com/Some-Org/turkey-course", ("Some-Org", "turkey-course")),
        ("https://github.com/some-org/turkey.course/", ("some-org", "turkey.course")),
        ("https://github.com/some-org/turkey-course.git", ("some-org", "turkey-course")),
    ],
)
def test_github_parts(url, parts):
    assert launch.github_parts(url) == parts


@pytest.mark.parametrize(
    "url",
    [
        "https://gitlab.com/some-org/turkey-course",
        "http://github.com/some-org/turkey-course",
        "https://github.com/some-org",
        "https://github.com/some-org/turkey-course/tree/main",
        "github.com/some-org/turkey-course",
    ],
)
def test_github_parts_refuses_what_is_not_a_github_repository(url):
    with pytest.raises(ValueError, match=r"https://github.com/OWNER/NAME"):
        launch.github_parts(url)


def test_configured_repository():
    assert launch.configured_repository({}) == ""
    assert launch.configured_repository({"repository": {"url": ""}}) == ""
    assert launch.configured_repository({"repository": {"url": None}}) == ""
    url = "https://github.com/some-org/turkey-course"
    assert launch.configured_repository({"repository": {"url": f" {url}/ "}}) == url
    with pytest.raises(ValueError):
        launch.configured_repository({"repository": {"url": "https://example.org/x/y"}})


def test_workflow_repository():
    assert launch.workflow_repository({}) == ""
    assert (
        launch.workflow_repository({"GITHUB_REPOSITORY": "some-org/turkey-course"})
        == "https://github.com/some-org/turkey-course"
    )
    environ = {"GITHUB_SERVER_URL": "https://github.com/", "GITHUB_REPOSITORY": "o/n"}
    assert launch.workflow_repository(environ) == "https://github.com/o/n"


def test_pages_url_is_the_owners_github_io_site_in_lower_case():
    assert (
        launch.pages_url("https://github.com/Some-Org/turkey-course")
        == "https://some-org.github.io/turkey-course/"
    )
    assert (
        launch.pages_url("https://github.com/Alice/alice.github.io") == "https://alice.github.io/"
    )


def test_wheel_url():
    assert (
        launch.wheel_url("https://github.com/o/course", "1.2.3")
        == "https://o.github.io/course/packages/balancing-1.2.3-py3-none-any.whl"
    )


def test_setup_cell_names_the_wheel_and_stays_within_the_line_length():
    short = "https://o.github.io/c/packages/balancing-0.1.0-py3-none-any.whl"
    source = launch.setup_cell_source(short)
    compile(source, "setup-cell", "exec")
    assert f'published = "{short}"' in source
    assert "noqa" not in source
    assert 'if "google.colab" in sys.modules:' in source
    assert source.rstrip().endswith(
        "viz.enable_renderer()  # offline charts, in the book and in live notebooks"
    )
    assert max(len(line) for line in source.splitlines()) <= launch.MAX_LINE


def test_a_long_wheel_address_gets_a_noqa_on_its_line_only():
    long = "https://a-very-long-organisation-name.github.io/a-long-course-name/packages/" + (
        "balancing-10.20.30-py3-none-any.whl"
    )
    lines = launch.setup_cell_source(long).splitlines()
    (too_long,) = [line for line in lines if len(line) > launch.MAX_LINE]
    assert long in too_long and too_long.endswith("# noqa: E501")


def test_toc_notebooks_are_the_notebook_pages_of_the_toc_in_order():
    # Read _toc.yml as text here, independently of the YAML walk in balancing.launch.
    toc = (ROOT / "_toc.yml").read_text()
    pages = re.findall(r"^\s*(?:-\s*)?(?:file|root):\s*(\S+)\s*$", toc, re.MULTILINE)
    expected = [ROOT / f"{page}.ipynb" for page in pages if (ROOT / f"{page}.ipynb").is_file()]
    assert launch.toc_notebooks(ROOT) == expected
    assert ROOT / "chapters" / "02-drones-and-defence-industry.ipynb" in expected
    assert ROOT / "back" / "timeline.ipynb" in expected


def _notebook(path: Path, *cells: nbformat.NotebookNode) -> None:
    notebook = nbformat.v4.new_notebook(cells=list(cells))
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


@pytest.fixture
def small_course(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "repository:\n  url: https://github.com/Some-Org/course\n  branch: main\n"
    )
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "balancing"\nversion = "2.0.1"\n')
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: one\n  - file: two\n  - file: three\n"
    )
    (tmp_path / "intro.md").write_text("# Intro\n")
    (tmp_path / "three.md").write_text("# A page without code\n")
    old_setup = nbformat.v4.new_code_cell(OLD_SETUP, metadata={"tags": ["remove-cell"]})
    _notebook(
        tmp_path / "one.ipynb",
        nbformat.v4.new_markdown_cell("# One"),
        old_setup,
        nbformat.v4.new_code_cell("1 + 1"),
    )
    _notebook(
        tmp_path / "two.ipynb",
        nbformat.v4.new_markdown_cell("# Two"),
        nbformat.v4.new_code_cell("2 + 2"),
    )
    return tmp_path


def test_sync_writes_the_setup_cell_as_the_first_code_cell(small_course):
    wheel = "https://some-org.github.io/course/packages/balancing-2.0.1-py3-none-any.whl"
    assert launch.sync_setup_cells(small_course, check=True) == [
        small_course / "one.ipynb",
        small_course / "two.ipynb",
    ]
    assert launch.sync_setup_cells(small_course) == [
        small_course / "one.ipynb",
        small_course / "two.ipynb",
    ]
    for name, code in (("one", "1 + 1"), ("two", "2 + 2")):
        cells = nbformat.read(small_course / f"{name}.ipynb", as_version=4).cells
        assert [cell.cell_type for cell in cells] == ["markdown", "code", "code"]
        setup = cells[1]
        assert f'published = "{wheel}"' in setup.source
        assert setup.metadata["tags"] == ["remove-cell"]
        assert cells[2].source == code
    inserted = nbformat.read(small_course / "two.ipynb", as_version=4).cells[1]
    assert inserted.id == launch.SETUP_CELL_ID
    assert launch.sync_setup_cells(small_course) == []


def test_check_changes_no_file_and_main_reports_stale_notebooks(small_course, capsys):
    before = (small_course / "two.ipynb").read_bytes()
    assert launch.main(["--check", "--root", str(small_course)]) == 1
    assert (small_course / "two.ipynb").read_bytes() == before
    assert "out of date: two.ipynb" in capsys.readouterr().out
    assert launch.main(["--root", str(small_course)]) == 0
    assert launch.main(["--check", "--root", str(small_course)]) == 0
    json.loads((small_course / "two.ipynb").read_text())  # still a valid notebook file


def test_an_empty_repository_setting_gives_a_cell_without_an_address(small_course):
    (small_course / "_config.yml").write_text("repository:\n  url: ''\n")
    assert 'published = ""' in launch.expected_setup_cell(small_course)


def test_main_explains_a_malformed_setting(small_course, capsys):
    (small_course / "_config.yml").write_text("repository:\n  url: https://gitlab.com/o/n\n")
    assert launch.main(["--root", str(small_course)]) == 1
    assert "https://github.com/OWNER/NAME" in capsys.readouterr().err


def test_a_student_setup_cell_creates_the_grader_after_the_set_up():
    setup = launch.setup_cell_source(
        "https://o.github.io/c/packages/balancing-0.1.0-py3-none-any.whl"
    )
    checks = {
        "q1_x": {"name": "q1_x", "points": 1, "suites": [{"cases": [{"code": ">>> 'a\nb'"}]}]}
    }
    source = launch.student_setup_cell_source(setup, "my-set.ipynb", checks)
    compile(source, "student-setup-cell", "exec")
    assert source.startswith(setup)
    outside_colab = source.rsplit("else:", 1)[1]
    assert 'grader = otter.Notebook("my-set.ipynb")' in outside_colab
    (call,) = [line for line in source.splitlines() if "colab.otter_grader(" in line]
    carried = ast.literal_eval(call.split("colab.otter_grader(", 1)[1].removesuffix(")"))
    assert carried == checks


def test_a_student_setup_cell_needs_a_set_up_cell():
    with pytest.raises(ValueError, match="make setup-cells"):
        launch.student_setup_cell_source("import otter", "my-set.ipynb", {})
