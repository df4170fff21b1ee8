"""The book's launch, repository and issue buttons follow from the one repository setting.

``_ext/repository_buttons.py`` decides at ``config-inited``; its logic is tested on
theme options, and three small books (one notebook page, no execution, the
course's ``repository``/``launch_buttons``/``html`` settings) are built in
parallel, a few seconds each, rather than the whole book again: with no
repository known, as built by the publish workflow (``GITHUB_REPOSITORY``, and a
JupyterHub set), and with ``repository.url`` set. The course's own built book
must link to no placeholder host.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nbformat
import pytest
import yaml

from balancing.launch import configured_repository, read_config, workflow_repository

from support.book import WORKFLOW_REPOSITORY

ROOT = Path(__file__).resolve().parents[2]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
_spec = importlib.util.spec_from_file_location(
    "repository_buttons", ROOT / "_ext" / "repository_buttons.py"
)
repository_buttons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(repository_buttons)

REPOSITORY = "https://github.com/some-org/turkey-course"
HUB = "https://hub.university.invalid"
#: Hosts that only ever stand for a real address: a link to one is a dead button.
PLACEHOLDER = re.compile(r"(^|[.-])example-org([.-]|$)|(^|\.)example\.(com|org|edu)$")
LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']""")


def options(url: str = "", jupyterhub: str = "") -> dict[str, Any]:
    """Theme options as Jupyter Book makes them from the course's ``_config.yml``."""
    return {
        "repository_url": url,
        "repository_branch": "main",
        "launch_buttons": {
            "notebook_interface": "jupyterlab",
            "binderhub_url": "https://mybinder.org",
            "colab_url": "https://colab.research.google.com",
            "jupyterhub_url": jupyterhub,
        },
        "use_edit_page_button": False,
    }


def test_no_repository_no_buttons():
    result = repository_buttons.button_options(options(), {})
    assert "repository_url" not in result
    assert result["launch_buttons"] == {}
    assert not result["use_repository_button"] and not result["use_issues_button"]


def test_the_workflow_repository_gives_every_button_but_colab():
    result = repository_buttons.button_options(
        options(), {"GITHUB_REPOSITORY": "some-org/turkey-course"}
    )
    assert result["repository_url"] == REPOSITORY
    assert result["use_repository_button"] and result["use_issues_button"]
    assert result["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert result["launch_buttons"]["colab_url"] == ""


def test_the_setting_gives_every_button_and_wins_over_the_workflow():
    environ = {"GITHUB_REPOSITORY": "a-fork/turkey-course"}
    result = repository_buttons.button_options(options(REPOSITORY, HUB), environ)
    assert result["repository_url"] == REPOSITORY
    assert result["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert result["launch_buttons"]["jupyterhub_url"] == HUB
    assert options(REPOSITORY, HUB)["launch_buttons"]["colab_url"]  # the input is not changed


def test_a_malformed_setting_is_refused():
    with pytest.raises(ValueError, match="OWNER/NAME"):
        repository_buttons.button_options(options("https://gitlab.com/o/n"), {})


def _small_book(folder: Path, url: str, jupyterhub: str) -> Path:
    config = read_config(ROOT)
    small = {
        "title": "Buttons",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "repository": {**config["repository"], "url": url},
        "launch_buttons": {**config["launch_buttons"], "jupyterhub_url": jupyterhub},
        "html": copy.deepcopy(config["html"]),
        "sphinx": {
            "recursive_update": True,
            "local_extensions": {"repository_buttons": str(ROOT / "_ext")},
        },
    }
    folder.mkdir()
    (folder / "_config.yml").write_text(yaml.safe_dump(small))
    (folder / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    page = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# A notebook page")], metadata={"kernelspec": kernel}
    )
    nbformat.write(page, folder / "page.ipynb")
    return folder


def _build(folder: Path, environ: dict[str, str]) -> str:
    done = subprocess.run(
        [JUPYTER_BOOK, "build", folder, "-W", "-n", "--keep-going"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return (folder / "_build" / "html" / "page.html").read_text()


@pytest.fixture(scope="module")
def small_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the three small books in parallel; return each page's HTML."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    workflow = {**base, "GITHUB_REPOSITORY": "some-org/turkey-course"}
    folder = tmp_path_factory.mktemp("buttons")
    cases = {
        "local": (_small_book(folder / "local", "", ""), base),
        "workflow": (_small_book(folder / "workflow", "", HUB), workflow),
        "configured": (_small_book(folder / "configured", REPOSITORY, ""), base),
    }
    with ThreadPoolExecutor(max_workers=len(cases)) as pool:
        pages = {name: pool.submit(_build, *case) for name, case in cases.items()}
        return {name: page.result() for name, page in pages.items()}


def links(html: str) -> list[str]:
    return LINK.findall(html)


def test_a_local_build_shows_no_repository_buttons(small_books):
    external = [link for link in links(small_books["local"]) if "github.com" in link]
    assert not external
    assert not re.search(r"mybinder|colab\.research|git-pull|issues/new", small_books["local"])


def test_the_publish_workflow_build_links_to_its_own_repository(small_books):
    page = links(small_books["workflow"])
    assert (
        "https://mybinder.org/v2/gh/some-org/turkey-course/main?urlpath=lab/tree/page.ipynb" in page
    )
    assert REPOSITORY in page
    assert any(link.startswith(f"{REPOSITORY}/issues/new?") for link in page)
    # JupyterHub: an nbgitpuller link that pulls the repository into a folder named after it.
    assert (
        f"{HUB}/hub/user-redirect/git-pull?repo=https%3A//github.com/some-org/turkey-course"
        "&urlpath=lab/tree/turkey-course/page.ipynb&branch=main"
    ) in page
    assert not any("colab.research.google.com" in link for link in page)


def test_the_configured_repository_adds_colab(small_books):
    page = links(small_books["configured"])
    assert (
        "https://colab.research.google.com/github/some-org/turkey-course/blob/main/page.ipynb"
    ) in page
    assert not any("git-pull" in link for link in page)


def test_the_book_links_to_no_placeholder_host(built_book: Path):
    dead = {
        f"{page.relative_to(built_book)}: {link}"
        for page in built_book.rglob("*.html")
        for link in links(page.read_text(errors="replace"))
        if PLACEHOLDER.search(urlsplit(link).hostname or "")
    }
    assert not dead, f"links to placeholder hosts: {sorted(dead)[:20]}"


def test_the_book_has_repository_buttons_only_for_a_known_repository(built_book: Path):
    # The tests build the book as the publish workflow does (support.book), for a repository.
    environ = {"GITHUB_REPOSITORY": WORKFLOW_REPOSITORY}
    repository = configured_repository(read_config(ROOT)) or workflow_repository(environ)
    page = (built_book / "chapters" / "02-drones-and-defence-industry.html").read_text()
    if repository:
        assert f'href="{repository}"' in page
    else:
        assert not re.search(r"mybinder|colab\.research|git-pull|issues/new|github\.com/", page)
