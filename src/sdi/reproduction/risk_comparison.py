"""Step 8 (notebook 08), reproduction of Tables 15-20 and of the text on the risk maps.

What each printed number of the risk section is set against (its `kind` picks the candidate
explanations `sdi.reproduction.diagnosis` tries, `sdi.reproduction.risk_candidates.CANDIDATES`):

- `map_value`: a region's (or the national) value in a map (Tables 18-20), against Tables 7-9;
- `map_statistic`: a map's «Орта шама», «Медиана» and «Стандарт» rows, against the mean and median of
  Tables 7-9 and the fixed standard the bands use;
- `map_band`: every bound of the bands printed above a map, against the rule: the national value,
  median, mean or standard recorded as the cut's source in data/raw/risk_thresholds.csv, from Tables 7-9;
- `criteria_band`: every bound of the criteria Tables 15-17, against the map's bands for the same cut
  (the cut between high and medium, or between medium and low);
- `code`: a printed indicator code, against the indicator's code (the Cyrillic «В» read as B);
- `risk_claim`: a statement of the text on the risks (data/reference/<year>/risk_text_claims.csv),
  against the recomputed values and their classification by the printed bands.

The classification here always uses the printed bands (the `published` thresholds), whatever the
pipeline's THRESHOLDS setting: it is the dissertation's map that is checked.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.inputs.metadata import NATIONAL_ID, alias_map, normalise_name
from sdi.inputs.readers import read_csv_rows
from sdi.reproduction.comparison import Recomputation
from sdi.reproduction.evidence import Evidence
from sdi.reproduction.matching import is_match
from sdi.reproduction.published_risk_maps import published_risk_numbers
from sdi.risk.classification import UNCLASSIFIED, classify
from sdi.risk.thresholds import LEVELS, STANDARD, coverage_gaps, high_side, source_value
from sdi.risk.thresholds import bands as band_table

TEXT = "text_risk"  # the table key of the text's statements on the risks
TABLE_NAMES = {
    "15": "Table 15 (social risk criteria)",
    "16": "Table 16 (economic risk criteria)",
    "17": "Table 17 (ecological risk criteria)",
    "18": "Table 18 (social risk map)",
    "19": "Table 19 (economic risk map)",
    "20": "Table 20 (ecological risk map)",
    TEXT: "Text on the risk maps",
}
CRITERIA_TABLES = ("15", "16", "17")
CLAIMS_FILE = "risk_text_claims.csv"
CLAIM_COLUMNS = ["claim", "indicator", "regions", "published", "source_line", "printed", "meaning"]
NO_CHANGE = 100.0  # B1 is the 2023 population in % of 2019's: below 100 it fell
HOUSING_STANDARD = 30.0  # m² per person, the standard the text states (line 4981)
SEVERITY = {"low": 1, "medium": 2, "high": 3}


def risk_kind(table, statistic):
    """The kind of a printed number of the risk section (see the module docstring)."""
    if table == TEXT:
        return "risk_claim"
    if statistic == "code":
        return "code"
    if table in CRITERIA_TABLES:
        return "criteria_band"
    if statistic == "value":
        return "map_value"
    if statistic in ("mean", "median", "standard"):
        return "map_statistic"
    return "map_band"


def read_claims(path, regions):
    """The text's statements on the risks: CLAIM_COLUMNS, `regions` resolved to a list of region_ids."""
    header, rows = read_csv_rows(path)
    if header != CLAIM_COLUMNS:
        raise InputError(f"header must be {','.join(CLAIM_COLUMNS)}", file=path, row=1)
    names = alias_map(regions)
    records = []
    for line, cells in rows:
        row = dict(zip(header, cells))
        if row["claim"] not in CLAIMS:
            raise InputError(
                f"unknown claim; known: {', '.join(CLAIMS)}", file=path, row=line, column="claim", value=row["claim"]
            )
        ids = []
        for name in filter(None, (n.strip() for n in row["regions"].split(";"))):
            if normalise_name(name) not in names:
                raise InputError(
                    "unknown region; use a name or alias from data/raw/regions.csv",
                    file=path,
                    row=line,
                    column="regions",
                    value=name,
                )
            ids.append(names[normalise_name(name)])
        records.append({**row, "regions": ids})
    return pd.DataFrame(records, columns=CLAIM_COLUMNS).set_index("claim", drop=False)


