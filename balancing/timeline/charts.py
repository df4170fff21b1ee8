"""The interactive timeline chart and its text alternative.

The chart runs entirely in the browser (no kernel): a drop-down filters the
events by actor, a second by theme, and clicking a theme in the legend
highlights it. Hovering over a point shows the event, its actors and the
citation key of its source (listed in the bibliography).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from balancing.data.timeline import ACTORS, THEMES
from balancing.viz import chart_title

#: The publication date of the article the course is built on.
ARTICLE_DATE = pd.Timestamp("2022-01-25")

#: Twelve-plus distinguishable colours (Tableau 20 subset), one per theme, in THEMES order.
THEME_COLOURS = (
    "#4e79a7",
    "#e15759",
    "#76b7b2",
    "#f28e2b",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#1f77b4",
    "#d62728",
    "#8c564b",
)

ALL = "All"


def describe_timeline(events: pd.DataFrame) -> str:
    """Write the text alternative of :func:`timeline_chart` from the data.

    Parameters
    ----------
    events : pandas.DataFrame
        Output of :func:`balancing.data.timeline_events`.

    Returns
    -------
    str
        Sentences stating the span, the number of events, the busiest theme
        and year, and how many events involve Turkey.
    """
    if events.empty:
        raise ValueError("the timeline has no events to describe")
    first, last = events["date"].min(), events["date"].max()
    by_theme = events["theme"].value_counts()
    by_year = events["date"].dt.year.value_counts()
    with_turkey = int(events["actors"].str.split(";").map(lambda a: "Turkey" in a).sum())
    return (
        f"Timeline of {len(events)} dated events from {first:%d %B %Y} to {last:%d %B %Y}, "
        f"one row per theme ({events['theme'].nunique()} themes). "
        f"The theme with most events is {by_theme.index[0]} ({int(by_theme.iloc[0])}); "
        f"the year with most events is {int(by_year.index[0])} ({int(by_year.iloc[0])}). "
        f"{with_turkey} of the {len(events)} events involve Turkey. "
        f"A vertical line marks the article's publication on {ARTICLE_DATE:%d %B %Y}."
    )


def timeline_chart(events: pd.DataFrame) -> alt.LayerChart:
    """Interactive timeline: one point per event, one row per theme.

    Parameters
    ----------
    events : pandas.DataFrame
        Output of :func:`balancing.data.timeline_events` (a few dozen rows).

    Returns
    -------
    altair.LayerChart
        Points with tooltips, two drop-down filters (actor, theme) bound to
        parameters, a clickable legend, a rule at the article's date, a title
        and a text alternative.
    """
    present_actors = [a for a in ACTORS if events["actors"].str.contains(a, regex=False).any()]
    present_themes = [t for t in THEMES if (events["theme"] == t).any()]
    data = events.assign(
        date_text=events["date"].dt.strftime("%d %b %Y"),
        actors_text=events["actors"].str.replace(";", ", ", regex=False),
    )
    actor = alt.param(
        name="actor",
        value=ALL,
        bind=alt.binding_select(options=[ALL, *present_actors], name="Actor "),
    )
    theme = alt.param(
        name="theme",
        value=ALL,
        bind=alt.binding_select(options=[ALL, *present_themes], name="Theme "),
    )
    legend_pick = alt.selection_point(name="theme_pick", fields=["theme"], bind="legend")
    # Each theme keeps its colour in every subset; the legend lists only themes present.
    colours = alt.Scale(
        domain=present_themes,
        range=[THEME_COLOURS[THEMES.index(theme)] for theme in present_themes],
    )
    points = (
        alt.Chart(data)
        .mark_circle(size=140, stroke="black", strokeWidth=0.5)
        .encode(
            x=alt.X("date:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("theme:N", title=None, sort=present_themes),
            color=alt.Color("theme:N", title="Theme (click to highlight)", scale=colours),
            opacity=alt.condition(legend_pick, alt.value(0.95), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("date_text:N", title="Date"),
                alt.Tooltip("event:N", title="Event"),
                alt.Tooltip("actors_text:N", title="Actors"),
                alt.Tooltip("theme:N", title="Theme"),
                alt.Tooltip("source:N", title="Source (bibliography key)"),
            ],
        )
        .add_params(actor, theme, legend_pick)
        .transform_filter(
            f"(actor == '{ALL}' || indexof(split(datum.actors, ';'), actor) >= 0) && "
            f"(theme == '{ALL}' || datum.theme == theme)"
        )
    )
    article = (
        alt.Chart(pd.DataFrame({"date": [ARTICLE_DATE], "label": ["Pierini's article"]}))
        .mark_rule(strokeDash=[4, 4], color="gray")
        .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="Marker")])
    )
    return alt.layer(article, points).properties(
        width="container",
        height=28 * len(present_themes) + 40,
        description=describe_timeline(events),
        title=chart_title(
            f"Turkey between Russia and NATO: a timeline, "
            f"{events['date'].dt.year.min()}-{events['date'].dt.year.max()}",
            "Each event cites a source; see the bibliography. Compiled by the course.",
        ),
    )
