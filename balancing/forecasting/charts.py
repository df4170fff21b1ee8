"""An in-browser Brier-score calculator for the article's scored expectations.

Each scored expectation gets a slider (its probability); the chart shows the
squared error of each forecast and the Brier score, recomputed by Vega in the
browser as the sliders move. It is the static companion of the chapter 8
exercise: readers without a kernel can still score their own forecasts.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from balancing.forecasting.scores import NO_VIEW, scored_expectations
from balancing.viz import chart_title


def _param_name(key: str) -> str:
    return f"p_{key}"


def describe_brier_calculator() -> str:
    """Write the text alternative of :func:`brier_calculator`.

    Returns
    -------
    str
        What the chart shows and how to use it.
    """
    statements = "; ".join(e.statement.rstrip(".") for e in scored_expectations())
    return (
        "Bar chart of the squared error of each forecast, with one slider per statement "
        f"setting its probability (all start at {NO_VIEW}). The statements are: {statements}. "
        "The title line reports the Brier score, the mean of the squared errors."
    )


def brier_calculator() -> alt.LayerChart:
    """Sliders for the scored expectations, bars of squared error, the Brier score.

    Returns
    -------
    altair.LayerChart
        A chart with one ``binding_range`` slider per scored expectation; the
        squared errors and their mean are computed in the browser.
    """
    expectations = scored_expectations()
    data = pd.DataFrame(
        {
            "key": [e.key for e in expectations],
            "statement": [e.statement for e in expectations],
            "outcome": [e.outcome for e in expectations],
            "outcome_text": ["happened" if e.outcome else "did not happen" for e in expectations],
        }
    )
    params = [
        alt.param(
            name=_param_name(e.key),
            value=NO_VIEW,
            bind=alt.binding_range(min=0, max=1, step=0.05, name=f"{e.key} "),
        )
        for e in expectations
    ]
    # Nested conditional: the probability of each row is the slider with its key.
    probability = str(NO_VIEW)
    for e in reversed(expectations):
        probability = f"datum.key == '{e.key}' ? {_param_name(e.key)} : ({probability})"
    base = (
        alt.Chart(data)
        .transform_calculate(probability=probability)
        .transform_calculate(squared_error="pow(datum.probability - datum.outcome, 2)")
    )
    bars = (
        base.mark_bar()
        .encode(
            x=alt.X(
                "squared_error:Q",
                title="Squared error (0 = perfect, 1 = certain and wrong)",
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("key:N", title=None, sort=[e.key for e in expectations]),
            color=alt.Color(
                "outcome_text:N",
                title="Outcome",
                scale=alt.Scale(
                    domain=["happened", "did not happen"], range=["#009E73", "#D55E00"]
                ),
            ),
            tooltip=[
                alt.Tooltip("statement:N", title="Statement"),
                alt.Tooltip("outcome_text:N", title="Outcome"),
                alt.Tooltip("probability:Q", title="Your probability", format=".2f"),
                alt.Tooltip("squared_error:Q", title="Squared error", format=".3f"),
            ],
        )
        .add_params(*params)
    )
    score = (
        base.transform_aggregate(brier="mean(squared_error)")
        .transform_calculate(label="'Brier score: ' + format(datum.brier, '.3f')")
        .mark_text(align="right", baseline="top", fontSize=14, fontWeight="bold")
        .encode(x=alt.value(400), y=alt.value(-18), text="label:N")
    )
    return alt.layer(bars, score).properties(
        width=400,
        height=35 * len(expectations),
        description=describe_brier_calculator(),
        title=chart_title(
            "Score the article's expectations",
            "Move the sliders: your probability that each statement would come true.",
            offset=24,
        ),
    )
