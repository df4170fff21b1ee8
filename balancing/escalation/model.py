r"""The expected-utility model: what each of Ankara's policies is expected to bring.

For a policy :math:`a` (one level per lever), the expected score on interest
:math:`i` is

.. math::

    S_i(a) = B_i(a) + \sum_r P_r(a)\, E_{r,i}

where :math:`B_i(a)` is the policy's direct effect, :math:`P_r(a)` the
probability of response :math:`r` (by Moscow, Washington, Kyiv or Brussels, or
a joint outcome such as a mediation both Moscow and Kyiv accept), and
:math:`E_{r,i}` that response's effect on the interest. A capital's response
is clipped-linear in the lever levels: :math:`P_r(a) = \mathrm{clip}(b_r +
\sum_\ell s_{r,\ell}(a_\ell), 0, 1)`, and 0 where a response requires a
level the policy does not have. A joint outcome's probability is the product
of its members' (``all_of``), or the chance that the policy allows them all
minus that product (``not_all_of``). Ankara's expected utility is
:math:`U(a) = \sum_i w_i S_i(a)`.

Everything is computed for all the phase's policies at once
(:func:`policy_table`), so ranking, charts and widgets only take dot products
of a precomputed table. Policies with a level that is unavailable in the phase
(the Straits can be closed only in war) are left out.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from balancing.escalation.parameters import Parameters

#: A policy as readers write it: one level name per lever.
Policy = Mapping[str, str]


def all_policies(params: Parameters) -> np.ndarray:
    """Every policy available in the phase, as a row of level indices, mildest first.

    Parameters
    ----------
    params : Parameters
        The model's parameters.

    Returns
    -------
    numpy.ndarray
        Integer array ``(n_policies, n_levers)``, the last lever changing fastest;
        162 rows at war, 54 before it (when the Straits cannot be closed).
    """
    ranges = [range(len(lever.levels)) for lever in params.levers]
    policies = np.array(list(itertools.product(*ranges)), dtype=int)
    return policies[~params.unavailable[policies + params.offsets].any(axis=1)]


def policy_levels(params: Parameters, policy: Policy) -> np.ndarray:
    """Check a policy and return its level indices.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    policy : mapping of str to str
        One level name per lever, e.g. ``{"drones": "deliver", ...}``.

    Returns
    -------
    numpy.ndarray
        Integer array ``(n_levers,)``.

    Raises
    ------
    ValueError
        If a lever is missing or unknown, or a level is unknown.
    """
    if not isinstance(policy, Mapping):
        raise ValueError(f"policy must map each lever {list(params.lever_names)} to a level")
    unknown = sorted(set(policy) - set(params.lever_names))
    if unknown:
        raise ValueError(f"policy: unknown lever(s) {unknown}; levers are {params.lever_names}")
    levels = []
    for lever in params.levers:
        if lever.name not in policy:
            raise ValueError(f"policy: missing lever {lever.name!r} (levels {lever.levels})")
        level = policy[lever.name]
        if level not in lever.levels:
            raise ValueError(
                f"policy[{lever.name!r}]: unknown level {level!r}; levels are {list(lever.levels)}"
            )
        if level in params.phase.unavailable.get(lever.name, ()):
            raise ValueError(
                f"policy[{lever.name!r}]: level {level!r} is not available "
                f"{params.phase.label.lower()}: {params.phase.reasons[lever.name]}"
            )
        levels.append(lever.levels.index(level))
    return np.array(levels, dtype=int)


def policy_dict(params: Parameters, levels: np.ndarray) -> dict[str, str]:
    """Turn level indices back into ``{lever: level name}``."""
    return {
        lever.name: lever.levels[int(i)] for lever, i in zip(params.levers, levels, strict=True)
    }


def policy_label(params: Parameters, levels: np.ndarray) -> str:
    """Write a compact label such as ``"drones=deliver, sanctions=opt_out, ..."``."""
    return ", ".join(f"{name}={level}" for name, level in policy_dict(params, levels).items())


def one_hot(params: Parameters, policies: np.ndarray) -> np.ndarray:
    """Encode policies as 0/1 rows over the lever-level columns.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    policies : numpy.ndarray
        Level indices ``(n_policies, n_levers)``.

    Returns
    -------
    numpy.ndarray
        ``(n_policies, n_columns)`` with one 1 per lever.
    """
    n_columns = params.baseline.shape[0]
    encoded = np.zeros((policies.shape[0], n_columns))
    rows = np.arange(policies.shape[0])[:, None]
    encoded[rows, policies + params.offsets] = 1.0
    return encoded


def probabilities(
    params: Parameters, encoded: np.ndarray, base: np.ndarray | None = None
) -> np.ndarray:
    """Probability of each response and joint outcome under each policy.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    encoded : numpy.ndarray
        Policies from :func:`one_hot`, ``(P, n_columns)``.
    base : numpy.ndarray, optional
        Base probabilities to use instead of ``params.base``: ``(R,)``, or
        ``(N, 1, R)`` for ``N`` scenarios at once (then the result is
        ``(N, P, R)``).

    Returns
    -------
    numpy.ndarray
        ``(..., P, R)``, each in [0, 1].
    """
    base = params.base if base is None else base
    linear = np.clip(base + encoded @ params.shift, 0.0, 1.0)
    return joint_outcomes(params, encoded, np.where(encoded @ params.forbidden > 0, 0.0, linear))


def joint_outcomes(params: Parameters, encoded: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Fill in the probabilities of the joint outcomes from their members'.

    An ``all_of`` outcome happens when every member happens (the product of
    their probabilities: the model treats the capitals' answers as
    independent); a ``not_all_of`` outcome when the policy allows every member
    (e.g. mediation is offered) but some member does not happen.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    encoded : numpy.ndarray
        Policies from :func:`one_hot`, ``(P, n_columns)``.
    probs : numpy.ndarray
        Probabilities of the capitals' responses, ``(..., P, R)``; the joint
        outcomes' columns are ignored.

    Returns
    -------
    numpy.ndarray
        A copy of ``probs`` with the joint outcomes filled in.
    """
    probs = np.array(probs, dtype=float)
    for r, response in enumerate(params.responses):
        if not response.joint:
            continue
        members = [params.response_index(name) for name in response.members]
        together = probs[..., members].prod(axis=-1)
        if response.accepted:
            probs[..., r] = together
        else:
            possible = (encoded @ params.forbidden[:, members] == 0).all(axis=-1)
            probs[..., r] = possible - together
    return probs


