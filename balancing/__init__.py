"""Course package for *Turkey's Balancing Act: Russia, NATO and the drone age*.

The notebooks teach; this package computes. Sub-modules:

``balancing.data``
    Raw-data checksums, loaders, schemas and the processed-table build.
``balancing.queries``
    Reusable questions asked of the arms-transfer data.
``balancing.charts``
    Altair chart builders (every chart carries a caption, a text alternative
    and, where SIPRI data are shown, SIPRI's credit line).
"""

__version__ = "0.1.0"
