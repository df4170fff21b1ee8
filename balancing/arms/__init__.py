"""Arms transfers (chapters 2 and 3): questions asked of SIPRI's data, and their charts.

``queries``
    Imports and exports, partners, weapon systems, periods, estimates, the two
    SIPRI sources compared.
``charts``
    Interactive charts of those answers, with SIPRI's credit line.
"""
