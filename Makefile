# ketamine-tui — every target creates .venv when it is missing; nothing relies on what is installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE_STAMP := $(VENV)/.installed-base
TEST_STAMP := $(VENV)/.installed-test
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
QUESTION_SETS := $(sort $(wildcard tests/data/*-questions.jsonl))

.PHONY: help run install test eval bench lint fuzz snapshots browser-check clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Bytecode is compiled once at install (as pip does for the dependencies), so that no start
# recompiles the package from source, even where PYTHONDONTWRITEBYTECODE is set (a checkout that
# cannot be written only loses that speed-up: the leading '-' lets make go on).
$(BASE_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	-$(BIN)/python -m compileall -q ketamine_tui
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,bench]'
	-$(BIN)/python -m compileall -q ketamine_tui
	@touch $@ $(BASE_STAMP)

run: $(BASE_STAMP)  ## Build the index if needed and open the explorer
	$(BIN)/ketamine-tui index
	$(BIN)/ketamine-tui

# The command for the user, outside this checkout's .venv: pipx gives it a virtual environment of
# its own; without pipx, pip installs it into the user's site (~/.local) with the interpreter
# $(PYTHON) names, or that interpreter's base when it is a virtual environment's (pip refuses
# --user inside one).
PIPX ?= $(shell command -v pipx 2>/dev/null)
USER_PYTHON = $(shell $(PYTHON) -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')

install:  ## Install the ketamine-tui command for your user (pipx, else pip install --user)
ifneq ($(strip $(PIPX)),)
	$(PIPX) install --force .
	@echo "Installed with pipx. If 'ketamine-tui' is not found, run '$(PIPX) ensurepath' and open a new shell."
else
	@echo "pipx not found: installing with pip install --user"
	$(USER_PYTHON) -m pip install --user . || { echo "pip could not install it (see above); with pipx installed, make install uses pipx"; exit 1; }
	@echo "Installed into $$($(USER_PYTHON) -m site --user-base)/bin. If 'ketamine-tui' is not found, add that folder to PATH."
endif

test: $(TEST_STAMP)  ## Run the whole test suite
	$(BIN)/python -m pytest

eval: $(BASE_STAMP)  ## Retrieval and answer metrics: one row per question set in tests/data
	$(BIN)/ketamine-tui eval $(QUESTION_SETS)

bench: $(TEST_STAMP)  ## Benchmarks: one table, also written to benchmarks/results/
	$(BIN)/python benchmarks/run.py

lint: $(TEST_STAMP)  ## Ruff checks and the type checker (mypy, strict)
	$(BIN)/ruff check ketamine_tui tests benchmarks
	$(BIN)/ruff format --check ketamine_tui tests benchmarks
	$(BIN)/python -m mypy

fuzz: $(TEST_STAMP)  ## Long property-based run (many thousands of examples)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -p no:randomly -q

snapshots: $(TEST_STAMP)  ## Re-record the SVG snapshots (review them before committing)
	$(BIN)/python -m pytest tests/test_snapshots.py --snapshot-update

# Debian's chromium package, installed when missing by root (or passwordless sudo) with apt-get;
# where it cannot be, browser_check.py says it skipped.
browser-check: $(BASE_STAMP)  ## Headless Chromium loads `serve`; screenshot in benchmarks/results/
	@if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	  else echo "browser-check: chromium is missing and installing it needs root"; sudo=none; fi; \
	  if [ "$$sudo" != none ]; then \
	    echo "browser-check: installing Debian's chromium package with apt-get"; \
	    { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      $$sudo apt-get install -y -qq chromium >/dev/null; } \
	    || echo "browser-check: apt-get could not install chromium"; \
	  fi; \
	fi
	$(BIN)/python benchmarks/browser_check.py --output benchmarks/results/browser-check.png

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
