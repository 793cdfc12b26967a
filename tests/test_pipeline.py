"""The pipeline end to end, as a user runs it: one `make all YEAR=2023` in a copy of the project (`built`), then
what every notebook wrote, the site, make's graph (a change re-runs exactly the steps that use it), the settings
make remembers, and a second build in another copy that must give the same bytes."""

import hashlib
import json
import re
import shutil
import sys

import pandas as pd
import pytest
from conftest import ROOT, build, copy_built, copy_project, make
from published import printed_cells_per_table, printed_risk_cells_per_table

from sdi.inputs.metadata import load_regions
from sdi.publish.robustness_report import published_top

REGIONS = load_regions(ROOT / "data/raw/regions.csv")

pytestmark = pytest.mark.end_to_end

BOTH = ("thesis", "corrected")
# the output that stands for each step in make's `touch` lines
STEP_OF = {
    "data/processed/2023/clean.csv": "01",
    "data/processed/2023/descriptive_statistics.csv": "02",
    "data/processed/2023/risk.csv": "06",
    "reports/2023/reproduction/README.md": "08",
    "reports/2023/html/index.html": "site",
    "data/processed/trends/trend_series.csv": "10",  # once, from the SDG platform's files: no year's raw files
}
for _method in BOTH:
    STEP_OF |= {
        f"data/processed/2023/{_method}/scores.csv": f"03 {_method}",
        f"data/processed/2023/{_method}/indices.csv": f"04 {_method}",
        f"data/processed/2023/{_method}/typology.csv": f"05 {_method}",
        f"reports/2023/{_method}/robustness/rank_uncertainty.csv": f"07 {_method}",
    }
EVERY_STEP = set(STEP_OF.values())
YEAR_STEPS = EVERY_STEP - {"10"}  # what a year's raw files reach


def notebook_runs(output):
    """The notebook runs and site builds a make output shows, as 'NN' or 'NN method', and 'site YEAR'."""
    runs = re.findall(
        r"sdi\.tools\.run_notebook notebooks/(\d+)_\w+\.ipynb build/(?:2023|panel|trends)/(?:(thesis|corrected)/)?\d+",
        output,
    )
    return {f"{n} {m}".strip() for n, m in runs} | {
        f"site {y}" for y in re.findall(r"sdi\.publish\.site (\S+)", output)
    }


def steps_made(folder, changed, *goals):
    """The steps make would re-run if `changed` changed: --what-if makes it look changed without touching it, and -t
    marks each target make would re-make as made (printing `touch TARGET`), so the folder stays built. (make -n stops
    at the first grouped target in GNU make 4.3.)"""
    touched = re.findall(
        r"^touch (\S+)$", make(folder, "-t", "-W", changed, *(goals or ("all",)), "YEAR=2023").stdout, re.M
    )
    return {STEP_OF[t] for t in touched if t in STEP_OF}


def touched(folder, *args):
    """The steps `make -t ARGS` marks as made (their targets touched, nothing run)."""
    return {STEP_OF[t] for t in re.findall(r"^touch (\S+)$", make(folder, "-t", *args).stdout, re.M) if t in STEP_OF}


def outputs(folder):
    """Every file the pipeline wrote (the executed notebooks and make's own files aside)."""
    return sorted(
        p.relative_to(folder).as_posix()
        for base in ("data/processed", "figures", "reports")
        for p in (folder / base).rglob("*")
        if p.is_file()
    )


# --- the build ------------------------------------------------------------------------------------------------


def test_make_all_runs_every_step_once_and_warns_of_nothing(built):
    assert notebook_runs(built.output) == {"01", "02", "06", "08", "10", "site 2023"} | {
        f"{n} {m}" for n in ("03", "04", "05", "07") for m in BOTH
    }
    assert "warning:" not in built.output and "Traceback" not in built.output  # 2023 has its PROVENANCE.md


