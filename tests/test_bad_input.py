"""The bad-input matrix: each malformed input is either rejected with one line naming the file, row,
column and value, or accepted deliberately. Each case runs what notebook 01 runs, in the library; that a
rejection stops make with that one line, no traceback, nothing written and data/raw untouched is checked
end to end once (test_pipeline: test_bad_input_stops_make_with_one_line_and_writes_nothing)."""

from pathlib import Path

import pandas as pd
import pytest
from conftest import copy_raw

from sdi.errors import InputError


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_line(path, start):
    path.write_text(
        "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(start)) + "\n",
        encoding="utf-8",
    )


def drop_last_column(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")


def to_cp1251(path):
    text = path.read_text(encoding="utf-8")
    kazakh = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "АаГгКкНнОоУуУуХхIi")
    path.write_bytes(text.translate(kazakh).encode("cp1251"))


def set_column(path, code, value):
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table[code] = value
    table.to_csv(path, index=False, lineterminator="\n")


Y = "data/raw/2023"
# name: (file to change, how, expected stderr after "error: ", or None when the input is accepted)
CASES = {
    "missing file": ("economic.csv", lambda p: p.unlink(), f"{Y}/economic.csv: file not found"),
    "empty file": ("social.csv", lambda p: p.write_text(""), f"{Y}/social.csv: file is empty"),
    "header only": (
        "social.csv",
        lambda p: p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"),
        f"{Y}/social.csv: has a header row but no data rows",
    ),
    "Windows-1251 encoding": ("social.csv", to_cp1251, f"{Y}/social.csv: is not UTF-8 text"),
    "byte order mark": ("social.csv", lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes()), None),
    "duplicate region": (
        "social.csv",
        lambda p: replace(p, "Ақмола,", "Абай,"),
        f"{Y}/social.csv, row 4, column region, value 'Абай': region appears twice",
    ),
    "unknown region": (
        "social.csv",
        lambda p: replace(p, "Абай,", "Абайй,"),
        f"{Y}/social.csv, row 3, column region, value 'Абайй': unknown region",
    ),
    "missing region": (
        "economic.csv",
        lambda p: drop_line(p, "Ұлытау"),
        f"{Y}/economic.csv, column region: region(s) missing: KZ-62 (Ulytau Region)",
    ),
    "unknown indicator column": (
        "social.csv",
        lambda p: replace(p, ",B21\n", ",B99\n"),
        f"{Y}/social.csv, row 1, column 22, value 'B99': unknown indicator column",
    ),
    "missing indicator column": (
        "ecological.csv",
        drop_last_column,
        f"{Y}/ecological.csv, row 1: indicator column(s) missing: B52",
    ),
    "duplicated column": (
        "social.csv",
        lambda p: replace(p, ",B21\n", ",B20\n"),
        f"{Y}/social.csv, row 1, column 22, value 'B20': indicator column appears twice",
    ),
    "row with a cell too few": (
        "social.csv",
        lambda p: replace(p, ",5.96\n", "\n"),
        f"{Y}/social.csv, row 2: has 21 cells but the header has 22",
    ),
    "text in a numeric cell": (
        "economic.csv",
        lambda p: replace(p, "9452.6", "about 9000"),
        f"{Y}/economic.csv, row 3, column B23, value 'about 9000': is not a number",
    ),
    "decimal comma": (
        "social.csv",
        lambda p: replace(p, ",95.82,", ',"95,82",'),
        f"{Y}/social.csv, row 3, column B1, value '95,82': uses a decimal comma",
    ),
    "infinite value": (
        "ecological.csv",
        lambda p: replace(p, "7520,", "inf,"),
        f"{Y}/ecological.csv, row 3, column B43, value 'inf': is not a finite number",
    ),
    "indicator constant across regions": ("social.csv", lambda p: set_column(p, "B5", "7"), None),
    "indicator empty for every region": (
        "social.csv",
        lambda p: set_column(p, "B5", ""),
        f"{Y}/social.csv, column B5: is empty for every region",
    ),
    "unknown pillar in indicators.csv": (
        "../indicators.csv",
        lambda p: replace(p, "B3,social,", "B3,sociall,"),
        "data/raw/indicators.csv, row 4, column pillar, value 'sociall': pillar must be one of",
    ),
    "direction other than 1/-1": (
        "../indicators.csv",
        lambda p: replace(p, "Poverty rate,%,%,SDG 1: 1.2.1,-1,-1,", "Poverty rate,%,%,SDG 1: 1.2.1,-1,0,"),
        "data/raw/indicators.csv, row 4, column direction, value '0': direction must be 1",
    ),
    "Kazakh unit empty in indicators.csv": (
        "../indicators.csv",
        lambda p: replace(p, "Poverty rate,%,%,SDG 1", "Poverty rate,%,,SDG 1"),
        "data/raw/indicators.csv, row 4, column unit_kk, value '': the unit is empty",
    ),
    "alias naming two regions": (
        "../regions.csv",
        lambda p: replace(p, "Ақмола|Akmola", "Ақмола|Akmola|БҚО"),
        "data/raw/regions.csv, column aliases, value 'БҚО': name names two regions",
    ),
}


