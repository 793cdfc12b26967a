# The pipeline as a dependency graph: raw data -> clean -> statistics -> scores -> indices -> typology.
# `make all` and `make test` create .venv (pinned versions) on first use; nothing else to set up.
# Each notebook run writes its outputs atomically; a second `make all` does nothing.

ifeq ($(filter grouped-target,$(.FEATURES)),)
$(error GNU make 4.3 or newer is needed (this is $(MAKE_VERSION)); on macOS: brew install make, then use gmake)
endif

SHELL := /bin/bash
.DELETE_ON_ERROR:

# Independent notebooks run in parallel, one more than there are cores: a notebook run leaves its core
# idle part of the time (starting its kernel, writing its outputs), and the spare run fills it (make all
# YEAR=2023 on 2 cores: 21.1 s with 2 jobs, 19.3 s with 3; benchmarks/README.md). `make JOBS=1 ...`
# runs one at a time. Not with clean among the goals, which must not race the targets it deletes.
CORES := $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
JOBS ?= $(shell echo $$(( $(CORES) + 1 )))
ifeq ($(filter clean clean-env,$(MAKECMDGOALS)),)
MAKEFLAGS += -j$(JOBS)
endif
.DEFAULT_GOAL := help

PYTHON ?= python3
# The Python versions the lock (requirements.txt) is made for; pyproject.toml's requires-python and the
# lock's header say the same (a test checks), and `make env` refuses any other.
PYTHON_MIN := 3.10
PYTHON_BELOW := 3.14
VENV := .venv
PY := $(VENV)/bin/python
ENV_READY := $(VENV)/.installed
PIP := $(PY) -m pip --disable-pip-version-check --quiet

