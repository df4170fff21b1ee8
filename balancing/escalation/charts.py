"""Charts of the escalation model (chapter 6 and its exercises).

Every builder takes the model's own objects (parameters, the policy table, an
evaluation) and returns an altair chart with a title, a credit-like subtitle
and a text alternative (``description``) written from the numbers shown.

:func:`explorer_chart` is the static explorer for the book page. It carries one
compact row per policy and phase (the expected score on each interest and the
probability of each response, both computed by the model), and does the rest
in the reader's browser with vega expressions: one slider per interest's
weight, one drop-down per lever (starting on "choose"), and a choice of phase.
Every policy's utility is the weighted sum of its scores, recomputed and
re-ranked on every slider move; no kernel and no network are needed.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from balancing.escalation.analysis import pareto_front
from balancing.escalation.model import Evaluation, PolicyTable, policy_table
from balancing.escalation.parameters import PHASES, Parameters, load_parameters
from balancing.viz import chart_title

MODEL_NOTE = "Course model: directions from cited sources; magnitudes mostly assumptions"
#: Okabe-Ito colours: gains, losses, and the capitals.
GAIN, LOSS = "#0072B2", "#D55E00"
ACTOR_COLOURS = {
    "Moscow": "#CC79A7",
    "Washington": "#009E73",
    "Kyiv": "#E69F00",
    "Brussels": "#56B4E9",
    "Moscow and Kyiv": "#666666",
}
#: Width in pixels of the explorer's panels (concatenated charts cannot follow the page).
PANEL_WIDTH = 300
#: Widest axis label in pixels (longer ones end in an ellipsis; the tooltip has them whole).
LABEL_LIMIT = 280
#: How many of the best policies the explorer lists (the reader's own is added if lower).
TOP = 10
#: Range of the explorer's weight sliders.
WEIGHT_MAX, WEIGHT_STEP = 3.0, 0.1
CHOOSE = "(choose)"
PROMPT = "Choose a level for every lever to see your policy's rank."


def responses_frame(params: Parameters, evaluation: Evaluation) -> pd.DataFrame:
    """Each response's probability under an evaluated policy, likeliest first per capital.

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
    order = {actor: k for k, actor in enumerate(ACTOR_COLOURS)}
    frame["order"] = frame["actor"].map(order)
    frame = frame.sort_values(["order", "probability"], ascending=[True, False], kind="stable")
    return frame.drop(columns="order")


def _interest_frame(params: Parameters, evaluation: Evaluation) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "interest": list(params.interest_labels),
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
    best = frame.loc[frame["contribution"].idxmax()]
    worst = frame.loc[frame["contribution"].idxmin()]
    return (
        f"Bar chart of the weighted contribution of each of Ankara's {len(frame)} interests to "
        f"the expected utility of the policy ({', '.join(evaluation.policy.values())}); total "
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
        expected utility); the tooltip gives the score in points.
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
                alt.Tooltip("score:Q", title="Expected score (points)", format="+.3f"),
                alt.Tooltip("contribution:Q", title="Weighted", format="+.3f"),
            ],
        )
        .properties(
            width=PANEL_WIDTH,
            height=180,
            title=chart_title(f"Expected outcome: utility {evaluation.utility:+.2f}", MODEL_NOTE),
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
        f"Scatter plot of all {len(front)} policies by expected score on {x_label} "
        f"(horizontal) and on {y_label} (vertical). {len(on)} policies are on the "
        f"Pareto front, from ({first[x]:+.2f}, {first[y]:+.2f}) to "
        f"({last[x]:+.2f}, {last[y]:+.2f}): along it, every gain on one costs on the other."
    )


def pareto_chart(table: PolicyTable, x: str = "west", y: str = "moscow") -> alt.LayerChart:
    """Scatter plot of every policy on two interests, with the Pareto front marked.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    x, y : str
        The two interests (default: standing with the West, relations with Moscow).

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
        title=chart_title(f"{labels[x]} against {labels[y]}: every policy", MODEL_NOTE),
    )


def short_label(params: Parameters, levels: np.ndarray) -> str:
    """Write a compact policy label for charts: the level names joined by middle dots."""
    return " · ".join(
        lever.levels[int(i)].replace("_", " ")
        for lever, i in zip(params.levers, levels, strict=True)
    )


def explorer_frames(tables: dict[str, PolicyTable]) -> dict[str, pd.DataFrame]:
    """Precompute what the static explorer needs: one compact row per policy and phase.

    Parameters
    ----------
    tables : dict of str to PolicyTable
        The policy table of each phase, by phase name.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``"policies"``: ``phase`` (its position in ``tables``), one column per
        lever (level index), ``s<i>`` (expected score on interest ``i``, 3
        decimals) and ``p<r>`` (probability of response ``r``, 2 decimals);
        ``"interests"``: ``key`` (``s<i>``), ``interest`` (label);
        ``"responses"``: ``key`` (``p<r>``), ``response`` (label), ``actor``.
    """
    params = next(iter(tables.values())).params
    rows = []
    for position, table in enumerate(tables.values()):
        frame = pd.DataFrame(table.policies, columns=list(params.lever_names))
        frame.insert(0, "phase", position)
        for i in range(len(params.interests)):
            frame[f"s{i}"] = table.scores[:, i].round(3)
        for r in range(len(params.responses)):
            frame[f"p{r}"] = table.probabilities[:, r].round(2)
        rows.append(frame)
    interests = pd.DataFrame(
        {
            "key": [f"s{i}" for i in range(len(params.interests))],
            "interest": list(params.interest_labels),
        }
    )
    responses = pd.DataFrame(
        {
            "key": [f"p{r}" for r in range(len(params.responses))],
            "response": [r.label for r in params.responses],
            "actor": [r.actor for r in params.responses],
        }
    )
    return {
        "policies": pd.concat(rows, ignore_index=True),
        "interests": interests,
        "responses": responses,
    }


def _label_expression(params: Parameters) -> str:
    """Vega expression writing :func:`short_label` from a row's lever columns."""
    parts = []
    for lever in params.levers:
        names = ", ".join(f"'{level.replace('_', ' ')}'" for level in lever.levels)
        parts.append(f"[{names}][datum.{lever.name}]")
    return " + ' · ' + ".join(parts)