def published_risk(reference_dir, regions):
    """Every printed number of Tables 15-20 and every claim of the text, long, with its kind: table,
    region_id, indicator, statistic, published, kind (as `sdi.reproduction.published_tables.published_numbers`)."""
    published = published_risk_numbers(reference_dir, regions)
    claims = read_claims(reference_dir / CLAIMS_FILE, regions)
    text = pd.DataFrame(
        {
            "table": TEXT,
            "region_id": "",
            "indicator": claims["indicator"].to_numpy(),
            "statistic": claims["claim"].to_numpy(),
            "published": claims["published"].to_numpy(),
        }
    )
    published = pd.concat([published, text], ignore_index=True)
    published["kind"] = [risk_kind(t, s) for t, s in zip(published.table, published.statistic)]
    return published


@dataclass
class RiskRecomputation(Recomputation):
    """The recomputation plus what the risk section is checked against: the printed bands
    (`thresholds`, data/raw/risk_thresholds.csv), the classification by them, the national row's
    printed digits (`national_text`, {code: text}) and the text's claims."""

    thresholds: pd.DataFrame = None
    national_text: dict = None
    claims: pd.DataFrame = None

    def __post_init__(self):
        super().__post_init__()
        self.band_rows = self.thresholds.set_index(["code", "level"])
        self.high_side = high_side(self.thresholds)
        self.risk = classify(self.clean, self.thresholds)
        self.levels = self.risk.pivot(index="region_id", columns="indicator", values="risk")
        self.high_counts = (self.risk.risk == "high").groupby(self.risk.region_id, sort=False).sum()

    def band(self, code, level):
        return self.band_rows.loc[(code, level)]


def is_code(indicator):
    return indicator.startswith("B")


def band_side(rec, code, level, *, side):
    """The side of a band the printed bound is: the printed side if the band has a bound there, else
    the band's one bound (a bound printed without a sign, or with a reversed sign)."""
    row = rec.band(code, level)
    if side in ("lower", "upper") and not np.isnan(row[side]):
        return side
    return "lower" if not np.isnan(row["lower"]) else "upper"


def rule_value(rec, code, source):
    """The value the rule takes for a cut's source, from Tables 7-9 (or the standard's number)."""
    return source_value(source, code, rec.stats, national=rec.national)


def map_cut(rec, code, cut, *, level):
    """The map's printed bound of one cut ('high|medium' or 'medium|low'), on the band `level`."""
    row = rec.band(code, level)
    if level != "medium":
        return row["lower"] if not np.isnan(row["lower"]) else row["upper"]
    high_below = rec.high_side[code] == "below"
    facing_high = "lower" if high_below else "upper"
    return row[facing_high] if cut == "high|medium" else row["upper" if facing_high == "lower" else "lower"]


def criteria_cut(published_row_statistics, level, side):
    """Which cut a criteria bound is: an outer band's one bound is its cut with medium; a medium bound
    is the cut on the side where the criteria row puts that outer band."""
    if level == "high":
        return "high|medium"
    if level == "low":
        return "medium|low"
    high_below = "high_upper" in published_row_statistics
    return "high|medium" if (side == "lower") == high_below else "medium|low"


def standard_of(rec, code):
    """The first fixed standard among the medium band's cuts, or None."""
    row = rec.band(code, "medium")
    for source in (row["lower_source"], row["upper_source"]):
        if source.startswith(STANDARD):
            return float(source.split()[1])
    return None


def recomputed_value(rec, row, criteria_statistics):
    """What the recomputation gives for one printed number of the risk section (None where nothing
    can be computed: a column or row that is no indicator of Tables 7-9)."""
    kind, code = row.kind, row.indicator
    if kind == "risk_claim":
        return claim_value(rec, rec.claims.loc[row.statistic])[0]
    if kind == "code":
        return code if is_code(code) else None
    if not is_code(code):
        return None
    if kind == "map_value":
        return rec.national.get(code, np.nan) if row.region_id == NATIONAL_ID else rec.values.at[row.region_id, code]
    if kind == "map_statistic":
        return standard_of(rec, code) if row.statistic == "standard" else rec.stats.at[code, row.statistic]
    level, side = row.statistic.rsplit("_", 1)
    if kind == "criteria_band":
        cut = criteria_cut(criteria_statistics.get((row.table, code), set()), level, side)
        return map_cut(rec, code, cut, level=level)
    side = band_side(rec, code, level, side=side)
    return rule_value(rec, code, rec.band(code, level)[f"{side}_source"])