# Every year with a raw-data folder; narrow with `make all YEAR=2023 METHOD=thesis`.
YEARS := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard data/raw/*/social.csv)))))
YEAR ?= $(YEARS)
METHOD ?= thesis corrected
ifeq ($(filter new-year,$(MAKECMDGOALS)),)
ifneq ($(filter-out $(YEARS),$(YEAR)),)
$(error no raw data for YEAR=$(filter-out $(YEARS),$(YEAR)): there is no data/raw/$(firstword $(filter-out $(YEARS),$(YEAR)))/social.csv (years found: $(or $(YEARS),none)))
endif
endif
# The missing-value policy is a setting, not a file: it is recorded in this stamp, which changes only
# when a MISSING given on the command line (or in the environment) differs from the one recorded, so
# `make all MISSING=available` re-runs exactly what depends on it. Without MISSING, make uses the
# recorded one (worst when none is, e.g. after `make clean`): `make report` or `make all` after
# `make all MISSING=available` keep `available` and re-run nothing.
SETTINGS := build/settings/missing
MISSING_RECORDED := $(shell cat $(SETTINGS) 2>/dev/null)
ifeq ($(origin MISSING),undefined)
MISSING := $(or $(MISSING_RECORDED),worst)
endif
ifneq ($(filter-out worst available,$(MISSING)),)
$(error unknown MISSING=$(MISSING); choose worst (the dissertation's: a missing value scores 1) or available (the mean of the scores that exist, 80 % coverage))
endif
# A dry run (make -n) or a question (make -q) records nothing; it shows or says what would re-run.
NO_EXEC := $(findstring n,$(filter-out --%,$(firstword -$(MAKEFLAGS))))$(findstring q,$(filter-out --%,$(firstword -$(MAKEFLAGS))))
# $(1) a setting's stamp, $(2) its value, $(3) the value recorded: the stamp changes only when the value does
define record_setting
ifneq ($(2),$(3))
ifeq ($(NO_EXEC),)
$$(shell mkdir -p $(dir $(1)) && echo "$(2)" > $(1))
else
.PHONY: $(1)
endif
endif
endef
$(eval $(call record_setting,$(SETTINGS),$(MISSING),$(MISSING_RECORDED)))
ifneq ($(filter-out thesis corrected,$(METHOD)),)
$(error unknown METHOD=$(filter-out thesis corrected,$(METHOD)); choose thesis and/or corrected)
endif

RUN := $(PY) -m sdi.tools.run_notebook
METADATA := data/raw/regions.csv data/raw/indicators.csv data/raw/plausible_ranges.csv
BOUNDARIES := data/external/kz_adm1.geojson

.PHONY: help all report test bench env lock lab lab-env new-year clean clean-env

# --- which library files each step uses, read from the imports ------------------------------------
# build/deps.mk sets DEPS_<notebook> and DEPS_<module run with -m> to the files of src/sdi that the
# notebook or module imports, directly or through other modules (src/sdi/tools/depends.py, standard library
# only). It is remade, and make restarts with it, whenever a notebook or a library file changes, so
# a new module or a moved function needs no edit here.
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
GRAPH := build/deps.mk
GRAPH_GOALS_NOT := help env lock lab lab-env test bench new-year clean clean-env
ifneq ($(filter-out $(GRAPH_GOALS_NOT),$(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))),)
include $(GRAPH)
endif
$(GRAPH): $(NOTEBOOKS) $(shell find src -name '*.py' 2>/dev/null)
	$(PYTHON) src/sdi/tools/depends.py $@ $(NOTEBOOKS) sdi.tools.run_notebook sdi.publish.site
# a notebook step's prerequisites: the notebook, what it imports and the runner
step = notebooks/$(1).ipynb $(DEPS_notebooks/$(1).ipynb) $(DEPS_sdi.tools.run_notebook)

help: ## list the targets
	@echo "Targets (YEAR=$(YEAR), METHOD=$(METHOD)):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 20

env: $(ENV_READY) ## create .venv with the pinned environment

# --clear: a changed lock gives a clean environment, with no package left over from the last one
$(ENV_READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; lo, hi = (tuple(map(int, v.split("."))) for v in sys.argv[1:]); sys.exit(not lo <= sys.version_info[:2] < hi)' $(PYTHON_MIN) $(PYTHON_BELOW) || \
	  { echo "error: Python >=$(PYTHON_MIN),<$(PYTHON_BELOW) is needed (the versions requirements.txt is locked for); $(PYTHON) is $$($(PYTHON) --version 2>&1)"; exit 1; }
	$(PYTHON) -m venv --clear $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name sdi --display-name "Python (sdi)" >/dev/null
	@touch $@

# --- per year: 01 cleaning, 02 descriptive statistics --------------------------------------
define year_rules
data/processed/$(1)/clean.csv data/processed/$(1)/cleaning_log.csv &: $(call step,01_data_cleaning) $(wildcard data/raw/$(1)/*.csv) $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/01_data_cleaning.ipynb -p year $(1)

data/processed/$(1)/descriptive_statistics.csv &: $(call step,02_descriptive_statistics) data/processed/$(1)/clean.csv | $(ENV_READY)
	$(RUN) $$< build/$(1)/02_descriptive_statistics.ipynb -p year $(1)
endef

# --- per year and method: 03 normalisation, 04 index construction, 05 typology ---------------
TABLE_NAMES := table07_social_indicators table08_economic_indicators table09_ecological_indicators \
  table10_social_scores table11_economic_scores table12_ecological_scores table13_integral_index table14_typology
# every figure in English and in Kazakh (sdi.figures.LANGUAGES), as PNG and SVG
FIGURE_LANGUAGES := en kk
figure_files = $(foreach f,$(1),$(foreach l,$(FIGURE_LANGUAGES),$(foreach e,png svg,$(f)_$(l).$(e))))
figures_of = $(addprefix figures/$(1)/,$(call figure_files,$(2)))
# the figures of notebook 05: a map of each index and of its levels
MAPS := $(foreach m,index typology,$(foreach c,social economic ecological isdr,$(m)_map_$(c)))
# Tables 7-14 in Kazakh and English (sdi.publish.output_files lists the same; a test checks)
tables_of = $(foreach l,kk en,$(foreach t,$(TABLE_NAMES),$(foreach e,csv md,reports/$(1)/$(2)/tables/$(l)/$(t).$(e))) \
  $(foreach e,xlsx docx,reports/$(1)/$(2)/tables/tables_$(1)_$(2)_$(l).$(e)))

# $(1) year, $(2) method
define method_rules
data/processed/$(1)/$(2)/scores.csv data/processed/$(1)/$(2)/method.json $(call figures_of,$(1)/$(2),score_heatmap) &: $(call step,03_normalisation) data/processed/$(1)/clean.csv $(SETTINGS) $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/03_normalisation.ipynb -p year $(1) -p method $(2) -p missing $(MISSING)

data/processed/$(1)/$(2)/indices.csv $(call figures_of,$(1)/$(2),pillar_indices isdr_ranking) &: $(call step,04_index_construction) data/processed/$(1)/$(2)/scores.csv $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/04_index_construction.ipynb -p year $(1) -p method $(2)

data/processed/$(1)/$(2)/typology.csv $(call tables_of,$(1),$(2)) $(call figures_of,$(1)/$(2),pillar_scatter $(MAPS)) &: $(call step,05_typology) data/processed/$(1)/$(2)/indices.csv data/processed/$(1)/$(2)/scores.csv data/processed/$(1)/descriptive_statistics.csv $(METADATA) $(BOUNDARIES) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/05_typology.ipynb -p year $(1) -p method $(2)
endef

# --- per year: 06 reproduction check (only for years with published reference numbers) --------
# it reads every file in data/reference/<year>/ (the tables, expected_differences.csv, unexplained*.md), the
# printed risk bands, and, for a year with published risk maps, the risk step's risk.csv and risk.json (its
# section compares the pipeline's own risk maps with the printed bands')
REPRODUCTION_FILES := errata.csv summary.csv README.md $(call figure_files,rank_published_vs_recomputed rank_shift_thesis_vs_corrected)
reproduction_risk_inputs = data/raw/risk_thresholds.csv $(if $(wildcard data/reference/$(1)/table18_social_risk_map.csv),data/processed/$(1)/risk.csv data/processed/$(1)/risk.json)
define reproduction_rules
$(foreach f,$(REPRODUCTION_FILES),reports/$(1)/reproduction/$(f)) &: $(call step,08_reproduction) data/processed/$(1)/clean.csv data/processed/$(1)/thesis/indices.csv data/processed/$(1)/corrected/indices.csv $(wildcard data/reference/$(1)/*) $(call reproduction_risk_inputs,$(1)) $(foreach m,thesis corrected,reports/$(1)/$(m)/robustness/rank_uncertainty.csv) $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/08_reproduction.ipynb -p year $(1)
endef
REFERENCE_YEARS := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard data/reference/*/expected_differences.csv)))))

