"""The pipeline as data: its notebooks in the order they run, what each is run for, and the files it writes.

make learns the outputs from here (`sdi.tools.makefile` writes them into build/make/pipeline.mk), so a
file a step writes is named once, in Python: the writers' own lists where they have one
(`tables.output_files`, `risk_tables.output_files`, the robustness report's tables, the figures of each step
in `figures.STEP_FIGURES`), the data files below otherwise. A test runs the pipeline and checks that every
step writes exactly what is listed.

A step runs per `year`, per `year` and `method`, per `method` across the years (the panel), or `once` (the
official trends, from the SDG platform's files and data/raw alone). The input audit of a year is part of the
reproduction (08) where the year has the dissertation's numbers (data/reference/<year>/), and a step of its own
(11) where it has not: make runs one or the other, never both, so each file has one writer per year. A step's
outputs are a function of the year and the method, so that make can ask for them with its own placeholders
($(1), $(2)) and needs no new rule for a new year.
"""

from dataclasses import dataclass

from sdi.inputs.cleaning import OUTPUT_FILES as CLEANING_FILES
from sdi.method.context import METHOD_SETTINGS
from sdi.method.trends import FOLDER as TRENDS
from sdi.method.trends import OUTPUT_FILES as TREND_FILES
from sdi.publish import risk_tables, tables
from sdi.publish import trends as trend_tables
from sdi.publish.figures import LANGUAGES, STEP_FIGURES
from sdi.publish.robustness_report import TITLES as ROBUSTNESS_TABLES
from sdi.reproduction.input_audit import OUTPUT_FILES as INPUT_AUDIT_FILES
from sdi.risk.classification import RECORD_FILE as RISK_RECORD

FIGURE_FORMATS = ("png", "svg")
RISK_DATA = ["risk.csv", "risk_rollup.csv", "risk_macro_regions.csv", "risk_thresholds_used.csv", RISK_RECORD]
REPRODUCTION_FILES = ["errata.csv", "errata_kk.csv", "summary.csv", "README.md", "README_kk.md", *INPUT_AUDIT_FILES]
PANEL_FILES = ["panel_indices.csv", "bounds_effect.csv", "rank_change.csv"]


@dataclass(frozen=True)
class Step:
    notebook: str
    per: str  # "year", "year method", "method" or "once"


STEPS = [
    Step("01_data_cleaning", "year"),
    Step("02_descriptive_statistics", "year"),
    Step("03_normalisation", "year method"),
    Step("04_index_construction", "year method"),
    Step("05_typology", "year method"),
    Step("06_risk_maps", "year"),
    Step("07_robustness", "year method"),
    Step("08_reproduction", "year"),
    Step("09_panel", "method"),
    Step("10_trends", "once"),
    # the input audit alone, for a year with raw data but no published numbers (notebook 08 audits the others)
    Step("11_input_audit", "year"),
]


def figure_files(folder, names):
    return [f"{folder}/{name}_{language}.{ext}" for name in names for language in LANGUAGES for ext in FIGURE_FORMATS]


def outputs(notebook, year="$(1)", method="$(2)", *, macro=None):
    """The files `notebook` writes for `year` and `method` (a panel step: for `method`), relative to the
    project root. `macro`: the macro-regions (data/raw/macro_regions.csv), which name Tables 21-24."""
    data, data_method = f"data/processed/{year}", f"data/processed/{year}/{method}"
    figures = STEP_FIGURES.get(notebook, [])
    if notebook == "01_data_cleaning":
        return [f"{data}/{name}" for name in CLEANING_FILES]
    if notebook == "02_descriptive_statistics":
        return [f"{data}/descriptive_statistics.csv"]
    if notebook == "03_normalisation":
        return [f"{data_method}/scores.csv", f"{data_method}/{METHOD_SETTINGS}"] + figure_files(
            f"figures/{year}/{method}", figures
        )
    if notebook == "04_index_construction":
        return [f"{data_method}/indices.csv"] + figure_files(f"figures/{year}/{method}", figures)
    if notebook == "05_typology":
        return (
            [f"{data_method}/typology.csv"]
            + [f"reports/{year}/{method}/tables/{name}" for name in tables.output_files(year, method)]
            + figure_files(f"figures/{year}/{method}", figures)
        )
    if notebook == "06_risk_maps":
        return (
            [f"{data}/{name}" for name in RISK_DATA]
            + [f"reports/{year}/risk/tables/{name}" for name in risk_tables.output_files(year, macro)]
            + figure_files(f"figures/{year}/risk", figures)
        )
    if notebook == "07_robustness":
        folder = f"reports/{year}/{method}/robustness"
        return (
            [f"{folder}/monte_carlo.json"]
            + [f"{folder}/{name}.{ext}" for name in ROBUSTNESS_TABLES for ext in ("csv", "md")]
            + figure_files(f"figures/{year}/{method}", figures)
        )
    if notebook == "08_reproduction":
        folder = f"reports/{year}/reproduction"
        return [f"{folder}/{name}" for name in REPRODUCTION_FILES] + figure_files(folder, figures)
    if notebook == "09_panel":
        return [f"data/processed/panel/{method}/{name}" for name in PANEL_FILES] + figure_files(
            f"figures/panel/{method}", figures
        )
    if notebook == "10_trends":
        return (
            [f"data/processed/{TRENDS}/{name}" for name in TREND_FILES]
            + [f"reports/{TRENDS}/tables/{name}" for name in trend_tables.output_files()]
            + figure_files(f"figures/{TRENDS}", figures)
        )
    if notebook == "11_input_audit":
        return [f"reports/{year}/reproduction/{name}" for name in INPUT_AUDIT_FILES]
    raise ValueError(f"no step {notebook!r}; the steps are {', '.join(s.notebook for s in STEPS)}")
