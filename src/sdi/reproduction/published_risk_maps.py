"""The published Tables 15-20 (data/reference/<year>/), read and laid out for the reproduction check.

`published_risk_numbers` lays out every printed number of the risk criteria (Tables 15-17) and the
risk maps (Tables 18-20) as long rows `table, region_id, indicator, statistic, published`, as
`sdi.reproduction.published_tables.published_numbers` does for Tables 7-14:

- map cells of a region: `statistic` = `value`, `region_id` the region (the national row: KZ);
- the summary rows under a map: `region_id` empty, `statistic` = `mean`, `median` or `standard`
  (the printed labels Орта шама, Медиана, Стандарт);
- every bound of a threshold or criterion cell: `statistic` = `<level>_lower` or `<level>_upper`
  (e.g. `medium_upper` for 106,69 in '100,01<B≤106,69'), or `<level>_unsigned` for a number printed
  without a sign; the characters read as others (Cyrillic «В», «³», «D», «B17») are read as in
  `sdi.risk.thresholds.band_numbers`;
- the printed code of a map column or criteria row: `statistic` = `code` (text, e.g. 'В43').

`indicator` is the project's code of the column or row; Table 17's row 9 and Table 20's column 10,
which no project indicator matches (see data/reference/2023/PROVENANCE.md), are `row 9` and
`column 10`. `published` keeps the printed digits with a decimal point (a thousands space dropped:
'7 918' -> '7918').
"""

import re

import pandas as pd

from sdi.inputs.metadata import alias_map, normalise_name
from sdi.risk.thresholds import band_numbers, cut_evidence, source_agrees

CRITERIA_FILES = {
    "15": "table15_social_risk_criteria.csv",
    "16": "table16_economic_risk_criteria.csv",
    "17": "table17_ecological_risk_criteria.csv",
}
MAP_FILES = {
    "18": "table18_social_risk_map.csv",
    "19": "table19_economic_risk_map.csv",
    "20": "table20_ecological_risk_map.csv",
}
LEVEL_OF_LABEL = {"Жоғары тәуекел": "high", "Орташа тәуекел": "medium", "Төмен тәуекел": "low"}
STATISTIC_OF_LABEL = {"Орта шама": "mean", "Медиана": "median", "Стандарт": "standard"}
PUBLISHED_COLUMNS = ["table", "region_id", "indicator", "statistic", "published"]
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def read_tables(reference_dir, files):
    """The reference tables of `files` ({table: file name}) as text, one frame with a `table` column."""
    frames = [
        pd.read_csv(reference_dir / name, dtype=str, keep_default_na=False).assign(table=table)
        for table, name in files.items()
    ]
    return pd.concat(frames, ignore_index=True)


def read_maps(reference_dir):
    return read_tables(reference_dir, MAP_FILES)


def read_criteria(reference_dir):
    return read_tables(reference_dir, CRITERIA_FILES)


def key(indicator, where):
    """The project's code, or the printed position for a column or row no project indicator matches."""
    return indicator or where


def region_values(maps, regions):
    """The region rows and the national row of the maps: table, part, column, indicator, region_id,
    printed (text as printed) — the values to set against Tables 7-9."""
    names = alias_map(regions)
    cells = maps[maps["kind"].isin(["region", "summary"])].copy()
    cells["region_id"] = [names.get(normalise_name(label), "") for label in cells["label"]]
    cells = cells[cells["region_id"] != ""]
    cells["indicator"] = [key(i, f"column {c}") for i, c in zip(cells["indicator"], cells["column"])]
    return cells[["table", "part", "column", "indicator", "region_id", "printed"]].reset_index(drop=True)


def _band_rows(table, indicator, level, *, printed):
    numbers = band_numbers(printed)
    if numbers:
        return [(table, "", indicator, f"{level}_{side}", text) for side, (text, _) in numbers.items()]
    bare = printed.replace(",", ".").strip()
    return [(table, "", indicator, f"{level}_unsigned", bare)] if NUMBER.fullmatch(bare) else []


def published_risk_numbers(reference_dir, regions):
    """Every printed number (and code) of Tables 15-20, long (see the module docstring)."""
    rows = []
    criteria = read_criteria(reference_dir)
    for r in criteria.itertuples():
        indicator = key(r.indicator, f"row {r.row}")
        rows.append((r.table, "", indicator, "code", r.code))
        for level in ("high", "medium", "low"):
            rows += _band_rows(r.table, indicator, level, printed=getattr(r, level))
    maps = read_maps(reference_dir)
    names = alias_map(regions)
    for r in maps.itertuples():
        indicator = key(r.indicator, f"column {r.column}")
        if r.kind == "code":
            rows.append((r.table, "", indicator, "code", r.printed))
        elif r.kind == "threshold":
            rows += _band_rows(r.table, indicator, LEVEL_OF_LABEL[r.label], printed=r.printed)
        elif r.kind in ("region", "summary") and r.printed:
            value = re.sub(r"(?<=\d) (?=\d{3}\b)", "", r.printed)
            if r.label in STATISTIC_OF_LABEL:
                rows.append((r.table, "", indicator, STATISTIC_OF_LABEL[r.label], value))
            else:
                rows.append((r.table, names[normalise_name(r.label)], indicator, "value", value))
    return pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)


def printed_cut_evidence(reference_dir, bands):
    """Each printed cut point against the year's national value, median and mean and against the map's own
    printed summary rows, with `agrees`: whether the source data/raw/risk_thresholds.csv records is what the
    numbers show (`sdi.risk.thresholds.cut_evidence`, `source_agrees`). `bands`: the year's `YearBands`."""
    maps = read_maps(reference_dir)
    summary_rows = maps[(maps.kind == "summary") & (maps.indicator != "")]
    printed_rows = {(r.indicator, r.label): r.printed for r in summary_rows.itertuples()}
    evidence = cut_evidence(bands.published, bands.statistics, bands.national, printed_summary=printed_rows)
    evidence["agrees"] = evidence.apply(source_agrees, axis=1)
    return evidence
