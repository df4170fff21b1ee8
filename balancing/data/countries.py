"""One spelling for every country and actor across the course.

Convention
----------
The course writes **Turkey**, the name used by the source article and by most of
the English-language literature it cites; the country's official name in
English has been *Türkiye* since 2022 and SIPRI's 2026 export spells it
``Turkiye``. Every other name follows the SIPRI trade register, except that
SIPRI's lower-case ``unknown ...`` entries are capitalised and the older names
in the 1950-2021 TIV tables are mapped to the register's. Non-state actors keep
SIPRI's trailing ``*``; organisations keep ``**``.

Use :func:`resolve` to turn what a reader types (``"Türkiye"``, ``"turkey"``,
``"USA"``) into the course's name; an unknown name raises a :class:`KeyError`
that suggests close matches.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

import pandas as pd

#: Source spelling -> course spelling, for names that differ between sources.
HARMONISED_NAMES: dict[str, str] = {
    "Turkiye": "Turkey",
    "PKK (Turkiye)*": "PKK (Turkey)*",
    "unknown rebel group*": "Unknown rebel group*",
    "unknown recipient(s)": "Unknown recipient(s)",
    "unknown supplier(s)": "Unknown supplier(s)",
    "Libya HoR*": "HoR (Libya)*",
    "PIJ (Israel/Palestine)*": "Palestinian Islamic Jihad (Israel/Palestine)*",
    # Spellings of the context datasets (SIPRI milex, EVDS, Eurostat, FAOSTAT),
    # mapped to the trade register's.
    "Türkiye": "Turkey",
    "USA": "United States",
    "United States of America": "United States",
    "Russian Federation": "Russia",
    "USSR": "Soviet Union",
    "Korea, South": "South Korea",
    "Korea, North": "North Korea",
    "United Arab Emirates": "UAE",
    "Bosnia and Herzegovina": "Bosnia-Herzegovina",
    "Congo, DR": "DR Congo",
    "Congo, Republic": "Congo",
    "Gambia, The": "Gambia",
    "Kyrgyz Republic": "Kyrgyzstan",
    "Timor Leste": "Timor-Leste",
    "German Democratic Republic": "East Germany (GDR)",
    "Yemen, North": "North Yemen",
    "Syrian Arab Republic": "Syria",
    "Republic of Moldova": "Moldova",
    "Netherlands (Kingdom of the)": "Netherlands",
    "Germany (until 1990 former territory of the FRG)": "Germany",
    "Kosovo (under United Nations Security Council Resolution 1244/99)": "Kosovo",
}

#: Everyday names readers may type, mapped to the course spelling.
ALIASES: dict[str, str] = {
    "Türkiye": "Turkey",
    "Turkiye": "Turkey",
    "USA": "United States",
    "US": "United States",
    "United States of America": "United States",
    "UK": "United Kingdom",
    "Britain": "United Kingdom",
    "Russian Federation": "Russia",
    "USSR": "Soviet Union",
    "Korea, South": "South Korea",
    "Republic of Korea": "South Korea",
    "United Arab Emirates": "UAE",
    "Czech Republic": "Czechia",
    "Vietnam": "Viet Nam",
}


def harmonise(names: pd.Series) -> pd.Series:
    """Map source spellings to the course's spellings.

    Parameters
    ----------
    names : pandas.Series of str
        Country or actor names as a source spells them.

    Returns
    -------
    pandas.Series of str
        The same names in the course's spelling; names that need no change
        are returned unchanged.
    """
    return names.replace(HARMONISED_NAMES)


def _fold(name: str) -> str:
    """Lower-case and strip accents, for forgiving comparisons."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def resolve(name: str, known: Iterable[str]) -> str:
    """Return the course's spelling of ``name``, or explain what was expected.

    Matching ignores case and accents and accepts common aliases
    (``"Türkiye"``, ``"USA"``, ``"UK"``...).

    Parameters
    ----------
    name : str
        What the reader typed.
    known : iterable of str
        The names present in the data being queried.

    Returns
    -------
    str
        A member of ``known``.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    KeyError
        If no known name matches; the message suggests the closest ones.
    """
    if not isinstance(name, str):
        raise TypeError(f"expected a country name as a string, got {type(name).__name__}")
    known_list = sorted(set(known))
    by_folded = {_fold(k): k for k in known_list}
    for candidate in (name, ALIASES.get(name.strip(), ""), HARMONISED_NAMES.get(name, "")):
        if candidate and _fold(candidate) in by_folded:
            return by_folded[_fold(candidate)]
    for alias, target in ALIASES.items():
        if _fold(alias) == _fold(name) and _fold(target) in by_folded:
            return by_folded[_fold(target)]
    close = difflib.get_close_matches(_fold(name), list(by_folded), n=3, cutoff=0.6)
    hint = (
        "did you mean " + " or ".join(repr(by_folded[c]) for c in close) + "?"
        if close
        else "check the spelling; the course writes e.g. 'Turkey', 'Russia', 'United States'."
    )
    raise KeyError(f"unknown country or actor {name!r}: {hint}")
