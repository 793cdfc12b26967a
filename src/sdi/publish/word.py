"""The one Word renderer of the tables (Tables 7-14 and 15-24 alike): every table as a Kazakh dissertation
prints it, ready to paste.

- A4 portrait with the figures' 16 cm text width (left margin 3 cm, the others 2 cm); Times New Roman.
- 12 pt where a table fits the text width; otherwise numbers in 10 pt and headings in 9 pt, the smallest
  sizes a thesis table takes (an intermediate 11/10 pt where that fits).
- Column widths chosen from the font's metrics so that no heading word breaks: every word of a heading and
  every number fits its column on one line. The widths are Liberation Serif's (metric-compatible with Times
  New Roman), kept in `font_metrics.json` (written by scripts/font_metrics.py) so that the document is the same
  on every machine. A heading with a word too wide for any column is set vertically, as statistical
  yearbooks do.
- A table wider than the page is split into parts of whole columns, each repeating the first (region)
  column and the header rows, continued on a new page under «7-кестенің жалғасы» (the dissertation's
  words, e.g. above the second part of Table 18) or "Table 7 (continued)".
- Captions are Word's numbered captions: «Кесте » + a SEQ field + « – » + the title, in the Caption style,
  so that Word numbers them and builds the list of tables; the method is named in the note under the table.
- Rows never split across pages, header rows repeat on every page, a caption stays with its table.
- The document and its styles are tagged kk-KZ (English: en-GB), so Word checks the spelling in Kazakh.
- Written as WordprocessingML text, one string per table (python-docx's cell objects cost 0.7 s per
  document), and byte-for-byte reproducibly.

The module reads only what a `sdi.publish.tables.Table` offers (caption, title, headings, codes,
printed_rows, cell_decimals, fills, note) and does not import `tables`, which imports it.
"""

import io as _io
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from xml.sax.saxutils import escape

from sdi.io import FIXED_TIME, write_zip_reproducibly
from sdi.publish.catalogue import text

LANGUAGE_TAGS = {"kk": "kk-KZ", "en": "en-GB"}
FONT = "Times New Roman"
TWIPS_PER_CM = 1440 / 2.54
TWIPS_PER_PT = 20
PAGE_CM = {"width": 21.0, "height": 29.7}  # A4 portrait
MARGINS_CM = {"left": 3.0, "right": 2.0, "top": 2.0, "bottom": 2.0}  # 21 - 3 - 2 = 16 cm of text
TEXT_WIDTH = int(16 * TWIPS_PER_CM)  # what the parts of a table may fill, in twips (9070, a twip under 16 cm)
# (numbers and row labels, headings) in pt, tried from the first: the largest at which the table fits the
# text width; the last is the smallest allowed, at which a wider table is split into parts
SIZES = ((12, 12), (11, 10), (10, 9))
CAPTION_SIZE = 12
NOTE_SIZE = 10
CELL_MARGIN = 57  # twips (0.1 cm) left and right of a cell's text, written into every table
# what a column keeps beyond its widest word: 2 % for the difference between Liberation Serif's and Times
# New Roman's widths where they are not identical, and 2 pt for the borders and the renderers' rounding
SAFETY_RATIO, SAFETY_TWIPS = 1.02, 40
FIRST_COLUMN_SHARE = 0.25  # a long region name wraps rather than take more than a quarter of the width
BREAKS = re.compile(r"[ \n\t]+")  # where Word may break a line (it does not break at a no-break space)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def _metrics():
    data = json.loads(files("sdi.publish").joinpath("font_metrics.json").read_text(encoding="utf-8"))
    advances = data["advances"]
    return data["units_per_em"], advances, max(advances.values())


@cache
def text_width(words, size):
    """The width in twips of `words` set on one line at `size` pt: the sum of the characters' advances (Word
    does not kern unless told to). A character the metrics do not hold counts as the widest one."""
    units, advances, widest = _metrics()
    return sum(advances.get(ch, widest) for ch in words) * size * TWIPS_PER_PT / units


def widest_word(cell_text, size):
    """The width of the widest unbreakable stretch of `cell_text` (0 for an empty cell)."""
    return max((text_width(w, size) for w in BREAKS.split(cell_text) if w), default=0)


def longest_line(cell_text, size):
    return max((text_width(line, size) for line in cell_text.split("\n")), default=0)


def column_width(content):
    """The column width (twips) that holds `content` (twips of text) with its margins and safety."""
    return int(content * SAFETY_RATIO) + 2 * CELL_MARGIN + SAFETY_TWIPS


@dataclass
class Layout:
    """How one table is set: its sizes (pt), each column's width (twips), which headings are vertical, the
    header row's height where one is (twips), its parts (the columns of each; the first in every part) and
    its header rows (the names, then the codes)."""

    body_size: int
    heading_size: int
    widths: list
    vertical: list
    header_height: int
    parts: list
    header_rows: list


