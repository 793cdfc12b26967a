"""Step 8 (notebook 08), reproduction: every published number against the recomputation, and the summary.

`Recomputation` is everything the `thesis` method computes for one year. `compare` adds to the
published numbers (`sdi.reproduction.published_tables.published_numbers`) the recomputed value and whether it matches
(`sdi.reproduction.matching`); `sdi.reproduction.diagnosis` explains each mismatch. `summary` gives a verdict per table;
`rank_changes`, `published_levels`, `table14_levels` and `level_changes` are the consequences, and
`expected_differences_check` compares the errata with the list of expected differences.
"""

from dataclasses import dataclass, field

import pandas as pd

from sdi import PILLARS
from sdi.inputs.cleaning import national_values, regional_values
from sdi.inputs.metadata import alias_map
from sdi.method.index import index_table
from sdi.method.methods import METHODS, Method
from sdi.method.normalisation import score_table
from sdi.method.statistics import describe
from sdi.method.typology import add_levels, level
from sdi.reproduction.matching import is_match
from sdi.reproduction.published_tables import INTEGRAL, STATS_TABLES

TABLE_NAMES = {
    "7": "Table 7 statistics rows",
    "8": "Table 8 statistics rows",
    "9": "Table 9 statistics rows",
    "10": "Table 10",
    "11": "Table 11",
    "12": "Table 12",
    "13": "Table 13",
    "14": "Table 14",
    "text": "Text after Table 13",
}
EXPECTED_KEY = ["table", "region_id", "indicator", "statistic", "diagnosis"]
MINOR_SHARE = 0.05  # "minor issues": every mismatch explained, and at most 5 % of the table
MOST_MATCHED = 0.5  # "partly reproduced": at least half of the table matches


@dataclass
class Recomputation:
    """Everything `method` (the dissertation's, by default) computes for one year, plus what the diagnoses need."""

    clean: pd.DataFrame
    indicators: pd.DataFrame
    regions: pd.DataFrame
    method: Method = field(default=METHODS["thesis"])

    def __post_init__(self):
        self.values = regional_values(self.clean)
        self.stats = describe(self.values).set_index("indicator")
        self.scores = score_table(
            self.values, self.indicators, self.method.direction_column, missing=self.method.missing
        )
        self.indices = add_levels(
            index_table(self.scores, self.indicators, self.method.include_column, min_coverage=self.method.min_coverage)
        ).set_index("region_id")
        self.direction = dict(zip(self.indicators["code"], self.indicators[self.method.direction_column]))
        self.aliases = alias_map(self.regions)
        self.national = national_values(self.clean)


def _claim_value(rec, scope, claim):
    """What the recomputation says for one of the text's claims; None for a rank no region has (ties)."""
    column = INTEGRAL if scope == "integral" else scope
    values = rec.indices[column]
    kind = claim.split("_", 1)[1]
    if kind == "min":
        return values.min()
    if kind in ("max", "leader_value"):
        return values.max()
    if kind == "leader":
        return values.idxmax()
    if kind.startswith("rank_"):
        holders = rec.indices.index[rec.indices[f"rank_{column}"] == int(kind[5:])]
        return holders[0] if len(holders) else None
    if kind == "all_level":
        levels = set(rec.indices[f"level_{column}"])
        return levels.pop() if len(levels) == 1 else "mixed: " + ", ".join(sorted(levels))
    if kind.endswith("_count"):
        return int((rec.indices[f"level_{column}"] == kind[: -len("_count")]).sum())
    if kind in ("low_min", "low_max"):
        low = values[rec.indices[f"level_{column}"] == "low"]
        return low.min() if kind == "low_min" else low.max()
    raise ValueError(f"unknown claim {claim}")


def recomputed_value(rec, row):
    table, region_id, indicator, statistic = row.table, row.region_id, row.indicator, row.statistic
    if table in STATS_TABLES:
        return rec.stats.at[indicator, statistic]
    if statistic == "score":
        return rec.scores.at[region_id, indicator]
    if statistic in ("index", "rank"):
        return rec.indices.at[region_id, indicator if statistic == "index" else f"rank_{indicator}"]
    if statistic == "level":
        return rec.indices.at[region_id, f"level_{indicator}"]
    return _claim_value(rec, indicator, statistic)