def describe_explorer(tables: dict[str, PolicyTable]) -> str:
    """Write the text alternative of :func:`explorer_chart` from the model's numbers.

    It says what the controls and panels are and which policy is best under
    equal weights in each phase; it says nothing of what Ankara actually did.
    """
    params = next(iter(tables.values())).params
    best = []
    for table in tables.values():
        utilities = table.utilities("equal")
        row = int(np.argmax(utilities))
        best.append(
            f"{table.params.phase.label}, {short_label(params, table.policies[row])} "
            f"(utility {utilities[row]:+.2f}, of {len(utilities)} policies)"
        )
    return (
        f"Interactive explorer of Ankara's choices. Controls: the phase, one slider per "
        f"interest's weight ({', '.join(params.interest_labels)}; 0 to {WEIGHT_MAX:g}, all "
        f"starting at 1), and one menu per lever ({', '.join(params.lever_names)}), starting "
        f"unchosen. Panels: the ten best policies under the weights, with your policy's rank "
        f"once you have chosen a level for every lever; the weighted contribution of each "
        f"interest to your policy's utility; and the probability of each capital's response "
        f"to it. With equal weights the best policy is, {'; '.join(best)}."
    )


def _weight_expression(params: Parameters, field: str) -> str:
    """Vega expression for the weight of the interest whose score column is ``datum[field]``."""
    expression = "0"
    for i in reversed(range(len(params.interests))):
        expression = f"(datum.{field} == 's{i}' ? w{i} : {expression})"
    return expression