def compare(published, rec):
    """published + recomputed + match, as `sdi.reproduction.comparison.compare` does for Tables 7-14."""
    out = published.copy()
    criteria = out[out.kind == "criteria_band"]
    statistics = criteria.groupby(["table", "indicator"]).statistic.agg(set).to_dict()
    out["recomputed"] = [recomputed_value(rec, r, statistics) for r in out.itertuples()]
    out["match"] = [
        is_match(p, v, s, aliases=rec.aliases) for p, v, s in zip(out.published, out.recomputed, out.statistic)
    ]
    return out


# --- the text's claims: each a function (recomputation, claim row) -> (value, detail: an Evidence) --------


MIXED = "mixed: "  # a summary of levels that differ: 'mixed: high 4, medium 2'


def _level_summary(levels):
    """'high' when every level is the same, else 'mixed: high 4, medium 2'."""
    counts = pd.Series(list(levels)).value_counts()
    if len(counts) == 1:
        return counts.index[0]
    return MIXED + ", ".join(f"{lv} {counts[lv]}" for lv in (*LEVELS, UNCLASSIFIED) if lv in counts)


def level_counts(value):
    """{level: regions} of a summary `_level_summary` wrote ('mixed: high 4, medium 2'), or None for any other
    value: what a report in another language words anew."""
    if not isinstance(value, str) or not value.startswith(MIXED):
        return None
    pairs = [part.rsplit(" ", 1) for part in value.removeprefix(MIXED).split(", ")]
    return {level: int(count) for level, count in pairs}


def _population_fell(rec, c):
    x = rec.values[c.indicator]
    return x.index[x < NO_CHANGE]


def _region_levels(rec, code, levels):
    """Each region's value and level of one indicator, as evidence."""
    return [
        Evidence("region_value_level", region=r, value=float(rec.values.at[r, code]), level=lv)
        for r, lv in levels.items()
    ]


def population_fell_regions(rec, c):
    fell = _population_fell(rec, c)
    return len(fell), Evidence(
        "population_fell_regions", code=c.indicator, limit=NO_CHANGE, count=len(fell), regions=list(fell)
    )


def population_fell_high_risk(rec, c):
    fell = _population_fell(rec, c)
    levels = rec.levels.loc[fell, c.indicator]
    return _level_summary(levels), Evidence("items", items=_region_levels(rec, c.indicator, levels))


def population_behind_national_medium(rec, c):
    x, national = rec.values[c.indicator], rec.national[c.indicator]
    behind = x.index[(x >= NO_CHANGE) & (x < national)]
    levels = rec.levels.loc[behind, c.indicator]
    return _level_summary(levels), Evidence(
        "grew_less_than_the_country",
        count=len(behind),
        national=float(national),
        items=_region_levels(rec, c.indicator, levels),
    )


def national_value(rec, c):
    return rec.national[c.indicator], Evidence(
        "national_value", code=c.indicator, printed=rec.national_text[c.indicator]
    )


def housing_regions_at_standard(rec, c):
    x = rec.values[c.indicator]
    return int((x >= HOUSING_STANDARD).sum()), Evidence(
        "largest_value", code=c.indicator, value=float(x.max()), region=x.idxmax()
    )


def _medium_cut(rec, c, side):
    row = rec.band(c.indicator, "medium")
    return row[side], Evidence("medium_band_printed", band=row["printed"], line=row["source_line"])


def doctors_medium_lower(rec, c):
    return _medium_cut(rec, c, "lower")


def doctors_medium_upper(rec, c):
    return _medium_cut(rec, c, "upper")


def emissions_over_half(rec, c):
    share = rec.values.loc[c.regions, c.indicator].sum()
    return ("yes" if share > 50 else "no"), Evidence(
        "share_sum",
        code=c.indicator,
        regions=list(c.regions),
        values=[float(v) for v in rec.values.loc[c.regions, c.indicator]],
        share=float(share),
    )


def _against_national(rec, c, below):
    x, national = rec.values.loc[c.regions, c.indicator], rec.national[c.indicator]
    hits = (x < national) if below else (x > national)
    return int(hits.sum()), Evidence(
        "against_national",
        code=c.indicator,
        national=float(national),
        items=[Evidence("region_value", region=r, value=float(v)) for r, v in x.items()],
    )


def pessimistic_income_below_national(rec, c):
    return _against_national(rec, c, below=True)


def optimistic_income_above_national(rec, c):
    return _against_national(rec, c, below=False)


def _high_counts_shown(rec, ids):
    return [Evidence("region_count", region=r, count=int(rec.high_counts[r])) for r in ids]


