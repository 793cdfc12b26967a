"""Notebook 07 (the robustness audit) given a malformed uncertainty file: one line, and nothing written. (Its
outputs with the default file and with another one, run through make, are checked in test_pipeline.)"""

import json

import pytest
from conftest import copy_project, run_notebook

pytestmark = pytest.mark.end_to_end


def test_a_malformed_uncertainty_file_stops_with_one_line_and_writes_nothing(tmp_path):
    from sdi import io
    from sdi.inputs import cleaning
    from sdi.method import index, normalisation
    from sdi.method.context import load_run

    folder = copy_project(tmp_path / "project", venv=False)
    run = load_run(2023, "thesis", missing="worst", root=folder)  # notebook 07's inputs, as notebooks 01-04 write them
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    scores = normalisation.score_table(cleaning.regional_values(clean), run.indicators, "direction_thesis")
    io.write_csv(clean, run.processed / "clean.csv")
    io.write_text(json.dumps({"missing": "worst"}), run.method_dir / "method.json")
    io.write_csv(index.index_table(scores, run.indicators, "in_thesis_index"), run.method_dir / "indices.csv")
    text = (folder / "config/uncertainty.toml").read_text(encoding="utf-8")
    (folder / "bad.toml").write_text(
        text.replace('["minmax", "zscore", "rank"]', '["minmax", "ranks"]'), encoding="utf-8"
    )
    result = run_notebook(
        folder,
        "07_robustness",
        "build/2023/thesis/07_robustness.ipynb",
        year=2023,
        method="thesis",
        uncertainty_file="bad.toml",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: bad.toml, key normalisation, value 'ranks': unknown normalisation option; "
        "choose from minmax, zscore, rank"
    )
    assert not (folder / "reports").exists() and not (folder / "figures").exists()
    assert not (folder / "build/2023/thesis/07_robustness.ipynb").exists()
