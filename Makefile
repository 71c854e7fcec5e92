# ockg: `make` builds, reasons, validates (ending with the validation summary) and writes the site;
# `make test` runs lint, types, the whole test suite and a small benchmark as a smoke test.
# Both create .venv with the pinned dependencies of requirements.lock first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OCKG := $(BIN)/ockg
export OCKG_SEEDS ?= seeds/text

.PHONY: all build check validate qc reason site serve test lint bench clean
.DEFAULT_GOAL := all

all: build reason validate site

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

build: $(VENV)/.installed
	$(OCKG) build

check: $(VENV)/.installed
	$(OCKG) check

validate: build
	$(OCKG) validate

qc: build
	$(OCKG) qc

reason: build
	$(OCKG) reason

# the network view's graph library, pinned in package-lock.json, from the npm registry
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

site: reason node_modules/.package-lock.json
	$(OCKG) site

serve: $(VENV)/.installed
	$(OCKG) serve

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

test: $(VENV)/.installed node_modules/.package-lock.json lint
	$(BIN)/pytest -q
	$(BIN)/python scripts/bench --sizes 1,10 --rdflib-timeout 5 --out bench/smoke/results.json

bench: $(VENV)/.installed
	$(BIN)/python scripts/bench

clean:
	rm -rf dist work node_modules test-artifacts .dist-* .work-* .ockg.lock .pytest_cache .mypy_cache .ruff_cache
