"""Read and check the escalation model's parameters (``parameters.yaml``).

The YAML file is written for people; :class:`Parameters` holds the numbers of
one *phase* (before the invasion, or at war) as NumPy arrays for the model. Each
lever level is one *column* (drones:halt, drones:deliver, ..., mediation:offer),
so a policy is a 0/1 row over the columns and every per-level number becomes a
matrix product. Scores are in points: the economy (US$ billions) and the drone
industry (shares of the TB2 export book) are divided by their ``per_point`` on
loading.

A value in the file may differ by phase (``{pre_war: x, war: y}``); loading
picks the phase's value. Every check raises :class:`ValueError` naming the
parameter by its path in the file, e.g. ``responses.tourism_ban.base``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

#: The capitals whose responses the model weighs, and the pair that must both accept mediation.
ACTORS = ("Moscow", "Washington", "Kyiv", "Brussels")
JOINT_ACTOR = "Moscow and Kyiv"
#: Kinds of response: a coercion harms Ankara, a carrot rewards it.
KINDS = ("coercion", "carrot")
#: The model's phases, split at Russia's full-scale invasion of Ukraine (24 February 2022).
PHASES = ("pre_war", "war")
#: The phase that Pierini's three questions are about: what Ankara does if the crisis escalates.
DEFAULT_PHASE = "war"
_SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Lever:
    """One of Ankara's levers and its ordered levels (mildest first)."""

    name: str
    label: str
    levels: tuple[str, ...]
    level_labels: tuple[str, ...]


@dataclass(frozen=True)
class Phase:
    """A phase of the crisis.

    Attributes
    ----------
    name, label : str
        ``"pre_war"`` or ``"war"``, and a display name.
    first_day : datetime.date
        The first day of the phase.
    unavailable : dict of str to tuple of str
        Lever levels Ankara cannot choose in this phase, by lever.
    reasons : dict of str to str
        Why, by lever.
    """

    name: str
    label: str
    first_day: dt.date
    unavailable: dict[str, tuple[str, ...]]
    reasons: dict[str, str]


@dataclass(frozen=True)
class Response:
    """Something a capital may do (or, for a joint outcome, what follows from two answers).

    Attributes
    ----------
    name, actor, kind, label : str
        ``actor`` is one of :data:`ACTORS`, or :data:`JOINT_ACTOR` for a joint outcome.
    members : tuple of str
        For a joint outcome, the responses it combines; empty otherwise.
    accepted : bool
        For a joint outcome: True if it happens when all members happen
        (``all_of``), False if it happens when some member does not (``not_all_of``).
    """

    name: str
    actor: str
    kind: str
    label: str
    members: tuple[str, ...] = ()
    accepted: bool = True

    @property
    def joint(self) -> bool:
        """Whether this is a joint outcome of other responses."""
        return bool(self.members)


@dataclass(frozen=True)
class Direction:
    """A direction a source gives: moving a lever up moves a score or a probability one way.

    Attributes
    ----------
    lever, to : str
        Moving ``lever`` from its mildest level to level ``to``...
    target : str
        ...moves this interest's expected score, or this response's probability...
    of_response : bool
        ...(True if ``target`` is a response)...
    sign : int
        ...up (+1) or down (-1).
    source : str
        The ``references.bib`` key that gives the direction.
    """

    lever: str
    to: str
    target: str
    of_response: bool
    sign: int
    source: str


@dataclass(frozen=True)
class SequentialParameters:
    """Numbers of the sequential crisis (see :mod:`balancing.escalation.sequential`).

    Attributes
    ----------
    moscow_values : numpy.ndarray
        Moscow's payoff per lever-level column, shape ``(n_columns,)``.
    moscow_costs : dict of str to float
        Moscow's cost of each of its actions (``"restraint"`` costs 0).
    coercion_persists : float
        Share of a coercive action's harm left if Ankara then de-escalates.
    carrot_persists : float
        Share of a carrot's benefit left if Ankara then escalates.
    backing_down : tuple of (str, float)
        The interest that pays when Ankara de-escalates (an audience cost) and
        how many points it loses.
    """

    moscow_values: np.ndarray
    moscow_costs: dict[str, float]
    coercion_persists: float
    carrot_persists: float
    backing_down: tuple[str, float]


