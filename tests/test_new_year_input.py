"""What a student copying a new year from the statistics bureau's yearbook through a spreadsheet meets:
each common mistake gets a message that says what to do, and what is unambiguous is read."""

import csv
import shutil

import pytest
from conftest import RAW

from sdi.errors import InputError
from sdi.inputs.cleaning import clean_year, regional_values
from sdi.inputs.metadata import load_indicators, load_regions

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
ORIGINAL = regional_values(clean_year(RAW / "2023", REGIONS, INDICATORS)[0])


@pytest.fixture
def year_dir(tmp_path):
    shutil.copytree(RAW / "2023", tmp_path / "2023")
    return tmp_path / "2023"


def set_cell(path, region, code, text):
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    column = rows[0].index(code)
    for row in rows:
        if row[0] == region:
            row[column] = text
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def message(year_dir):
    with pytest.raises(InputError) as e:
        clean_year(year_dir, REGIONS, INDICATORS)
    return str(e.value)


def test_a_per_cent_sign_is_refused_with_the_number_to_write(year_dir):
    set_cell(year_dir / "social.csv", "Абай", "B8", "45%")
    assert message(year_dir).endswith(
        "column B8, value '45%': has a per cent sign: write the number alone (45); "
        "the indicator's unit says it is a per cent"
    )


def test_a_decimal_comma_in_a_comma_separated_file_is_refused_with_the_number_to_write(year_dir):
    set_cell(year_dir / "economic.csv", "Абай", "B23", "1 234,5")
    assert "value '1 234,5': uses a decimal comma: write 1234.5 (a decimal point, no thousands separator)" in message(
        year_dir
    )


@pytest.mark.parametrize("text", ["9 452.6", "9\u00a0452.6", "9\u202f452.6"])
def test_thousands_grouped_with_spaces_are_read_and_logged(year_dir, text):
    set_cell(year_dir / "economic.csv", "Абай", "B23", text)
    clean, log = clean_year(year_dir, REGIONS, INDICATORS)
    assert regional_values(clean).at["KZ-10", "B23"] == 9452.6
    assert list(log[log.event == "number_read"].detail) == [f"{text!r} read as 9452.6"]


@pytest.mark.parametrize("text", ["–", "-", "х", "…"])
def test_a_yearbook_no_data_mark_asks_for_an_empty_cell(year_dir, text):
    set_cell(year_dir / "social.csv", "Абай", "B8", text)
    assert message(year_dir).endswith("is a 'no data' mark, not a number: leave the cell empty if the value is missing")


def test_a_semicolon_separated_export_with_decimal_commas_is_read_as_the_same_numbers(year_dir):
    for pillar in ("social", "economic", "ecological"):
        path = year_dir / f"{pillar}.csv"
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        # what a Russian-locale spreadsheet saves: semicolons, decimal commas, a BOM, CRLF line ends
        text = "\r\n".join(";".join([row[0]] + [cell.replace(".", ",") for cell in row[1:]]) for row in rows) + "\r\n"
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    clean, log = clean_year(year_dir, REGIONS, INDICATORS)
    assert regional_values(clean).equals(ORIGINAL)
    assert (log.event == "number_read").sum() > 1000  # every decimal comma is logged


def test_a_file_half_converted_to_semicolons_says_how_to_save_it(year_dir):
    path = year_dir / "social.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0].replace(",", ";")] + lines[1:]) + "\n", encoding="utf-8")
    # the header alone has semicolons: the data rows are comma-separated
    assert message(year_dir).endswith(
        "row 2: has 1 cells but the header has 22; the header is separated by ';' and this "
        "row by ',': save the whole file again from the spreadsheet as CSV UTF-8 (comma-delimited)"
    )


def test_russian_names_and_the_bureaus_abbreviations_are_known(year_dir):
    path = year_dir / "social.csv"
    text = path.read_text(encoding="utf-8")
    for printed, russian in [
        ("Ақмола,", "Акмолинская область,"),
        ("БҚО,", "ЗКО,"),
        ("Астана қ.,", "г. Астана,"),
        ("Ұлытау,", "область Ұлытау,"),
    ]:
        assert printed in text
        text = text.replace(printed, russian, 1)
    path.write_text(text, encoding="utf-8")
    clean, _ = clean_year(year_dir, REGIONS, INDICATORS)
    assert regional_values(clean).equals(ORIGINAL)


@pytest.mark.parametrize(
    "name, suggestion",
    [
        ("Акмолинская обл", "Ақмола облысы (Akmola Region)"),
        ("Карагандинская", "Қарағанды облысы (Karaganda Region)"),
        ("Pavlodar obl.", "Павлодар облысы (Pavlodar Region)"),
    ],
)
def test_an_unknown_region_gets_the_closest_known_names(year_dir, name, suggestion):
    path = year_dir / "social.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            {"Акмолинская обл": "Ақмола,", "Карагандинская": "Қарағанды,", "Pavlodar obl.": "Павлодар,"}[name],
            f"{name},",
            1,
        ),
        encoding="utf-8",
    )
    assert f"unknown region; did you mean {suggestion}" in message(year_dir)


def test_a_typographic_minus_is_a_minus(tmp_path):
    from sdi.inputs.readers import parse_number

    assert parse_number("\u22120.15", file="f.csv", row=2, column="B1") == -0.15


@pytest.mark.parametrize(
    "x, text",
    [(1e6, "1,000,000"), (0.0, "0"), (0.25, "0.25"), (100, "100"), (1234.5, "1,234.5"), (2.5e7 + 0.5, "25,000,000.50")],
)
def test_numbers_in_messages_and_the_checklist_read_as_a_person_writes_them(x, text):
    from sdi.inputs.readers import readable

    assert readable(x) == text


def test_a_year_without_provenance_gets_a_warning_in_the_cleaning_log(year_dir):
    (year_dir / "PROVENANCE.md").unlink()
    _, log = clean_year(year_dir, REGIONS, INDICATORS)
    warning = log[log.event == "warning"].detail.item()
    assert warning.startswith(f"{year_dir / 'PROVENANCE.md'} is missing: write where each file's numbers come from")
    assert not (clean_year(RAW / "2023", REGIONS, INDICATORS)[1].event == "warning").any()  # 2023 has one
