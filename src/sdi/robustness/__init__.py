"""The robustness audit, as the composite-indicator field does it (the OECD/JRC Handbook; the JRC's
audits): `coherence` (correlations, Cronbach's alpha, principal components, effective weights);
`uncertainty` (the uncertainty file and the Monte Carlo runs over other reasonable choices);
`sensitivity` (Sobol' indices and leave-one-out). It computes; `sdi.publish` writes the words.
"""
