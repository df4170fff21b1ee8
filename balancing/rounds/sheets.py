"""Printable round sheets and Control's reveal sheets, as MyST Markdown.

The role-play pages ``instructors/role-play/round-sheets.ipynb`` and
``round-reveals.ipynb`` call :func:`display_round_sheets` and
:func:`display_reveal_sheets` in one line each; their code cells carry
``mystnb: {markdown_format: myst}``, so the Markdown below is parsed as MyST and
its citation markers become ``{cite:p}`` roles that the book resolves. Every
sheet is a ``rp-sheet`` block, which the book's print stylesheet
(``_static/print.css``) prints one per page.

What students see (:func:`round_sheet`) holds the brief, the question and the
options with the conditions under which each is open, never their effects;
Control's sheets (:func:`reveal_sheet`) add what happened, the effects of every
option, the legal note, Ankara's actual path and the model's preset runs.
"""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import Markdown, display

from balancing.rounds.citations import to_myst
from balancing.rounds.game import Game, requirements_in_words
from balancing.rounds.load import load_rounds
from balancing.rounds.presets import Preset, load_presets, play_preset
from balancing.rounds.schema import Option, Round, Rounds, signed


def _day(round_: Round, month: str = "%B") -> str:
    return f"{round_.date.day} {round_.date.strftime(month)} {round_.date.year}"


def _sheet(body: str) -> str:
    return f":::{{div}} rp-sheet\n{body.strip()}\n:::"


def state_record_sheet(rounds: Rounds) -> str:
    """Write the team's state record: one row per round, for the state Control announces.

    Parameters
    ----------
    rounds : Rounds
        The rounds.

    Returns
    -------
    str
        One ``rp-sheet`` block of MyST Markdown.
    """
    names = " | ".join(name.capitalize() for name in rounds.names)
    start = " | ".join(signed(v.start) for v in rounds.variables)
    low, high = rounds.scale.min, signed(rounds.scale.max)
    rows = "\n".join(
        f"| {r.number}. {r.title} ({_day(r, '%b')}) |" + " |" * len(rounds.names) for r in rounds
    )
    return _sheet(f"""
**State record** · team: ______________________

Ankara's state on the scale {low} (hostile, in crisis) to {high} (close, strong), as Control
announces it after each round: relations with Moscow, Washington, Kyiv and Brussels
(the EU), the economy, and Ankara's credibility as a mediator.

| after | {names} |
|---|{"---|" * len(rounds.names)}
| January 2022 (start) | {start} |
{rows}
""")


def round_sheet(round_: Round, rounds: Rounds) -> str:
    """Write a team's sheet for one round: brief, question, options and when each is open.

    Parameters
    ----------
    round_ : Round
        The round.
    rounds : Rounds
        All rounds (for the conditions' wording).

    Returns
    -------
    str
        One ``rp-sheet`` block of MyST Markdown, with space for the team's choice.
    """
    options = "\n".join(
        f"| {round_.letter(o.id)} | **{o.label}.** {o.description} | "
        f"{requirements_in_words(o, rounds) or 'always'} |"
        for o in round_.options
    )
    return _sheet(f"""
**Round {round_.number} of {len(rounds)} · {_day(round_)}** · team: ______________________

**{round_.title}**

{to_myst(round_.brief)}

**{round_.question}**

| | option | open only if |
|---|---|---|
{options}

| we recommend (letter) | our reason, in one line | Ankara decided (letter) |
|---|---|---|
| | | |
""")


def _moves(option: Option, rounds: Rounds) -> str:
    labels = rounds.labels
    return ", ".join(f"{labels[k]} {v:+d}" for k, v in option.effects.items()) or "none"


def reveal_sheet(round_: Round, rounds: Rounds) -> str:
    """Write Control's sheet for a round: what happened, each option's effects, the legal note.

    Parameters
    ----------
    round_ : Round
        The round.
    rounds : Rounds
        All rounds (for the state variables' labels).

    Returns
    -------
    str
        One ``rp-sheet`` block of MyST Markdown.
    """
    effects = "\n".join(
        f"| {round_.letter(o.id)} | {o.label}{' (actual)' if o.id == round_.actual else ''} | "
        f"{_moves(o, rounds)} | {to_myst(o.reason)} |"
        for o in round_.options
    )
    legal = f"**Legal note.** {to_myst(round_.legal_note)}" if round_.legal_note else ""
    return _sheet(f"""
**Round {round_.number} of {len(rounds)} · {_day(round_)} · {round_.title}**

**What happened.** {to_myst(round_.reveal)}

| | option | effects on Ankara's state | why (directions cited; sizes assumed) |
|---|---|---|---|
{effects}

{legal}
""")


