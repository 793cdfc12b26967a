"""Tables 15-20 regenerated: the risk criteria and the risk maps, as CSV, Markdown and one workbook.

Tables 15-17 (criteria): every indicator of the pillar with the bands this run used (published or by
the rule) and where each cut comes from. Tables 18-20 (maps): the bands in the first three rows, then
every region's value with its risk level, then the national, mean and median rows, as the dissertation
prints them. A map cell reads `95.82 H` (H high, M medium, L low, ? unclassified; `†` when the rule
for gaps and overlaps decided it); in the workbook the cell keeps the number, is filled red / yellow /
green as the original was, and shows the letter through its number format.
The macro-regions (indices and risk counts) and Tables 21-24 (scenarios) go into the same workbook.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import PILLARS
from .labels import PILLAR_LABELS
from .publish import BODY_FIRST_ROW, REGION_LABELS, Table, _region_columns, write_table, write_workbook
from .risk import UNCLASSIFIED
from .risk_thresholds import LEVELS

RISK_COLOURS = {"high": "#b2182b", "medium": "#fddb6d", "low": "#5aae61", UNCLASSIFIED: "#bdbdbd"}
RISK_LETTERS = {"high": "H", "medium": "M", "low": "L", UNCLASSIFIED: "?"}
RISK_LABELS = {"high": ("High risk", "Жоғары тәуекел"), "medium": ("Medium risk", "Орташа тәуекел"),
               "low": ("Low risk", "Төмен тәуекел"), UNCLASSIFIED: ("Unclassified", "Жіктелмеген")}
RULE_MARK = "†"
CRITERIA_NUMBERS = {"social": 15, "economic": 16, "ecological": 17}
MAP_NUMBERS = {"social": 18, "economic": 19, "ecological": 20}
CRITERIA_TITLES = {"social": "әлеуметтік", "economic": "экономикалық", "ecological": "экологиялық"}
LEGEND = ("H high risk (red), M medium (yellow), L low (green), ? unclassified (grey); † a value in a gap or an "
          "overlap of the bands, put in medium by the rule for gaps and overlaps.")


def number_text(x):
    """A computed bound or statistic for print: at most three decimals, no trailing zeros."""
    return ("%.3f" % x).rstrip("0").rstrip(".")


def band_text(row, variable="B"):
    """'100.01 < B ≤ 106.69', 'B > 106.70', 'B ≤ 100' from a thresholds row (with the printed digits
    when the row has them)."""
    def bound(side):
        return row.get(f"{side}_text") or number_text(row[side])
    lower, upper = not pd.isna(row["lower"]), not pd.isna(row["upper"])
    less = {side: "≤" if row[f"{side}_sign"] == "<=" else "<" for side in ("lower", "upper")}
    if lower and upper:
        return f"{bound('lower')} {less['lower']} {variable} {less['upper']} {bound('upper')}"
    if lower:
        return f"{variable} {'≥' if less['lower'] == '≤' else '>'} {bound('lower')}"
    return f"{variable} {less['upper']} {bound('upper')}"


def _indicator_columns(indicators, codes):
    ind = indicators.set_index("code")
    return {c: (f"{ind.at[c, 'name_en']}, {ind.at[c, 'unit']}", ind.at[c, "name_kk"]) for c in codes}


def criteria_table(pillar, thresholds, indicators, year, choice):
    """Tables 15-17: per indicator of the pillar, the high / medium / low bands used and the cuts' sources."""
    codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
    ind = indicators.set_index("code")
    rows = []
    for code in codes:
        mine = thresholds[thresholds["code"] == code].set_index("level")
        row = {"code": code, "indicator": ind.at[code, "name_en"], "көрсеткіш": ind.at[code, "name_kk"]}
        row.update({lv: band_text(mine.loc[lv]) for lv in LEVELS})
        row["cuts"] = f"{mine.at['medium', 'lower_source']}; {mine.at['medium', 'upper_source']}"
        rows.append(row)
    number = CRITERIA_NUMBERS[pillar]
    en, kk = PILLAR_LABELS[pillar]
    labels = {"code": ("Code", "Коды"), "indicator": ("Indicator", "Көрсеткіш (ағылшынша)"), "көрсеткіш": ("Indicator (Kazakh)", "Көрсеткіш"),
              **{lv: RISK_LABELS[lv] for lv in LEVELS},
              "cuts": ("Cut points: lower; upper (national value, median, mean or a fixed standard)",
                       "Шектер: төменгі; жоғарғы")}
    return Table(number, f"{pillar}_risk_criteria", f"Table {number}. {en}: risk criteria, {year} (thresholds: {choice})",
                 f"Кесте {number} – Қазақстан аймақтарының {CRITERIA_TITLES[pillar]} тұрақтылығы тәуекелдерін бағалау критерийлері",
                 pd.DataFrame(rows), labels)


