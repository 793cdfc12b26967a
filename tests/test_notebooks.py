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


def test_notebooks_02_to_05_run_for_2023_with_both_methods(project):
    steps = [("01_data_cleaning", {}), ("02_descriptive_statistics", {})]
    for method in ("thesis", "corrected"):
        steps += [(n, {"method": method}) for n in ("03_normalisation", "04_index_construction", "05_typology")]
    for name, params in steps:
        out = f"build/2023/{params.get('method', '')}/{name}.ipynb"
        result = run_notebook(project, name, out, year=2023, **params)
        assert result.returncode == 0, f"{name} {params}: {result.stderr}"
    stats = pd.read_csv(project / "data/processed/2023/descriptive_statistics.csv")
    assert list(stats.columns) == ["indicator", "n", "missing", "min", "max", "mean", "median", "skewness", "std"]
    assert stats.set_index("indicator").at["B46", "missing"] == 2
    for method in ("thesis", "corrected"):
        base = project / "data/processed/2023" / method
        scores = pd.read_csv(base / "scores.csv")
        assert list(scores.columns) == ["region_id", "indicator", "pillar", "value", "score"] and len(scores) == 20 * 52
        indices = pd.read_csv(base / "indices.csv")
        assert list(indices.columns) == ["region_id", "social", "economic", "ecological", "isdr", "rank_social",
                                         "rank_economic", "rank_ecological", "rank_isdr", "level_social",
                                         "level_economic", "level_ecological", "level_isdr"]
        assert sorted(indices.rank_isdr) == list(range(1, 21))
        assert (indices.isdr - indices[["social", "economic", "ecological"]].sum(axis=1)).abs().max() < 1e-9
        tables = project / "reports/2023" / method / "tables"
        assert len(list(tables.glob("table*.csv"))) == 8 and (tables / f"tables_2023_{method}.xlsx").is_file()
        for figure in ("score_heatmap", "pillar_indices", "isdr_ranking", "pillar_scatter", "index_maps", "typology_maps"):
            assert (project / "figures/2023" / method / f"{figure}.png").stat().st_size > 10_000
            assert (project / "figures/2023" / method / f"{figure}.svg").is_file()
    thesis = pd.read_csv(project / "data/processed/2023/thesis/indices.csv").set_index("region_id")
    corrected = pd.read_csv(project / "data/processed/2023/corrected/indices.csv").set_index("region_id")
    # the methods differ only in six social directions
    assert (thesis.economic == corrected.economic).all() and (thesis.ecological == corrected.ecological).all()
    assert (thesis.social != corrected.social).any()
    assert thesis.at["KZ-11", "rank_ecological"] == 1  # Akmola leads ecology, as Table 13 prints