def _column_needs(header_rows, rows, breakable, *, body_size, heading_size):
    """Per column: the widest heading word, the longest heading line, the narrowest width the body allows (a
    number whole, a text's widest word) and the body's longest line, all in twips of text."""
    needs = []
    for j in range(len(header_rows[0])):
        headings = [row[j] for row in header_rows]
        cells = [row[j] for row in rows]
        body_narrow = [
            widest_word(t, body_size) if breakable[i][j] else longest_line(t, body_size) for i, t in enumerate(cells)
        ]
        needs.append(
            (
                max(widest_word(h, heading_size) for h in headings),
                max(longest_line(h, heading_size) for h in headings),
                max(body_narrow, default=0),
                max((longest_line(t, body_size) for t in cells), default=0),
            )
        )
    return needs


def layout(table, language, rows):
    """The sizes, widths and parts of `table` in `language`, `rows` its printed body rows."""
    header_rows = _header_rows(table, language)
    breakable = [[d is None for d in table.cell_decimals(i)] for i in range(len(rows))]
    for body_size, heading_size in SIZES:
        needs = _column_needs(header_rows, rows, breakable, body_size=body_size, heading_size=heading_size)
        head_word, head_line, body_narrow, body_line = needs[0]
        narrowest = column_width(max(head_word, body_narrow))
        first = max(narrowest, min(column_width(max(head_line, body_line)), int(FIRST_COLUMN_SHARE * TEXT_WIDTH)))
        room = TEXT_WIDTH - first  # what the other columns of a part share
        narrow, natural, vertical = [], [], []
        for head_word, head_line, body_narrow, body_line in needs[1:]:
            # a heading word wider than a column could be even alone in its part: the heading goes vertical
            upright = column_width(max(head_word, body_narrow)) <= room
            line_height = 1.2 * heading_size * TWIPS_PER_PT  # a vertical heading's column holds one line at least
            narrow.append(column_width(max(head_word if upright else line_height, body_narrow)))
            natural.append(max(narrow[-1], column_width(max(head_line if upright else 0, body_line))))
            vertical.append(not upright)
        if narrowest + sum(narrow) <= TEXT_WIDTH:
            # the table fits in one part if the first column wraps its names as far as it must
            first = max(narrowest, min(first, TEXT_WIDTH - sum(narrow)))
            room = TEXT_WIDTH - first
            break
    parts = [[0, *part] for part in _split(narrow, room, offset=1)]
    widths = [first] + [0] * len(narrow)
    for part in parts:
        columns = [j - 1 for j in part[1:]]
        for j, width in zip(part[1:], _widen([narrow[c] for c in columns], [natural[c] for c in columns], room)):
            widths[j] = width
    # a vertical heading's row is as tall as its widest word, so that the word stays whole
    header_height = max(
        (column_width(widest_word(header_rows[0][j], heading_size)) for j, up in enumerate(vertical, start=1) if up),
        default=0,
    )
    return Layout(body_size, heading_size, widths, [False, *vertical], header_height, parts, header_rows)


def _split(widths, room, *, offset):
    """The columns (numbered from `offset`) in contiguous groups of total width at most `room`: as few groups as
    packing them in order gives, with the widest group as narrow as it can be, so that the parts are even."""

    def groups(cap):
        found, total = [[]], 0
        for j, width in enumerate(widths, start=offset):
            if found[-1] and total + width > cap:
                found.append([])
                total = 0
            found[-1].append(j)
            total += width
        return found

    count = len(groups(room))
    low, high = max(widths, default=0), max(room, max(widths, default=0))
    while low < high:  # the narrowest cap that still needs no more groups
        middle = (low + high) // 2
        low, high = (middle + 1, high) if len(groups(middle)) > count else (low, middle)
    return groups(high)


def _widen(narrow, natural, room):
    """Widths for one part's columns: each at least its narrowest; the room left is shared in proportion to
    what each column needs to set its heading and cells on one line, none wider than that."""
    spare = room - sum(narrow)
    wanted = [n - w for w, n in zip(narrow, natural)]
    if spare <= 0 or not any(wanted):
        return narrow
    if sum(wanted) <= spare:
        return natural
    return [w + spare * extra // sum(wanted) for w, extra in zip(narrow, wanted)]


def _header_rows(table, language):
    """The heading rows: the names, then the indicators' codes where the table has them."""
    return [table.headings[language]] + ([table.codes] if table.codes else [])


# --- the WordprocessingML ---------------------------------------------------------------------------


def _runs(cell_text, size=None, *, bold=False):
    """The text as one run (lines joined by breaks), in `size` pt or the paragraph style's size; bold if asked."""
    weight = "<w:b/><w:bCs/>" if bold else ""
    size_xml = f'<w:sz w:val="{2 * size}"/><w:szCs w:val="{2 * size}"/>' if size else ""
    size_xml = f"<w:rPr>{weight}{size_xml}</w:rPr>" if size_xml or weight else ""
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in str(cell_text).split("\n"))
    return f"<w:r>{size_xml}{lines}</w:r>"


