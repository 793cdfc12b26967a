"""sdi: the sustainable-development index of Kazakhstan's regions.

One module per step of the method:
metadata (regions and indicators) -> cleaning -> statistics -> normalisation -> index -> typology,
then the risk maps (risk_thresholds -> risk -> macro_regions; risk_reference reads the published
Tables 15-20), the reproduction check: reference (the published numbers read) -> matching (the rule) ->
reproduction (published against recomputed, the summary; risk_reproduction for Tables 15-20 and the
text on the risks) -> diagnosis (the engine) with candidates (the explanations tried, in order), and
inference (the thesis's unstated choices refitted from the published tables); and panel (several years
side by side). normalisation and index compute through scoring, one vectorised core for a year, a
panel and a batch of Monte Carlo runs. The robustness audit: coherence (statistical coherence),
uncertainty (the uncertainty file, Monte Carlo runs) and sensitivity (Sobol' indices, leave-one-out).
Presentation: publish (Tables 7-14), risk_publish (Tables 15-24), figures, risk_figures, maps,
reproduction_report, risk_report (its section on the risk maps), robustness_figures, robustness_report,
html_report; templates writes a new year's empty files. Method steps are pure functions (data in, data
out); reading input is kept in `cleaning`/`readers`/`metadata`/`reference`, writing output in `io`
(atomic, reproducible).
"""

__version__ = "0.1.0"

PILLARS = ("social", "economic", "ecological")
