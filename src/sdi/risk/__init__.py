"""The risk maps (the dissertation's Tables 15-24): `thresholds` gives each indicator's bands of high,
medium and low risk (as printed, or by the rule they follow); `classification` puts every value of
every region in a band and rolls the levels up per pillar; `macro_regions` groups the regions into
the four macro-regions and reads their scenarios.
"""
