"""A chart draws in live JupyterLab with no network (the ``live`` renderer of balancing.viz).

The ``jupyterlab`` fixture starts JupyterLab with the course's settings
(``.binder/jupyterlab-overrides.json``, as Binder, ``make`` and a hub install them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest

from support.browser import DevToolsPage, wait_until
from support.requirements import LAB_OVERRIDES

LAB_TOKEN = "offline-rendering-test"
LIVE_NOTEBOOK_SOURCE = """\
import altair as alt
from balancing import data, viz
from balancing.arms import charts, queries

viz.enable_renderer()
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
    app_settings = tmp_path / "app-settings"  # JupyterLab reads overrides.json here
    app_settings.mkdir()
    shutil.copy(LAB_OVERRIDES, app_settings / "overrides.json")
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
            f"--LabApp.app_settings_dir={app_settings}",
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