@dataclass(frozen=True)
class Parameters:
    """All numbers of the escalation model in one phase, as arrays.

    Attributes
    ----------
    phase : Phase
        The phase these numbers hold in.
    levers : tuple of Lever
        Ankara's levers, in the file's order.
    interests : tuple of str
        Ankara's interests (outcome dimensions).
    interest_labels, interest_units : tuple of str
        Their display names and the units written in the file.
    per_point : numpy.ndarray
        Units of the file per point of score, ``(I,)`` (1 for interests in points).
    baseline : numpy.ndarray
        Direct effect of each lever-level column on each interest, ``(C, I)``, in points.
    unavailable : numpy.ndarray
        True for the columns Ankara cannot choose in this phase, ``(C,)``.
    responses : tuple of Response
        What the four capitals may do, then the joint outcomes (mediation).
    base : numpy.ndarray
        Probability of each response under the mildest policy, ``(R,)`` (0 for joint outcomes).
    shift : numpy.ndarray
        Change in each response's probability per lever-level column, ``(C, R)``.
    forbidden : numpy.ndarray
        1 where a lever level rules a response out (``requires``), ``(C, R)``.
    effects : numpy.ndarray
        Effect of each response on each interest, ``(R, I)``, in points.
    presets : dict of str to numpy.ndarray
        Named weight vectors, each ``(I,)``.
    actual_2022 : dict of str to str
        Turkey's choices after the invasion, one level per lever.
    sequential : SequentialParameters
        Numbers of the sequential crisis.
    directions : tuple of Direction
        The cited directions that hold in this phase, which the tests check.
    sources : dict of str to str
        Every cited source's key and publication date (``YYYY``, ``YYYY-MM``,
        ``YYYY-MM-DD`` or ``"undated"``).
    """

    phase: Phase
    levers: tuple[Lever, ...]
    interests: tuple[str, ...]
    interest_labels: tuple[str, ...]
    interest_units: tuple[str, ...]
    per_point: np.ndarray
    baseline: np.ndarray
    unavailable: np.ndarray
    responses: tuple[Response, ...]
    base: np.ndarray
    shift: np.ndarray
    forbidden: np.ndarray
    effects: np.ndarray
    presets: dict[str, np.ndarray] = field(repr=False)
    actual_2022: dict[str, str]
    sequential: SequentialParameters = field(repr=False)
    directions: tuple[Direction, ...] = field(repr=False)
    sources: dict[str, str] = field(repr=False)

    @property
    def lever_names(self) -> tuple[str, ...]:
        """Names of the levers."""
        return tuple(lever.name for lever in self.levers)

    @property
    def response_names(self) -> tuple[str, ...]:
        """Names of the responses (joint outcomes last)."""
        return tuple(response.name for response in self.responses)

    @property
    def offsets(self) -> np.ndarray:
        """Index of each lever's first column, ``(n_levers,)``."""
        sizes = [len(lever.levels) for lever in self.levers]
        return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)

    def lever(self, name: str) -> Lever:
        """Return the lever called ``name`` (``ValueError`` if there is none)."""
        for lever in self.levers:
            if lever.name == name:
                return lever
        raise ValueError(f"unknown lever {name!r}; the levers are {list(self.lever_names)}")

    def response_index(self, name: str) -> int:
        """Return the position of response ``name`` (``ValueError`` if there is none)."""
        if name not in self.response_names:
            raise ValueError(
                f"unknown response {name!r}; the responses are {list(self.response_names)}"
            )
        return self.response_names.index(name)

    def weights(self, weights: str | Mapping[str, float] | np.ndarray) -> np.ndarray:
        """Check weights and return them as a vector over :attr:`interests`.

        Parameters
        ----------
        weights : str, mapping or array
            A preset name, a mapping from every interest to a weight, or an
            array of shape ``(I,)``.

        Returns
        -------
        numpy.ndarray
            Non-negative finite weights, not all zero, shape ``(I,)``.

        Raises
        ------
        ValueError
            Naming the preset, interest or position that is wrong, and what is allowed.
        """
        if isinstance(weights, str):
            if weights not in self.presets:
                raise ValueError(
                    f"unknown weight preset {weights!r}; the presets are {list(self.presets)}"
                )
            return self.presets[weights]
        if isinstance(weights, Mapping):
            _check_keys(weights, self.interests, "weights")
            values = [weights[name] for name in self.interests]
        else:
            values = list(np.asarray(weights, dtype=object).ravel())
            if np.shape(weights) != (len(self.interests),):
                raise ValueError(
                    f"weights must have shape ({len(self.interests)},) (one per interest "
                    f"{list(self.interests)}), got {np.shape(weights)}"
                )
        vector = np.array(
            [
                _check_number(value, f"weights[{name!r}]", low=0.0)
                for name, value in zip(self.interests, values, strict=True)
            ]
        )
        if not vector.any():
            raise ValueError(
                f"weights are all zero: give at least one interest {list(self.interests)} "
                "a positive weight"
            )
        return vector

    def with_base(self, response: str, probability: float) -> Parameters:
        """Return a copy in which ``response`` has base probability ``probability``.

        Parameters
        ----------
        response : str
            A response name (not a joint outcome, whose probability follows
            from its members').
        probability : float
            The new base probability, in [0, 1].

        Returns
        -------
        params : Parameters
            A new object; ``self`` is unchanged.
        """
        index = self.response_index(response)
        if self.responses[index].joint:
            members = " and ".join(self.responses[index].members)
            raise ValueError(
                f"{response!r} is a joint outcome: its probability follows from {members}"
            )
        _check_number(probability, f"responses.{response}.base", low=0.0, high=1.0)
        base = self.base.copy()
        base[index] = probability
        return replace(self, base=_read_only(base))


