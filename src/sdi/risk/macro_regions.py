"""Risk step 3, macro-regions: the four groups of oblasts the dissertation writes its scenarios for.

The text before Table 21 (lines 6842-6846) groups the 17 oblasts by specialisation: West (oil and
gas), East and Centre (industry), South and South-East (agriculture), North (mixed). The three cities
belong to none (regions.csv says `none (city)`) and are shown on their own. data/raw/macro_regions.csv
names the groups; data/raw/scenarios.csv holds Tables 21-24 (per group the pessimistic, realistic and
optimistic scenario: factors and risks, outcomes), Kazakh as printed, with an English summary.

Per group: the pillar indices and ISDR of its members (mean, min, max) and their risk counts.
"""

import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.inputs.metadata import NATIONAL_ID, NO_MACRO_REGION
from sdi.inputs.readers import read_csv_rows
from sdi.risk.classification import RISK_VALUES

MACRO_COLUMNS = [
    "macro_region",
    "name_en",
    "specialisation_kk",
    "specialisation_en",
    "table",
    "heading_kk",
    "title_kk",
    "title_line",
    "source_line",
]
SCENARIO_COLUMNS = [
    "table",
    "macro_region",
    "scenario",
    "scenario_printed",
    "factors_risks",
    "outcomes",
    "summary_en",
    "source_lines",
    "note",
]
SCENARIOS = ("pessimistic", "realistic", "optimistic")
INDEX_COLUMNS = (*PILLARS, "isdr")


def _read(path, columns):
    header, rows = read_csv_rows(path)
    if header != columns:
        raise InputError(f"header must be {', '.join(columns)}", file=path, row=1)
    return [(line, dict(zip(header, cells))) for line, cells in rows]


def load_macro_regions(path, regions):
    """macro_regions.csv in file order; every oblast's macro_region in regions.csv must be one of them,
    and every macro-region must have a member."""
    rows = _read(path, MACRO_COLUMNS)
    names = [r["macro_region"] for _, r in rows]
    for line, r in rows:
        if names.count(r["macro_region"]) > 1:
            raise InputError(
                "macro-region named twice", file=path, row=line, column="macro_region", value=r["macro_region"]
            )
    oblasts = regions[regions["kind"] == "region"]
    for r in oblasts.itertuples():
        if r.macro_region not in names:
            raise InputError(
                f"{r.name_kk} ({r.region_id}) is in a macro-region that {path} does not name; "
                f"use one of: {'; '.join(names)}",
                file="data/raw/regions.csv",
                column="macro_region",
                value=r.macro_region,
            )
    for line, r in rows:
        if not (oblasts["macro_region"] == r["macro_region"]).any():
            raise InputError(
                "no oblast in data/raw/regions.csv belongs to this macro-region",
                file=path,
                row=line,
                column="macro_region",
                value=r["macro_region"],
            )
    return pd.DataFrame([r for _, r in rows], columns=MACRO_COLUMNS)


def load_scenarios(path, macro):
    """scenarios.csv: each macro-region's three scenarios, once each."""
    rows = _read(path, SCENARIO_COLUMNS)
    seen = {}
    for line, r in rows:
        if r["macro_region"] not in set(macro["macro_region"]):
            raise InputError(
                "unknown macro-region (see data/raw/macro_regions.csv)",
                file=path,
                row=line,
                column="macro_region",
                value=r["macro_region"],
            )
        if r["scenario"] not in SCENARIOS:
            raise InputError(
                f"scenario must be one of {', '.join(SCENARIOS)}",
                file=path,
                row=line,
                column="scenario",
                value=r["scenario"],
            )
        key = (r["macro_region"], r["scenario"])
        if key in seen:
            raise InputError(
                f"scenario given twice (also row {seen[key]})",
                file=path,
                row=line,
                column="scenario",
                value=r["scenario"],
            )
        seen[key] = line
    for name in macro["macro_region"]:
        for scenario in SCENARIOS:
            if (name, scenario) not in seen:
                raise InputError(f"{name} has no {scenario} scenario", file=path, column="scenario")
    return pd.DataFrame([r for _, r in rows], columns=SCENARIO_COLUMNS)


def groups(regions, macro):
    """[(group, kind, [region_id, ...])]: the macro-regions in macro's order with their oblasts in the
    regions' order, then each city on its own (kind `city`)."""
    out = [
        (m, "macro-region", list(regions.loc[regions["macro_region"] == m, "region_id"])) for m in macro["macro_region"]
    ]
    cities = regions[(regions["region_id"] != NATIONAL_ID) & regions["macro_region"].str.startswith(NO_MACRO_REGION)]
    out += [(r.name_kk, r.kind, [r.region_id]) for r in cities.itertuples()]
    return out


def summary(indices, risk_rollup, regions, *, macro):
    """One row per macro-region, then per city: its members, the mean, min and max of each pillar
    index and ISDR over them, and the risk counts summed over its members' indicators."""
    idx = indices.set_index("region_id")
    names = dict(zip(regions["region_id"], regions["name_kk"]))
    english = dict(zip(macro["macro_region"], macro["name_en"]))
    english.update({r.name_kk: r.name_en for r in regions.itertuples()})
    rows = []
    for group, kind, members in groups(regions, macro):
        row = {
            "group": group,
            "group_en": english[group],
            "kind": kind,
            "n_regions": len(members),
            "members": "; ".join(names[m] for m in members),
        }
        for column in INDEX_COLUMNS:
            values = idx.loc[members, column]
            row.update({f"{column}_mean": values.mean(), f"{column}_min": values.min(), f"{column}_max": values.max()})
        mine = risk_rollup[risk_rollup["region_id"].isin(members)]
        n = int(mine["n"].sum())
        row["n_indicator_values"] = n
        for level in RISK_VALUES:
            row[f"n_{level}"] = int(mine[f"n_{level}"].sum())
        row["share_high"] = row["n_high"] / (n - row["n_unclassified"]) if n > row["n_unclassified"] else float("nan")
        for pillar in PILLARS:
            row[f"high_{pillar}_per_region"] = mine.loc[mine["pillar"] == pillar, "n_high"].mean()
        rows.append(row)
    return pd.DataFrame(rows)
