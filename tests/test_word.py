"""The Word documents as a Kazakh dissertation prints its tables, read back as XML: A4 portrait with a 16 cm
text width, sizes, parts of whole columns repeating the region column and the header rows, continuation
captions, SEQ captions, language tags, rows that never split, and no heading word wider than its column,
measured here from the font file itself."""

import json
import re
import zipfile
from functools import cache
from importlib.resources import files

import pandas as pd
import pytest
from lxml import etree
from test_risk_tables import toy
from test_tables import all_tables

from sdi.publish import word
from sdi.publish.tables import Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TWIPS_PER_CM = 1440 / 2.54


def w(name):
    return f"{{{W}}}{name}"


def part(path, name):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Tables 7-14 in both languages, and the toy risk map (Table 18 of two indicators) in Kazakh."""
    folder = tmp_path_factory.mktemp("word")
    tables = all_tables()
    paths = {lang: word.write_docx(tables, folder / f"thesis_{lang}.docx", lang) for lang in ("kk", "en")}
    paths["map"] = word.write_docx([toy()], folder / "map_kk.docx", "kk")
    return tables, paths


def texts(element):
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def grouped(path):
    """[(caption paragraph, [(continuation paragraph or None, table part), ...], note paragraph or None)]."""
    body = part(path, "word/document.xml").find(w("body"))
    found, pending = [], None
    for element in body:
        style = element.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS)
        if element.tag == w("p") and style and style[0] == "Caption":
            found.append([element, [], None])
        elif element.tag == w("tbl"):
            found[-1][1].append((pending, element))
            pending = None
        elif element.tag == w("p") and found:
            if found[-1][1] and not element.xpath("./w:pPr/w:keepNext", namespaces=NS):
                found[-1][2] = element  # the note under the last part
            else:
                pending = element  # a continuation caption, kept with the part it announces
    return found


def rows_of(table_part):
    return table_part.findall(w("tr"))


def header_rows(table_part):
    return [tr for tr in rows_of(table_part) if tr.xpath("./w:trPr/w:tblHeader", namespaces=NS)]


def cells_text(tr):
    return [texts(tc) for tc in tr.findall(w("tc"))]


def sizes(tr):
    return [int(v) for v in tr.xpath(".//w:sz/@w:val", namespaces=NS)]


def test_the_page_is_a4_portrait_with_the_figures_16_cm_text_width(documents):
    _, paths = documents
    section = part(paths["kk"], "word/document.xml").find(f"{w('body')}/{w('sectPr')}")
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
    width, height = int(size.get(w("w"))) / TWIPS_PER_CM, int(size.get(w("h"))) / TWIPS_PER_CM
    assert (round(width, 2), round(height, 2)) == (21.0, 29.7)
    text_width = (int(size.get(w("w"))) - int(margins.get(w("left"))) - int(margins.get(w("right")))) / TWIPS_PER_CM
    assert text_width == pytest.approx(16.0, abs=0.01)


def test_no_number_under_10_pt_no_heading_under_9_pt_and_12_pt_where_the_table_fits(documents):
    _, paths = documents
    for path in paths.values():
        for _, parts, _ in grouped(path):
            for _, tbl in parts:
                headers = header_rows(tbl)
                assert min(s for tr in headers for s in sizes(tr)) >= 18  # half-points
                assert min(s for tr in rows_of(tbl)[len(headers) :] for s in sizes(tr)) >= 20
    # two indicators fit a 16 cm page at 12 pt: headings and numbers in 12 pt
    (_, [(_, map_part)], _) = grouped(paths["map"])[0]
    assert set(sum((sizes(tr) for tr in rows_of(map_part)), [])) == {24}
    # Table 7's 21 indicators do not: it takes the smallest sizes allowed, and parts
    _, table7_parts, _ = grouped(paths["kk"])[0]
    assert len(table7_parts) > 1
    assert {s for _, tbl in table7_parts for tr in header_rows(tbl) for s in sizes(tr)} == {18}


def test_every_part_fits_the_text_width_and_its_cells_their_grid(documents):
    _, paths = documents
    for path in paths.values():
        for _, parts, _ in grouped(path):
            for _, tbl in parts:
                grid = [int(g) for g in tbl.xpath("./w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
                assert sum(grid) <= 16 * TWIPS_PER_CM
                for tr in rows_of(tbl):
                    assert [int(v) for v in tr.xpath("./w:tc/w:tcPr/w:tcW/@w:w", namespaces=NS)] == grid


def kazakh_number(value, decimals):
    return "" if pd.isna(value) else f"{value:.{decimals}f}".replace(".", ",")


def test_table_7_in_parts_each_repeating_the_region_column_and_both_header_rows(documents):
    tables, paths = documents
    table = tables[0]
    _, parts, _ = grouped(paths["kk"])[0]
    regions = list(table.body["kk"][0])
    headings, codes, abai = [], [], []
    for _, tbl in parts:
        rows = rows_of(tbl)
        assert len(header_rows(tbl)) == 2 and rows[:2] == header_rows(tbl)  # names, then codes, on every page
        first_column = [cells_text(tr)[0] for tr in rows]
        assert first_column == ["Аймақ", "", *regions]
        headings += cells_text(rows[0])[1:]
        codes += cells_text(rows[1])[1:]
        abai += cells_text(rows[2 + regions.index("Абай")])[1:]
    assert headings == table.headings["kk"][1:] and codes == [f"B{i}" for i in range(1, 22)]
    values = table.body["kk"].iloc[regions.index("Абай"), 1:]
    assert abai == [kazakh_number(v, d) for v, d in zip(values, table.decimals[1:])]


def test_a_continued_part_is_captioned_as_the_dissertation_does(documents):
    _, paths = documents
    for lang, expected in (("kk", "{n}-кестенің жалғасы"), ("en", "Table {n} (continued)")):
        for number, (_, parts, _) in zip(range(7, 15), grouped(paths[lang])):
            assert parts[0][0] is None  # the first part follows its caption
            for continuation, _ in parts[1:]:
                assert texts(continuation) == expected.format(n=number)
                properties = continuation.find(w("pPr"))
                assert properties.find(w("pageBreakBefore")) is not None and properties.find(w("keepNext")) is not None


def test_captions_are_seq_fields_numbering_the_tables_and_the_method_is_in_the_note(documents):
    tables, paths = documents
    for lang, label in (("kk", "Кесте"), ("en", "Table")):
        for k, (table, (caption, _, note)) in enumerate(zip(tables, grouped(paths[lang]))):
            instruction = "".join(caption.xpath(".//w:instrText/text()", namespaces=NS))
            # the first restarts the count at 7, so Word and LibreOffice print 7, not 1; the others count on
            assert instruction == (f" SEQ {label} \\r 7 \\* ARABIC " if k == 0 else f" SEQ {label} \\* ARABIC ")
            runs = caption.findall(w("r"))
            kinds = [
                r.find(w("fldChar")).get(w("fldCharType")) if r.find(w("fldChar")) is not None else "" for r in runs
            ]
            cached = runs[kinds.index("separate") + 1 : kinds.index("end")]
            assert "".join(texts(r) for r in cached) == str(table.number)
            assert texts(caption) == table.caption[lang]  # «Кесте 7 – …»: no method in it
            assert caption.find(f"{w('pPr')}/{w('keepNext')}") is not None
            if table.number >= 10:
                assert texts(note).startswith({"kk": "Әдіс: диссертация әдісі.", "en": "Method: thesis."}[lang])


def test_rows_never_split_and_header_rows_repeat(documents):
    tables, paths = documents
    for table, (_, parts, _) in zip(tables, grouped(paths["kk"])):
        for _, tbl in parts:
            rows = rows_of(tbl)
            assert all(tr.find(f"{w('trPr')}/{w('cantSplit')}") is not None for tr in rows)
            headed = [tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None for tr in rows]
            assert headed == [True] * (2 if table.codes else 1) + [False] * len(table.body["kk"])


def test_the_document_and_its_styles_speak_the_language(documents):
    _, paths = documents
    for lang, tag in (("kk", "kk-KZ"), ("en", "en-GB")):
        styles = part(paths[lang], "word/styles.xml")
        assert styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS) == [tag]
        assert styles.xpath("./w:style[@w:styleId='Normal']/w:rPr/w:lang/@w:val", namespaces=NS) == [tag]
        assert "en-US" not in styles.xpath("//w:lang/@w:val", namespaces=NS)
        settings = part(paths[lang], "word/settings.xml")
        assert settings.xpath("./w:themeFontLang/@w:val", namespaces=NS) == [tag]
        fonts = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=NS)[0]
        assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == "Times New Roman"


def test_the_map_keeps_its_fills(documents):
    _, paths = documents
    (_, [(_, tbl)], _) = grouped(paths["map"])[0]
    abai = rows_of(tbl)[2 + 3]  # names, codes, three band rows
    assert cells_text(abai) == ["Абай", "95,82 Ж", "2,95 О†"]
    assert [tc.xpath("./w:tcPr/w:shd/@w:fill", namespaces=NS) for tc in abai.findall(w("tc"))] == [
        [],
        ["FC8D59"],
        ["FEE08B"],
    ]


def test_the_same_tables_give_the_same_bytes(documents, tmp_path):
    tables, paths = documents
    assert word.write_docx(tables, tmp_path / "again.docx", "kk").read_bytes() == paths["kk"].read_bytes()


# --- widths measured from the font file, independently of the renderer's own table of widths -------------


@cache
def font():
    """Liberation Serif 2 (metric-compatible with Times New Roman, with the Kazakh letters), where installed."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    for path in sorted(font_manager.findSystemFonts()):
        if path.endswith("LiberationSerif-Regular.ttf"):
            candidate = TTFont(path)
            if ord("Қ") in candidate.getBestCmap():
                return candidate
    pytest.skip("no Liberation Serif with Kazakh letters (Debian: fonts-liberation2) to measure with")