def test_a_second_make_all_does_nothing(built):
    assert make(built.folder, "-q", "all", "YEAR=2023", check=False).returncode == 0
    assert notebook_runs(make(built.folder, "-n", "all", "YEAR=2023").stdout) == set()


def test_make_knows_exactly_the_files_the_steps_write(built):
    """make lists every file a step writes (so a deleted one is made again) and none that no step writes (which
    would re-run the step forever): the targets of its database are the files the build left."""
    database = make(built.folder, "-pq", "all", "YEAR=2023", check=False).stdout
    targets = {t for t in re.findall(r"^((?:data/processed|figures|reports)/\S+):", database, re.M) if "$" not in t}
    written = set(outputs(built.folder))
    site = {p for p in written if p.startswith("reports/2023/html/")}
    assert written - site == targets - {"reports/2023/html/index.html"} and "reports/2023/html/index.html" in site
    figures = [p for p in written if p.endswith((".png", ".svg")) and not p.startswith("reports/2023/html/")]
    # in 2 languages x PNG and SVG: 13 figures per method (03-05) and 4 more (07), 2 rank figures, 3 risk figures, and
    # the 3 trend figures (10)
    assert len(figures) == (2 * 13 + 2 * 4 + 2 + 3 + 3) * 2 * 2
    # the risk step: 11 tables (15-24 and the macro-regions) x 2 languages x (CSV, Markdown, HTML), a workbook and a
    # document per language; 3 figures x 2 languages x (PNG, SVG); 5 data files
    risk = [
        p for p in written if p.startswith(("reports/2023/risk/", "figures/2023/risk/", "data/processed/2023/risk"))
    ]
    assert len(risk) == 66 + 4 + 12 + 5


def test_the_same_inputs_give_byte_identical_outputs(built, tmp_path):
    """Every file two builds write is the same to the byte: data, tables, workbooks, documents, figures (PNG and
    SVG), the robustness audit (the same seed and file), the reproduction report and the site."""
    again = build(tmp_path / "again")
    first = outputs(built.folder)
    assert len(first) > 400 and first == outputs(again.folder)
    assert {p.rsplit(".", 1)[1] for p in first} >= {"csv", "md", "xlsx", "docx", "png", "svg", "json", "html"}
    different = [p for p in first if (built.folder / p).read_bytes() != (again.folder / p).read_bytes()]
    assert different == []


# --- what each step wrote --------------------------------------------------------------------------------------


def test_notebook_01_cleans_2023(built):
    clean = pd.read_csv(built.folder / "data/processed/2023/clean.csv")
    regional = clean[clean.region_id != "KZ"]
    assert regional.region_id.nunique() == 20 and regional.indicator.nunique() == 52 and len(regional) == 20 * 52
    assert (built.folder / "build/2023/01_data_cleaning.ipynb").is_file()


