"""Step 9 (notebook 09), panel: several years side by side.

Normalisation needs a min and a max per indicator. Two choices:
- `bounds="year"` (the dissertation's way): min and max over the regions of each year, so every year
  has a best region at 9 and a worst at 1. Scores compare regions within a year, not a region with
  itself over time: a region that improves while the others improve faster loses points.
- `bounds="panel"`: min and max over all regions of all years, the same for every year, so a score
  moves only when the region's own value moves relative to that fixed range: comparable over time.

Each year is on its own map of regions (data/raw/territories.csv): East Kazakhstan of 2021 held Abai's territory,
East Kazakhstan of 2023 does not. A region whose territory changed between two years is not compared with itself
(`rank_change`: not `comparable`), and a line across the years breaks there (`same_territory_runs`).
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from sdi import paths
from sdi.errors import InputError
from sdi.inputs.cleaning import regional_values
from sdi.inputs.metadata import territory_changed
from sdi.method.index import index_table
from sdi.method.methods import Method
from sdi.method.normalisation import score_table
from sdi.method.typology import add_levels

BOUNDS = ("year", "panel")


def read_years(root: str | Path) -> dict[int, pd.DataFrame]:
    """{year: clean.csv of the year} for every year with raw data; the panel needs two or more."""
    years = [int(y) for y in paths.available_years(root)]
    if len(years) < 2:
        raise InputError(
            f"the panel needs two or more years of raw data; found {years or 'none'}", file=paths.raw_dir(root, "")
        )
    return {year: pd.read_csv(paths.processed_dir(root, year) / "clean.csv") for year in years}


def stacked_values(cleans: Mapping[int, pd.DataFrame]) -> pd.DataFrame:
    """{year: clean long table} -> wide values with a (year, region_id) row index, regions only."""
    frames = {int(year): regional_values(clean) for year, clean in sorted(cleans.items())}
    return pd.concat(frames, names=["year", "region_id"])


def panel_scores(
    values: pd.DataFrame,
    indicators: pd.DataFrame,
    direction_column: str,
    *,
    missing: str = "worst",
    bounds: str = "year",
) -> pd.DataFrame:
    """Scores for every (year, region), with per-year or panel-wide min and max: all years at once."""
    if bounds not in BOUNDS:
        raise ValueError(f"bounds must be one of {', '.join(BOUNDS)}, not {bounds!r}")
    if bounds == "year" and not _same_size_years(values):
        return pd.concat(
            [score_table(v, indicators, direction_column, missing=missing, by="year") for v in _each_year(values)]
        )
    return score_table(values, indicators, direction_column, missing=missing, by="year" if bounds == "year" else None)


def _same_size_years(table: pd.DataFrame) -> bool:
    """Whether every year has as many regions: the vectorised core takes the years as equal blocks of rows."""
    return table.groupby(level="year", sort=False).size().nunique() <= 1


def _each_year(table: pd.DataFrame) -> list[pd.DataFrame]:
    """The rows of each year, in the table's order: years on different maps of regions (17 and 20 units) are
    computed one by one."""
    years = table.index.get_level_values("year")
    return [table[years == year] for year in dict.fromkeys(years)]


def panel_indices(
    scores: pd.DataFrame, indicators: pd.DataFrame, include_column: str, *, min_coverage: float = 0.0
) -> pd.DataFrame:
    """Pillar indices, ISDR, ranks within each year and levels: one row per year and region."""
    if not _same_size_years(scores):
        return add_levels(
            pd.concat(
                [
                    index_table(s, indicators, include_column, min_coverage=min_coverage, by="year")
                    for s in _each_year(scores)
                ],
                ignore_index=True,
            )
        )
    return add_levels(index_table(scores, indicators, include_column, min_coverage=min_coverage, by="year"))


def indices_by_bounds(values: pd.DataFrame, indicators: pd.DataFrame, method: Method) -> dict[str, pd.DataFrame]:
    """{bounds: panel_indices} for both bounds choices, by the method's directions, indicator set and
    missing-value policy (a `methods.Method`)."""
    return {
        bounds: panel_indices(
            panel_scores(values, indicators, method.direction_column, missing=method.missing, bounds=bounds),
            indicators,
            method.include_column,
            min_coverage=method.min_coverage,
        )
        for bounds in BOUNDS
    }


def panel_table(by_bounds: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Both bounds choices in one table, `bounds` first: what panel_indices.csv holds."""
    table = pd.concat([b.assign(bounds=name) for name, b in by_bounds.items()], ignore_index=True)
    return table[["bounds", *[c for c in table.columns if c != "bounds"]]]


def isdr_by_year(indices: pd.DataFrame) -> pd.DataFrame:
    """ISDR and its rank per region, one column per year ('ISDR 2023', 'rank 2023', ...)."""
    wide = indices.pivot(index="region_id", columns="year", values=["isdr", "rank_isdr"])
    wide.columns = [f"{'ISDR' if value == 'isdr' else 'rank'} {year}" for value, year in wide.columns]
    return wide


def bounds_effect(by_bounds: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Per year: how far the ISDR ranks under the two bounds choices are apart."""
    year_b, panel_b = (by_bounds[b].set_index(["year", "region_id"]) for b in BOUNDS)
    rows = []
    for year in sorted(set(year_b.index.get_level_values("year"))):
        a, b = year_b.loc[year], panel_b.loc[year]
        shift = (a.rank_isdr - b.rank_isdr).abs().dropna()  # regions ranked under both
        rows.append(
            {
                "year": year,
                "rank_correlation": a.rank_isdr.astype(float).corr(b.rank_isdr.astype(float), method="spearman"),
                "regions_ranked_under_both": len(shift),
                "regions_whose_rank_differs": int((shift > 0).sum()),
                "largest_rank_difference": int(shift.max()) if len(shift) else pd.NA,
                "mean_isdr_difference": float((a.isdr - b.isdr).abs().mean()),
            }
        )
    return pd.DataFrame(rows).astype({"largest_rank_difference": "Int64"})


def rank_change(
    indices: pd.DataFrame, first: int, last: int, *, territories: pd.DataFrame | None = None
) -> pd.DataFrame:
    """ISDR rank in the first and the last year, and the change (positive: moved up); a region
    without a rank in either year (no index under the `available` policy) has no change (<NA>).

    With `territories` (territories.csv), a column `comparable`: False for a unit whose territory changed between
    the two years or that was no unit in one of them (East Kazakhstan 2021 against 2023, Abai), whose change is
    then <NA>: its two ranks are of two places."""
    wide = indices.pivot(index="region_id", columns="year", values="rank_isdr").astype("Int64")
    out = pd.DataFrame({"rank_first": wide[first], "rank_last": wide[last]})
    out["moved_up_by"] = out.rank_first - out.rank_last
    if territories is not None:
        out["comparable"] = [not territory_changed(territories, r, first, last) for r in out.index]
        out.loc[~out["comparable"], "moved_up_by"] = pd.NA
    return out


def same_territory_runs(territories: pd.DataFrame, region_id: str, years: list[int]) -> list[list[int]]:
    """`years` cut where `region_id`'s territory changed: each run a line may join (East Kazakhstan's 2020-2021,
    then 2022-2023)."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and not territory_changed(territories, region_id, runs[-1][-1], year):
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs
