"""The live escalation explorer (chapter 6): ipywidgets over the escalation model.

Controls: one selector per lever of Ankara's, a weight preset, one slider per
interest's weight, and sliders for the base probabilities of key responses.
Outputs: the outcome per interest (an altair chart), Moscow's and
Washington's likely responses, the best policy under the current weights and
a short narrative (:mod:`balancing.escalation.narrative`).

The explorer is thin: the 54-policy table is recomputed only when a
probability changes (tens of microseconds); a lever or weight change costs one
evaluation and a dot product. Nothing computes in the static book: the chapter
shows :func:`balancing.escalation.charts.explorer_chart` there, and the widget's
saved snapshot carries its chart as a picture.
"""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np
from IPython.display import SVG, display

from balancing.escalation import Parameters, evaluate, load_parameters, policy_table
from balancing.escalation.charts import outcome_chart, responses_frame
from balancing.escalation.narrative import narrative
from balancing.viz import BOOK, where_running

#: Responses whose base probability gets a slider (the article's main threats and carrots).
KEY_RESPONSES = ("strike_drones", "tourism_ban", "accept_mediation", "us_political_damage")
WEIGHT_MAX = 3.0
DESCRIPTION_WIDTH = "340px"
SLIDER_WIDTH = "600px"


class EscalationExplorer:
    """Explore Ankara's choices with widgets.

    Parameters
    ----------
    params : Parameters, optional
        The model's parameters (default: ``parameters.yaml``).
    preset : str
        The weight preset to start from.

    Attributes
    ----------
    levers : dict of str to ipywidgets.ToggleButtons
        One selector per lever.
    preset : ipywidgets.Dropdown
        Weight presets; choosing one sets the weight sliders.
    weights : dict of str to ipywidgets.FloatSlider
        One slider per interest.
    probabilities : dict of str to ipywidgets.FloatSlider
        Base probabilities of :data:`KEY_RESPONSES`.
    evaluation : Evaluation
        The current policy's evaluation (updated on every change).
    best_label, rank : str, int
        The best policy under the current weights and the current policy's rank.
    chart : altair.Chart
        The current outcome chart.
    widget : ipywidgets.Widget
        The whole explorer, for display.
    """

    def __init__(self, params: Parameters | None = None, preset: str = "balanced") -> None:
        self.params = params if params is not None else load_parameters()
        self._table = policy_table(self.params)
        start = self.params.actual_2022
        self.levers = {
            lever.name: w.ToggleButtons(
                options=list(zip(lever.level_labels, lever.levels, strict=True)),
                value=start[lever.name],
                description=lever.label,
                style={"description_width": "initial", "button_width": "auto"},
            )
            for lever in self.params.levers
        }
        self.preset = w.Dropdown(
            options=list(self.params.presets),
            value=preset,
            description="Weight preset",
            style={"description_width": "initial"},
        )
        vector = self.params.weights(preset)
        self.weights = {
            name: w.FloatSlider(
                value=float(vector[i]),
                min=0.0,
                max=WEIGHT_MAX,
                step=0.05,
                description=f"{label} ({unit})",
                style={"description_width": DESCRIPTION_WIDTH},
                layout=w.Layout(width=SLIDER_WIDTH),
                continuous_update=True,
            )
            for i, (name, label, unit) in enumerate(
                zip(
                    self.params.interests,
                    self.params.interest_labels,
                    self.params.interest_units,
                    strict=True,
                )
            )
        }
        labels = {r.name: r.label for r in self.params.responses}
        self.probabilities = {
            name: w.FloatSlider(
                value=float(self.params.base[self.params.response_index(name)]),
                min=0.0,
                max=1.0,
                step=0.05,
                description=f"{labels[name]} (base)",
                style={"description_width": DESCRIPTION_WIDTH},
                layout=w.Layout(width=SLIDER_WIDTH),
            )
            for name in KEY_RESPONSES
        }
        self._summary = w.HTML()
        self._responses = w.HTML()
        self._story = w.HTML()
        self._chart_out = w.Output()
        self._setting_preset = False
        for control in self.levers.values():
            control.observe(self._on_change, names="value")
        for control in self.weights.values():
            control.observe(self._on_weight, names="value")
        for control in self.probabilities.values():
            control.observe(self._on_probability, names="value")
        self.preset.observe(self._on_preset, names="value")
        self.widget = w.VBox(
            [
                w.HTML("<b>Ankara's levers</b>"),
                *self.levers.values(),
                w.HTML("<b>Weights</b> (utility per unit of each interest)"),
                self.preset,
                *self.weights.values(),
                w.HTML("<b>Base probabilities</b> (under the mildest policy)"),
                *self.probabilities.values(),
                self._summary,
                self._chart_out,
                self._responses,
                self._story,
            ]
        )
        self._update()

    def current_weights(self) -> np.ndarray:
        """Return the weight sliders' values as a vector over the interests."""
        return np.array([self.weights[name].value for name in self.params.interests])

    def current_policy(self) -> dict[str, str]:
        """Return the policy selected by the lever controls."""
        return {name: control.value for name, control in self.levers.items()}

    def _on_change(self, _change: dict) -> None:
        self._update()

    def _on_weight(self, _change: dict) -> None:
        if not self._setting_preset:
            self._update()

    def _on_probability(self, change: dict) -> None:
        params = self.params
        for name, control in self.probabilities.items():
            params = params.with_base(name, control.value)
        self.params = params
        self._table = policy_table(params)
        self._update()

    def _on_preset(self, change: dict) -> None:
        vector = self.params.weights(change["new"])
        self._setting_preset = True
        try:
            for name, value in zip(self.params.interests, vector, strict=True):
                self.weights[name].value = float(value)
        finally:
            self._setting_preset = False
        self._update()

    def _update(self) -> None:
        weights = self.current_weights()
        self.evaluation = evaluate(self.params, self.current_policy(), weights)
        utilities = self._table.utilities(weights)
        best = int(np.argmax(utilities))
        self.best_label = self._table.label(best)
        self.rank = 1 + int((utilities > self.evaluation.utility + 1e-12).sum())
        n = len(utilities)
        self._summary.value = (
            f"<p><b>Expected utility {self.evaluation.utility:+.2f}</b>, rank {self.rank} of "
            f"{n}. Best policy under these weights: <code>{html.escape(self.best_label)}</code></p>"
        )
        rows = "".join(
            f"<tr><td>{html.escape(row.actor)}</td><td>{html.escape(row.response)}</td>"
            f"<td style='text-align:right'>{row.probability:.2f}</td></tr>"
            for row in responses_frame(self.params, self.evaluation).itertuples()
        )
        self._responses.value = (
            "<table><tr><th>Who</th><th>Likely response</th><th>Probability</th></tr>"
            f"{rows}</table>"
        )
        sentences = narrative(self.params, self.evaluation, self.rank, n, self.best_label)
        self._story.value = "<p>" + " ".join(html.escape(s) for s in sentences) + "</p>"
        self.chart = outcome_chart(self.params, self.evaluation)
        with self._chart_out:
            self._chart_out.clear_output(wait=True)
            display(self._static_chart() if where_running() == BOOK else self.chart)

    def _static_chart(self) -> SVG:
        """Draw the chart as a picture, for the widget snapshot saved in the book.

        A saved widget cannot run the chart's scripts on the static page (and the
        book only redirects vega's downloads in the page itself), so the book's
        snapshot shows an SVG drawn at build time, offline, by vl-convert.
        """
        import vl_convert

        return SVG(vl_convert.vegalite_to_svg(self.chart.to_dict()))
