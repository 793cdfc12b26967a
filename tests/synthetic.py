"""A synthetic second year for tests: 2023's values, each moved by up to ±10 %, kept in its plausible
range, with two cells left empty. Generated in the test's folder, never committed."""

import numpy as np
import pandas as pd

# (the two B46 cells blank in 2023 stay blank)
MISSING_CELLS = {("social", "Абай", "B3"), ("ecological", "Астана қаласы", "B44")}


def write_year(raw, year=2024, seed=1):
    rng = np.random.default_rng(seed)
    ranges = pd.read_csv(raw / "plausible_ranges.csv").set_index("code")
    (raw / str(year)).mkdir()
    for pillar in ("social", "economic", "ecological"):
        table = pd.read_csv(raw / "2023" / f"{pillar}.csv")
        codes = table.columns[1:]
        moved = table[codes] * rng.uniform(0.9, 1.1, size=table[codes].shape)
        table[codes] = moved.clip(ranges.loc[codes, "lower"], ranges.loc[codes, "upper"], axis=1).round(2)
        for p, region, code in MISSING_CELLS:
            if p == pillar:
                table.loc[table.region == region, code] = np.nan
        table.to_csv(raw / str(year) / f"{pillar}.csv", index=False, lineterminator="\n")


def write_year_on_map(raw, year, seed=1, *, fill_empty=False):
    """A synthetic `year` on that year's map of regions (16 units until 2017, 17 in 2018-2021): one row per unit
    and the national row, named by Kazakh names (South Kazakhstan by its name in territories.csv); a unit that
    covered several of today's regions gets the mean of their 2023 values (the national row 2023's), then every
    value moves by up to ±10 % within its plausible range. `fill_empty`: the folder's files are kept and only their
    empty cells are filled (what `make import-sdg` left for a person)."""
    import csv

    from sdi.inputs.metadata import alias_map, load_regions, load_territories, normalise_name, regions_of_year

    rng = np.random.default_rng(seed)
    regions = load_regions(raw / "regions.csv")
    units = regions_of_year(regions, load_territories(raw / "territories.csv", regions), year)
    ranges = pd.read_csv(raw / "plausible_ranges.csv").set_index("code")
    folder = raw / str(year)
    folder.mkdir(exist_ok=True)
    aliases = alias_map(regions)
    for pillar in ("social", "economic", "ecological"):
        today = pd.read_csv(raw / "2023" / f"{pillar}.csv")
        today = today.assign(region_id=[aliases[normalise_name(n)] for n in today.region])
        codes = list(today.columns[1:-1])
        today = today.set_index("region_id")[codes]
        table = pd.DataFrame(
            [today.loc[t.split("|") if t else ["KZ"]].mean().to_numpy() for t in units.territory], columns=codes
        ).fillna(today.mean())
        moved = table * rng.uniform(0.9, 1.1, size=table.shape)
        table = moved.clip(ranges.loc[codes, "lower"], ranges.loc[codes, "upper"], axis=1).round(2)
        table.insert(0, "region", list(units.name_kk))
        path = folder / f"{pillar}.csv"
        if fill_empty:
            kept = pd.read_csv(path, dtype=str, keep_default_na=False)
            synthetic = table.set_index("region")
            for code in codes:
                empty = kept[code] == ""  # the national row too: the risk thresholds' rule needs it
                kept.loc[empty, code] = [f"{synthetic.at[r, code]:g}" for r in kept.region[empty]]
            kept.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        else:
            table.to_csv(path, index=False, lineterminator="\n")
    return units