def measured(text, half_points):
    """Twips of `text` on one line at `half_points`, from the font file's advance widths."""
    ttf = font()
    cmap, advances = ttf.getBestCmap(), ttf["hmtx"]
    units = sum(advances[cmap[ord(ch)]][0] for ch in text)
    return units / ttf["head"].unitsPerEm * half_points / 2 * 20


def test_the_widths_the_renderer_keeps_are_the_fonts():
    ttf = font()
    kept = json.loads(files("sdi.publish").joinpath("font_metrics.json").read_text(encoding="utf-8"))
    assert kept["units_per_em"] == ttf["head"].unitsPerEm
    cmap, advances = ttf.getBestCmap(), ttf["hmtx"]
    assert kept["advances"] == {ch: advances[cmap[ord(ch)]][0] for ch in kept["advances"]}
    assert set("ӘәҒғҚқҢңӨөҰұҮүҺһІі«»–≤≥†") <= set(kept["advances"])


def test_no_heading_word_and_no_number_is_wider_than_its_column(documents):
    _, paths = documents
    for path in paths.values():
        for _, parts, _ in grouped(path):
            for _, tbl in parts:
                margins = tbl.xpath("./w:tblPr/w:tblCellMar/*/@w:w", namespaces=NS)
                room_less = sum(int(m) for m in margins)
                for r, tr in enumerate(rows_of(tbl)):
                    header = r < len(header_rows(tbl))
                    for tc in tr.findall(w("tc")):
                        room = int(tc.find(f"{w('tcPr')}/{w('tcW')}").get(w("w"))) - room_less
                        size = int(tc.xpath(".//w:sz/@w:val", namespaces=NS)[0])
                        content = texts(tc)
                        right_aligned = tc.xpath("./w:p/w:pPr/w:jc/@w:val", namespaces=NS) == ["right"]
                        # a heading may wrap between words; a number stays whole
                        pieces = re.split(r"\s+", content) if header or not right_aligned else [content]
                        for piece in pieces:
                            assert measured(piece, size) <= room, (texts(tr)[:40], piece)


