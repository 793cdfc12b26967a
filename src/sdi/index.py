"""Step 4, index construction: pillar indices, the integral index ISDR, and ranks.

Pillar index: the arithmetic mean of the pillar's included scores (equal weights). A score that is
missing (the `available` missing-value policy) is left out of the mean; a region with fewer than
`min_coverage` of the pillar's scores gets no index (NaN), hence no ISDR and no rank.
ISDR: the sum of the three pillar indices (range 3-27).
Ranks: competition ranking (1, 2, 2, 4), the highest index first, on the value rounded to
`COMPARED_DECIMALS` decimals: far finer than anything printed, but coarse enough that two indices
that are mathematically equal (the same scores summed in another order can differ in the last bit)
share a rank.
"""

import pandas as pd

from . import PILLARS

COMPARED_DECIMALS = 9  # ranks and levels compare indices rounded to this many decimals
INDEX_COLUMNS = ["region_id", *PILLARS, "isdr", *(f"rank_{c}" for c in (*PILLARS, "isdr"))]


def pillar_indices(scores_wide, indicators, include_column, min_coverage=0.0):
    """DataFrame (rows: regions) with one column per pillar: the mean of its included scores that exist,
    NaN where less than `min_coverage` (a share, 0-1) of them exist."""
    included = indicators[indicators[include_column]]
    columns = {}
    for pillar in PILLARS:
        codes = list(included.loc[included["pillar"] == pillar, "code"])
        if not codes:
            raise ValueError(f"no indicator of the {pillar} pillar is included ({include_column})")
        scores = scores_wide[codes]
        coverage = scores.notna().sum(axis=1) / len(codes)
        columns[pillar] = scores.mean(axis=1).where(coverage >= min_coverage)
    return pd.DataFrame(columns, index=scores_wide.index)


def competition_rank(values):
    """1 for the highest value; ties share the best rank and the next rank is skipped (1, 2, 2, 4).
    Values equal to `COMPARED_DECIMALS` decimals are ties. A missing value gets no rank (<NA>)."""
    return values.round(COMPARED_DECIMALS).rank(method="min", ascending=False).astype("Int64")


def index_table(scores_wide, indicators, include_column, min_coverage=0.0):
    """The pillar indices, ISDR and every rank, one row per region, in the regions' order."""
    table = pillar_indices(scores_wide, indicators, include_column, min_coverage)
    table["isdr"] = table[list(PILLARS)].sum(axis=1, min_count=len(PILLARS))
    for column in (*PILLARS, "isdr"):
        table[f"rank_{column}"] = competition_rank(table[column])
    return table.rename_axis("region_id").reset_index()[INDEX_COLUMNS]
