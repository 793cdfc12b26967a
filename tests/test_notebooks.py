"""The notebooks run under papermill, as make runs them: once for 2023 (shared by the tests below),
and on broken copies of the inputs for the failure cases."""

import hashlib
import shutil

import pandas as pd
import pytest

from conftest import ROOT, copy_raw, run_notebook
from published import printed_cells_per_table, printed_risk_cells_per_table

STEPS = [("01_data_cleaning", {}), ("02_descriptive_statistics", {})] + [
    (name, {"method": m}) for m in ("thesis", "corrected") for name in ("03_normalisation", "04_index_construction", "05_typology")
] + [("06_risk_maps", {}), ("08_reproduction", {})]  # the reproduction reads the risk step's risk.csv


def copy_project(folder):
    copy_raw(folder / "data" / "raw")
    shutil.copytree(ROOT / "data" / "reference", folder / "data" / "reference")
    shutil.copytree(ROOT / "data" / "external", folder / "data" / "external")  # the map boundaries
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    return folder


def run_steps(folder, steps):
    for name, params in steps:
        result = run_notebook(folder, name, f"build/2023/{params.get('method', '')}/{name}.ipynb".replace("//", "/"), year=2023, **params)
        if result.returncode:
            return name, result
    return None, None


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    folder = copy_project(tmp_path_factory.mktemp("pipeline"))
    failed, result = run_steps(folder, STEPS)
    assert failed is None, f"{failed}: {result.stderr}"
    return folder


def test_notebook_01_cleans_2023(pipeline):
    clean = pd.read_csv(pipeline / "data/processed/2023/clean.csv")
    regional = clean[clean.region_id != "KZ"]
    assert regional.region_id.nunique() == 20 and regional.indicator.nunique() == 52 and len(regional) == 20 * 52
    assert (pipeline / "build/2023/01_data_cleaning.ipynb").is_file()


def test_notebooks_02_to_05_write_their_outputs_for_both_methods(pipeline):
    stats = pd.read_csv(pipeline / "data/processed/2023/descriptive_statistics.csv")
    assert list(stats.columns) == ["indicator", "n", "missing", "min", "max", "mean", "median", "skewness", "std"]
    assert stats.set_index("indicator").at["B46", "missing"] == 2
    for method in ("thesis", "corrected"):
        base = pipeline / "data/processed/2023" / method
        scores = pd.read_csv(base / "scores.csv")
        assert list(scores.columns) == ["region_id", "indicator", "pillar", "value", "score"] and len(scores) == 20 * 52
        indices = pd.read_csv(base / "indices.csv")
        assert list(indices.columns) == ["region_id", "social", "economic", "ecological", "isdr", "rank_social",
                                         "rank_economic", "rank_ecological", "rank_isdr", "level_social",
                                         "level_economic", "level_ecological", "level_isdr"]
        assert sorted(indices.rank_isdr) == list(range(1, 21))
        assert (indices.isdr - indices[["social", "economic", "ecological"]].sum(axis=1)).abs().max() < 1e-12
        tables = pipeline / "reports/2023" / method / "tables"
        for language in ("en", "kk"):
            assert len(list((tables / language).glob("table*.csv"))) == 8
            assert (tables / f"tables_2023_{method}_{language}.xlsx").is_file()
            assert (tables / f"tables_2023_{method}_{language}.docx").is_file()
        maps = [f"{kind}_map_{index}" for kind in ("index", "typology") for index in ("social", "economic", "ecological", "isdr")]
        for figure in ("score_heatmap", "pillar_indices", "isdr_ranking", "pillar_scatter", *maps):
            for language in ("en", "kk"):
                assert (pipeline / "figures/2023" / method / f"{figure}_{language}.png").stat().st_size > 10_000
                assert (pipeline / "figures/2023" / method / f"{figure}_{language}.svg").is_file()
    thesis = pd.read_csv(pipeline / "data/processed/2023/thesis/indices.csv").set_index("region_id")
    corrected = pd.read_csv(pipeline / "data/processed/2023/corrected/indices.csv").set_index("region_id")
    # the methods differ only in six social directions
    assert (thesis.economic == corrected.economic).all() and (thesis.ecological == corrected.ecological).all()
    assert (thesis.social != corrected.social).any()
    assert thesis.at["KZ-11", "rank_ecological"] == 1  # Akmola leads ecology, as Table 13 prints


