# Staffroom: the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test check lint format typecheck pytest pytest-postgres system-deps report-deps bench bench-submissions fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Front-end packages from the npm registry (htmx served by Django; axe-core for tests).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## system-deps: Debian's chromium and postgresql for the tests, poppler (PDF pages to PNG)
## and pango (WeasyPrint's text layout) for the reports (as root; skipped otherwise)
system-deps:
	@if [ "$$(id -u)" = 0 ]; then \
	  if ! command -v chromium >/dev/null || ! command -v pg_ctlcluster >/dev/null \
	     || ! command -v pdftoppm >/dev/null || ! ldconfig -p | grep -q libpangoft2-1.0; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	      chromium postgresql poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
	  fi; \
	else echo "not root: install chromium, postgresql, poppler-utils and pango yourself"; fi

## report-deps: pango for WeasyPrint's PDF reports in the demo (as root; skipped otherwise)
report-deps:
	@if [ "$$(id -u)" = 0 ] && ! ldconfig -p | grep -q libpangoft2-1.0; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
	fi

## demo: install, analyse the bundled fictional survey, seed the demo district into a fresh
## SQLite database and serve it on http://127.0.0.1:8000 (prints how to sign in)
demo: $(STAMP) node_modules/.package-lock.json report-deps
	$(BIN)/staffroom demo --port 8000

## test: install (Python, npm and Debian packages), then lint, type-check and run the whole
## suite on SQLite, and the database tests again on a local PostgreSQL
test: $(STAMP) node_modules/.package-lock.json system-deps
	$(MAKE) --no-print-directory check

check: lint typecheck pytest pytest-postgres

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

pytest-postgres:
	url=$$(bash scripts/postgres-for-tests.sh) && case "$$url" in postgres://*) ;; \
	  *) echo "pytest-postgres: expected a postgres:// URL, got: $$url" >&2; exit 1 ;; esac && \
	DATABASE_URL=$$url $(BIN)/pytest -m "not browser" tests/web

## bench: the state-scale benchmarks: survey analysis, indicators, connection map
## (figures go into docs/benchmarks.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/indicators.py --json benchmarks/results/indicators-$$(date +%F).json
	$(BIN)/python benchmarks/network.py --json benchmarks/results/network-$$(date +%F).json

## bench-submissions: anonymous submissions against gunicorn with wrk (Debian's wrk) on
## SQLite and a local PostgreSQL
bench-submissions: $(STAMP)
	$(BIN)/python benchmarks/submissions.py --workers 2 --threads 1 \
	  --json benchmarks/results/submissions-$$(date +%F).json

## fixtures: regenerate the R reference values (needs r-base-core, r-cran-psych,
## r-cran-multilevel, r-cran-igraph, r-cran-jsonlite)
fixtures:
	cd tests/analysis/fixtures/r && Rscript make_survey_fixtures.R
	cd tests/analysis/fixtures/r/network && Rscript make_network_fixtures.R
	cd tests/analysis/fixtures/r/indicators && Rscript make_indicator_fixtures.R
	cd tests/analysis/fixtures/r/runchart && Rscript make_runchart_fixtures.R

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis var
