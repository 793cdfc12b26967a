"""Notebook 06_risk_maps under papermill, as make runs it: 2023 with the published bands, and a new
(synthetic) year with bands from its own data."""

import json
import shutil

import pandas as pd
import pytest

from conftest import ROOT, copy_raw, run_notebook
from synthetic import write_year

STEPS = [("01_data_cleaning", {}), ("02_descriptive_statistics", {}), ("03_normalisation", {"method": "thesis"}),
         ("04_index_construction", {"method": "thesis"}), ("06_risk_maps", {})]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("risk")
    copy_raw(folder / "data" / "raw")
    write_year(folder / "data" / "raw", 2024)
    shutil.copytree(ROOT / "data" / "reference", folder / "data" / "reference")
    shutil.copytree(ROOT / "data" / "external", folder / "data" / "external")  # the boundaries of the maps
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    for year in (2023, 2024):
        for name, params in STEPS:
            out = f"build/{year}/{params.get('method', '')}/{name}.ipynb".replace("//", "/")
            result = run_notebook(folder, name, out, year=year, **params)
            assert result.returncode == 0, f"{year} {name}: {result.stderr}"
    return folder


def test_2023_is_classified_by_the_published_bands(project):
    base = project / "data/processed/2023"
    settings = json.loads((base / "risk.json").read_text(encoding="utf-8"))
    assert settings["thresholds"] == "published" and settings["thresholds_setting"] == "auto"
    risk = pd.read_csv(base / "risk.csv", keep_default_na=False)
    assert list(risk.columns[:6]) == ["region_id", "indicator", "pillar", "value", "risk", "bands"] and "note" in risk.columns
    assert len(risk) == 1040 and set(risk.risk) == {"high", "medium", "low", "unclassified"}
    # the two blank B46 cells are unclassified; 30 values in a gap or an overlap are medium by the rule
    assert (risk.risk == "unclassified").sum() == 2 and settings["decided_by_rule"] == 30
    rollup = pd.read_csv(base / "risk_rollup.csv")
    assert len(rollup) == 60 and (rollup.n_high + rollup.n_medium + rollup.n_low + rollup.n_unclassified == rollup.n).all()
    macro = pd.read_csv(base / "risk_macro_regions.csv")
    assert list(macro.kind) == ["macro-region"] * 4 + ["city"] * 3 and macro.n_regions.sum() == 20
    tables = project / "reports/2023/risk/tables"
    for language in ("kk", "en"):
        for n in range(15, 25):
            assert len(list(tables.glob(f"{language}/table{n}_*.csv"))) == 1 and len(list(tables.glob(f"{language}/table{n}_*.md"))) == 1
        assert (tables / f"{language}/macro_regions.csv").is_file()
        assert (tables / f"tables_2023_risk_{language}.xlsx").is_file() and (tables / f"tables_2023_risk_{language}.docx").is_file()
    kazakh = (tables / "kk/table18_social_risk_map.md").read_text(encoding="utf-8")
    assert kazakh.startswith("**Кесте 18 – Қазақстан аймақтарының әлеуметтік тұрақтылығы тәуекелдерінің картасы, 2023 ж.**")
    assert "| Абай | 95,82 Ж |" in kazakh  # Table 7's B1 for Abai, at most 100: high risk
    for figure in ("risk_dashboard", "high_risk_maps", "macro_regions"):
        for language in ("kk", "en"):
            assert (project / "figures/2023/risk" / f"{figure}_{language}.png").stat().st_size > 10_000
    assert (project / "build/2023/06_risk_maps.ipynb").is_file()


def test_a_new_year_gets_a_risk_map_from_its_own_data(project):
    base = project / "data/processed/2024"
    settings = json.loads((base / "risk.json").read_text(encoding="utf-8"))
    assert settings["thresholds"] == "rule"
    used = pd.read_csv(base / "risk_thresholds_used.csv")
    stats = pd.read_csv(base / "descriptive_statistics.csv").set_index("indicator")
    medium = used[used.level == "medium"].set_index("code")
    # B4's cut points are the year's median and national value; B7's the standards 26 and 38
    clean = pd.read_csv(base / "clean.csv")
    national_b4 = clean[(clean.region_id == "KZ") & (clean.indicator == "B4")].value.item()
    assert sorted([medium.at["B4", "lower"], medium.at["B4", "upper"]]) == sorted([stats.at["B4", "median"], national_b4])
    assert (medium.at["B7", "lower"], medium.at["B7", "upper"]) == (26, 38)
    risk = pd.read_csv(base / "risk.csv", keep_default_na=False)
    assert len(risk) == 1040 and settings["decided_by_rule"] == 0  # the rule's bands leave no gap
    # the synthetic year's three blank cells (B3 Abai, B44 Astana; B46 West Kazakhstan, Astana) are unclassified
    assert sorted(risk.loc[risk.risk == "unclassified", "indicator"]) == ["B3", "B44", "B46", "B46"]
    assert (project / "figures/2024/risk/risk_dashboard_kk.png").is_file()


def test_published_bands_can_be_kept_for_a_new_year(project):
    result = run_notebook(project, "06_risk_maps", "build/2024/06_risk_maps_published.ipynb", year=2024, thresholds="published")
    assert result.returncode == 0, result.stderr
    settings = json.loads((project / "data/processed/2024/risk.json").read_text(encoding="utf-8"))
    assert settings["thresholds"] == "published" and settings["decided_by_rule"] > 0


def risk_outputs(project, year):
    folders = [project / f"reports/{year}/risk", project / f"figures/{year}/risk"]
    files = sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())
    files += sorted((project / f"data/processed/{year}").glob("risk*"))
    return {p.relative_to(project): p.read_bytes() for p in files}


def test_the_same_inputs_give_byte_identical_risk_outputs(project):
    before = risk_outputs(project, 2023)
    result = run_notebook(project, "06_risk_maps", "build/2023/06_risk_maps.ipynb", year=2023)
    assert result.returncode == 0, result.stderr
    after = risk_outputs(project, 2023)
    # 11 tables (15-24 and the macro-regions) x 2 languages x (CSV, Markdown), a workbook and a document per
    # language; 3 figures x 2 languages x (PNG, SVG); 5 data files
    assert len(before) == 44 + 4 + 12 + 5 and before.keys() == after.keys()
    assert [str(p) for p in before if before[p] != after[p]] == []
