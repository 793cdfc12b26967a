import math
import shutil

import pytest
from conftest import RAW

from sdi.errors import InputError
from sdi.inputs.cleaning import clean_year, regional_values
from sdi.inputs.metadata import load_indicators, load_regions

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")


def test_2023_has_20_regions_by_52_indicators_and_the_national_row():
    clean, log = clean_year(RAW / "2023", REGIONS, INDICATORS)
    assert list(clean.columns) == ["region_id", "indicator", "pillar", "value"]
    assert len(clean) == 21 * 52
    wide = regional_values(clean)
    assert wide.shape == (20, 52) and "KZ" not in wide.index
    assert wide.at["KZ-10", "B1"] == 95.82  # Abai, Table 7
    assert wide.at["KZ-75", "B15"] == 122.1  # Almaty city, printed with one decimal
    assert wide.at["KZ-23", "B23"] == 47801.9  # Atyrau GRP per capita, Table 8
    assert clean.query("region_id == 'KZ' and indicator == 'B52'").value.item() == 4.98
    # the only blanks in Tables 7-9: B46 of West Kazakhstan and Astana
    assert sorted(wide.columns[wide.isna().any()]) == ["B46"]
    assert sorted(wide.index[wide["B46"].isna()]) == ["KZ-27", "KZ-71"]
    missing = log[log.event == "missing"]
    assert list(missing.column) == ["B46", "B46"]
    mapped = log[log.event == "region_mapped"]
    assert (
        len(mapped) == 63 and "БҚО -> KZ-27" in set(mapped.detail) and "Батыс Қазақстан -> KZ-27" in set(mapped.detail)
    )


def test_output_order_is_regions_file_order_then_indicator_order():
    clean, _ = clean_year(RAW / "2023", REGIONS, INDICATORS)
    assert list(clean.region_id.unique()) == list(REGIONS.region_id)
    assert list(clean.indicator[:52]) == list(INDICATORS.code)


@pytest.fixture
def year_dir(tmp_path):
    shutil.copytree(RAW / "2023", tmp_path / "2023")
    return tmp_path / "2023"


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def failure(year_dir):
    with pytest.raises(InputError) as e:
        clean_year(year_dir, REGIONS, INDICATORS)
    return e.value


# (file, old text, new text, expected row, column, value, words in the message)
CASES = {
    "unknown region": ("social.csv", "Абай,", "Абайй,", 3, "region", "Абайй", "unknown region"),
    "duplicate region": ("social.csv", "Ақмола,", "Абай,", 4, "region", "Абай", "appears twice (also row 3"),
    "text in a number cell": ("economic.csv", "9452.6", "n/a", 3, "B23", "n/a", "not a number"),
    "decimal comma": ("social.csv", ",95.82,", ',"95,82",', 3, "B1", "95,82", "decimal comma"),
    "infinite value": ("ecological.csv", "7520,", "inf,", 3, "B43", "inf", "not a finite number"),
    "unknown indicator column": ("social.csv", ",B21\n", ",B99\n", 1, 22, "B99", "unknown indicator column"),
    "Cyrillic code": ("social.csv", "region,B1,", "region,В1,", 1, 2, "В1", "Cyrillic"),
    "duplicated column": ("social.csv", ",B21\n", ",B20\n", 1, 22, "B20", "appears twice"),
    "column of another pillar": ("social.csv", ",B21\n", ",B22\n", 1, 22, "B22", "economic pillar"),
    "first column not region": ("social.csv", "region,", "oblast,", 1, 1, "oblast", "first column"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_cell_is_reported_with_file_row_column_and_value(year_dir, case):
    name, old, new, row, column, value, words = CASES[case]
    edit(year_dir / name, old, new)
    err = failure(year_dir)
    assert (err.file.name, err.row, err.column, err.value) == (name, row, column, value)
    assert words in str(err)
    assert str(err).startswith(f"{year_dir / name}, row {row}, column {column}, value {value!r}: ")


def test_missing_region_names_the_region(year_dir):
    lines = (year_dir / "economic.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("Ұлытау")]
    (year_dir / "economic.csv").write_text("\n".join(kept), encoding="utf-8")
    err = failure(year_dir)
    assert err.file.name == "economic.csv" and "KZ-62 (Ulytau Region)" in str(err)


def test_missing_indicator_column_names_it(year_dir):
    lines = [line.rsplit(",", 1)[0] for line in (year_dir / "ecological.csv").read_text(encoding="utf-8").splitlines()]
    (year_dir / "ecological.csv").write_text("\n".join(lines), encoding="utf-8")
    assert "missing: B52" in str(failure(year_dir))


def test_row_with_too_few_cells(year_dir):
    edit(year_dir / "social.csv", ",5.96\n", "\n")
    err = failure(year_dir)
    assert err.row == 2 and "21 cells but the header has 22" in str(err)


def test_missing_file(year_dir):
    (year_dir / "economic.csv").unlink()
    err = failure(year_dir)
    assert err.file.name == "economic.csv" and "file not found" in str(err)


def test_empty_file_and_header_only(year_dir):
    (year_dir / "social.csv").write_text("", encoding="utf-8")
    assert "file is empty" in str(failure(year_dir))
    (year_dir / "social.csv").write_text("region,B1\n", encoding="utf-8")
    assert "no data rows" in str(failure(year_dir))


def test_windows_1251_file_is_rejected_with_a_hint(year_dir):
    text = (
        (year_dir / "social.csv")
        .read_text(encoding="utf-8")
        .replace("Ақмола", "Акмола")
        .replace("Қ", "К")
        .replace("ұ", "у")
        .replace("Ұ", "У")
        .replace("ү", "у")
        .replace("ң", "н")
        .replace("ә", "а")
        .replace("і", "i")
        .replace("ө", "о")
        .replace("қ", "к")
        .replace("ғ", "г")
    )
    (year_dir / "social.csv").write_bytes(text.encode("cp1251"))
    assert "not UTF-8" in str(failure(year_dir))


def test_a_byte_order_mark_is_accepted(year_dir):
    path = year_dir / "social.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    clean, _ = clean_year(year_dir, REGIONS, INDICATORS)
    assert len(clean) == 21 * 52


def test_year_folder_that_does_not_exist(tmp_path):
    with pytest.raises(InputError, match="year folder does not exist"):
        clean_year(tmp_path / "1999", REGIONS, INDICATORS)


def test_blank_cell_becomes_missing_not_zero(year_dir):
    edit(year_dir / "social.csv", ",95.82,", ",,")
    clean, log = clean_year(year_dir, REGIONS, INDICATORS)
    assert math.isnan(regional_values(clean).at["KZ-10", "B1"])
    assert ("social.csv", 3, "B1") in {
        (f.rsplit("/", 1)[-1], r, c) for f, r, c in log[log.event == "missing"][["file", "row", "column"]].values
    }