def test_notebooks_02_to_05_write_their_outputs_for_both_methods(built):
    folder = built.folder
    stats = pd.read_csv(folder / "data/processed/2023/descriptive_statistics.csv")
    assert list(stats.columns) == ["indicator", "n", "missing", "min", "max", "mean", "median", "skewness", "std"]
    assert stats.set_index("indicator").at["B46", "missing"] == 2
    for method in BOTH:
        base = folder / "data/processed/2023" / method
        scores = pd.read_csv(base / "scores.csv")
        assert list(scores.columns) == ["region_id", "indicator", "pillar", "value", "score"] and len(scores) == 20 * 52
        assert json.loads((base / "method.json").read_text(encoding="utf-8"))["missing"] == "worst"
        indices = pd.read_csv(base / "indices.csv")
        assert list(indices.columns) == [
            "region_id",
            "social",
            "economic",
            "ecological",
            "isdr",
            "rank_social",
            "rank_economic",
            "rank_ecological",
            "rank_isdr",
            "level_social",
            "level_economic",
            "level_ecological",
            "level_isdr",
        ]
        assert sorted(indices.rank_isdr) == list(range(1, 21))
        assert (indices.isdr - indices[["social", "economic", "ecological"]].sum(axis=1)).abs().max() < 1e-12
        tables = folder / "reports/2023" / method / "tables"
        for language in ("en", "kk"):
            assert len(list((tables / language).glob("table*.csv"))) == 8
            assert (tables / f"tables_2023_{method}_{language}.xlsx").is_file()
            assert (tables / f"tables_2023_{method}_{language}.docx").is_file()
        maps = [
            f"{kind}_map_{index}"
            for kind in ("index", "typology")
            for index in ("social", "economic", "ecological", "isdr")
        ]
        for figure in ("score_heatmap", "pillar_indices", "isdr_ranking", "pillar_scatter", *maps):
            for language in ("en", "kk"):
                assert (folder / "figures/2023" / method / f"{figure}_{language}.png").stat().st_size > 10_000
                assert (folder / "figures/2023" / method / f"{figure}_{language}.svg").is_file()
    thesis = pd.read_csv(folder / "data/processed/2023/thesis/indices.csv").set_index("region_id")
    corrected = pd.read_csv(folder / "data/processed/2023/corrected/indices.csv").set_index("region_id")
    # the methods differ only in six social directions
    assert (thesis.economic == corrected.economic).all() and (thesis.ecological == corrected.ecological).all()
    assert (thesis.social != corrected.social).any()
    assert thesis.at["KZ-11", "rank_ecological"] == 1  # Akmola leads ecology, as Table 13 prints


def test_notebook_06_classifies_2023_by_the_published_bands(built):
    base = built.folder / "data/processed/2023"
    settings = json.loads((base / "risk.json").read_text(encoding="utf-8"))
    assert settings["thresholds"] == "published" and settings["thresholds_setting"] == "auto"
    risk = pd.read_csv(base / "risk.csv", keep_default_na=False)
    assert list(risk.columns) == ["region_id", "indicator", "pillar", "value", "risk", "bands", "note"]
    assert len(risk) == 1040 and set(risk.risk) == {"high", "medium", "low", "unclassified"}
    # the two blank B46 cells are unclassified; 30 values in a gap or an overlap are medium by the rule
    assert (risk.risk == "unclassified").sum() == 2 and settings["decided_by_rule"] == 30
    assert risk.note.str.endswith("medium by the rule for gaps and overlaps").sum() == 30
    rollup = pd.read_csv(base / "risk_rollup.csv")
    assert (
        len(rollup) == 60 and (rollup.n_high + rollup.n_medium + rollup.n_low + rollup.n_unclassified == rollup.n).all()
    )
    macro = pd.read_csv(base / "risk_macro_regions.csv")
    assert list(macro.kind) == ["macro-region"] * 4 + ["city"] * 3 and macro.n_regions.sum() == 20
    tables = built.folder / "reports/2023/risk/tables"
    for language in ("kk", "en"):
        for n in range(15, 25):
            assert (
                len(list(tables.glob(f"{language}/table{n}_*.csv"))) == 1
                and len(list(tables.glob(f"{language}/table{n}_*.md"))) == 1
            )
        assert (tables / f"{language}/macro_regions.csv").is_file()
        assert (tables / f"tables_2023_risk_{language}.xlsx").is_file() and (
            tables / f"tables_2023_risk_{language}.docx"
        ).is_file()
    kazakh = (tables / "kk/table18_social_risk_map.md").read_text(encoding="utf-8")
    assert kazakh.startswith(
        "**Кесте 18 – Қазақстан аймақтарының әлеуметтік тұрақтылығы тәуекелдерінің картасы, 2023 ж.**"
    )
    assert "| Абай | 95,82 Ж |" in kazakh  # Table 7's B1 for Abai, at most 100: high risk
    for figure in ("risk_dashboard", "high_risk_maps", "macro_regions"):
        for language in ("kk", "en"):
            assert (built.folder / "figures/2023/risk" / f"{figure}_{language}.png").stat().st_size > 10_000


