"""Every format of a table says the same: the CSV, the Markdown, the workbook, the Word document and the HTML of
Tables 7, 14 and 18 are read back as a user's program would, and agree cell by cell (numbers as printed, marks,
fills)."""

import re
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest
from conftest import RAW
from test_risk_tables import CLEAN, INDICATORS, LEVELS, REGIONS, STATS, THRESHOLDS
from test_tables import all_tables
from test_trends import hand_made_trend_table

from sdi.publish import tables as publish
from sdi.publish.risk_tables import map_table
from sdi.publish.word import write_docx


def risk_map():
    return map_table(
        "social",
        LEVELS,
        THRESHOLDS,
        clean=CLEAN,
        statistics=STATS,
        regions=REGIONS,
        indicators=INDICATORS,
        year=2023,
        choice="published",
    )


TABLES = {
    "table 7": lambda: all_tables()[0],
    "table 14": lambda: all_tables()[7],
    "table 18": risk_map,
    "trends": hand_made_trend_table,  # marks and fills on numbers, blank cells (test_trends)
}


class BodyCells(HTMLParser):
    """The text and the background of every cell of the HTML table's body."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_body, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("td", "th"):
            style = dict(attrs).get("style") or ""
            self.cell = ["", style.removeprefix("background:").lstrip("#").upper() or None]
        elif self.cell is not None and tag == "br":
            self.cell[0] += "\n"

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(tuple(self.cell))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False


def html_cells(path):
    parser = BodyCells()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.rows


def markdown_cells(path, rows):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    body = lines[1 : 1 + rows]  # the first line is the header; a note follows the table
    return [[cell.strip().replace("<br>", "\n") for cell in line[2:-2].split(" | ")] for line in body]


def shown_in_excel(cell, language):
    """What Excel shows for a cell: its value through its number format ('0.00" Ж"' -> '95.82 Ж'), the
    decimal separator of a Kazakh reader's locale."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, str):
        return cell.value
    match = re.fullmatch(r'(0)(?:\.(0+))?(?:" (.+)")?', cell.number_format)
    assert match, cell.number_format
    # Excel keeps 15 significant digits and rounds halves away from zero
    step = Decimal(1).scaleb(-len(match.group(2) or ""))
    text = f"{Decimal(f'{cell.value:.15g}').quantize(step, rounding=ROUND_HALF_UP):f}"
    text = text.replace(".", ",") if language == "kk" else text
    return f"{text} {match.group(3)}" if match.group(3) else text


def workbook_cells(path, table, language):
    sheet = openpyxl.load_workbook(path)[table.sheet_name(language)]
    first = 3 + bool(table.codes)  # caption, headings, codes
    rows = sheet.iter_rows(min_row=first, max_row=first + len(table.body[language]) - 1)
    return [
        [
            (shown_in_excel(c, language), c.fill.start_color.rgb[-6:] if c.fill.fill_type == "solid" else None)
            for c in row
        ]
        for row in rows
    ]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_cells(path, table):
    """The body of a table written to Word, its parts joined again: each part repeats the region column and
    the heading rows, then carries the next columns."""
    from docx import Document

    headers = 1 + bool(table.codes)
    rows = None
    for part in Document(path).tables:
        body = part.rows[headers:]
        cells = [
            [
                (
                    cell.text,
                    (
                        shading.get(f"{W}fill").upper()
                        if (shading := cell._tc.find(f"{W}tcPr/{W}shd")) is not None
                        else None
                    ),
                )
                for cell in row.cells
            ]
            for row in body
        ]
        rows = cells if rows is None else [mine + more[1:] for mine, more in zip(rows, cells)]
    return rows


@pytest.mark.parametrize("name", list(TABLES))
@pytest.mark.parametrize("language", ["kk", "en"])
def test_csv_markdown_workbook_and_html_agree_cell_by_cell(tmp_path, name, language):
    table = TABLES[name]()
    csv_path, md_path, html_path = publish.write_table(table, tmp_path, language)
    workbook = publish.write_workbook([table], tmp_path / "tables.xlsx", language)
    dialect = {"kk": {"sep": ";", "encoding": "utf-8-sig"}, "en": {"sep": ",", "encoding": "utf-8"}}[language]
    csv = pd.read_csv(csv_path, dtype=str, keep_default_na=False, **dialect).to_numpy().tolist()
    html = html_cells(html_path)
    excel = workbook_cells(workbook, table, language)
    markdown = markdown_cells(md_path, len(csv))
    word = word_cells(write_docx([table], tmp_path / "tables.docx", language), table)
    assert len(csv) == len(html) == len(excel) == len(markdown) == len(word) == len(table.body[language])
    for i, row in enumerate(csv):
        assert [text for text, _ in html[i]] == row, (i, "html")
        assert markdown[i] == row, (i, "markdown")
        assert [text for text, _ in excel[i]] == row, (i, "workbook")
        assert [text for text, _ in word[i]] == row, (i, "word")
        assert [fill for _, fill in html[i]] == [fill for _, fill in excel[i]] == [fill for _, fill in word[i]], (
            i,
            "fills",
        )


def test_a_risk_map_cell_reads_the_same_in_every_format_as_the_raw_value_prints(tmp_path):
    """Abai's B1 in Table 18: its raw value from the input file, with two decimals, a decimal comma in
    Kazakh, and the level's letter; filled in the workbook and the HTML alike."""
    raw = pd.read_csv(RAW / "2023" / "social.csv", dtype=str)
    abai = raw.loc[raw.iloc[:, 0].str.contains("Абай"), "B1"].iloc[0]
    table = risk_map()
    csv_path, _, html_path = publish.write_table(table, tmp_path, "kk")
    csv = pd.read_csv(csv_path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = csv.index[csv.iloc[:, 0] == "Абай"][0]
    printed = f"{float(abai):.2f}".replace(".", ",")
    assert csv.iloc[row, 1].startswith(printed + " ") and csv.iloc[row, 1][-1] in "ЖОТ"
    cell = html_cells(html_path)[row][1]
    assert cell[0] == csv.iloc[row, 1] and cell[1] is not None  # coloured, and still lettered for grey print


def test_kazakh_csv_opens_in_a_kazakh_excel_and_english_csv_in_any_program(tmp_path):
    table = all_tables()[0]
    kk, _, _ = publish.write_table(table, tmp_path / "kk", "kk")
    en, _, _ = publish.write_table(table, tmp_path / "en", "en")
    assert kk.read_bytes().startswith(b"\xef\xbb\xbf") and not en.read_bytes().startswith(b"\xef\xbb\xbf")
    kazakh = kk.read_text(encoding="utf-8-sig").splitlines()
    assert kazakh[0].startswith("Аймақ;") and "108,91" in kazakh[1] and "108.91" not in kazakh[1]
    assert en.read_text(encoding="utf-8").splitlines()[1].split(",")[1] == "108.91"
