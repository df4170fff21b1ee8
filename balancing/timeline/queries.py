"""Questions asked of the course's timeline: who, what, since when (chapters 1, 7 and 8).

Every function takes the events loaded by :func:`balancing.data.timeline_events`
and returns a filtered or reshaped frame; unknown actors or themes are refused
with the allowed values and close matches.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pandas as pd

from balancing.data.timeline import ACTORS, THEMES


def actor_rows(events: pd.DataFrame) -> pd.DataFrame:
    """Return one row per event and actor (the ``actors`` column split).

    Parameters
    ----------
    events : pandas.DataFrame
        Output of :func:`load_events`.

    Returns
    -------
    pandas.DataFrame
        The event columns with ``actor`` (one name) instead of ``actors``.
    """
    long = events.assign(actor=events["actors"].str.split(";")).explode("actor")
    return long.drop(columns="actors").reset_index(drop=True)


def readable(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events formatted for reading: ISO date text, actors separated by commas.

    Parameters
    ----------
    events : pandas.DataFrame
        Output of :func:`load_events` (or a filtered part of it).

    Returns
    -------
    pandas.DataFrame
        The same rows and columns, with ``date`` as ``YYYY-MM-DD`` text and
        ``actors`` written ``"Turkey, Russia"``; the index is reset.
    """
    return events.assign(
        date=events["date"].dt.strftime("%Y-%m-%d"),
        actors=events["actors"].str.replace(";", ", ", regex=False),
    ).reset_index(drop=True)


def _check_choice(kind: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        close = difflib.get_close_matches(value, allowed, n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(f"unknown {kind} {value!r}; expected one of {list(allowed)}.{hint}")


def filter_events(
    events: pd.DataFrame,
    actor: str | None = None,
    theme: str | None = None,
    themes: Sequence[str] | None = None,
    since: str | None = None,
) -> pd.DataFrame:
    """Select the events that involve an actor and/or belong to a theme.

    Parameters
    ----------
    events : pandas.DataFrame
        Output of :func:`load_events`.
    actor : str, optional
        One of :data:`ACTORS`; ``None`` keeps every actor.
    theme : str, optional
        One of :data:`THEMES`; ``None`` keeps every theme.
    themes : sequence of str, optional
        Several themes at once (events in any of them).
    since : str, optional
        ISO date; keep events on or after it.

    Returns
    -------
    pandas.DataFrame
        The matching rows, in chronological order.

    Raises
    ------
    ValueError
        If ``actor`` or a theme is not a known value (the message lists the
        allowed values and suggests close matches), or ``since`` is not an
        ISO date.
    """
    keep = pd.Series(True, index=events.index)
    if actor is not None:
        _check_choice("actor", actor, ACTORS)
        keep &= events["actors"].str.split(";").map(lambda names: actor in names)
    if theme is not None:
        _check_choice("theme", theme, THEMES)
        keep &= events["theme"] == theme
    if themes is not None:
        for name in themes:
            _check_choice("theme", name, THEMES)
        keep &= events["theme"].isin(list(themes))
    if since is not None:
        start = pd.to_datetime(since, format="%Y-%m-%d", errors="coerce")
        if pd.isna(start):
            raise ValueError(f"since must be an ISO date YYYY-MM-DD, found {since!r}")
        keep &= events["date"] >= start
    return events[keep]
