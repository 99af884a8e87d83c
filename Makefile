# kbgen: two commands matter. `make demo` serves the demo store; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# The tests run against the exact versions in uv.lock (`make lock` refreshes it); `make test-latest`
# runs them against the newest releases, as `pip install kbgen` would get them.
UV_VERSION = 0.13.8
TOOLS = .tools
UV = $(TOOLS)/bin/uv
LATEST = .venv-latest
export UV_PYTHON_DOWNLOADS = never
export UV_PROJECT_ENVIRONMENT = $(VENV)

.PHONY: demo test test-latest lock install lint screenshots docs client clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(BIN)/kbgen: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --extra test --python $(PYTHON)
	touch $(BIN)/kbgen

search/node_modules/.installed: search/package-lock.json
	cd search && npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/kbgen search/node_modules/.installed

## Build the demo store and serve it at http://127.0.0.1:8000 with live reload (the search client is
## committed built, so this needs no Node; `kbgen serve` builds the site itself).
demo: $(BIN)/kbgen
	$(BIN)/kbgen serve --dev-addr 127.0.0.1:8000

# The checks `make test` and `make test-latest` run, with the tools of the environment given.
define run_tests
	$(1)/ruff check kbgen tests
	$(1)/cog --check README.md
	cd search && node tools/build.mjs --check
	$(1)/pytest -q
endef

## Install what the tests need from uv.lock and run them all (browser tests need Debian's chromium).
test: install
	$(call run_tests,$(BIN))

## Run every test against the newest releases of kbgen's Python dependencies (no lock), in $(LATEST).
test-latest: $(UV) search/node_modules/.installed
	rm -rf $(LATEST)
	$(UV) venv --quiet --python $(PYTHON) $(LATEST)
	$(UV) pip install --quiet --python $(LATEST)/bin/python --no-cache --upgrade -e ".[test]"
	$(UV) pip list --python $(LATEST)/bin/python
	$(call run_tests,$(LATEST)/bin)

## Refresh uv.lock to the newest releases that pyproject.toml allows; then run `make test`.
lock: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)

lint: install
	$(BIN)/ruff check kbgen tests

## Rebuild the browser search client (search/dist) after changing search/src.
client: install
	cd search && node tools/build.mjs

## Refresh the README's CLI reference from the commands' --help.
docs: install
	$(BIN)/cog -r README.md

## Screenshots of the demo at 390 px and 1280 px, written to screenshots/.
screenshots: install
	$(BIN)/pytest -q tests/browser -k fit_the_screen

clean:
	rm -rf site screenshots dist .pytest_cache .ruff_cache $(LATEST)
