"""The notebooks run under papermill, as make runs them."""

import hashlib

import pandas as pd

from conftest import run_notebook


def test_notebook_01_cleans_2023(project):
    result = run_notebook(project, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert result.returncode == 0, result.stderr
    clean = pd.read_csv(project / "data/processed/2023/clean.csv")
    regional = clean[clean.region_id != "KZ"]
    assert regional.region_id.nunique() == 20 and regional.indicator.nunique() == 52
    assert len(regional) == 20 * 52
    assert (project / "build/2023/01_data_cleaning.ipynb").is_file()


def test_bad_input_stops_notebook_01_with_one_line_and_no_output(project):
    raw = project / "data/raw/2023/social.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace(",26.31,61.17,", ",26.31,sixty,", 1), encoding="utf-8")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "data/raw").rglob("*") if p.is_file()}
    result = run_notebook(project, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: data/raw/2023/social.csv, row 4, column B8, value 'sixty': "
                                     "is not a number (leave the cell empty if the value is missing)")
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "data/processed").exists()
    assert not (project / "build/2023/01_data_cleaning.ipynb").exists()
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "data/raw").rglob("*") if p.is_file()}
    assert after == before
