"""Tables 15-24 for a thesis (Kazakh, as the dissertation prints them) and for reviewers (English): band
texts, the map layout with its levels written and filled, the workbook's and the document's fills, the
files the Makefile expects, reproducibility."""

import numpy as np
import pandas as pd
from conftest import RAW
from docx import Document
from openpyxl import load_workbook

from sdi.inputs import cleaning
from sdi.inputs.metadata import load_indicators, load_regions
from sdi.method import statistics
from sdi.publish import tables as publish
from sdi.publish.risk_tables import (
    CELL_FILLS,
    band_text,
    criteria_table,
    macro_region_table,
    map_table,
    number_text,
    output_files,
    risk_tables,
    scenario_tables,
    write_risk_tables,
)
from sdi.risk import classification
from sdi.risk.macro_regions import load_macro_regions, load_scenarios, summary
from sdi.risk.thresholds import load_thresholds

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
THRESHOLDS = load_thresholds(RAW / "risk_thresholds.csv", INDICATORS)
MACRO = load_macro_regions(RAW / "macro_regions.csv", REGIONS)
SCENARIOS = load_scenarios(RAW / "scenarios.csv", MACRO)
CLEAN, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
STATS = statistics.describe(cleaning.regional_values(CLEAN))
LEVELS = classification.classify(CLEAN, THRESHOLDS)
INDICES = pd.DataFrame(
    {
        "region_id": [r for r in REGIONS.region_id if r != "KZ"],
        **dict.fromkeys(("social", "economic", "ecological"), 5.0),
        "isdr": 15.0,
    }
)
MACRO_SUMMARY = summary(INDICES, classification.rollup(LEVELS), REGIONS, macro=MACRO)


def test_bands_print_with_their_signs_and_printed_digits_and_a_decimal_comma_in_kazakh():
    row = {
        "lower": 100.01,
        "lower_sign": "<",
        "upper": 106.69,
        "upper_sign": "<=",
        "lower_text": "100.01",
        "upper_text": "106.69",
    }
    assert band_text(row) == "100.01 < B ≤ 106.69" and band_text(row, "kk") == "100,01 < B ≤ 106,69"
    assert band_text({"lower": 67.0, "lower_sign": "<=", "upper": np.nan, "upper_sign": ""}) == "B ≥ 67"
    assert band_text({"lower": np.nan, "lower_sign": "", "upper": 2.955, "upper_sign": "<"}) == "B < 2.955"
    low = THRESHOLDS[(THRESHOLDS.code == "B1") & (THRESHOLDS.level == "low")].iloc[0]
    assert band_text(low) == "B > 106.70"  # the printed «B>106,70» keeps its zero
    assert (
        number_text(106.68000000000001) == "106.68" and number_text(10950.35) == "10950.35" and number_text(5.0) == "5"
    )
    assert number_text(66.98, "kk") == "66,98"


def test_the_criteria_table_in_kazakh_as_printed_with_every_indicator_and_its_cuts():
    table = criteria_table("ecological", THRESHOLDS, INDICATORS, year=2023, choice="published")
    # the caption as printed above Table 17 (line 4897), with the corrected number 17 for «117»
    assert table.number == 17 and table.caption["kk"] == (
        "Кесте 17 – Қазақстан аймақтарының экологиялық тұрақтылығы тәуекелдерін бағалау критерийлері, 2023 ж."
    )
    assert table.headings["kk"][:5] == [
        "Көрсеткіштер",
        "Көрсеткіш коды",
        "Жоғары тәуекелділік",
        "Орташа тәуекелділік",
        "Төмен тәуекелділік",
    ]
    kk = table.body["kk"].set_index(1)
    assert list(kk.index) == [f"B{i}" for i in range(43, 53)]
    # the bands printed above Table 20's B49 column (lines 6473, 6486, 6499): «B>113», «67<B<113», «B<76»
    assert list(kk.loc["B49", [2, 3, 4, 5]]) == ["B > 113", "67 < B < 113", "B < 76", "медиана; ел бойынша мән"]
    assert kk.at["B51", 3] == "1 ≤ B ≤ 1,5" and table.body["en"].set_index(1).at["B51", 5] == "standard 1; standard 1.5"


