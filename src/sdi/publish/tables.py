"""The dissertation's Tables 7-14 ready for a thesis or a review: one version in Kazakh, laid out as
the dissertation prints them, and one in English.

Each table is built once, as numbers at full precision with each column's printed number of decimals,
and written per language as CSV and Markdown, in one workbook (cells keep full precision and show the
printed decimals) and in one Word document (`sdi.publish.word`: every table as the thesis prints it, ready to
paste). Rows are
regions in the dissertation's order (Tables 7-9 start with the national row and end with the
statistics rows); labels come from `indicators.csv` and `regions.csv`.
"""

import html
import io as _io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.inputs.metadata import region_names
from sdi.io import FIXED_TIME, write_csv, write_text, write_zip_reproducibly
from sdi.method.methods import MISSING_VALUE_POLICIES
from sdi.method.normalisation import scores_wide
from sdi.method.typology import LEVELS, typology_matrix
from sdi.publish.catalogue import number, section
from sdi.publish.labels import LEVEL_LABELS, METHOD_NAMES, PILLAR_LABELS, STAT_LABELS, pick
from sdi.publish.word import write_docx  # the one Word renderer; tables.write_docx for its callers

LANGUAGES = ("kk", "en")
TABLE_STATS = ["min", "max", "mean", "median", "skewness", "std"]
SCORE_DECIMALS = 2  # Tables 10-13 print scores and indices with two decimals
STAT_DECIMALS = {"mean": 2, "median": 2, "skewness": 2, "std": 2}  # min and max keep the values' own decimals
RAW_TITLES = section("table.raw_title")
INDEX_KEYS = {"social": "ISSocial", "economic": "ISEcon", "ecological": "ISEcol", "isdr": "ISDR"}
WORDS = section("table.word")  # headings and phrases the tables print, (English, Kazakh)


def word(name, language, **values):
    return pick(WORDS[name], language).format(**values)


def method_label(method, language):
    """How a caption names the method: by its name in English ('thesis'), in words in Kazakh ('диссертация
    әдісі', 'түзетілген әдіс'; another method by its name and «әдісі»)."""
    if language == "en":
        return method
    return METHOD_NAMES[method][1] if method in METHOD_NAMES else f"{method} әдісі"


@dataclass
class Table:
    """One published table: `body[language]` holds its cells (the first column the row labels),
    `headings[language]` its column headings, `decimals` the printed decimals of each column
    (None for text), `codes` an optional second header row of indicator codes."""

    number: int
    slug: str
    caption: dict
    headings: dict
    body: dict
    decimals: list
    codes: list = None
    note: dict = field(default_factory=dict)
    row_decimals: dict = field(default_factory=dict)  # row position -> decimals of its numeric cells
    # per cell (row, column) of the body: a fill colour '#rrggbb' in the workbook and the Word document,
    # and per language a mark written after the value (a risk map's level: '95,82 Ж')
    fills: dict = field(default_factory=dict)
    marks: dict = field(default_factory=dict)
    sheet: dict = field(default_factory=dict)  # per language, a sheet name for a table with no number
    # per language, {(row, column): address}: a cell that links to a page in the HTML (the front page's Table 13
    # to the region profiles); other formats print the cell alone
    links: dict = field(default_factory=dict)

    def title(self, language):
        """The caption without its label and number ('Кесте 7 – '): what follows Word's numbered caption."""
        prefix = f"{word('table', language)} {self.number} – "
        return self.caption[language].removeprefix(prefix)

    @property
    def name(self):
        return f"table{self.number:02d}_{self.slug}" if self.number is not None else self.slug

    def sheet_name(self, language):
        return self.sheet.get(language) or f"{word('table', language)} {self.number}"

    def mark(self, language, row, column):
        return self.marks.get(language, {}).get((row, column), "")

    def printed_rows(self, language, number_language=None):
        """Each body row as printed text, with the cells' marks; numbers in `number_language`'s style."""
        number_language = number_language or language
        return [
            [
                _marked(formatted(v, d, number_language), self.mark(language, i, j))
                for j, (v, d) in enumerate(zip(row, self.cell_decimals(i)))
            ]
            for i, row in enumerate(self.body[language].itertuples(index=False))
        ]

    def cell_decimals(self, row):
        """The printed decimals of each cell of a row (None for text)."""
        if row not in self.row_decimals:
            return self.decimals
        return [d if d is None else self.row_decimals[row] for d in self.decimals]


