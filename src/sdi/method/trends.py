"""Official trends: the statistics bureau's SDG platform series of the mapped indicators, per region and year, and
whether each region moves the way the indicator's direction calls good.

For every indicator data/raw/sdg_series.csv maps to a platform series (`same` measure or `related`), the series
is read as the input audit and the import read it (`sdi.inputs.opensdg.read_series`: the mapping's filters, unit
factor and decimals; what is wrong in a file is collected, and a value published twice is left out), from the
first year the platform publishes to the latest, with the national total beside the regions.

**A territory change breaks a series.** A unit's values are one line only while its territory stays the same
(`metadata.territory_changed`, data/raw/territories.csv): East Kazakhstan before and after Abai was made out of it
in 2022 are two series, not one. The map a value is on is the year's (`metadata.units_of_year`), unless the
platform kept the earlier map for the series that year: a year that publishes none of the units a change created
(no Abai, Zhetisu or Ulytau in 2023) but the units they came from is on the map before the change (`map_years`;
maternal mortality, B11, is published so through 2023).

**The average annual change** of a unit is the compound annual growth rate (CAGR) of its current series (the one
after its last territory change), from the base year (2015, the year the SDGs were adopted; or the series' first
year after it) to its latest year: (last / base) ^ (1 / years) - 1. It is the measure the SDG platform's own
software uses for indicators without a numerical target (Open SDG's progress measurement, after Statistics
Canada and Eurostat: https://open-sdg.readthedocs.io/en/latest/progress-methodology/), which is the case of all
of these: neither the dissertation nor the platform sets a target. The SDG Index's trend arrows (Sustainable
Development Report, https://dashboards.sdgindex.org/chapters/methodology) compare the growth since 2015 with the
growth a target by 2030 needs, so they do not apply without targets. As Open SDG requires, a CAGR needs two values
and every value of its period above zero; otherwise the unit is not assessed (`reason` says why). The linear
annual change ((last - base) / years, in the indicator's unit) is given beside it.

**The arrow.** The CAGR times the indicator's direction (indicators.csv `direction`: 1 higher is better, -1 lower
is better) is the progress: `improving` from 0.5 % a year, `stagnating` from 0 to 0.5 %, `worsening` below 0. These
are Open SDG's thresholds for indicators without a target, its "on track" (1.5 % and more) and "progress made but
acceleration needed" (0.5 to 1.5 %) together as improving, "limited progress" (0 to 0.5 %) as stagnating and
"deterioration" (below 0) as worsening: three arrows, like the SDG Index's (up, sideways, down).

Computation only: the words and pictures are in `sdi.publish.trends`.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sdi import io
from sdi.inputs import opensdg
from sdi.inputs.metadata import NATIONAL_ID, load_regions, load_territories, territory_changed, units_of_year

FOLDER = "trends"  # data/processed/trends/, reports/trends/, figures/trends/
BASE_YEAR = 2015
IMPROVING_FROM = 0.005  # progress (direction x CAGR) a year from which a unit is improving
ARROWS = ("improving", "stagnating", "worsening")
NOT_ASSESSED = "not_assessed"
SERIES_COLUMNS = ["indicator", "relation", "unit_id", "year", "value", "map_year", "territory", "segment"]
CHANGE_COLUMNS = [
    "indicator",
    "relation",
    "direction",
    "unit_id",
    "territory",
    "series_from",
    "series_to",
    "base_year",
    "last_year",
    "values",
    "base_value",
    "last_value",
    "change_per_year",
    "cagr",
    "progress",
    "arrow",
    "reason",
]
OUTPUT_FILES = ("trend_series.csv", "trends.csv")


@dataclass(frozen=True)
class Trend:
    """One unit's trend over its current series."""

    base_year: int | None
    last_year: int | None
    values: int  # the values from the base year on
    base_value: float | None
    last_value: float | None
    change_per_year: float | None  # (last - base) / years, in the indicator's unit
    cagr: float | None  # a fraction: 0.012 is 1.2 % a year
    progress: float | None  # direction x CAGR
    arrow: str  # one of ARROWS, or NOT_ASSESSED
    reason: str  # why not assessed ('' when assessed)