def compare(published, rec):
    """published + recomputed + match (bool)."""
    out = published.copy()
    out["recomputed"] = [recomputed_value(rec, r) for r in out.itertuples()]
    out["match"] = [
        is_match(p, v, s, aliases=rec.aliases) for p, v, s in zip(out.published, out.recomputed, out.statistic)
    ]
    return out


# --- summary and verdicts -------------------------------------------------------------------------


def verdict(compared_n, matched, unexplained):
    mismatched = compared_n - matched
    if mismatched == 0:
        return "reproduced"
    if unexplained == 0 and mismatched <= MINOR_SHARE * compared_n:
        return "reproduced with minor issues"
    if matched >= MOST_MATCHED * compared_n:
        return "partly reproduced"
    return "not reproduced"


def summary(compared, errata, tables=TABLE_NAMES):
    """A verdict per table of `tables` (by default Tables 7-14 and the text after Table 13)."""
    rows = []
    for table in tables:
        n = int((compared.table == table).sum())
        matched = int(((compared.table == table) & compared.match).sum())
        mine = errata[errata.table == table]
        unexplained = int((mine.diagnosis == "unexplained").sum())
        rows.append(
            {
                "table": table,
                "compared": n,
                "matched": matched,
                "explained": len(mine) - unexplained,
                "unexplained": unexplained,
                "verdict": verdict(n, matched, unexplained),
            }
        )
    return pd.DataFrame(rows)


def expected_differences_check(errata, expected):
    """(new, gone): errata keys not in the expected list, and expected keys no longer found."""
    found = set(map(tuple, errata[EXPECTED_KEY].astype(str).to_numpy()))
    listed = set(map(tuple, expected[EXPECTED_KEY].astype(str).to_numpy()))
    return sorted(found - listed), sorted(listed - found)


# --- consequences ---------------------------------------------------------------------------------


def rank_changes(published_t13, thesis, corrected):
    """Per region: published ISDR rank and level vs the thesis and the corrected recomputation."""
    out = pd.DataFrame(
        {
            "published_rank": published_t13.set_index("region_id").rank_isdr,
            "thesis_rank": thesis.rank_isdr,
            "corrected_rank": corrected.rank_isdr,
            "published_isdr": published_t13.set_index("region_id").isdr,
            "thesis_isdr": thesis.isdr,
            "corrected_isdr": corrected.isdr,
        }
    )
    out["shift_errors_removed"] = out.published_rank - out.thesis_rank
    out["shift_corrected"] = out.thesis_rank - out.corrected_rank
    return out


def published_levels(t13):
    """Levels the published Table 13 indices imply (by the stated thresholds), with the ISDR rank."""
    out = pd.DataFrame(index=t13.index)
    for column in PILLARS:
        out[f"level_{column}"] = t13[column].map(lambda v: level(v, "pillar"))
    out["level_isdr"] = t13["isdr"].map(lambda v: level(v, "integral"))
    return out.join(t13[["rank_isdr"]])


def table14_levels(published, published_levels_):
    """Table 14's classes per region and pillar; ISDR (which Table 14 leaves out) from Table 13 by the thresholds."""
    t14 = published[published.table == "14"].pivot(index="region_id", columns="indicator", values="published")
    out = published_levels_.copy()
    for column in t14.columns:
        out[f"level_{column}"] = t14[column]
    return out


def level_changes(before, after):
    """index (a pillar or isdr), region_id, from, to: every class that differs between two tables of levels."""
    rows = []
    for column in (*PILLARS, INTEGRAL):
        for region_id in before.index:
            a, b = before.at[region_id, f"level_{column}"], after.at[region_id, f"level_{column}"]
            if a != b:
                rows.append({"index": column, "region_id": region_id, "from": a, "to": b})
    return pd.DataFrame(rows, columns=["index", "region_id", "from", "to"])
