"""Questions asked of the policy table: rank, Pareto front, sensitivity, sweeps, inverse.

Every function takes a :class:`~balancing.escalation.model.PolicyTable`
(computed once) and weights, and returns a small DataFrame or record. Ties in
utility go to the policy listed first (the milder one), everywhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from balancing.escalation.model import (
    Policy,
    PolicyTable,
    all_policies,
    expected_scores,
    one_hot,
    policy_dict,
    probabilities,
)
from balancing.escalation.parameters import Parameters

Weights = str | Mapping[str, float] | np.ndarray
#: Scenarios scored at once by :func:`sweep` (larger chunks fall out of the CPU cache).
SWEEP_CHUNK = 50


def best_policy(table: PolicyTable, weights: Weights) -> int:
    """Row of the policy with the highest expected utility (first on ties)."""
    return int(np.argmax(table.utilities(weights)))


def rank(table: PolicyTable, weights: Weights) -> pd.DataFrame:
    """All policies ranked by expected utility.

    Parameters
    ----------
    table : PolicyTable
        From :func:`~balancing.escalation.model.policy_table`.
    weights : str, mapping or array
        Ankara's weights (a preset name, ``{interest: weight}`` or a vector).

    Returns
    -------
    pandas.DataFrame
        One row per policy, best first: ``rank`` (1 = best), the lever levels,
        ``utility`` and the expected score per interest. The index is the
        policy's row in ``table``.
    """
    frame = table.to_frame()
    frame.insert(len(table.params.levers), "utility", table.utilities(weights))
    frame = frame.sort_values("utility", ascending=False, kind="stable")
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def pareto_front(table: PolicyTable, x: str = "west", y: str = "moscow") -> pd.DataFrame:
    """Policies that no other policy beats on both of two interests.

    A policy is on the front if no other policy scores at least as well on
    ``x`` and on ``y`` and strictly better on one of them.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    x, y : str
        Two interests (by default standing with the West and relations with Moscow).

    Returns
    -------
    pandas.DataFrame
        The lever levels, the two scores and ``on_front`` (bool), one row per policy.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not an interest, or they are the same.
    """
    interests = table.params.interests
    for name, value in (("x", x), ("y", y)):
        if value not in interests:
            raise ValueError(
                f"{name} must be one of the interests {list(interests)}, got {value!r}"
            )
    if x == y:
        raise ValueError(f"x and y must be different interests, got {x!r} twice")
    a = table.scores[:, interests.index(x)]
    b = table.scores[:, interests.index(y)]
    at_least = (a[None, :] >= a[:, None]) & (b[None, :] >= b[:, None])
    strictly = (a[None, :] > a[:, None]) | (b[None, :] > b[:, None])
    dominated = (at_least & strictly).any(axis=1)
    frame = table.to_frame()[[*table.params.lever_names, x, y]]
    return frame.assign(on_front=~dominated)


def _first_overtaker(steps: np.ndarray, slopes: np.ndarray) -> tuple[float, int]:
    """Smallest step at which some policy overtakes the best, and which policy."""
    if not np.isfinite(steps).any():
        return np.inf, -1
    smallest = steps.min()
    tied = np.flatnonzero(np.isclose(steps, smallest, rtol=1e-12, atol=1e-12))
    return float(smallest), int(tied[np.argmax(slopes[tied])])


def sensitivity(table: PolicyTable, weights: Weights) -> pd.DataFrame:
    r"""For each interest, how far its weight can move before the best policy changes.

    Utility is linear in each weight, so the thresholds are exact: raising
    weight :math:`w_i` by :math:`\delta` changes policy :math:`p`'s utility
    by :math:`\delta S_{p,i}`, and policy :math:`p` overtakes the best policy
    :math:`b` once :math:`\delta (S_{p,i} - S_{b,i}) > U_b - U_p`.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    weights : str, mapping or array
        Ankara's weights.

    Returns
    -------
    pandas.DataFrame
        One row per interest: ``weight``; ``raise_by`` (the increase at which
        the best policy changes, NaN if it never does) and ``then_best``
        (the new best policy's label); ``lower_by`` and ``then_best_if_lowered``
        for a decrease (NaN if the weight can fall to 0 with no change).
    """
    params = table.params
    vector = params.weights(weights)
    utilities = table.scores @ vector
    best = int(np.argmax(utilities))
    gaps = utilities[best] - utilities
    rows = []
    for i, interest in enumerate(params.interests):
        slopes = table.scores[:, i] - table.scores[best, i]
        with np.errstate(divide="ignore", invalid="ignore"):
            up = np.where(slopes > 0, gaps / slopes, np.inf)
            down = np.where(slopes < 0, gaps / -slopes, np.inf)
        raise_by, above = _first_overtaker(up, slopes)
        lower_by, below = _first_overtaker(down, -slopes)
        if lower_by > vector[i]:
            lower_by, below = np.inf, -1
        rows.append(
            {
                "interest": interest,
                "weight": vector[i],
                "raise_by": raise_by if np.isfinite(raise_by) else np.nan,
                "then_best": table.label(above) if above >= 0 else "",
                "lower_by": lower_by if np.isfinite(lower_by) else np.nan,
                "then_best_if_lowered": table.label(below) if below >= 0 else "",
            }
        )
    return pd.DataFrame(rows).set_index("interest")


def random_scenarios(
    params: Parameters,
    n: int,
    weights: Weights = "equal",
    weight_spread: float = 0.5,
    probability_spread: float = 0.1,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw scenarios around a set of weights and the base probabilities.

    Each weight is multiplied by a log-normal factor
    (``exp(N(0, weight_spread))``) and each capital's base probability is
    shifted by a uniform draw in ``[-probability_spread, probability_spread]``
    (joint outcomes get no shift: they follow from their members).

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    n : int
        Number of scenarios (at least 1).
    weights : str, mapping or array
        The central weights.
    weight_spread : float
        Standard deviation of the log factor (>= 0).
    probability_spread : float
        Half-width of the probability shifts, in [0, 1].
    seed : int
        Seed of the random generator (the same seed gives the same scenarios).

    Returns
    -------
    tuple of numpy.ndarray
        Weights ``(n, I)`` and base-probability shifts ``(n, R)``.
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not weight_spread >= 0:
        raise ValueError(f"weight_spread must be >= 0, got {weight_spread!r}")
    if not 0 <= probability_spread <= 1:
        raise ValueError(f"probability_spread must be in [0, 1], got {probability_spread!r}")
    rng = np.random.default_rng(seed)
    centre = params.weights(weights)
    factors = np.exp(rng.normal(0.0, weight_spread, size=(n, centre.size)))
    shifts = rng.uniform(-probability_spread, probability_spread, size=(n, params.base.size))
    shifts[:, [response.joint for response in params.responses]] = 0.0
    return centre * factors, shifts


def sweep(
    params: Parameters, weights: np.ndarray, base_shifts: np.ndarray | None = None
) -> np.ndarray:
    """Find the best policy in each of many scenarios, all at once.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    weights : numpy.ndarray
        One weight vector per scenario, ``(N, I)``, non-negative.
    base_shifts : numpy.ndarray, optional
        Shifts of the base probabilities per scenario, ``(N, R)``. Shifted
        bases are clipped to [0, 1] (as :meth:`Parameters.with_base` requires),
        then the formula applies unchanged.

    Returns
    -------
    numpy.ndarray
        Row (in :func:`~balancing.escalation.model.policy_table` order) of the
        best policy in each scenario, ``(N,)``.
    """
    weights = np.asarray(weights, dtype=float)
    n_interests, n_responses = len(params.interests), params.base.size
    if weights.ndim != 2 or weights.shape[1] != n_interests:
        raise ValueError(f"weights must have shape (N, {n_interests}), got {weights.shape}")
    if not np.isfinite(weights).all() or (weights < 0).any() or not weights.any(axis=1).all():
        raise ValueError(
            "weights must be finite and >= 0, with at least one positive weight, in every "
            f"scenario (one column per interest {list(params.interests)})"
        )
    encoded = one_hot(params, all_policies(params))
    if base_shifts is None:
        scores = expected_scores(params, encoded, probabilities(params, encoded))
        return np.argmax(weights @ scores.T, axis=1)
    base_shifts = np.asarray(base_shifts, dtype=float)
    if base_shifts.shape != (weights.shape[0], n_responses):
        raise ValueError(
            f"base_shifts must have shape ({weights.shape[0]}, {n_responses}), "
            f"got {base_shifts.shape}"
        )
    bases = np.clip(params.base + base_shifts, 0.0, 1.0)[:, None, :]  # each a probability
    best = np.empty(weights.shape[0], dtype=int)
    for start in range(0, weights.shape[0], SWEEP_CHUNK):  # chunks keep the arrays in cache
        chunk = slice(start, start + SWEEP_CHUNK)
        scores = expected_scores(params, encoded, probabilities(params, encoded, bases[chunk]))
        utilities = (scores @ weights[chunk, :, None])[..., 0]  # (n, P, I) @ (n, I, 1)
        best[chunk] = np.argmax(utilities, axis=1)
    return best


def sweep_summary(table: PolicyTable, best: np.ndarray) -> pd.DataFrame:
    """How often each policy is best across a sweep.

    Parameters
    ----------
    table : PolicyTable
        The policy table (same parameters as the sweep).
    best : numpy.ndarray
        Output of :func:`sweep`.

    Returns
    -------
    pandas.DataFrame
        ``policy`` and ``share`` (of scenarios), most frequent first; policies
        that are never best are left out.
    """
    counts = np.bincount(best, minlength=len(table.policies))
    rows = np.flatnonzero(counts)
    frame = pd.DataFrame(
        {"policy": [table.label(r) for r in rows], "share": counts[rows] / counts.sum()}
    )
    return frame.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class InverseResult:
    """Weights under which a given policy is optimal.

    Attributes
    ----------
    policy : dict of str to str
        The target policy.
    share : float
        Share of the sampled weight directions under which it is optimal.
    factors : numpy.ndarray or None
        Factors to multiply the reference weights by, closest (among the
        samples, then refined exactly along the line to the reference) to
        "change nothing"; ``None`` if no sample made the policy optimal.
    weights : numpy.ndarray or None
        ``reference * factors``.
    """

    policy: dict[str, str]
    share: float
    factors: np.ndarray | None
    weights: np.ndarray | None


def inverse(
    table: PolicyTable,
    policy: Policy,
    reference: Weights = "equal",
    n_samples: int = 20_000,
    seed: int = 0,
) -> InverseResult:
    """Find weights under which ``policy`` is optimal.

    Weight directions are sampled as factors on the reference weights (each
    factor vector uniform on the simplex, rescaled so that all-ones means
    "unchanged"), which keeps the answer independent of the interests' units.
    The sample closest to all-ones that makes ``policy`` optimal is then
    moved back towards all-ones as far as it stays optimal; that last step is
    exact because the set of weights making a policy optimal is convex.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    policy : mapping of str to str
        The target, e.g. ``params.actual_2022``.
    reference : str, mapping or array
        Weights to stay close to; their zero weights stay zero.
    n_samples : int
        Number of sampled directions.
    seed : int
        Seed of the random generator.

    Returns
    -------
    InverseResult
        The share of directions and the closest weights found (at which the
        policy is optimal, possibly tied with another).
    """
    if not isinstance(n_samples, int | np.integer) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}")
    target = table.index(policy)
    centre = table.params.weights(reference)
    n = centre.size
    factors = np.random.default_rng(seed).dirichlet(np.ones(n), size=n_samples) * n
    utilities = (factors * centre) @ table.scores.T
    optimal = utilities[:, target] >= utilities.max(axis=1) - 1e-12
    chosen = policy_dict(table.params, table.policies[target])
    if not optimal.any():
        return InverseResult(chosen, 0.0, None, None)
    ones = np.ones(n)
    candidates = factors[optimal]
    far = candidates[np.argmin(((candidates - ones) ** 2).sum(axis=1))]
    # Along f(t) = 1 + t (far - 1) the margins of the target over each policy are linear in t.
    margins = (table.scores[target] - table.scores) * centre
    at_ones, slope = margins @ ones, margins @ (far - ones)
    violated = at_ones < 0
    t = float(np.max(-at_ones[violated] / slope[violated])) if violated.any() else 0.0
    best = ones + min(t, 1.0) * (far - ones)
    return InverseResult(chosen, float(optimal.mean()), best, best * centre)


def weight_path(
    table: PolicyTable, weights: Weights, interest: str, stop: float = 5.0
) -> pd.DataFrame:
    """Trace the best policy as the weight on one interest runs from 0 to ``stop``.

    The other weights stay fixed. Because utility is linear in the weight,
    the best policy changes only at a few exact break points.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    weights : str, mapping or array
        Ankara's weights (the one on ``interest`` is ignored).
    interest : str
        The interest whose weight varies.
    stop : float
        Largest weight considered (> 0).

    Returns
    -------
    pandas.DataFrame
        One row per stretch: ``from_weight``, ``to_weight``, ``row`` (the best
        policy's row in ``table``) and ``policy`` (its label). At a break
        point the two neighbouring policies tie.
    """
    params = table.params
    if interest not in params.interests:
        raise ValueError(f"interest must be one of {list(params.interests)}, got {interest!r}")
    if not stop > 0:
        raise ValueError(f"stop must be > 0, got {stop!r}")
    i = params.interests.index(interest)
    vector = params.weights(weights).copy()
    vector[i] = 0.0
    fixed = table.scores @ vector
    slopes = table.scores[:, i]
    rows, start = [], 0.0
    best = int(np.argmax(fixed + slopes * 1e-9))
    while start < stop:
        gaps = (fixed[best] + slopes[best] * start) - (fixed + slopes * start)
        rising = slopes > slopes[best]
        with np.errstate(divide="ignore", invalid="ignore"):
            steps = np.where(rising, gaps / (slopes - slopes[best]), np.inf)
        step, successor = _first_overtaker(steps, slopes - slopes[best])
        end = min(start + step, stop)
        rows.append({"from_weight": start, "to_weight": end, "row": best})
        if successor < 0 or end >= stop:
            break
        start, best = end, successor
    frame = pd.DataFrame(rows)
    return frame.assign(policy=[table.label(r) for r in frame["row"]])


def weight_to_reach(
    table: PolicyTable, weights: Weights, interest: str, lever: str, level: str, stop: float = 5.0
) -> float | None:
    """Find the least weight on ``interest`` making the best policy set ``lever`` to ``level``.

    Parameters
    ----------
    table : PolicyTable
        The policy table.
    weights : str, mapping or array
        Ankara's other weights.
    interest : str
        The interest whose weight varies from 0 to ``stop``.
    lever, level : str
        The lever and the level wanted, e.g. ``"black_sea"``, ``"abstain"``.
    stop : float
        Largest weight considered.

    Returns
    -------
    float or None
        The weight (at which the first such policy ties for best), or ``None``
        if no weight up to ``stop`` does it.
    """
    chosen = table.params.lever(lever)
    if level not in chosen.levels:
        raise ValueError(
            f"level: unknown level {level!r} of lever {lever!r}; levels are {list(chosen.levels)}"
        )
    column, wanted = table.params.lever_names.index(lever), chosen.levels.index(level)
    path = weight_path(table, weights, interest, stop)
    hits = path[table.policies[path["row"].to_numpy(), column] == wanted]
    return float(hits["from_weight"].iloc[0]) if len(hits) else None


def policy_ranks(table: PolicyTable, policy: Policy) -> pd.DataFrame:
    """Where one policy ranks under every weight preset.

    Parameters
    ----------
    table : PolicyTable
        The policy table of one phase.
    policy : mapping of str to str
        The policy, e.g. ``params.actual_2022``.

    Returns
    -------
    pandas.DataFrame
        One row per preset (the index): ``rank`` (1 = best, ties share the
        better rank), ``of`` (the number of policies), ``first`` (bool) and
        ``best`` (the label of the preset's best policy).
    """
    row = table.index(policy)
    rows = {}
    for preset in table.params.presets:
        utilities = table.utilities(preset)
        rank_ = 1 + int((utilities > utilities[row] + 1e-12).sum())
        best = table.label(int(np.argmax(utilities)))
        rows[preset] = {"rank": rank_, "of": len(utilities), "first": rank_ == 1, "best": best}
    return pd.DataFrame.from_dict(rows, orient="index")


def variations(
    table: PolicyTable,
    policy: Policy,
    vary: Mapping[str, list[str]],
    responses: list[str],
    interests: list[str],
) -> pd.DataFrame:
    """Probabilities and expected scores as some levers vary around a policy.

    Parameters
    ----------
    table : PolicyTable
        The policy table of one phase.
    policy : mapping of str to str
        The policy whose other levers stay fixed.
    vary : mapping of str to list of str
        The levers to vary and their levels, e.g. ``{"black_sea": ["abstain", "support"]}``;
        every combination is listed.
    responses, interests : list of str
        The probabilities and the expected scores to show.

    Returns
    -------
    pandas.DataFrame
        One row per combination: the varied levers' levels, then one column
        per response (probability) and per interest (expected score, points).
    """
    params = table.params
    for name in responses:
        params.response_index(name)  # refuse unknown names, naming the known ones
    unknown = [name for name in interests if name not in params.interests]
    if unknown:
        raise ValueError(f"unknown interest(s) {unknown}; interests are {list(params.interests)}")
    rows = []
    levers = list(vary)
    for levels in itertools.product(*(vary[lever] for lever in levers)):
        row = table.index({**policy, **dict(zip(levers, levels, strict=True))})
        record = dict(zip(levers, levels, strict=True))
        record |= {r: table.probabilities[row, params.response_index(r)] for r in responses}
        record |= {i: table.scores[row, params.interests.index(i)] for i in interests}
        rows.append(record)
    return pd.DataFrame(rows)