@dataclass(frozen=True)
class Trends:
    series: pd.DataFrame  # SERIES_COLUMNS: every value read, with its map year, territory and segment
    changes: pd.DataFrame  # CHANGE_COLUMNS: per indicator and unit (the national total first), its trend
    problems: pd.DataFrame  # indicator, file, row, year, ref_area, message: what the platform's files got wrong
    base_year: int


def arrow(progress: float, *, improving_from: float = IMPROVING_FROM) -> str:
    """`improving` from `improving_from` a year, `stagnating` from 0, `worsening` below 0."""
    if progress >= improving_from:
        return "improving"
    return "stagnating" if progress >= 0 else "worsening"


def trend(values: Mapping[int, float], direction: int, *, base_year: int = BASE_YEAR) -> Trend:
    """The trend of one series {year: value} (one territory): its CAGR from the first year at or after `base_year`
    to its last year, and the arrow `direction` (1 or -1) gives it."""
    years = sorted(y for y in values if y >= base_year)
    if len(years) < 2:
        reason = f"fewer than two values from {base_year}"
        first, last = (years[0], years[0]) if years else (None, None)
        return Trend(
            first, last, len(years), _at(values, first), _at(values, last), None, None, None, NOT_ASSESSED, reason
        )
    first, last = years[0], years[-1]
    base, end = float(values[first]), float(values[last])
    span = last - first
    linear = (end - base) / span
    if any(float(values[y]) <= 0 for y in years):
        return Trend(first, last, len(years), base, end, linear, None, None, NOT_ASSESSED, "a value of zero or less")
    cagr = (end / base) ** (1 / span) - 1
    progress = direction * cagr
    return Trend(first, last, len(years), base, end, linear, cagr, progress, arrow(progress), "")


def _at(values: Mapping[int, float], year: int | None) -> float | None:
    return None if year is None else float(values[year])


def map_changes(territories: pd.DataFrame, regions: pd.DataFrame, years: Sequence[int]) -> dict[int, set[str]]:
    """{year of a change: the units it created} over `years` (a change is a year whose units are not the year
    before's): {2018: {KZ-61, KZ-79}, 2022: {KZ-10, KZ-33, KZ-62}} for 2010-2023."""

    def units(year: int) -> dict[str, tuple[str, ...]]:
        table = units_of_year(territories, regions, year)
        return dict(zip(table["unit_id"], (tuple(t) for t in table["territory"])))

    changes: dict[int, set[str]] = {}
    span = sorted(set(years))
    if not span:
        return changes
    before = units(span[0])
    for year in range(span[0] + 1, span[-1] + 1):
        now = units(year)
        if now != before:
            changes[year] = set(now) - set(before)
        before = now
    return changes


def map_years(published: Mapping[int, set[str]], changes: Mapping[int, set[str]]) -> dict[int, int]:
    """{year: the year whose map of regions the series' values of that year are on}. `published`: {year: the
    units the series publishes that year}; `changes`: `map_changes`. A year that publishes none of the units a
    change created, but some unit, is on the map before that change (the platform kept the old map); the latest
    change whose units it publishes is the last one it is on the map of."""
    result = {}
    for year, units in published.items():
        on = year
        for change in sorted(changes, reverse=True):
            if change > on or not units:
                continue
            if units & changes[change]:
                break
            on = change - 1
        result[year] = on
    return result


class TerritoryChanges:
    """`metadata.territory_changed` for one territories table, each (unit, year, year) asked once, and only across
    a change of the map (`map_changes`: between two years with no change the units are the same, so no territory
    differs): a series of fourteen years asks it for every pair of neighbouring values of every unit."""

    def __init__(self, territories: pd.DataFrame, changes: Mapping[int, set[str]]) -> None:
        self.territories = territories
        self.changes = sorted(changes)
        self.known: dict[tuple[str, int, int], bool] = {}

    def __call__(self, unit: str, year_a: int, year_b: int) -> bool:
        low, high = sorted((year_a, year_b))
        if not any(low < change <= high for change in self.changes):
            return False
        key = (unit, year_a, year_b)
        if key not in self.known:
            self.known[key] = territory_changed(self.territories, unit, year_a, year_b)
        return self.known[key]


