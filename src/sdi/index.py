"""Step 4, index construction: pillar indices, the integral index ISDR, and ranks.

Pillar index: the arithmetic mean of the pillar's included scores (equal weights).
ISDR: the sum of the three pillar indices (range 3-27).
Ranks: competition ranking (1, 2, 2, 4), the highest index first, on full precision.
"""

import pandas as pd

from . import PILLARS

INDEX_COLUMNS = ["region_id", *PILLARS, "isdr", *(f"rank_{c}" for c in (*PILLARS, "isdr"))]


def pillar_indices(scores_wide, indicators, include_column):
    """DataFrame (rows: regions) with one column per pillar: the mean of its included scores."""
    included = indicators[indicators[include_column]]
    columns = {}
    for pillar in PILLARS:
        codes = list(included.loc[included["pillar"] == pillar, "code"])
        if not codes:
            raise ValueError(f"no indicator of the {pillar} pillar is included ({include_column})")
        columns[pillar] = scores_wide[codes].mean(axis=1)
    return pd.DataFrame(columns, index=scores_wide.index)


def competition_rank(values):
    """1 for the highest value; ties share the best rank and the next rank is skipped (1, 2, 2, 4)."""
    return values.rank(method="min", ascending=False).astype(int)


def index_table(scores_wide, indicators, include_column):
    """The pillar indices, ISDR and every rank, one row per region, in the regions' order."""
    table = pillar_indices(scores_wide, indicators, include_column)
    table["isdr"] = table[list(PILLARS)].sum(axis=1)
    for column in (*PILLARS, "isdr"):
        table[f"rank_{column}"] = competition_rank(table[column])
    return table.rename_axis("region_id").reset_index()[INDEX_COLUMNS]
