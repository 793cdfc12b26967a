"""The dissertation's Tables 7-14, laid out as it prints them, written as CSV, Markdown and one workbook.

Rows are regions in the dissertation's order (Tables 7-9 start with the national row and end with
the statistics rows); columns are indicators. Every table carries English and Kazakh labels.
"""

import io as _io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from . import PILLARS
from .io import atomic_path, write_csv, write_text
from .labels import LEVEL_LABELS, PILLAR_LABELS, STAT_LABELS
from .normalisation import scores_wide
from .typology import LEVELS, typology_matrix

DECIMALS = 2
TABLE_STATS = ["min", "max", "mean", "median", "skewness", "std"]
RAW_TITLES = {
    "social": ("Social sustainability indicators of Kazakhstan's regions", "Қазақстан аймақтарының әлеуметтік тұрақтылық көрсеткіштері"),
    "economic": ("Economic sustainability indicators of Kazakhstan's regions", "Қазақстан аймақтарының экономикалық тұрақтылық көрсеткіштері"),
    "ecological": ("Ecological sustainability indicators of Kazakhstan's regions", "Қазақстан аймақтарының экологиялық тұрақтылық көрсеткіштері"),
}
INDEX_KEYS = {"social": "ISSocial", "economic": "ISEcon", "ecological": "ISEcol"}


@dataclass
class Table:
    number: int
    slug: str
    title_en: str
    title_kk: str
    body: pd.DataFrame
    labels: dict = field(default_factory=dict)  # column -> (English, Kazakh)
    note: str = ""  # printed under the table, e.g. how missing values were treated

    @property
    def name(self):
        return f"table{self.number:02d}_{self.slug}"

    @property
    def sheet(self):
        """The workbook sheet's name."""
        return f"Table {self.number}"


def _region_columns(regions, ids):
    r = regions.set_index("region_id").loc[ids]
    return pd.DataFrame({"region_id": ids, "region": list(r["name_en"]), "аймақ": list(r["name_kk"])})


REGION_LABELS = {"region_id": ("Region code", "Аймақ коды"), "region": ("Region", "Аймақ (ағылшынша)"),
                 "аймақ": ("Region (Kazakh)", "Аймақ")}


def _indicator_labels(indicators, codes):
    ind = indicators.set_index("code")
    return {c: (f"{ind.at[c, 'name_en']}, {ind.at[c, 'unit']}", ind.at[c, "name_kk"]) for c in codes}


def raw_table(number, pillar, clean, stats, regions, indicators, year):
    """Tables 7-9: the raw values (national row first), then the statistics rows."""
    codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
    values = clean.pivot(index="region_id", columns="indicator", values="value")
    ids = [r for r in regions["region_id"] if r in values.index]
    body = pd.concat([_region_columns(regions, ids), values.loc[ids, codes].reset_index(drop=True)], axis=1)
    st = stats.set_index("indicator").loc[codes, TABLE_STATS].T
    stat_rows = pd.DataFrame({"region_id": "", "region": [STAT_LABELS[s][0] for s in TABLE_STATS],
                              "аймақ": [STAT_LABELS[s][1] for s in TABLE_STATS]})
    stat_rows = pd.concat([stat_rows, st.reset_index(drop=True).round(DECIMALS)], axis=1)
    en, kk = RAW_TITLES[pillar]
    return Table(number, f"{pillar}_indicators", f"Table {number}. {en}, {year}", f"Кесте {number} – {kk}, {year}",
                 pd.concat([body, stat_rows], ignore_index=True), {**REGION_LABELS, **_indicator_labels(indicators, codes)})


def score_table(number, pillar, scores, indices, regions, indicators, year, method):
    """Tables 10-12: the 1-9 score of every indicator, the pillar index and its rank."""
    codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
    wide = scores_wide(scores)
    idx = indices.set_index("region_id")
    ids = [r for r in regions["region_id"] if r in idx.index]
    body = pd.concat([_region_columns(regions, ids), wide.loc[ids, codes].round(DECIMALS).reset_index(drop=True)], axis=1)
    key = INDEX_KEYS[pillar]
    body[key] = idx.loc[ids, pillar].round(DECIMALS).to_numpy()
    body["rank"] = idx.loc[ids, f"rank_{pillar}"].astype("Int64").array
    en, kk = PILLAR_LABELS[pillar]
    labels = {**REGION_LABELS, **_indicator_labels(indicators, codes),
              key: (f"{en} index", f"{kk} индексі"), "rank": ("Rank", "Рейтингі")}
    return Table(number, f"{pillar}_scores", f"Table {number}. {en}: scores (1 worst - 9 best), index and rank, {year} ({method})",
                 f"Кесте {number} – {kk} индексі және рейтингі, {year}", body, labels)


def integral_table(indices, regions, year, method):
    """Table 13: the three pillar indices with ranks, ISDR and its rank."""
    idx = indices.set_index("region_id")
    ids = [r for r in regions["region_id"] if r in idx.index]
    body = _region_columns(regions, ids)
    labels = dict(REGION_LABELS)
    for column in (*PILLARS, "isdr"):
        body[column] = idx.loc[ids, column].round(DECIMALS).to_numpy()
        body[f"rank_{column}"] = idx.loc[ids, f"rank_{column}"].astype("Int64").array
        en, kk = PILLAR_LABELS[column]
        labels[column] = (f"{en} index", f"{kk} индексі")
        labels[f"rank_{column}"] = ("Rank", "Рейтингі")
    return Table(13, "integral_index", f"Table 13. Pillar indices, integral index ISDR and ranks, {year} ({method})",
                 f"Кесте 13 – Аймақтардың тұрақты даму индекстері мен рейтингі, {year}", body, labels)