def segments(
    years: Sequence[int], on_map: Mapping[int, int], unit: str, *, changed: Callable[[str, int, int], bool]
) -> list[int]:
    """The segment of each of `years` (sorted): 0 for the first values, one more after each territory change of
    `unit` between two consecutive values (their map years); `changed`: a `TerritoryChanges`."""
    numbers, current = [], 0
    for i, year in enumerate(years):
        if i and changed(unit, on_map[years[i - 1]], on_map[year]):
            current += 1
        numbers.append(current)
    return numbers


def unit_series(
    values: Mapping[tuple[int, str], float],
    on_map: Mapping[int, int],
    territory_of: Mapping[tuple[int, str], tuple[str, ...]],
    *,
    changed: Callable[[str, int, int], bool],
) -> pd.DataFrame:
    """Every value {(year, unit): value} of one series as rows unit_id, year, value, map_year, territory, segment,
    by unit and year."""
    rows = []
    for unit in sorted({u for _, u in values}):
        years = sorted(y for y, u in values if u == unit)
        for year, segment in zip(years, segments(years, on_map, unit, changed=changed)):
            territory = territory_of.get((on_map[year], unit), (unit,))
            rows.append([unit, year, values[(year, unit)], on_map[year], "|".join(territory), segment])
    return pd.DataFrame(rows, columns=["unit_id", "year", "value", "map_year", "territory", "segment"])


def compute(
    series: pd.DataFrame, indicators: pd.DataFrame, unit_order: Sequence[str], *, base_year: int = BASE_YEAR
) -> pd.DataFrame:
    """CHANGE_COLUMNS from SERIES_COLUMNS: each indicator's units in `unit_order`, each over its last segment."""
    direction = dict(zip(indicators["code"], indicators["direction"].astype(int)))
    rank = {u: i for i, u in enumerate(unit_order)}
    grouped: dict[str, dict[str, list[tuple[int, float, str, int]]]] = {}
    relation = {}
    for code, rel, unit, year, value, territory, segment in series[
        ["indicator", "relation", "unit_id", "year", "value", "territory", "segment"]
    ].itertuples(index=False, name=None):
        grouped.setdefault(code, {}).setdefault(unit, []).append((int(year), float(value), territory, int(segment)))
        relation[code] = rel
    rows = []
    for code, units in grouped.items():
        for unit in sorted(units, key=lambda u: rank[u]):
            last = max(segment for *_, segment in units[unit])
            current = sorted(v for v in units[unit] if v[3] == last)
            t = trend({year: value for year, value, *_ in current}, direction[code], base_year=base_year)
            rows.append(
                [
                    code,
                    relation[code],
                    direction[code],
                    unit,
                    current[-1][2],
                    current[0][0],
                    current[-1][0],
                    t.base_year,
                    t.last_year,
                    t.values,
                    t.base_value,
                    t.last_value,
                    t.change_per_year,
                    t.cagr,
                    t.progress,
                    t.arrow,
                    t.reason,
                ]
            )
    table = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    for column in ("base_year", "last_year"):
        table[column] = table[column].astype("Int64")
    return table


