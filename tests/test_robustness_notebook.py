"""Notebook 07 under papermill, as make runs it: its outputs, byte-identical reruns, a malformed
uncertainty file, and the make rule that reruns it with another file."""

import hashlib
import json
import os
import shutil
import subprocess

import pandas as pd
import pytest

from sdi import io
from sdi.inputs import cleaning, metadata
from sdi.method import index, methods, normalisation

from conftest import ROOT, copy_raw, run_notebook

SMALL = """runs = 2000
seed = 5
sobol_samples = 256
normalisation = ["minmax", "rank"]
aggregation = ["arithmetic", "geometric"]
pillar_weight_spread = 0.25
indicator_weight_spread = 0.1
directions = ["nominal"]
missing = ["nominal"]
leave_one_out = true
"""
TABLES = ["coherence_indicators", "coherence_pillars", "redundant_pairs", "rank_uncertainty", "sobol_indices",
          "leave_one_out", "leave_one_out_summary"]
FIGURES = ["coherence", "rank_uncertainty", "sobol_indices", "leave_one_out"]


def project(folder):
    """The inputs of notebook 07 for 2023, thesis method: raw data, clean.csv, method.json, indices.csv
    (written by the library as notebooks 01, 03 and 04 write them)."""
    raw = copy_raw(folder / "data" / "raw")
    for name in ("notebooks", "config", "src"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "data" / "reference", folder / "data" / "reference")
    for name in ("Makefile", "requirements.txt", "requirements-lab.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, folder / name)  # file times kept: the borrowed .venv stays up to date
    regions, indicators = metadata.load_regions(raw / "regions.csv"), metadata.load_indicators(raw / "indicators.csv")
    clean, _ = cleaning.clean_year(raw / "2023", regions, indicators)
    spec = methods.get_method("thesis")
    scores = normalisation.score_table(cleaning.regional_values(clean), indicators, spec.direction_column)
    out = folder / "data/processed/2023"
    io.write_csv(clean, out / "clean.csv")
    io.write_text(json.dumps({"missing": "worst"}), out / "thesis/method.json")
    io.write_csv(index.index_table(scores, indicators, spec.include_column), out / "thesis/indices.csv")
    (folder / "small.toml").write_text(SMALL, encoding="utf-8")
    return folder


def outputs(folder):
    files = sorted((folder / "reports/2023/thesis/robustness").glob("*"))
    files += [folder / "figures/2023/thesis" / f"{f}_{lang}.{e}" for f in FIGURES for lang in ("kk", "en") for e in ("png", "svg")]
    return {f.relative_to(folder): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def run_08(folder, uncertainty_file="small.toml"):
    return run_notebook(folder, "07_robustness", "build/2023/thesis/07_robustness.ipynb",
                        year=2023, method="thesis", uncertainty_file=uncertainty_file)


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    folder = project(tmp_path_factory.mktemp("robustness"))
    result = run_08(folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_notebook_08_writes_every_table_figure_and_the_settings(audited):
    out = audited / "reports/2023/thesis/robustness"
    for name in TABLES:
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.md").read_text(encoding="utf-8").startswith("## ")
    for name in FIGURES:
        for language in ("kk", "en"):
            assert (audited / "figures/2023/thesis" / f"{name}_{language}.png").stat().st_size > 10_000
    ranks = pd.read_csv(out / "rank_uncertainty.csv")
    assert list(ranks.columns[:7]) == ["region_id", "nominal_rank", "median_rank", "q05_rank", "q95_rank", "mean_rank", "p_top3"]
    indices = pd.read_csv(audited / "data/processed/2023/thesis/indices.csv").set_index("region_id")
    assert (ranks.set_index("region_id").nominal_rank == indices.rank_isdr.loc[ranks.region_id]).all()
    assert ((ranks.q05_rank <= ranks.median_rank) & (ranks.median_rank <= ranks.q95_rank)).all()
    assert ranks.p_top3.sum() == pytest.approx(3.0)  # three places in the top three, in every run
    summary = json.loads((out / "monte_carlo.json").read_text(encoding="utf-8"))
    assert summary["settings"]["runs"] == 2000 and summary["settings"]["leave_one_out"] is True
    sobol = pd.read_csv(out / "sobol_indices.csv")
    assert list(sobol.assumption) == ["normalisation", "aggregation", "pillar_weight_spread", "indicator_weight_spread",
                                      "leave_one_out"]


def test_the_same_seed_and_file_give_byte_identical_outputs(audited):
    first = outputs(audited)
    assert len(first) == 2 * len(TABLES) + 1 + 2 * 2 * len(FIGURES)  # figures in two languages, PNG and SVG
    result = run_08(audited)
    assert result.returncode == 0, result.stderr
    assert outputs(audited) == first


def test_a_malformed_uncertainty_file_stops_with_one_line_and_writes_nothing(tmp_path):
    folder = project(tmp_path)
    (folder / "bad.toml").write_text(SMALL.replace('["minmax", "rank"]', '["minmax", "ranks"]'), encoding="utf-8")
    result = run_08(folder, "bad.toml")
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: bad.toml, key normalisation, value 'ranks': unknown normalisation option; "
                                     "choose from minmax, zscore, rank")
    assert not (folder / "reports").exists() and not (folder / "figures").exists()
    assert not (folder / "build/2023/thesis/07_robustness.ipynb").exists()


def test_make_robustness_reruns_notebook_08_with_the_named_file(tmp_path):
    folder = project(tmp_path)
    os.symlink(ROOT / ".venv", folder / ".venv")  # up to date (file times kept), so make plans no install

    def planned(*args):
        result = subprocess.run(["make", "-n", *args], cwd=folder, capture_output=True, text=True)
        return [line for line in result.stdout.splitlines() if "run_notebook notebooks/07_robustness" in line], result

    lines, _ = planned("robustness", "YEAR=2023", "METHOD=thesis", "UNCERTAINTY=small.toml")
    assert lines == [".venv/bin/python -m sdi.tools.run_notebook notebooks/07_robustness.ipynb build/2023/thesis/07_robustness.ipynb "
                     "-p year 2023 -p method thesis -p uncertainty_file small.toml"]
    # with none named (and none recorded: a dry run records nothing), the project's file
    lines, _ = planned("robustness", "YEAR=2023", "METHOD=thesis")
    assert len(lines) == 1 and lines[0].endswith("-p uncertainty_file config/uncertainty.toml")
    lines, result = planned("robustness", "UNCERTAINTY=nowhere.toml")
    assert result.returncode != 0 and "no uncertainty file nowhere.toml" in result.stderr
