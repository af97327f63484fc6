# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Spectral (the OpenAPI ruleset linter), pinned in package.json and package-lock.json.
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
STORE ?= sqlite
# Test processes side by side (pytest-xdist); TEST_WORKERS=0 runs the suite in this one.
TEST_WORKERS ?= 2

.PHONY: run test lint format unit bench fuzz clean-data install

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

run: $(STAMP)
	$(BIN)/styrlogg init-db
	$(BIN)/styrlogg demo
	$(BIN)/styrlogg serve --host $(HOST) --port $(PORT)

test: $(STAMP) lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --durations=15

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@mkdir -p build
	$(BIN)/styrlogg openapi > build/openapi.json
	node_modules/.bin/spectral lint --fail-severity=warn --ruleset .spectral.yaml build/openapi.json

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The contract fuzz run of `make test`, longer: FUZZ_EXAMPLES examples per operation.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} $(BIN)/python -m pytest tests/api/test_fuzz_contract.py

bench: $(STAMP)
	$(BIN)/python -m bench.save_ends --store $(STORE)
	$(BIN)/python -m bench.organ_tree --store $(STORE)
	$(BIN)/python -m bench.follow_up --store $(STORE)

clean-data:
	rm -rf var