def pessimistic_riskier_half(rec, c):
    median = rec.high_counts.median()
    hits = [r for r in c.regions if rec.high_counts[r] > median]
    return len(hits), Evidence(
        "high_risk_against_median",
        indicators=rec.values.shape[1],
        median=float(median),
        items=_high_counts_shown(rec, c.regions),
    )


def optimistic_fewest_high_risk(rec, c):
    counts = rec.high_counts.sort_values(kind="stable")
    kth = counts.iloc[len(c.regions) - 1]  # the most a region may have and still be among the fewest
    hits = [r for r in c.regions if rec.high_counts[r] <= kth]
    return len(hits), Evidence(
        "fewest_high_risk",
        indicators=rec.values.shape[1],
        items=_high_counts_shown(rec, counts.index[: len(c.regions) + 2]),
    )


def worst_level(rec, c):
    codes = [code.strip() for code in c.indicator.split(";")]
    cells = rec.levels.loc[c.regions, codes]
    worst = max(cells.to_numpy().ravel(), key=lambda lv: SEVERITY.get(lv, 0))
    risk = rec.risk.set_index(["region_id", "indicator"])
    items = [
        Evidence(
            "region_code_value_level",
            region=r,
            code=code,
            value=float(rec.values.at[r, code]),
            level=cells.at[r, code],
            note=_classification_note(rec, risk.loc[(r, code)], code),
        )
        for r in c.regions
        for code in codes
    ]
    return worst, Evidence("items", items=items)


def _classification_note(rec, cell, code):
    """Why a value has the level it has, where the printed bands do not decide it alone (the note of risk.csv,
    as evidence); None where one band holds it."""
    if not cell["note"]:
        return None
    if pd.isna(cell["value"]):
        return Evidence("no_value")
    held = [lv for lv in cell["bands"].split("|") if lv]
    gaps = [
        Evidence(f"coverage_{kind}", low=float(low), high=float(high), left=signs[0], right=signs[1], pair=list(pair))
        for kind, low, high, signs, pair in coverage_gaps(band_table(rec.thresholds)[code])
    ]
    return Evidence(
        "classification_note",
        value=float(cell["value"]),
        where=Evidence("in_bands", count=len(held), levels=held) if held else Evidence("in_no_band"),
        gaps=gaps,
        rule=Evidence("medium_by_rule") if cell["decided_by_rule"] else None,
    )


# claim -> (function, what it is about: a number of a published table, or the classification)
CLAIMS = {
    "population_fell_regions": (population_fell_regions, "classification"),
    "population_fell_high_risk": (population_fell_high_risk, "classification"),
    "population_behind_national_medium": (population_behind_national_medium, "classification"),
    "housing_national": (national_value, "table"),
    "housing_regions_at_standard": (housing_regions_at_standard, "classification"),
    "doctors_national": (national_value, "table"),
    "doctors_medium_lower": (doctors_medium_lower, "table"),
    "doctors_medium_upper": (doctors_medium_upper, "table"),
    "beds_national": (national_value, "table"),
    "emissions_over_half": (emissions_over_half, "classification"),
    "pessimistic_income_below_national": (pessimistic_income_below_national, "classification"),
    "pessimistic_riskier_half": (pessimistic_riskier_half, "classification"),
    "optimistic_income_above_national": (optimistic_income_above_national, "classification"),
    "optimistic_fewest_high_risk": (optimistic_fewest_high_risk, "classification"),
    "air_pollution_high_risk": (worst_level, "classification"),
    "unemployment_high_risk": (worst_level, "classification"),
}


def claim_value(rec, claim):
    """(value, detail) of one claim row of the claims file."""
    return CLAIMS[claim["claim"]][0](rec, claim)


def claim_about(claim):
    return CLAIMS[claim][1]


def national_text(raw_dir, regions):
    """{code: the national row's value as printed in Tables 7-9 (the raw files)}."""
    from sdi.inputs.cleaning import pillar_file

    names = alias_map(regions)
    out = {}
    for pillar in PILLARS:
        header, rows = read_csv_rows(pillar_file(raw_dir, pillar))
        for _, cells in rows:
            if names.get(normalise_name(cells[0])) == NATIONAL_ID:
                out.update(zip(header[1:], cells[1:]))
    return out


def pipeline_agreement(rec, pipeline_risk):
    """(cells, agreeing): the pipeline's risk.csv (notebook 06_risk_maps) against the classification by
    the printed bands used here."""
    merged = rec.risk.merge(
        pipeline_risk[["region_id", "indicator", "risk"]], on=["region_id", "indicator"], suffixes=("", "_pipeline")
    )
    return len(merged), int((merged["risk"] == merged["risk_pipeline"]).sum())