def _cell(cell_text, width, *, size, align, style, fill=None, vertical=False, span=1, bold=False):
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    direction = '<w:textDirection w:val="btLr"/><w:vAlign w:val="center"/>' if vertical else ""
    merged = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merged}{shading}{direction}</w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr>'
        f"{_runs(cell_text, size, bold=bold)}</w:p></w:tc>"
    )


BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


@dataclass(frozen=True)
class Cell:
    """A cell of `grid_xml`: its text, the columns it spans, its alignment, whether bold."""

    text: str
    span: int = 1
    align: str = "left"
    bold: bool = False


def grid_xml(rows, widths, *, style, size, header=1, heading_size=None):
    """A table of `rows` (each a list of `Cell` or text) on columns `widths` (twips): the fixed layout, borders
    and cell margins of the tables above, no row split across pages, its first `header` rows repeated on each
    page in `heading_size` pt (the others in `size`). A table outside the table model: a region's profile."""
    widths = [int(w) for w in widths]
    xml = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for r, cells in enumerate(rows):
        repeat = "<w:tblHeader/>" if r < header else ""
        xml.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
        column = 0
        for cell in cells:
            cell = cell if isinstance(cell, Cell) else Cell(str(cell))
            width = sum(widths[column : column + cell.span])
            xml.append(
                _cell(
                    cell.text,
                    width,
                    size=(heading_size or size) if r < header else size,
                    align=cell.align,
                    style=style,
                    span=cell.span,
                    bold=cell.bold,
                )
            )
            column += cell.span
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


def _part_xml(table, rows, columns, *, plan, style):
    """One part of a table: its columns `columns`, every header row (repeated on each page) and body row, no
    row split across pages."""
    widths = [plan.widths[j] for j in columns]
    xml = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for r, headings in enumerate(plan.header_rows):
        height = (
            f'<w:trHeight w:val="{plan.header_height}" w:hRule="atLeast"/>' if r == 0 and plan.header_height else ""
        )
        xml.append(f"<w:tr><w:trPr><w:cantSplit/>{height}<w:tblHeader/></w:trPr>")
        for j, width in zip(columns, widths):
            vertical = r == 0 and plan.vertical[j]
            xml.append(
                _cell(
                    headings[j], width, size=plan.heading_size, align="center", style=style["cell"], vertical=vertical
                )
            )
        xml.append("</w:tr>")
    for i, texts in enumerate(rows):
        decimals = table.cell_decimals(i)
        xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for j, width in zip(columns, widths):
            fill = table.fills.get((i, j))
            xml.append(
                _cell(
                    texts[j],
                    width,
                    size=plan.body_size,
                    align="left" if decimals[j] is None else "right",
                    style=style["cell"],
                    fill=fill.lstrip("#").upper() if fill else None,
                )
            )
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


def _paragraph(runs, *, style=None, keep_with_next=False, new_page=False):
    properties = (
        (f'<w:pStyle w:val="{style}"/>' if style else "")
        + ("<w:keepNext/>" if keep_with_next else "")
        + ("<w:pageBreakBefore/>" if new_page else "")
    )
    return f"<w:p><w:pPr>{properties}</w:pPr>{runs}</w:p>"


