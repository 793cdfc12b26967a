"""Reading what the dissertation prints (data/reference/<year>/) and the raw files' cells as text.

`published_numbers` turns Tables 7-14 and the text's claims into one long table, one row per printed
number, each with its `kind` (statistic, score, index, integral, rank, level, claim): the kind decides which
candidate explanations `sdi.reproduction.diagnosis` tries for it. Values stay text, so their printed digits tell
their precision. Bad input stops with a one-line `errors.InputError` naming file, row, column, value.
"""

import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.inputs.cleaning import clean_year, pillar_file
from sdi.inputs.metadata import NATIONAL_ID, alias_map, normalise_name
from sdi.inputs.readers import read_csv_rows
from sdi.method.statistics import STAT_COLUMNS
from sdi.method.typology import LEVELS

ALL_REGIONS = "Барлық аймақтар"  # Table 14's "all regions"
SCORE_TABLES = {"10": "social", "11": "economic", "12": "ecological"}
STATS_TABLES = {"7": "social", "8": "economic", "9": "ecological"}
STATISTICS = STAT_COLUMNS[1:]  # the statistics rows a table may print: those `statistics.describe` computes
INTEGRAL = "isdr"
PUBLISHED_COLUMNS = ["table", "region_id", "indicator", "statistic", "published", "kind"]
EXPECTED_COLUMNS = ["table", "region_id", "indicator", "statistic", "diagnosis", "reason"]


def statistics_file(reference_dir, table):
    return reference_dir / f"table{int(table):02d}_statistics.csv"


def scores_file(reference_dir, table):
    return reference_dir / f"table{int(table)}_{SCORE_TABLES[table]}_scores.csv"


def _region_id(names, path, line, *, column, name):
    region_id = names.get(normalise_name(name))
    if region_id is None:
        raise InputError(
            "unknown region; use a name or alias from data/raw/regions.csv",
            file=path,
            row=line,
            column=column,
            value=name,
        )
    return region_id


def _require(path, header, column, *, position=0):
    if len(header) <= position or header[position] != column:
        raise InputError(
            f"column {position + 1} must be called '{column}'",
            file=path,
            row=1,
            value=header[position] if len(header) > position else None,
        )


def _codes(path, columns, pillar, *, indicators):
    """`columns`, each checked to be an indicator of `pillar` in indicators.csv."""
    pillar_of = dict(zip(indicators["code"], indicators["pillar"]))
    codes = list(columns)
    for code in codes:
        if pillar_of.get(code) != pillar:
            raise InputError(f"is not an indicator of the {pillar} pillar", file=path, row=1, column=code, value=code)
    return codes


def published_numbers(reference_dir, regions, indicators):
    """Every printed number of Tables 7-14 and the text, long: PUBLISHED_COLUMNS."""
    names = alias_map(regions)
    rows = []
    for table, pillar in STATS_TABLES.items():
        path = statistics_file(reference_dir, table)
        header, data = read_csv_rows(path)
        _require(path, header, "statistic")
        codes = _codes(path, header[1:], pillar, indicators=indicators)
        for line, cells in data:
            statistic = cells[0]
            if statistic not in STATISTICS:
                raise InputError(
                    f"unknown statistic; expected one of {', '.join(STATISTICS)}",
                    file=path,
                    row=line,
                    column="statistic",
                    value=statistic,
                )
            row = dict(zip(header, cells))
            rows += [(table, "", code, statistic, row[code], "statistic") for code in codes]
    for table, pillar in SCORE_TABLES.items():
        path = scores_file(reference_dir, table)
        header, data = read_csv_rows(path)
        _require(path, header, "region")
        _require(path, header, "index", position=len(header) - 2)
        _require(path, header, "rank", position=len(header) - 1)
        codes = _codes(path, header[1:-2], pillar, indicators=indicators)
        for line, cells in data:
            region_id, row = _region_id(names, path, line, column="region", name=cells[0]), dict(zip(header, cells))
            rows += [(table, region_id, code, "score", row[code], "score") for code in codes]
            rows += [
                (table, region_id, pillar, "index", row["index"], "index"),
                (table, region_id, pillar, "rank", row["rank"], "rank"),
            ]
    path = reference_dir / "table13_integral.csv"
    header, data = read_csv_rows(path)
    _require(path, header, "region")
    for line, cells in data:
        region_id, row = _region_id(names, path, line, column="region", name=cells[0]), dict(zip(header, cells))
        for column in (*PILLARS, INTEGRAL):
            rows += [
                ("13", region_id, column, "index", row[column], "integral" if column == INTEGRAL else "index"),
                ("13", region_id, column, "rank", row[f"rank_{column}"], "rank"),
            ]
    path = reference_dir / "table14_typology.csv"
    header, data = read_csv_rows(path)
    every = [r for r in regions["region_id"] if r != NATIONAL_ID]
    for line, cells in data:
        row = dict(zip(header, cells))
        if row["level"] not in LEVELS:
            raise InputError(
                f"level must be one of {', '.join(LEVELS)}", file=path, row=line, column="level", value=row["level"]
            )
        ids = (
            every
            if row["region"] == ALL_REGIONS
            else [_region_id(names, path, line, column="region", name=row["region"])]
        )
        rows += [("14", region_id, row["pillar"], "level", row["level"], "level") for region_id in ids]
    path = reference_dir / "text_claims.csv"
    header, data = read_csv_rows(path)
    for line, cells in data:
        row = dict(zip(header, cells))
        if row["scope"] not in (*PILLARS, "integral"):
            raise InputError(
                f"scope must be one of {', '.join((*PILLARS, 'integral'))}",
                file=path,
                row=line,
                column="scope",
                value=row["scope"],
            )
        if "_" not in row["claim"]:
            raise InputError(
                "claim must be <index>_<what>, e.g. isdr_min", file=path, row=line, column="claim", value=row["claim"]
            )
        rows.append(("text", "", row["scope"], row["claim"], row["published"], "claim"))
    return pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)


