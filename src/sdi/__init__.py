"""sdi: the sustainable-development index of Kazakhstan's regions.

One module per step of the method:
metadata (regions and indicators) -> cleaning -> statistics -> normalisation -> index -> typology,
then the risk maps (risk_thresholds -> risk -> macro_regions; risk_reference reads the published
Tables 15-20), reproduction (published against recomputed) and panel (several years side by side).
Presentation: publish (Tables 7-14), risk_publish (Tables 15-24), figures, risk_figures, maps,
reproduction_report, html_report; templates writes a new year's empty files. Method steps are pure functions (data in, data out); reading input
is kept in `cleaning`/`readers`/`metadata`, writing output in `io` (atomic, reproducible).
"""

__version__ = "0.1.0"

PILLARS = ("social", "economic", "ecological")
