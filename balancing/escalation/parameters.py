"""Read and check the escalation model's parameters (``parameters.yaml``).

The YAML file is written for people; :class:`Parameters` holds the same
numbers as NumPy arrays for the model. Each lever level is one *column*
(drones:halt, drones:deliver, ..., mediation:offer), so a policy is a 0/1 row
over the columns and every per-level number becomes a matrix product.

Every check raises :class:`ValueError` naming the parameter by its path in the
file, e.g. ``responses.tourism_ban.base``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

#: The two actors whose responses the model weighs.
ACTORS = ("Moscow", "Washington/NATO")
#: Kinds of response: a coercion harms Ankara, a carrot rewards it.
KINDS = ("coercion", "carrot")


@dataclass(frozen=True)
class Lever:
    """One of Ankara's levers and its ordered levels (mildest first)."""

    name: str
    label: str
    levels: tuple[str, ...]
    level_labels: tuple[str, ...]


@dataclass(frozen=True)
class Response:
    """A response by Moscow or Washington/NATO (its numbers live in :class:`Parameters`)."""

    name: str
    actor: str
    kind: str
    label: str


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
    """

    moscow_values: np.ndarray
    moscow_costs: dict[str, float]
    coercion_persists: float
    carrot_persists: float


@dataclass(frozen=True)
class Parameters:
    """All numbers of the escalation model, as arrays.

    Attributes
    ----------
    levers : tuple of Lever
        Ankara's levers, in the file's order.
    interests : tuple of str
        Ankara's interests (outcome dimensions).
    interest_labels, interest_units : tuple of str
        Their display names and units.
    baseline : numpy.ndarray
        Direct effect of each lever-level column on each interest, ``(C, I)``.
    responses : tuple of Response
        Moscow's and Washington's responses.
    base : numpy.ndarray
        Probability of each response under the mildest policy, ``(R,)``.
    shift : numpy.ndarray
        Change in each response's probability per lever-level column, ``(C, R)``.
    forbidden : numpy.ndarray
        1 where a lever level rules a response out (``requires``), ``(C, R)``.
    effects : numpy.ndarray
        Effect of each response on each interest, ``(R, I)``.
    presets : dict of str to numpy.ndarray
        Named weight vectors, each ``(I,)``.
    actual_2022 : dict of str to str
        Turkey's 2022 choices as one level per lever.
    sequential : SequentialParameters
        Numbers of the sequential crisis.
    """

    levers: tuple[Lever, ...]
    interests: tuple[str, ...]
    interest_labels: tuple[str, ...]
    interest_units: tuple[str, ...]
    baseline: np.ndarray
    responses: tuple[Response, ...]
    base: np.ndarray
    shift: np.ndarray
    forbidden: np.ndarray
    effects: np.ndarray
    presets: dict[str, np.ndarray] = field(repr=False)
    actual_2022: dict[str, str]
    sequential: SequentialParameters = field(repr=False)

    @property
    def lever_names(self) -> tuple[str, ...]:
        """Names of the levers."""
        return tuple(lever.name for lever in self.levers)

    @property
    def response_names(self) -> tuple[str, ...]:
        """Names of the responses."""
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
            Non-negative finite weights, shape ``(I,)``.

        Raises
        ------
        ValueError
            Naming the preset, interest or position that is wrong.
        """
        if isinstance(weights, str):
            if weights not in self.presets:
                raise ValueError(
                    f"unknown weight preset {weights!r}; the presets are {sorted(self.presets)}"
                )
            return self.presets[weights]
        if isinstance(weights, Mapping):
            _check_keys(weights, self.interests, "weights")
            vector = np.array([weights[name] for name in self.interests], dtype=float)
        else:
            vector = np.asarray(weights, dtype=float)
            if vector.shape != (len(self.interests),):
                raise ValueError(
                    f"weights must have shape ({len(self.interests)},) (one per interest "
                    f"{list(self.interests)}), got {vector.shape}"
                )
        for name, value in zip(self.interests, vector, strict=True):
            _check_number(value, f"weights[{name!r}]", low=0.0)
        return vector

    def with_base(self, response: str, probability: float) -> Parameters:
        """Return a copy in which ``response`` has base probability ``probability``.

        Parameters
        ----------
        response : str
            A response name.
        probability : float
            The new base probability, in [0, 1].

        Returns
        -------
        params : Parameters
            A new object; ``self`` is unchanged.
        """
        index = self.response_index(response)
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


