"""sdi.inputs.opensdg: the SDG platform's series as the mapping selects them, and what is wrong in a platform file.

Expected values are read from the platform's CSV text by hand (csv module), never from the reader's output."""

import csv
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import RAW, ROOT

from sdi.errors import InputError
from sdi.inputs import metadata, opensdg

PLATFORM = ROOT / "data" / "external" / "opensdg"
REGIONS = metadata.load_regions(RAW / "regions.csv")
INDICATORS = metadata.load_indicators(RAW / "indicators.csv")
SPECS = opensdg.load_series_map(RAW / "sdg_series.csv", INDICATORS)
CODES = opensdg.load_codes(RAW)
BY_CODE = {s.indicator: s for s in SPECS}


def platform_rows(name):
    with open(PLATFORM / "data" / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def by_hand(name, year, ref_area, **wanted):
    """The values of `name`'s rows for year and region whose named columns have the wanted values and whose other
    disaggregation columns are empty."""
    out = []
    for row in platform_rows(name):
        if row["Year"] != str(year) or row.get("REF_AREA", "").strip() != ref_area:
            continue
        others = {k: (v or "").strip() for k, v in row.items() if k not in ("Year", "REF_AREA", "Value", "", None)}
        if all(others[k] == wanted.get(k, "") for k in others):
            out.append(row["Value"].strip())
    return out


@pytest.mark.parametrize(
    "code, ref_area, region_id, wanted",
    [
        ("B25", "KZKAR", "KZ-35", {"UNIT_MEASURE": "PT"}),
        ("B3", "KZZHA", "KZ-31", {"UNIT_MEASURE": "PT"}),
        ("B37", "KZZHS", "KZ-33", {"UNIT_MEASURE": "M_T"}),
        ("B46", "KZAKM", "KZ-11", {"UNIT_MEASURE": "PT", "ACTIVITY": "_L_ACT_ILWPP"}),
        ("B10", "KZAKT", "KZ-15", {"UNIT_MEASURE": "PER_1000_LIVE_BIRTHS", "SEX": "_T"}),
        ("B11", "KZNS", "KZ-71", {}),
    ],
)
def test_a_value_is_the_platform_row_read_by_hand(code, ref_area, region_id, wanted):
    spec = BY_CODE[code]
    series = opensdg.read_series(PLATFORM, spec, CODES)
    year = 2019 if code == "B10" else 2023  # B10's regional rows end in 2019
    (expected,) = by_hand(spec.file, year, ref_area, **wanted)
    assert series.values[(year, region_id)].text == expected
    assert series.values[(year, region_id)].number == Decimal(expected)


def test_the_2023_values_by_hand():
    """Three cells read off the file's text: unemployment in Karaganda 4.1, the poverty rate in Zhambyl 5.2, the
    freight of Zhetisu 11.8 (million tonnes)."""
    assert by_hand("indicator_8-5-2.csv", 2023, "KZKAR", UNIT_MEASURE="PT") == ["4.1"]
    assert by_hand("indicator_1-2-1.csv", 2023, "KZZHA", UNIT_MEASURE="PT") == ["5.2"]
    assert by_hand("indicator_9-1-2.csv", 2023, "KZZHS", UNIT_MEASURE="M_T") == ["11.8"]


def test_every_sdg_coded_indicator_has_a_row_and_its_file_is_its_code():
    coded = {c for c, s in zip(INDICATORS.code, INDICATORS.sdg) if re.search(r":\s*[0-9]", s)}
    assert coded == set(BY_CODE)
    for spec in SPECS:
        sdg = INDICATORS.set_index("code").at[spec.indicator, "sdg"]
        if spec.file:
            code = spec.file.removeprefix("indicator_").removesuffix(".csv").replace("-", ".")
            assert re.search(rf"\b{re.escape(code)}\b", sdg), (spec.indicator, spec.file, sdg)
            assert (PLATFORM / "data" / spec.file).is_file()
            assert spec.relation in ("same", "related")
        else:
            assert spec.relation == "none" and spec.note


def test_only_the_mapped_files_are_copied():
    copied = {p.name for p in (PLATFORM / "data").iterdir()}
    assert copied == {s.file for s in SPECS if s.file}
    assert {p.stem for p in (PLATFORM / "meta").iterdir()} == {n.removeprefix("indicator_")[:-4] for n in copied}


def test_declared_decimals_hold_for_every_value_of_the_series():
    """A series declared with 0 decimals writes every value as a whole number ('2016.0'), in every year."""
    for spec in SPECS:
        if spec.decimals is None:
            continue
        series = opensdg.read_series(PLATFORM, spec, CODES)
        assert series.values
        for value in series.values.values():
            assert Decimal(value.text) == Decimal(value.text).quantize(Decimal(1).scaleb(-spec.decimals)), value


def test_the_region_codes_are_the_platforms_names():
    names = {}
    for line in (PLATFORM / "translations" / "en" / "REF_AREA.yml").read_text(encoding="utf-8-sig").splitlines():
        key, _, name = line.partition(":")
        if key.strip() != "REF_AREA":
            names[key.strip()] = name.strip()
    with open(RAW / "sdg_regions.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert {r["ref_area"]: r["name_en"] for r in table} == names
    assert {CODES[c].region_id for c in ("KZAKM", "KZNS", "KZALA", "KZYUZ", "KZABY", "KZULU")} == {
        "KZ-11",
        "KZ-71",
        "KZ-75",
        "KZ-61",
        "KZ-10",
        "KZ-62",
    }


def test_the_known_defects_of_the_copy_are_found():
    """indicator_7-2-1.csv gives Ulytau two 2023 values (rows read by hand); indicator_5-5-2.csv a 2023 row to South
    Kazakhstan, which ceased to exist in 2018."""
    twice = by_hand("indicator_7-2-1.csv", 2023, "KZULU", UNIT_MEASURE="PT", ACTIVITY="_L_ACT_ILWPP")
    assert sorted(twice) == ["1.3", "1.7"]
    series = opensdg.read_series(PLATFORM, BY_CODE["B46"], CODES)
    assert sorted(v.text for v in series.twice[(2023, "KZ-62")]) == ["1.3", "1.7"]
    assert (2023, "KZ-62") not in series.values
    ont = by_hand("indicator_5-5-2.csv", 2023, "KZONT", UNIT_MEASURE="PT")
    assert ont and set(ont) == {"39.8"}
    b20 = opensdg.read_series(PLATFORM, BY_CODE["B20"], CODES)
    assert {p.ref_area for p in b20.problems_in(2023)} == {"KZONT"}
    assert (2023, "KZ-59") not in b20.values  # North Kazakhstan: no row of its own in 2023


def test_nothing_reads_the_shared_snapshot():
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb"), ROOT / "Makefile"]:
        text = path.read_text(encoding="utf-8")
        # neither the snapshot's folder beside the project nor any absolute path to the project's parent
        assert "shared/opensdg" not in text and str(ROOT.parent) not in text, path


# --- bad platform data: a planted file ----------------------------------------------------------------------------

SPEC = opensdg.SeriesSpec("B25", "indicator_8-5-2.csv", {"UNIT_MEASURE": "PT"}, Decimal(1), None, "same", "")


def planted(tmp_path, rows, header="Year,UNIT_MEASURE,REF_AREA,SEX,Value"):
    folder = tmp_path / "platform"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / SPEC.file).write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_a_clean_planted_file(tmp_path):
    folder = planted(
        tmp_path,
        ["2023,PT,,,4.7", "2023,PT,KZAKM,,4.8", "2023,PT,KZAKM,M,4.5", "2023,PT,KZKRG,,3.3", "2023,PT,KZAKM,,4.8"],
    )
    series = opensdg.read_series(folder, SPEC, CODES)
    assert {k: v.text for k, v in series.values.items()} == {(2023, "KZ-11"): "4.8"}  # not the men's, nor a town
    assert series.repeated == 1 and not series.problems


@pytest.mark.parametrize(
    "row, message",
    [
        ("2023,PT,KZAKM,,5.1", "KZ-11 is published twice (rows 2 and 3: 4.8 and 5.1)"),
        ("2023,PT,KZXYZ,,5.1", "unknown region code"),
        ("2023,PT,KZATY,,n/a", "the value 'n/a' of KZ-23 is not a number"),
        ("2023,PT,KZONT,,5.1", "KZONT (former region) is not a region in 2023"),
        ("2023,PT,KZATY,", "the row has 4 cells but the header has 5"),
    ],
)
def test_bad_platform_data_is_a_problem_naming_file_year_and_region(tmp_path, row, message):
    folder = planted(tmp_path, ["2023,PT,KZAKM,,4.8", row])
    series = opensdg.read_series(folder, SPEC, CODES)
    (problem,) = series.problems
    text = str(problem.error())
    assert text.startswith(f"{folder / 'data' / SPEC.file}, row 3, column REF_AREA, value '{row.split(',')[2]}'")
    assert "year 2023" in text and message in text and "\n" not in text


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    folder = planted(tmp_path, ["2023,KZAKM,4.8"], header="Year,REF_AREA,Value")
    with pytest.raises(InputError, match=r"row 1: has no column UNIT_MEASURE"):
        opensdg.read_series(folder, SPEC, CODES)


def test_a_year_that_is_not_a_year_is_refused(tmp_path):
    folder = planted(tmp_path, ["20x3,PT,KZAKM,,4.8"])
    with pytest.raises(InputError, match=r"row 2, column Year, value '20x3': is not a year"):
        opensdg.read_series(folder, SPEC, CODES)


def test_a_bad_mapping_row_is_refused(tmp_path):
    text = (RAW / "sdg_series.csv").read_text(encoding="utf-8")
    bad = tmp_path / "sdg_series.csv"
    bad.write_text(text.replace("UNIT_MEASURE=PT;SERIES=_L_KZ_010101_1C", "UNIT_MEASURE"), encoding="utf-8")
    with pytest.raises(InputError, match=r"row 3, column filters, value 'UNIT_MEASURE': filters are COLUMN=value"):
        opensdg.load_series_map(bad, INDICATORS)


def test_a_region_without_a_code_is_refused(tmp_path):
    lines = (RAW / "sdg_regions.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "sdg_regions.csv"
    bad.write_text("\n".join(line for line in lines if not line.startswith("KZULU")) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no platform code for region\(s\) KZ-62"):
        opensdg.load_region_codes(bad, REGIONS, units=["KZ-YUZ"])


def test_raw_cells_are_the_printed_text(tmp_path):
    """The raw files as printed: trailing zeros kept (Abai's B3 is printed 8.60); a semicolon file's decimal comma
    read as a point."""
    cells = opensdg.raw_cells(RAW / "2023", REGIONS)
    assert cells[("B3", "KZ-10")][0] == "8.60"
    assert cells[("B46", "KZ-71")][0] == ""
    year = tmp_path / "year"
    shutil.copytree(RAW / "2023", year)
    social = (year / "social.csv").read_text(encoding="utf-8")
    (year / "social.csv").write_text(social.replace(",", ";").replace("8.60", "8,60"), encoding="utf-8")
    assert opensdg.raw_cells(year, REGIONS)[("B3", "KZ-10")][0] == "8.60"


def test_the_copy_holds_no_absolute_path():
    assert not Path(opensdg.DEFAULT_FOLDER).is_absolute()
