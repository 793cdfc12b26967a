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
