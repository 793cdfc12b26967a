"""make import-sdg (sdi.inputs.sdg_import): a year's raw files filled from the SDG platform, never overwriting, with
the source of each column in PROVENANCE.md, and one line and nothing written on bad platform data.

Every test works in tmp_path (a project of data/raw's tables, a copy of the platform's files); data/raw/2023 is never
written. Expected values are read from the CSV text by hand."""

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import RAW, ROOT, copy_project, make

from sdi.inputs import sdg_import, templates

PLATFORM = ROOT / "data" / "external" / "opensdg"


@pytest.fixture
def project(tmp_path):
    """A project with data/raw's tables (no year) and the platform's files, working folder set to it."""
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    for path in RAW.glob("*.csv"):
        shutil.copy(path, root / "data" / "raw" / path.name)
    shutil.copytree(PLATFORM, root / "data" / "external" / "opensdg")
    return root


def cells(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {r["region"]: r for r in csv.DictReader(f)}


def by_region(path):
    """{(region_id, indicator): cell} of a raw file, its names matched through regions.csv's names and aliases."""
    alias = {}
    with open(RAW / "regions.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            for name in [r["region_id"], r["name_kk"], r["name_en"], *r["aliases"].split("|")]:
                alias[" ".join(name.split()).casefold()] = r["region_id"]
    return {
        (alias[" ".join(row["region"].split()).casefold()], code): text
        for row in cells(path).values()
        for code, text in row.items()
        if code != "region"
    }


def platform_value(file, year, ref_area, **wanted):
    with open(PLATFORM / "data" / file, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Year"] == str(year) and r.get("REF_AREA") == ref_area]
    others = ("SEX", "URBANISATION", "AGE", "SERIES", "ACTIVITY")
    (value,) = {
        r["Value"].strip()
        for r in rows
        if all((r.get(k) or "") == wanted.get(k, "") for k in others if k in r)
        and r.get("UNIT_MEASURE", "") == wanted.get("UNIT_MEASURE", r.get("UNIT_MEASURE", ""))
    }
    return value


def platform_row(file, year, ref_area):
    """The row (the header is row 1) of the platform file's one row of `ref_area` in `year` (the regional total)."""
    lines = (PLATFORM / "data" / file).read_text(encoding="utf-8-sig").splitlines()
    (row,) = [n for n, line in enumerate(lines, start=1) if line.startswith(f"{year},") and f",{ref_area}," in line]
    return row


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_an_empty_year_is_filled_where_the_platform_publishes(project):
    report = sdg_import.import_year(project, 2023)
    social = cells(project / "data/raw/2023/social.csv")
    economic = cells(project / "data/raw/2023/economic.csv")
    # by hand from the platform's text: unemployment in Karaganda, the poverty rate in Zhambyl, R&D in Akmola
    assert economic["Қарағанды облысы"]["B25"] == platform_value("indicator_8-5-2.csv", 2023, "KZKAR")
    assert social["Жамбыл облысы"]["B3"] == platform_value("indicator_1-2-1.csv", 2023, "KZZHA")
    assert economic["Ақмола облысы"]["B34"] == "0.08"
    # whole numbers written '2016.0' by the platform go in as whole numbers (the mapping's decimals 0)
    assert economic["Атырау облысы"]["B29"] == "3118"
    # not published: left empty; not a same-measure series (B38, B4): never imported; the national row: untouched
    assert social["Абай облысы"]["B11"] == ""
    assert economic["Ақмола облысы"]["B38"] == "" and social["Ақмола облысы"]["B4"] == ""
    assert set(social["Қазақстан Республикасы"].values()) == {"Қазақстан Республикасы", ""}
    # the known defects (data/raw/sdg_defects.csv) are left out: North Kazakhstan's B20, Ulytau's B46
    assert social["Солтүстік Қазақстан облысы"]["B20"] == ""
    assert cells(project / "data/raw/2023/ecological.csv")["Ұлытау облысы"]["B46"] == ""
    assert report.filled["B25"] == 20 and report.filled["B11"] == 17
    provenance = (project / "data/raw/2023/PROVENANCE.md").read_text(encoding="utf-8")
    assert "| B25 | indicator_8-5-2.csv | UNIT_MEASURE=PT |" in provenance
    # relative sources only: no absolute path to the copy or to the project it was made from
    assert "B38" not in provenance and str(project) not in provenance and str(ROOT) not in provenance


def test_the_import_reproduces_the_raw_values_the_audit_calls_equal(project):
    """Wherever the input audit calls a 2023 value equal, the imported value is the raw one within the printed
    rounding (half a unit of the coarser print), the two files read by hand."""
    from conftest import run_2023

    from sdi.reproduction import input_audit

    sdg_import.import_year(project, 2023)
    values, _ = input_audit.compare_year(run_2023())
    equal = values[values["status"] == "equal"]
    assert len(equal) == 240
    raw, new = {}, {}
    for pillar in ("social", "economic", "ecological"):
        raw.update(by_region(RAW / "2023" / f"{pillar}.csv"))
        new.update(by_region(project / f"data/raw/2023/{pillar}.csv"))
    for r in equal.itertuples():
        imported, original = new[(r.region_id, r.indicator)], raw[(r.region_id, r.indicator)]
        places = min(len(x.partition(".")[2]) for x in (imported, original))
        assert abs(Decimal(imported) - Decimal(original)) <= Decimal(5).scaleb(-(places + 1)), r


def test_filled_cells_are_kept_and_the_differences_reported(project):
    shutil.copytree(RAW / "2023", project / "data/raw/2023")
    before = (project / "data/raw/2023/social.csv").read_bytes()
    report = sdg_import.import_year(project, 2023)
    assert (project / "data/raw/2023/social.csv").read_bytes() == before  # every cell of social.csv was filled
    zhambyl = [line for line in report.kept if "column B3:" in line and "the file has 7.00, the platform 5.2" in line]
    assert len(zhambyl) == 1 and zhambyl[0].startswith(str(project / "data/raw/2023/social.csv") + ", row ")
    assert len([line for line in report.kept if "column B3:" in line]) == 18
    ecological = cells(project / "data/raw/2023/ecological.csv")
    assert ecological["Астана қаласы"]["B46"] == "0.0"  # blank in Table 9, 0.0 on the platform: filled
    assert ecological["Батыс Қазақстан"]["B46"] == ""  # blank, and not published
    provenance = (project / "data/raw/2023/PROVENANCE.md").read_text(encoding="utf-8")
    assert provenance.startswith((RAW / "2023/PROVENANCE.md").read_text(encoding="utf-8").rstrip("\n"))
    assert "| B46 | indicator_7-2-1.csv |" in provenance and "| B25 |" not in provenance  # only what was filled
    sdg_import.import_year(project, 2023)  # again: nothing to fill, the section is not repeated
    assert (project / "data/raw/2023/PROVENANCE.md").read_text(encoding="utf-8").count(sdg_import.BEGIN) == 1


BAD = [
    ("a region twice", "2023,PT,KZAKM,,,,9.9", "value 'KZAKM': year 2023: KZ-11 is published twice"),
    ("an unknown code", "2023,PT,KZQQQ,,,,4.0", "value 'KZQQQ': year 2023: unknown region code"),
    ("not a number", "2023,PT,KZATY,,,,four", "value 'KZATY': year 2023: the value 'four' of KZ-23 is not a number"),
]


def plant(project, row=None, header=None):
    path = project / "data/external/opensdg/data/indicator_8-5-2.csv"
    text = path.read_text(encoding="utf-8-sig")
    if header:
        text = text.replace("Year,UNIT_MEASURE,REF_AREA,", header, 1)
    if row:
        text = text.rstrip("\r\n") + "\r\n" + row + "\r\n"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case, row, message", BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("year_exists", [False, True], ids=["empty year", "filled year"])
def test_bad_platform_data_one_line_and_nothing_written(project, capsys, monkeypatch, case, row, message, year_exists):
    path = plant(project, row=row)
    if year_exists:
        shutil.copytree(RAW / "2023", project / "data/raw/2023")
    before = snapshot(project / "data/raw")
    monkeypatch.chdir(project)
    assert sdg_import.main(["2023"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: data/external/opensdg/data/indicator_8-5-2.csv, row ")
    assert message in err and "Traceback" not in err
    assert snapshot(project / "data/raw") == before
    assert path.is_file()


def test_a_file_without_the_expected_columns(project, capsys, monkeypatch):
    plant(project, header="Year,UNIT_MEASURE,AREA,")
    before = snapshot(project / "data/raw")
    monkeypatch.chdir(project)
    assert sdg_import.main(["2023"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "error: data/external/opensdg/data/indicator_8-5-2.csv, row 1: has no column REF_AREA (expected Year, "
        "REF_AREA, Value, UNIT_MEASURE): is it the platform's file of B25? check data/raw/sdg_series.csv\n"
    )
    assert snapshot(project / "data/raw") == before


def test_a_newer_download_elsewhere(project, tmp_path, capsys, monkeypatch):
    """SDG_DATA: another folder in the same layout; here a copy whose Karaganda unemployment for 2024 is planted."""
    newer = tmp_path / "newer"
    shutil.copytree(PLATFORM, newer)
    path = newer / "data/indicator_8-5-2.csv"
    path.write_text(path.read_text(encoding="utf-8-sig") + "2024,PT,KZKAR,,,,3.9\r\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert sdg_import.main(["2024", "--from", str(newer)]) == 0
    out = capsys.readouterr().out
    assert "B25: 1 cell(s) filled" in out and "B3: the platform publishes no regional value for this year" in out
    assert cells(project / "data/raw/2024/economic.csv")["Қарағанды облысы"]["B25"] == "3.9"
    assert str(newer) in (project / "data/raw/2024/PROVENANCE.md").read_text(encoding="utf-8")


def test_the_checklist_names_what_the_import_fills(project):
    templates.write_templates(project, 2030)
    readme = (project / "data/raw/2030/README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if "make import-sdg YEAR=2030" in line)
    with open(RAW / "sdg_series.csv", encoding="utf-8", newline="") as f:
        same = [r["indicator"] for r in csv.DictReader(f) if r["relation"] == "same"]
    assert f"fills {len(same)} indicators ({', '.join(same)})" in line


@pytest.mark.end_to_end
def test_make_import_sdg(tmp_path):
    folder = copy_project(tmp_path / "project")
    shutil.rmtree(folder / "data/raw/2023")
    result = make(folder, "import-sdg", "YEAR=2023")
    assert "B25: 20 cell(s) filled" in result.stdout
    assert cells(folder / "data/raw/2023/economic.csv")["Қарағанды облысы"]["B25"] == "4.1"
    bad = make(folder, "import-sdg", "YEAR=2023", "SDG_DATA=nowhere", check=False)
    assert bad.returncode != 0 and "error: nowhere/data/indicator_1-2-1.csv: not found" in bad.stderr
    before = snapshot(folder / "data/raw")
    unnamed = make(folder, "import-sdg", check=False)  # never into every year at once
    assert unnamed.returncode != 0 and "usage: make import-sdg YEAR=<year>" in unnamed.stderr
    assert snapshot(folder / "data/raw") == before


def test_2021_is_imported_onto_its_17_units(project):
    """The platform gives B34 and B37 of 2021 on the 2022 map (rows of Abai, Zhetisu, Ulytau): those rows are not
    imported, and neither are East Kazakhstan's, Almaty Region's and Karaganda's (their rows there are for the smaller
    territories); B20's swapped Pavlodar and South Kazakhstan rows (sdg_defects.csv) are left out."""
    report = sdg_import.import_year(project, 2021)
    social = cells(project / "data/raw/2021/social.csv")
    economic = cells(project / "data/raw/2021/economic.csv")
    assert len(social) == 18  # 17 units and the national row
    assert "Абай облысы" not in social and "Шығыс Қазақстан облысы" in social
    # a unit the change did not touch: the platform's value, read by hand
    assert economic["Ақмола облысы"]["B34"] == platform_value("indicator_9-5-1.csv", 2021, "KZAKM", UNIT_MEASURE="PT")
    # a unit whose territory the later map cuts: its row there is not this unit's, so nothing is imported
    for name in ("Шығыс Қазақстан облысы", "Алматы облысы", "Қарағанды облысы"):
        assert economic[name]["B34"] == "" and economic[name]["B37"] == ""
        assert economic[name]["B25"] == platform_value(
            "indicator_8-5-2.csv",
            2021,
            {"Шығыс Қазақстан облысы": "KZVOS", "Алматы облысы": "KZALM", "Қарағанды облысы": "KZKAR"}[name],
            UNIT_MEASURE="PT",
        )
    assert social["Павлодар облысы"]["B20"] == "" and social["Солтүстік Қазақстан облысы"]["B20"] == ""
    assert report.filled["B34"] == 14 and report.filled["B25"] == 17
    lines = report.lines(17)
    assert (
        "not imported (another map of regions): B34: indicator_9-5-1.csv gives 2021 on a later map of regions: "
        f"Abai Region (row {platform_row('indicator_9-5-1.csv', 2021, 'KZABY')}), "
        f"Zhetisu Region (row {platform_row('indicator_9-5-1.csv', 2021, 'KZZHS')}), "
        f"Ulytau Region (row {platform_row('indicator_9-5-1.csv', 2021, 'KZULU')}) not imported" in lines
    )
    assert (
        "not imported (another map of regions): B34: East Kazakhstan Region (KZ-63) not imported, its row there is "
        "for its territory without Abai Region (left for a person)" in lines
    )
    assert "B20: not published for KZ-55, KZ-59 (left for a person)" in lines
    provenance = (project / "data/raw/2021/PROVENANCE.md").read_text(encoding="utf-8")
    assert "- B37: Karaganda Region (KZ-35) not imported" in provenance


def test_2017_is_imported_onto_its_16_units(project):
    """South Kazakhstan (KZONT on the platform) gets its own rows; the platform's Turkistan and Shymkent rows of 2017
    (recomputed on the 2018 map) are not imported, and B16, published for 2017 on the 2018 map only, is left
    empty for South Kazakhstan."""
    report = sdg_import.import_year(project, 2017)
    social = cells(project / "data/raw/2017/social.csv")
    assert len(social) == 17 and "Шымкент қаласы" not in social and "Түркістан облысы" not in social
    south = social["Оңтүстік Қазақстан облысы"]
    assert south["B3"] == platform_value("indicator_1-2-1.csv", 2017, "KZONT", UNIT_MEASURE="PT")
    assert south["B3"] != platform_value("indicator_1-2-1.csv", 2017, "KZYUZ", UNIT_MEASURE="PT")  # not Turkistan's
    assert south["B16"] == "" and social["Ақмола облысы"]["B16"] != ""
    lines = report.lines(16)
    assert (
        "not imported (another map of regions): B16: indicator_4-4-1-1.csv gives 2017 on a later map of regions: "
        f"Turkistan Region (row {platform_row('indicator_4-4-1-1.csv', 2017, 'KZYUZ')}), "
        f"Shymkent (row {platform_row('indicator_4-4-1-1.csv', 2017, 'KZSHY')}) not imported" in lines
    )
    assert "B16: not published for KZ-YUZ (left for a person)" in lines


def test_a_raw_file_of_another_map_stops_the_import(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    templates.write_templates(project, 2021)
    path = project / "data/raw/2021/social.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Шығыс Қазақстан облысы", "Абай облысы"), "utf-8")
    before = snapshot(project / "data/raw")
    assert sdg_import.main(["2021"]) == 1
    assert capsys.readouterr().err.startswith(
        # row 16: the header, the national row, then Akmola ... North Kazakhstan, Turkistan, East Kazakhstan
        "error: data/raw/2021/social.csv, row 16, column region, value 'Абай облысы': Abai Region was not a unit "
        "of its own in 2021: its territory was part of East Kazakhstan Region (KZ-63)"
    )
    assert snapshot(project / "data/raw") == before