def _caption(number, language, title, *, year):
    """'Кесте 7 – <title>, 2023 ж.': the caption as the dissertation prints it. The method is named in a note
    under the table (`dissertation_tables`), so that a caption goes into the thesis as it is."""
    return f"{word('table', language)} {number} – {title}, {word('year', language, year=year)}"


def _shift_period(text, year):
    """A name written for one year, for another: 'Population change 2019 to 2023' in 2025 reads
    '2021 to 2025'. Periods are 'YYYY to YYYY' or 'YYYY жылдан YYYY жылға'; years in them, and the
    same years elsewhere in the text (a base year '(2019 = 100)'), move with the end year."""
    match = re.search(r"(\d{4})(?: to | жылдан )(\d{4})", text)
    if not match:
        return text
    shift = int(year) - int(match.group(2))
    period = {match.group(1), match.group(2)}
    return re.sub(r"\d{4}", lambda m: str(int(m.group()) + shift) if m.group() in period else m.group(), text)


def indicator_heading(indicator, language, year):
    """The column heading of an indicator: its name, and in English its unit unless the name says it already."""
    if language == "kk":
        return _shift_period(indicator["name_kk"], year)
    name, unit = indicator["name_en"], indicator["unit"]
    year_text = _shift_period(f"{name}\t{unit}", year)
    name, unit = year_text.split("\t")
    return name if unit.lower() in name.lower() else f"{name}, {unit}"


def _indicator_columns(indicators, codes, year):
    ind = indicators.set_index("code")
    return {lang: [indicator_heading(ind.loc[c], lang, year) for c in codes] for lang in LANGUAGES}


def _printed_decimals(values):
    """The decimals a column of raw values needs: as many as its most precise value, at most 2."""
    present = pd.Series(values, dtype=float).to_numpy()
    present = present[~np.isnan(present)]  # in numpy: a thousand columns a run, pandas' rounding was a second of it
    if present.size:
        for decimals in range(3):
            if np.abs(np.round(present, decimals) - present).max() < 1e-9:
                return decimals
    return 2


def _assemble(number, slug, caption, *, first_heading, row_labels, columns, values, decimals, codes=None):
    """A numeric table: row labels per language, then the value columns shared by both languages."""
    body, headings = {}, {}
    for lang in LANGUAGES:
        frame = values.copy()
        frame.columns = range(1, values.shape[1] + 1)
        frame.insert(0, 0, row_labels[lang])
        body[lang] = frame.reset_index(drop=True)
        headings[lang] = [first_heading[lang], *columns[lang]]
    return Table(number, slug, caption, headings, body, [None, *decimals], codes and ["", *codes])


def raw_table(number, pillar, clean, *, stats, regions, indicators, year):
    """Tables 7-9: the raw values (national row first), then the statistics rows."""
    codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
    values = clean.pivot(index="region_id", columns="indicator", values="value")
    ids = [r for r in regions["region_id"] if r in values.index]
    st = stats.set_index("indicator").loc[codes, TABLE_STATS].T
    table_values = pd.concat([values.loc[ids, codes], st], ignore_index=True)
    names = {lang: region_names(regions, lang) for lang in LANGUAGES}
    rows = {
        lang: [names[lang][r] for r in ids] + [pick(STAT_LABELS[s], lang) for s in TABLE_STATS] for lang in LANGUAGES
    }
    caption = {lang: _caption(number, lang, pick(RAW_TITLES[pillar], lang), year=year) for lang in LANGUAGES}
    table = _assemble(
        number,
        f"{pillar}_indicators",
        caption,
        first_heading={lang: word("region", lang) for lang in LANGUAGES},
        row_labels=rows,
        columns=_indicator_columns(indicators, codes, year),
        values=table_values,
        decimals=[_printed_decimals(values.loc[ids, c]) for c in codes],
        codes=codes,
    )
    table.row_decimals = {len(ids) + i: STAT_DECIMALS[s] for i, s in enumerate(TABLE_STATS) if s in STAT_DECIMALS}
    return table


