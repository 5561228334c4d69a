# ketamine-tui — every target creates .venv when it is missing; nothing relies on what is installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE_STAMP := $(VENV)/.installed-base
TEST_STAMP := $(VENV)/.installed-test
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
QUESTION_SETS := $(sort $(wildcard tests/data/*-questions.jsonl))

.PHONY: help run test eval bench lint fuzz snapshots clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

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

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