def claim_quantities(reference_dir):
    """{claim: what it states}, from text_claims.csv's `quantity` ('isdr_min' -> 'minimum of the integral
    index'): how the report names a claim of the text."""
    header, data = read_csv_rows(reference_dir / "text_claims.csv")
    return {
        row["claim"]: row.get("quantity") or row["claim"] for row in (dict(zip(header, cells)) for _, cells in data)
    }


def raw_text_values(raw_dir, regions, indicators):
    """The raw files' cells as printed text, wide (regions x codes), without the national row: the
    digits tell each value's precision. The files are first read by the validating reader
    (`cleaning.clean_year`), so bad input stops with the same one-line error as notebook 01."""
    clean_year(raw_dir, regions, indicators)
    names = alias_map(regions)
    cells_of = {}
    for pillar in PILLARS:
        header, data = read_csv_rows(pillar_file(raw_dir, pillar))
        for _, cells in data:
            cells_of.setdefault(names[normalise_name(cells[0])], {}).update(zip(header[1:], cells[1:]))
    order = [r for r in regions["region_id"] if r != NATIONAL_ID]
    return pd.DataFrame([cells_of[r] for r in order], index=order)


def published_table13(published):
    """Table 13 as printed, as numbers: one row per region, columns like indices.csv (without levels)."""
    t13 = published[published.table == "13"].pivot(
        index="region_id", columns=["indicator", "statistic"], values="published"
    )
    columns = (*PILLARS, INTEGRAL)
    return pd.DataFrame(
        {c: t13[(c, "index")].astype(float) for c in columns}
        | {f"rank_{c}": t13[(c, "rank")].astype(float).astype(int) for c in columns}
    )


def _wide(cells):
    """region_id x indicator, in the order the cells come (pivot alone would sort B10 before B2)."""
    wide = cells.pivot(index="region_id", columns="indicator", values="published")
    return wide.loc[cells.region_id.unique(), cells.indicator.unique()]


def published_scores(published):
    """Tables 10-12's scores as printed (text), wide: rows region_id, columns indicator codes."""
    return _wide(published[published.kind == "score"])


def published_pillar_indices(published):
    """Tables 10-12's pillar indices as printed (text), wide: rows region_id, columns pillars."""
    return _wide(published[published.table.isin(list(SCORE_TABLES)) & (published.statistic == "index")])


def read_expected_differences(path):
    """expected_differences.csv as text: EXPECTED_COLUMNS, one row per expected mismatch (none is allowed)."""
    if not path.is_file():
        raise InputError("file not found", file=path)
    expected = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(expected.columns) != EXPECTED_COLUMNS:
        raise InputError(f"header must be {','.join(EXPECTED_COLUMNS)}", file=path, row=1)
    return expected
