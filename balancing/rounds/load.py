"""Read and check a rounds file (``rounds.yaml``).

:func:`load_rounds` refuses a file that breaks the rules in
``balancing/rounds/README.md``, with a :class:`~balancing.rounds.schema.RoundsFileError`
naming the file, the line, the round and the field:

- the top level holds ``scale``, ``state`` and ``rounds`` and nothing else; every
  state variable has a ``label``, an integer ``start`` on the scale and a ``reason``;
- rounds have unique ids and strictly increasing dates, every field the README lists
  and no other, and 2-4 options with unique ids;
- every option's ``effects`` and ``requires`` name known state variables (bounds on
  the scale), and ``requires.earlier`` names earlier rounds and their options; every
  round has an option without requirements;
- the keys cited in a brief are exactly its ``sources``, those in a reveal exactly
  its ``reveal_sources``, and every key anywhere in the file is in the bibliography;
- ``actual`` is one of the round's options, and playing ``actual`` in every round is
  possible (each is open when its round comes).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from balancing.data.bibliography import bibliography_file, read_bibliography
from balancing.rounds.citations import keys_in
from balancing.rounds.game import closed_reasons
from balancing.rounds.schema import (
    Bound,
    Option,
    Round,
    Rounds,
    RoundsFileError,
    Scale,
    StateVariable,
)

ROUND_FIELDS = (
    "id",
    "date",
    "title",
    "brief",
    "sources",
    "question",
    "options",
    "actual",
    "reveal",
    "reveal_sources",
)
OPTIONAL_ROUND_FIELDS = ("legal_note",)
OPTION_FIELDS = ("id", "label", "description", "effects", "reason")
OPTIONAL_OPTION_FIELDS = ("requires",)
STATE_FIELDS = ("label", "start", "reason")
#: How many options a round offers.
MIN_OPTIONS, MAX_OPTIONS = 2, 4
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")

#: Where a value is in the file: its keys and list positions from the top.
Where = tuple[str | int, ...]


def rounds_file() -> Path:
    """Return ``rounds.yaml`` as shipped with the package."""
    return Path(__file__).with_name("rounds.yaml")


def _line_map(node: yaml.Node, at: Where = ()) -> dict[Where, int]:
    lines = {at: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines |= _line_map(value, (*at, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            lines |= _line_map(value, (*at, index))
    return lines


class _Reader:
    """Check values of one parsed file and raise errors that say where they are."""

    def __init__(self, path: Path, lines: dict[Where, int], known_keys: set[str]) -> None:
        self.path = path
        self.lines = lines
        self.known_keys = known_keys
        self.round_ids: list[str] = []

    def fail(self, problem: str, at: Where) -> RoundsFileError:
        line = next(self.lines[at[:n]] for n in range(len(at), -1, -1) if at[:n] in self.lines)
        round_id = None
        if len(at) >= 2 and at[0] == "rounds":
            index = int(at[1])
            round_id = self.round_ids[index]
            at = at[2:]
        parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in at]
        field = "".join(parts).lstrip(".") or "(the round)"
        return RoundsFileError(self.path, problem, field=field, round_id=round_id, line=line)

    def mapping(
        self, value: Any, at: Where, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"expected a mapping with {list(required)}, found {value!r}", at)
        missing = [name for name in required if name not in value]
        if missing:
            raise self.fail(f"missing {missing}", at)
        unknown = [name for name in value if name not in (*required, *optional)]
        if unknown:
            raise self.fail(f"unknown field(s) {unknown}; allowed: {[*required, *optional]}", at)
        return value

    def text(self, value: Any, at: Where) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"expected non-empty text, found {value!r}", at)
        self.cited(value, at)
        return value.strip()

    def integer(self, value: Any, at: Where, scale: Scale | None = None) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"expected a whole number, found {value!r}", at)
        if scale is not None and not scale.min <= value <= scale.max:
            raise self.fail(f"{value} is outside the scale {scale.min}..{scale.max}", at)
        return value

    def identifier(self, value: Any, at: Where) -> str:
        if not isinstance(value, str) or not _IDENTIFIER.match(value):
            raise self.fail(
                f"expected an identifier (lower case letters, digits, _), found {value!r}", at
            )
        return value

    def cited(self, text: str, at: Where) -> list[str]:
        keys = keys_in(text)
        for key in keys:
            self.known(key, at)
        return keys

    def known(self, key: Any, at: Where) -> str:
        if key not in self.known_keys:
            close = difflib.get_close_matches(str(key), sorted(self.known_keys), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise self.fail(f"source {key!r} is not a key of the bibliography{hint}", at)
        return key

    def sources(self, value: Any, text: str, at: Where, text_field: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(f"expected a list of bibliography keys, found {value!r}", at)
        keys = tuple(self.known(key, (*at, i)) for i, key in enumerate(value))
        if len(set(keys)) != len(keys):
            raise self.fail("a key is listed twice", at)
        cited = keys_in(text)
        if set(cited) != set(keys):
            raise self.fail(
                f"must list exactly the keys cited in {text_field!r}: cited but not listed "
                f"{sorted(set(cited) - set(keys))}, listed but not cited "
                f"{sorted(set(keys) - set(cited))}",
                at,
            )
        return keys


def _scale(reader: _Reader, value: Any) -> Scale:
    raw = reader.mapping(value, ("scale",), ("min", "max"))
    scale = Scale(
        reader.integer(raw["min"], ("scale", "min")), reader.integer(raw["max"], ("scale", "max"))
    )
    if scale.min >= scale.max:
        raise reader.fail(f"min ({scale.min}) must be below max ({scale.max})", ("scale",))
    return scale


def _variables(reader: _Reader, value: Any, scale: Scale) -> tuple[StateVariable, ...]:
    if not isinstance(value, dict) or not value:
        raise reader.fail("expected a mapping of state variables", ("state",))
    variables = []
    for name, raw in value.items():
        at = ("state", name)
        reader.identifier(name, at)
        if name == "earlier":
            raise reader.fail("'earlier' is reserved for requirements on earlier choices", at)
        raw = reader.mapping(raw, at, STATE_FIELDS)
        variables.append(
            StateVariable(
                name=name,
                label=reader.text(raw["label"], (*at, "label")),
                start=reader.integer(raw["start"], (*at, "start"), scale),
                reason=reader.text(raw["reason"], (*at, "reason")),
            )
        )
    return tuple(variables)


def _requires(
    reader: _Reader,
    value: Any,
    at: Where,
    names: tuple[str, ...],
    scale: Scale,
    earlier: list[Round],
) -> tuple[tuple[Bound, ...], Mapping[str, tuple[str, ...]]]:
    if not isinstance(value, dict) or not value:
        raise reader.fail("expected a mapping of conditions", at)
    bounds, choices = [], {}
    for name, condition in value.items():
        where = (*at, name)
        if name == "earlier":
            if not isinstance(condition, dict) or not condition:
                raise reader.fail("expected {round id: [option ids]}", where)
            for round_id, option_ids in condition.items():
                previous = next((r for r in earlier if r.id == round_id), None)
                if previous is None:
                    raise reader.fail(
                        f"{round_id!r} is not an earlier round; earlier rounds: "
                        f"{[r.id for r in earlier]}",
                        (*where, round_id),
                    )
                if not isinstance(option_ids, list) or not option_ids:
                    raise reader.fail("expected a list of option ids", (*where, round_id))
                for index, option_id in enumerate(option_ids):
                    if option_id not in [o.id for o in previous.options]:
                        raise reader.fail(
                            f"{option_id!r} is not an option of round {round_id!r}; its options: "
                            f"{[o.id for o in previous.options]}",
                            (*where, round_id, index),
                        )
                choices[round_id] = tuple(option_ids)
            continue
        if name not in names:
            raise reader.fail(
                f"unknown state variable {name!r}; known: {list(names)} (or 'earlier')", where
            )
        raw = reader.mapping(condition, where, (), ("min", "max"))
        if not raw:
            raise reader.fail("expected {min: n} and/or {max: n}", where)
        bound = Bound(
            name,
            reader.integer(raw["min"], (*where, "min"), scale) if "min" in raw else None,
            reader.integer(raw["max"], (*where, "max"), scale) if "max" in raw else None,
        )
        if bound.min is not None and bound.max is not None and bound.min > bound.max:
            raise reader.fail(f"min ({bound.min}) is above max ({bound.max})", where)
        bounds.append(bound)
    return tuple(bounds), MappingProxyType(choices)


def _option(
    reader: _Reader,
    value: Any,
    at: Where,
    names: tuple[str, ...],
    scale: Scale,
    earlier: list[Round],
) -> Option:
    raw = reader.mapping(value, at, OPTION_FIELDS, OPTIONAL_OPTION_FIELDS)
    effects = raw["effects"]
    if not isinstance(effects, dict):
        raise reader.fail(
            f"expected a mapping of changes (or {{}}), found {effects!r}", (*at, "effects")
        )
    for name, change in effects.items():
        if name not in names:
            raise reader.fail(
                f"unknown state variable {name!r}; known: {list(names)}", (*at, "effects", name)
            )
        reader.integer(change, (*at, "effects", name))
    bounds, choices = (), MappingProxyType({})
    if "requires" in raw:
        bounds, choices = _requires(
            reader, raw["requires"], (*at, "requires"), names, scale, earlier
        )
    return Option(
        id=reader.identifier(raw["id"], (*at, "id")),
        label=reader.text(raw["label"], (*at, "label")),
        description=reader.text(raw["description"], (*at, "description")),
        effects=MappingProxyType(dict(effects)),
        reason=reader.text(raw["reason"], (*at, "reason")),
        bounds=bounds,
        earlier=choices,
    )


def _date(reader: _Reader, value: Any, at: Where) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise reader.fail(f"expected an ISO date YYYY-MM-DD, found {value!r}", at) from None


def _round(
    reader: _Reader,
    value: Any,
    index: int,
    names: tuple[str, ...],
    scale: Scale,
    earlier: list[Round],
) -> Round:
    at: Where = ("rounds", index)
    given_id = value.get("id") if isinstance(value, dict) else None
    reader.round_ids.append(given_id if isinstance(given_id, str) else f"#{index + 1}")
    raw = reader.mapping(value, at, ROUND_FIELDS, OPTIONAL_ROUND_FIELDS)
    round_id = reader.identifier(raw["id"], (*at, "id"))
    if round_id in [r.id for r in earlier]:
        raise reader.fail(f"the id {round_id!r} is used by an earlier round", (*at, "id"))
    date = _date(reader, raw["date"], (*at, "date"))
    if earlier and date <= earlier[-1].date:
        raise reader.fail(
            f"{date} is not after the previous round's date ({earlier[-1].id!r}, "
            f"{earlier[-1].date}): rounds must be in date order",
            (*at, "date"),
        )
    raw_options = raw["options"]
    if not isinstance(raw_options, list) or not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
        raise reader.fail(
            f"expected a list of {MIN_OPTIONS}-{MAX_OPTIONS} options", (*at, "options")
        )
    options = []
    for number, option_value in enumerate(raw_options):
        option = _option(reader, option_value, (*at, "options", number), names, scale, earlier)
        if option.id in [o.id for o in options]:
            raise reader.fail(
                f"option id {option.id!r} is used twice", (*at, "options", number, "id")
            )
        options.append(option)
    if all(not option.always_open for option in options):
        raise reader.fail("every option has requirements: a game could stall", (*at, "options"))
    actual = raw["actual"]
    if actual not in [o.id for o in options]:
        raise reader.fail(
            f"{actual!r} is not one of the round's options {[o.id for o in options]}",
            (*at, "actual"),
        )
    brief = reader.text(raw["brief"], (*at, "brief"))
    reveal = reader.text(raw["reveal"], (*at, "reveal"))
    return Round(
        number=index + 1,
        id=round_id,
        date=date,
        title=reader.text(raw["title"], (*at, "title")),
        brief=brief,
        sources=reader.sources(raw["sources"], brief, (*at, "sources"), "brief"),
        question=reader.text(raw["question"], (*at, "question")),
        options=tuple(options),
        actual=actual,
        reveal=reveal,
        reveal_sources=reader.sources(
            raw["reveal_sources"], reveal, (*at, "reveal_sources"), "reveal"
        ),
        legal_note=reader.text(raw["legal_note"], (*at, "legal_note"))
        if "legal_note" in raw
        else None,
    )


def _check_actual_path(reader: _Reader, rounds: Rounds) -> None:
    state, history = rounds.start_state(), {}
    for index, item in enumerate(rounds.rounds):
        option = item.actual_option
        closed = closed_reasons(option, state, history, rounds)
        if closed:
            raise reader.fail(
                f"Ankara's actual choice {option.id!r} is closed on the actual path: "
                + "; ".join(closed),
                ("rounds", index, "actual"),
            )
        for name, change in option.effects.items():
            state[name] = rounds.scale.clip(state[name] + change)
        history[item.id] = option.id


def parse_rounds(text: str, path: Path, bib_file: Path | None = None) -> Rounds:
    """Check the text of a rounds file and build its rounds.

    Parameters
    ----------
    text : str
        The YAML text.
    path : Path
        Where it comes from (for messages, and kept as ``Rounds.path``).
    bib_file : Path, optional
        The bibliography every key must resolve in (default: the copy shipped
        with the package).

    Returns
    -------
    Rounds
        The checked rounds.

    Raises
    ------
    RoundsFileError
        If the text breaks a rule (see the module's docstring); the message names
        the file, line, round and field.
    """
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise RoundsFileError(
            path,
            f"not valid YAML ({getattr(error, 'problem', error)})",
            field="(file)",
            line=mark.line + 1 if mark else None,
        ) from None
    if node is None:
        raise RoundsFileError(path, "the file is empty", field="(file)")
    known = set(read_bibliography(bibliography_file() if bib_file is None else bib_file))
    reader = _Reader(path, _line_map(node), known)
    raw = reader.mapping(data, (), ("scale", "state", "rounds"))
    scale = _scale(reader, raw["scale"])
    variables = _variables(reader, raw["state"], scale)
    names = tuple(v.name for v in variables)
    if not isinstance(raw["rounds"], list) or not raw["rounds"]:
        raise reader.fail("expected a list of rounds", ("rounds",))
    built: list[Round] = []
    for index, value in enumerate(raw["rounds"]):
        built.append(_round(reader, value, index, names, scale, built))
    rounds = Rounds(scale, variables, tuple(built), path)
    _check_actual_path(reader, rounds)
    return rounds


@cache
def _load_cached(path: Path, bib_file: Path | None, stamp: tuple[int, int]) -> Rounds:
    return parse_rounds(path.read_text(encoding="utf-8"), path, bib_file)


def load_rounds(path: Path | str | None = None, bib_file: Path | None = None) -> Rounds:
    """Load and check a rounds file.

    Parameters
    ----------
    path : Path or str, optional
        The file (default: ``rounds.yaml`` shipped with the package).
    bib_file : Path, optional
        The bibliography every key must resolve in (default: the copy shipped
        with the package).

    Returns
    -------
    Rounds
        The checked rounds. Loading the same unchanged files again returns the
        same object (the objects are immutable).

    Raises
    ------
    RoundsFileError
        If the file is missing or breaks a rule (see the module's docstring).
    """
    path = rounds_file() if path is None else Path(path)
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise RoundsFileError(path, "file not found", field="(file)") from None
    bib = bibliography_file() if bib_file is None else bib_file
    return _load_cached(path, bib_file, (stat.st_mtime_ns, os.stat(bib).st_mtime_ns))
