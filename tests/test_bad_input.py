"""The bad-input matrix: each malformed input is either rejected with one line naming the file, row,
column and value (exit status 1, no traceback, no output written, data/raw untouched) or accepted
deliberately. Every case runs notebook 01 exactly as make runs it."""

import hashlib
import shutil
import subprocess

import pandas as pd
import pytest

from conftest import ROOT, copy_raw, run_notebook


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_line(path, start):
    path.write_text("\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.startswith(start)) + "\n", encoding="utf-8")


def drop_last_column(path):
    path.write_text("\n".join(l.rsplit(",", 1)[0] for l in path.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")


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
    "header only": ("social.csv", lambda p: p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"),
                    f"{Y}/social.csv: has a header row but no data rows"),
    "Windows-1251 encoding": ("social.csv", to_cp1251, f"{Y}/social.csv: is not UTF-8 text"),
    "byte order mark": ("social.csv", lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes()), None),
    "duplicate region": ("social.csv", lambda p: replace(p, "Ақмола,", "Абай,"),
                         f"{Y}/social.csv, row 4, column region, value 'Абай': region appears twice"),
    "unknown region": ("social.csv", lambda p: replace(p, "Абай,", "Абайй,"),
                       f"{Y}/social.csv, row 3, column region, value 'Абайй': unknown region"),
    "missing region": ("economic.csv", lambda p: drop_line(p, "Ұлытау"),
                       f"{Y}/economic.csv, column region: region(s) missing: KZ-62 (Ulytau Region)"),
    "unknown indicator column": ("social.csv", lambda p: replace(p, ",B21\n", ",B99\n"),
                                 f"{Y}/social.csv, row 1, column 22, value 'B99': unknown indicator column"),
    "missing indicator column": ("ecological.csv", drop_last_column, f"{Y}/ecological.csv, row 1: indicator column(s) missing: B52"),
    "duplicated column": ("social.csv", lambda p: replace(p, ",B21\n", ",B20\n"),
                          f"{Y}/social.csv, row 1, column 22, value 'B20': indicator column appears twice"),
    "row with a cell too few": ("social.csv", lambda p: replace(p, ",5.96\n", "\n"), f"{Y}/social.csv, row 2: has 21 cells but the header has 22"),
    "text in a numeric cell": ("economic.csv", lambda p: replace(p, "9452.6", "about 9000"),
                               f"{Y}/economic.csv, row 3, column B23, value 'about 9000': is not a number"),
    "decimal comma": ("social.csv", lambda p: replace(p, ",95.82,", ',"95,82",'),
                      f"{Y}/social.csv, row 3, column B1, value '95,82': uses a decimal comma"),
    "infinite value": ("ecological.csv", lambda p: replace(p, "7520,", "inf,"),
                       f"{Y}/ecological.csv, row 3, column B43, value 'inf': is not a finite number"),
    "indicator constant across regions": ("social.csv", lambda p: set_column(p, "B5", "7"), None),
    "indicator empty for every region": ("social.csv", lambda p: set_column(p, "B5", ""),
                                         f"{Y}/social.csv, column B5: is empty for every region"),
    "unknown pillar in indicators.csv": ("../indicators.csv", lambda p: replace(p, "B3,social,", "B3,sociall,"),
                                         "data/raw/indicators.csv, row 4, column pillar, value 'sociall': pillar must be one of"),
    "direction other than 1/-1": ("../indicators.csv", lambda p: replace(p, "Poverty rate,%,SDG 1: 1.2.1,-1,-1,", "Poverty rate,%,SDG 1: 1.2.1,-1,0,"),
                                  "data/raw/indicators.csv, row 4, column direction, value '0': direction must be 1"),
    "alias naming two regions": ("../regions.csv", lambda p: replace(p, "Ақмола|Akmola", "Ақмола|Akmola|БҚО"),
                                 "data/raw/regions.csv, column aliases, value 'БҚО': name names two regions"),
}


def digests(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case, tmp_path):
    name, change, expected = CASES[case]
    copy_raw(tmp_path / "data/raw")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    change(tmp_path / "data/raw/2023" / name)
    before = digests(tmp_path / "data/raw")
    result = run_notebook(tmp_path, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert digests(tmp_path / "data/raw") == before  # the pipeline never writes data/raw
    assert "Traceback" not in result.stdout + result.stderr
    if expected is None:  # accepted deliberately
        assert result.returncode == 0, result.stderr
        log = pd.read_csv(tmp_path / "data/processed/2023/cleaning_log.csv")
        if case == "indicator constant across regions":
            assert list(log.loc[log.event == "constant", "column"]) == ["B5"]
        return
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {expected}"), result.stderr
    assert not (tmp_path / "data/processed").exists() and not (tmp_path / "build/2023/01_data_cleaning.ipynb").exists()


def test_a_year_folder_that_does_not_exist(tmp_path):
    copy_raw(tmp_path / "data/raw")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    result = run_notebook(tmp_path, "01_data_cleaning", "build/1999/01_data_cleaning.ipynb", year=1999)
    assert result.returncode == 1 and result.stderr.strip() == "error: data/raw/1999: year folder does not exist"
    # and make says so before running anything (in the copy: a test never runs make in the project itself)
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    made = subprocess.run(["make", "all", "YEAR=1999"], cwd=tmp_path, capture_output=True, text=True)
    assert made.returncode != 0 and "no raw data for YEAR=1999: there is no data/raw/1999/social.csv" in made.stderr


def test_value_outside_its_plausible_range(tmp_path):
    copy_raw(tmp_path / "data/raw")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    replace(tmp_path / "data/raw/2023/social.csv", ",8.60,5.20,", ",120,5.20,")  # Abai's poverty rate
    result = run_notebook(tmp_path, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert result.returncode == 1 and result.stderr.strip() == (
        "error: data/raw/2023/social.csv, row 3, column B3, value '120': is outside the plausible range 0 to 100 for B3 "
        "(Poverty rate, %: a share of a whole, in %); check the unit and the decimal point")


def test_a_half_filled_template_names_every_empty_region_row(tmp_path):
    copy_raw(tmp_path / "data/raw")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    path = tmp_path / "data/raw/2023/economic.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i in (5, 9, 10):  # three region rows emptied, as a half-filled template leaves them
        lines[i] = lines[i].split(",")[0] + "," * 21
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_notebook(tmp_path, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert result.returncode == 1
    assert "row 6, column region, value 'Алматы': has no values at all: fill in this region's row (B22..B42); " \
           "2 more region rows are empty too (rows 10, 11)" in result.stderr
