# Staffroom: the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test check lint format typecheck pytest bench fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## demo: install, then analyse the bundled fictional district survey and print a summary
demo: $(STAMP)
	$(BIN)/staffroom demo

## test: install, then lint, type-check and run the whole test suite
test: $(STAMP)
	$(MAKE) --no-print-directory check

check: lint typecheck pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

## bench: the state-scale analysis benchmark (figures go into docs/benchmarks.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/analysis.py

## fixtures: regenerate the R reference values (needs r-base-core, r-cran-psych, r-cran-multilevel)
fixtures:
	cd tests/analysis/fixtures/r && Rscript make_survey_fixtures.R

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis var
