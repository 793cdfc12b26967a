"""A region's profile: its indices and ranks under both methods, its strongest and weakest indicators with the
values a reader checks against the raw tables, its risks, its corrections; a page per region and language,
and a Word document."""

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
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


@dataclasses.dataclass(frozen=True)
class Written:
    data: profiles.YearData
    folder: Path
    pages: dict  # {(region_id, language): file name}
    documents: dict  # {language: path}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The audited year's profile pages (each the title and the body) and its Word document in each language, written
    once for the tests below."""
    data, folder = audited(year_data()), tmp_path_factory.mktemp("profiles")
    pages = profiles.write_profile_pages(data, folder, lambda title, body, language: f"<h1>{title}</h1>{body}")
    documents = {
        language: profiles.write_profile_document(data, folder / f"profiles_{language}.docx", language)
        for language in ("kk", "en")
    }
    return Written(data, folder, pages, documents)


def test_a_page_per_region_and_language_and_a_document_per_language(written):
    assert len(written.pages) == 20 * 2
    page = (written.folder / written.pages[("KZ-10", "kk")]).read_text(encoding="utf-8")
    assert "<h1>Абай</h1>" in page and page.count("<rect ") == WIDE_SCORES.loc["KZ-10"].notna().sum()
    headings = [p.text for p in Document(written.documents["en"]).paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 20 and headings[0] == "Abai"


def test_every_profile_page_and_document_shows_three_pillar_intervals_per_method(written):
    data = written.data
    interval = re.compile(r'<td class="num">(\d+)–(\d+)</td></tr>')
    for (region_id, _), name in written.pages.items():
        page = (written.folder / name).read_text(encoding="utf-8")
        tables = re.findall(r'<table class="data indices">(.*?)</table>', page)
        assert len(tables) == 2  # thesis, corrected
        for method, table in zip(profiles.METHODS, tables):
            rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
            assert len(rows) == 4
            for row, pillar in zip(rows, ("social", "economic", "ecological")):
                rank = int(data.indices[method].loc[region_id, f"rank_{pillar}"])
                assert interval.search(row + "</tr>").groups() == (str(max(rank - 1, 1)), str(min(rank + 2, 20)))
    document = Document(written.documents["kk"])
    assert len(document.tables) == 20 * 3  # per region: the indices of both methods, strongest and weakest, risks
    first = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    # two heading rows: the methods over four columns each, then the columns' names under each method
    assert first[0][1:] == ["Диссертация әдісі"] * 4 + ["Түзетілген әдіс"] * 4
    assert first[1] == ["Индекс"] + ["Мәні", "Орны", "Орынның медианасы", "Орны, 5–95 %"] * 2
    social = int(INDICES.set_index("region_id").loc["KZ-10", "rank_social"])  # Abai, the document's first region
    corrected = int(CORRECTED.set_index("region_id").loc["KZ-10", "rank_social"])
    assert first[2][0] == "Әлеуметтік тұрақтылық" and first[2][4] == f"{max(social - 1, 1)}–{min(social + 2, 20)}"
    assert first[2][8] == f"{max(corrected - 1, 1)}–{min(corrected + 2, 20)}"


# --- the Word document: a region a page (issue 18, item 2) ------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH_TWIPS = 16 * 1440 / 2.54  # the 16 cm text width of an A4 page with margins of 3 and 2 cm


def document_xml(path):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")), archive.namelist()


def sizes(element):
    """The sizes (pt) of the runs under `element` that set one."""
    return [int(sz.get(f"{W}val")) / 2 for sz in element.iter(f"{W}sz")]


def test_the_word_document_starts_a_page_for_each_region_fits_the_text_width_and_keeps_its_sizes(written):
    data = written.data
    for language in ("kk", "en"):
        root, names = document_xml(written.documents[language])
        body = root.find(f"{W}body")
        headings = [
            p
            for p in body.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"
        ]
        texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in headings]
        assert texts == [data.run.region_names[language][r] for r in data.indices["thesis"].index]
        # a page break before every region but the first (whose page is the document's first)
        breaks = [p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in headings]
        assert breaks == [False] + [True] * 19
        section = body.find(f"{W}sectPr")
        margins = section.find(f"{W}pgMar")
        width = int(section.find(f"{W}pgSz").get(f"{W}w"))
        assert width - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right")) == round(TEXT_WIDTH_TWIPS)
        tables = list(body.iter(f"{W}tbl"))
        assert len(tables) == 20 * 3
        for table in tables:
            grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
            assert sum(grid) <= TEXT_WIDTH_TWIPS and int(table.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == sum(grid)
            for row in table.iter(f"{W}tr"):
                assert row.find(f"{W}trPr/{W}cantSplit") is not None  # no row split across pages
                header = row.find(f"{W}trPr/{W}tblHeader") is not None
                assert min(sizes(row)) >= (8 if header else 9)  # headings 8 pt at least, cells (numbers) 9 pt
        outside = [p for p in body.iter(f"{W}p") if not any(a.tag == f"{W}tbl" for a in p.iterancestors())]
        assert min(s for p in outside for s in sizes(p)) >= 9  # notes, the corrections: 9 pt at least
        assert sum(n.startswith("word/media/") for n in names) == 20  # a chart per region
        assert len(list(body.iter(f"{W}drawing"))) == 20


def test_the_kazakh_profile_gives_units_in_kazakh_from_indicators_csv():
    """The unit of the strongest and weakest indicators: indicators.csv's unit_kk in Kazakh, its unit in English,
    read here from the CSV's text."""
    import csv

    units = {
        r["code"]: (r["unit"], r["unit_kk"]) for r in csv.DictReader((RAW / "indicators.csv").open(encoding="utf-8"))
    }
    assert units["B11"] == ("per 100,000 live births", "100 000 тірі туылғандарға шаққанда")
    assert units["B24"] == ("% of previous year", "өткен жылға қарағанда %")
    data = year_data()
    for language, k in (("en", 0), ("kk", 1)):
        strongest, weakest = profiles.extremes(data, "KZ-10", language)
        assert [row[6] for row in strongest + weakest] == [units[row[0]][k] for row in strongest + weakest]


