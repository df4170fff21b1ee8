"""Course package for *Turkey's Balancing Act: Russia, NATO and the drone age*.

The notebooks teach; this package computes.

Data
    ``balancing.data`` (raw-file checksums, loaders, pandera schemas, the
    ``python -m balancing.data build`` command), ``balancing.timeline`` (the
    course's dated events), ``balancing.citations`` (keys in ``references.bib``).
Questions asked of the data
    ``balancing.queries`` and ``balancing.arms_queries`` (SIPRI arms transfers),
    ``balancing.context_queries`` (tourism, gas, grain, military expenditure),
    ``balancing.forecasting`` (the article's expectations, Brier scores).
Charts
    ``balancing.charts``, ``balancing.arms_charts``, ``balancing.context_charts``,
    ``balancing.timeline_charts``, ``balancing.forecast_charts``,
    ``balancing.escalation_charts``: every chart carries a title, a text
    alternative computed from its data and its sources' credit line;
    ``balancing.rendering`` chooses altair's renderer (offline in the book and
    in live notebooks).
The escalation model
    ``balancing.escalation`` (parameters, model, analysis, sequential crisis,
    calibration) and ``balancing.widgets`` (the live explorer).
Exercises
    ``balancing.assignments`` and ``balancing.cli`` (``balancing assign``,
    ``balancing grade``: otter-grader student versions, autograders, grading).
"""

__version__ = "0.1.0"
