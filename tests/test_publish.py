import hashlib

import openpyxl

from sdi import cleaning, index, normalisation, publish, statistics, typology
from sdi.metadata import load_indicators, load_regions

from conftest import RAW

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
CLEAN, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
STATS = statistics.describe(cleaning.regional_values(CLEAN))
WIDE_SCORES = normalisation.score_table(cleaning.regional_values(CLEAN), INDICATORS, "direction_thesis")
SCORES = normalisation.scores_long(CLEAN, WIDE_SCORES)
INDICES = typology.add_levels(index.index_table(WIDE_SCORES, INDICATORS, "in_thesis_index"))


def all_tables(note=""):
    return publish.dissertation_tables(CLEAN, STATS, SCORES, INDICES, REGIONS, INDICATORS, 2023, "thesis", note)


def test_tables_7_to_14_in_order_with_the_missing_value_note_under_10_to_14():
    tables = all_tables("Missing values: two.")
    assert [t.number for t in tables] == list(range(7, 15))
    assert [t.note for t in tables] == [""] * 3 + ["Missing values: two."] * 5


def test_table_7_has_the_national_row_20_regions_then_the_statistics_rows():
    body = all_tables()[0].body
    assert list(body.region_id[:21]) == list(REGIONS.region_id)
    assert list(body.region[21:]) == ["Min", "Max", "Mean", "Median", "Skewness", "Standard deviation"]
    assert list(body.columns[3:]) == [f"B{i}" for i in range(1, 22)]
    assert body.loc[body.region == "Max", "B1"].item() == 132.62
    assert body.loc[body.region_id == "KZ-10", "аймақ"].item() == "Абай облысы"


def test_table_13_and_14_layout():
    t13, t14 = all_tables()[-2:]
    assert list(t13.body.columns) == ["region_id", "region", "аймақ", "social", "rank_social", "economic", "rank_economic",
                                      "ecological", "rank_ecological", "isdr", "rank_isdr"]
    assert list(t14.body.pillar) == ["Social sustainability", "Economic sustainability", "Ecological sustainability", "Integral index ISDR"]
    social_medium = t14.body.loc[0, "medium"].split("; ")
    assert len(social_medium) == 20 and t14.body.loc[0, "low"] == "" and t14.body.loc[0, "high"] == ""


def test_markdown_has_both_titles_and_a_legend():
    text = publish.to_markdown(all_tables()[5])
    assert text.startswith("## Table 12. Ecological sustainability") and "*Кесте 12 – Экологиялық" in text
    assert "| B46 | Share of renewable energy in total final energy consumption, % |" in text


def test_workbook_has_a_sheet_per_table_with_bilingual_headers_and_is_byte_reproducible(tmp_path):
    tables = all_tables()
    a = publish.write_workbook(tables, tmp_path / "a.xlsx")
    b = publish.write_workbook(tables, tmp_path / "b.xlsx")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames == [f"Table {n}" for n in range(7, 15)]
    ws = wb["Table 12"]
    assert ws["D3"].value == "B43" and ws["D4"].value.startswith("Water supply") and ws["D5"].value.startswith("Халықты сумен")
    assert (ws["A6"].value, ws["N6"].value, ws["O6"].value) == ("KZ-10", 5.18, 7)  # Abai: ISEcol, rank


def test_blank_cells_print_blank_in_markdown_and_ranks_print_as_integers():
    table9 = publish.to_markdown(all_tables()[2])
    west = next(line for line in table9.splitlines() if line.startswith("| KZ-27"))
    assert "nan" not in table9 and west.split("|")[7].strip() == ""  # B46 is blank for West Kazakhstan
    # under the `available` policy a rank can be missing, and ranks read back from CSV are floats
    indices = INDICES.astype({c: float for c in INDICES.columns if c.startswith("rank_")})
    indices.loc[indices.region_id == "KZ-10", ["rank_social", "rank_isdr"]] = float("nan")
    t13 = publish.to_markdown(publish.integral_table(indices, REGIONS, 2023, "thesis"))
    abai = next(line for line in t13.splitlines() if line.startswith("| KZ-10")).split("|")
    akmola = next(line for line in t13.splitlines() if line.startswith("| KZ-11")).split("|")
    assert abai[5].strip() == "" and akmola[11].strip() == "1"  # no rank; a rank as 1, not 1.00
