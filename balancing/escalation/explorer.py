"""The live escalation explorer (chapter 6 and its exercises): ipywidgets over the model.

Controls: the phase; one selector per lever of Ankara's, starting with nothing
chosen; one slider per interest's weight, all starting at 1, and a menu of the
weight presets (the schools of the Turkish debate); sliders for the base
probabilities of key responses. Outputs: the ten best policies under the
current weights, re-ranked on every change, with the chosen policy's rank;
the chosen policy's outcome per interest (an altair chart) and the
probability of each capital's response; a short narrative
(:mod:`balancing.escalation.narrative`). Nothing shows what Ankara actually
did: readers choose first.

Every control has a ``description`` that names it (read by screen readers),
and every one works from the keyboard (buttons, menus, sliders with editable
read-outs). The explorer is thin: each phase's policy table is recomputed only
when a probability changes; a lever or weight change costs one evaluation and
a dot product.

A saved widget cannot compute in the static book, and its state would cost
every reader the widget manager's 4.3 MB; :func:`explore` therefore returns
the static explorer (:func:`balancing.escalation.charts.explorer_chart`)
during the book build and creates no widget there.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as w
import numpy as np
from IPython.display import display

from balancing.escalation.analysis import best_policy
from balancing.escalation.charts import (
    TOP,
    WEIGHT_MAX,
    WEIGHT_STEP,
    explorer_chart,
    outcome_chart,
    responses_frame,
    short_label,
)
from balancing.escalation.model import Evaluation, PolicyTable, evaluate, policy_table
from balancing.escalation.narrative import narrative
from balancing.escalation.parameters import PHASES, Parameters, load_parameters
from balancing.viz import BOOK, where_running

#: Responses whose base probability gets a slider (the article's main threats and the mediators).
KEY_RESPONSES = (
    "strike_drones",
    "tourism_ban",
    "moscow_accepts_mediation",
    "kyiv_accepts_mediation",
    "us_political_damage",
)
DESCRIPTION_WIDTH = "300px"
SLIDER_WIDTH = "600px"
#: The preset the explorer starts on: every interest weighs 1.
START_PRESET = "equal"


class EscalationExplorer:
    """Explore Ankara's choices with widgets.

    Parameters
    ----------
    phase : str
        The phase to start in (``"war"`` by default, or ``"pre_war"``).

    Attributes
    ----------
    phase : ipywidgets.ToggleButtons
        The phase.
    levers : dict of str to ipywidgets.ToggleButtons
        One selector per lever, starting with no level chosen.
    preset : ipywidgets.Dropdown
        Weight presets; choosing one sets the weight sliders.
    weights : dict of str to ipywidgets.FloatSlider
        One slider per interest.
    probabilities : dict of str to ipywidgets.FloatSlider
        Base probabilities of :data:`KEY_RESPONSES` in the current phase.
    params : Parameters
        The current phase's parameters (with the probability sliders applied).
    table : PolicyTable
        Every policy of the current phase.
    evaluation : Evaluation or None
        The chosen policy's evaluation, ``None`` until every lever has a level.
    best_label : str
        The best policy under the current weights.
    rank : int or None
        The chosen policy's rank (1 = best), ``None`` until it is chosen.
    widget : ipywidgets.Widget
        The whole explorer, for display.
    """

    def __init__(self, phase: str = "war") -> None:
        self._params = {name: load_parameters(name) for name in PHASES}
        self.params = self._params[phase]
        self.table = policy_table(self.params)
        self.evaluation: Evaluation | None = None
        self.rank: int | None = None
        self.phase = w.ToggleButtons(
            options=[(self._params[name].phase.label, name) for name in PHASES],
            value=phase,
            description="Phase",
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.levers = {
            lever.name: w.ToggleButtons(
                options=list(zip(lever.level_labels, lever.levels, strict=True)),
                value=None,
                description=lever.label,
                style={"description_width": "initial", "button_width": "auto"},
            )
            for lever in self.params.levers
        }
        self.preset = w.Dropdown(
            options=list(self.params.presets),
            value=START_PRESET,
            description="Weight preset (a school of the Turkish debate)",
            style={"description_width": "initial"},
        )
        start = self.params.weights(START_PRESET)
        self.weights = {
            name: w.FloatSlider(
                value=float(start[i]),
                min=0.0,
                max=WEIGHT_MAX,
                step=WEIGHT_STEP,
                description=f"Weight: {label}",
                style={"description_width": DESCRIPTION_WIDTH},
                layout=w.Layout(width=SLIDER_WIDTH),
            )
            for i, (name, label) in enumerate(
                zip(self.params.interests, self.params.interest_labels, strict=True)
            )
        }
        labels = {r.name: r.label for r in self.params.responses}
        self.probabilities = {
            name: w.FloatSlider(
                value=float(self.params.base[self.params.response_index(name)]),
                min=0.0,
                max=1.0,
                step=0.05,
                description=f"Base probability: {labels[name]}",
                style={"description_width": DESCRIPTION_WIDTH},
                layout=w.Layout(width=SLIDER_WIDTH),
            )
            for name in KEY_RESPONSES
        }
        self._summary = w.HTML()
        self._ranking = w.HTML()
        self._responses = w.HTML()
        self._story = w.HTML()
        self._chart_out = w.Output()
        self._quiet = False
        self.phase.observe(self._on_phase, names="value")
        for control in self.levers.values():
            control.observe(self._on_change, names="value")
        for control in self.weights.values():
            control.observe(self._on_change, names="value")
        for control in self.probabilities.values():
            control.observe(self._on_probability, names="value")
        self.preset.observe(self._on_preset, names="value")
        self.widget = w.VBox(
            [
                w.HTML("<b>When</b>"),
                self.phase,
                w.HTML("<b>Ankara's levers</b> (choose one level for each)"),
                *self.levers.values(),
                w.HTML("<b>Weights</b> (utility per point of each interest)"),
                self.preset,
                *self.weights.values(),
                w.HTML("<b>Base probabilities</b> (under the mildest policy, this phase)"),
                *self.probabilities.values(),
                self._summary,
                self._ranking,
                self._chart_out,
                self._responses,
                self._story,
            ]
        )
        self._update()

    def _ipython_display_(self) -> None:
        display(self.widget)

    def current_weights(self) -> np.ndarray:
        """Return the weight sliders' values as a vector over the interests."""
        return np.array([self.weights[name].value for name in self.params.interests])

    def current_policy(self) -> dict[str, str] | None:
        """Return the policy chosen with the lever selectors, or ``None`` if a lever has none."""
        policy = {name: control.value for name, control in self.levers.items()}
        return None if None in policy.values() else policy

    def _on_change(self, _change: dict) -> None:
        if not self._quiet:
            self._update()

    def _on_phase(self, change: dict) -> None:
        self.params = self._params[change["new"]]
        self.table = policy_table(self.params)
        self._quiet = True
        try:
            for name, control in self.probabilities.items():
                control.value = float(self.params.base[self.params.response_index(name)])
        finally:
            self._quiet = False
        self._update()

    def _on_probability(self, _change: dict) -> None:
        if self._quiet:
            return
        params = self._params[self.phase.value]
        for name, control in self.probabilities.items():
            params = params.with_base(name, control.value)
        self.params = params
        self.table = policy_table(params)
        self._update()

    def _on_preset(self, change: dict) -> None:
        vector = self.params.weights(change["new"])
        self._quiet = True
        try:
            for name, value in zip(self.params.interests, vector, strict=True):
                self.weights[name].value = float(value)
        finally:
            self._quiet = False
        self._update()

    def _update(self) -> None:
        weights = self.current_weights()
        if not weights.any():
            self._summary.value = (
                "<p><b>Every weight is 0.</b> Give at least one interest a positive weight.</p>"
            )
            return
        utilities = self.table.utilities(weights)
        best = best_policy(self.table, weights)
        self.best_label = self.table.label(best)
        order = np.argsort(-utilities, kind="stable")
        self.evaluation, self.rank = None, None
        policy = self.current_policy()
        problem = _unavailable(self.params, policy) if policy else None
        if policy and not problem:
            self.evaluation = evaluate(self.params, policy, weights)
            self.rank = 1 + int((utilities > self.evaluation.utility + 1e-12).sum())
        self._ranking.value = _ranking_table(self.table, utilities, order, policy)
        n = len(utilities)
        if self.evaluation is None:
            self._summary.value = (
                "<p>"
                + html.escape(
                    problem or "Choose a level for every lever to see where your policy ranks."
                )
                + "</p>"
            )
            self._responses.value = self._story.value = ""
            self._chart_out.clear_output()
            return
        self._summary.value = (
            f"<p><b>Your policy: expected utility {self.evaluation.utility:+.2f}, rank "
            f"{self.rank} of {n}.</b></p>"
        )
        rows = "".join(
            f"<tr><td>{html.escape(row.actor)}</td><td>{html.escape(row.response)}</td>"
            f"<td style='text-align:right'>{row.probability:.2f}</td></tr>"
            for row in responses_frame(self.params, self.evaluation).itertuples()
        )
        self._responses.value = (
            "<table><caption>How the capitals respond</caption><tr><th>Who</th>"
            f"<th>Response</th><th>Probability</th></tr>{rows}</table>"
        )
        sentences = narrative(self.params, self.evaluation, self.rank, n, self.best_label)
        self._story.value = "<p>" + " ".join(html.escape(s) for s in sentences) + "</p>"
        self.chart = outcome_chart(self.params, self.evaluation)
        with self._chart_out:
            self._chart_out.clear_output(wait=True)
            display(self.chart)