def test_a_heading_word_too_long_for_any_column_is_set_vertically(tmp_path):
    too_long = "Ө" * 120  # some 20 cm at 9 pt: wider than the page
    table = Table(
        1,
        "long",
        {"kk": "Кесте 1 – Ұзын"},
        {"kk": ["Аймақ", too_long, "Қысқа"]},
        {"kk": pd.DataFrame([["Абай", 1.5, 2.25]])},
        [None, 1, 2],
    )
    path = word.write_docx([table], tmp_path / "long.docx", "kk")
    (_, [(_, tbl)], _) = grouped(path)[0]
    header = rows_of(tbl)[0]
    directions = [tc.xpath("./w:tcPr/w:textDirection/@w:val", namespaces=NS) for tc in header.findall(w("tc"))]
    assert directions == [[], ["btLr"], []]
    height = int(header.xpath("./w:trPr/w:trHeight/@w:val", namespaces=NS)[0])
    assert height >= measured(too_long, int(header.xpath(".//w:sz/@w:val", namespaces=NS)[1]))


def test_the_risk_tables_count_on_past_the_unnumbered_macro_regions_and_are_continued(tmp_path):
    import test_risk_tables as risk

    tables = risk.risk_tables(
        risk.THRESHOLDS,
        risk.LEVELS,
        risk.CLEAN,
        statistics=risk.STATS,
        regions=risk.REGIONS,
        indicators=risk.INDICATORS,
        macro_summary=risk.MACRO_SUMMARY,
        macro=risk.MACRO,
        scenarios=risk.SCENARIOS,
        year=2023,
        choice="published",
        method="thesis",
    )
    found = grouped(word.write_docx(tables, tmp_path / "risk.docx", "kk"))
    instructions = ["".join(c.xpath(".//w:instrText/text()", namespaces=NS)) for c, _, _ in found]
    numbered = [" SEQ Кесте \\r 15 \\* ARABIC "] + [" SEQ Кесте \\* ARABIC "] * 5
    assert instructions == numbered + [""] + [" SEQ Кесте \\* ARABIC "] * 4  # 21 follows 20 past the macro-regions
    for table, (_, parts, _) in zip(tables, found):
        expected = "Кестенің жалғасы" if table.number is None else f"{table.number}-кестенің жалғасы"
        assert [texts(c) for c, _ in parts[1:]] == [expected] * (len(parts) - 1)
    map_parts = found[3][1]  # Table 18: the social map's 11 indicators do not fit one 16 cm page
    first_column = ["Аймақ", "", *tables[3].body["kk"][0]]  # names, codes, bands, regions, summary rows
    assert len(map_parts) > 1 and all([cells_text(tr)[0] for tr in rows_of(t)] == first_column for _, t in map_parts)


def test_a_table_that_fits_when_its_region_names_wrap_is_not_split(tmp_path):
    """Seven short columns fit 16 cm beside a first column narrowed to its widest word, not beside one a quarter
    of the page wide: the names wrap and the table stays whole."""
    label = "Аз сөз бар жерде ұзын атау болмайды"  # one line at 10 pt is wider than a quarter of 16 cm
    table = Table(
        1,
        "wrapped",
        {"kk": "Кесте 1 – Орау"},
        {"kk": ["Аймақ", *["Көрсеткіш"] * 7]},
        {"kk": pd.DataFrame([[label, *[12.5] * 7]])},
        [None, *[1] * 7],
    )
    (_, parts, _) = grouped(word.write_docx([table], tmp_path / "wrapped.docx", "kk"))[0]
    assert len(parts) == 1
    grid = [int(g) for g in parts[0][1].xpath("./w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    quarter = 16 * TWIPS_PER_CM / 4
    assert grid[0] < quarter < measured(label, 20) and sum(grid[1:]) + quarter > 16 * TWIPS_PER_CM