def parameters_from_dict(raw: Mapping[str, Any]) -> Parameters:
    """Build and check :class:`Parameters` from the parsed YAML.

    Parameters
    ----------
    raw : mapping
        The content of ``parameters.yaml`` (or a modified copy).

    Returns
    -------
    params : Parameters
        The checked parameters.

    Raises
    ------
    ValueError
        Naming the first parameter that is missing, unknown or out of range
        (probabilities outside [0, 1], negative weights or costs, unknown
        levers, levels or interests, lists of the wrong length).
    """
    levers = _read_levers(raw)
    by_name = {lever.name: lever for lever in levers}
    offsets = dict(zip(by_name, np.cumsum([0] + [len(v.levels) for v in levers]), strict=False))
    n_columns = sum(len(lever.levels) for lever in levers)

    interest_specs = _section(raw, "interests")
    interests = tuple(interest_specs)
    index = {name: i for i, name in enumerate(interests)}

    def lever_of(name: str, where: str) -> Lever:
        if name not in by_name:
            raise ValueError(f"{where}: unknown lever {name!r}; levers are {list(by_name)}")
        return by_name[name]

    def interest_of(name: str, where: str) -> int:
        if name not in index:
            raise ValueError(f"{where}: unknown interest {name!r}; interests are {interests}")
        return index[name]

    baseline = np.zeros((n_columns, len(interests)))
    for lever_name, by_interest in _section(raw, "baseline").items():
        lever = lever_of(lever_name, "baseline")
        for interest, values in by_interest.items():
            where = f"baseline.{lever_name}.{interest}"
            column = interest_of(interest, where)
            start = offsets[lever_name]
            baseline[start : start + len(lever.levels), column] = _per_level(values, lever, where)

    specs = _section(raw, "responses")
    responses, base = [], np.zeros(len(specs))
    shift = np.zeros((n_columns, len(specs)))
    forbidden = np.zeros((n_columns, len(specs)))
    effects = np.zeros((len(specs), len(interests)))
    for r, (name, spec) in enumerate(specs.items()):
        where = f"responses.{name}"
        if spec.get("actor") not in ACTORS:
            raise ValueError(f"{where}.actor must be one of {ACTORS}, got {spec.get('actor')!r}")
        if spec.get("kind") not in KINDS:
            raise ValueError(f"{where}.kind must be one of {KINDS}, got {spec.get('kind')!r}")
        responses.append(Response(name, spec["actor"], spec["kind"], str(spec.get("label", name))))
        base[r] = _check_number(spec.get("base"), f"{where}.base", 0.0, 1.0)
        for lever_name, values in (spec.get("shift") or {}).items():
            lever = lever_of(lever_name, f"{where}.shift")
            start = offsets[lever_name]
            shift[start : start + len(lever.levels), r] = _per_level(
                values, lever, f"{where}.shift.{lever_name}", -1.0, 1.0
            )
        for lever_name, level in (spec.get("requires") or {}).items():
            lever = lever_of(lever_name, f"{where}.requires")
            allowed = _level_index(lever, level, f"{where}.requires.{lever_name}")
            start = offsets[lever_name]
            forbidden[start : start + len(lever.levels), r] = 1.0
            forbidden[start + allowed, r] = 0.0
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

    actual = dict(_section(raw, "actual_2022"))
    _check_keys(actual, tuple(by_name), "actual_2022")
    for lever_name, level in actual.items():
        _level_index(by_name[lever_name], level, f"actual_2022.{lever_name}")

    seq = _section(raw, "sequential")
    moscow_values = np.zeros(n_columns)
    for lever_name, values in _section(seq, "moscow_values", "sequential.").items():
        lever = lever_of(lever_name, "sequential.moscow_values")
        start = offsets[lever_name]
        moscow_values[start : start + len(lever.levels)] = _per_level(
            values, lever, f"sequential.moscow_values.{lever_name}"
        )
    costs = dict(_section(seq, "moscow_costs", "sequential."))
    moscow_names = tuple(resp.name for resp in responses if resp.actor == "Moscow")
    _check_keys(costs, moscow_names, "sequential.moscow_costs")
    sequential = SequentialParameters(
        moscow_values=_read_only(moscow_values),
        moscow_costs={
            name: _check_number(cost, f"sequential.moscow_costs.{name}", low=0.0)
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
    )
    return Parameters(
        levers=levers,
        interests=interests,
        interest_labels=tuple(str(s.get("label", n)) for n, s in interest_specs.items()),
        interest_units=tuple(str(s.get("unit", "points")) for s in interest_specs.values()),
        baseline=_read_only(baseline),
        responses=tuple(responses),
        base=_read_only(base),
        shift=_read_only(shift),
        forbidden=_read_only(forbidden),
        effects=_read_only(effects),
        presets={name: _read_only(vector) for name, vector in presets.items()},
        actual_2022=actual,
        sequential=sequential,
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
def _default() -> Parameters:
    return parameters_from_dict(read_yaml())


def load_parameters(path: Path | None = None) -> Parameters:
    """Load and check the model's parameters.

    Parameters
    ----------
    path : Path, optional
        A parameter file; by default the package's ``parameters.yaml`` (read
        once per session).

    Returns
    -------
    params : Parameters
        The checked parameters.
    """
    return _default() if path is None else parameters_from_dict(read_yaml(path))
