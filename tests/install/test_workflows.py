"""The GitHub workflows: valid, and doing what the README says (tests, publishing, link check).

The files are validated offline against GitHub's workflow schema (SchemaStore's copy,
bundled with ``check-jsonschema``). The weekly link checker runs here against a
local server.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from balancing.launch import WHEEL_FOLDER

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
_spec = importlib.util.spec_from_file_location(
    "check_links", ROOT / ".github" / "scripts" / "check_links.py"
)
check_links = sys.modules["check_links"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_links)


def validate(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def workflow(name: str) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True.
    loaded = yaml.safe_load((WORKFLOWS / name).read_text())
    loaded["on"] = loaded.pop(True)
    return loaded


def steps(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def test_every_workflow_is_valid():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["links.yml", "publish.yml", "tests.yml"]
    done = validate(*files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    steps:\n      - run: make test\n")
    assert validate(broken).returncode != 0  # no runs-on


def test_tests_run_the_readme_command_on_python_3_11_on_every_push_and_pull_request():
    flow = workflow("tests.yml")
    assert {"push", "pull_request"} <= set(flow["on"])
    (job,) = flow["jobs"].values()
    assert job["container"]["image"].startswith("python:3.11-")
    assert [s["run"] for s in steps(flow) if "run" in s] == [".ci/run"]
    assert "make test" in (ROOT / ".ci" / "run").read_text().splitlines()[-1]
    assert "make test" in (ROOT / "README.md").read_text()
    cached = [
        s["with"]["path"] for s in steps(flow) if s.get("uses", "").startswith("actions/cache")
    ]
    assert any("~/.cache/pip" in path for path in cached)


def test_publishing_builds_the_book_and_the_wheel_and_deploys_pages_from_main():
    flow = workflow("publish.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    uses = [s["uses"].split("@")[0] for s in steps(flow) if "uses" in s]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    runs = [s["run"] for s in steps(flow) if "run" in s]
    assert runs == ["make book", "make wheel"]
    upload = next(s for s in steps(flow) if s.get("uses", "").startswith("actions/upload-pages"))
    site = upload["with"]["path"]
    makefile = (ROOT / "Makefile").read_text()
    assert f"WHEEL_DIR ?= {site}/{WHEEL_FOLDER}" in makefile


def test_the_link_check_is_weekly_and_separate_from_publishing():
    flow = workflow("links.yml")
    (schedule,) = flow["on"]["schedule"]
    *_, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday)
    assert [s["run"] for s in steps(flow) if "run" in s] == [
        "python .github/scripts/check_links.py references.bib"
    ]
    assert "links" not in (WORKFLOWS / "publish.yml").read_text()


#: Path -> (answer to HEAD, answer to GET), like the servers a bibliography points at.
ANSWERS = {"/ok": (200, 200), "/gone": (404, 404), "/no-head": (405, 200), "/bot": (403, 403)}


class FakeSources(BaseHTTPRequestHandler):
    """Answers with the statuses of :data:`ANSWERS`."""

    def _answer(self, method_index: int) -> None:
        head, get = ANSWERS.get(self.path, (404, 404))
        self.send_response((head, get)[method_index])
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(0)

    def do_GET(self) -> None:
        self._answer(1)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def sources() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(FakeSources))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_link_check_reports_broken_and_unverified_links(sources, tmp_path, capsys):
    bib = tmp_path / "references.bib"
    bib.write_text(
        f"@misc{{alive,\n  title = {{A}},\n  url = {{{sources}/ok}}\n}}\n"
        f"@misc{{moved,\n  url = {{{sources}/gone}}\n}}\n"
        f"@misc{{headless,\n  url = {{{sources}/no-head}}\n}}\n"
        f"@misc{{guarded,\n  url = {{{sources}/bot}}\n}}\n"
        "@misc{nowhere,\n  url = {http://127.0.0.1:9/closed}\n}\n"
        "@book{offline,\n  title = {No URL}\n}\n"
    )
    summary = tmp_path / "summary.md"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        assert check_links.main([str(bib), "--timeout", "10"]) == 1
    out = capsys.readouterr().out
    assert "5 URLs: 2 ok, 2 broken, 1 unverified" in out
    assert re.search(r"\| `moved` \| broken \| HTTP 404 \|", out)
    assert re.search(r"\| `nowhere` \| broken \| unreachable", out)
    assert re.search(r"\| `guarded` \| unverified \| HTTP 403 \|", out)
    assert "`alive`" not in out and "`headless`" not in out
    assert summary.read_text() in out


def test_the_link_check_passes_when_nothing_is_broken(sources, tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(f"@misc{{guarded,\n  url = {{{sources}/bot}}\n}}\n")
    assert check_links.main([str(bib)]) == 0


def test_the_link_check_reads_every_url_of_the_course_bibliography():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    found = check_links.bibliography_urls(text)
    assert len(found) == len(re.findall(r"^\s*url\s*=", text, re.MULTILINE | re.IGNORECASE))
    assert all(url.startswith(("http://", "https://")) for _, url in found)