def test_notebook_06_writes_the_reproduction_report(pipeline):
    out = pipeline / "reports/2023/reproduction"
    summary = pd.read_csv(out / "summary.csv", dtype={"table": str}).set_index("table")
    expected = pd.read_csv(ROOT / "data/reference/2023/expected_differences.csv", dtype={"table": str})
    assert summary.compared.to_dict() == {**printed_cells_per_table(), **printed_risk_cells_per_table()}
    assert summary.unexplained.sum() == (expected.diagnosis == "unexplained").sum()
    assert (summary.compared - summary.matched).sum() == len(expected)
    errata = pd.read_csv(out / "errata.csv")
    assert list(errata.columns) == ["table", "region_id", "region", "indicator", "indicator_name", "statistic", "published",
                                    "recomputed", "recomputed_as_printed", "diagnosis", "evidence"]
    from sdi.inputs.metadata import region_names
    from sdi.inputs.metadata import load_regions

    named = set(region_names(load_regions(ROOT / "data/raw/regions.csv"), "en").values())
    assert "Abai" in set(errata.region) and set(errata.region.dropna()) <= named and "Almaty" not in named
    text = (out / "README.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:4] == ["## What to correct in the dissertation", "## Do the conclusions stand?", "## Verdict per table",
                            "## Causes of the differences"] and "## Consequences" in headings
    # the report's sections: Tables 7-14 and the text after Table 13, then the risk maps and their text
    unexplained = expected.diagnosis == "unexplained"
    in_risk_section = expected.table.isin(["15", "16", "17", "18", "19", "20", "text_risk"])
    assert ("### Why the unexplained cells stay unexplained" in text) == unexplained.any()
    assert ("No mismatch is left unexplained." in text) == (not (unexplained & ~in_risk_section).any())
    assert "## The risk maps (Tables 15–20) and the text on the risks" in text
    # every correction, risk section included, under "What to correct", table by table
    to_correct = text.split("## What to correct in the dissertation")[1].split("\n## ")[0]
    headings = {"15": "Table 15 (social risk criteria)", "16": "Table 16 (economic risk criteria)",
                "17": "Table 17 (ecological risk criteria)", "18": "Table 18 (social risk map)",
                "19": "Table 19 (economic risk map)", "20": "Table 20 (ecological risk map)", "text_risk": "Text on the risk maps"}
    risk_tables = [t for t in headings if t in set(expected.table)]
    assert [line for line in to_correct.splitlines() if line.startswith("### ")][-len(risk_tables):] == \
        [f"### {headings[t]}" for t in risk_tables]
    risk_errata = errata[errata.table.astype(str).isin(risk_tables)]
    assert len(risk_errata) == in_risk_section.sum()
    assert to_correct.count("\n- **") >= risk_errata.groupby(["table", "diagnosis", "indicator", "statistic"], dropna=False).ngroups
    assert not [name for name in risk_errata.indicator_name if "_" in str(name)]  # bands and statements in words
    assert ("## Which conclusions are robust" in text) == (pipeline / "reports/2023/thesis/robustness").is_dir()
    assert "### Do the text's statements on the risks stand?" in text
    assert (out / "rank_published_vs_recomputed_en.png").stat().st_size > 10_000
    assert "](rank_published_vs_recomputed_en.png)" in text


