"""Charts of a class log: teams compared with each other and with Ankara's actual path.

:func:`choices_chart` shows, round by round, the option each team recorded next
to the option closest to what Ankara did; :func:`state_chart` shows where each
team's choices took Ankara's state, one variable at a time (a menu bound in the
browser, so it works on the static page). Both take a checked class log
(:func:`balancing.rounds.read_log`, or the model's own runs,
:func:`balancing.rounds.model_runs`) and say in their subtitle which it is: a log
made only of the model's runs is labelled as such, never as students' choices.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from balancing.rounds.load import load_rounds
from balancing.rounds.log import ANKARA, actual_choices, state_paths
from balancing.rounds.presets import MODEL_TEAM_PREFIX
from balancing.rounds.schema import Rounds, signed
from balancing.viz import chart_title, require_columns

#: Okabe-Ito colours: Ankara's own choice, a team's choice that matches it, one that differs.
MATCH_COLOURS = {"Ankara's choice": "#000000", "Same as Ankara": "#0072B2", "Different": "#E69F00"}
ROW_HEIGHT = 26
ASSUMPTIONS = "effects are the course's assumptions"


def credit(log: pd.DataFrame) -> str:
    """Say what a log holds, for a chart's subtitle.

    Parameters
    ----------
    log : pandas.DataFrame
        A class log (column ``team``).

    Returns
    -------
    str
        "The model's own runs ..." when every team is a model run, otherwise the
        number of teams (and of model runs shown with them).
    """
    teams = log["team"].drop_duplicates()
    models = teams.str.startswith(MODEL_TEAM_PREFIX)
    if models.all():
        return f"The model's own runs ({len(teams)} weight presets), not students; {ASSUMPTIONS}"
    mixed = f" and {int(models.sum())} model runs" if models.any() else ""
    return f"Class log: {int((~models).sum())} teams{mixed}; {ASSUMPTIONS}"


def choices_frame(log: pd.DataFrame, rounds: Rounds | None = None) -> pd.DataFrame:
    """Each team's choice per round, with Ankara's, for :func:`choices_chart`.

    Parameters
    ----------
    log : pandas.DataFrame
        A checked class log (columns ``team``, ``round``, ``choice``, ``reason``).
    rounds : Rounds, optional
        The rounds (default: the package's).

    Returns
    -------
    pandas.DataFrame
        One row per team and round played, Ankara's rows first: ``team``,
        ``number``, ``round`` (``"1. Feb 2022"``), ``title``, ``letter``,
        ``option`` (label), ``match`` (a key of :data:`MATCH_COLOURS`) and ``reason``.
    """
    rounds = load_rounds() if rounds is None else rounds
    actual = actual_choices(rounds).assign(reason="The option closest to what Ankara did")
    rows = pd.concat([actual, log[["team", "round", "choice", "reason"]]], ignore_index=True)
    by_id = {r.id: r for r in rounds}
    played = [by_id[round_id] for round_id in rows["round"]]
    is_actual = [r.actual == choice for r, choice in zip(played, rows["choice"], strict=True)]
    return pd.DataFrame(
        {
            "team": rows["team"],
            "number": [r.number for r in played],
            "round": [f"{r.number}. {r.date:%b %Y}" for r in played],
            "title": [r.title for r in played],
            "letter": [r.letter(c) for r, c in zip(played, rows["choice"], strict=True)],
            "option": [r.option(c).label for r, c in zip(played, rows["choice"], strict=True)],
            "match": [
                "Ankara's choice" if team == ANKARA else "Same as Ankara" if same else "Different"
                for team, same in zip(rows["team"], is_actual, strict=True)
            ],
            "reason": rows["reason"],
        }
    )


def describe_choices(frame: pd.DataFrame) -> str:
    """Write the text alternative of :func:`choices_chart` from its frame.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`choices_frame`.

    Returns
    -------
    str
        For each team, in how many of its rounds it chose as Ankara did, and the
        round in which the teams were most divided.
    """
    teams = frame[frame["team"] != ANKARA]
    agreement = teams.groupby("team", sort=False)["match"].agg(
        lambda m: f"{int((m == 'Same as Ankara').sum())} of {len(m)}"
    )
    spread = teams.groupby(["number", "title"])["letter"].nunique()
    widest = [f"{number} ({title})" for (number, title), n in spread.items() if n == spread.max()]
    where = (
        f"round {widest[0]}"
        if len(widest) == 1
        else "rounds " + ", ".join(widest[:-1]) + " and " + widest[-1]
    )
    return (
        f"Grid of the option chosen (letters as on the round sheets) by {len(agreement)} teams or "
        f"runs in each round, below Ankara's own choice. Rounds in which each chose as Ankara "
        f"did: " + "; ".join(f"{team}, {count}" for team, count in agreement.items()) + ". "
        f"The choices were most divided ({spread.max()} different options) in {where}."
    )


def choices_chart(log: pd.DataFrame, rounds: Rounds | None = None) -> alt.LayerChart:
    """Grid of every team's choice in every round, next to Ankara's.

    Parameters
    ----------
    log : pandas.DataFrame
        A checked class log (columns ``team``, ``round``, ``choice``, ``reason``).
    rounds : Rounds, optional
        The rounds (default: the package's).

    Returns
    -------
    altair.LayerChart
        One row per team (Ankara first), one column per round; each cell shows the
        option's letter, coloured by whether it matches Ankara's choice; hover for
        the option and the team's reason.
    """
    require_columns(log, ["team", "round", "choice", "reason"], "choices_chart")
    frame = choices_frame(log, rounds)
    teams = list(frame["team"].drop_duplicates())
    rounds_order = list(frame.sort_values("number")["round"].drop_duplicates())
    base = alt.Chart(frame).encode(
        x=alt.X(
            "round:O", sort=rounds_order, title="Round", axis=alt.Axis(labelAngle=0, orient="top")
        ),
        y=alt.Y("team:N", sort=teams, title=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "match:N",
            title=None,
            scale=alt.Scale(domain=list(MATCH_COLOURS), range=list(MATCH_COLOURS.values())),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("team:N", title="Team"),
            alt.Tooltip("title:N", title="Round"),
            alt.Tooltip("option:N", title="Choice"),
            alt.Tooltip("reason:N", title="Reason"),
        ],
    )
    letters = base.mark_text(fontWeight="bold").encode(
        text="letter:N",
        # Black on orange, white on black and blue: contrast of at least 4.5:1.
        color=alt.condition(alt.datum.match == "Different", alt.value("black"), alt.value("white")),
    )
    return alt.layer(cells, letters, description=describe_choices(frame)).properties(
        width="container",
        height=ROW_HEIGHT * len(teams),
        title=chart_title("Choices round by round, compared with Ankara's", credit(log)),
    )


def describe_states(paths: pd.DataFrame, labels: dict[str, str]) -> str:
    """Write the text alternative of :func:`state_chart` from the replayed paths.

    Parameters
    ----------
    paths : pandas.DataFrame
        Output of :func:`balancing.rounds.log.state_paths`, Ankara's path included.
    labels : dict of str to str
        Each state variable's label.

    Returns
    -------
    str
        Each team's state after its last round, variable by variable, with Ankara's.
    """
    last = paths[paths["step"] == paths.groupby("team")["step"].transform("max")]
    finals = [
        f"{team}: "
        + ", ".join(f"{row.variable.capitalize()} {signed(row.value)}" for row in rows.itertuples())
        for team, rows in last.groupby("team", sort=False)
    ]
    return (
        "Line chart of Ankara's state (scale -3 to +3) after each round, one line per team and "
        "one for Ankara's actual path; a menu chooses the variable ("
        + ", ".join(f"{name.capitalize()}: {label}" for name, label in labels.items())
        + "). State after the last round played: "
        + "; ".join(finals)
        + "."
    )


def state_chart(log: pd.DataFrame, rounds: Rounds | None = None) -> alt.LayerChart:
    """Where each team's choices took Ankara's state, with Ankara's actual path.

    Parameters
    ----------
    log : pandas.DataFrame
        A checked class log (columns ``team``, ``round``, ``choice``).
    rounds : Rounds, optional
        The rounds (default: the package's).

    Returns
    -------
    altair.LayerChart
        One line per team over the rounds (0 = January 2022) and a thick black line
        for Ankara's actual path; a menu bound in the page chooses the variable.
    """
    require_columns(log, ["team", "round", "choice"], "state_chart")
    rounds = load_rounds() if rounds is None else rounds
    combined = pd.concat([actual_choices(rounds), log[["team", "round", "choice"]]])
    paths = state_paths(combined, rounds)
    labels = rounds.labels
    paths = paths.assign(label=paths["variable"].map(labels))
    names = list(labels.values())
    variable = alt.param(
        name="variable",
        value=names[0],
        bind=alt.binding_select(options=names, name="State variable: "),
    )
    scale = rounds.scale
    base = (
        alt.Chart(paths)
        .transform_filter(alt.datum.label == variable)
        .encode(
            x=alt.X("step:Q", title="After round (0 = January 2022)", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(
                "value:Q",
                title=f"{scale.min} hostile, in crisis .. {scale.max:+d} close, strong",
                scale=alt.Scale(domain=[scale.min, scale.max]),
            ),
            detail="team:N",
            tooltip=["team:N", "round:N", "label:N", "value:Q"],
        )
    )
    teams = (
        base.transform_filter(alt.datum.team != ANKARA)
        .mark_line(point=True, opacity=0.8)
        .encode(
            color=alt.Color("team:N", title="Team", legend=alt.Legend(orient="bottom", columns=2))
        )
    )
    ankara = base.transform_filter(alt.datum.team == ANKARA).mark_line(
        color="black", strokeWidth=4, strokeDash=[6, 3]
    )
    return (
        alt.layer(ankara, teams, description=describe_states(paths, labels))
        .add_params(variable)
        .properties(
            width="container",
            height=260,
            title=chart_title(
                "Ankara's state round by round (dashed black: Ankara's actual path)", credit(log)
            ),
        )
    )
