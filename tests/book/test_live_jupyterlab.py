"""A chart draws in live JupyterLab with no network (the ``live`` renderer of balancing.viz)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LIVE_NOTEBOOK_SOURCE = """\
import altair as alt
from balancing import data, viz
from balancing.arms import charts, queries

viz.enable_renderer()
flows = queries.imports_and_exports(data.arms_transfers(), "Turkey")
print(alt.renderers.active)
charts.imports_exports_chart(flows, "Turkey")"""
MARKS = ".jp-OutputArea-output svg.marks [class*=role-mark] path"
#: The width of the first chart with marks that is laid out on the page, or nothing yet.
DRAWN_CHART_WIDTH = """() => {
  for (const svg of document.querySelectorAll('.jp-OutputArea-output svg.marks')) {
    const width = svg.getBoundingClientRect().width;
    if (width > 0 && svg.querySelector('[class*=role-mark] path')) return width;
  }
  return null;
}"""


def test_a_chart_draws_in_live_jupyterlab_with_no_network(browser, jupyterlab, tmp_path):
    name = jupyterlab.add_notebook("live-chart.ipynb", LIVE_NOTEBOOK_SOURCE)
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    try:
        jupyterlab.run_notebook(page, name)
        # vega draws asynchronously, and JupyterLab may replace an output while it lays the
        # page out: wait until a drawn chart is on screen, then measure it in the same step.
        width = page.wait_for_function(DRAWN_CHART_WIDTH, timeout=120_000).json_value()
        marks = page.locator(MARKS).count()
        output = page.evaluate(
            "Array.from(document.querySelectorAll('.jp-OutputArea-output'))"
            ".map(e => e.innerText).join('\\n')"
        )
        page.screenshot(path=tmp_path / "jupyterlab.png")
    finally:
        context.close()
    assert output.splitlines()[0] == "balancing-offline-widget"
    assert "Error" not in output
    assert marks > 0
    assert width > 100, f"the chart is {width} px wide"
