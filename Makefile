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

# The environment: .venv built from the lock file (exact versions with hashes), then gvc itself.
# It is rebuilt from scratch whenever requirements.lock or pyproject.toml is newer than it.
LOCK   := requirements.lock
STAMP  := $(VENV)/.gvc-env
UV     := uv==0.13.8

.PHONY: setup lock data build reproduce demo test bench lint clean

$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "gvc needs Python 3.11: set PYTHON=/path/to/python3.11")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

setup: ## (re)create .venv from requirements.lock and install gvc into it
	rm -f $(STAMP)
	$(MAKE) $(STAMP)

lock: ## refresh requirements.lock from pyproject.toml (Python 3.11, Linux x86_64, with hashes)
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet $(UV)
	.venv-lock/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --generate-hashes --upgrade \
	  --custom-compile-command "make lock" -o $(LOCK)
	rm -rf .venv-lock

data: $(STAMP) ## acquire raw files (data/raw -> mirror -> download) and verify checksums
	$(BIN)/gvc data fetch
	$(BIN)/gvc data status

build: $(STAMP) ## build every processed table into data/processed
	$(BIN)/gvc build

reproduce: $(STAMP) ## raw data -> panels -> decompositions -> claims -> reports/
	$(BIN)/gvc reproduce

demo: $(STAMP) ## the same pipeline on synthetic data, offline, into reports/demo/
	$(BIN)/gvc reproduce --demo

test: $(STAMP) ## the test suite (real data through GVC_MIRROR; notebooks executed with nbmake)
	$(BIN)/gvc build
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	  $(BIN)/python -m pytest -n 2 --dist loadfile -q tests --nbmake notebooks

bench: $(STAMP) ## benchmarks, printed as ratios against baselines measured in the same run
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check gvc tests bench
	$(BIN)/ruff format --check gvc tests bench

clean:
	rm -rf data/processed/* reports/