def expected_scores(params: Parameters, encoded: np.ndarray, probs: np.ndarray) -> np.ndarray:
    r"""Compute the expected score of each policy on each interest: the model's one formula.

    :math:`S_i(a) = B_i(a) + \sum_r P_r(a) E_{r,i}`. Every part of the course
    that scores a policy (the policy table, one evaluation, scenario sweeps, the
    sequential crisis, the charts and the explorer) goes through this function.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    encoded : numpy.ndarray
        Policies from :func:`one_hot`, ``(n_policies, n_columns)``.
    probs : numpy.ndarray
        Response probabilities from :func:`probabilities`, ``(..., n_policies, R)``
        (responses that should not count may be set to 0).

    Returns
    -------
    numpy.ndarray
        ``(..., n_policies, n_interests)``.
    """
    return encoded @ params.baseline + probs @ params.effects


@dataclass(frozen=True)
class PolicyTable:
    """Every policy with its response probabilities and expected scores.

    Build it once per parameter change with :func:`policy_table`; after
    that, any set of weights costs one matrix-vector product.

    Attributes
    ----------
    params : Parameters
        The parameters the table was computed from.
    policies : numpy.ndarray
        Level indices ``(P, n_levers)``.
    probabilities : numpy.ndarray
        ``(P, R)``.
    scores : numpy.ndarray
        Expected scores ``(P, I)``.
    """

    params: Parameters
    policies: np.ndarray
    probabilities: np.ndarray
    scores: np.ndarray

    def utilities(self, weights: str | Mapping[str, float] | np.ndarray) -> np.ndarray:
        """Compute the expected utility of every policy under ``weights``, ``(P,)``."""
        return self.scores @ self.params.weights(weights)

    def index(self, policy: Policy) -> int:
        """Row of ``policy`` in the table."""
        levels = policy_levels(self.params, policy)
        return int(np.flatnonzero((self.policies == levels).all(axis=1))[0])

    def label(self, row: int) -> str:
        """Label of the policy in row ``row``."""
        return policy_label(self.params, self.policies[row])

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a DataFrame: one row per policy, lever levels and scores."""
        levers = pd.DataFrame(
            {
                lever.name: np.asarray(lever.levels, dtype=object)[self.policies[:, k]]
                for k, lever in enumerate(self.params.levers)
            }
        )
        scores = pd.DataFrame(self.scores, columns=list(self.params.interests))
        return pd.concat([levers, scores], axis=1)


def policy_table(params: Parameters) -> PolicyTable:
    """Compute probabilities and expected scores for all policies at once.

    Parameters
    ----------
    params : Parameters
        The model's parameters.

    Returns
    -------
    PolicyTable
        The table of every policy available in the phase.
    """
    policies = all_policies(params)
    encoded = one_hot(params, policies)
    probs = probabilities(params, encoded)
    return PolicyTable(params, policies, probs, expected_scores(params, encoded, probs))


@dataclass(frozen=True)
class Evaluation:
    """What one policy is expected to bring.

    Attributes
    ----------
    policy : dict of str to str
        The policy.
    scores : numpy.ndarray
        Expected score per interest, ``(I,)``.
    contributions : numpy.ndarray
        Weight times score per interest, ``(I,)``; they sum to ``utility``.
    utility : float
        Ankara's expected utility.
    probabilities : numpy.ndarray
        Probability of each response, ``(R,)``.
    """

    policy: dict[str, str]
    scores: np.ndarray
    contributions: np.ndarray
    utility: float
    probabilities: np.ndarray


def evaluate(
    params: Parameters, policy: Policy, weights: str | Mapping[str, float] | np.ndarray
) -> Evaluation:
    """Evaluate one policy under given weights.

    Parameters
    ----------
    params : Parameters
        The model's parameters.
    policy : mapping of str to str
        One level per lever.
    weights : str, mapping or array
        A preset name, ``{interest: weight}`` or a vector (see
        :meth:`Parameters.weights`).

    Returns
    -------
    Evaluation
        Scores, contributions, utility and response probabilities.

    Examples
    --------
    >>> from balancing.escalation import load_parameters, evaluate
    >>> params = load_parameters()
    >>> result = evaluate(params, params.actual_2022, "equal")
    >>> result.policy["sanctions"]
    'opt_out'
    >>> float(result.contributions.sum()) == result.utility
    True
    """
    levels = policy_levels(params, policy)
    vector = params.weights(weights)
    encoded = one_hot(params, levels[None, :])
    probs = probabilities(params, encoded)
    scores = expected_scores(params, encoded, probs)[0]
    contributions = vector * scores
    return Evaluation(
        policy=policy_dict(params, levels),
        scores=scores,
        contributions=contributions,
        utility=float(contributions.sum()),
        probabilities=probs[0],
    )