@dataclass
class MapTable(Table):
    """A risk map: `body` holds numbers (and the band texts in the first rows); `levels` the risk level
    of each region cell (same shape, "" elsewhere); `ruled` True where the rule decided the level."""

    levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    ruled: pd.DataFrame = field(default_factory=pd.DataFrame)

    def display(self):
        """The table as text for CSV and Markdown: region cells read '95.82 H' (or '2.95 M†')."""
        body = self.body.astype(object).copy()
        for column in self.levels.columns:
            for i, level in self.levels[column].items():
                if level:
                    value = body.at[i, column]
                    shown = "" if pd.isna(value) else f"{number_text(value)} "
                    body.at[i, column] = f"{shown}{RISK_LETTERS[level]}{RULE_MARK if self.ruled.at[i, column] else ''}"
        for column in self.levels.columns:  # the national, mean and median rows
            body[column] = [number_text(v) if isinstance(v, (float, np.floating)) and not pd.isna(v) else v for v in body[column]]
        return Table(self.number, self.slug, self.title_en, self.title_kk, body, self.labels, self.note)


def map_table(pillar, risk, thresholds, clean, statistics, regions, indicators, year, choice):
    """Tables 18-20: band rows, region rows (value and level), national, mean and median rows."""
    codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
    ids = [r for r in regions["region_id"] if r in set(risk["region_id"])]
    mine = risk[risk["pillar"] == pillar]
    value = mine.pivot(index="region_id", columns="indicator", values="value").loc[ids, codes]
    level = mine.pivot(index="region_id", columns="indicator", values="risk").loc[ids, codes]
    ruled = mine.assign(r=mine["note"].str.endswith("by the rule for gaps and overlaps")).pivot(
        index="region_id", columns="indicator", values="r").loc[ids, codes]
    by_level = {lv: thresholds[thresholds["level"] == lv].set_index("code") for lv in LEVELS}
    band_rows = pd.DataFrame([{"region_id": "", "region": RISK_LABELS[lv][0], "аймақ": RISK_LABELS[lv][1],
                               **{c: band_text(by_level[lv].loc[c]) for c in codes}} for lv in LEVELS])
    national = clean[clean["region_id"] == "KZ"].set_index("indicator")["value"]
    stat = statistics.set_index("indicator")
    summary = pd.DataFrame([
        {"region_id": "KZ", "region": "Kazakhstan", "аймақ": "Қазақстан Республикасы", **{c: national.get(c, np.nan) for c in codes}},
        {"region_id": "", "region": "Mean", "аймақ": "Орта шама", **{c: round(stat.at[c, "mean"], 3) for c in codes}},
        {"region_id": "", "region": "Median", "аймақ": "Медиана", **{c: round(stat.at[c, "median"], 3) for c in codes}},
    ])
    regions_part = pd.concat([_region_columns(regions, ids), value.reset_index(drop=True)], axis=1)
    body = pd.concat([band_rows, regions_part, summary], ignore_index=True)
    levels = pd.DataFrame("", index=body.index, columns=codes)
    flags = pd.DataFrame(False, index=body.index, columns=codes)
    first = len(band_rows)
    levels.iloc[first:first + len(ids)] = level.to_numpy()
    flags.iloc[first:first + len(ids)] = ruled.fillna(False).to_numpy(dtype=bool)
    number = MAP_NUMBERS[pillar]
    en, kk = PILLAR_LABELS[pillar]
    note = f"{LEGEND} Thresholds: {choice}."
    return MapTable(number, f"{pillar}_risk_map", f"Table {number}. {en}: risk map, {year} (thresholds: {choice})",
                    f"Кесте {number} – Қазақстан аймақтарының {CRITERIA_TITLES[pillar]} тұрақтылығы тәуекелдерінің картасы",
                    body, {**REGION_LABELS, **_indicator_columns(indicators, codes)}, note, levels, flags)


