"""Course package for *Turkey's Balancing Act: Russia, NATO and the drone age*.

The notebooks teach; this package computes. It is organised as the course is:
one subpackage per domain, each with ``queries`` (questions asked of the data)
and ``charts`` (their charts) where it has both. Dependencies point one way:
domains use ``data``, ``viz`` and ``paths``; ``viz`` and ``data`` use no domain.

``data``
    Every loader and schema: SIPRI's arms transfers, the context tables, the
    timeline (:func:`balancing.data.timeline_events`), the bibliography; the
    checksummed raw files and the ``python -m balancing.data build`` command.
``arms`` (chapters 2-3)
    ``queries`` and ``charts`` of the arms-transfer data.
``context`` (chapters 4-5)
    ``queries`` and ``charts`` of tourism, gas, grain and military spending.
``escalation`` (chapter 6)
    The escalation model: ``parameters``, ``model`` (the one scoring
    formula), ``analysis``, ``sequential`` (the crisis game), ``calibration``,
    ``narrative``, ``charts`` and ``explorer`` (the live widget).
``timeline`` (chapters 1, 7, 8 and the back matter)
    ``queries`` and ``charts`` of the course's dated events.
``forecasting`` (chapter 8)
    ``scores`` (the article's expectations, Brier scores) and ``charts``.
``rounds`` (the role-play and its exercise set)
    The crisis rounds, 2022-2025: ``rounds.yaml``, its loader, the game with
    carry-forward, weight presets and the model's runs, the class log, charts,
    the printed sheets and the live player.
``grading`` (instructors only)
    ``masters``, ``assign``, ``grade`` and ``otter``: otter-grader
    student versions, autograders and grading; students' code never needs it.
``viz``
    What every chart shares: title and credit, text alternative, and the
    altair renderer, chosen once by :func:`balancing.viz.enable_renderer`.
``paths``
    Where files live, however the package is installed.
``launch``, ``colab``
    Where learners run the course, from ``repository.url`` in ``_config.yml``:
    the published wheel's address and the set-up cell every notebook starts
    with (``python -m balancing.launch``); on Colab, what that cell installs.
``cli``
    The ``balancing`` command (``balancing assign``, ``balancing grade``).
"""

__version__ = "0.1.0"