def caption_runs(table, language, *, restart=False):
    """«Кесте » + a SEQ Кесте field showing the table's number + « – » + the title: Word's numbered caption,
    which Word numbers on and lists among the tables. With `restart` the field starts the count at the table's
    number (`\\r 7`): a document of Tables 7-14 numbers them 7-14, not 1-8, in Word and LibreOffice alike.
    A table without a number (the macro-regions) keeps its caption as text."""
    if table.number is None:
        return _runs(table.caption[language])
    label = text("table.word.table", language)
    start = f"\\r {table.number} " if restart else ""
    return (
        _runs(f"{label} ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + f'<w:r><w:instrText xml:space="preserve"> SEQ {escape(label)} {start}\\* ARABIC </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + _runs(str(table.number))
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + _runs(f" – {table.title(language)}")
    )


def continuation(table, language):
    """What stands above a table's second and later parts: «18-кестенің жалғасы» / "Table 18 (continued)"."""
    if table.number is None:
        return text("word.continued_unnumbered", language)
    return text("word.continued", language, number=table.number)


def table_xml(table, language, *, first, restart, style):
    """A table's caption (its SEQ field restarting the count where `restart`), parts and note; each table after
    the `first`, and each part after a table's first, starts a page."""
    rows = table.printed_rows(language)
    plan = layout(table, language, rows)
    caption = caption_runs(table, language, restart=restart)
    xml = [_paragraph(caption, style=style["caption"], keep_with_next=True, new_page=not first)]
    for k, columns in enumerate(plan.parts):
        if k:
            xml.append(_paragraph(_runs(continuation(table, language)), keep_with_next=True, new_page=True))
        xml.append(_part_xml(table, rows, columns, plan=plan, style=style))
    if table.note.get(language):
        xml.append(_paragraph(_runs(table.note[language], NOTE_SIZE), style=style["note"]))
    return "".join(xml)


def _document(language):
    """An empty A4 portrait document in Times New Roman, its styles and settings tagged with the language."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    tag = LANGUAGE_TAGS[language]
    doc = Document()
    properties = doc.core_properties
    properties.author = properties.last_modified_by = "sdi"
    properties.created = properties.modified = FIXED_TIME
    properties.language = tag
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_CM["width"]), Cm(PAGE_CM["height"])
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))

    # the defaults every run inherits: the font, the language (Word's spell checker reads it), no spacing
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    run_defaults.remove(run_defaults.find(qn("w:rFonts")))
    run_defaults.insert(0, OxmlElement("w:rFonts", {qn(f"w:{a}"): FONT for a in ("ascii", "hAnsi", "eastAsia", "cs")}))
    run_defaults.find(qn("w:lang")).set(qn("w:val"), tag)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(CAPTION_SIZE)
    normal.element.rPr.append(OxmlElement("w:lang", {qn("w:val"): tag}))
    caption = doc.styles["Caption"]  # Word's list of tables collects the SEQ fields in it
    caption.font.size, caption.font.italic, caption.font.bold = Pt(CAPTION_SIZE), False, False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.space_after = Pt(6)
    caption.paragraph_format.keep_with_next = True
    cell = doc.styles.add_style("Table text", WD_STYLE_TYPE.PARAGRAPH)  # the cells' paragraphs: no spacing
    cell.base_style = normal
    note = doc.styles.add_style("Table note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.paragraph_format.space_before = Pt(6)

    settings = doc.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), tag)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), "," if language == "kk" else ".")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";" if language == "kk" else ",")
    return doc, {
        "caption": caption.style_id,
        "cell": cell.style_id,
        "note": note.style_id,
    }


def write_docx(tables, path, language):
    """Every table of `tables` in one Word document in `language`, written reproducibly to `path`."""
    from docx.oxml import parse_xml

    doc, style = _document(language)
    body, previous = [], None  # the number of the last numbered table
    for k, table in enumerate(tables):
        restart = table.number is not None and table.number != (previous or 0) + 1
        body.append(table_xml(table, language, first=k == 0, restart=restart, style=style))
        previous = table.number if table.number is not None else previous
    body = "".join(body)
    section = doc.element.body.sectPr
    for element in list(parse_xml(f'<w:body xmlns:w="{W}">{body}</w:body>')):
        section.addprevious(element)
    buffer = _io.BytesIO()
    doc.save(buffer)
    return write_zip_reproducibly(buffer, path)


# --- for documents other than the tables' (a region's profile): the same page, fonts and language --------------


def new_document(language):
    """(document, {"caption", "cell", "note": style id}): the tables' empty A4 portrait document in `language`."""
    return _document(language)


def paragraph(words, *, size=None, bold=False, style=None, keep_with_next=False, new_page=False):
    """A paragraph of `words` (in `size` pt or its style's), as WordprocessingML; `words` may be a list of
    (text, bold) runs."""
    runs = [(words, bold)] if isinstance(words, str) else words
    return _paragraph(
        "".join(_runs(t, size, bold=b) for t, b in runs), style=style, keep_with_next=keep_with_next, new_page=new_page
    )


def append_body(doc, fragments, *, picture_width_cm=16.0, picture_style=None):
    """Append `fragments` to the body of `doc` in order: each a WordprocessingML string (paragraphs, tables) or the
    bytes of a PNG, set as a picture `picture_width_cm` wide in a paragraph of its own."""
    from docx.oxml import parse_xml
    from docx.shared import Cm

    section = doc.element.body.sectPr
    for fragment in fragments:
        if isinstance(fragment, bytes):
            picture = doc.add_paragraph(style=picture_style)  # python-docx puts it before the section's properties
            picture.add_run().add_picture(_io.BytesIO(fragment), width=Cm(picture_width_cm))
            continue
        for element in list(parse_xml(f'<w:body xmlns:w="{W}">{fragment}</w:body>')):
            section.addprevious(element)


def save(doc, path):
    """`doc` written reproducibly to `path`."""
    buffer = _io.BytesIO()
    doc.save(buffer)
    return write_zip_reproducibly(buffer, path)
