"""Step 3, normalisation: every indicator to a score from 1 (worst region) to 9 (best region).

    positive (direction  1): 1 + 8 * (x - min) / (max - min)
    negative (direction -1): 1 + 8 * (max - x) / (max - min)

min and max are taken over the regions that have a value (never the national row).
Two cases the formula leaves open, decided here:
- a constant indicator (max == min) gives every region 5, the middle of the scale: it carries no
  information, and a constant added to every region changes no pillar-index rank;
- a missing value depends on the run's missing-value policy:
  `worst` (the default, the dissertation's): it takes the indicator's worst observed value, so it
  scores 1, the worst score (5 if every value that exists is the same: the blank is then no worse).
  The dissertation's Table 12 gives exactly 1.0 to its two blank B46 cells (B46's minimum is 0, so
  Excel's reading of a blank as 0 gives the same 1.0);
  `available`: it gets no score (NaN), and the pillar index is the mean of the scores that exist
  (see `sdi.method.index`).
The formulas live in `sdi.method.scoring` (one vectorised core for a year, a panel and Monte Carlo runs);
this module is its table-shaped face for the pipeline. `worked_score` works one score out term by term,
as a reader would by hand, for the notebook to check against the table.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdi.errors import InputError
from sdi.method import scoring
from sdi.method.methods import MISSING_VALUE_POLICIES

CONSTANT_SCORE = scoring.CONSTANT_MINMAX


def _check(directions: np.ndarray, missing: str) -> None:
    if not np.isin(directions, (1, -1)).all():
        raise ValueError(f"direction must be 1 or -1, not {sorted(set(directions.tolist()) - {1, -1})}")
    if missing not in MISSING_VALUE_POLICIES:
        raise ValueError(f"unknown missing-value policy {missing!r}; choose one of {', '.join(MISSING_VALUE_POLICIES)}")


def minmax_scores(values: pd.Series, direction: int, missing: str = "worst") -> pd.Series:
    """Scores 1-9 for one indicator; `values` is a Series over regions, `direction` 1 or -1."""
    x = pd.Series(values, dtype=float)
    _check(np.array([direction]), missing)
    if x.notna().sum() == 0:
        raise InputError("no region has a value, so it cannot be scored", column=x.name)
    scores = scoring.normalise(x.to_numpy()[:, None], np.array([direction]), "minmax", missing=missing)[:, 0]
    return pd.Series(scores, index=x.index, name=x.name)


def score_table(
    wide: pd.DataFrame,
    indicators: pd.DataFrame,
    direction_column: str,
    *,
    missing: str = "worst",
    by: str | None = None,
) -> pd.DataFrame:
    """Scores for every column of `wide` (rows: regions, columns: indicator codes), all at once.

    `by`: an index level (a panel's `year`) whose values split the rows into groups with their own
    min and max; the groups go through the core as one (groups, regions, indicators) array."""
    directions = indicators.set_index("code")[direction_column].reindex(wide.columns).to_numpy()
    _check(directions, missing)
    values = wide.to_numpy(dtype=float)
    groups = 1 if by is None else scoring.equal_blocks(wide.index.get_level_values(by))
    cube = values.reshape(groups, -1, values.shape[1])
    empty = np.isnan(cube).all(axis=1).any(axis=0)
    if empty.any():
        raise InputError("no region has a value, so it cannot be scored", column=wide.columns[empty][0])
    scores = scoring.normalise(cube, directions, "minmax", missing=missing).reshape(values.shape)
    return pd.DataFrame(scores, index=wide.index, columns=wide.columns)


def scores_long(clean: pd.DataFrame, scores_wide: pd.DataFrame) -> pd.DataFrame:
    """The contract's long layout: region_id, indicator, pillar, value, score (regions only, clean's order)."""
    regional = clean[clean["region_id"].isin(scores_wide.index)].copy()
    stacked = scores_wide.stack(future_stack=True).rename("score")
    regional["score"] = stacked.reindex(pd.MultiIndex.from_frame(regional[["region_id", "indicator"]])).to_numpy()
    return regional.reset_index(drop=True)[["region_id", "indicator", "pillar", "value", "score"]]


def scores_wide(scores: pd.DataFrame) -> pd.DataFrame:
    """The long layout back to wide: rows region_id, columns indicator codes, both in the order they first appear."""
    wide = scores.pivot(index="region_id", columns="indicator", values="score")
    return wide.loc[scores["region_id"].unique(), scores["indicator"].unique()]


@dataclass(frozen=True)
class WorkedScore:
    """One region's score on one indicator, term by term (`worked_score`)."""

    region_id: str
    value: float  # the value scored: the region's, or under `worst` a blank's worst observed value
    blank: bool  # the region's cell was empty
    minimum: float
    maximum: float
    at_minimum: tuple[str, ...]  # the regions whose value is the minimum
    at_maximum: tuple[str, ...]
    direction: int  # 1: higher is better; -1: higher is worse
    distance: float  # x - min where higher is better, max - x where higher is worse
    span: float  # max - min
    score: float  # 1 + 8 * distance / span; CONSTANT_SCORE when span is 0; NaN for a blank left unscored

    def matches(self, score: float) -> bool:
        """Whether `score` (a table's) is this score, compared to 9 decimals as ranks and levels are."""
        both_blank = bool(np.isnan(score)) and bool(np.isnan(self.score))
        return both_blank or round(float(score), scoring.COMPARED_DECIMALS) == round(
            self.score, scoring.COMPARED_DECIMALS
        )


def worked_score(values: pd.Series, direction: int, region_id: str, *, missing: str = "worst") -> WorkedScore:
    """The score of `region_id` on one indicator (`values`: a Series over the regions), worked out with
    scalars the way the module docstring writes it, not by the vectorised core: a check of the core."""
    _check(np.array([direction]), missing)
    x = pd.Series(values, dtype=float)
    present = x.dropna()
    if present.empty:
        raise InputError("no region has a value, so it cannot be scored", column=x.name)
    lo, hi = float(present.min()), float(present.max())
    value, blank = float(x[region_id]), bool(np.isnan(x[region_id]))
    if blank and missing == "worst":
        value = lo if direction == 1 else hi
    distance = value - lo if direction == 1 else hi - value
    span = hi - lo
    if blank and missing != "worst":
        score = float("nan")
    elif span == 0:
        score = CONSTANT_SCORE
    else:
        score = 1 + 8 * distance / span
    return WorkedScore(
        region_id=region_id,
        value=value,
        blank=blank,
        minimum=lo,
        maximum=hi,
        at_minimum=tuple(present.index[present == lo]),
        at_maximum=tuple(present.index[present == hi]),
        direction=int(direction),
        distance=distance,
        span=span,
        score=score,
    )
