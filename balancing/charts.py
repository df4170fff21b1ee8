"""Altair chart builders and the one place where altair is configured.

Every chart the course shows is built here, so that each one carries a title,
a text alternative (``description``, read by screen readers) and, where SIPRI
data are shown, SIPRI's credit line. Notebooks call a builder and display the
result; they aggregate nothing themselves.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd

from balancing.queries import first_year_exports_exceed_imports
from balancing.rendering import enable_renderer

# Offline charts both in the built book and in live notebooks: see balancing/rendering.py.
enable_renderer()

SIPRI_AT_CREDIT = (
    "Information from the SIPRI Arms Transfers Database, "
    "https://www.sipri.org/databases/armstransfers"
)
TIV_AXIS_TITLE = "SIPRI TIV (millions; a volume measure, not money)"

#: Colours for imports and exports, distinguishable with common colour-vision deficiencies.
FLOW_COLOURS = {"Imports": "#0072B2", "Exports": "#D55E00"}


def chart_title(text: str, credit: str = SIPRI_AT_CREDIT) -> alt.Title:
    """Return a left-aligned chart title with the data's credit line beneath it.

    Parameters
    ----------
    text : str
        The title.
    credit : str
        The source's credit line (SIPRI's by default).

    Returns
    -------
    altair.Title
        Title parameters for ``Chart.properties(title=...)``.
    """
    return alt.Title(text, subtitle=[credit], anchor="start")


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


def describe_imports_exports(flows: pd.DataFrame, country: str) -> str:
    """Write the text alternative of :func:`imports_exports_chart` from the data.

    Parameters
    ----------
    flows : pandas.DataFrame
        Output of :func:`balancing.queries.imports_and_exports`.
    country : str
        The country shown.

    Returns
    -------
    str
        One or two sentences that state what the chart shows.
    """
    first, last = int(flows["year"].min()), int(flows["year"].max())
    parts = [
        f"Line chart of {country}'s recorded arms imports and exports by year, "
        f"{first}-{last}, in SIPRI trend-indicator values."
    ]
    for flow in ("Imports", "Exports"):
        series = flows[flows["flow"] == flow].set_index("year")["tiv"]
        parts.append(f"{flow} peak at {series.max():,.0f} million TIV in {int(series.idxmax())}.")
    crossing = first_year_exports_exceed_imports(flows)
    parts.append(
        f"Exports first exceed imports in {crossing}."
        if crossing is not None
        else "Exports never exceed imports in these years."
    )
    return " ".join(parts)


def imports_exports_chart(flows: pd.DataFrame, country: str) -> alt.Chart:
    """Line chart of a country's arms imports and exports by year.

    Parameters
    ----------
    flows : pandas.DataFrame
        Output of :func:`balancing.queries.imports_and_exports` (already
        aggregated: two rows per year).
    country : str
        The country's name, for the title.

    Returns
    -------
    altair.Chart
        An interactive chart (hover for values; click the legend to highlight
        a flow) with SIPRI's credit line and a text alternative.
    """
    highlight = alt.selection_point(fields=["flow"], bind="legend")
    return (
        alt.Chart(flows, description=describe_imports_exports(flows, country))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Year of delivery", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("tiv:Q", title=TIV_AXIS_TITLE),
            color=alt.Color(
                "flow:N",
                title="Flow",
                scale=alt.Scale(domain=list(FLOW_COLOURS), range=list(FLOW_COLOURS.values())),
            ),
            opacity=alt.condition(highlight, alt.value(1.0), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("flow:N", title="Flow"),
                alt.Tooltip("tiv:Q", title="TIV (millions)", format=",.0f"),
            ],
        )
        .add_params(highlight)
        .properties(
            width="container",
            height=320,
            title=chart_title(f"{country}: recorded arms imports and exports"),
        )
    )


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
    return textwrap.fill(description, width=width)