def test_the_kazakh_corrections_come_from_errata_kk_with_kazakh_words_and_decimal_commas():
    errata_kk = pd.DataFrame(
        {
            "кесте": ["10", "14", "20"],
            "аймақ_коды": ["KZ-10", "KZ-10", "KZ-10"],
            "көрсеткіш_коды": ["B1", "economic", "column 10"],
            "көрсеткіш": ["B1 «…»", "Экономикалық тұрақтылық деңгейі", "10-баған, тақырыбы «…»"],
            "басылған": ["1,16", "орташа", "1,30"],
            "басылатын_мән": ["9,00", "төмен", None],
        }
    )
    data = dataclasses.replace(year_data(), errata_kk=errata_kk)
    assert profiles.correction_items(data, "KZ-10", "kk") == {
        10: ["B1: 1,16 → 9,00"],
        14: ["Экономикалық тұрақтылық деңгейі: орташа → төмен"],
        20: ["10-баған: 1,30 → ұяшықты бос қалдыру"],
    }
    assert profiles.correction_items(data, "KZ-10", "en") == {10: ["B1: 1.16 → 9"]}  # numbers as the page prints them
    assert profiles.corrections(data, "KZ-10", "kk")[1] == (14, "Экономикалық тұрақтылық деңгейі", "орташа", "төмен")


@pytest.mark.slow
@pytest.mark.end_to_end
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_each_region_s_profile_is_one_page_of_the_rendered_document(built, tmp_path):
    """Both documents of the 2023 build, rendered by LibreOffice: 20 pages, each beginning with its region's name
    (a region whose profile ran over would start a page with the rest of its last part)."""
    folder = built.folder / "reports/2023/html/files/profiles"
    documents = [folder / f"profiles_2023_{language}.docx" for language in ("en", "kk")]
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    run = run_2023()
    for language in ("en", "kk"):
        pdf = tmp_path / f"profiles_2023_{language}.pdf"
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        firsts = [page.strip().splitlines()[0].strip() for page in pages.stdout.split("\f") if page.strip()]
        names = [run.region_names[language][r] for r in run.regions["region_id"] if r != "KZ"]
        assert firsts == names