# --- with two or more years: 07 panel, per method -------------------------------------------------
PANEL_FILES := panel_indices.csv bounds_effect.csv rank_change.csv
define panel_rules
$(foreach f,$(PANEL_FILES),data/processed/panel/$(1)/$(f)) $(call figures_of,panel/$(1),isdr_over_time rank_change) &: $(call step,09_panel) $(foreach y,$(YEARS),data/processed/$(y)/clean.csv) $(SETTINGS) $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/panel/$(1)/09_panel.ipynb -p method $(1) -p missing $(MISSING)
endef

$(foreach y,$(YEARS),$(eval $(call year_rules,$(y))))
$(if $(word 2,$(YEARS)),$(foreach m,thesis corrected,$(eval $(call panel_rules,$(m)))))
$(foreach y,$(filter $(YEARS),$(REFERENCE_YEARS)),$(eval $(call reproduction_rules,$(y))))
$(foreach y,$(YEARS),$(foreach m,thesis corrected,$(eval $(call method_rules,$(y),$(m)))))

OUTPUTS := $(foreach y,$(YEAR),data/processed/$(y)/clean.csv data/processed/$(y)/descriptive_statistics.csv \
  $(foreach m,$(METHOD),data/processed/$(y)/$(m)/typology.csv))
# the panel runs when every year is asked for (the default) and there are two or more
ifeq ($(sort $(YEAR)),$(YEARS))
OUTPUTS += $(if $(word 2,$(YEARS)),$(foreach m,$(METHOD),data/processed/panel/$(m)/panel_indices.csv))
endif
# the reproduction check needs both methods, so it runs when METHOD is left at both
ifeq ($(sort $(METHOD)),corrected thesis)
OUTPUTS += $(foreach y,$(filter $(REFERENCE_YEARS),$(YEAR)),reports/$(y)/reproduction/README.md)
endif

