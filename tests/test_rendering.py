"""Tests of balancing.rendering: which altair renderer runs where."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
from browser import DevToolsPage, wait_until

from balancing import rendering

BOOK = {"BALANCING_ALTAIR_RENDERER": "book"}
LIVE = {"BALANCING_ALTAIR_RENDERER": "live"}


@pytest.fixture
def restore_renderer():
    active, options = alt.renderers.active, alt.renderers.options
    yield
    alt.renderers.enable(active, **options)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "live"),
        ({"BALANCING_ALTAIR_RENDERER": ""}, "live"),
        (BOOK, "book"),
        ({"BALANCING_ALTAIR_RENDERER": " Book "}, "book"),
        (LIVE, "live"),
    ],
)
def test_where_running_reads_the_environment(environ, expected):
    assert rendering.where_running(environ) == expected


def test_where_running_rejects_an_unknown_value_with_the_accepted_ones():
    with pytest.raises(ValueError, match=r"'book'.*'live'.*got 'pdf'"):
        rendering.where_running({"BALANCING_ALTAIR_RENDERER": "pdf"})


def test_the_book_gets_altairs_html_output():
    assert rendering.choose_renderer(BOOK, in_colab=False) == ("html", {})


def test_a_live_notebook_gets_the_offline_widget():
    assert rendering.live_offline_available()  # pinned in requirements.txt
    assert rendering.choose_renderer(LIVE, in_colab=False) == ("balancing-offline-widget", {})


def test_colab_gets_the_html_output():
    assert rendering.choose_renderer(LIVE, in_colab=True) == ("html", {})


def test_without_the_widget_packages_a_live_notebook_falls_back_to_html(monkeypatch):
    monkeypatch.setattr(rendering, "LIVE_OFFLINE_PACKAGES", ("no_such_package_xyz",))
    assert not rendering.live_offline_available()
    assert rendering.choose_renderer(LIVE, in_colab=False) == ("html", {})


def test_enable_renderer_activates_the_choice(restore_renderer):
    assert rendering.enable_renderer(BOOK) == "html"
    assert alt.renderers.active == "html"
    assert rendering.enable_renderer(LIVE) == "balancing-offline-widget"
    assert alt.renderers.active == "balancing-offline-widget"


def test_the_offline_widget_fetches_nothing(restore_renderer):
    rendering.enable_renderer(LIVE)
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x", y="y")
    data, _metadata = chart._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    widget = rendering.offline_chart_widget()
    # Altair's online widget imports vega-embed from a CDN at the top of its module.
    assert "https://" not in widget._esm.split("\n", 1)[0]
    assert "import vegaEmbed from" not in widget._esm


def test_live_charts_get_a_fixed_width_instead_of_the_container():
    spec = {
        "width": "container",
        "layer": [{"mark": "line", "width": "container"}, {"mark": {"type": "rule"}}],
        "config": {"view": {"continuousWidth": 300}},
        "datasets": {"d": [{"width": "container"}]},
    }
    fixed = rendering.fixed_width(spec)
    assert fixed["width"] == rendering.LIVE_CHART_WIDTH
    assert fixed["layer"][0]["width"] == rendering.LIVE_CHART_WIDTH
    assert fixed["layer"][1] == {"mark": {"type": "rule"}}
    assert fixed["config"] == {"view": {"continuousWidth": 300}}
    assert fixed["datasets"] == spec["datasets"]  # data rows are never altered
    assert spec["width"] == "container"  # the input is left as it was


# --- in JupyterLab, with no network -----------------------------------------------------------

LAB_TOKEN = "offline-rendering-test"
LIVE_NOTEBOOK_SOURCE = """\
import altair as alt
from balancing import charts, data, queries

flows = queries.imports_and_exports(data.arms_transfers(), "Turkey")
print(alt.renderers.active)
charts.imports_exports_chart(flows, "Turkey")"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    """Run JupyterLab on 127.0.0.1 over a folder holding one chart notebook; yield its URL."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(LIVE_NOTEBOOK_SOURCE)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(notebook, notebooks / "live.ipynb")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BALANCING_ALTAIR_RENDERER"}
    # Keep JupyterLab's runtime files and workspace out of the user's home.
    env |= {
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    log = (tmp_path / "jupyterlab.log").open("w")
    lab = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "jupyter-lab"),
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--ServerApp.root_dir={notebooks}",
            f"--IdentityProvider.token={LAB_TOKEN}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run the cells
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={LAB_TOKEN}", timeout=2):
                return True
        except OSError:
            return False

    try:
        wait_until(answers, 120, "JupyterLab to start")
        yield url
    finally:
        lab.terminate()
        lab.wait(timeout=30)
        log.close()


@pytest.mark.browser
def test_a_chart_draws_in_live_jupyterlab_with_no_network(jupyterlab, tmp_path):
    notebook_panel = (
        "Array.from(window.jupyterapp?.shell?.widgets('main') ?? []).find(w => w.sessionContext)"
    )
    with DevToolsPage(tmp_path / "profile") as tab:
        tab.call("Page.navigate", url=f"{jupyterlab}/lab/tree/live.ipynb?token={LAB_TOKEN}")
        wait_until(lambda: tab.evaluate(f"!!{notebook_panel}"), 120, "the notebook to open")
        tab.evaluate(f"{notebook_panel}.sessionContext.ready.then(() => 1)")
        tab.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => 1)")
        marks = wait_until(
            lambda: tab.evaluate(
                "document.querySelectorAll('.jp-OutputArea-output svg.marks "
                "[class*=role-mark] path').length"
            ),
            120,
            "the chart's marks",
        )
        width = tab.evaluate(
            "document.querySelector('.jp-OutputArea-output svg.marks')"
            ".getBoundingClientRect().width"
        )
        output = tab.evaluate(
            "Array.from(document.querySelectorAll('.jp-OutputArea-output'))"
            ".map(e => e.innerText).join('\\n')"
        )
        tab.screenshot(tmp_path / "jupyterlab.png")
    assert output.splitlines()[0] == "balancing-offline-widget"
    assert "Error" not in output
    assert marks > 0
    assert width > 100, f"the chart is {width} px wide"
