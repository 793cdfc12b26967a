"""Notebook 06 (risk maps) on a new, synthetic year, run as make runs it: bands from the year's own data by
the rule (THRESHOLDS=auto for a year without published maps), and the published bands kept on request.
(2023, with the published bands, is checked in test_pipeline.)"""

import json

import pandas as pd
import pytest
from conftest import copy_project, run_notebook
from synthetic import write_year

pytestmark = pytest.mark.end_to_end


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project with a synthetic 2024 and what notebook 06 reads of it, written by the library as notebooks
    01-04 write it (the notebooks themselves are run in test_pipeline)."""
    from sdi import io
    from sdi.inputs import cleaning
    from sdi.method import index, normalisation, statistics, typology
    from sdi.method.context import load_run, write_method_settings

    folder = copy_project(tmp_path_factory.mktemp("risk"), venv=False)
    write_year(folder / "data/raw", 2024)
    run = load_run(2024, "thesis", missing="worst", root=folder)
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    values = cleaning.regional_values(clean)
    scores = normalisation.score_table(values, run.indicators, "direction_thesis")
    io.write_csv(clean, run.processed / "clean.csv")
    io.write_csv(statistics.describe(values), run.processed / "descriptive_statistics.csv")
    io.write_csv(
        typology.add_levels(index.index_table(scores, run.indicators, "in_thesis_index")),
        run.method_dir / "indices.csv",
    )
    write_method_settings(run, normalisation.scores_long(clean, scores))
    result = run_notebook(folder, "06_risk_maps", "build/2024/06_risk_maps.ipynb", year=2024)
    assert result.returncode == 0, result.stderr
    return folder


def test_a_new_year_gets_a_risk_map_from_its_own_data(project):
    base = project / "data/processed/2024"
    settings = json.loads((base / "risk.json").read_text(encoding="utf-8"))
    assert settings["thresholds"] == "rule" and settings["thresholds_setting"] == "auto"
    used = pd.read_csv(base / "risk_thresholds_used.csv")
    stats = pd.read_csv(base / "descriptive_statistics.csv").set_index("indicator")
    medium = used[used.level == "medium"].set_index("code")
    # B4's cut points are the year's median and national value; B7's the standards 26 and 38
    clean = pd.read_csv(base / "clean.csv")
    national_b4 = clean[(clean.region_id == "KZ") & (clean.indicator == "B4")].value.item()
    assert sorted([medium.at["B4", "lower"], medium.at["B4", "upper"]]) == sorted(
        [stats.at["B4", "median"], national_b4]
    )
    assert (medium.at["B7", "lower"], medium.at["B7", "upper"]) == (26, 38)
    risk = pd.read_csv(base / "risk.csv", keep_default_na=False)
    assert len(risk) == 1040 and settings["decided_by_rule"] == 0  # the rule's bands leave no gap
    # the synthetic year's blank cells (B3 Abai, B44 Astana; B46 West Kazakhstan, Astana) are unclassified
    assert sorted(risk.loc[risk.risk == "unclassified", "indicator"]) == ["B3", "B44", "B46", "B46"]
    assert (project / "figures/2024/risk/risk_dashboard_kk.png").is_file()
    assert len(list((project / "reports/2024/risk/tables/kk").glob("table*.md"))) == 10


def test_published_bands_can_be_kept_for_a_new_year(project):
    result = run_notebook(
        project, "06_risk_maps", "build/2024/06_risk_maps_published.ipynb", year=2024, thresholds="published"
    )
    assert result.returncode == 0, result.stderr
    settings = json.loads((project / "data/processed/2024/risk.json").read_text(encoding="utf-8"))
    assert settings["thresholds"] == "published" and settings["decided_by_rule"] > 0
