"""What a file of decision rounds holds, as typed, immutable objects.

:func:`balancing.rounds.load_rounds` reads ``rounds.yaml``, checks it and builds
these objects; the game, the sheets, the log and the player read them. The
shape of the file and the rules of play are in ``balancing/rounds/README.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from balancing.data.errors import DataFileError


class RoundsFileError(DataFileError):
    """A rounds file is malformed: the message names the file, line, round and field.

    Parameters
    ----------
    path : str or Path
        The rounds file.
    problem : str
        What is wrong, in plain words.
    field : str
        Where in the file, e.g. ``"options[1].requires.moscow"`` or ``"state.kyiv.start"``.
    round_id : str, optional
        The round, when the problem is inside one (its ``id``, or its position if the
        id itself is the problem).
    line : int, optional
        1-based line of the offending value in the file.
    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        field: str,
        round_id: str | None = None,
        line: int | None = None,
    ) -> None:
        where = f"round {round_id!r}, " if round_id is not None else ""
        super().__init__(path, f"{where}field {field!r}: {problem}", line=line)
        self.round_id = round_id
        self.field = field


def signed(value: int) -> str:
    """Write a state value as the sheets do: ``+2``, ``0``, ``-1``."""
    return f"{value:+d}" if value else "0"


@dataclass(frozen=True)
class Scale:
    """The bounds every state variable is clipped to (inclusive)."""

    min: int
    max: int

    def clip(self, value: int) -> int:
        """Return ``value`` clipped to the scale."""
        return max(self.min, min(self.max, value))


@dataclass(frozen=True)
class StateVariable:
    """One variable of Ankara's state, carried from round to round.

    Attributes
    ----------
    name : str
        The key used in effects, requirements and the class log (``"moscow"``).
    label : str
        What it measures, in words (``"Relations with Moscow"``).
    start : int
        Its value in January 2022.
    reason : str
        Why it starts there (with citation markers).
    """

    name: str
    label: str
    start: int
    reason: str


@dataclass(frozen=True)
class Bound:
    """A state bound an option requires: ``min <= state[variable] <= max``."""

    variable: str
    min: int | None = None
    max: int | None = None

    def holds(self, value: int) -> bool:
        """Say whether ``value`` satisfies the bound."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class Option:
    """One of Ankara's options in a round.

    Attributes
    ----------
    id, label, description : str
        Its identifier (unique in the round), short label and description.
    effects : Mapping[str, int]
        Change of each named state variable when it is chosen (others unchanged).
    reason : str
        Where the directions come from (with markers), and that sizes are assumptions.
    bounds : tuple of Bound
        State bounds that must hold, before the round's effects, for it to be open.
    earlier : Mapping[str, tuple of str]
        Earlier rounds and, for each, the choices of which one must have been made there.
    """

    id: str
    label: str
    description: str
    effects: Mapping[str, int]
    reason: str
    bounds: tuple[Bound, ...] = ()
    earlier: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def always_open(self) -> bool:
        """Whether the option has no requirement."""
        return not self.bounds and not self.earlier


@dataclass(frozen=True)
class Round:
    """One dated decision point.

    Attributes
    ----------
    number : int
        Its position, from 1, in date order.
    id, title, brief, question : str
        As in the file; ``brief`` has citation markers.
    date : datetime.date
        The decision date.
    sources, reveal_sources : tuple of str
        The keys cited in the brief and in the reveal.
    options : tuple of Option
        In the file's order (the sheets letter them A, B, C...).
    actual : str
        The id of the option closest to what Ankara did.
    reveal : str
        What happened, shown only after a choice is recorded.
    legal_note : str or None
        The round's legal note, if any.
    """

    number: int
    id: str
    date: dt.date
    title: str
    brief: str
    sources: tuple[str, ...]
    question: str
    options: tuple[Option, ...]
    actual: str
    reveal: str
    reveal_sources: tuple[str, ...]
    legal_note: str | None = None

    def option(self, option_id: str) -> Option:
        """Return the option with this id.

        Raises
        ------
        KeyError
            If the round has no such option; the message lists its options.
        """
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(
            f"{option_id!r} is not an option of round {self.number} ({self.id!r}); its options "
            f"are {[o.id for o in self.options]}"
        )

    def letter(self, option_id: str) -> str:
        """Return the option's letter on the round sheet (``"A"`` for the first)."""
        return chr(ord("A") + [o.id for o in self.options].index(option_id))

    @property
    def actual_option(self) -> Option:
        """The option closest to what Ankara did."""
        return self.option(self.actual)


@dataclass(frozen=True)
class Rounds:
    """A whole rounds file: the scale, the state variables and the rounds in date order.

    Attributes
    ----------
    scale : Scale
        The bounds of every state variable.
    variables : tuple of StateVariable
        In the file's order (the order of the log's weight columns).
    rounds : tuple of Round
        In date order.
    path : Path
        The file they were read from.
    """

    scale: Scale
    variables: tuple[StateVariable, ...]
    rounds: tuple[Round, ...]
    path: Path

    @property
    def names(self) -> tuple[str, ...]:
        """The state variables' names, in order."""
        return tuple(v.name for v in self.variables)

    @property
    def labels(self) -> dict[str, str]:
        """Each state variable's label, by name."""
        return {v.name: v.label for v in self.variables}

    def start_state(self) -> dict[str, int]:
        """Return the state in January 2022 (a new dict)."""
        return {v.name: v.start for v in self.variables}

    def round(self, round_id: str) -> Round:
        """Return the round with this id.

        Raises
        ------
        KeyError
            If there is none; the message lists the rounds.
        """
        for item in self.rounds:
            if item.id == round_id:
                return item
        raise KeyError(f"{round_id!r} is not a round; the rounds are {[r.id for r in self.rounds]}")

    def __iter__(self) -> Iterator[Round]:
        """Iterate over the rounds, in date order."""
        return iter(self.rounds)

    def __len__(self) -> int:
        """Return the number of rounds."""
        return len(self.rounds)