def test_notebook_07_audits_both_methods_with_the_default_file(built):
    for method in BOTH:
        out = built.folder / "reports/2023" / method / "robustness"
        ranks = pd.read_csv(out / "rank_uncertainty.csv")
        assert list(ranks.columns[:8]) == [
            "region_id",
            "nominal_rank",
            "median_rank",
            "q05_rank",
            "q95_rank",
            "mean_rank",
            "p_top3",
            "p_bottom3",
        ]
        indices = pd.read_csv(built.folder / "data/processed/2023" / method / "indices.csv").set_index("region_id")
        assert (ranks.set_index("region_id").nominal_rank == indices.rank_isdr.loc[ranks.region_id]).all()
        assert ((ranks.q05_rank <= ranks.median_rank) & (ranks.median_rank <= ranks.q95_rank)).all()
        assert ranks.p_top3.sum() == pytest.approx(3.0)  # three places in the top three, in every run
        assert ranks.p_bottom3.sum() == pytest.approx(3.0)  # and in the bottom three (every region ranked)
        summary = json.loads((out / "monte_carlo.json").read_text(encoding="utf-8"))
        assert summary["settings"]["runs"] == 10_000 and summary["settings"]["seed"] == 2023
        # the dissertation's conclusions (Table 13's top and bottom three), asked of every run: the front page's
        # "what holds"
        published = published_top(built.folder / "data/reference/2023/table13_integral.csv", REGIONS, top=20)
        claims = summary["claims"]
        assert claims["top"]["regions"] == published[:3] and claims["bottom"]["regions"] == published[-3:]
        assert claims["all_medium"]["share"] == summary["share_every_isdr_medium"]
        for name in (
            "coherence_indicators",
            "coherence_pillars",
            "redundant_pairs",
            "sobol_indices",
            "leave_one_out",
            "leave_one_out_summary",
        ):
            assert (out / f"{name}.csv").is_file() and (out / f"{name}.md").read_text(encoding="utf-8").startswith(
                "## "
            )


