"""Risk step 2, classification and roll-up: every region x indicator high, medium or low risk.

A value is classified by the bands of `sdi.risk.thresholds`, following their signs at the boundaries
(B < 36 excludes 36, B <= 36 includes it; values and bounds compared to 9 decimals). A value that no
band holds (a gap: 2.9 < B < 3 for B2, or a cut point that both neighbouring bands exclude) or that
two bands hold (an overlap: 67 < B < 76 for B49) is `unclassified`, unless the run's rule for such
values decides it:

    resolve = "medium"  (the default): it is medium risk, the band between the two cut points.
    resolve = "none":   it stays unclassified.

Why medium: where the author writes a sign that includes its bound, the bound belongs to the medium
band 14 times and to an outer band 6 times (`inclusive_bounds`), and the text states the medium band
with both ends included ("26-40", line 4983). Every value the rule decides is named in the output's
`note` and flagged in `decided_by_rule`, and `resolution_counts` counts them. A missing value is
`unclassified` ("no value").

Roll-up per region and pillar: the count and share of indicators at each level, and a pillar risk
level by the SDG Index's dashboard rule (Sustainable Development Report, methodology: a goal's
colour comes from its two worst-rated indicators, and it is green only when both are green),
adapted to three levels: `high` when the pillar's two riskiest indicators are both high, `low` when
both are low (so every indicator is low), `medium` otherwise; unclassified indicators are left out.

`worked_risk` takes one value through one indicator's bands step by step, for the notebook to check
against risk.csv.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.inputs.metadata import NATIONAL_ID
from sdi.io import write_csv, write_text
from sdi.risk.thresholds import LEVELS, Band, YearBands, bands, coverage_problems, source_value, used_table

UNCLASSIFIED = "unclassified"
RISK_VALUES = (*LEVELS, UNCLASSIFIED)
RESOLUTIONS = ("medium", "none")
RISK_COLUMNS = ["region_id", "indicator", "pillar", "value", "risk", "bands", "note"]  # risk.csv's
LEVEL_COLUMNS = [*RISK_COLUMNS, "decided_by_rule"]  # classify's: and whether the rule for gaps and overlaps decided it
SEVERITY = {"high": 3, "medium": 2, "low": 1}


def holding_bands(value, levels):
    """The levels ({level: Band}) whose band holds `value`, in the order high, medium, low."""
    return [lv for lv in LEVELS if levels[lv].contains(value)]


def classify(clean, thresholds, resolve="medium"):
    """One row per region x indicator (never the national row), in clean's order:
    region_id, indicator, pillar, value, risk, bands (the bands that hold the value, '|'-separated),
    note (why a value is unclassified or how the rule decided it), decided_by_rule (True where the
    rule for gaps and overlaps gave the level)."""
    if resolve not in RESOLUTIONS:
        raise ValueError(f"unknown rule for gaps and overlaps {resolve!r}; choose one of {', '.join(RESOLUTIONS)}")
    by_code = bands(thresholds)
    problems = {code: "; ".join(coverage_problems(levels)) for code, levels in by_code.items()}
    rows = []
    for r in clean[clean["region_id"] != NATIONAL_ID].itertuples():
        levels = by_code[r.indicator]
        if pd.isna(r.value):
            rows.append([r.region_id, r.indicator, r.pillar, r.value, UNCLASSIFIED, "", "no value", False])
            continue
        held = holding_bands(r.value, levels)
        risk, note, by_rule = (held[0], "", False) if len(held) == 1 else (UNCLASSIFIED, "", False)
        if len(held) != 1:
            where = "in no band" if not held else f"in {len(held)} bands ({' and '.join(held)})"
            note = f"{r.value:g} is {where}: the bands as read leave {problems[r.indicator]}"
            if resolve == "medium":
                risk, note, by_rule = "medium", f"{note}; medium by the rule for gaps and overlaps", True
        rows.append([r.region_id, r.indicator, r.pillar, r.value, risk, "|".join(held), note, by_rule])
    return pd.DataFrame(rows, columns=LEVEL_COLUMNS)


def resolution_counts(risk):
    """How many values fell in no band, in two bands, or had no value, and what became of them."""
    held = risk["bands"].str.count(r"\|").where(risk["bands"] != "", -1) + 1
    case = np.select(
        [risk["value"].isna(), held == 0, held > 1], ["no value", "in no band", "in two bands"], "one band"
    )
    table = pd.DataFrame({"case": case, "risk": risk["risk"]})
    return table[table["case"] != "one band"].groupby(["case", "risk"]).size().rename("values").reset_index()


def inclusive_bounds(thresholds):
    """{'medium': n, 'outer': n}: the bounds the thresholds include (<=), by the band they belong to."""
    out = {"medium": 0, "outer": 0}
    for r in thresholds.itertuples():
        n = (r.lower_sign == "<=") + (r.upper_sign == "<=")
        out["medium" if r.level == "medium" else "outer"] += int(n)
    return out


def pillar_level(levels):
    """The SDG-dashboard roll-up of one pillar's indicator levels (see the module docstring); None when
    fewer than two indicators are classified."""
    classified = sorted((lv for lv in levels if lv in SEVERITY), key=SEVERITY.get, reverse=True)
    if len(classified) < 2:
        return None
    worst, second = classified[:2]
    if worst == second == "high":
        return "high"
    if worst == second == "low":
        return "low"
    return "medium"


def rollup(risk):
    """Per region and pillar: n, the count and share (of the classified indicators) at each level,
    n_unclassified, and the pillar risk level. Regions in risk's order, pillars in PILLARS order."""
    rows = []
    for region_id in risk["region_id"].unique():
        mine = risk[risk["region_id"] == region_id]
        for pillar in PILLARS:
            levels = list(mine.loc[mine["pillar"] == pillar, "risk"])
            counts = {lv: levels.count(lv) for lv in RISK_VALUES}
            classified = len(levels) - counts[UNCLASSIFIED]
            row = {"region_id": region_id, "pillar": pillar, "n": len(levels)}
            row.update({f"n_{lv}": counts[lv] for lv in RISK_VALUES})
            row.update({f"share_{lv}": counts[lv] / classified if classified else np.nan for lv in LEVELS})
            row["pillar_risk"] = pillar_level(levels)
            rows.append(row)
    return pd.DataFrame(rows)


