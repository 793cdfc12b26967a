"""Step 4, index construction: pillar indices, the integral index ISDR, and ranks.

Pillar index: the weighted arithmetic mean of the pillar's included scores (the `weight` column of
indicators.csv; 1 for every indicator, the thesis's equal weights). A score that is
missing (the `available` missing-value policy) is left out of the mean; a region with fewer than
`min_coverage` of the pillar's scores gets no index (NaN), hence no ISDR and no rank.
ISDR: the sum of the three pillar indices (range 3-27).
Ranks: competition ranking (1, 2, 2, 4), the highest index first, on the value rounded to
`scoring.COMPARED_DECIMALS` decimals: far finer than anything printed, but coarse enough that two indices
that are mathematically equal (the same scores summed in another order can differ in the last bit)
share a rank.
The arithmetic is `sdi.method.scoring`'s, the one vectorised core for a year, a panel and Monte Carlo runs;
`worked_pillar_index` works one pillar index out term by term, for the notebook to check against the table.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from sdi import PILLARS
from sdi.method import scoring

INDEX_COLUMNS = ["region_id", *PILLARS, "isdr", *(f"rank_{c}" for c in (*PILLARS, "isdr"))]


def indicator_weights(indicators: pd.DataFrame, include_column: str) -> np.ndarray:
    """Each indicator's weight in its pillar index: its `weight` (1 if the table has no such column),
    0 where it is not included."""
    weights = indicators["weight"].to_numpy(dtype=float) if "weight" in indicators else np.ones(len(indicators))
    return np.where(indicators[include_column].to_numpy(dtype=bool), weights, 0.0)


def pillar_columns(codes: Iterable[str], indicators: pd.DataFrame, include_column: str) -> list[list[int]]:
    """For each pillar, the positions in `codes` of its included indicators."""
    position = {code: i for i, code in enumerate(codes)}
    included = indicators[indicators[include_column]]
    columns: list[list[int]] = []
    for pillar in PILLARS:
        own = [position[c] for c in included.loc[included["pillar"] == pillar, "code"]]
        if not own:
            raise ValueError(f"no indicator of the {pillar} pillar is included ({include_column})")
        columns.append(own)
    return columns


def pillar_indices(
    scores_wide: pd.DataFrame, indicators: pd.DataFrame, include_column: str, *, min_coverage: float = 0.0
) -> pd.DataFrame:
    """DataFrame (rows: regions) with one column per pillar: the weighted mean of its included scores
    that exist, NaN where less than `min_coverage` (a share, 0-1) of them exist."""
    codes = list(scores_wide.columns)
    weights = pd.Series(indicator_weights(indicators, include_column), index=indicators["code"]).reindex(codes)
    values = scoring.pillar_indices(
        scores_wide.to_numpy(dtype=float),
        weights.to_numpy(),
        pillar_columns(codes, indicators, include_column),
        method="arithmetic",
        min_coverage=min_coverage,
    )
    return pd.DataFrame(values, index=scores_wide.index, columns=list(PILLARS))


def competition_rank(values: pd.Series, groups: npt.ArrayLike | None = None) -> pd.Series:
    """1 for the highest value; ties share the best rank and the next rank is skipped (1, 2, 2, 4).
    Values equal to `COMPARED_DECIMALS` decimals are ties. A missing value gets no rank (<NA>).
    `groups` (one label per value, in contiguous blocks of equal size, like a panel's years): ranks
    within each group."""
    v = values.to_numpy(dtype=float)
    blocks = 1 if groups is None else scoring.equal_blocks(groups)
    ranks = scoring.competition_ranks(v.reshape(blocks, -1)).reshape(v.shape)
    return pd.Series(ranks, index=values.index).astype("Int64")


def index_table(
    scores_wide: pd.DataFrame,
    indicators: pd.DataFrame,
    include_column: str,
    *,
    min_coverage: float = 0.0,
    by: str | None = None,
) -> pd.DataFrame:
    """The pillar indices, ISDR and every rank, one row per region, in the regions' order.

    `by`: an index level (a panel's `year`) within whose values the ranks are counted; the table then
    starts with that column."""
    table = pillar_indices(scores_wide, indicators, include_column, min_coverage=min_coverage)
    table["isdr"] = scoring.integral_index(table[list(PILLARS)].to_numpy())
    groups = None if by is None else table.index.get_level_values(by)
    for column in (*PILLARS, "isdr"):
        table[f"rank_{column}"] = competition_rank(table[column], groups)
    if by is not None:
        return table.reset_index()[[by, *INDEX_COLUMNS]]
    return table.rename_axis("region_id").reset_index()[INDEX_COLUMNS]


@dataclass(frozen=True)
class WorkedIndex:
    """One region's pillar index, term by term (`worked_pillar_index`)."""

    region_id: str
    pillar: str
    codes: tuple[str, ...]  # the pillar's included indicators that have a score, in indicators.csv's order
    scores: tuple[float, ...]
    weights: tuple[float, ...]
    left_out: tuple[str, ...]  # the pillar's indicators not in the index (include_column false)
    blank: tuple[str, ...]  # included indicators without a score (the `available` policy)
    total: float  # the weighted sum of the scores
    weight_total: float
    coverage: float  # the share of the included indicators that have a score
    index: float  # total / weight_total; NaN below min_coverage

    def matches(self, value: float) -> bool:
        """Whether `value` (a table's) is this index, compared to 9 decimals as ranks and levels are."""
        if np.isnan(value) or np.isnan(self.index):
            return bool(np.isnan(value)) and bool(np.isnan(self.index))
        return round(float(value), scoring.COMPARED_DECIMALS) == round(self.index, scoring.COMPARED_DECIMALS)


def worked_pillar_index(
    scores_wide: pd.DataFrame,
    indicators: pd.DataFrame,
    include_column: str,
    *,
    region_id: str,
    pillar: str,
    min_coverage: float = 0.0,
) -> WorkedIndex:
    """The `pillar` index of `region_id`, summed score by score in plain Python the way the module docstring
    writes it (not by the vectorised core): a check of the core."""
    own = indicators[indicators["pillar"] == pillar]
    included = own[own[include_column].astype(bool)]
    row = scores_wide.loc[region_id]
    weights = dict(zip(indicators["code"], indicator_weights(indicators, include_column)))
    scored = [c for c in included["code"] if not np.isnan(row[c])]
    total = sum(weights[c] * float(row[c]) for c in scored)
    weight_total = sum(weights[c] for c in scored)
    coverage = len(scored) / len(included)
    return WorkedIndex(
        region_id=region_id,
        pillar=pillar,
        codes=tuple(scored),
        scores=tuple(float(row[c]) for c in scored),
        weights=tuple(weights[c] for c in scored),
        left_out=tuple(own.loc[~own[include_column].astype(bool), "code"]),
        blank=tuple(c for c in included["code"] if c not in scored),
        total=total,
        weight_total=weight_total,
        coverage=coverage,
        index=total / weight_total if scored and coverage >= min_coverage else float("nan"),
    )
