"""Tests of balancing.prose: values that MyST's {eval} shows in a sentence."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.core.formatters import PlainTextFormatter

from balancing import prose

QUOTED = "Turkey's share, in SIPRI's words \"uncertain\"\nfor 2024"


def test_prose_shows_its_text_as_plain_text_without_quotes_or_escapes():
    # What myst-nb and jupyterlab-myst put in the sentence is the text/plain form.
    assert PlainTextFormatter()(prose.Prose(QUOTED)) == QUOTED


def test_a_plain_string_with_both_quotes_would_show_backslashes():
    # Why Prose exists: both renderers strip one pair of quotes from repr(), nothing more.
    assert "\\'" in PlainTextFormatter()(QUOTED)


def test_prose_is_still_a_string():
    text = prose.Prose("29%")
    assert text == "29%"
    assert isinstance(text, str)


def test_figure_text_is_the_charts_description_on_one_line():
    description = (
        "A bar chart of second-hand and modernised second-hand deliveries by year, "
        "1995-2024, with values from 0 to 1,250 million TIV; the largest bar is Vega-Lite's."
    )
    chart = alt.Chart(pd.DataFrame({"x": [1]}), description=description).mark_bar()
    text = prose.figure_text(chart)
    assert text == description
    assert isinstance(text, prose.Prose)