def test_the_same_inputs_give_byte_identical_outputs(pipeline, tmp_path):
    """CSV files, tables, workbooks, figures (PNG and SVG) and the reproduction report of two runs are
    the same to the byte."""
    again = copy_project(tmp_path)
    failed, result = run_steps(again, STEPS)
    assert failed is None, result.stderr
    def outputs(folder):
        return sorted(p.relative_to(folder) for base in ("data/processed", "figures", "reports/2023/thesis", "reports/2023/corrected",
                                                         "reports/2023/risk", "reports/2023/reproduction")
                      for p in (folder / base).rglob("*") if p.is_file())
    first = outputs(pipeline)
    assert len(first) > 60 and first == outputs(again)
    assert {p.suffix for p in first} >= {".csv", ".md", ".xlsx", ".png", ".svg", ".json"}
    reproduction = {p.name for p in first if p.parts[:3] == ("reports", "2023", "reproduction")}
    assert reproduction == {"README.md", "errata.csv", "summary.csv"} | {
        f"{name}_{language}.{ext}" for name in ("rank_published_vs_recomputed", "rank_shift_thesis_vs_corrected")
        for language in ("en", "kk") for ext in ("png", "svg")}
    for path in first:
        assert (pipeline / path).read_bytes() == (again / path).read_bytes(), path


def test_the_html_report_of_2023_is_a_site_that_stands_alone(pipeline):
    import subprocess
    import sys

    from test_html_report import assert_self_contained, read

    result = subprocess.run([sys.executable, "-m", "sdi.publish.site", "2023"], cwd=pipeline, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = pipeline / "reports/2023/html"
    assert_self_contained(site)
    index = read(site / "index.html")
    matched = pd.read_csv(pipeline / "reports/2023/reproduction/summary.csv").matched.sum()
    assert index.count("<tr><td>Table ") == 8 + 10 and f"{matched:,} are reproduced" in index  # Tables 7-14 and 15-24
    assert 'src="files/figures/thesis/isdr_ranking_en.png"' in index and 'src="files/figures/corrected/isdr_ranking_en.png"' in index
    for page in ("02_descriptive_statistics", "04_index_construction_thesis", "08_reproduction"):
        text = read(site / f"{page}.html")
        assert "PosixPath(" not in text and "KZ-" not in text.split("</style>")[-1].replace("KZ-xx", "")
    assert "Almaty Region" in read(site / "04_index_construction_thesis.html")


def test_bad_input_stops_notebook_01_with_one_line_and_no_output(tmp_path):
    project = copy_project(tmp_path)
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


def test_notebook_06_stops_when_an_expected_difference_disappears(pipeline, tmp_path):
    project = copy_project(tmp_path)
    shutil.copytree(pipeline / "data/processed", project / "data/processed")
    expected = project / "data/reference/2023/expected_differences.csv"
    lines = expected.read_text(encoding="utf-8").splitlines()
    expected.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop one entry
    result = run_notebook(project, "08_reproduction", "build/2023/08_reproduction.ipynb", year=2023)
    assert result.returncode == 1 and "1 new" in result.stderr
    assert not (project / "reports/2023/reproduction/README.md").exists()


def test_notebook_06_stops_when_the_refit_disagrees_with_indicators_csv(pipeline, tmp_path):
    project = copy_project(tmp_path)
    shutil.copytree(pipeline / "data/processed", project / "data/processed")
    indicators = project / "data/raw/indicators.csv"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(text.replace("\nB9,social,Суицидтен болатын өлім,Suicide mortality,\"per 100,000 inhabitants\",SDG 3: 3.4.2,-1,",
                                       "\nB9,social,Суицидтен болатын өлім,Suicide mortality,\"per 100,000 inhabitants\",SDG 3: 3.4.2,1,"),
                          encoding="utf-8")
    assert indicators.read_text(encoding="utf-8") != text
    result = run_notebook(project, "08_reproduction", "build/2023/08_reproduction.ipynb", year=2023)
    assert result.returncode == 1
    assert "B9: the published scores are negative-direction scores (20 of 20 cells), but direction_thesis is 1" in result.stderr
    assert not (project / "reports/2023/reproduction/README.md").exists()