def score_table(number, pillar, scores, *, indices, regions, indicators, year):
    """Tables 10-12: the 1-9 score of every indicator, the pillar index and its rank."""
    codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
    wide = scores_wide(scores)
    idx = indices.set_index("region_id")
    ids = [r for r in regions["region_id"] if r in idx.index]
    values = wide.loc[ids, codes].reset_index(drop=True)
    values["index"] = idx.loc[ids, pillar].to_numpy()
    values["rank"] = idx.loc[ids, f"rank_{pillar}"].astype("Int64").array
    columns = _indicator_columns(indicators, codes, year)
    for lang in LANGUAGES:
        columns[lang] += [INDEX_KEYS[pillar], word("rank", lang)]
    caption = {
        lang: _caption(number, lang, word("scores", lang, pillar=pick(PILLAR_LABELS[pillar], lang)), year=year)
        for lang in LANGUAGES
    }
    rows = {lang: [region_names(regions, lang)[r] for r in ids] for lang in LANGUAGES}
    return _assemble(
        number,
        f"{pillar}_scores",
        caption,
        first_heading={lang: word("region", lang) for lang in LANGUAGES},
        row_labels=rows,
        columns=columns,
        values=values,
        decimals=[SCORE_DECIMALS] * (len(codes) + 1) + [0],
        codes=codes + ["", ""],
    )


def integral_table(indices, regions, year):
    """Table 13: the three pillar indices with ranks, ISDR and its rank."""
    idx = indices.set_index("region_id")
    ids = [r for r in regions["region_id"] if r in idx.index]
    values = pd.DataFrame(index=range(len(ids)))
    columns = {lang: [] for lang in LANGUAGES}
    for column in (*PILLARS, "isdr"):
        values[column] = idx.loc[ids, column].to_numpy()
        values[f"rank_{column}"] = idx.loc[ids, f"rank_{column}"].astype("Int64").array
        for lang in LANGUAGES:
            if column == "isdr":
                columns[lang] += [word("isdr", lang), word("isdr_rank", lang)]
            else:
                columns[lang] += [
                    word("index", lang, pillar=pick(PILLAR_LABELS[column], lang), key=INDEX_KEYS[column]),
                    word("rank", lang),
                ]
    caption = {lang: _caption(13, lang, word("integral", lang), year=year) for lang in LANGUAGES}
    rows = {lang: [region_names(regions, lang)[r] for r in ids] for lang in LANGUAGES}
    return _assemble(
        13,
        "integral_index",
        caption,
        first_heading=dict.fromkeys(LANGUAGES, ""),
        row_labels=rows,
        columns=columns,
        values=values,
        decimals=[SCORE_DECIMALS, 0] * 4,
    )


def typology_table(matrix, regions, year):
    """Table 14: rows pillar (and ISDR), columns low / medium / high, cells the regions in that class."""
    body, headings = {}, {}
    for lang in LANGUAGES:
        names = region_names(regions, lang)
        rows = []
        for column in (*PILLARS, "isdr"):
            cells = [pick(PILLAR_LABELS[column], lang)]
            for lv in LEVELS:
                ids = matrix.loc[(matrix["pillar"] == column) & (matrix["level"] == lv), "region_id"]
                cells.append(", ".join(names[r] for r in ids))
            rows.append(cells)
        body[lang] = pd.DataFrame(rows, columns=range(4))
        headings[lang] = ["", *(word("level", lang, level=pick(LEVEL_LABELS[lv], lang)) for lv in LEVELS)]
    caption = {lang: _caption(14, lang, word("typology", lang), year=year) for lang in LANGUAGES}
    return Table(14, "typology", caption, headings, body, [None] * 4)


def dissertation_tables(run, *, clean, stats, scores, indices):
    """Tables 7-14 of `run` (a `method.context.Run`: its year, method, regions and indicators) in the
    dissertation's order; how missing values were treated (`missing_note`) goes under the score tables and
    the indices built on them (Tables 10-14)."""
    regions, indicators, year, method = run.regions, run.indicators, run.year, run.method.name
    note = missing_note(scores, regions, run.method.missing)
    matrix = typology_matrix(indices)
    tables = [
        raw_table(n, p, clean, stats=stats, regions=regions, indicators=indicators, year=year)
        for n, p in zip((7, 8, 9), PILLARS)
    ]
    tables += [
        score_table(n, p, scores, indices=indices, regions=regions, indicators=indicators, year=year)
        for n, p in zip((10, 11, 12), PILLARS)
    ]
    tables += [
        integral_table(indices, regions, year),
        typology_table(matrix, regions, year),
    ]
    for table in tables[3:]:
        table.note = {
            lang: " ".join([word("method", lang, method=method_label(method, lang)), note.get(lang, "")]).strip()
            for lang in LANGUAGES
        }
    return tables


MISSING_NOTE = section("table.missing_note")