def _unavailable(params: Parameters, policy: dict[str, str]) -> str | None:
    """Say why a chosen level cannot be chosen in this phase, or return ``None``."""
    for lever, levels in params.phase.unavailable.items():
        if policy[lever] in levels:
            return f"{params.lever(lever).label}: {params.phase.reasons[lever]}."
    return None


def _ranking_table(
    table: PolicyTable, utilities: np.ndarray, order: np.ndarray, policy: dict[str, str] | None
) -> str:
    """HTML table of the best policies under the weights, and the chosen one if lower."""
    mine = None
    if policy is not None and _unavailable(table.params, policy) is None:
        mine = table.index(policy)
    rows = []
    for position, row in enumerate(order, start=1):
        if position > TOP and row != mine:
            continue
        rank = 1 + int((utilities > utilities[row] + 1e-12).sum())
        label = html.escape(short_label(table.params, table.policies[row]))
        if row == mine:
            label = f"<b>{label} (yours)</b>"
        rows.append(
            f"<tr><td style='text-align:right'>{rank}</td><td>{label}</td>"
            f"<td style='text-align:right'>{utilities[row]:+.2f}</td></tr>"
        )
    return (
        f"<table><caption>The {TOP} best of {len(utilities)} policies under these weights"
        "</caption><tr><th>Rank</th><th>Policy</th><th>Utility</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def explore(phase: str = "war") -> EscalationExplorer | alt.VConcatChart:
    """Return the explorer to display: the live widget, or the static explorer in the book.

    Parameters
    ----------
    phase : str
        The live explorer's starting phase.

    Returns
    -------
    EscalationExplorer or altair.VConcatChart
        In a running notebook, a new :class:`EscalationExplorer`; during the
        book build (where a widget could not compute), the static explorer, and
        no widget is created.
    """
    if where_running() == BOOK:
        return explorer_chart()
    return EscalationExplorer(phase)