def test_notebook_08_writes_the_reproduction_report(built):
    out = built.folder / "reports/2023/reproduction"
    summary = pd.read_csv(out / "summary.csv", dtype={"table": str}).set_index("table")
    expected = pd.read_csv(ROOT / "data/reference/2023/expected_differences.csv", dtype={"table": str})
    assert summary.compared.to_dict() == {**printed_cells_per_table(), **printed_risk_cells_per_table()}
    assert summary.unexplained.sum() == (expected.diagnosis == "unexplained").sum()
    assert (summary.compared - summary.matched).sum() == len(expected)
    errata = pd.read_csv(out / "errata.csv")
    assert list(errata.columns) == [
        "table",
        "region_id",
        "region",
        "indicator",
        "indicator_name",
        "statistic",
        "published",
        "recomputed",
        "recomputed_as_printed",
        "diagnosis",
        "evidence",
    ]
    from sdi.inputs.metadata import load_regions, region_names

    named = set(region_names(load_regions(ROOT / "data/raw/regions.csv"), "en").values())
    assert "Abai" in set(errata.region) and set(errata.region.dropna()) <= named and "Almaty" not in named
    text = (out / "README.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert (
        headings[:5]
        == [
            "## What to correct in the dissertation",
            "## Differences that need no correction",
            "## Do the conclusions stand?",
            "## Verdict per table",
            "## Causes of the differences",
        ]
        and "## Consequences" in headings
    )
    # the report's sections: Tables 7-14 and the text after Table 13, then the risk maps and their text
    unexplained = expected.diagnosis == "unexplained"
    in_risk_section = expected.table.isin(["15", "16", "17", "18", "19", "20", "text_risk"])
    assert ("### Why the unexplained cells stay unexplained" in text) == unexplained.any()
    assert ("No mismatch is left unexplained." in text) == (not (unexplained & ~in_risk_section).any())
    assert "## The risk maps (Tables 15–20) and the text on the risks" in text
    # every correction, risk section included, under "What to correct", table by table
    to_correct = text.split("## What to correct in the dissertation")[1].split("\n## ")[0]
    headings = {
        "15": "Table 15",
        "16": "Table 16",
        "17": "Table 17",
        "18": "Table 18",
        "19": "Table 19",
        "20": "Table 20",
        "text_risk": "Text on the risk maps",
    }
    risk_tables = [t for t in headings if t in set(expected.table)]
    assert [line for line in to_correct.splitlines() if line.startswith("### ")][-len(risk_tables) :] == [
        f"### {headings[t]}" for t in risk_tables
    ]
    risk_errata = errata[errata.table.astype(str).isin(risk_tables)]
    assert len(risk_errata) == in_risk_section.sum()
    to_change = risk_errata[risk_errata.diagnosis != "input_precision"]
    assert to_correct.count("\n- **") >= to_change.groupby(["table", "diagnosis", "indicator", "statistic"]).ngroups
    assert not [name for name in risk_errata.indicator_name if "_" in str(name)]  # bands and statements in words
    assert "## Which conclusions are robust" in text and "### The `corrected` method" in text  # notebook 07 ran first
    assert "### Do the text's statements on the risks stand?" in text
    assert "in 1040 of 1040 cells" in text  # the pipeline's own risk maps, by the printed bands
    assert (out / "rank_published_vs_recomputed_en.png").stat().st_size > 10_000
    assert "](rank_published_vs_recomputed_en.png)" in text
    # the Kazakh twins: the memo, and the errata as a Kazakh- or Russian-locale Excel opens them
    assert "](rank_published_vs_recomputed_kk.png)" in (out / "README_kk.md").read_text(encoding="utf-8")
    kazakh = pd.read_csv(out / "errata_kk.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(kazakh) == len(errata)


def test_the_site_of_2023_stands_alone(built):
    from test_site import assert_self_contained, read

    site = built.folder / "reports/2023/html"
    assert_self_contained(site)
    index = read(site / "index.html")
    matched = pd.read_csv(built.folder / "reports/2023/reproduction/summary.csv").matched.sum()
    assert index.count("<tr><td>Table ") == 8 + 10 and f"{matched} are reproduced" in index  # Tables 7-14 and 15-24
    # the verdict: every conclusion the audit asks, with its share of the thesis method's runs, in both languages
    audit = json.loads((built.folder / "reports/2023/thesis/robustness/monte_carlo.json").read_text(encoding="utf-8"))
    medium = round(100 * audit["claims"]["all_medium"]["share"])
    assert f"Every region's ISDR is medium (Table 14): holds in {medium} % of the runs" in index
    assert "The top three, " in index and "The bottom three, " in index
    kazakh = read(site / "index_kk.html")
    assert "түзетілген әдіспен" in kazakh and "Алғашқы үштік – " in kazakh and "Соңғы үштік – " in kazakh
    # a profile per region and language, linked from the front page, and the Word documents
    profiles = sorted(p.name for p in site.glob("profile_*.html"))
    assert len(profiles) == 40 and all(f'href="{name}"' in index + kazakh for name in profiles)
    assert (site / "files/profiles/profiles_2023_kk.docx").is_file() and (
        site / "files/profiles/profiles_2023_en.docx"
    ).is_file()
    listed = re.findall(r'<li><a href="([^"]+\.html)">', index.split("How it was computed")[1])
    assert listed == [
        "01_data_cleaning.html",
        "02_descriptive_statistics.html",
        "03_normalisation_thesis.html",
        "03_normalisation_corrected.html",
        "04_index_construction_thesis.html",
        "04_index_construction_corrected.html",
        "05_typology_thesis.html",
        "05_typology_corrected.html",
        "06_risk_maps.html",
        "07_robustness_thesis.html",
        "07_robustness_corrected.html",
        "08_reproduction.html",
    ]  # in the order the notebooks run
    # what the notebooks show a reader names regions and files, not ids and Python objects (the code may hold
    # an id: the worked examples pick Akmola, "KZ-11")
    for notebook in ("02_descriptive_statistics", "thesis/04_index_construction", "08_reproduction"):
        cells = json.loads((built.folder / "build/2023" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        shown = json.dumps([output for cell in cells for output in cell.get("outputs", [])], ensure_ascii=False)
        assert "PosixPath(" not in shown and "KZ-" not in shown.replace("KZ-xx", ""), notebook
    assert "Almaty Region" in read(site / "04_index_construction_thesis.html")


# --- make's graph: a change re-runs exactly the steps that use it -----------------------------------------------


@pytest.mark.parametrize(
    "changed, expected",
    [
        ("data/raw/2023/social.csv", YEAR_STEPS),
        ("data/raw/indicators.csv", EVERY_STEP),
        # the risk maps read the thesis indices; the reproduction check reads the risk maps and the robustness audit
        (
            "notebooks/04_index_construction.ipynb",
            {"04 thesis", "04 corrected", "05 thesis", "05 corrected", "06", "07 thesis", "07 corrected", "08", "site"},
        ),
        ("data/reference/2023/levels.csv", {"08", "site"}),
        ("data/reference/2023/text_claims.csv", {"08", "site"}),  # read by the reproduction check alone
        ("data/raw/heading_corrections.csv", {"08", "site"}),  # the memo's corrections of the Kazakh headings
        ("data/reference/2023/table18_social_risk_map.csv", {"06", "08", "site"}),  # read by both
        # imported by notebook 07, and by the reproduction report (08), which states the audit's conclusions
        ("src/sdi/robustness/sensitivity.py", {"07 thesis", "07 corrected", "08", "site"}),
        ("config/uncertainty.toml", {"07 thesis", "07 corrected", "08", "site"}),
        ("data/external/kz_adm1.geojson", {"05 thesis", "05 corrected", "06", "08", "site"}),
        ("src/sdi/publish/maps.py", {"05 thesis", "05 corrected", "06", "08", "site"}),  # the maps of 05 and 06
        ("data/reference/2023/expected_differences.csv", {"08", "site"}),
        # the SDG platform's files and the mapping, read by the input audit (08) and the trends (10)
        ("data/raw/sdg_series.csv", {"08", "10", "site"}),
        ("data/external/opensdg/data/indicator_1-2-1.csv", {"08", "10", "site"}),
        ("data/raw/territories.csv", {"10", "site"}),  # where a region's series breaks
        ("src/sdi/publish/site.py", {"site"}),
        ("src/sdi/__init__.py", EVERY_STEP),  # every `from sdi import ...`
        ("src/sdi/tools/run_notebook.py", EVERY_STEP),  # runs every notebook
    ],
)
def test_a_change_re_runs_exactly_the_steps_that_use_it(built, changed, expected):
    assert steps_made(built.folder, changed) == expected


def test_the_graph_follows_a_new_module(built):
    """A module split off from another, as refactoring does: make learns of it from the imports alone."""
    maps = built.folder / "src/sdi/publish/maps.py"
    new = built.folder / "src/sdi/publish/colours.py"
    original = maps.read_text(encoding="utf-8")
    try:
        new.write_text("SEA = 'lightblue'\n", encoding="utf-8")
        maps.write_text(
            original.replace("from sdi import PILLARS", "from sdi import PILLARS\nfrom sdi.publish.colours import SEA"),
            encoding="utf-8",
        )
        make(built.folder, "-t", "all", "YEAR=2023")  # mark the edit itself as made
        assert "src/sdi/publish/colours.py" in (built.folder / "build/make/deps.mk").read_text(encoding="utf-8")
        assert steps_made(built.folder, "src/sdi/publish/colours.py") == {
            "05 thesis",
            "05 corrected",
            "06",
            "08",
            "site",
        }
    finally:
        maps.write_text(original, encoding="utf-8")
        new.unlink()
        make(built.folder, "-t", "all", "YEAR=2023")  # the edit undone, and marked as made
    assert "colours.py" not in (built.folder / "build/make/deps.mk").read_text(encoding="utf-8")


# --- the settings make remembers ---------------------------------------------------------------------------------


def test_the_missing_policy_is_kept_until_it_is_given_again(built, tmp_path):
    folder = copy_built(built, tmp_path / "project")
    shown = make(folder, "-n", "all", "YEAR=2023", "MISSING=available").stdout
    assert (
        "-p method thesis -p missing available" in shown
    )  # notebook 03 is given the policy (it records it in method.json)
    assert (folder / "build/settings/MISSING").read_text().strip() == "worst"  # a dry run records nothing
    assert steps_made(folder, "build/settings/MISSING", "all", "MISSING=available") == {"06", "08", "site"} | {
        f"{n} {m}" for n in ("03", "04", "05", "07") for m in BOTH
    }
    assert (folder / "build/settings/MISSING").read_text().strip() == "available"
    # without MISSING, make keeps the recorded policy: the report, and everything, is up to date
    assert notebook_runs(make(folder, "-n", "report", "YEAR=2023").stdout) == set()
    assert notebook_runs(make(folder, "-n", "all", "YEAR=2023").stdout) == set()
    assert (
        "-p missing available" in make(folder, "-n", "-W", "data/processed/2023/clean.csv", "all", "YEAR=2023").stdout
    )
    # a dry run with another policy shows what it would re-run, and records nothing
    assert "03 thesis" in notebook_runs(make(folder, "-n", "all", "YEAR=2023", "MISSING=worst").stdout)
    assert (folder / "build/settings/MISSING").read_text().strip() == "available"


def test_a_wrong_setting_stops_make_before_anything_runs_and_is_not_recorded(built):
    for setting, value, said in (
        ("MISSING", "best", "unknown MISSING=best; choose from worst available"),
        ("THRESHOLDS", "median", "unknown THRESHOLDS=median; choose from auto published rule"),
        ("METHOD", "mine", "unknown METHOD=mine; choose from thesis corrected"),
        ("UNCERTAINTY", "config/none.toml", "no uncertainty file config/none.toml: name a file"),
    ):
        result = make(built.folder, "all", f"{setting}={value}", check=False)
        assert result.returncode and said in result.stderr and "run_notebook" not in result.stdout, setting
    assert (built.folder / "build/settings/UNCERTAINTY").read_text().strip() == "config/uncertainty.toml"
    result = make(built.folder, "all", "YEAR=1999", check=False)
    assert result.returncode and "no raw data for YEAR=1999: there is no data/raw/1999/social.csv" in result.stderr


def test_another_uncertainty_file_reruns_notebook_07_only_and_is_kept(built, tmp_path):
    folder = copy_built(built, tmp_path / "project")
    (folder / "small.toml").write_text(
        (folder / "config/uncertainty.toml")
        .read_text(encoding="utf-8")
        .replace("runs = 10000", "runs = 2000")
        .replace("sobol_samples = 4096", "sobol_samples = 256")
        .replace("indicator_weight_spread = 0.0", "indicator_weight_spread = 0.1")
        .replace("leave_one_out = false", "leave_one_out = true"),
        encoding="utf-8",
    )
    planned = make(folder, "-n", "robustness", "YEAR=2023", "METHOD=thesis", "UNCERTAINTY=small.toml").stdout
    assert [line for line in planned.splitlines() if "run_notebook" in line] == [
        ".venv/bin/python -m sdi.tools.run_notebook notebooks/07_robustness.ipynb "
        "build/2023/thesis/07_robustness.ipynb "
        "-p year 2023 -p method thesis -p uncertainty_file small.toml"
    ]
    assert (
        folder / "build/settings/UNCERTAINTY"
    ).read_text().strip() == "config/uncertainty.toml"  # a dry run records nothing
    made = make(folder, "robustness", "YEAR=2023", "METHOD=thesis", "UNCERTAINTY=small.toml")
    assert notebook_runs(made.stdout) == {"07 thesis"}
    summary = json.loads((folder / "reports/2023/thesis/robustness/monte_carlo.json").read_text(encoding="utf-8"))
    assert summary["settings"]["runs"] == 2000 and summary["settings"]["leave_one_out"] is True
    sobol = pd.read_csv(folder / "reports/2023/thesis/robustness/sobol_indices.csv")
    assert list(sobol.assumption) == [
        "normalisation",
        "aggregation",
        "pillar_weight_spread",
        "indicator_weight_spread",
        "leave_one_out",
    ]
    # kept: make report and make all re-run nothing more; the reproduction report states the new audit
    assert notebook_runs(make(folder, "-n", "robustness", "YEAR=2023", "METHOD=thesis").stdout) == set()
    assert touched(folder, "all", "YEAR=2023") == {
        "07 corrected",
        "08",
        "site",
    }  # the other method's audit, with the file


# --- bad input through make, as a user meets it -------------------------------------------------------------------


def test_bad_input_stops_make_with_one_line_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    raw = project / "data/raw/2023/social.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace(",26.31,61.17,", ",26.31,sixty,", 1), encoding="utf-8")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "data/raw").rglob("*") if p.is_file()}
    result = make(project, "all", "YEAR=2023", check=False)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: data/raw/2023/social.csv, row 4, column B8, value 'sixty': "
        "is not a number (leave the cell empty if the value is missing)"
    ]
    assert "Traceback" not in result.stdout + result.stderr
    # nothing of 2023 is written (the official trends, notebook 10, read no year's raw files and may run beside it)
    assert (
        not (project / "data/processed/2023").exists() and not (project / "build/2023/01_data_cleaning.ipynb").exists()
    )
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "data/raw").rglob("*") if p.is_file()}
    assert after == before  # the pipeline never writes data/raw


