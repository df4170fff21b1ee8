"""Charts of the escalation model (chapter 6 and its exercises).

Every builder takes the model's own objects (parameters, the policy table, an
evaluation), aggregates nothing large, and returns an altair chart with a
title, a caption-like subtitle and a text alternative (``description``)
written from the numbers shown. :func:`explorer_chart` is the static
companion of the live explorer: every policy and weight preset is
precomputed (54 x 5 rows per interest, a few hundred kilobytes at most) and
the controls are altair parameters bound to HTML inputs, so they work on the
static book page without a kernel.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from balancing.escalation.analysis import pareto_front, rank
from balancing.escalation.model import Evaluation, PolicyTable, policy_levels
from balancing.escalation.parameters import Parameters
from balancing.viz import chart_title

MODEL_NOTE = "Course model: directions from Pierini (2022); magnitudes mostly assumptions"
#: Okabe-Ito colours: gains, losses, and the two actors.
GAIN, LOSS = "#0072B2", "#D55E00"
ACTOR_COLOURS = {"Moscow": "#CC79A7", "Washington/NATO": "#009E73"}
#: Width in pixels of the explorer's panels (concatenated charts cannot follow the page).
PANEL_WIDTH = 330


def responses_frame(params: Parameters, evaluation: Evaluation) -> pd.DataFrame:
    """Each response's probability under an evaluated policy, likeliest first.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    evaluation : Evaluation
        From :func:`balancing.escalation.evaluate`.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor``, ``response`` (label) and ``probability``.
    """
    frame = pd.DataFrame(
        {
            "actor": [r.actor for r in params.responses],
            "response": [r.label for r in params.responses],
            "probability": evaluation.probabilities,
        }
    )
    return frame.sort_values(["actor", "probability"], ascending=[True, False], kind="stable")


def _interest_frame(params: Parameters, evaluation: Evaluation) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "interest": list(params.interest_labels),
            "unit": list(params.interest_units),
            "score": evaluation.scores,
            "contribution": evaluation.contributions,
        }
    )


def describe_outcome(params: Parameters, evaluation: Evaluation) -> str:
    """Write the text alternative of :func:`outcome_chart` from the numbers.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    evaluation : Evaluation
        The evaluated policy.

    Returns
    -------
    str
        What the chart shows, with the largest gain and loss.
    """
    frame = _interest_frame(params, evaluation)
    best, worst = (
        frame.loc[frame["contribution"].idxmax()],
        frame.loc[frame["contribution"].idxmin()],
    )
    return (
        f"Bar chart of the weighted contribution of each of Ankara's six interests to the "
        f"expected utility of the policy ({', '.join(evaluation.policy.values())}); total "
        f"{evaluation.utility:.2f}. Largest contribution: {best['interest']} "
        f"({best['contribution']:+.2f}); smallest: {worst['interest']} "
        f"({worst['contribution']:+.2f})."
    )


def outcome_chart(params: Parameters, evaluation: Evaluation) -> alt.Chart:
    """Bar chart of what one policy brings, interest by interest.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    evaluation : Evaluation
        The evaluated policy (:func:`balancing.escalation.evaluate`).

    Returns
    -------
    altair.Chart
        Bars of weight x expected score per interest (they add up to the
        expected utility); the tooltip gives the score in its own unit.
    """
    frame = _interest_frame(params, evaluation)
    frame["sign"] = np.where(frame["contribution"] >= 0, "gain", "loss")
    return (
        alt.Chart(frame, description=describe_outcome(params, evaluation))
        .mark_bar()
        .encode(
            x=alt.X("contribution:Q", title="Weighted contribution to expected utility"),
            y=alt.Y("interest:N", title=None, sort=list(params.interest_labels)),
            color=alt.Color(
                "sign:N",
                scale=alt.Scale(domain=["gain", "loss"], range=[GAIN, LOSS]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("interest:N", title="Interest"),
                alt.Tooltip("score:Q", title="Expected score", format="+.3f"),
                alt.Tooltip("unit:N", title="Unit"),
                alt.Tooltip("contribution:Q", title="Weighted", format="+.3f"),
            ],
        )
        .properties(
            width=PANEL_WIDTH,
            height=180,
            title=chart_title(
                f"Expected outcome: utility {evaluation.utility:+.2f}",
                MODEL_NOTE,
            ),
        )
    )


def describe_pareto(front: pd.DataFrame, x_label: str, y_label: str) -> str:
    """Write the text alternative of :func:`pareto_chart` from the front.

    Parameters
    ----------
    front : pandas.DataFrame
        Output of :func:`~balancing.escalation.analysis.pareto_front`: the two
        score columns are the last but one and the one before it.
    x_label, y_label : str
        Display names of the two interests.

    Returns
    -------
    str
        The number of policies on the front and its two ends.
    """
    x, y = front.columns[-3], front.columns[-2]
    on = front[front["on_front"]].sort_values(x)
    first, last = on.iloc[0], on.iloc[-1]
    return (
        f"Scatter plot of all {len(front)} policies by expected score on {x_label.lower()} "
        f"(horizontal) and on {y_label.lower()} (vertical). {len(on)} policies are on the "
        f"Pareto front, from ({first[x]:+.2f}, {first[y]:+.2f}) to "
        f"({last[x]:+.2f}, {last[y]:+.2f}): along it, every gain on one costs on the other."
    )


def pareto_chart(table: PolicyTable, x: str = "nato", y: str = "moscow") -> alt.LayerChart:
    """Scatter plot of every policy on two interests, with the Pareto front marked.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    x, y : str
        The two interests (default: standing with NATO, relations with Moscow).

    Returns
    -------
    altair.LayerChart
        Points (front in colour, joined by a line); hover for the policy.
    """
    front = pareto_front(table, x, y)
    params = table.params
    frame = front.assign(
        policy=[table.label(r) for r in range(len(front))],
        status=np.where(front["on_front"], "On the front", "Dominated"),
    )
    labels = dict(zip(params.interests, params.interest_labels, strict=True))
    base = alt.Chart(frame)
    points = base.mark_point(filled=True, size=60).encode(
        x=alt.X(f"{x}:Q", title=f"{labels[x]} (expected score)"),
        y=alt.Y(f"{y}:Q", title=f"{labels[y]} (expected score)"),
        color=alt.Color(
            "status:N",
            title=None,
            scale=alt.Scale(domain=["On the front", "Dominated"], range=[GAIN, "#BBBBBB"]),
        ),
        tooltip=[
            alt.Tooltip("policy:N", title="Policy"),
            alt.Tooltip(f"{x}:Q", format="+.2f"),
            alt.Tooltip(f"{y}:Q", format="+.2f"),
        ],
    )
    line = (
        base.transform_filter(alt.datum.on_front)
        .mark_line(color=GAIN)
        .encode(x=f"{x}:Q", y=f"{y}:Q", order=f"{x}:Q")
    )
    description = describe_pareto(front, labels[x], labels[y])
    return alt.layer(line, points, description=description).properties(
        width="container",
        height=320,
        title=chart_title(
            f"{labels[x]} against {labels[y]}: every policy",
            MODEL_NOTE,
        ),
    )


def explorer_frames(table: PolicyTable) -> dict[str, pd.DataFrame]:
    """Precompute everything the static explorer shows, in compact long tables.

    Policies are identified by their ``row`` in ``table``; interests and
    responses by their position. Labels and weights sit in small lookup
    tables, so the page carries a few tens of kilobytes, not the product of
    every policy, preset and interest.

    Parameters
    ----------
    table : PolicyTable
        The policy table.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``"scores"`` (row, interest position ``i``, score), ``"weights"``
        (``key`` = preset and ``i`` joined by ``|``, interest label, weight),
        ``"responses"`` (row, response position ``r``, probability),
        ``"response_labels"`` (``r``, response label, actor),
        ``"utilities"`` (row, preset, utility, rank) and ``"best"`` (preset,
        best policy's levels, in lever order).
    """
    params = table.params
    n_policies, n_interests = table.scores.shape
    scores = pd.DataFrame(
        {
            "row": np.repeat(np.arange(n_policies), n_interests),
            "i": np.tile(np.arange(n_interests), n_policies),
            "score": table.scores.ravel().round(4),
        }
    )
    weights = pd.DataFrame(
        [
            {"key": f"{preset}|{i}", "interest": label, "weight": float(vector[i])}
            for preset, vector in params.presets.items()
            for i, label in enumerate(params.interest_labels)
        ]
    )
    n_responses = len(params.responses)
    responses = pd.DataFrame(
        {
            "row": np.repeat(np.arange(n_policies), n_responses),
            "r": np.tile(np.arange(n_responses), n_policies),
            "probability": table.probabilities.ravel().round(4),
        }
    )
    response_labels = pd.DataFrame(
        {
            "r": np.arange(n_responses),
            "response": [r.label for r in params.responses],
            "actor": [r.actor for r in params.responses],
        }
    )
    utilities, best = [], []
    for preset in params.presets:
        ranked = rank(table, preset)
        utilities.append(
            pd.DataFrame(
                {
                    "row": ranked.index.to_numpy(),
                    "preset": preset,
                    "utility": ranked["utility"].to_numpy().round(4),
                    "rank": ranked["rank"].to_numpy(),
                }
            )
        )
        levels = ranked.iloc[0][list(params.lever_names)]
        best.append({"preset": preset, "best": ", ".join(levels)})
    return {
        "scores": scores,
        "weights": weights,
        "responses": responses,
        "response_labels": response_labels,
        "utilities": pd.concat(utilities, ignore_index=True),
        "best": pd.DataFrame(best),
    }


def describe_explorer(table: PolicyTable, preset: str) -> str:
    """Write the text alternative of :func:`explorer_chart` from the model's numbers."""
    params = table.params
    ranked = rank(table, preset)
    actual = table.index(params.actual_2022)
    return (
        f"Interactive chart with controls for Ankara's four levers and a weight preset. "
        f"Panels show, for the chosen policy and preset, its expected utility and rank among "
        f"{len(table.policies)} policies, the best policy under the preset, the weighted "
        f"contribution of each interest, and the probability of each Moscow and "
        f"Washington/NATO response. With the {preset!r} preset the best policy is "
        f"{table.label(int(ranked.index[0]))}; Turkey's 2022 mix ({table.label(actual)}) "
        f"ranks {int(ranked.loc[actual, 'rank'])}."
    )


def _row_expression(params: Parameters) -> str:
    """Vega expression for the chosen policy's row, from the lever parameters.

    Rows follow :func:`~balancing.escalation.model.all_policies` (the last
    lever changes fastest), so the row is a mixed-radix number.
    """
    sizes = [len(lever.levels) for lever in params.levers]
    strides = np.cumprod([1, *sizes[::-1]])[:-1][::-1]
    return " + ".join(
        f"{lever.name} * {int(stride)}"
        for lever, stride in zip(params.levers, strides, strict=True)
    )


def explorer_chart(table: PolicyTable, preset: str = "balanced") -> alt.VConcatChart:
    """Build the static companion of the explorer: every policy and preset, in the page.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    preset : str
        The weight preset selected at first.

    Returns
    -------
    altair.VConcatChart
        Controls (one drop-down per lever, radio buttons for the preset) and
        four panels: utility and rank, the best policy under the preset,
        contributions per interest, response probabilities.
    """
    params = table.params
    params.weights(preset)  # refuse an unknown preset by name
    frames = explorer_frames(table)
    start = policy_levels(params, params.actual_2022)
    controls = [
        alt.param(
            name=lever.name,
            value=int(start[k]),
            bind=alt.binding_select(
                options=list(range(len(lever.levels))),
                labels=list(lever.level_labels),
                name=f"{lever.label}: ",
            ),
        )
        for k, lever in enumerate(params.levers)
    ]
    chosen_preset = alt.param(
        name="preset",
        value=preset,
        bind=alt.binding_radio(options=list(params.presets), name="Weights: "),
    )
    this_policy = f"datum.row == {_row_expression(params)}"
    this_preset = "datum.preset == preset"
    n = len(table.policies)

    verdict = (
        alt.Chart(frames["utilities"])
        .transform_filter(this_policy)
        .transform_filter(this_preset)
        .transform_calculate(
            text=f"'Utility ' + format(datum.utility, '+.2f') + ', rank ' + datum.rank + "
            f"' of {n} (' + datum.preset + ' weights)'"
        )
        .mark_text(align="left", x=0, fontSize=14, fontWeight="bold")
        .encode(text="text:N")
        .properties(width=PANEL_WIDTH, height=20)
    )
    best = (
        alt.Chart(frames["best"])
        .transform_filter(this_preset)
        .transform_calculate(text="'Best under these weights: ' + datum.best")
        .mark_text(align="left", x=0, fontSize=12)
        .encode(text="text:N")
        .properties(width=PANEL_WIDTH, height=20)
    )
    limit = max(float(np.abs(table.scores * vector).max()) for vector in params.presets.values())
    bars = (
        alt.Chart(frames["scores"])
        .transform_filter(this_policy)
        .transform_calculate(key="preset + '|' + datum.i")
        .transform_lookup(
            lookup="key",
            from_=alt.LookupData(frames["weights"], "key", ["interest", "weight"]),
        )
        .transform_calculate(
            contribution="datum.score * datum.weight",
            sign="datum.score * datum.weight >= 0 ? 'gain' : 'loss'",
        )
        .mark_bar()
        .encode(
            x=alt.X(
                "contribution:Q",
                title="Weighted contribution to expected utility",
                scale=alt.Scale(domain=[-limit, limit]),
            ),
            y=alt.Y("interest:N", title=None, sort=list(params.interest_labels)),
            color=alt.Color(
                "sign:N", scale=alt.Scale(domain=["gain", "loss"], range=[GAIN, LOSS]), legend=None
            ),
            tooltip=[
                alt.Tooltip("interest:N", title="Interest"),
                alt.Tooltip("score:Q", title="Expected score", format="+.3f"),
                alt.Tooltip("weight:Q", title="Weight"),
                alt.Tooltip("contribution:Q", title="Weighted", format="+.3f"),
            ],
        )
        .properties(width=PANEL_WIDTH, height=170, title="What the policy brings, per interest")
    )
    probabilities = (
        alt.Chart(frames["responses"])
        .transform_filter(this_policy)
        .transform_lookup(
            lookup="r",
            from_=alt.LookupData(frames["response_labels"], "r", ["response", "actor"]),
        )
        .mark_bar()
        .encode(
            x=alt.X("probability:Q", title="Probability", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y(
                "response:N",
                title=None,
                sort=[r.label for r in params.responses],
                axis=alt.Axis(labelLimit=360),
            ),
            color=alt.Color(
                "actor:N",
                title="Responds",
                scale=alt.Scale(domain=list(ACTOR_COLOURS), range=list(ACTOR_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("response:N", title="Response"),
                alt.Tooltip("probability:Q", title="Probability", format=".2f"),
            ],
        )
        .properties(width=PANEL_WIDTH, height=230, title="How Moscow and Washington respond")
    )
    return (
        alt.vconcat(
            verdict, best, bars, probabilities, description=describe_explorer(table, preset)
        )
        .add_params(*controls, chosen_preset)
        .resolve_scale(color="independent")
        .properties(
            title=chart_title(
                "Ankara's choices: explore every policy and weight preset",
                MODEL_NOTE,
            )
        )
    )