class SheetTable(Table):
    """A table with a sheet name of its own (the macro-regions, the scenarios)."""

    def __init__(self, sheet, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sheet = sheet

    @property
    def sheet(self):
        return self._sheet

    @property
    def name(self):
        return self.slug


def macro_region_table(macro_summary, year, method):
    body = macro_summary.copy()
    labels = {"group": ("Macro-region or city", "Макроаймақ немесе қала"), "group_en": ("Name in English", "Атауы (ағылшынша)"),
              "kind": ("Kind", "Түрі"), "n_regions": ("Regions", "Аймақтар саны"), "members": ("Members", "Құрамы")}
    for column in (*PILLARS, "isdr"):
        en, kk = PILLAR_LABELS[column]
        for stat in ("mean", "min", "max"):
            labels[f"{column}_{stat}"] = (f"{en}: {stat}", f"{kk}: {stat}")
    return SheetTable("Macro-regions", 0, "macro_regions",
                      f"Macro-regions: indices ({method} method) and risk counts, {year}",
                      f"Макроаймақтар: индекстер және тәуекелдер саны, {year}", body.round(3), labels)


def scenario_table(scenarios):
    labels = {"table": ("Table", "Кесте"), "macro_region": ("Macro-region", "Макроаймақ"), "scenario": ("Scenario", "Сценарий (ағылшынша)"),
              "scenario_printed": ("Scenario as printed", "Сценарий"), "factors_risks": ("Factors and risks", "Факторлары және тәуекелдері"),
              "outcomes": ("Outcomes", "Сценарийлерді іске асыру нәтижесі"), "summary_en": ("Summary (English)", "Қысқаша (ағылшынша)")}
    return SheetTable("Tables 21-24", 21, "scenarios", "Tables 21-24. Scenarios of sustainable development per macro-region",
                      "Кесте 21–24 – Макроаймақтардың тұрақты дамуының перспективалық сценарийлері",
                      scenarios.drop(columns=["source_lines", "note"]), labels)


def _fill(colour):
    from openpyxl.styles import PatternFill
    return PatternFill("solid", start_color=colour.lstrip("#").upper(), end_color=colour.lstrip("#").upper())


def colour_cells(ws, table):
    """Workbook hook: fill a map's region cells by level and show the level's letter after the number."""
    if not isinstance(table, MapTable):
        return
    columns = list(table.body.columns)
    for column in table.levels.columns:
        j = columns.index(column) + 1
        for i, level in table.levels[column].items():
            if level:
                cell = ws.cell(BODY_FIRST_ROW + i, j)
                cell.fill = _fill(RISK_COLOURS[level])
                mark = RULE_MARK if table.ruled.at[i, column] else ""
                cell.number_format = f'General" {RISK_LETTERS[level]}{mark}"'


def write_risk_tables(tables, folder, workbook_name):
    """Every table as CSV and Markdown (map cells as '95.82 H') in `folder`, and all in one workbook."""
    paths = []
    for table in tables:
        shown = table.display() if isinstance(table, MapTable) else table
        paths += write_table(shown, folder)
    paths.append(write_workbook(tables, folder / workbook_name, decorate=colour_cells))
    return paths