def _path_table(game: Game, rounds: Rounds) -> str:
    head = "| round | choice | " + " | ".join(n.capitalize() for n in rounds.names) + " |"
    rows = [
        f"| {t.round.number}. {t.round.title} | {t.round.letter(t.option.id)}: {t.option.label} | "
        + " | ".join(signed(t.after[n]) for n in rounds.names)
        + " |"
        for t in game.turns
    ]
    return "\n".join([head, "|---|---|" + "---|" * len(rounds.names), *rows])


def actual_path_sheet(rounds: Rounds) -> str:
    """Write Ankara's actual path through the model: its state after each real choice.

    Parameters
    ----------
    rounds : Rounds
        The rounds.

    Returns
    -------
    str
        One ``rp-sheet`` block of MyST Markdown.
    """
    game = Game(rounds)
    for round_ in rounds:
        game.choose(round_.actual)
    return _sheet(f"""
**Ankara's actual path through the model**

The state after each round if the class makes, every time, the choice closest to what
Ankara did. It shows the consequences of the file's assumptions, which were written after
the events: reproducing them validates nothing.

{_path_table(game, rounds)}
""")


def preset_runs_sheet(rounds: Rounds, presets: Mapping[str, Preset]) -> str:
    """Write the model's preset runs: each school's choice in every round, next to Ankara's.

    Parameters
    ----------
    rounds : Rounds
        The rounds.
    presets : Mapping[str, Preset]
        The weight presets (:func:`balancing.rounds.load_presets`).

    Returns
    -------
    str
        One ``rp-sheet`` block of MyST Markdown: the letters chosen and the weights.
    """
    runs = {name: play_preset(p.weights, rounds) for name, p in presets.items()}
    labels = " | ".join(p.label for p in presets.values())
    rows = "\n".join(
        f"| {r.number}. {r.title} | {r.letter(r.actual)} | "
        + " | ".join(r.letter(game.turns[i].option.id) for game in runs.values())
        + " |"
        for i, r in enumerate(rounds)
    )
    weights = "\n".join(
        f"| {label} | " + " | ".join(f"{p.weights[name]:g}" for p in presets.values()) + " |"
        for name, label in rounds.labels.items()
    )
    schools = "; ".join(
        f"{p.label} {to_myst(' [' + ', '.join(p.sources) + ']')}"
        for p in presets.values()
        if p.sources
    )
    return _sheet(f"""
**The model's preset runs**

The model's own runs, not students'. Each preset stands for a school of the Turkish
foreign-policy debate ({schools}; "Equal weights" is a baseline) and plays every
round with the open option whose effects, weighted by the preset, add up to the most;
ties go to the option listed first. The rule is myopic: it looks at one round's
effects, not at what a choice opens or closes later. Letters are the options of each round's sheet.

| round | Ankara did | {labels} |
|---|---|{"---|" * len(presets)}
{rows}

| weight (0-3) | {labels} |
|---|{"---|" * len(presets)}
{weights}
""")


def display_round_sheets(rounds: Rounds | None = None) -> None:
    """Display the state record and every round's sheet (the page ``round-sheets``).

    Parameters
    ----------
    rounds : Rounds, optional
        The rounds (default: the package's).
    """
    rounds = load_rounds() if rounds is None else rounds
    for sheet in [state_record_sheet(rounds), *(round_sheet(r, rounds) for r in rounds)]:
        display(Markdown(sheet))


def display_reveal_sheets(rounds: Rounds | None = None) -> None:
    """Display Control's reveal sheets, Ankara's actual path and the preset runs.

    Parameters
    ----------
    rounds : Rounds, optional
        The rounds (default: the package's).
    """
    rounds = load_rounds() if rounds is None else rounds
    sheets = [reveal_sheet(r, rounds) for r in rounds]
    sheets += [actual_path_sheet(rounds), preset_runs_sheet(rounds, load_presets(rounds=rounds))]
    for sheet in sheets:
        display(Markdown(sheet))