def missing_note(scores, regions, policy_name):
    """{language: note}: how many raw cells were missing, which, and what the run's policy (its name,
    e.g. 'worst') did with them."""
    missing = scores[scores["value"].isna()]
    policy = MISSING_VALUE_POLICIES[policy_name]
    notes = {}
    for lang in LANGUAGES:
        if missing.empty:
            notes[lang] = pick(MISSING_NOTE["none"], lang)
            continue
        names = region_names(regions, lang)
        cells = ", ".join(f"{names[r]} {c}" for r, c in zip(missing["region_id"], missing["indicator"]))
        description = policy.description_kk if lang == "kk" else policy.description
        notes[lang] = pick(MISSING_NOTE["some"], lang).format(
            n=len(missing), s="s" if len(missing) > 1 else "", cells=cells, policy=policy_name, description=description
        )
    return notes


# --- writing ----------------------------------------------------------------------------------------


def formatted(value, decimals, language):
    """A cell as the table prints it: fixed decimals, a decimal comma in Kazakh, blank when missing."""
    if decimals is None:
        return "" if value is None or pd.isna(value) else str(value)
    return number(value, language, decimals)


def _marked(text, mark):
    return f"{text} {mark}" if text and mark else text or mark


def _headings(table, language):
    """One heading per column for CSV and Markdown: the name, and the code where there is one."""
    codes = table.codes or [""] * len(table.decimals)
    return [f"{h} ({c})" if c and h != c else (h or c) for h, c in zip(table.headings[language], codes)]


# How each language's CSV is written. English: commas and decimal points, plain UTF-8, for programs. Kazakh: as a
# Kazakh- or Russian-locale Excel opens a CSV by double-click: semicolons between cells, decimal commas (as the
# dissertation prints), and UTF-8 with a byte-order mark, without which Excel reads the Cyrillic as ANSI.
CSV_DIALECTS = {"en": {"sep": ",", "encoding": "utf-8"}, "kk": {"sep": ";", "encoding": "utf-8-sig"}}


def to_csv_frame(table, language):
    """The table as printed, as text cells, numbers in the language's style."""
    return pd.DataFrame(table.printed_rows(language), columns=_unique(_headings(table, language)))


def _unique(headings):
    """Headings made unique for a CSV header ('Rank', 'Rank (2)', ...)."""
    seen, out = {}, []
    for h in headings:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def to_markdown(table, language):
    """Caption, the table (numbers right-aligned, as printed), and the note."""
    header = _headings(table, language)
    lines = [
        f"**{table.caption[language]}**",
        "",
        "| " + " | ".join(h.replace("|", "/") for h in header) + " |",
        "|" + "|".join("---" if d is None else "---:" for d in table.decimals) + "|",
    ]
    for texts in table.printed_rows(language):
        lines.append("| " + " | ".join(t.replace("\n", "<br>") for t in texts) + " |")
    lines.append("")
    if table.note.get(language):
        lines += [f"*{table.note[language]}*", ""]
    return "\n".join(lines)


def by_number(tables, number):
    """The table of `tables` the dissertation numbers `number` (Table 14: 14)."""
    return next(table for table in tables if table.number == number)


