"""What every chart shares: its title and credit, its text alternative, and how it is drawn.

Each domain builds its own charts (:mod:`balancing.arms.charts`,
:mod:`balancing.context.charts`, :mod:`balancing.escalation.charts`,
:mod:`balancing.timeline.charts`, :mod:`balancing.forecasting.charts`) with the
helpers here, so that every chart carries a title, its source's credit line and
a text alternative (``description``, read by screen readers) written from its
data. This module imports no domain.

Altair's renderer is chosen here, once, by an explicit call to
:func:`enable_renderer` in each notebook's setup cell (nothing changes it as a
side effect of an import). Both places where charts are shown must work with
no network, and they need different outputs:

``book``
    The Jupyter Book build. Altair's ``html`` renderer writes a ``<div>`` and a
    script that loads vega, vega-lite and vega-embed; the book's Sphinx extension
    (``_ext/offline_assets.py``) points those loads at the copies the book serves
    itself. The extension sets ``BALANCING_ALTAIR_RENDERER=book`` before notebooks
    execute, and nbclient's kernels inherit it.
``live``
    A running notebook (JupyterLab on Binder, a hub or a laptop). The ``html``
    renderer would load vega from a CDN there, so a student offline or behind a
    strict firewall would see "Error loading script". Altair's ``JupyterChart``
    in offline mode is an anywidget whose JavaScript, vega included, is bundled
    by the ``vl-convert-python`` package on the student's machine: nothing is
    fetched. Altair's own ``jupyter`` renderer shows it, but there a chart with
    ``width="container"`` (as the course's charts are, to fit the book's column)
    can be drawn zero pixels wide: vega measures the container once, and in
    JupyterLab it may not have been laid out yet. The ``live`` renderer
    registered here is altair's offline chart widget with every ``"container"``
    width replaced by a fixed :data:`LIVE_CHART_WIDTH`. It needs ``anywidget``
    and ``vl-convert-python``; without them, or in Google Colab (online by
    definition, and where third-party widgets need an extra step), the ``html``
    renderer is used.

The widget is no use in the book: a static page cannot run the anywidget, and
each chart would carry about 0.9 MB of JavaScript in its widget state.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.util import find_spec
from typing import Any

import altair as alt
import pandas as pd

#: Environment variable naming where notebooks run: ``book`` or ``live``.
RENDERER_VARIABLE = "BALANCING_ALTAIR_RENDERER"
BOOK = "book"
LIVE = "live"
#: Packages the offline widget renderer imports.
LIVE_OFFLINE_PACKAGES = ("anywidget", "vl_convert")
#: Name under which the offline widget renderer is registered in ``altair.renderers``.
LIVE_RENDERER = "balancing-offline-widget"
#: Width in pixels given, in live notebooks, to charts the book sizes to its column.
LIVE_CHART_WIDTH = 640


def where_running(environ: Mapping[str, str] | None = None) -> str:
    """Say whether notebooks are being executed for the book or run live.

    Parameters
    ----------
    environ : Mapping[str, str], optional
        The environment to read (default: ``os.environ``).

    Returns
    -------
    str
        ``"book"`` or ``"live"`` (the default when the variable is unset or empty).

    Raises
    ------
    ValueError
        If ``BALANCING_ALTAIR_RENDERER`` holds anything else.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(RENDERER_VARIABLE, "").strip().lower() or LIVE
    if value not in (BOOK, LIVE):
        raise ValueError(
            f"{RENDERER_VARIABLE} must be {BOOK!r} (static book build) or {LIVE!r} "
            f"(running notebook), or unset; got {environ[RENDERER_VARIABLE]!r}."
        )
    return value


def live_offline_available() -> bool:
    """Say whether the packages of the offline widget renderer are installed."""
    return all(find_spec(name) is not None for name in LIVE_OFFLINE_PACKAGES)


def choose_renderer(
    environ: Mapping[str, str] | None = None, *, in_colab: bool | None = None
) -> tuple[str, dict[str, bool]]:
    """Pick altair's renderer and its options for where the notebook runs.

    Parameters
    ----------
    environ : Mapping[str, str], optional
        The environment to read (default: ``os.environ``).
    in_colab : bool, optional
        Whether the kernel runs in Google Colab (default: detected from the
        loaded modules).

    Returns
    -------
    tuple[str, dict[str, bool]]
        The renderer's name in ``altair.renderers`` and the keyword options to
        enable it with.
    """
    if in_colab is None:
        in_colab = "google.colab" in sys.modules
    if where_running(environ) == LIVE and not in_colab and live_offline_available():
        return LIVE_RENDERER, {}
    return "html", {}


@cache
def offline_chart_widget() -> type:
    """Return altair's ``JupyterChart`` in offline mode (vega bundled locally).

    Built on first use (bundling vega takes about a second) and only when
    anywidget is installed.
    """
    from altair import JupyterChart

    JupyterChart.enable_offline()
    return JupyterChart


