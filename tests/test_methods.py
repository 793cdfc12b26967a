"""The methods and the missing-value policies: make checks METHOD and MISSING against the library's own lists
(sdi.tools.makefile writes them for it), and a method takes the run's policy."""

from conftest import ROOT

from sdi.method.methods import METHODS, MISSING_VALUE_POLICIES, get_method
from sdi.risk.thresholds import CHOICES
from sdi.tools import makefile


def test_make_is_told_the_library_s_methods_missing_value_policies_and_threshold_choices():
    lines = makefile.makefile(ROOT).splitlines()
    assert f"METHOD_CHOICES := {' '.join(METHODS)}" in lines and list(METHODS) == ["thesis", "corrected"]
    assert f"MISSING_CHOICES := {' '.join(MISSING_VALUE_POLICIES)}" in lines and list(MISSING_VALUE_POLICIES) == [
        "worst",
        "available",
    ]
    assert f"THRESHOLDS_CHOICES := {' '.join(CHOICES)}" in lines and list(CHOICES) == ["auto", "published", "rule"]


def test_make_is_told_each_step_s_outputs_with_its_placeholders():
    lines = makefile.makefile(ROOT).splitlines()
    scores = next(line for line in lines if line.startswith("OUTPUTS_03_normalisation = "))
    assert scores.split(" = ", 1)[1].split()[:2] == [
        "data/processed/$(1)/$(2)/scores.csv",
        "data/processed/$(1)/$(2)/method.json",
    ]
    assert "figures/$(1)/$(2)/score_heatmap_kk.svg" in scores
    panel = next(line for line in lines if line.startswith("OUTPUTS_09_panel = "))
    assert "data/processed/panel/$(2)/panel_indices.csv" in panel and "$(1)" not in panel
    trends = next(line for line in lines if line.startswith("OUTPUTS_10_trends = "))
    assert "data/processed/trends/trends.csv" in trends and "$(1)" not in trends and "$(2)" not in trends  # once
    audit = next(line for line in lines if line.startswith("OUTPUTS_11_input_audit = "))
    # a year's input audit alone (a year without published numbers): the three files notebook 08 writes for the others
    reproduction = next(line for line in lines if line.startswith("OUTPUTS_08_reproduction = ")).split(" = ", 1)[1]
    assert audit.split(" = ", 1)[1].split() == [
        "reports/$(1)/reproduction/input_audit.csv",
        "reports/$(1)/reproduction/input_audit_indicators.csv",
        "reports/$(1)/reproduction/input_audit_consequence.csv",
    ]
    assert set(audit.split(" = ", 1)[1].split()) < set(reproduction.split())
    assert len([line for line in lines if line.startswith("OUTPUTS_")]) == 11  # one per notebook


def test_a_method_takes_the_run_s_missing_value_policy():
    method = get_method("corrected", "available")
    assert (method.direction_column, method.missing, method.min_coverage) == ("direction", "available", 0.8)
