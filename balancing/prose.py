"""Values that sentences show: text for MyST's ``{eval}`` role, in the book and in JupyterLab.

A chapter's prose names a variable with ``{eval}`name```, and the value appears
in the sentence: myst-nb evaluates it while it builds the book, and
``jupyterlab-myst`` when a student runs the notebook in JupyterLab. Both show a
value's plain-text form, ``repr(value)`` for a string, and strip one pair of
outer quotes from it. Whatever ``repr`` escapes stays escaped, so a text with
both kinds of quote, or a line break, would appear with backslashes.
:class:`Prose` is a string whose plain-text form is the text itself, and
:func:`figure_text` gives a chart's text alternative as one such line, for the
"Text description" under each figure.

Numbers are formatted in the notebook with an f-string (``f"{share:.0%}"``); a
plain string suffices for them.
"""

from __future__ import annotations

import sys
from typing import Any

from balancing import viz


class Prose(str):
    """A string shown as it is, without quotes or escapes, where ``{eval}`` places it."""

    __slots__ = ()

    def __repr__(self) -> str:
        """Return the text itself: Jupyter shows a value's ``repr`` as its plain text."""
        return str(self)


def figure_text(chart: Any) -> Prose:
    """Return a chart's text alternative as one line of prose.

    Parameters
    ----------
    chart : altair chart
        A chart built by one of the course's builders (each sets ``description``).

    Returns
    -------
    Prose
        The description on one line (:func:`balancing.viz.text_alternative` wraps it
        for printing), so that it reads as one paragraph.

    Raises
    ------
    ValueError
        If the chart has no text alternative.
    """
    return Prose(viz.text_alternative(chart, width=sys.maxsize))
