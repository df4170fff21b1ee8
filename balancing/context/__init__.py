"""Context of the balancing act (chapters 4 and 5): tourism, gas, grain, military spending.

``queries``
    Questions asked of the context tables (and NATO's membership by year).
``charts``
    Their charts, each with its source's credit line.
"""
