"""The crisis game: Ankara's state carried from round to round.

The rules are those of ``balancing/rounds/README.md``:

1. In each round, the options open to a team are those whose requirements hold
   for its current state and its earlier choices (:func:`closed_reasons`).
2. The team records one open option (:meth:`Game.choose`); any other choice is
   refused with a :class:`ChoiceError` that names the open options and says why
   each other option is closed.
3. The option's effects are added to the state and clipped to the scale
   (:func:`apply_effects`); variables not named do not change.
4. Only then is the round's reveal available (:meth:`Game.reveal`).

A class may skip rounds (the 75-minute runbook's variant plays rounds 1, 3, 6
and 8): a skipped round leaves the state unchanged, and an option that requires
a choice in a skipped round is closed.

>>> from balancing.rounds import Game
>>> game = Game()
>>> game.choose("article19_all").after["mediation"]
1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from balancing.rounds.schema import Option, Round, Rounds, Scale


class ChoiceError(ValueError):
    """A choice the game refuses: not an option of the round, or closed.

    Attributes
    ----------
    round_id : str
        The round in which the choice was attempted.
    choice : str
        The refused option id.
    allowed : tuple of str
        The ids of the options open at that point.
    """

    def __init__(self, message: str, *, round_id: str, choice: str, allowed: Sequence[str]) -> None:
        super().__init__(message)
        self.round_id = round_id
        self.choice = choice
        self.allowed = tuple(allowed)


def _bound_words(
    labels: Mapping[str, str], variable: str, low: int | None, high: int | None
) -> str:
    parts = []
    if low is not None:
        parts.append(f"{labels[variable]} ≥ {low}")
    if high is not None:
        parts.append(f"{labels[variable]} ≤ {high}")
    return " and ".join(parts)


def requirements_in_words(option: Option, rounds: Rounds) -> str:
    """Say when an option is open, as the round sheets print it.

    Parameters
    ----------
    option : Option
        The option.
    rounds : Rounds
        The rounds it belongs to (for labels and earlier rounds' numbers).

    Returns
    -------
    str
        For example ``"Relations with Moscow ≥ 0; Ankara chose “Sign, host the
        coordination centre and inspect” in round 4"``, or ``""`` if the option
        is always open.
    """
    words = [_bound_words(rounds.labels, b.variable, b.min, b.max) for b in option.bounds]
    for round_id, option_ids in option.earlier.items():
        earlier = rounds.round(round_id)
        chosen = " or ".join(f"“{earlier.option(i).label}”" for i in option_ids)
        words.append(f"Ankara chose {chosen} in round {earlier.number}")
    return "; ".join(words)


def closed_reasons(
    option: Option, state: Mapping[str, int], history: Mapping[str, str], rounds: Rounds
) -> list[str]:
    """Say why an option is closed for a team; an empty list means it is open.

    Parameters
    ----------
    option : Option
        The option.
    state : Mapping[str, int]
        The team's state before the round's effects.
    history : Mapping[str, str]
        The team's earlier choices: round id to option id (skipped rounds absent).
    rounds : Rounds
        The rounds (for labels and earlier options' labels).

    Returns
    -------
    list of str
        One sentence per unmet requirement, e.g. ``"needs Relations with Moscow ≥ 0
        (it is -1)"``.
    """
    reasons = []
    for bound in option.bounds:
        if not bound.holds(state[bound.variable]):
            needed = _bound_words(rounds.labels, bound.variable, bound.min, bound.max)
            reasons.append(f"needs {needed} (it is {state[bound.variable]})")
    for round_id, option_ids in option.earlier.items():
        earlier = rounds.round(round_id)
        if history.get(round_id) not in option_ids:
            needed = " or ".join(f"“{earlier.option(i).label}”" for i in option_ids)
            if round_id in history:
                done = f"“{earlier.option(history[round_id]).label}” was chosen"
            else:
                done = "that round was not played"
            reasons.append(f"needs {needed} in round {earlier.number} ({done})")
    return reasons


def apply_effects(state: Mapping[str, int], option: Option, scale: Scale) -> dict[str, int]:
    """Return the state after an option's effects, each variable clipped to the scale.

    Parameters
    ----------
    state : Mapping[str, int]
        The state before.
    option : Option
        The chosen option.
    scale : Scale
        The bounds.

    Returns
    -------
    dict of str to int
        A new state; variables the option does not name are unchanged.
    """
    after = dict(state)
    for name, change in option.effects.items():
        after[name] = scale.clip(after[name] + change)
    return after


@dataclass(frozen=True)
class Turn:
    """One recorded choice and what it did to the state.

    Attributes
    ----------
    round : Round
        The round played.
    option : Option
        The option chosen.
    before, after : Mapping[str, int]
        The state before and after the option's effects.
    """

    round: Round
    option: Option
    before: Mapping[str, int]
    after: Mapping[str, int]


@dataclass(frozen=True)
class Reveal:
    """What happened in a round, available once the team has recorded its choice.

    Attributes
    ----------
    round : Round
        The round.
    text : str
        What happened (with citation markers).
    sources : tuple of str
        The keys cited in ``text``.
    actual : Option
        The option closest to what Ankara did.
    legal_note : str or None
        The round's legal note, if any.
    """

    round: Round
    text: str
    sources: tuple[str, ...]
    actual: Option
    legal_note: str | None


class Game:
    """One team's game: its state, its choices and the rounds still to play.

    Parameters
    ----------
    rounds : Rounds, optional
        The rounds (default: :func:`balancing.rounds.load_rounds`).
    play : sequence of str, optional
        The ids of the rounds to play, in date order (default: every round);
        the others are skipped and leave the state unchanged.

    Raises
    ------
    ValueError
        If ``play`` names an unknown round, or rounds out of date order.
    """

    def __init__(self, rounds: Rounds | None = None, play: Sequence[str] | None = None) -> None:
        if rounds is None:
            from balancing.rounds.load import load_rounds

            rounds = load_rounds()
        self.rounds = rounds
        order = [r.id for r in rounds]
        chosen = list(order if play is None else play)
        unknown = [round_id for round_id in chosen if round_id not in order]
        if unknown:
            raise ValueError(f"unknown round(s) {unknown}; the rounds are {order}")
        positions = [order.index(round_id) for round_id in chosen]
        if positions != sorted(set(positions)) or not positions:
            raise ValueError(
                f"play must list rounds once each, in date order ({order}); got {chosen}"
            )
        self.to_play: tuple[Round, ...] = tuple(rounds.round(round_id) for round_id in chosen)
        self._state = rounds.start_state()
        self._turns: list[Turn] = []

    @property
    def state(self) -> Mapping[str, int]:
        """The current state (read-only)."""
        return MappingProxyType(dict(self._state))

    @property
    def history(self) -> dict[str, str]:
        """The choices so far: round id to option id."""
        return {turn.round.id: turn.option.id for turn in self._turns}

    @property
    def turns(self) -> tuple[Turn, ...]:
        """The turns played so far, in order."""
        return tuple(self._turns)

    @property
    def current(self) -> Round | None:
        """The round to play next, or ``None`` when every round has been played."""
        played = len(self._turns)
        return self.to_play[played] if played < len(self.to_play) else None

    @property
    def finished(self) -> bool:
        """Whether every round to play has been played."""
        return self.current is None

    def _round(self) -> Round:
        current = self.current
        if current is None:
            raise ChoiceError(
                f"the game is over: all {len(self.to_play)} rounds have been played",
                round_id="",
                choice="",
                allowed=(),
            )
        return current

    def open_options(self) -> tuple[Option, ...]:
        """Return the current round's open options, in the sheet's order."""
        current = self._round()
        return tuple(
            o
            for o in current.options
            if not closed_reasons(o, self._state, self.history, self.rounds)
        )

    def closed_options(self) -> dict[str, list[str]]:
        """Return the current round's closed options: option id to the reasons it is closed."""
        current = self._round()
        history = self.history
        reasons = {
            o.id: closed_reasons(o, self._state, history, self.rounds) for o in current.options
        }
        return {option_id: why for option_id, why in reasons.items() if why}

    def choose(self, option_id: str) -> Turn:
        """Record the team's choice in the current round and apply its effects.

        Parameters
        ----------
        option_id : str
            The id of an open option of the current round.

        Returns
        -------
        Turn
            The round, the option, and the state before and after.

        Raises
        ------
        ChoiceError
            If the game is over, or the id is not an option of the round, or the
            option is closed; the message names the open options and says why the
            others are closed.
        """
        current = self._round()
        allowed = [o.id for o in self.open_options()]
        if option_id not in allowed:
            raise ChoiceError(
                self._refusal(current, option_id, allowed),
                round_id=current.id,
                choice=option_id,
                allowed=allowed,
            )
        option = current.option(option_id)
        before = dict(self._state)
        self._state = apply_effects(before, option, self.rounds.scale)
        turn = Turn(current, option, MappingProxyType(before), MappingProxyType(dict(self._state)))
        self._turns.append(turn)
        return turn

    def _refusal(self, current: Round, option_id: str, allowed: list[str]) -> str:
        where = f"round {current.number} ({current.id!r}, {current.title})"
        if option_id not in [o.id for o in current.options]:
            problem = f"{option_id!r} is not an option of {where}"
        else:
            problem = f"{option_id!r} is closed in {where}"
        closed = "; ".join(
            f"{closed_id!r} {' and '.join(why)}" for closed_id, why in self.closed_options().items()
        )
        return f"{problem}. Open options: {', '.join(repr(a) for a in allowed)}." + (
            f" Closed: {closed}." if closed else ""
        )

    def reveal(self, round_id: str) -> Reveal:
        """Return what happened in a round the team has played.

        Parameters
        ----------
        round_id : str
            The round.

        Returns
        -------
        Reveal
            The reveal text, its sources, Ankara's actual option and the legal note.

        Raises
        ------
        ValueError
            If the team has not recorded a choice in that round yet.
        """
        if round_id not in self.history:
            raise ValueError(
                f"record a choice in round {round_id!r} first: its reveal is shown only after "
                "the team has committed to a choice"
            )
        played = self.rounds.round(round_id)
        return Reveal(
            played, played.reveal, played.reveal_sources, played.actual_option, played.legal_note
        )
