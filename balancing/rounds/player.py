"""The live crisis-rounds player: one team plays the rounds in a running notebook.

For each round the player shows the brief (with its sources), Ankara's state as
the team's earlier choices left it, the question, the options open to the team
(and why the others are closed), the team's weights and a box for a one-line
reason. *Record our choice* commits the choice: the game applies its effects
(:class:`balancing.rounds.Game`), the row goes to the team's log file
(:class:`balancing.rounds.LogWriter`), and only then is the round's reveal
added, collapsed, below the game, with what the model would have chosen under the
team's weights. The next round follows with the state carried forward.

Every control has a visible label (its ``description``), which ipywidgets gives
screen readers as the control's name. Nothing here runs in the static book: the
exercise page shows the round sheets or a description instead.

>>> from balancing.rounds.player import RoundsPlayer
>>> player = RoundsPlayer("Team A", "crisis-rounds-team-a.csv")  # doctest: +SKIP
>>> player.widget  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as w
import pandas as pd

from balancing.rounds.citations import describe_sources, keys_in, to_plain
from balancing.rounds.game import ChoiceError, Game, Turn
from balancing.rounds.load import load_rounds
from balancing.rounds.log import (
    MAX_REASON_LENGTH,
    WEIGHT_MAX,
    LogRow,
    LogWriter,
    log_frame,
    read_log,
)
from balancing.rounds.presets import load_presets, recommend
from balancing.rounds.schema import Round, Rounds, signed

DESCRIPTION_WIDTH = "300px"
CONTROL_WIDTH = "640px"
#: Number boxes rather than sliders: ipywidgets labels a text box for screen readers, but
#: not a slider's handle.
WEIGHT_WIDTH = "400px"


def _sources_html(keys: Sequence[str]) -> str:
    items = "".join(
        f"<li>[{html.escape(key)}] "
        + (
            f"<a href='{html.escape(url)}' target='_blank' rel='noopener'>{html.escape(title)}</a>"
            if url
            else html.escape(title)
        )
        + "</li>"
        for key, title, url in describe_sources(keys)
    )
    return f"<p><b>Sources</b></p><ul>{items}</ul>"


def _text_html(text: str) -> str:
    return f"<p>{html.escape(to_plain(text))}</p>"


class RoundsPlayer:
    """Play the crisis rounds with widgets, one team per notebook.

    Parameters
    ----------
    team : str
        The team's name, written in every row of its log.
    log_path : Path or str, optional
        The team's class-log file. Each recorded choice is appended to it; if it
        already holds rows for this team, the game resumes after them. Without a
        file nothing is written (a practice game).
    rounds : Rounds, optional
        The rounds (default: the package's).
    play : sequence of str, optional
        The rounds to play, in date order (default: all).
    preset : str
        The weight preset the weights start from (default ``"equal"``).

    Attributes
    ----------
    game : Game
        The team's game (state, history, turns).
    choice : ipywidgets.RadioButtons
        The open options of the current round (no option is selected at first).
    weights : dict of str to ipywidgets.BoundedFloatText
        One number box per state variable, 0 to 3.
    preset : ipywidgets.Dropdown
        Weight presets; choosing one sets the weights.
    reason : ipywidgets.Text
        The team's one-line reason.
    record_button : ipywidgets.Button
        Records the choice.
    message : ipywidgets.HTML
        What happened when the button was last pressed (or why nothing did).
    reveals : ipywidgets.HTML
        One collapsed ``<details>`` panel per recorded round: what happened, with its
        sources. (A ``<details>`` element opens with the keyboard and tells screen
        readers whether it is open; an ipywidgets Accordion's headers do neither.)
    panels : list of str
        The HTML of each panel, in the order recorded.
    rows : list of LogRow
        The rows this player has recorded or resumed.
    widget : ipywidgets.VBox
        The whole player, for display.
    """

    def __init__(
        self,
        team: str,
        log_path: Path | str | None = None,
        *,
        rounds: Rounds | None = None,
        play: Sequence[str] | None = None,
        preset: str = "equal",
    ) -> None:
        self.rounds = load_rounds() if rounds is None else rounds
        self.presets = load_presets(rounds=self.rounds)
        if preset not in self.presets:
            raise ValueError(f"unknown preset {preset!r}; the presets are {list(self.presets)}")
        self.team = team.strip()
        self.writer = LogWriter(log_path, team, self.rounds) if log_path is not None else None
        self.game = Game(self.rounds, play)
        self.rows: list[LogRow] = []

        self.header = w.HTML()
        self.brief = w.HTML()
        self.state_table = w.HTML()
        self.choice = w.RadioButtons(
            options=[],
            value=None,
            description="Your choice",
            style={"description_width": DESCRIPTION_WIDTH},
            layout=w.Layout(width="auto"),
        )
        self.options_table = w.HTML()
        self.preset = w.Dropdown(
            options=[(p.label, name) for name, p in self.presets.items()],
            value=preset,
            description="Start weights from",
            style={"description_width": DESCRIPTION_WIDTH},
            layout=w.Layout(width=CONTROL_WIDTH),
        )
        self.weights = {
            variable.name: w.BoundedFloatText(
                value=self.presets[preset].weights[variable.name],
                min=0.0,
                max=WEIGHT_MAX,
                step=0.1,
                description=f"Weight: {variable.label}",
                style={"description_width": DESCRIPTION_WIDTH},
                layout=w.Layout(width=WEIGHT_WIDTH),
            )
            for variable in self.rounds.variables
        }
        self.reason = w.Text(
            description="Our reason (one line)",
            placeholder="Why this option, in one line",
            style={"description_width": DESCRIPTION_WIDTH},
            layout=w.Layout(width=CONTROL_WIDTH),
        )
        self.record_button = w.Button(
            description="Record our choice",
            button_style="primary",
            tooltip="Record the choice, the weights and the reason; the round's reveal follows",
            layout=w.Layout(width="240px"),
        )
        self.message = w.HTML()
        self.panels: list[str] = []
        self.reveals = w.HTML()
        self.preset.observe(self._on_preset, names="value")
        self.record_button.on_click(lambda _button: self.record())
        self.widget = w.VBox(
            [
                self.header,
                self.brief,
                self.state_table,
                w.HTML("<h4>Your decision</h4>"),
                self.options_table,
                self.choice,
                w.HTML(
                    "<p>How much does your team care about each of Ankara's relations and "
                    "conditions (0: not at all, 3: most)? They are recorded with your choice.</p>"
                ),
                self.preset,
                *self.weights.values(),
                self.reason,
                self.record_button,
                self.message,
                w.HTML("<h4>What happened (revealed after you record, one panel per round)</h4>"),
                self.reveals,
            ]
        )
        if self.writer is not None and self.writer.path.exists():
            self._resume()
        self._show_round()

    def current_weights(self) -> dict[str, float]:
        """Return the weights in the boxes, one per state variable."""
        return {name: float(box.value) for name, box in self.weights.items()}

    def log(self) -> pd.DataFrame:
        """Return the rows recorded so far as a class log frame."""
        return log_frame(self.rows, self.rounds)

    def _on_preset(self, change: dict) -> None:
        for name, value in self.presets[change["new"]].weights.items():
            self.weights[name].value = value

    def _resume(self) -> None:
        mine = read_log(self.writer.path, self.rounds)
        mine = mine[mine["team"] == self.writer.team]
        for row in mine.itertuples(index=False):
            current = self.game.current
            if current is None or current.id != row.round:
                raise ValueError(
                    f"{self.writer.path} has a row of team {self.writer.team!r} for round "
                    f"{row.round!r}, but this game's next round is "
                    f"{current.id if current else 'none'}: use another file or team name"
                )
            weights = {name: getattr(row, f"weight_{name}") for name in self.rounds.names}
            model = recommend(self.game, weights)
            turn = self.game.choose(row.choice)
            self.rows.append(
                LogRow(self.writer.team, row.round, row.choice, weights, row.reason, row.timestamp)
            )
            self._add_reveal(turn, model.id, row.reason)
        if len(mine):
            self.message.value = (
                f"<p role='status'>Resumed from {html.escape(str(self.writer.path))}: "
                f"{len(mine)} round(s) already recorded by {html.escape(self.writer.team)}.</p>"
            )

    def _state_html(self) -> str:
        cells = "".join(
            f"<tr><th scope='row' style='text-align:left'>{html.escape(v.label)}</th>"
            f"<td style='text-align:right'>{signed(self.game.state[v.name])}</td></tr>"
            for v in self.rounds.variables
        )
        return (
            "<table><caption style='text-align:left'><b>Ankara's state now</b> "
            f"({self.rounds.scale.min} hostile or in crisis, {signed(self.rounds.scale.max)} "
            f"close or strong)</caption>{cells}</table>"
        )

    def _show_round(self) -> None:
        self.state_table.value = self._state_html()
        current = self.game.current
        if current is None:
            self.header.value = (
                f"<h3>All {len(self.game.to_play)} rounds played</h3>"
                "<p>Open the panels below to read what happened in each round.</p>"
            )
            self.brief.value = ""
            self.choice.options = []
            self.options_table.value = ""
            for control in (self.choice, self.preset, *self.weights.values(), self.reason):
                control.disabled = True
            self.record_button.disabled = True
            return
        self.header.value = (
            f"<h3>Round {current.number} of {len(self.rounds)} · {current.date.day} "
            f"{current.date:%B %Y} · {html.escape(current.title)}</h3>"
            "<p><i>This is the world as it was on that date; your own record is in the "
            "state below.</i></p>"
        )
        self.brief.value = (
            _text_html(current.brief)
            + _sources_html(current.sources)
            + (f"<p><b>{html.escape(current.question)}</b></p>")
        )
        self.choice.options = [
            (f"{current.letter(o.id)}. {o.label}", o.id) for o in self.game.open_options()
        ]
        self.choice.value = None
        self.options_table.value = self._options_html(current)

    def _options_html(self, current: Round) -> str:
        closed = self.game.closed_options()
        rows = "".join(
            f"<tr><th scope='row'>{current.letter(o.id)}</th><td><b>{html.escape(o.label)}.</b> "
            f"{html.escape(o.description)}"
            + (
                f"<br><i>Closed to your team: it {html.escape(' and '.join(closed[o.id]))}.</i>"
                if o.id in closed
                else ""
            )
            + "</td></tr>"
            for o in current.options
        )
        return f"<table><caption style='text-align:left'>Ankara's options</caption>{rows}</table>"

    def _add_reveal(self, turn: Turn, model_choice: str, reason: str) -> None:
        played = turn.round
        reveal = self.game.reveal(played.id)
        moved = "".join(
            f"<li>{html.escape(label)}: {signed(turn.before[name])} → "
            f"{signed(turn.after[name])}</li>"
            for name, label in self.rounds.labels.items()
            if turn.before[name] != turn.after[name]
        )
        legal = (
            f"<p><b>Legal note.</b> {html.escape(to_plain(reveal.legal_note))}</p>"
            if reveal.legal_note
            else ""
        )
        keys = list(dict.fromkeys([*reveal.sources, *keys_in(reveal.legal_note or "")]))
        body = (
            f"<p><b>Your choice:</b> {played.letter(turn.option.id)}. "
            f"{html.escape(turn.option.label)}. <b>Your reason:</b> {html.escape(reason)}</p>"
            f"<p><b>The model's pick under your weights</b> (myopic: the open option whose "
            f"effects, weighted, add up to the most): {played.letter(model_choice)}. "
            f"{html.escape(played.option(model_choice).label)}</p>"
            f"<p><b>What Ankara did</b> (the closest option): {played.letter(reveal.actual.id)}. "
            f"{html.escape(reveal.actual.label)}</p>"
            f"<p><b>What happened.</b> {html.escape(to_plain(reveal.text))}</p>"
            f"{legal}"
            f"<p><b>Your choice moved Ankara's state</b> (the course's assumptions):</p>"
            f"<ul>{moved or '<li>no change</li>'}</ul>"
            f"{_sources_html(keys)}"
        )
        title = html.escape(f"Round {played.number}: {played.title} (what happened)")
        self.panels.append(f"<details><summary><b>{title}</b></summary>{body}</details>")
        self.reveals.value = "".join(self.panels)

    def record(self) -> Turn | None:
        """Record the selected option with the weights and reason, as the button does.

        Returns
        -------
        Turn or None
            The turn played, or ``None`` if nothing was recorded: no option chosen,
            no valid reason, or the game is over; :attr:`message` says why.
        """
        current = self.game.current
        if current is None:
            self.message.value = "<p role='alert'>The game is over: every round is recorded.</p>"
            return None
        if self.choice.value is None:
            self.message.value = "<p role='alert'>Choose one of the open options first.</p>"
            return None
        reason = self.reason.value.strip()
        if not reason or len(reason) > MAX_REASON_LENGTH:
            self.message.value = (
                f"<p role='alert'>Write your reason in one line of 1-{MAX_REASON_LENGTH} "
                f"characters (now {len(reason)}).</p>"
            )
            return None
        weights = self.current_weights()
        model = recommend(self.game, weights)
        try:
            turn = self.game.choose(self.choice.value)
        except ChoiceError as error:
            self.message.value = f"<p role='alert'>{html.escape(str(error))}</p>"
            return None
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if self.writer is not None:
            row = self.writer.append(current.id, turn.option.id, weights, reason, stamp)
        else:
            row = LogRow(self.team, current.id, turn.option.id, weights, reason, stamp)
        self.rows.append(row)
        self._add_reveal(turn, model.id, reason)
        where = f" and written to {html.escape(str(self.writer.path))}" if self.writer else ""
        self.message.value = (
            f"<p role='status'>Round {current.number} recorded{where}. Its reveal is in the "
            "panels below; the next round starts from your new state.</p>"
        )
        self.reason.value = ""
        self._show_round()
        return turn