def _read_only(array: np.ndarray) -> np.ndarray:
    # The default parameters are cached and shared: nobody may change them in place.
    array.flags.writeable = False
    return array


def _check_number(
    value: object, where: str, low: float | None = None, high: float | None = None
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ValueError(f"{where} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{where} must be finite, got {value!r}")
    if low is not None and number < low:
        raise ValueError(f"{where} must be >= {low}, got {number}")
    if high is not None and number > high:
        raise ValueError(f"{where} must be <= {high}, got {number}")
    return number


def _check_keys(given: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ValueError(f"{where}: unknown name(s) {unknown}; expected some of {list(known)}")
    missing = [name for name in known if name not in given]
    if missing:
        raise ValueError(f"{where}: missing {missing}")


def _section(raw: Mapping[str, Any], key: str, where: str = "") -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}{key} must be a mapping, got {value!r}")
    return value


def in_phase(value: object, phase: str, where: str) -> object:
    """Pick a phase's value: ``{pre_war: x, war: y}`` gives one of them, a plain value itself.

    Parameters
    ----------
    value : object
        A value from the file.
    phase : str
        One of :data:`PHASES`.
    where : str
        The value's path in the file, for error messages.

    Returns
    -------
    object
        The value that holds in ``phase``.

    Raises
    ------
    ValueError
        If a mapping does not give exactly one value per phase.
    """
    if not isinstance(value, Mapping):
        return value
    if set(value) != set(PHASES):
        raise ValueError(
            f"{where} must be one value, or one per phase {list(PHASES)}, got keys {sorted(value)}"
        )
    return value[phase]


def _per_level(
    values: object, lever: Lever, where: str, low: float | None = None, high: float | None = None
) -> list[float]:
    if not isinstance(values, list) or len(values) != len(lever.levels):
        raise ValueError(
            f"{where} must list {len(lever.levels)} numbers, one per level "
            f"{list(lever.levels)}, got {values!r}"
        )
    return [_check_number(v, f"{where}[{i}]", low, high) for i, v in enumerate(values)]


def _read_levers(raw: Mapping[str, Any]) -> tuple[Lever, ...]:
    levers = []
    for name, spec in _section(raw, "levers").items():
        levels = tuple(spec.get("levels", ()))
        labels = tuple(spec.get("level_labels", levels))
        if len(levels) < 2 or len(set(levels)) != len(levels):
            raise ValueError(f"levers.{name}.levels must list at least two distinct levels")
        if len(labels) != len(levels):
            raise ValueError(f"levers.{name}.level_labels must have one label per level")
        levers.append(Lever(name, str(spec.get("label", name)), levels, labels))
    return tuple(levers)


def _level_index(lever: Lever, level: object, where: str) -> int:
    if level not in lever.levels:
        raise ValueError(f"{where}: unknown level {level!r}; levels are {list(lever.levels)}")
    return lever.levels.index(level)


def _read_phase(raw: Mapping[str, Any], phase: str, by_name: Mapping[str, Lever]) -> Phase:
    """Check every phase's specification and return the one asked for."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; the phases are {list(PHASES)}")
    phases = _section(raw, "phases")
    _check_keys(phases, PHASES, "phases")
    read = {}
    for name in PHASES:
        spec = _section(phases, name, "phases.")
        first_day = spec.get("first_day")
        if not isinstance(first_day, dt.date):
            raise ValueError(
                f"phases.{name}.first_day must be a date (YYYY-MM-DD), got {first_day!r}"
            )
        unavailable, reasons = {}, {}
        for lever_name, rule in (spec.get("unavailable") or {}).items():
            where = f"phases.{name}.unavailable.{lever_name}"
            if lever_name not in by_name:
                raise ValueError(
                    f"{where}: unknown lever {lever_name!r}; levers are {list(by_name)}"
                )
            levels = tuple(rule.get("levels", ()))
            for level in levels:
                _level_index(by_name[lever_name], level, where)
            if len(levels) >= len(by_name[lever_name].levels):
                raise ValueError(f"{where} must leave at least one level available")
            if not rule.get("reason"):
                raise ValueError(f"{where}.reason must say why the levels are unavailable")
            unavailable[lever_name], reasons[lever_name] = levels, str(rule["reason"])
        read[name] = Phase(name, str(spec.get("label", name)), first_day, unavailable, reasons)
    return read[phase]


def _read_sources(raw: Mapping[str, Any]) -> dict[str, str]:
    sources = {}
    for key, date in _section(raw, "sources").items():
        text = date.isoformat() if isinstance(date, dt.date) else str(date)
        if text != "undated" and not _SOURCE_DATE.match(text):
            raise ValueError(
                f"sources.{key} must be a date (YYYY, YYYY-MM or YYYY-MM-DD) or 'undated', "
                f"got {date!r}"
            )
        sources[key] = text
    return sources


def _read_backing_down(seq: Mapping[str, Any], interests: tuple[str, ...]) -> tuple[str, float]:
    spec = seq.get("backing_down") or {"interest": interests[0], "cost": 0.0}
    where = "sequential.backing_down"
    if spec.get("interest") not in interests:
        raise ValueError(
            f"{where}.interest must be one of {list(interests)}, got {spec.get('interest')!r}"
        )
    return spec["interest"], _check_number(spec.get("cost"), f"{where}.cost", low=0.0)


def _read_directions(
    raw: Mapping[str, Any],
    phase: str,
    by_name: Mapping[str, Lever],
    interests: tuple[str, ...],
    responses: tuple[str, ...],
    sources: Mapping[str, str],
) -> tuple[Direction, ...]:
    directions = []
    for k, spec in enumerate(raw.get("directions") or []):
        where = f"directions[{k}]"
        lever = by_name.get(spec.get("lever"))
        if lever is None:
            raise ValueError(
                f"{where}.lever must be one of {list(by_name)}, got {spec.get('lever')!r}"
            )
        if _level_index(lever, spec.get("to"), f"{where}.to") == 0:
            raise ValueError(f"{where}.to must be a level above the mildest, {lever.levels[0]!r}")
        targets = [key for key in ("interest", "response") if key in spec]
        if len(targets) != 1:
            raise ValueError(f"{where} must name exactly one interest or one response")
        target = spec[targets[0]]
        known = interests if targets[0] == "interest" else responses
        if target not in known:
            raise ValueError(f"{where}.{targets[0]} must be one of {list(known)}, got {target!r}")
        if spec.get("sign") not in (-1, 1):
            raise ValueError(f"{where}.sign must be 1 or -1, got {spec.get('sign')!r}")
        if spec.get("source") not in sources:
            raise ValueError(f"{where}.source must be a key of sources, got {spec.get('source')!r}")
        if spec.get("phase", phase) not in PHASES:
            raise ValueError(f"{where}.phase must be one of {list(PHASES)}, got {spec['phase']!r}")
        if spec.get("phase", phase) == phase:
            directions.append(
                Direction(
                    lever.name,
                    spec["to"],
                    target,
                    targets[0] == "response",
                    spec["sign"],
                    spec["source"],
                )
            )
    return tuple(directions)


def parameters_from_dict(raw: Mapping[str, Any], phase: str = DEFAULT_PHASE) -> Parameters:
    """Build and check :class:`Parameters` for one phase from the parsed YAML.

    Parameters
    ----------
    raw : mapping
        The content of ``parameters.yaml`` (or a modified copy).
    phase : str
        One of :data:`PHASES` (default :data:`DEFAULT_PHASE`).

    Returns
    -------
    params : Parameters
        The checked parameters of that phase, in points.

    Raises
    ------
    ValueError
        Naming the first parameter that is missing, unknown or out of range
        (probabilities outside [0, 1], negative weights or costs, unknown
        phases, levers, levels, responses or interests, lists of the wrong length).
    """
    levers = _read_levers(raw)
    by_name = {lever.name: lever for lever in levers}
    the_phase = _read_phase(raw, phase, by_name)
    offsets = dict(zip(by_name, np.cumsum([0] + [len(v.levels) for v in levers]), strict=False))
    n_columns = sum(len(lever.levels) for lever in levers)

    interest_specs = _section(raw, "interests")
    interests = tuple(interest_specs)
    index = {name: i for i, name in enumerate(interests)}
    per_point = np.array(
        [
            _check_number(spec.get("per_point", 1.0), f"interests.{name}.per_point", low=1e-9)
            for name, spec in interest_specs.items()
        ]
    )

    def lever_of(name: str, where: str) -> Lever:
        if name not in by_name:
            raise ValueError(f"{where}: unknown lever {name!r}; levers are {list(by_name)}")
        return by_name[name]

    def interest_of(name: str, where: str) -> int:
        if name not in index:
            raise ValueError(f"{where}: unknown interest {name!r}; interests are {interests}")
        return index[name]

    def columns(lever_name: str) -> slice:
        start = offsets[lever_name]
        return slice(start, start + len(by_name[lever_name].levels))

    baseline = np.zeros((n_columns, len(interests)))
    for lever_name, by_interest in _section(raw, "baseline").items():
        lever = lever_of(lever_name, "baseline")
        for interest, values in by_interest.items():
            where = f"baseline.{lever_name}.{interest}"
            baseline[columns(lever_name), interest_of(interest, where)] = _per_level(
                in_phase(values, phase, where), lever, where
            )

    unavailable = np.zeros(n_columns, dtype=bool)
    for lever_name, levels in the_phase.unavailable.items():
        for level in levels:
            unavailable[offsets[lever_name] + by_name[lever_name].levels.index(level)] = True

    direct = _section(raw, "responses")
    joint = dict(raw.get("outcomes") or {})
    clash = sorted(set(direct) & set(joint))
    if clash:
        raise ValueError(f"outcomes: {clash} already name responses")
    n_responses = len(direct) + len(joint)
    responses, base = [], np.zeros(n_responses)
    shift = np.zeros((n_columns, n_responses))
    forbidden = np.zeros((n_columns, n_responses))
    effects = np.zeros((n_responses, len(interests)))
    for r, (name, spec) in enumerate(direct.items()):
        where = f"responses.{name}"
        if spec.get("actor") not in ACTORS:
            raise ValueError(f"{where}.actor must be one of {ACTORS}, got {spec.get('actor')!r}")
        if spec.get("kind") not in KINDS:
            raise ValueError(f"{where}.kind must be one of {KINDS}, got {spec.get('kind')!r}")
        responses.append(Response(name, spec["actor"], spec["kind"], str(spec.get("label", name))))
        base[r] = _check_number(
            in_phase(spec.get("base"), phase, f"{where}.base"), f"{where}.base", 0.0, 1.0
        )
        for lever_name, values in (spec.get("shift") or {}).items():
            lever = lever_of(lever_name, f"{where}.shift")
            path = f"{where}.shift.{lever_name}"
            shift[columns(lever_name), r] = _per_level(
                in_phase(values, phase, path), lever, path, -1.0, 1.0
            )
        for lever_name, level in (spec.get("requires") or {}).items():
            lever = lever_of(lever_name, f"{where}.requires")
            allowed = _level_index(lever, level, f"{where}.requires.{lever_name}")
            forbidden[columns(lever_name), r] = 1.0
            forbidden[offsets[lever_name] + allowed, r] = 0.0
        for interest, value in _section(spec, "effects", f"{where}.").items():
            effects[r, interest_of(interest, f"{where}.effects")] = _check_number(
                value, f"{where}.effects.{interest}"
            )
    for r, (name, spec) in enumerate(joint.items(), start=len(direct)):
        where = f"outcomes.{name}"
        rules = [key for key in ("all_of", "not_all_of") if key in spec]
        if len(rules) != 1:
            raise ValueError(f"{where} must have exactly one of all_of or not_all_of")
        members = tuple(spec[rules[0]])
        unknown = [m for m in members if m not in direct]
        if len(members) < 2 or unknown:
            raise ValueError(
                f"{where}.{rules[0]} must list at least two responses of {list(direct)}, "
                f"got {list(members)}"
            )
        if spec.get("kind") not in KINDS:
            raise ValueError(f"{where}.kind must be one of {KINDS}, got {spec.get('kind')!r}")
        responses.append(
            Response(
                name,
                JOINT_ACTOR,
                spec["kind"],
                str(spec.get("label", name)),
                members,
                accepted=rules[0] == "all_of",
            )
        )
        for interest, value in _section(spec, "effects", f"{where}.").items():
            effects[r, interest_of(interest, f"{where}.effects")] = _check_number(
                value, f"{where}.effects.{interest}"
            )

    presets = {}
    for preset, weights in _section(raw, "weights").items():
        _check_keys(weights, interests, f"weights.{preset}")
        presets[preset] = np.array(
            [_check_number(weights[i], f"weights.{preset}.{i}", low=0.0) for i in interests]
        )
        if not presets[preset].any():
            raise ValueError(f"weights.{preset} are all zero")

    actual = dict(_section(raw, "actual_2022"))
    _check_keys(actual, tuple(by_name), "actual_2022")
    for lever_name, level in actual.items():
        _level_index(by_name[lever_name], level, f"actual_2022.{lever_name}")

    seq = _section(raw, "sequential")
    moscow_values = np.zeros(n_columns)
    for lever_name, values in _section(seq, "moscow_values", "sequential.").items():
        lever = lever_of(lever_name, "sequential.moscow_values")
        path = f"sequential.moscow_values.{lever_name}"
        moscow_values[columns(lever_name)] = _per_level(in_phase(values, phase, path), lever, path)
    costs = dict(_section(seq, "moscow_costs", "sequential."))
    moscow_names = tuple(resp.name for resp in responses if resp.actor == "Moscow")
    _check_keys(costs, moscow_names, "sequential.moscow_costs")
    sequential = SequentialParameters(
        moscow_values=_read_only(moscow_values),
        moscow_costs={
            name: _check_number(
                in_phase(cost, phase, f"sequential.moscow_costs.{name}"),
                f"sequential.moscow_costs.{name}",
                low=0.0,
            )
            for name, cost in costs.items()
        },
        coercion_persists=_check_number(
            seq.get("coercion_persists_after_deescalation"),
            "sequential.coercion_persists_after_deescalation",
            0.0,
            1.0,
        ),
        carrot_persists=_check_number(
            seq.get("carrot_persists_after_escalation"),
            "sequential.carrot_persists_after_escalation",
            0.0,
            1.0,
        ),
        backing_down=_read_backing_down(seq, interests),
    )
    sources = _read_sources(raw)
    return Parameters(
        phase=the_phase,
        levers=levers,
        interests=interests,
        interest_labels=tuple(str(s.get("label", n)) for n, s in interest_specs.items()),
        interest_units=tuple(str(s.get("unit", "points")) for s in interest_specs.values()),
        per_point=_read_only(per_point),
        baseline=_read_only(baseline / per_point),
        unavailable=_read_only(unavailable),
        responses=tuple(responses),
        base=_read_only(base),
        shift=_read_only(shift),
        forbidden=_read_only(forbidden),
        effects=_read_only(effects / per_point),
        presets={name: _read_only(vector) for name, vector in presets.items()},
        actual_2022=actual,
        sequential=sequential,
        directions=_read_directions(
            raw, phase, by_name, interests, tuple(r.name for r in responses), sources
        ),
        sources=sources,
    )


def read_yaml(path: Path | None = None) -> dict[str, Any]:
    """Parse a parameter file (default: the package's ``parameters.yaml``).

    Parameters
    ----------
    path : Path, optional
        Another parameter file.

    Returns
    -------
    dict
        The parsed YAML, for editing before :func:`parameters_from_dict`.
    """
    if path is None:
        text = resources.files("balancing.escalation").joinpath("parameters.yaml").read_text()
    else:
        text = Path(path).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def _default(phase: str) -> Parameters:
    return parameters_from_dict(read_yaml(), phase)


def load_parameters(phase: str = DEFAULT_PHASE, path: Path | None = None) -> Parameters:
    """Load and check the model's parameters for one phase.

    Parameters
    ----------
    phase : str
        ``"war"`` (default: after 24 February 2022, the situation Pierini's
        questions are about) or ``"pre_war"``.
    path : Path, optional
        A parameter file; by default the package's ``parameters.yaml`` (read
        once per session and phase).

    Returns
    -------
    params : Parameters
        The checked parameters.
    """
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; the phases are {list(PHASES)}")
    return _default(phase) if path is None else parameters_from_dict(read_yaml(path), phase)


def phase_on(day: dt.date) -> str:
    """Name the phase a date falls in (``"war"`` from 24 February 2022, else ``"pre_war"``).

    Parameters
    ----------
    day : datetime.date
        Any date.

    Returns
    -------
    str
        One of :data:`PHASES`.
    """
    if not isinstance(day, dt.date):
        raise ValueError(f"day must be a datetime.date, got {day!r}")
    return "war" if day >= load_parameters("war").phase.first_day else "pre_war"
