# ockg: `make` builds, reasons, documents the ontology, validates (printing the validation summary),
# measures coverage and writes the site;
# `make test` runs lint, types, the whole test suite and a small benchmark as a smoke test.
# Both create .venv with the pinned dependencies of requirements.lock first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OCKG := $(BIN)/ockg
export OCKG_SEEDS ?= seeds/text

.PHONY: all build check coverage validate qc reason docs release site serve test lint bench clean
.DEFAULT_GOAL := all

all: build reason docs validate coverage site

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

coverage: build
	@if ls "$(OCKG_SEEDS)"/*.txt >/dev/null 2>&1; then $(OCKG) coverage --summary; \
	else echo "coverage: skipped, it reads the article texts and there are none in $(OCKG_SEEDS)"; fi

qc: build
	$(OCKG) qc

reason: build
	$(OCKG) reason

# release/: every file of dist/, ockg-VERSION.tar.gz of them all, and SHA256SUMS (what the release
# workflow attaches to the GitHub release of a tag v*)
release: all
	$(OCKG) release

docs: build
	$(OCKG) docs

# the network view's graph library, pinned in package-lock.json, from the npm registry
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

site: reason docs node_modules/.package-lock.json
	$(OCKG) site

serve: $(VENV)/.installed
	$(OCKG) serve

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

test: $(VENV)/.installed node_modules/.package-lock.json lint
	$(BIN)/pytest -q -n auto  # pytest-xdist: one worker per core
	$(BIN)/python scripts/bench --sizes 1,10 --rdflib-timeout 5 --out bench/smoke/results.json

bench: $(VENV)/.installed
	$(BIN)/python scripts/bench

clean:
	rm -rf dist work release node_modules test-artifacts .dist-* .work-* .ockg.lock .pytest_cache .mypy_cache .ruff_cache
