# ockg: `make` builds, reasons, documents the ontology and validates (ending with the validation summary);
# `make test` runs lint, types, the whole test suite and a small benchmark as a smoke test.
# Both create .venv with the pinned dependencies of requirements.lock first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OCKG := $(BIN)/ockg
export OCKG_SEEDS ?= seeds/text

.PHONY: all build check coverage validate qc reason docs release test lint bench clean
.DEFAULT_GOAL := all

all: build reason docs validate coverage

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

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

test: $(VENV)/.installed lint
	$(BIN)/pytest -q
	$(BIN)/python scripts/bench --sizes 1,10 --rdflib-timeout 5 --out bench/smoke/results.json

bench: $(VENV)/.installed
	$(BIN)/python scripts/bench

clean:
	rm -rf dist work release .dist-* .work-* .ockg.lock .pytest_cache .mypy_cache .ruff_cache
