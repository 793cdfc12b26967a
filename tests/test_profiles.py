"""A region's profile: its indices and ranks under both methods, its strongest and weakest indicators with the
values a reader checks against the raw tables, its risks, its corrections; a page per region and language,
and a Word document."""

import dataclasses
import re

import pandas as pd
from conftest import RAW, run_2023
from docx import Document
from test_tables import CLEAN, INDICATORS, INDICES, WIDE_SCORES

from sdi.inputs import cleaning
from sdi.method import index, normalisation, typology
from sdi.publish import profiles

CORRECTED_SCORES = normalisation.score_table(cleaning.regional_values(CLEAN), INDICATORS, "direction")
CORRECTED = typology.add_levels(index.index_table(CORRECTED_SCORES, INDICATORS, "in_thesis_index"))
ERRATA = pd.DataFrame(
    {
        "table": [10, 7],
        "region_id": ["KZ-10", None],
        "indicator": ["B1", "B19"],
        "published": [1.16, -0.15],
        "recomputed_as_printed": [9.0, -0.16],
    }
)
RISK = pd.DataFrame(
    {
        "region_id": ["KZ-10", "KZ-10", "KZ-10", "KZ-11"],
        "indicator": ["B1", "B3", "B22", "B1"],
        "pillar": ["social", "social", "economic", "social"],
        "risk": ["high", "medium", "high", "low"],
    }
)


def year_data():
    return profiles.YearData(
        run=run_2023(),
        clean=CLEAN,
        scores={"thesis": WIDE_SCORES, "corrected": CORRECTED_SCORES},
        indices={"thesis": INDICES.set_index("region_id"), "corrected": CORRECTED.set_index("region_id")},
        intervals={},
        risk=RISK,
        errata=ERRATA,
    )


def test_the_strongest_and_weakest_are_the_region_s_highest_and_lowest_scores_in_the_index():
    included = list(INDICATORS.loc[INDICATORS.in_thesis_index, "code"])
    abai = WIDE_SCORES.loc["KZ-10", included]
    ranked = sorted(included, key=lambda c: (-abai[c], c))
    strongest, weakest = profiles.extremes(year_data(), "KZ-10", "kk")
    assert [row[0] for row in strongest] == ranked[:5] and [row[0] for row in weakest] == ranked[::-1][:5]
    # the value and the national value are the raw table's (decimal comma in Kazakh)
    raw = {}
    for pillar in ("social", "economic", "ecological"):
        table = pd.read_csv(RAW / "2023" / f"{pillar}.csv", dtype=str)
        raw.update({c: table.set_index(table.columns[0])[c] for c in table.columns[1:]})
    code, _, _, value, national, _, _ = strongest[0]
    abai_row = next(name for name in raw[code].index if "Абай" in name)
    national_row = "ҚР"  # the national row, as the raw table names it

    def read(printed):  # a Kazakh number back to a float
        return float(printed.replace(",", "."))

    assert read(value) == float(raw[code][abai_row]) and read(national) == float(raw[code][national_row])
    assert "," in value or "." not in raw[code][abai_row].rstrip("0")  # a decimal comma where there are decimals


def test_indices_risks_and_corrections_of_one_region():
    data = year_data()
    rows = profiles.indices_rows(data, "KZ-10", "en")
    thesis_isdr = rows[-1][1][0]
    assert thesis_isdr[1] == str(int(INDICES.set_index("region_id").loc["KZ-10", "rank_isdr"]))
    assert thesis_isdr[2:] == ("–", "–")  # no audit here: no median rank, no interval
    counts, high = profiles.risk_summary(data, "KZ-10", "en")
    assert counts[0][1:] == (1, 1, 0) and counts[1][1:] == (1, 0, 0)
    assert [h.split()[0] for h in high] == ["B1", "B22"]
    assert profiles.corrections(data, "KZ-10") == [(10, "B1", 1.16, 9.0)]
    assert profiles.corrections(data, "KZ-11") == []


