"""The reproduction check: every number the dissertation publishes against the recomputation.

`published_tables` and `published_risk_maps` read the published tables back (as printed, in
data/reference/<year>/); `matching` is the rule for a match (within half a unit of the last printed
digit); `comparison` and `risk_comparison` compare Tables 7-14 and Tables 15-20 with the
recomputation; `inference` refits the choices the dissertation did not state from its own tables;
`diagnosis` explains each mismatch by the first candidate that fits, from `index_candidates`
(Tables 7-14) and `risk_candidates` (Tables 15-20); `check` runs all of it for a year in one call.
"""
