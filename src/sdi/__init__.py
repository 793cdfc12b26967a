"""sdi: the sustainable-development index of Kazakhstan's regions.

One module per step of the method:
metadata (regions and indicators) -> cleaning -> statistics -> normalisation -> index -> typology.
Every function is pure (data in, data out); reading and writing files is kept in `cleaning`
(input) and `io` (atomic output).
"""

__version__ = "0.1.0"

PILLARS = ("social", "economic", "ecological")
