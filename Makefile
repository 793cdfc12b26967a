# The pipeline as a dependency graph: raw data -> 01 clean -> 02 statistics -> 03 scores -> 04 indices -> 05 typology
# -> 06 risk maps -> 07 robustness -> 08 reproduction -> the site (09: the years side by side; 10: official trends).
# `make all` and `make test` make .venv on first use; a step re-runs only when something it reads changes. Make reads
# what Python knows: build/make/deps.mk (sdi.tools.depends) and build/make/pipeline.mk (sdi.tools.makefile).
$(if $(filter grouped-target,$(.FEATURES)),,$(error GNU make 4.3 or newer is needed (this is $(MAKE_VERSION)); \
  on macOS: brew install make, then use gmake))
SHELL := /bin/bash
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
# One more job than cores (a notebook leaves its core idle part of the time); JOBS=1: one at a time; never with clean
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2) + 1 )))
MAKEFLAGS += $(if $(filter clean clean-env,$(MAKECMDGOALS)),,-j$(JOBS))

# --- the environment: .venv from the lock (sdi.tools.environment: uv, or pip where uv cannot be had) -------
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_READY := $(VENV)/.installed
ENVIRONMENT := $(PYTHON) src/sdi/tools/environment.py
export PYTHONPATH := $(CURDIR)/src
# A .venv belongs to the folder it sits in (its stamp names it): one copied or moved is made again first.
ENV_MADE_FOR := $(shell cat $(ENV_READY) 2>/dev/null)
ifneq ($(ENV_MADE_FOR),$(if $(wildcard $(ENV_READY)),$(abspath $(dir $(realpath $(ENV_READY)))..),))
$(info .venv was made for $(or $(ENV_MADE_FOR),an earlier layout), not for $(CURDIR): it is made again here)
.PHONY: $(ENV_READY)
endif

# --- the years and the settings ------------------------------------------------------------------------------
YEARS := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard data/raw/*/social.csv)))))
YEAR ?= $(YEARS)
METHOD ?= thesis corrected
$(if $(filter new-year import-sdg,$(MAKECMDGOALS)),,$(if $(filter-out $(YEARS),$(YEAR)),$(error no raw data for \
  YEAR=$(filter-out $(YEARS),$(YEAR)): there is no data/raw/$(firstword $(filter-out $(YEARS),$(YEAR)))/social.csv \
  (years found: $(or $(YEARS),none)))))

GENERATED := build/make/deps.mk build/make/pipeline.mk
NO_PIPELINE := help env lock lab lab-env check test lint bench new-year import-sdg clean clean-env
ifneq ($(filter-out $(NO_PIPELINE),$(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))),)
include $(GENERATED)
endif
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
LIBRARY := $(shell find src -name '*.py')
build/make/deps.mk: $(NOTEBOOKS) $(LIBRARY)
	$(PYTHON) src/sdi/tools/depends.py $@ $(NOTEBOOKS) sdi.tools.run_notebook sdi.publish.site
# and the library's bytecode, compiled when it changes: where PYTHONDONTWRITEBYTECODE is set, each kernel would redo it
build/make/pipeline.mk: $(LIBRARY) data/raw/regions.csv data/raw/macro_regions.csv | $(ENV_READY)
	$(PY) -m compileall -q src/sdi && $(PY) -m sdi.tools.makefile $@

# A setting is remembered in build/settings/<NAME> until given again: `make all MISSING=available` re-runs what
# depends on it and a later `make report` keeps it; make -n and make -q record nothing. $(1) the setting, $(2) its
# default, $(3) what it names if it names a file; its choices, if it has a list, are $($(1)_CHOICES) from Python.
FLAG_LETTERS := $(filter-out --%,$(firstword -$(MAKEFLAGS)))
NO_EXEC := $(findstring n,$(FLAG_LETTERS))$(findstring q,$(FLAG_LETTERS))
define remember
$(1)_RECORDED := $$(shell cat build/settings/$(1) 2>/dev/null)
$(1) := $$(if $$(filter undefined,$$(origin $(1))),$$(or $$($(1)_RECORDED),$(2)),$$($(1)))
$$(if $$($(1)_CHOICES),$$(if $$(filter-out $$($(1)_CHOICES),$$($(1))),$$(error unknown $(1)=$$($(1)); choose from \
  $$($(1)_CHOICES) (the README says what each does))))
$$(if $(3),$$(if $$(wildcard $$($(1))),,$$(error no $(3) $$($(1)): name a file that exists, e.g. $(1)=$(2))))
ifneq ($$($(1)),$$($(1)_RECORDED))
ifeq ($(NO_EXEC),)
$$(shell mkdir -p build/settings && echo "$$($(1))" > build/settings/$(1))
else
.PHONY: build/settings/$(1)
endif
endif
endef
ifneq ($(METHOD_CHOICES),)
$(if $(filter-out $(METHOD_CHOICES),$(METHOD)),$(error unknown METHOD=$(METHOD); choose from $(METHOD_CHOICES)))
$(eval $(call remember,MISSING,worst))
$(eval $(call remember,THRESHOLDS,auto))
$(eval $(call remember,UNCERTAINTY,config/uncertainty.toml,uncertainty file))
endif

# --- the steps: $(1) the year, $(2) the method --------------------------------------------------------------
RUN := $(PY) -m sdi.tools.run_notebook
METADATA := $(addprefix data/raw/,regions.csv indicators.csv plausible_ranges.csv indicator_short_names.csv)
BOUNDARIES := data/external/kz_adm1.geojson
# the input audit (08, 11) and the trends (10) read the SDG platform's files and which series is which indicator
SDG_PLATFORM := data/raw/sdg_series.csv data/raw/sdg_regions.csv $(wildcard data/external/opensdg/data/*.csv)
REPRODUCTION_DATA := data/raw/risk_thresholds.csv data/raw/heading_corrections.csv $(SDG_PLATFORM)
# a step's own prerequisites: its notebook, the library files it imports and the runner's
step = notebooks/$(1).ipynb $(DEPS_notebooks/$(1).ipynb) $(DEPS_sdi.tools.run_notebook)
PROCESSED = data/processed/$(1)
# the reproduction check reads all of data/reference/<year>/, and the risk step's maps where they are published
published_risk_maps = $(wildcard data/reference/$(1)/$(PUBLISHED_RISK_MAPS))
REFERENCE_YEARS = $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard data/reference/*/$(PUBLISHED_NUMBERS))))))