def typology_table(matrix, regions, year, method):
    """Table 14: rows pillar (and ISDR), columns low / medium / high, cells the regions in that class."""
    names = regions.set_index("region_id")
    rows = []
    for column in (*PILLARS, "isdr"):
        row = {"pillar": PILLAR_LABELS[column][0], "тірек": PILLAR_LABELS[column][1]}
        for lv in LEVELS:
            ids = matrix.loc[(matrix["pillar"] == column) & (matrix["level"] == lv), "region_id"]
            row[lv] = "; ".join(names.at[r, "name_en"] for r in ids)
            row[f"{lv}_kk"] = "; ".join(names.at[r, "name_kk"] for r in ids)
        rows.append(row)
    labels = {"pillar": ("Pillar", "Тірек (ағылшынша)"), "тірек": ("Pillar (Kazakh)", "Тірек")}
    for lv in LEVELS:
        labels[lv] = (f"{LEVEL_LABELS[lv][0]} sustainability", f"{LEVEL_LABELS[lv][1]} тұрақтылық (ағылшынша)")
        labels[f"{lv}_kk"] = (f"{LEVEL_LABELS[lv][0]} sustainability (Kazakh)", f"{LEVEL_LABELS[lv][1]} тұрақтылық")
    return Table(14, "typology", f"Table 14. Typology of regions by sustainability level, {year} ({method})",
                 f"Кесте 14 – Қазақстан аймақтарының тұрақты даму матрицасы, {year}", pd.DataFrame(rows), labels)


def dissertation_tables(clean, stats, scores, indices, regions, indicators, year, method, note=""):
    """Tables 7-14 in the dissertation's order; `note` (how missing values were treated) goes under the
    score tables and the indices built on them (Tables 10-14)."""
    matrix = typology_matrix(indices)
    tables = [raw_table(n, p, clean, stats, regions, indicators, year) for n, p in zip((7, 8, 9), PILLARS)]
    tables += [score_table(n, p, scores, indices, regions, indicators, year, method) for n, p in zip((10, 11, 12), PILLARS)]
    tables += [integral_table(indices, regions, year, method), typology_table(matrix, regions, year, method)]
    for table in tables[3:]:
        table.note = note
    return tables


def write_tables(tables, folder, workbook_name):
    """Every table as CSV and Markdown in `folder`, and all of them in one workbook there."""
    for table in tables:
        write_table(table, folder)
    return write_workbook(tables, folder / workbook_name)


def missing_note(scores, regions, settings):
    """How many raw cells were missing, which, and what the run's policy did with them."""
    names = dict(zip(regions["region_id"], regions["name_en"]))
    missing = scores[scores["value"].isna()]
    if missing.empty:
        return "Missing values: none."
    cells = ", ".join(f"{names[r]} {c}" for r, c in zip(missing["region_id"], missing["indicator"]))
    return (f"Missing values: {len(missing)} cell{'s' if len(missing) > 1 else ''} ({cells}). "
            f"Policy `{settings['missing']}`: {settings['missing_description']}.")


def to_markdown(table):
    """Title in both languages, the table, then a legend of the column codes."""
    # tabulate leaves only None blank: NaN and <NA> would print as "nan" and "<NA>"
    body = table.body.astype(object).where(table.body.notna(), None)
    text = [f"## {table.title_en}", "", f"*{table.title_kk}*", "",
            body.to_markdown(index=False, floatfmt=f".{DECIMALS}f", missingval=""), ""]
    coded = [c for c in table.body.columns if c in table.labels and c not in REGION_LABELS]
    if coded:
        text += ["| column | English | Қазақша |", "|---|---|---|"]
        text += [f"| {c} | {table.labels[c][0]} | {table.labels[c][1]} |" for c in coded]
        text.append("")
    if table.note:
        text += [f"*{table.note}*", ""]
    return "\n".join(text)


def write_table(table, folder):
    """<folder>/<name>.csv and .md; returns both paths."""
    csv_path = write_csv(table.body, folder / f"{table.name}.csv")
    md_path = write_text(to_markdown(table), folder / f"{table.name}.md")
    return csv_path, md_path


FIXED_TIME = datetime(2000, 1, 1)


BODY_FIRST_ROW = 6  # the sheet row of a table's first body row (two title rows, three header rows before it)


def write_workbook(tables, path, decorate=None):
    """All tables in one .xlsx, a sheet each: title rows, then the column key, English and Kazakh header rows.

    `decorate(ws, table)`, if given, is called on each finished sheet (e.g. to fill cells; body row i,
    column j is ws.cell(BODY_FIRST_ROW + i, j + 1)).
    Written byte-for-byte reproducibly: fixed document times and fixed zip entry times.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.sheet)
        ws.append([table.title_en])
        ws.append([table.title_kk])
        columns = list(table.body.columns)
        ws.append(columns)
        ws.append([table.labels.get(c, (c, c))[0] for c in columns])
        ws.append([table.labels.get(c, (c, c))[1] for c in columns])
        for row in table.body.itertuples(index=False):
            ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
        if table.note:
            ws.append([])
            ws.append([table.note])
        ws["A1"].font = Font(bold=True, size=12)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=4, max_row=5):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "D6"
        if decorate:
            decorate(ws, table)
    wb.properties.creator = "sdi"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buffer = _io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    with atomic_path(path) as tmp, zipfile.ZipFile(buffer) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return path
