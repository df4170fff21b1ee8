"""Weights, the model's recommendation, and the model's own runs.

A team records with each choice a weight from 0 to :data:`~balancing.rounds.log.WEIGHT_MAX`
per state variable. The model's recommendation in a round is the open option that
maximises the weighted sum of its effects (:func:`option_scores`, :func:`recommend`).
The rule is **myopic**: it looks one round ahead, ignores which later options a
choice opens or closes, and ignores the clip to the scale (an option that would
raise a variable already at +3 still scores for it). Ties go to the option listed
first.

Presets (``presets.yaml``) stand for schools of the Turkish foreign-policy debate;
:func:`model_runs` plays every round under each preset and returns the runs as a
class log whose teams are labelled ``"Model: <preset>"``: the only "class" the
book shows, and never as students.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from balancing.data.bibliography import bibliography_file, read_bibliography
from balancing.rounds.citations import keys_in
from balancing.rounds.game import Game, closed_reasons
from balancing.rounds.load import load_rounds
from balancing.rounds.log import WEIGHT_MAX, LogRow, log_frame
from balancing.rounds.schema import Option, Round, Rounds, RoundsFileError

#: How the model's runs are named in a class log (never a student team's name).
MODEL_TEAM_PREFIX = "Model: "


@dataclass(frozen=True)
class Preset:
    """A set of weights standing for a school of the debate.

    Attributes
    ----------
    name : str
        Its key (``"westernist"``), as in the escalation model.
    label : str
        Its name in words (``"Westernist"``).
    weights : Mapping[str, float]
        One weight per state variable, 0 to :data:`WEIGHT_MAX`.
    sources : tuple of str
        The bibliography keys of the school.
    reason : str
        Where the weights come from (with citation markers).
    """

    name: str
    label: str
    weights: Mapping[str, float]
    sources: tuple[str, ...]
    reason: str

    @property
    def team(self) -> str:
        """The preset's run's name in a class log, e.g. ``"Model: Westernist"``."""
        return MODEL_TEAM_PREFIX + self.label


def presets_file() -> Path:
    """Return ``presets.yaml`` as shipped with the package."""
    return Path(__file__).with_name("presets.yaml")


def _fail(path: Path, problem: str, field: str) -> RoundsFileError:
    return RoundsFileError(path, problem, field=field)


def _preset(path: Path, name: str, raw: Any, names: tuple[str, ...], known: set[str]) -> Preset:
    where = f"presets.{name}"
    fields = ("label", "sources", "weights", "reason")
    if not isinstance(raw, dict) or sorted(raw) != sorted(fields):
        raise _fail(path, f"expected exactly the fields {list(fields)}", where)
    weights = raw["weights"]
    if not isinstance(weights, dict) or sorted(weights) != sorted(names):
        raise _fail(
            path, f"expected one weight for each state variable {list(names)}", f"{where}.weights"
        )
    for variable, weight in weights.items():
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not 0 <= weight <= WEIGHT_MAX
        ):
            raise _fail(
                path,
                f"expected a number from 0 to {WEIGHT_MAX}, found {weight!r}",
                f"{where}.weights.{variable}",
            )
    sources = raw["sources"]
    if not isinstance(sources, list) or set(sources) != set(keys_in(str(raw["reason"]))):
        raise _fail(path, "must list exactly the keys cited in the reason", f"{where}.sources")
    unknown = [key for key in sources if key not in known]
    if unknown:
        raise _fail(path, f"source(s) {unknown} not in the bibliography", f"{where}.sources")
    return Preset(
        name,
        str(raw["label"]),
        {k: float(v) for k, v in weights.items()},
        tuple(sources),
        str(raw["reason"]),
    )


def load_presets(path: Path | None = None, rounds: Rounds | None = None) -> dict[str, Preset]:
    """Load and check the weight presets.

    Parameters
    ----------
    path : Path, optional
        The presets file (default: :func:`presets_file`).
    rounds : Rounds, optional
        The rounds whose state variables the weights must cover (default: the
        package's rounds).

    Returns
    -------
    dict of str to Preset
        In the file's order.

    Raises
    ------
    RoundsFileError
        If a preset lacks a field, misses or adds a state variable, has a weight
        outside 0..3, or cites a key that is not in its sources or the bibliography.
    """
    path = presets_file() if path is None else path
    rounds = load_rounds() if rounds is None else rounds
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("presets"), dict)
        or not data["presets"]
    ):
        raise _fail(path, "expected a mapping `presets` of named presets", "presets")
    known = set(read_bibliography(bibliography_file()))
    return {
        name: _preset(path, name, raw, rounds.names, known) for name, raw in data["presets"].items()
    }


def option_scores(
    round_: Round,
    state: Mapping[str, int],
    history: Mapping[str, str],
    weights: Mapping[str, float],
    rounds: Rounds,
) -> dict[str, float]:
    """Score each open option of a round: the weighted sum of its effects.

    Parameters
    ----------
    round_ : Round
        The round.
    state, history : Mapping
        The team's state before the round and its earlier choices (they decide
        which options are open).
    weights : Mapping[str, float]
        One weight per state variable.
    rounds : Rounds
        The rounds.

    Returns
    -------
    dict of str to float
        Open option id to its score, in the sheet's order. Closed options are absent.
    """
    return {
        option.id: sum(weights[name] * change for name, change in option.effects.items())
        for option in round_.options
        if not closed_reasons(option, state, history, rounds)
    }


def recommend(game: Game, weights: Mapping[str, float]) -> Option:
    """Return the model's recommendation in the game's current round.

    Parameters
    ----------
    game : Game
        A game that is not over.
    weights : Mapping[str, float]
        One weight per state variable.

    Returns
    -------
    Option
        The open option with the highest score (:func:`option_scores`); ties go to
        the option listed first.
    """
    current = game.current
    if current is None:
        raise ValueError("the game is over: there is no round to recommend an option for")
    scores = option_scores(current, game.state, game.history, weights, game.rounds)
    best = max(scores, key=lambda option_id: scores[option_id])  # first of equal scores
    return current.option(best)


def play_preset(
    weights: Mapping[str, float], rounds: Rounds | None = None, play: Sequence[str] | None = None
) -> Game:
    """Play every round with the model's recommendation under fixed weights.

    Parameters
    ----------
    weights : Mapping[str, float]
        One weight per state variable (a preset's ``weights``).
    rounds : Rounds, optional
        The rounds (default: the package's).
    play : sequence of str, optional
        The rounds to play (default: all).

    Returns
    -------
    Game
        The finished game (its ``turns`` hold each round's choice and state).
    """
    game = Game(rounds, play)
    while not game.finished:
        game.choose(recommend(game, weights).id)
    return game


def model_runs(
    rounds: Rounds | None = None,
    presets: Mapping[str, Preset] | None = None,
    timestamp: dt.datetime | None = None,
) -> pd.DataFrame:
    """Play every preset through every round and return the runs as a class log.

    Parameters
    ----------
    rounds : Rounds, optional
        The rounds (default: the package's).
    presets : Mapping[str, Preset], optional
        The presets (default: :func:`load_presets`).
    timestamp : datetime, optional
        The time written in every row (default: now, UTC).

    Returns
    -------
    pandas.DataFrame
        A class log (columns of :func:`balancing.rounds.log.log_columns`), one row
        per preset per round; ``team`` is ``"Model: <label>"`` and ``reason`` says
        the row is the model's own run.
    """
    rounds = load_rounds() if rounds is None else rounds
    presets = load_presets(rounds=rounds) if presets is None else presets
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0) if timestamp is None else timestamp
    rows = [
        LogRow(
            team=preset.team,
            round=turn.round.id,
            choice=turn.option.id,
            weights=dict(preset.weights),
            reason=f"The model's own run under the {preset.label} preset (myopic rule): "
            "not a team's choice.",
            timestamp=stamp,
        )
        for preset in presets.values()
        for turn in play_preset(preset.weights, rounds).turns
    ]
    return log_frame(rows, rounds)
