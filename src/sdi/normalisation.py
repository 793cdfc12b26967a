"""Step 3, normalisation: every indicator to a score from 1 (worst region) to 9 (best region).

    positive (direction  1): 1 + 8 * (x - min) / (max - min)
    negative (direction -1): 1 + 8 * (max - x) / (max - min)

min and max are taken over the regions that have a value (never the national row).
Two cases the formula leaves open, decided here:
- a constant indicator (max == min) gives every region 5, the middle of the scale: it carries no
  information, and a constant added to every region changes no pillar-index rank;
- a missing value, under the `worst` policy (the dissertation's), scores 1, the worst score. The
  dissertation's Table 12 gives exactly 1.0 to its two blank B46 cells (B46's minimum is 0, so
  Excel's reading of a blank as 0 gives the same 1.0).
"""

import pandas as pd

from .errors import InputError

CONSTANT_SCORE = 5.0
MISSING_POLICIES = {"worst": 1.0}


def minmax_scores(values, direction, missing="worst"):
    """Scores 1-9 for one indicator; `values` is a Series over regions, `direction` 1 or -1."""
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1, not {direction!r}")
    if missing not in MISSING_POLICIES:
        raise ValueError(f"unknown missing-value policy {missing!r}; choose one of {', '.join(MISSING_POLICIES)}")
    x = pd.Series(values, dtype=float)
    if x.notna().sum() == 0:
        raise InputError("no region has a value, so it cannot be scored", column=x.name)
    lo, hi = x.min(), x.max()
    if hi == lo:
        scores = pd.Series(CONSTANT_SCORE, index=x.index)
    else:
        share = (x - lo) / (hi - lo)
        scores = 1 + 8 * (share if direction == 1 else 1 - share)
    return scores.where(x.notna(), MISSING_POLICIES[missing]).rename(x.name)


def score_table(wide, indicators, direction_column, missing="worst"):
    """Scores for every column of `wide` (rows: regions, columns: indicator codes)."""
    direction = dict(zip(indicators["code"], indicators[direction_column]))
    return pd.DataFrame({code: minmax_scores(wide[code], int(direction[code]), missing) for code in wide.columns},
                        index=wide.index)


def scores_long(clean, scores_wide):
    """The contract's long layout: region_id, indicator, pillar, value, score (regions only, clean's order)."""
    regional = clean[clean["region_id"].isin(scores_wide.index)].copy()
    stacked = scores_wide.stack(future_stack=True).rename("score")
    regional["score"] = stacked.reindex(pd.MultiIndex.from_frame(regional[["region_id", "indicator"]])).to_numpy()
    return regional.reset_index(drop=True)[["region_id", "indicator", "pillar", "value", "score"]]
