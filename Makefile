# gvc: one command from raw data to results. See README.md.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# Local mirror of the upstream files (read before the network). Defaults to the shared mirror
# beside this checkout when it exists; override with `make build GVC_MIRROR=/path/to/mirror`.
GVC_MIRROR ?= $(if $(wildcard $(CURDIR)/../shared/gvc-data),$(abspath $(CURDIR)/../shared/gvc-data),)
export GVC_MIRROR
# Processed data and reports live in this checkout unless told otherwise.
GVC_DATA_DIR ?= $(CURDIR)/data
export GVC_DATA_DIR

.PHONY: setup data build reproduce demo test bench lint clean

setup: ## create .venv and install gvc with its dev extras from pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'

data: ## acquire raw files (data/raw -> mirror -> download) and verify checksums
	$(BIN)/gvc data fetch
	$(BIN)/gvc data status

build: ## build every processed table into data/processed
	$(BIN)/gvc build

reproduce: ## raw data -> panels -> decompositions -> claims -> reports/
	$(BIN)/gvc reproduce

demo: ## the same pipeline on synthetic data, offline, into reports/demo/
	$(BIN)/gvc reproduce --demo

test: ## the test suite (real data through GVC_MIRROR; notebooks executed with nbmake)
	$(BIN)/gvc build
	$(BIN)/python -m pytest -n 2 --dist loadfile -q tests --nbmake notebooks

bench: ## benchmarks, printed as ratios against baselines measured in the same run
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint:
	$(BIN)/ruff check gvc tests bench
	$(BIN)/ruff format --check gvc tests bench

clean:
	rm -rf data/processed/* reports/