def test_a_page_per_region_and_language_and_a_document_per_language(tmp_path):
    data = year_data()
    pages = profiles.write_profile_pages(data, tmp_path, lambda title, body, language: f"<h1>{title}</h1>{body}")
    assert len(pages) == 20 * 2
    page = (tmp_path / pages[("KZ-10", "kk")]).read_text(encoding="utf-8")
    assert "<h1>Абай</h1>" in page and page.count("<rect ") == WIDE_SCORES.loc["KZ-10"].notna().sum()
    document = profiles.write_profile_document(data, tmp_path / "profiles.docx", "en")
    headings = [p.text for p in Document(document).paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 20 and headings[0] == "Abai"


def audited(data):
    """`data` with the audit's tables of both methods, written by hand: on every pillar and on ISDR, a region's
    median rank is its rank, its interval from one place better (but not above 1) to two places worse (but not
    below 20); the corrected method's ISDR interval of Abai is missing (a region the audit never ranked)."""
    intervals, pillar_intervals = {}, {}
    for method in profiles.METHODS:
        indices = data.indices[method]
        frames = []
        for column in ("social", "economic", "ecological", "isdr"):
            rank = indices[f"rank_{column}"]
            frames.append(
                pd.DataFrame(
                    {
                        "pillar": column,
                        "region_id": indices.index,
                        "median_rank": rank.to_numpy(),
                        "q05_rank": (rank - 1).clip(lower=1).to_numpy(),
                        "q95_rank": (rank + 2).clip(upper=20).to_numpy(),
                    }
                )
            )
        table = pd.concat(frames)
        pillar_intervals[method] = table[table.pillar != "isdr"].set_index(["pillar", "region_id"])
        intervals[method] = table[table.pillar == "isdr"].drop(columns="pillar").set_index("region_id")
    intervals["corrected"].loc["KZ-10", ["median_rank", "q05_rank", "q95_rank"]] = None
    return dataclasses.replace(data, intervals=intervals, pillar_intervals=pillar_intervals)


def test_each_pillar_and_isdr_shows_its_median_rank_and_interval_under_both_methods():
    data = audited(year_data())
    thesis = INDICES.set_index("region_id").loc["KZ-11"]
    rows = profiles.indices_rows(data, "KZ-11", "en")
    assert [label for label, _ in rows] == [
        "Social sustainability",
        "Economic sustainability",
        "Ecological sustainability",
        "Integral index ISDR",
    ]
    for (_, cells), column in zip(rows, ("social", "economic", "ecological", "isdr")):
        rank = int(thesis[f"rank_{column}"])
        assert cells[0][1:] == (str(rank), str(rank), f"{max(rank - 1, 1)}–{min(rank + 2, 20)}")
    abai = profiles.indices_rows(data, "KZ-10", "kk")
    assert abai[-1][1][1][2:] == ("–", "–") and abai[0][1][1][3] != "–"  # corrected ISDR never ranked


def test_every_profile_page_and_document_shows_three_pillar_intervals_per_method(tmp_path):
    data = audited(year_data())
    pages = profiles.write_profile_pages(data, tmp_path, lambda title, body, language: body)
    interval = re.compile(r'<td class="num">(\d+)–(\d+)</td></tr>')
    for (region_id, _), name in pages.items():
        page = (tmp_path / name).read_text(encoding="utf-8")
        tables = re.findall(r'<table class="data indices">(.*?)</table>', page)
        assert len(tables) == 2  # thesis, corrected
        for method, table in zip(profiles.METHODS, tables):
            rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
            assert len(rows) == 4
            for row, pillar in zip(rows, ("social", "economic", "ecological")):
                rank = int(data.indices[method].loc[region_id, f"rank_{pillar}"])
                assert interval.search(row + "</tr>").groups() == (str(max(rank - 1, 1)), str(min(rank + 2, 20)))
    document = Document(profiles.write_profile_document(data, tmp_path / "profiles_kk.docx", "kk"))
    assert len(document.tables) == 20 * (2 + 2 + 1)  # per region: two methods' indices, strongest, weakest, risks
    first = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert first[0] == ["Индекс", "Мәні", "Орны", "Орынның медианасы", "Орны, 5–95 %"]
    # every table fills the text's width, no more: an A4 page (21 cm) less two margins
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert round(section.page_width.cm, 1) == 21.0
    assert all(abs(sum(c.width for c in table.columns) - text_width) < 0.01 * text_width for table in document.tables)
    social = int(INDICES.set_index("region_id").loc["KZ-10", "rank_social"])  # Abai, the document's first region
    assert first[1][0] == "Әлеуметтік тұрақтылық" and first[1][4] == f"{max(social - 1, 1)}–{min(social + 2, 20)}"