def explorer_chart(tables: dict[str, PolicyTable] | None = None) -> alt.VConcatChart:
    """Build the static explorer: every policy of both phases, re-ranked in the browser.

    Parameters
    ----------
    tables : dict of str to PolicyTable, optional
        The policy table of each phase; by default computed from the package's
        parameters (both phases).

    Returns
    -------
    altair.VConcatChart
        Controls (the phase, one weight slider per interest starting at 1, one
        menu per lever starting on "choose") and four panels: the verdict on
        the reader's policy, the best policies with the reader's own, the
        weighted contribution of each interest, and each response's probability.
    """
    if tables is None:
        tables = {phase: policy_table(load_parameters(phase)) for phase in PHASES}
    params = next(iter(tables.values())).params
    frames = explorer_frames(tables)
    phase = alt.param(
        name="phase",
        value=list(tables).index("war") if "war" in tables else 0,
        bind=alt.binding_radio(
            options=list(range(len(tables))),
            labels=[table.params.phase.label for table in tables.values()],
            name="Phase: ",
        ),
    )
    weights = [
        alt.param(
            name=f"w{i}",
            value=1.0,
            bind=alt.binding_range(min=0, max=WEIGHT_MAX, step=WEIGHT_STEP, name=f"{label}: "),
        )
        for i, label in enumerate(params.interest_labels)
    ]
    levers = [
        alt.param(
            name=lever.name,
            value=-1,
            bind=alt.binding_select(
                options=[-1, *range(len(lever.levels))],
                labels=[CHOOSE, *lever.level_labels],
                name=f"{lever.label}: ",
            ),
        )
        for lever in params.levers
    ]
    in_phase = "datum.phase == phase"
    chosen = " && ".join(f"datum.{lever.name} == {lever.name}" for lever in params.levers)
    unchosen = " || ".join(f"{lever.name} < 0" for lever in params.levers)
    utility = " + ".join(f"w{i} * datum.s{i}" for i in range(len(params.interests)))

    ranked = (
        alt.Chart(frames["policies"])
        .transform_filter(in_phase)
        .transform_calculate(utility=utility, mine=chosen, policy=_label_expression(params))
        .transform_window(rank="rank()", sort=[alt.SortField("utility", order="descending")])
        .transform_joinaggregate(n="count()")
    )
    verdict = (
        ranked.transform_filter("datum.mine")
        .transform_calculate(
            text="'Your policy ranks ' + datum.rank + ' of ' + datum.n + ' (utility ' + "
            "format(datum.utility, '+.2f') + ')'"
        )
        .mark_text(align="left", x=0, fontSize=14, fontWeight="bold")
        .encode(text="text:N")
        .properties(width=PANEL_WIDTH, height=20)
    )
    prompt = (
        alt.Chart(pd.DataFrame({"text": [PROMPT]}))
        .transform_filter(unchosen)
        .mark_text(align="left", x=0, fontSize=13)
        .encode(text="text:N")
        .properties(width=PANEL_WIDTH, height=20)
    )
    best = (
        ranked.transform_filter(f"datum.rank <= {TOP} || datum.mine")
        .transform_calculate(
            who="datum.mine ? 'your policy' : 'other'",
            row="datum.rank + '. ' + datum.policy",
        )
        .mark_circle(size=90, opacity=1)
        .encode(
            x=alt.X(
                "utility:Q",
                title="Expected utility under your weights",
                scale=alt.Scale(zero=False, padding=10),
            ),
            y=alt.Y(
                "row:N",
                title=None,
                sort=alt.EncodingSortField("rank", order="ascending"),
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            color=alt.Color(
                "who:N",
                scale=alt.Scale(domain=["other", "your policy"], range=["#BBBBBB", LOSS]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("rank:Q", title="Rank"),
                alt.Tooltip("policy:N", title="Policy"),
                alt.Tooltip("utility:Q", title="Utility", format="+.2f"),
            ],
        )
        .properties(
            width=PANEL_WIDTH,
            height=(TOP + 1) * 16,  # fixed, so that the page does not jump when a row appears
            title=f"The {TOP} best policies under your weights (and yours)",
        )
    )
    bars = (
        alt.Chart(frames["policies"])
        .transform_filter(in_phase)
        .transform_filter(chosen)
        .transform_fold(list(frames["interests"]["key"]), as_=["key", "score"])
        .transform_lookup(
            lookup="key", from_=alt.LookupData(frames["interests"], "key", ["interest"])
        )
        .transform_calculate(weight=_weight_expression(params, "key"))
        .transform_calculate(
            contribution="datum.score * datum.weight",
            sign="datum.score * datum.weight >= 0 ? 'gain' : 'loss'",
        )
        .mark_bar()
        .encode(
            x=alt.X(
                "contribution:Q",
                title="Weight times expected score (points)",
                axis=alt.Axis(format=".1f"),
            ),
            y=alt.Y("interest:N", title=None, sort=list(params.interest_labels)),
            color=alt.Color(
                "sign:N", scale=alt.Scale(domain=["gain", "loss"], range=[GAIN, LOSS]), legend=None
            ),
            tooltip=[
                alt.Tooltip("interest:N", title="Interest"),
                alt.Tooltip("score:Q", title="Expected score (points)", format="+.3f"),
                alt.Tooltip("weight:Q", title="Weight"),
                alt.Tooltip("contribution:Q", title="Weighted", format="+.3f"),
            ],
        )
        .properties(width=PANEL_WIDTH, height=150, title="What your policy brings, per interest")
    )
    probabilities = (
        alt.Chart(frames["policies"])
        .transform_filter(in_phase)
        .transform_filter(chosen)
        .transform_fold(list(frames["responses"]["key"]), as_=["key", "probability"])
        .transform_lookup(
            lookup="key",
            from_=alt.LookupData(frames["responses"], "key", ["response", "actor"]),
        )
        .mark_bar()
        .encode(
            x=alt.X("probability:Q", title="Probability", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y(
                "response:N",
                title=None,
                sort=list(frames["responses"]["response"]),
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            color=alt.Color(
                "actor:N",
                title="Responds",
                scale=alt.Scale(domain=list(ACTOR_COLOURS), range=list(ACTOR_COLOURS.values())),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("actor:N", title="Who"),
                alt.Tooltip("response:N", title="Response"),
                alt.Tooltip("probability:Q", title="Probability", format=".2f"),
            ],
        )
        .properties(
            width=PANEL_WIDTH,
            height=14 * len(params.responses),  # fixed: the panel is empty until a policy is chosen
            title="How the capitals respond to your policy",
        )
    )
    return (
        alt.vconcat(
            alt.layer(verdict, prompt),
            best,
            bars,
            probabilities,
            description=describe_explorer(tables),
        )
        .add_params(phase, *weights, *levers)
        .resolve_scale(color="independent")
        .properties(
            title=chart_title(
                "Ankara's choices: set your own weights, choose a policy", MODEL_NOTE
            ),
            # SVG keeps every label in the page, where screen readers and tests can read it.
            usermeta={"embedOptions": {"renderer": "svg"}},
        )
    )
