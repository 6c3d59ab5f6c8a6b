# CustomK9 BFF. `make run` and `make test` are the only set-up commands: both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test contract bench fuzz lint schema schema-check emulator dashboard clean
DASHBOARD := examples/dashboard

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## serve GraphQL on http://127.0.0.1:8000/graphql and the dashboard on /dashboard/ (demo Odoo unless ODOO_URL)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory dashboard \
	  || echo "the example dashboard did not build: GraphQL is served without it"; \
	  else echo "npm not found: serving GraphQL without the example dashboard (examples/dashboard/README.md)"; fi
	$(BIN)/bff serve

$(DASHBOARD)/dist/index.html: $(DASHBOARD)/package-lock.json $(wildcard $(DASHBOARD)/src/*.ts*) schema.graphql
	cd $(DASHBOARD) && npm ci --no-audit --no-fund && npm run build

dashboard: $(DASHBOARD)/dist/index.html  ## build the example dashboard (npm: codegen from schema.graphql, tsc, vite)

test: $(STAMP)  ## the whole suite against the embedded Odoo emulator
	$(BIN)/python -m pytest

contract: $(STAMP)  ## the Odoo contract tests against the real Odoo the ODOO_* settings name
	@test -n "$$ODOO_URL" || { echo "set ODOO_URL, ODOO_DB, ODOO_LOGIN, ODOO_PASSWORD (an administrator)"; exit 2; }
	$(BIN)/python -m pytest tests/contract -m contract

bench: $(STAMP)  ## benchmarks that print figures (Odoo calls and timings per query)
	$(BIN)/python -m bench

FUZZ_SECONDS ?= 600
FUZZ_EXAMPLES ?= 1000000
fuzz: $(STAMP)  ## schema-driven fuzzing of the BFF for FUZZ_SECONDS (or FUZZ_EXAMPLES documents); prints counts
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py -s \
		--runxfail --show-capture=no --tb=no -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check bff bench demo_data odoo_emulator tests
	$(BIN)/mypy bff

schema: $(STAMP)  ## regenerate schema.graphql after a schema change
	$(BIN)/bff schema > schema.graphql

schema-check: $(STAMP)  ## breaking changes of schema.graphql since the last v* tag (fails unless marked intended)
	$(BIN)/bff schema-check

emulator: $(STAMP)  ## the seeded Odoo emulator alone on 127.0.0.1:8069
	$(BIN)/bff emulator

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info $(DASHBOARD)/node_modules $(DASHBOARD)/dist
