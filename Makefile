# payround — set-up contract: `make run` and `make test` on a fresh clone (Python 3.11, pip, make).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint format typecheck pytest bench clean web-assets data-check data-update

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null
	$(BIN)/python -m pip install -e '.[all,dev]'
	touch $(STAMP)

## web-assets: the workbench's browser scripts (htmx, vega, vega-lite, vega-embed) from npm, served locally
WEB_VENDOR := src/payround/web/static/vendor
WEB_ASSETS := $(WEB_VENDOR)/.installed

$(WEB_ASSETS): assets/package.json assets/package-lock.json
	cd assets && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(WEB_VENDOR)
	cp assets/node_modules/htmx.org/dist/htmx.min.js assets/node_modules/vega/build/vega.min.js \
	   assets/node_modules/vega-lite/build/vega-lite.min.js assets/node_modules/vega-embed/build/vega-embed.min.js \
	   $(WEB_VENDOR)/
	touch $(WEB_ASSETS)

web-assets: $(WEB_ASSETS)

## run: the web workbench on http://127.0.0.1:8000 (SQLite, the bundled rounds, one demo account per side)
run: $(STAMP) $(WEB_ASSETS)
	$(BIN)/payround serve --demo

## test: install, then every check: format, lint, types, tests
test: $(STAMP) $(WEB_ASSETS) check

check: lint typecheck pytest

lint:
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/ruff check src tests bench scripts

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

typecheck:
	$(BIN)/mypy src

pytest:
	$(BIN)/pytest -n 2 -q

## data-check: are the bundled data files up to date with ../shared/data? Names each stale file and the shared
## files that changed (src/payround/data/PROVENANCE.yaml), and runs scripts/build_structures.py --check.
## data-update: after regenerating them, record their sources' hashes: make data-update FILES="params/ni/..."
## (no FILES: every bundled file).
data-check: $(STAMP)
	$(BIN)/python scripts/provenance.py --check

data-update: $(STAMP)
	$(BIN)/python scripts/provenance.py --update $(FILES)

## bench: performance targets; results are appended to bench/RESULTS.md (with the machine and the date)
## (the take-home naive loop is timed on 12 points and scaled; `python bench/bench_takehome.py` times all of them)
BENCHES := bench_web.py bench_startup.py bench_engine.py bench_costing.py bench_regrade.py bench_settle.py "bench_takehome.py --naive-points 12"

bench: $(STAMP)
	@failed=""; for b in $(BENCHES); do \
	  echo "== bench/$$b"; $(BIN)/python bench/$$b || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "Missed their targets:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info src/*.egg-info