define year_rules
$(call OUTPUTS_01_data_cleaning,$(1)) &: $(call step,01_data_cleaning) $(wildcard data/raw/$(1)/*) $(METADATA) \
  | $(ENV_READY)
	$(RUN) $$< build/$(1)/01_data_cleaning.ipynb -p year $(1)
$(call OUTPUTS_02_descriptive_statistics,$(1)) &: $(call step,02_descriptive_statistics) $(PROCESSED)/clean.csv \
  | $(ENV_READY)
	$(RUN) $$< build/$(1)/02_descriptive_statistics.ipynb -p year $(1)
$(call OUTPUTS_06_risk_maps,$(1)) &: $(call step,06_risk_maps) $(PROCESSED)/clean.csv \
  $(PROCESSED)/descriptive_statistics.csv $(PROCESSED)/thesis/indices.csv build/settings/THRESHOLDS \
  data/raw/risk_thresholds.csv data/raw/macro_regions.csv data/raw/scenarios.csv $(METADATA) $(BOUNDARIES) \
  $(wildcard data/reference/$(1)/table1[89]_*.csv data/reference/$(1)/table20_*.csv) | $(ENV_READY)
	$(RUN) $$< build/$(1)/06_risk_maps.ipynb -p year $(1) -p thresholds $(THRESHOLDS)
ifeq ($(filter $(1),$(REFERENCE_YEARS)),)
$(call OUTPUTS_11_input_audit,$(1)) &: $(call step,11_input_audit) $(PROCESSED)/clean.csv $(wildcard data/raw/$(1)/*) \
  build/settings/MISSING data/raw/territories.csv $(SDG_PLATFORM) $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/11_input_audit.ipynb -p year $(1) -p missing $(MISSING)
else
$(call OUTPUTS_08_reproduction,$(1)) &: $(call step,08_reproduction) $(PROCESSED)/clean.csv \
  $(foreach m,$(METHOD_CHOICES),$(PROCESSED)/$(m)/indices.csv reports/$(1)/$(m)/robustness/rank_uncertainty.csv) \
  $(wildcard data/reference/$(1)/*) $(REPRODUCTION_DATA) $(METADATA) \
  $(if $(call published_risk_maps,$(1)),$(PROCESSED)/risk.csv $(PROCESSED)/risk.json) | $(ENV_READY)
	$(RUN) $$< build/$(1)/08_reproduction.ipynb -p year $(1)
endif
endef

define method_rules
$(call OUTPUTS_03_normalisation,$(1),$(2)) &: $(call step,03_normalisation) $(PROCESSED)/clean.csv \
  build/settings/MISSING $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/03_normalisation.ipynb -p year $(1) -p method $(2) -p missing $(MISSING)
$(call OUTPUTS_04_index_construction,$(1),$(2)) &: $(call step,04_index_construction) \
  $(PROCESSED)/$(2)/scores.csv $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/04_index_construction.ipynb -p year $(1) -p method $(2)
$(call OUTPUTS_05_typology,$(1),$(2)) &: $(call step,05_typology) $(PROCESSED)/$(2)/indices.csv \
  $(PROCESSED)/$(2)/scores.csv $(PROCESSED)/clean.csv $(PROCESSED)/descriptive_statistics.csv $(METADATA) \
  $(BOUNDARIES) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/05_typology.ipynb -p year $(1) -p method $(2)
$(call OUTPUTS_07_robustness,$(1),$(2)) &: $(call step,07_robustness) $(PROCESSED)/clean.csv \
  $(PROCESSED)/$(2)/indices.csv $(UNCERTAINTY) build/settings/UNCERTAINTY $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/$(1)/$(2)/07_robustness.ipynb -p year $(1) -p method $(2) -p uncertainty_file $(UNCERTAINTY)
endef

# with two or more years, per method: 09 the years side by side; once, for every year's site: 10 the official trends
define panel_rules
$(call OUTPUTS_09_panel,,$(1)) &: $(call step,09_panel) $(foreach y,$(YEARS),data/processed/$(y)/clean.csv) \
  build/settings/MISSING $(METADATA) | $(ENV_READY)
	$(RUN) $$< build/panel/$(1)/09_panel.ipynb -p method $(1) -p missing $(MISSING)
endef
$(OUTPUTS_10_trends) &: $(call step,10_trends) $(SDG_PLATFORM) data/raw/territories.csv $(METADATA) | $(ENV_READY)
	$(RUN) $< build/trends/10_trends.ipynb
$(foreach y,$(YEARS),$(eval $(call year_rules,$(y))))
$(foreach y,$(YEARS),$(foreach m,$(METHOD_CHOICES),$(eval $(call method_rules,$(y),$(m)))))
$(if $(word 2,$(YEARS)),$(foreach m,$(METHOD_CHOICES),$(eval $(call panel_rules,$(m)))))

# `make all`: each step's last output for YEAR and METHOD; the panel if every year is asked for; the reproduction
# check (it needs both methods) if METHOD is left at both
OUTPUTS := $(foreach y,$(YEAR),data/processed/$(y)/descriptive_statistics.csv data/processed/$(y)/risk.csv \
  $(foreach m,$(METHOD),data/processed/$(y)/$(m)/typology.csv reports/$(y)/$(m)/robustness/rank_uncertainty.csv))
ROBUSTNESS := $(foreach y,$(YEAR),$(foreach m,$(METHOD),reports/$(y)/$(m)/robustness/rank_uncertainty.csv))
OUTPUTS += $(if $(filter-out $(YEAR),$(YEARS)),,$(if $(word 2,$(YEARS)),$(foreach m,$(METHOD),\
  data/processed/panel/$(m)/panel_indices.csv)))
OUTPUTS += $(if $(filter-out $(METHOD),$(METHOD_CHOICES)),,$(foreach y,$(filter $(REFERENCE_YEARS),$(YEAR)),\
  reports/$(y)/reproduction/README.md))
# the input audit of a year without published numbers, whatever METHOD (notebook 08 writes the others')
OUTPUTS += $(foreach y,$(filter-out $(REFERENCE_YEARS),$(YEAR)),reports/$(y)/reproduction/input_audit.csv)

# the site of a year (and of the panel): every executed notebook as a page, and an index; a year's links the panel's
define report_rules
reports/$(1)/html/index.html: $(filter data/processed/$(1)/% reports/$(1)/% data/processed/panel/%,$(OUTPUTS)) \
  $(firstword $(OUTPUTS_10_trends)) $(DEPS_sdi.publish.site) | $(ENV_READY)
	$(PY) -m sdi.publish.site $(1)
endef
REPORT_YEARS := $(YEAR) $(if $(filter data/processed/panel/%,$(OUTPUTS)),panel)
$(foreach y,$(REPORT_YEARS),$(eval $(call report_rules,$(y))))
REPORTS := $(foreach y,$(REPORT_YEARS),reports/$(y)/html/index.html)

# --- the targets ---------------------------------------------------------------------------------------------
.PHONY: help all report robustness check test lint bench env lock lab lab-env new-year import-sdg clean clean-env
help: ## list the targets
	@echo "Settings: YEAR, METHOD; MISSING, THRESHOLDS, UNCERTAINTY (remembered); JOBS; BEFORE, NO_TESTS; SDG_DATA"
	@echo "Targets (YEAR=$(YEAR), METHOD=$(METHOD)):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 20
all: $(OUTPUTS) $(REPORTS) ## run the pipeline for YEAR and METHOD (default: every year, both methods), then the site
report: $(REPORTS) ## render the executed notebooks and an index to reports/<year>/html/
robustness: $(ROBUSTNESS) ## rerun the robustness audit (notebook 07) with UNCERTAINTY=<file>, for YEAR and METHOD
check: $(ENV_READY) ## the fast tests: everything but the end-to-end runs of the notebooks and of make and the slow ones
	$(PY) -m pytest -n auto --dist loadgroup -m "not end_to_end and not slow"
test: $(ENV_READY) ## the whole test suite, the end-to-end runs included (they share one build, on one core)
	$(PY) -m pytest -n auto --dist loadgroup
lint: $(ENV_READY) ## ruff (lint and format) and mypy (the type hints of sdi.inputs and sdi.method)
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(PY) -m mypy
bench: $(ENV_READY) ## time the pipeline, .venv and the tests (a benchmark); BEFORE=<commit>: that one too
	$(PY) benchmarks/bench.py $(if $(BEFORE),--before $(BEFORE)) $(if $(NO_TESTS),--no-tests)
new-year: $(ENV_READY) ## create data/raw/YEAR/ with empty files to fill in and a checklist (make new-year YEAR=2024)
	@$(PY) -m sdi.inputs.templates $(YEAR)
import-sdg: $(ENV_READY) ## fill data/raw/YEAR/ from the SDG platform; never overwrites (SDG_DATA=<newer download>)
	@$(if $(filter command line environment,$(origin YEAR)),,echo "usage: make import-sdg YEAR=<year> \
	  [SDG_DATA=<folder>]" >&2; exit 1;) $(PY) -m sdi.inputs.sdg_import $(YEAR) $(if $(SDG_DATA),--from $(SDG_DATA))
env: $(ENV_READY) ## make .venv with the pinned environment (uv; pip where uv cannot be had)
$(ENV_READY): requirements.txt pyproject.toml src/sdi/tools/environment.py
	@$(ENVIRONMENT) create $(VENV) requirements.txt
lock: ## re-make requirements.txt and requirements-lab.txt from requirements.in and -lab.in (uv, pinned; needs PyPI)
	@$(ENVIRONMENT) lock
# JupyterLab is optional: installed into .venv on first `make lab`, pinned by requirements-lab.txt
$(VENV)/.lab-installed: requirements-lab.txt $(ENV_READY)
	@$(ENVIRONMENT) add $(VENV) requirements-lab.txt && touch $@
lab-env: $(VENV)/.lab-installed ## install JupyterLab (pinned) into .venv, without starting it
lab: $(VENV)/.lab-installed ## open JupyterLab on the notebooks (installs it on first use)
	$(PY) -m jupyter lab notebooks
clean: ## delete every generated output (keeps .venv)
	rm -rf data/processed build reports figures
clean-env: ## delete .venv
	rm -rf $(VENV)
