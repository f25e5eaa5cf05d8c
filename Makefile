# Yancheng ETDZ plan targets — will they be met?   `make help` lists the targets.
# Paths and the interpreter are defined once here; the library's paths live in kpi/core/paths.py.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Reproducible builds: the analysis year and any dates come from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1764000000)
export SOURCE_DATE_EPOCH
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help setup lab all build validate test test-fast test-ui bench calibrate scenarios template illustrative clean-outputs

help:  ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (PYTHON=$(PYTHON))")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# JupyterLab in the environment: notebooks/*.py open as notebooks on double-click and no news is fetched
# (jupyter/overrides.json; a user's own settings still win); the kernel is registered with this environment's
# python, so that jupytext gives a header-less notebook its kernel and JupyterLab starts it without asking
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/kpi.json

$(LAB_SETTINGS): jupyter/overrides.json $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	mkdir -p $(@D)
	cp jupyter/overrides.json $@

setup: $(STAMP) $(LAB_SETTINGS)  ## create .venv, install the project with its test tools and the JupyterLab settings

lab: setup  ## start JupyterLab in the project (run `make all` once first: the notebooks read data/processed)
	$(BIN)/jupyter lab

all: setup  ## set up, then build every output from data/raw (the main job)
	$(BIN)/kpi build

build: all  ## same as all

validate: $(STAMP)  ## check every file under data/raw; list problems with their locations
	$(BIN)/kpi validate

# -n auto --dist loadfile: one worker per core, a test file's tests on one worker (the full build in a temporary
# copy that tests/test_pipeline.py shares is made once); the same suite on one core: `.venv/bin/python -m pytest`
test: setup  ## set up, then run the whole test suite (no browser)
	$(BIN)/python -m pytest -n auto --dist loadfile

CHROMIUM ?= /usr/bin/chromium

test-ui: all  ## build, then drive JupyterLab and the HTML briefing in Debian's Chromium (screenshots: reports/ui-test/)
	$(BIN)/python -m pip install --quiet -e '.[ui]'
	@test -x $(CHROMIUM) && fc-list :lang=zh | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y chromium fonts-noto-cjk; \
	  else echo "make test-ui needs Debian's chromium and a CJK font: sudo apt-get install -y chromium fonts-noto-cjk"; exit 1; fi; }
	KPI_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests_ui -p no:cacheprovider

test-fast: $(STAMP)  ## the tests without notebook execution
	$(BIN)/python -m pytest -m "not notebooks"

scenarios: $(STAMP)  ## re-run the scenario notebook for each scenarios/*.yaml (after `make all`) → reports/scenarios/
	$(BIN)/kpi scenarios

.venv-peers/.installed:
	$(PYTHON) -m venv .venv-peers
	.venv-peers/bin/python -m pip install --quiet statsforecast 'pandas<3'  # peers need pandas 2: kept apart
	@touch $@

bench: $(STAMP) .venv-peers/.installed  ## benchmarks: projection accuracy/coverage vs peers on real yearly series; main command vs its floor
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.jiangsu
	$(BIN)/python -m bench.speed
	$(BIN)/python -m bench.explore
	$(BIN)/python -m scripts.bench_pipeline

calibrate: $(STAMP)  ## rebuild kpi/inputs/calibration.json from the reference panels (authoring; deterministic)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m scripts.calibrate

template: $(STAMP)  ## regenerate data/templates/history_template.xlsx
	$(BIN)/kpi template data/templates/history_template.xlsx

illustrative: $(STAMP)  ## regenerate the illustrative zone series and its sidecar (authoring, not part of a build)
	$(BIN)/python -m scripts.make_illustrative

clean-outputs:  ## remove built outputs (never touches data/raw)
	rm -rf data/processed/*.csv figures/*.png figures/*.svg reports/* .kpi-cache
