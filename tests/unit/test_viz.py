"""Tests of balancing.viz: which altair renderer runs where, and the shared chart helpers."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from balancing import viz

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
    assert viz.where_running(environ) == expected


def test_where_running_rejects_an_unknown_value_with_the_accepted_ones():
    with pytest.raises(ValueError, match=r"'book'.*'live'.*got 'pdf'"):
        viz.where_running({"BALANCING_ALTAIR_RENDERER": "pdf"})


def test_the_book_gets_altairs_html_output():
    assert viz.choose_renderer(BOOK, in_colab=False) == ("html", {})


def test_a_live_notebook_gets_the_offline_widget():
    assert viz.live_offline_available()  # pinned in requirements.txt
    assert viz.choose_renderer(LIVE, in_colab=False) == ("balancing-offline-widget", {})


def test_colab_gets_the_html_output():
    assert viz.choose_renderer(LIVE, in_colab=True) == ("html", {})


def test_without_the_widget_packages_a_live_notebook_falls_back_to_html(monkeypatch):
    monkeypatch.setattr(viz, "LIVE_OFFLINE_PACKAGES", ("no_such_package_xyz",))
    assert not viz.live_offline_available()
    assert viz.choose_renderer(LIVE, in_colab=False) == ("html", {})


def test_enable_renderer_activates_the_choice(restore_renderer):
    assert viz.enable_renderer(BOOK) == "html"
    assert alt.renderers.active == "html"
    assert viz.enable_renderer(LIVE) == "balancing-offline-widget"
    assert alt.renderers.active == "balancing-offline-widget"


def test_the_offline_widget_fetches_nothing(restore_renderer):
    viz.enable_renderer(LIVE)
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x", y="y")
    data, _metadata = chart._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    widget = viz.offline_chart_widget()
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
    fixed = viz.fixed_width(spec)
    assert fixed["width"] == viz.LIVE_CHART_WIDTH
    assert fixed["layer"][0]["width"] == viz.LIVE_CHART_WIDTH
    assert fixed["layer"][1] == {"mark": {"type": "rule"}}
    assert fixed["config"] == {"view": {"continuousWidth": 300}}
    assert fixed["datasets"] == spec["datasets"]  # data rows are never altered
    assert spec["width"] == "container"  # the input is left as it was


def test_year_sliders_span_the_earliest_to_the_latest_year_given():
    first, last = viz.year_sliders([2003, 1998, 2011, 2003])
    assert (first.name, first.param.value, last.name, last.param.value) == (
        "first_year",
        1998,
        "last_year",
        2011,
    )
    for slider in (first, last):
        bind = slider.param.bind.to_dict()
        assert (bind["input"], bind["min"], bind["max"], bind["step"]) == ("range", 1998, 2011, 1)
