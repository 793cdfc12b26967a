"""The method: from clean values to scores, pillar indices, ISDR, ranks and levels.

`methods` says what a method is (which metadata columns it reads; `thesis` and `corrected`) and the
missing-value policies; `context` loads what a notebook needs for a year and a method (`load_run`) and
keeps method.json; `statistics` gives the descriptive statistics; `normalisation` the 1-9 scores; `index`
the pillar indices, ISDR and ranks; `typology` the low / medium / high levels; `panel` several years side by
side. `normalisation` and `index` compute through `scoring`, one vectorised core for a year, a panel and a
batch of Monte Carlo runs. The steps are pure functions (data in, data out); `context` and
`panel.read_years` read and write the pipeline's files.
"""