def toy():
    """Two regions, B1 and B2: Abai 95.82 (B1 ≤ 100: high) and 2.95 (in B2's gap 2.9 < B < 3: medium by
    the rule); Akmola 106.69 (medium) and 3.2 (low)."""
    clean = pd.DataFrame(
        [
            ("KZ", "B1", "social", 108.91),
            ("KZ", "B2", "social", 2.8),
            ("KZ-10", "B1", "social", 95.82),
            ("KZ-10", "B2", "social", 2.95),
            ("KZ-11", "B1", "social", 106.69),
            ("KZ-11", "B2", "social", 3.2),
        ],
        columns=["region_id", "indicator", "pillar", "value"],
    )
    thresholds = THRESHOLDS[THRESHOLDS.code.isin(["B1", "B2"])]
    stats = pd.DataFrame({"indicator": ["B1", "B2"], "mean": [101.257, 3.076], "median": [101.255, 3.075]})
    indicators = INDICATORS[INDICATORS.code.isin(["B1", "B2"])]
    return map_table(
        "social",
        classification.classify(clean, thresholds),
        thresholds,
        clean=clean,
        statistics=stats,
        regions=REGIONS,
        indicators=indicators,
        year=2023,
        choice="published",
    )


def test_the_map_prints_bands_regions_with_their_levels_then_the_summary_rows():
    table = toy()
    assert (
        table.caption["kk"]
        == "Кесте 18 – Қазақстан аймақтарының әлеуметтік тұрақтылығы тәуекелдерінің картасы, 2023 ж."
    )
    assert list(table.body["kk"][0]) == [
        "Жоғары тәуекел",
        "Орташа тәуекел",
        "Төмен тәуекел",
        "Абай",
        "Ақмола",
        "Қазақстан Республикасы",
        "Орта шама",
        "Медиана",
        "Стандарт",
    ]
    assert table.codes == ["", "B1", "B2"] and table.headings["kk"][0] == "Аймақ"
    md = publish.to_markdown(table, "kk")
    assert "| Орташа тәуекел | 100,01 < B ≤ 106,69 | 2 ≤ B ≤ 2,9 |" in md
    # Table 7's decimals (two), the level's letter after the number, † where the rule decided
    assert "| Абай | 95,82 Ж | 2,95 О† |" in md and "| Ақмола | 106,69 О | 3,20 Т |" in md
    # Table 18 prints its means with two decimals and its medians with one; the standard row the fixed cuts
    assert (
        "| Орта шама | 101,26 | 3,08 |" in md and "| Медиана | 101,3 | 3,1 |" in md and "| Стандарт | 100 | 2 |" in md
    )
    en = publish.to_csv_frame(table, "en")
    assert list(en.iloc[3, :3]) == ["Abai", "95.82 H", "2.95 M†"] and en.iloc[5, 1] == "108.91"
    assert publish.to_csv_frame(table, "kk").iloc[3, 1] == "95,82 Ж"  # the Kazakh CSV prints as the thesis does
    assert (
        table.fills[3, 1] == CELL_FILLS["high"]
        and table.fills[3, 2] == CELL_FILLS["medium"]
        and (5, 1) not in table.fills
    )


def test_the_workbook_keeps_the_numbers_fills_each_region_cell_and_shows_the_level(tmp_path):
    table = toy()
    a = publish.write_workbook([table], tmp_path / "a.xlsx", "kk")
    b = publish.write_workbook([table], tmp_path / "b.xlsx", "kk")
    assert a.read_bytes() == b.read_bytes()
    ws = load_workbook(a)["Кесте 18"]
    # caption, names, codes, then the body: the three band rows, Abai on sheet row 7
    abai_b1, abai_b2 = ws.cell(7, 2), ws.cell(7, 3)
    assert abai_b1.value == 95.82 and abai_b1.fill.fgColor.rgb == "00" + CELL_FILLS["high"].lstrip("#").upper()
    assert abai_b1.number_format == '0.00" Ж"' and abai_b2.number_format == '0.00" О†"'
    assert ws.cell(4, 2).value == "B ≤ 100" and ws.cell(4, 2).fill.fgColor.rgb == "00000000"
    assert ws.cell(9, 2).value == 108.91 and ws.cell(9, 2).fill.fgColor.rgb == "00000000"  # the national row: no level


