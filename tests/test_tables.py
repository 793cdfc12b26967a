"""Tables 7-14 for a thesis (Kazakh, as the dissertation prints them) and for reviewers (English):
labels, decimals, and the files read back as a user opens them."""

import hashlib

import openpyxl
import pandas as pd
import pytest
from conftest import RAW, run_2023
from docx import Document

from sdi.inputs import cleaning
from sdi.inputs.metadata import load_indicators, load_regions
from sdi.method import index, normalisation, statistics, typology
from sdi.publish import tables as publish

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
CLEAN, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
STATS = statistics.describe(cleaning.regional_values(CLEAN))
WIDE_SCORES = normalisation.score_table(cleaning.regional_values(CLEAN), INDICATORS, "direction_thesis")
SCORES = normalisation.scores_long(CLEAN, WIDE_SCORES)
INDICES = typology.add_levels(index.index_table(WIDE_SCORES, INDICATORS, "in_thesis_index"))
NOTE = publish.missing_note(SCORES, REGIONS, "worst")  # 2023 has two blank cells (B46)


def all_tables():
    return publish.dissertation_tables(run_2023(), clean=CLEAN, stats=STATS, scores=SCORES, indices=INDICES)


def rows_of(markdown, first_cell):
    return next(line for line in markdown.splitlines() if line.startswith(f"| {first_cell} |")).split("|")[1:-1]


def test_tables_7_to_14_in_order_with_the_missing_value_note_under_10_to_14():
    tables = all_tables()
    assert [t.number for t in tables] == list(range(7, 15))
    method = {"en": "Method: thesis.", "kk": "Әдіс: диссертация әдісі."}  # named under the table, not in its caption
    with_method = {lang: f"{method[lang]} {NOTE[lang]}" for lang in NOTE}
    assert [t.note for t in tables] == [{}] * 3 + [with_method] * 5


def test_table_7_in_kazakh_as_the_dissertation_prints_it():
    table = all_tables()[0]
    assert table.caption["kk"] == "Кесте 7 – Қазақстан аймақтарының әлеуметтік тұрақтылық көрсеткіштері, 2023 ж."
    body = table.body["kk"]
    labels = list(body[0])
    assert labels[:3] == ["Қазақстан Республикасы", "Абай", "Ақмола"] and labels[19:21] == ["Алматы қ.", "Шымкент қ."]
    assert labels[21:] == ["Мин", "Макс", "Орта", "Медиана", "Асимметрия", "Стандартты ауытқу"]
    assert table.codes == [""] + [f"B{i}" for i in range(1, 22)]
    assert table.headings["kk"][1] == "2019 жылдан 2023 жылға дейін санның өзгеруі, %"
    md = publish.to_markdown(table, "kk")
    # decimal commas; min and max keep the values' decimals, the other statistics two (as printed)
    assert rows_of(md, "Макс")[1].strip() == "132,62" and rows_of(md, "Асимметрия")[3].strip() == "0,57"
    assert rows_of(md, "Абай")[1].strip() == "95,82"


def test_english_headings_say_the_unit_once_and_regions_are_never_ambiguous():
    table = all_tables()[0]
    en = dict(zip(table.codes, table.headings["en"]))
    assert en["B7"] == "Doctors per 10,000 inhabitants"  # the unit is in the name: not repeated
    assert en["B3"] == "Poverty rate, %"
    names = list(table.body["en"][0])
    assert "Almaty Region" in names and "Almaty (city)" in names and "Almaty" not in names
    assert "Abai" in names  # " Region" dropped where nothing else starts with the short name


def test_a_year_specific_name_follows_the_year():
    b1 = INDICATORS.set_index("code").loc["B1"]
    assert publish.indicator_heading(b1, "en", 2025) == "Population change 2021 to 2025, % (2021 = 100)"
    assert publish.indicator_heading(b1, "kk", 2025) == "2021 жылдан 2025 жылға дейін санның өзгеруі, %"
    b51 = INDICATORS.set_index("code").loc["B51"]
    assert "1961-1990" in publish.indicator_heading(b51, "en", 2025)  # a reference period is not a data period


def test_table_13_and_14_headings_and_rows():
    t13, t14 = all_tables()[-2:]
    assert t13.headings["kk"][1:3] == ["Әлеуметтік тұрақтылық индексі, ISSocial", "Рейтингі"]
    assert t13.headings["en"][7:] == ["Integral sustainable development index, ISDR", "Sustainable development rank"]
    assert list(t14.body["en"][0]) == [
        "Social sustainability",
        "Economic sustainability",
        "Ecological sustainability",
        "Integral index ISDR",
    ]
    assert t14.headings["kk"][1:] == ["Төмен тұрақтылық", "Орташа тұрақтылық", "Жоғары тұрақтылық"]
    social_medium = t14.body["kk"].iloc[0, 2].split(", ")
    assert len(social_medium) == 20 and t14.body["kk"].iloc[0, 1] == "" and t14.body["kk"].iloc[0, 3] == ""