def clean_2023(root):
    """Notebook 01's work, in the library: the year's files read and checked as it reads them, from the
    project root (so that messages name files as make shows them)."""
    from sdi.inputs import cleaning, metadata

    raw = root / "data/raw"
    regions = metadata.load_regions(Path("data/raw/regions.csv"))
    indicators = metadata.load_indicators(Path("data/raw/indicators.csv"))
    ranges = metadata.load_plausible_ranges(Path("data/raw/plausible_ranges.csv"), indicators)
    assert raw.is_dir()
    return cleaning.clean_year(Path("data/raw/2023"), regions, indicators, ranges=ranges)


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case, tmp_path, monkeypatch):
    name, change, expected = CASES[case]
    copy_raw(tmp_path / "data/raw")
    change(tmp_path / "data/raw/2023" / name)
    monkeypatch.chdir(tmp_path)
    if expected is None:  # accepted deliberately
        _, log = clean_2023(tmp_path)
        if case == "indicator constant across regions":
            assert list(log.loc[log.event == "constant", "column"]) == ["B5"]
        return
    with pytest.raises(InputError) as raised:
        clean_2023(tmp_path)
    message = str(raised.value)
    # sdi.tools.run_notebook prints "error: " and this line (end to end: test_pipeline)
    assert message.startswith(expected) and "\n" not in message, message


def test_a_year_folder_that_does_not_exist(tmp_path, monkeypatch):
    from sdi.inputs import cleaning, metadata

    copy_raw(tmp_path / "data/raw")
    monkeypatch.chdir(tmp_path)
    regions, indicators = (
        metadata.load_regions(Path("data/raw/regions.csv")),
        metadata.load_indicators(Path("data/raw/indicators.csv")),
    )
    with pytest.raises(InputError) as raised:
        cleaning.clean_year(Path("data/raw/1999"), regions, indicators)
    assert str(raised.value) == "data/raw/1999: year folder does not exist"


def test_value_outside_its_plausible_range(tmp_path, monkeypatch):
    copy_raw(tmp_path / "data/raw")
    replace(tmp_path / "data/raw/2023/social.csv", ",8.60,5.20,", ",120,5.20,")  # Abai's poverty rate
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as raised:
        clean_2023(tmp_path)
    assert str(raised.value) == (
        "data/raw/2023/social.csv, row 3, column B3, value '120': is outside the plausible range "
        "0 to 100 for B3 (Poverty rate, %: a share of a whole, in %); check the unit and the decimal point"
    )


def test_a_half_filled_template_names_every_empty_region_row(tmp_path, monkeypatch):
    copy_raw(tmp_path / "data/raw")
    path = tmp_path / "data/raw/2023/economic.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i in (5, 9, 10):  # three region rows emptied, as a half-filled template leaves them
        lines[i] = lines[i].split(",")[0] + "," * 21
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as raised:
        clean_2023(tmp_path)
    assert (
        "row 6, column region, value 'Алматы': has no values at all: fill in this region's row (B22..B42); "
        "2 more region rows are empty too (rows 10, 11)" in str(raised.value)
    )