def fixed_width(spec: Any) -> Any:
    """Replace every ``"width": "container"`` in a Vega-Lite spec by :data:`LIVE_CHART_WIDTH`.

    Parameters
    ----------
    spec : Any
        A Vega-Lite specification (nested dicts and lists), or any part of one.

    Returns
    -------
    Any
        A copy with fixed widths; everything else, including the data, unchanged.
    """
    if isinstance(spec, dict):
        return {
            key: LIVE_CHART_WIDTH
            if key == "width" and value == "container"
            else value
            if key in ("data", "datasets")
            else fixed_width(value)
            for key, value in spec.items()
        }
    if isinstance(spec, list):
        return [fixed_width(value) for value in spec]
    return spec


def offline_widget_renderer(spec: dict, **metadata: Any) -> tuple[dict, dict]:
    """Render a Vega-Lite spec as an offline chart widget of fixed width (altair renderer).

    Parameters
    ----------
    spec : dict
        The chart's Vega-Lite specification.
    **metadata : Any
        Renderer options; ``embed_options`` is passed on to vega-embed.

    Returns
    -------
    tuple[dict, dict]
        The widget's MIME bundle and its metadata.
    """
    widget = offline_chart_widget()(
        chart=alt.Chart.from_dict(fixed_width(spec)), embed_options=metadata.get("embed_options")
    )
    return widget._repr_mimebundle_()


def enable_renderer(environ: Mapping[str, str] | None = None) -> str:
    """Enable the altair renderer that suits where the notebook runs.

    Parameters
    ----------
    environ : Mapping[str, str], optional
        The environment to read (default: ``os.environ``).

    Returns
    -------
    str
        The name of the renderer now active.
    """
    name, options = choose_renderer(environ)
    if name == LIVE_RENDERER and LIVE_RENDERER not in alt.renderers.names():
        alt.renderers.register(LIVE_RENDERER, offline_widget_renderer)
    alt.renderers.enable(name, **options)
    return name


def chart_title(text: str, credit: str, **options: Any) -> alt.Title:
    """Return a left-aligned chart title with the data's credit line beneath it.

    Parameters
    ----------
    text : str
        The title.
    credit : str
        The source's credit line, or a note on what the chart shows (e.g. a model's
        assumptions).
    **options : Any
        Further ``altair.Title`` properties (e.g. ``offset``).

    Returns
    -------
    altair.Title
        Title parameters for ``Chart.properties(title=...)``.
    """
    return alt.Title(text, subtitle=[credit], anchor="start", **options)


def year_sliders(years: Sequence[int]) -> tuple[alt.Parameter, alt.Parameter]:
    """Return the "First year" and "Last year" sliders spanning the years of a chart's data.

    They are the keyboard equivalent of a mouse interaction that chooses years (a
    brush, a zoom). A reader may set the first year after the last: use
    ``min(first_year, last_year)`` and ``max(first_year, last_year)`` in expressions.

    Parameters
    ----------
    years : sequence of int
        The years of the chart's data (only the earliest and the latest count).

    Returns
    -------
    tuple of altair.Parameter
        ``first_year`` (starting at the earliest year) and ``last_year`` (at the
        latest), each bound to a range input with a step of one year.
    """
    first, last = int(min(years)), int(max(years))

    def slider(name: str, value: int, label: str) -> alt.Parameter:
        bind = alt.binding_range(min=first, max=last, step=1, name=label)
        return alt.param(name=name, value=value, bind=bind)

    return slider("first_year", first, "First year: "), slider("last_year", last, "Last year: ")


def require_columns(frame: pd.DataFrame, columns: Sequence[str], builder: str) -> None:
    """Check that a chart builder was given a non-empty frame with the columns it draws.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame passed to the builder.
    columns : sequence of str
        The columns the builder needs.
    builder : str
        The builder's name, for the message.

    Raises
    ------
    ValueError
        If a column is missing (the message lists what the frame has) or the
        frame is empty.
    """
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise ValueError(
            f"{builder} needs a frame with the column(s) {absent} (see its docstring "
            f"for the query that makes it); got {list(frame.columns)}"
        )
    if frame.empty:
        raise ValueError(f"{builder} got an empty frame: there is nothing to draw")


def text_alternative(chart: alt.TopLevelMixin, width: int = 72) -> str:
    """Return a chart's text alternative, wrapped for printing under the chart.

    Parameters
    ----------
    chart : altair chart
        A chart built by one of the course's builders (they all set ``description``).
    width : int
        Maximum line length in characters; the default fits the book's code
        output box without a horizontal scroll bar.

    Returns
    -------
    str
        The chart's ``description``, in lines of at most ``width`` characters.

    Raises
    ------
    ValueError
        If the chart has no text alternative.
    """
    description = chart.to_dict(validate=False).get("description")
    if not isinstance(description, str) or not description.strip():
        raise ValueError(
            "this chart has no text alternative: build it with a `description=` "
            "(every builder in balancing sets one)"
        )
    # Not at hyphens: "drop-down" or "1995-2024" split across two lines reads badly.
    return textwrap.fill(description, width=width, break_on_hyphens=False)