def test_a_year_without_provenance_warns_on_the_terminal(tmp_path):
    from conftest import run_notebook

    project = copy_project(tmp_path / "project", venv=False)
    (project / "data/raw/2023/PROVENANCE.md").unlink()
    result = run_notebook(project, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "warning: data/raw/2023/PROVENANCE.md is missing: write where each file's numbers come from"
    )


# --- the environment, bound to its folder ------------------------------------------------------------------------


def test_a_copied_project_makes_its_own_venv_before_anything_runs(tmp_path):
    """A .venv copied along with the project names the folder it was made for: make says so in one line and makes
    it again before anything else (it would run the other folder's code)."""
    project = copy_project(tmp_path / "project", venv=False)
    (project / ".venv").mkdir()
    (project / ".venv/.installed").write_text("/somewhere/else\n", encoding="utf-8")
    for goal, then in (("env", None), ("test", "-m pytest")):
        plan = make(project, "-n", goal).stdout.splitlines()
        assert plan[0] == f".venv was made for /somewhere/else, not for {project}: it is made again here"
        assert plan[1].endswith("src/sdi/tools/environment.py create .venv requirements.txt")
        assert then is None or then in plan[2]


def test_make_env_refuses_a_python_the_lock_is_not_made_for(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "src/sdi/tools", tmp_path / "src/sdi/tools")
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        re.sub(
            r'requires-python = "[^"]*"', f'requires-python = ">=3.1,<{here}"', pyproject.read_text(encoding="utf-8")
        ),
        encoding="utf-8",
    )
    result = make(tmp_path, "env", f"PYTHON={sys.executable}", check=False)
    assert result.returncode != 0
    assert f"error: Python >=3.1,<{here} is needed (the versions requirements.txt is locked for)" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_make_lab_installs_the_pinned_jupyterlab_into_the_venv_then_starts_it(built):
    shown = make(built.folder, "-n", "lab").stdout
    assert shown.rstrip().endswith(".venv/bin/python -m jupyter lab notebooks")
    if not (ROOT / ".venv/.lab-installed").exists():  # not yet installed in the borrowed .venv
        assert "environment.py add .venv requirements-lab.txt" in shown