def to_html(table, language):
    """The table as an HTML fragment for the site: the caption, the heading rows (names, then codes), the
    rows with text left-aligned and numbers right-aligned, a cell's fill as in the workbook and Word (its mark
    still printed, for a page printed in grey), and the note."""
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in table.headings[language])
    rows = [f"<tr>{head}</tr>"]
    if table.codes:
        rows.append('<tr class="codes">' + "".join(f'<th scope="col">{esc(c)}</th>' for c in table.codes) + "</tr>")
    body = []
    for i, texts in enumerate(table.printed_rows(language)):
        cells = []
        for j, (text, decimals) in enumerate(zip(texts, table.cell_decimals(i))):
            kind = "text" if decimals is None else "num"
            fill = table.fills.get((i, j))
            style = f' style="background:{fill}"' if fill else ""
            tag = "th" if j == 0 else "td"
            scope = ' scope="row"' if j == 0 else ""
            shown = esc(text).replace(chr(10), "<br>")
            link = table.links.get(language, {}).get((i, j))
            shown = f'<a href="{esc(link)}">{shown}</a>' if link else shown
            cells.append(f'<{tag}{scope} class="{kind}"{style}>{shown}</{tag}>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = f'<p class="note">{esc(table.note[language])}</p>' if table.note.get(language) else ""
    return (
        f'<div class="scroll"><table class="data">\n<caption>{esc(table.caption[language])}</caption>\n'
        f"<thead>{''.join(rows)}</thead>\n<tbody>\n" + "\n".join(body) + f"\n</tbody></table></div>\n{note}\n"
    )


def write_table(table, folder, language):
    """<folder>/<name>.csv, .md and .html in one language; returns the paths."""
    csv_path = write_csv(to_csv_frame(table, language), folder / f"{table.name}.csv", **CSV_DIALECTS[language])
    md_path = write_text(to_markdown(table, language), folder / f"{table.name}.md")
    html_path = write_text(to_html(table, language), folder / f"{table.name}.html")
    return csv_path, md_path, html_path


def number_format(decimals, mark=""):
    """Excel's number format for the printed decimals; a mark is shown after the number ('0.00" Ж"')."""
    shown = "@" if decimals is None else ("0" if decimals == 0 else "0." + "0" * decimals)
    return f'{shown}" {mark}"' if mark and decimals is not None else shown


def _hex(colour):
    return colour.lstrip("#").upper()


def write_workbook(tables, path, language):
    """All tables in one .xlsx, a sheet each: caption, header rows (names, then codes where there are
    any), then the cells at full precision shown with the printed decimals; the header and the row
    labels stay in view when scrolling.

    Written byte-for-byte reproducibly: fixed document times and fixed zip entry times.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.sheet_name(language))
        ws.append([table.caption[language]])
        ws["A1"].font = Font(bold=True)
        ws.append(table.headings[language])
        header_rows = 2
        if table.codes:
            ws.append(table.codes)
            header_rows = 3
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        body = table.body[language]
        for row in body.itertuples(index=False):
            ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
        for i, row in enumerate(ws.iter_rows(min_row=header_rows + 1, max_row=header_rows + len(body))):
            for j, (cell, decimals) in enumerate(zip(row, table.cell_decimals(i))):
                mark = table.mark(language, i, j)
                if mark and cell.value is None:  # no number to show the mark after: the mark alone
                    cell.value = mark
                cell.number_format = number_format(decimals, mark)
                if decimals is None:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if (i, j) in table.fills:
                    cell.fill = PatternFill(
                        "solid", start_color=_hex(table.fills[i, j]), end_color=_hex(table.fills[i, j])
                    )
        for j, decimals in enumerate(table.decimals, start=1):
            letter = get_column_letter(j)
            longest = max([len(str(v)) for v in body.iloc[:, j - 1] if not pd.isna(v)] + [1])
            width = min(max(longest, 6) + 2, 40) if decimals is None else 12
            ws.column_dimensions[letter].width = width
        ws.row_dimensions[2].height = 75 if len(table.decimals) > 6 else 30
        if table.note.get(language):
            ws.append([])
            ws.append([table.note[language]])
        ws.freeze_panes = ws.cell(
            row=header_rows + 1,
            column=2 if table.decimals[0] is None and table.decimals[1:] and table.decimals[1] is not None else 1,
        )
    wb.properties.creator = "sdi"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buffer = _io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return write_zip_reproducibly(buffer, path)


def output_files(year, method):
    """Where `write_tables` writes, relative to the tables folder (the Makefile lists the same)."""
    names = [f"table{n:02d}_{s}" for n, s in TABLE_SLUGS]
    files = [f"{lang}/{n}.{ext}" for lang in LANGUAGES for n in names for ext in ("csv", "md", "html")]
    return files + [f"tables_{year}_{method}_{lang}.{ext}" for lang in LANGUAGES for ext in ("xlsx", "docx")]


TABLE_SLUGS = [
    (7, "social_indicators"),
    (8, "economic_indicators"),
    (9, "ecological_indicators"),
    (10, "social_scores"),
    (11, "economic_scores"),
    (12, "ecological_scores"),
    (13, "integral_index"),
    (14, "typology"),
]


def write_tables(tables, folder, year, *, method):
    """Every table in both languages: <folder>/<language>/<name>.csv and .md, and per language one
    workbook and one Word document in <folder>."""
    written = []
    for lang in LANGUAGES:
        for table in tables:
            written += write_table(table, folder / lang, lang)
        written.append(write_workbook(tables, folder / f"tables_{year}_{method}_{lang}.xlsx", lang))
        written.append(write_docx(tables, folder / f"tables_{year}_{method}_{lang}.docx", lang))
    return written