def read_trends(
    root: str | Path,
    regions: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    folder: str | Path | None = None,
    base_year: int = BASE_YEAR,
) -> Trends:
    """The trends of every mapped indicator from the platform's files under `folder` (default
    data/external/opensdg/ under `root`), read with data/raw/sdg_series.csv, sdg_regions.csv and territories.csv."""
    raw = Path(root) / "data" / "raw"
    source = Path(root) / opensdg.DEFAULT_FOLDER if folder is None else Path(folder)
    specs = opensdg.load_series_map(raw / opensdg.SERIES_FILE, indicators)
    codes = opensdg.load_codes(raw)
    # today's map: a run across the years (load_run() without a year) also holds the former units (South
    # Kazakhstan), which territories.csv names, not regions.csv
    today = load_regions(raw / "regions.csv")
    regions = regions[regions["region_id"].isin(today["region_id"])][list(today.columns)].reset_index(drop=True)
    territories = load_territories(raw / "territories.csv", today)
    frames, problems = [], []
    read = [(spec, opensdg.read_series(source, spec, codes, national=True)) for spec in specs if spec.file]
    years = sorted({year for _, s in read for year in s.years()})
    changes = map_changes(territories, regions, years)
    changed = TerritoryChanges(territories, changes)
    territory_of = {
        (year, unit): tuple(territory)
        for year in range(years[0] - 1, years[-1] + 1)
        for unit, territory in units_of_year(territories, regions, year)[["unit_id", "territory"]].itertuples(
            index=False
        )
    }
    for spec, s in read:
        published: dict[int, set[str]] = {}
        for year, unit in [*s.values, *s.twice]:
            if unit != NATIONAL_ID:
                published.setdefault(year, set()).add(unit)
        on_map = map_years(published, changes)
        on_map |= {year: year for year, unit in s.values if year not in on_map}  # a year with the national total only
        values = {key: float(v.number) for key, v in s.values.items()}
        table = unit_series(values, on_map, territory_of, changed=changed)
        table.insert(0, "relation", spec.relation)
        table.insert(0, "indicator", spec.indicator)
        frames.append(table)
        problems += [
            [spec.indicator, spec.file, p.row, p.year, p.ref_area, p.message] for p in sorted(s.problems, key=_row)
        ]
    order = [NATIONAL_ID, *(r for r in regions["region_id"] if r != NATIONAL_ID)]
    series = pd.concat(frames, ignore_index=True)[SERIES_COLUMNS]  # in the mapping's order
    # a former unit (South Kazakhstan until 2017, KZ-YUZ) is no region of today's map: no trend describes it, and its
    # successors' lines (Turkistan, Shymkent) start where it ends
    series = series[series["unit_id"].isin(order)]
    unit_rank = series["unit_id"].map({u: i for i, u in enumerate(order)})
    series = series.assign(_rank=unit_rank).sort_values(["_rank", "year"], kind="stable")
    series = series.sort_values("indicator", key=lambda c: c.map(_positions(specs)), kind="stable")
    series = series.drop(columns="_rank").reset_index(drop=True)
    return Trends(
        series=series,
        changes=compute(series, indicators, order, base_year=base_year),
        problems=pd.DataFrame(problems, columns=["indicator", "file", "row", "year", "ref_area", "message"]),
        base_year=base_year,
    )


def _row(problem: opensdg.Problem) -> int:
    return problem.row


def _positions(specs: Sequence[opensdg.SeriesSpec]) -> dict[str, int]:
    return {s.indicator: i for i, s in enumerate(specs)}


def write_outputs(trends: Trends, folder: str | Path) -> list[Path]:
    """trend_series.csv (every value) and trends.csv (every unit's trend) in `folder`."""
    return [
        io.write_csv(trends.series, Path(folder) / OUTPUT_FILES[0]),
        io.write_csv(trends.changes, Path(folder) / OUTPUT_FILES[1]),
    ]


def arrow_counts(changes: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: its relation, the national total's arrow, and how many regions improve, stagnate, worsen or
    are not assessed."""
    rows = []
    for code, of in changes.groupby("indicator", sort=False):
        regional = of[of["unit_id"] != NATIONAL_ID]["arrow"]
        national = of.loc[of["unit_id"] == NATIONAL_ID, "arrow"]
        counts = [int((regional == kind).sum()) for kind in (*ARROWS, NOT_ASSESSED)]
        rows.append([code, of["relation"].iloc[0], national.iloc[0] if len(national) else "", *counts])
    return pd.DataFrame(rows, columns=["indicator", "relation", "national", *ARROWS, NOT_ASSESSED])