def test_blank_cells_print_blank_and_ranks_print_as_integers():
    table9 = publish.to_markdown(all_tables()[2], "en")
    assert "nan" not in table9 and rows_of(table9, "West Kazakhstan")[4].strip() == ""  # B46 is blank
    # under the `available` policy a rank can be missing, and ranks read back from CSV are floats
    indices = INDICES.astype({c: float for c in INDICES.columns if c.startswith("rank_")})
    indices.loc[indices.region_id == "KZ-10", ["rank_social", "rank_isdr"]] = float("nan")
    t13 = publish.to_markdown(publish.integral_table(indices, REGIONS, 2023), "en")
    assert rows_of(t13, "Abai")[2].strip() == "" and rows_of(t13, "Akmola")[8].strip() == "1"
    assert "1.00" not in "".join(rows_of(t13, "Akmola")[2::2])


def test_csv_has_one_header_row_of_words_and_codes(tmp_path):
    csv, _, _ = publish.write_table(all_tables()[5], tmp_path, "en")
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert list(table.columns[:2]) == [
        "Region",
        "Water supply, sewerage and waste collection services per capita, thousand tenge (B43)",
    ]
    assert list(table.columns[-2:]) == ["ISEcol", "Rank"]
    assert table.iloc[0].tolist()[-2:] == ["5.18", "7"]  # Abai's ecological index and rank, as Table 12 prints


def test_workbook_keeps_full_precision_with_the_printed_format(tmp_path):
    tables = all_tables()
    a = publish.write_workbook(tables, tmp_path / "a.xlsx", "kk")
    b = publish.write_workbook(tables, tmp_path / "b.xlsx", "kk")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames == [f"Кесте {n}" for n in range(7, 15)]
    ws = wb["Кесте 13"]
    assert ws["A1"].value.startswith("Кесте 13 – ") and ws["B2"].value == "Әлеуметтік тұрақтылық индексі, ISSocial"
    # the caption goes into the thesis as it is; the method is named, in Kazakh words, in the note under the table
    assert ws["A1"].value == "Кесте 13 – Қазақстан аймақтарының тұрақты даму рейтингі, 2023 ж."
    assert ws.cell(row=ws.max_row, column=1).value.startswith("Әдіс: диссертация әдісі. ")
    abai = INDICES.set_index("region_id").loc["KZ-10"]
    assert (ws["A3"].value, ws["B3"].value, ws["C3"].value) == ("Абай", abai.social, 20)  # unrounded index
    assert (ws["B3"].number_format, ws["C3"].number_format) == ("0.00", "0")
    assert ws.freeze_panes == "B3" and ws.column_dimensions["B"].width >= 10
    ws7 = wb["Кесте 7"]
    assert ws7["B3"].value == "B1" and ws7.freeze_panes == "B4"  # names, then codes, stay in view
    assert ws7["B4"].value == 108.91 and ws7["B4"].number_format == "0.00"
    assert wb["Кесте 14"].freeze_panes == "A3"  # a table of words: nothing frozen sideways
    assert ws.cell(ws.max_row, 1).value == f"Әдіс: диссертация әдісі. {NOTE['kk']}"


def test_word_document_holds_every_table_with_its_caption(tmp_path):
    path = publish.write_docx(all_tables(), tmp_path / "t.docx", "en")
    again = publish.write_docx(all_tables(), tmp_path / "u.docx", "en")
    assert path.read_bytes() == again.read_bytes()
    doc = Document(path)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]  # Word's list of tables finds them
    assert captions[0] == "Table 7 – Social sustainability indicators of Kazakhstan's regions, 2023"
    assert [c.split(" ")[1] for c in captions] == [str(n) for n in range(7, 15)]
    # Table 13 in parts (tests/test_word.py checks them): its first part's header and Abai's row
    t13 = next(t for t in doc.tables if t.rows[0].cells[0].text == "" and "ISSocial" in t.rows[0].cells[1].text)
    assert [c.text for c in t13.rows[0].cells][1:3] == ["Social sustainability index, ISSocial", "Rank"]
    assert [c.text for c in t13.rows[1].cells][:3] == ["Abai", "5.16", "20"]
    assert t13.rows[0]._tr.trPr.xpath("./w:tblHeader")  # the header row repeats on every page
    assert doc.sections[0].page_width < doc.sections[0].page_height  # portrait, as the thesis prints
    assert f"Method: thesis. {NOTE['en']}" in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize("policy, words", [("worst", "бос мән 1 балл алады"), ("available", "бос мән балл алмайды")])
def test_the_missing_value_note_in_both_languages(policy, words):
    notes = publish.missing_note(SCORES, REGIONS, policy)
    assert notes["en"].startswith("Missing values: 2 cells (West Kazakhstan B46, Astana B46). Policy")
    assert notes["kk"].startswith("Бос мәндер: 2 ұяшық (Батыс Қазақстан B46, Астана қ. B46).") and words in notes["kk"]
    assert "`" not in notes["en"] + notes["kk"]  # the note goes into Word and Excel as it is


def test_make_expects_the_files_write_tables_writes(tmp_path):
    """Tables 7-14 are among the outputs make is told of (sdi.tools.pipeline), and are what write_tables writes."""
    from sdi.tools.pipeline import outputs

    listed = {
        f.removeprefix("reports/2023/thesis/tables/")
        for f in outputs("05_typology", 2023, "thesis")
        if f.startswith("reports/2023/thesis/tables/")
    }
    assert {f.split("/")[1].rsplit(".", 1)[0] for f in listed if "/" in f} == {
        f"table{n:02d}_{slug}" for n, slug in publish.TABLE_SLUGS
    }
    written = publish.write_tables(all_tables(), tmp_path, 2023, method="thesis")
    assert sorted(str(p.relative_to(tmp_path)) for p in written) == sorted(listed)
