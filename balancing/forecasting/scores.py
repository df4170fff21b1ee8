"""Scoring forecasts: the Brier score, and the article's expectations as forecasts.

A *forecast* here is a probability, between 0 and 1, that a clearly stated
event happens by a stated date; the *outcome* is 1 if it did and 0 if it did
not. The Brier score of a set of forecasts is the mean squared difference
between probabilities and outcomes: 0 is perfect, 1 is as wrong as possible,
and always answering 0.5 scores 0.25.

:data:`EXPECTATIONS` turns the possibilities Pierini's article discussed
(25 January 2022) into checkable statements. Only those whose outcome can be
coded fairly from a cited source are *scored*; the others are kept, with the
reason, so that students can see why they are not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The forecast that expresses no view: its Brier score is 0.25 whatever happens.
NO_VIEW = 0.5


@dataclass(frozen=True)
class Expectation:
    """One expectation of the article, stated so that it can be checked.

    Attributes
    ----------
    key : str
        Short identifier used as the name of a forecast.
    statement : str
        The checkable statement.
    resolve_by : str
        ISO date by which the outcome is judged.
    outcome : int or None
        1 if the statement came true by ``resolve_by``, 0 if not, ``None``
        if the outcome is arguable and the expectation is not scored.
    source : str
        Citation key (``references.bib``) of the evidence for the outcome.
    coding : str
        How the outcome was coded, or why it is not scored.
    """

    key: str
    statement: str
    resolve_by: str
    outcome: int | None
    source: str
    coding: str


EXPECTATIONS: tuple[Expectation, ...] = (
    Expectation(
        key="mediation_offered",
        statement="Turkey will offer to mediate between Russia and Ukraine and host talks.",
        resolve_by="2022-12-31",
        outcome=1,
        source="reuters2022antalya",
        coding="Turkey hosted the Russian and Ukrainian foreign ministers in Antalya on "
        "10 March 2022 and the delegations in Istanbul on 29 March 2022.",
    ),
    Expectation(
        key="moscow_accepts_mediation",
        statement="While Turkey stays out of NATO operations in the Black Sea, Moscow will "
        "accept Turkey as a go-between and sign an agreement it brokers.",
        resolve_by="2022-12-31",
        outcome=1,
        source="invest2022grain",
        coding="Russia signed the Black Sea Grain Initiative, brokered by Turkey and the "
        "UN, in Istanbul on 22 July 2022. The article asked why Moscow would accept "
        "Ankara's mediation if Turkey joined NATO operations; the statement is the "
        "converse, and coding it is an interpretation.",
    ),
    Expectation(
        key="turkey_joins_sanctions",
        statement="Turkey will join the sanctions its NATO allies impose on Russia.",
        resolve_by="2022-12-31",
        outcome=0,
        source="hurriyet2022nosanctions",
        coding="Turkey's presidential spokesman said on 1 March 2022 that Turkey would "
        "not join the sanctions, citing its gas, tourism and farm trade with Russia; he "
        "repeated it on 26 June 2022 (ani2022kalin). The article noted that Turkey could "
        "limit its involvement or opt out; it did not predict either choice.",
    ),
    Expectation(
        key="moscow_stops_tourism",
        statement="Moscow will stop Russian tourism to Turkey, as it did in 2015-2016.",
        resolve_by="2022-12-31",
        outcome=0,
        source="vestikavkaza2023tourism",
        coding="Arrivals from Russia in 2022 were reported at 5.23 million, 11.5 % more "
        "than in 2021. The article listed this as one of Moscow's options, not as a "
        "prediction.",
    ),
    Expectation(
        key="turkey_in_black_sea_operations",
        statement="Turkish frigates or air tankers will take part in combined NATO "
        "operations over or in the Black Sea.",
        resolve_by="2022-12-31",
        outcome=None,
        source="duvar2022straits",
        coding="Not scored. Turkey warned all states not to send warships through the "
        "Straits on 28 February 2022, but the course has no source that settles whether "
        "Turkish aircraft or ships took part in any NATO activity in the Black Sea.",
    ),
    Expectation(
        key="moscow_hardens_syria",
        statement="Moscow will harden its stance against Turkish troops in northern Syria.",
        resolve_by="2022-12-31",
        outcome=None,
        source="pierini2022",
        coding="Not scored: 'hardened stance' has no agreed measure, and the course has "
        "no source that judges it.",
    ),
)


def _as_array(values: Iterable[float], name: str) -> np.ndarray:
    try:
        array = np.asarray(list(values), dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, found {values!r}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of numbers")
    return array


def check_probability(name: str, value: object) -> float:
    """Check that one forecast is a probability and return it as a float.

    Parameters
    ----------
    name : str
        The forecast's name, for the message.
    value : object
        What the student entered.

    Returns
    -------
    float
        The probability.

    Raises
    ------
    ValueError
        If ``value`` is not a number between 0 and 1 (a percentage such as 70
        is rejected with a hint to write 0.7).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ValueError(f"{name}: expected a probability between 0 and 1, found {value!r}")
    number = float(value)
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        hint = f" (write {number / 100:g}, not {number:g})" if 1 < number <= 100 else ""
        raise ValueError(f"{name}: expected a probability between 0 and 1, found {value!r}{hint}")
    return number


