# The pipeline as a dependency graph: raw data -> clean -> statistics -> scores -> indices -> typology.
# `make all` and `make test` create .venv (pinned versions) on first use; nothing else to set up.
# Each notebook run writes its outputs atomically; a second `make all` does nothing.

ifeq ($(filter grouped-target,$(.FEATURES)),)
$(error GNU make 4.3 or newer is needed (this is $(MAKE_VERSION)); on macOS: brew install make, then use gmake)
endif

SHELL := /bin/bash
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_READY := $(VENV)/.installed
PIP := $(PY) -m pip --disable-pip-version-check --quiet

# Every year with a raw-data folder; narrow with `make all YEAR=2023 METHOD=thesis`.
YEARS := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard data/raw/*/social.csv)))))
YEAR ?= $(YEARS)
METHOD ?= thesis corrected

RUN := $(PY) -m sdi.run_notebook
LIBRARY := $(wildcard src/sdi/*.py)
METADATA := data/raw/regions.csv data/raw/indicators.csv

.PHONY: help all test env lab clean clean-env

help: ## list the targets
	@echo "Targets (YEAR=$(YEAR), METHOD=$(METHOD)):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 20

env: $(ENV_READY) ## create .venv with the pinned environment

$(ENV_READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "error: Python 3.10 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name sdi --display-name "Python (sdi)" >/dev/null
	@touch $@

# --- one year: data cleaning -------------------------------------------------------------
define year_rules
data/processed/$(1)/clean.csv data/processed/$(1)/cleaning_log.csv &: notebooks/01_data_cleaning.ipynb $(wildcard data/raw/$(1)/*.csv) $(METADATA) $(LIBRARY) | $(ENV_READY)
	$(RUN) $$< build/$(1)/01_data_cleaning.ipynb -p year $(1)
endef
$(foreach y,$(YEARS),$(eval $(call year_rules,$(y))))

OUTPUTS := $(foreach y,$(YEAR),data/processed/$(y)/clean.csv data/processed/$(y)/cleaning_log.csv)

all: $(OUTPUTS) ## run the whole pipeline for YEAR and METHOD (default: every year, both methods)

test: $(ENV_READY) ## run the whole test suite
	$(PY) -m pytest

lab: $(ENV_READY) ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks

clean: ## delete every generated output (keeps .venv)
	rm -rf data/processed build reports figures

clean-env: ## delete .venv
	rm -rf $(VENV)
