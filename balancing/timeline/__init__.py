"""The course's timeline (chapters 1, 7 and 8 and the back matter).

The events themselves are data: :func:`balancing.data.timeline_events` loads them.

``queries``
    Filters by actor, theme and date, and a readable table.
``charts``
    The interactive timeline chart.
"""