def brier_score(probabilities: Sequence[float], outcomes: Sequence[int]) -> float:
    """Mean squared difference between forecast probabilities and outcomes.

    Parameters
    ----------
    probabilities : sequence of float
        Forecast probabilities, each in [0, 1].
    outcomes : sequence of int
        What happened: 1 (the event occurred) or 0 (it did not), in the same
        order.

    Returns
    -------
    float
        The Brier score, between 0 (perfect) and 1 (always certain and wrong).

    Raises
    ------
    ValueError
        If the sequences are empty or of different lengths, a probability is
        outside [0, 1] or not a number, or an outcome is not 0 or 1.

    Examples
    --------
    >>> brier_score([0.9, 0.2], [1, 0])
    0.025
    """
    p = _as_array(probabilities, "probabilities")
    o = _as_array(outcomes, "outcomes")
    if p.size == 0:
        raise ValueError("no forecasts to score: probabilities is empty")
    if p.size != o.size:
        raise ValueError(
            f"expected one outcome per probability, found {p.size} probabilities "
            f"and {o.size} outcomes"
        )
    bad_p = np.isnan(p) | (p < 0) | (p > 1)
    if bad_p.any():
        at = int(np.argmax(bad_p))
        raise ValueError(
            f"probabilities must be between 0 and 1; item {at} is {probabilities[at]!r}"
        )
    bad_o = ~np.isin(o, (0.0, 1.0))
    if bad_o.any():
        at = int(np.argmax(bad_o))
        raise ValueError(f"outcomes must be 0 or 1; item {at} is {outcomes[at]!r}")
    return float(np.mean((p - o) ** 2))


def expectations_table() -> pd.DataFrame:
    """All expectations as a table, scored and unscored.

    Returns
    -------
    pandas.DataFrame
        Columns ``key``, ``statement``, ``resolve_by``, ``outcome`` (``Int64``,
        missing when not scored), ``source``, ``coding``.
    """
    table = pd.DataFrame([vars(expectation) for expectation in EXPECTATIONS])
    return table.astype({"outcome": "Int64"})


def expectations_markdown() -> str:
    """All expectations as a Markdown list, for display in a notebook or the book.

    Returns
    -------
    str
        One bullet per expectation: key, statement, outcome (or *not scored*),
        resolution date, source key and the coding note.
    """
    items = []
    for e in EXPECTATIONS:
        verdict = "not scored" if e.outcome is None else f"outcome **{e.outcome}**"
        items.append(
            f"- **`{e.key}`**: {e.statement} ({verdict}, judged by {e.resolve_by}; "
            f"source `{e.source}`.) *Coding:* {e.coding}"
        )
    return "\n".join(items)


def scored_expectations() -> tuple[Expectation, ...]:
    """Return the expectations whose outcome is coded (0 or 1)."""
    return tuple(e for e in EXPECTATIONS if e.outcome is not None)


def score_forecasts(forecasts: Mapping[str, float]) -> pd.DataFrame:
    """Score probabilities given to the scored expectations.

    Parameters
    ----------
    forecasts : mapping of str to float
        One probability per key of :func:`scored_expectations`, e.g.
        ``{"mediation_offered": 0.8, ...}``.

    Returns
    -------
    pandas.DataFrame
        One row per expectation: ``key``, ``probability``, ``outcome`` and
        ``squared_error``; the Brier score is the mean of ``squared_error``.

    Raises
    ------
    ValueError
        If a scored expectation has no forecast, a key is unknown or not
        scored, or a value is not a probability.
    """
    scored = {e.key: e for e in scored_expectations()}
    unscored = {e.key for e in EXPECTATIONS} - set(scored)
    unexpected = [key for key in forecasts if key not in scored]
    if unexpected:
        reasons = [
            f"{key!r} is not scored (its outcome is arguable)"
            if key in unscored
            else f"{key!r} is not an expectation"
            for key in unexpected
        ]
        raise ValueError("; ".join(reasons) + f". Scored keys: {sorted(scored)}")
    absent = [key for key in scored if key not in forecasts]
    if absent:
        raise ValueError(f"missing forecast(s) for {absent}; give a probability for each")
    rows = [
        {
            "key": key,
            "probability": check_probability(key, forecasts[key]),
            "outcome": expectation.outcome,
        }
        for key, expectation in scored.items()
    ]
    table = pd.DataFrame(rows)
    table["squared_error"] = (table["probability"] - table["outcome"]) ** 2
    return table
