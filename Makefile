# payround — set-up contract: `make run` and `make test` on a fresh clone (Python 3.11, pip, make).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint format typecheck pytest bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null
	$(BIN)/python -m pip install -e '.[all,dev]'
	touch $(STAMP)

## run: the main job on the embedded default (the terminal demo until the workbench exists)
run: $(STAMP)
	$(BIN)/payround apply examples/sjc-2022-08-revised-offer.yaml

## test: install, then every check: format, lint, types, tests
test: $(STAMP) check

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

## bench: performance targets; results are appended to bench/RESULTS.md (with the machine and the date)
## (the take-home naive loop is timed on 12 points and scaled; `python bench/bench_takehome.py` times all of them)
BENCHES := bench_startup.py bench_engine.py bench_costing.py bench_regrade.py bench_settle.py "bench_takehome.py --naive-points 12"

bench: $(STAMP)
	@failed=""; for b in $(BENCHES); do \
	  echo "== bench/$$b"; $(BIN)/python bench/$$b || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "Missed their targets:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info src/*.egg-info