def high_risk_counts(rollup, regions):
    """Regions (in regions.csv's order) by pillar: how many indicators are at high risk."""
    high = rollup.pivot(index="region_id", columns="pillar", values="n_high")[list(PILLARS)]
    return high.loc[[r for r in regions["region_id"] if r in high.index]]


RECORD_FILE = "risk.json"


def run_record(levels, bands, *, year, resolve, indices_method, missing):
    """What risk.json records of a run: the thresholds asked for and used, the rule for gaps and
    overlaps, the indices' method and missing-value policy, the count of each level, and how many
    values the rule decided (from `decided_by_rule`)."""
    return {
        "year": year,
        "thresholds_setting": bands.setting,
        "thresholds": bands.choice,
        "resolve": resolve,
        "indices_method": indices_method,
        "missing": missing,
        "values": {k: int(v) for k, v in levels["risk"].value_counts().items()},
        "decided_by_rule": int(levels["decided_by_rule"].sum()),
    }


def write_outputs(folder, *, levels, bands, rollup, record):
    """risk.csv, risk_thresholds_used.csv, risk_rollup.csv and risk.json in `folder` (data/processed/<year>/)."""
    folder = Path(folder)
    return [
        write_csv(levels[RISK_COLUMNS], folder / "risk.csv"),
        write_csv(used_table(bands), folder / "risk_thresholds_used.csv"),
        write_csv(rollup, folder / "risk_rollup.csv"),
        write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", folder / RECORD_FILE),
    ]


@dataclass(frozen=True)
class WorkedRisk:
    """One value's risk level, step by step (`worked_risk`)."""

    code: str
    region_id: str
    value: float
    bands: dict[str, Band]  # {level: its band}, high, medium, low
    sources: dict[str, tuple[str, str]]  # {level: (what its lower bound is, what its upper bound is)}
    source_values: dict[str, float]  # {source: its number this year}: the national value, the median, a standard
    holding: tuple[str, ...]  # the levels whose band holds the value
    risk: str
    by_rule: bool  # the rule for gaps and overlaps decided it


def worked_risk(year_bands: YearBands, code: str, value: float, *, region_id: str, resolve: str = "medium"):
    """The risk level of `value` on indicator `code` by the bands this run uses: each band asked in turn whether
    it holds the value, and where each bound comes from."""
    rows = year_bands.used[year_bands.used["code"] == code].set_index("level")
    levels = bands(year_bands.used)[code]
    sources = {lv: (_text(rows.at[lv, "lower_source"]), _text(rows.at[lv, "upper_source"])) for lv in LEVELS}
    named = sorted({s for pair in sources.values() for s in pair if s})
    source_values = {
        s: float(source_value(s, code, year_bands.statistics, national=year_bands.national)) for s in named
    }
    if pd.isna(value):
        held: tuple[str, ...] = ()
        risk, by_rule = UNCLASSIFIED, False
    else:
        held = tuple(lv for lv in LEVELS if levels[lv].contains(value))
        by_rule = len(held) != 1 and resolve == "medium"
        risk = held[0] if len(held) == 1 else "medium" if by_rule else UNCLASSIFIED
    return WorkedRisk(code, region_id, float(value), levels, sources, source_values, held, risk, by_rule)


def _text(cell):
    return cell if isinstance(cell, str) else ""