# --- per year: 06 risk maps and macro-regions (Tables 15-24) -------------------------------------
# Self-contained: settings, rules and outputs of the risk step. THRESHOLDS chooses the risk bands:
# auto (default: published for a year whose risk maps the dissertation printed, i.e. with
# data/reference/<year>/table18_social_risk_map.csv; rule for any other year), published (the bands
# printed in Tables 18-20, fixed across years) or rule (bands from the year's own data).
# Like MISSING, the choice is recorded in a stamp and kept until another is given.
RISK_SETTINGS := build/settings/thresholds
THRESHOLDS_RECORDED := $(shell cat $(RISK_SETTINGS) 2>/dev/null)
ifeq ($(origin THRESHOLDS),undefined)
THRESHOLDS := $(or $(THRESHOLDS_RECORDED),auto)
endif
ifneq ($(filter-out auto published rule,$(THRESHOLDS)),)
$(error unknown THRESHOLDS=$(THRESHOLDS); choose auto (published for a year with published risk maps, rule otherwise), published (the bands printed in Tables 18-20, fixed across years) or rule (bands from the year's own data))
endif
$(eval $(call record_setting,$(RISK_SETTINGS),$(THRESHOLDS),$(THRESHOLDS_RECORDED)))
RISK_DATA := risk.csv risk_rollup.csv risk_macro_regions.csv risk_thresholds_used.csv risk.json
RISK_TABLE_NAMES := table15_social_risk_criteria table16_economic_risk_criteria table17_ecological_risk_criteria \
  table18_social_risk_map table19_economic_risk_map table20_ecological_risk_map macro_regions \
  table21_west_scenarios table22_east_centre_scenarios table23_south_south-east_scenarios table24_north_scenarios
# Tables 15-24 in Kazakh and English (sdi.risk_publish.output_files lists the same; a test checks)
risk_tables_of = $(foreach l,kk en,$(foreach t,$(RISK_TABLE_NAMES),$(foreach e,csv md,reports/$(1)/risk/tables/$(l)/$(t).$(e))) \
  $(foreach e,xlsx docx,reports/$(1)/risk/tables/tables_$(1)_risk_$(l).$(e)))
RISK_INPUTS := data/raw/risk_thresholds.csv data/raw/macro_regions.csv data/raw/scenarios.csv
# $(1) year; the macro-regions use the thesis method's indices
define risk_rules
$(foreach f,$(RISK_DATA),data/processed/$(1)/$(f)) $(call risk_tables_of,$(1)) $(call figures_of,$(1)/risk,risk_dashboard high_risk_maps macro_regions) &: $(call step,06_risk_maps) data/processed/$(1)/clean.csv data/processed/$(1)/descriptive_statistics.csv data/processed/$(1)/thesis/indices.csv $(RISK_SETTINGS) $(RISK_INPUTS) $(wildcard data/reference/$(1)/table1[5-9]_*.csv data/reference/$(1)/table20_*.csv) $(METADATA) $(BOUNDARIES) | $(ENV_READY)
	$(RUN) $$< build/$(1)/06_risk_maps.ipynb -p year $(1) -p thresholds $(THRESHOLDS)
endef
$(foreach y,$(YEARS),$(eval $(call risk_rules,$(y))))
OUTPUTS += $(foreach y,$(YEAR),data/processed/$(y)/risk.csv)
# --- end of the risk step ------------------------------------------------------------------------

# === robustness audit (notebook 07): coherence, Monte Carlo ranks, Sobol' indices, leave-one-out ===
# UNCERTAINTY names the uncertainty file; `make robustness UNCERTAINTY=other.toml` reruns notebook 07
# with another one (narrowed by YEAR and METHOD) and writes to the same place. Like MISSING, the file
# is recorded in a stamp, kept until another is given (config/uncertainty.toml when none is), so
# switching files reruns exactly notebook 07 and `make report` afterwards reruns nothing.
UNCERTAINTY_SETTING := build/settings/uncertainty
UNCERTAINTY_RECORDED := $(shell cat $(UNCERTAINTY_SETTING) 2>/dev/null)
ifeq ($(origin UNCERTAINTY),undefined)
UNCERTAINTY := $(or $(UNCERTAINTY_RECORDED),config/uncertainty.toml)
endif
ifneq ($(filter all robustness report,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(UNCERTAINTY)),)
$(error no uncertainty file $(UNCERTAINTY): name a file that exists, e.g. make robustness UNCERTAINTY=config/uncertainty.toml)
endif
endif
$(eval $(call record_setting,$(UNCERTAINTY_SETTING),$(UNCERTAINTY),$(UNCERTAINTY_RECORDED)))
ROBUSTNESS_TABLES := coherence_indicators coherence_pillars redundant_pairs rank_uncertainty sobol_indices leave_one_out leave_one_out_summary
ROBUSTNESS_FIGURES := coherence rank_uncertainty sobol_indices leave_one_out
robustness_files = reports/$(1)/robustness/monte_carlo.json $(foreach t,$(ROBUSTNESS_TABLES),$(foreach e,csv md,reports/$(1)/robustness/$(t).$(e)))

# $(1) year, $(2) method
define robustness_rules
$(call robustness_files,$(1)/$(2)) $(call figures_of,$(1)/$(2),$(ROBUSTNESS_FIGURES)) &: $(call step,07_robustness) data/processed/$(1)/clean.csv data/processed/$(1)/$(2)/indices.csv $(UNCERTAINTY) $(UNCERTAINTY_SETTING) $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/07_robustness.ipynb -p year $(1) -p method $(2) -p uncertainty_file $(UNCERTAINTY)
endef
$(foreach y,$(YEARS),$(foreach m,thesis corrected,$(eval $(call robustness_rules,$(y),$(m)))))

ROBUSTNESS := $(foreach y,$(YEAR),$(foreach m,$(METHOD),reports/$(y)/$(m)/robustness/rank_uncertainty.csv))
OUTPUTS += $(ROBUSTNESS)
.PHONY: robustness
robustness: $(ROBUSTNESS) ## rerun the robustness audit (notebook 07) with UNCERTAINTY=<file>, for YEAR and METHOD
# === end of the robustness audit ===================================================================

# --- the browsable report: every executed notebook as HTML, with an index -----------------------
# a year's site links the panel's when there is one: it is made after the panel
define report_rules
reports/$(1)/html/index.html: $(filter data/processed/$(1)/% reports/$(1)/% data/processed/panel/%,$(OUTPUTS)) $(DEPS_sdi.publish.site) | $(ENV_READY)
	$(PY) -m sdi.publish.site $(1)
endef
$(foreach y,$(YEAR),$(eval $(call report_rules,$(y))))
REPORTS := $(foreach y,$(YEAR),reports/$(y)/html/index.html)
ifneq ($(filter data/processed/panel/%,$(OUTPUTS)),)
$(eval $(call report_rules,panel))
REPORTS += reports/panel/html/index.html
endif

all: $(OUTPUTS) $(REPORTS) ## run the whole pipeline for YEAR and METHOD (default: every year, both methods), then the report

report: $(REPORTS) ## render the executed notebooks and an index to reports/<year>/html/

test: $(ENV_READY) ## run the whole test suite
	$(PY) -m pytest

bench: $(ENV_READY) ## time the pipeline and the sdi steps (a benchmark, not a test); BEFORE=<commit> times that commit's pipeline too
	$(PY) benchmarks/bench.py $(if $(BEFORE),--before $(BEFORE))

new-year: $(ENV_READY) ## create data/raw/YEAR/ with empty files to fill in and a checklist (make new-year YEAR=2024)
	@$(PY) -m sdi.inputs.templates $(YEAR)

# JupyterLab is optional: not in the pipeline's environment, installed into .venv on first `make lab`,
# pinned by requirements-lab.txt (made by `make lock` with the pipeline's pins as constraints).
LAB_READY := $(VENV)/.lab-installed
$(LAB_READY): requirements-lab.txt $(ENV_READY)
	$(PIP) install -r requirements-lab.txt
	@touch $@

lab-env: $(LAB_READY) ## install JupyterLab (pinned) into .venv, without starting it

lab: $(LAB_READY) ## open JupyterLab on the notebooks (installs it on first use)
	$(VENV)/bin/jupyter lab notebooks

# The lock: uv (pinned; in its own venv under build/, apart from .venv) resolves requirements.in for
# every Python from PYTHON_MIN on and every platform at once (--universal). Where a package's pinned
# release has dropped Python 3.10, the lock gets two lines, each with a python_full_version marker:
# the newest release that still supports 3.10 for 3.10, and the pinned one for 3.11 and later. uv
# keeps the versions already in the lock unless requirements.in asks otherwise; to move one, change
# its pin in requirements.in (or delete its line from the lock) and run `make lock`.
UV_VERSION := 0.13.8
LOCK_TOOLS := build/lock-tools
UV_COMPILE := $(LOCK_TOOLS)/bin/uv pip compile --quiet --no-config --universal --python-version $(PYTHON_MIN) --custom-compile-command "make lock"
LOCK_HEADER := \
  "\# The full lock of the environment that make installs into .venv: every package at its exact version," \
  "\# for Python >=$(PYTHON_MIN),<$(PYTHON_BELOW) on Linux, macOS and Windows; a line with a marker applies only where" \
  "\# it holds (pip skips the others). Made by \`make lock\` from requirements.in: do not edit by hand."
lock: ## re-make requirements.txt and requirements-lab.txt from requirements.in and requirements-lab.in (needs PyPI)
	@test -x $(LOCK_TOOLS)/bin/uv || { $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	$(UV_COMPILE) requirements.in -o requirements.txt
	@{ printf '%s\n' $(LOCK_HEADER); cat requirements.txt; } > requirements.txt.tmp && mv requirements.txt.tmp requirements.txt
	$(UV_COMPILE) requirements-lab.in --constraint requirements.txt -o requirements-lab.txt
	@{ printf '%s\n' $(subst environment that make installs into .venv,JupyterLab that make lab adds to .venv,$(LOCK_HEADER)); cat requirements-lab.txt; } > requirements-lab.txt.tmp && mv requirements-lab.txt.tmp requirements-lab.txt

clean: ## delete every generated output (keeps .venv)
	rm -rf data/processed build reports figures

clean-env: ## delete .venv
	rm -rf $(VENV)