def test_the_word_document_shades_the_map_cells(tmp_path):
    path = publish.write_docx([toy()], tmp_path / "t.docx", "en")
    grid = Document(path).tables[0]
    abai = grid.rows[5].cells  # names, codes, three band rows
    assert [c.text for c in abai] == ["Abai", "95.82 H", "2.95 M†"]
    fills = [c._tc.tcPr.xpath("./w:shd/@w:fill") for c in abai]
    assert fills == [[], [CELL_FILLS["high"].lstrip("#").upper()], [CELL_FILLS["medium"].lstrip("#").upper()]]


def test_without_fills_or_marks_a_table_is_written_as_before(tmp_path):
    """The hook adds nothing to a table that does not use it (Tables 7-14 stay byte-identical)."""
    table = toy()
    plain = publish.Table(
        table.number,
        table.slug,
        table.caption,
        table.headings,
        table.body,
        table.decimals,
        table.codes,
        table.note,
        table.row_decimals,
    )
    text = publish.to_markdown(plain, "en")
    assert "| Abai | 95.82 | 2.95 |" in text
    ws = load_workbook(publish.write_workbook([plain], tmp_path / "p.xlsx", "en"))["Table 18"]
    assert ws.cell(7, 2).number_format == "0.00" and ws.cell(7, 2).fill.fgColor.rgb == "00000000"


def test_the_macro_regions_and_the_scenario_tables():
    table = macro_region_table(MACRO_SUMMARY, REGIONS, MACRO, year=2023, method="thesis")
    assert table.number is None and table.name == "macro_regions" and table.sheet_name("kk") == "Макроаймақтар"
    assert list(table.body["en"][0]) == [
        "West",
        "East and Centre",
        "South and South-East",
        "North",
        "Astana",
        "Almaty (city)",
        "Shymkent",
    ]
    assert table.body["en"].iat[0, 2] == "Aktobe, Atyrau, West Kazakhstan, Mangystau"  # line 6843
    tables = scenario_tables(SCENARIOS, MACRO)
    assert [t.number for t in tables] == [21, 22, 23, 24]
    # Table 23's third row is printed «Пессимистік сценарий» again (line 6987); it is the optimistic one
    assert list(tables[2].body["kk"][0]) == ["Пессимистік сценарий", "Реалистік сценарий", "Оптимистік сценарий"]
    assert (
        tables[0].caption["kk"]
        == "Кесте 21 – Қазақстанның батыс макроаймақтарының тұрақты дамуының перспективалық сценарийлері"
    )
    assert (
        tables[0].body["en"].iat[0, 1].startswith("economic crises")
        and "Outcomes" not in tables[0].body["en"].iat[0, 1]
    )
    assert "printed «Пессимистік сценарий» a second time" in tables[2].note["en"]


def test_make_expects_the_files_write_risk_tables_writes(tmp_path):
    """The risk step's tables are among the outputs make is told of (sdi.tools.pipeline), and are what it writes."""
    from sdi.tools.pipeline import outputs

    expected = output_files(2023, MACRO)
    listed = outputs("06_risk_maps", 2023, macro=MACRO)  # what make is told (end to end: test_pipeline)
    # 11 tables (15-20, the macro-regions, 21-24) x 2 languages x CSV, Markdown and HTML; a workbook and a document each
    assert len([f for f in listed if f.startswith("reports/2023/risk/tables/")]) == 11 * 2 * 3 + 2 * 2
    names = {f.split("/")[1].rsplit(".", 1)[0] for f in expected if "/" in f}
    assert {f"table{n}" for n in range(15, 25)} == {name[:7] for name in names if name.startswith("table")}
    assert "macro_regions" in names and "table21_west_scenarios" in names  # the scenarios are named by macro-region
    tables = risk_tables(
        THRESHOLDS,
        LEVELS,
        CLEAN,
        statistics=STATS,
        regions=REGIONS,
        indicators=INDICATORS,
        macro_summary=MACRO_SUMMARY,
        macro=MACRO,
        scenarios=SCENARIOS,
        year=2023,
        choice="published",
        method="thesis",
    )
    written = write_risk_tables(tables, tmp_path, 2023)
    assert sorted(str(p.relative_to(tmp_path)) for p in written) == sorted(expected)
