# kbgen: two commands matter. `make demo` serves the demo store; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install lint screenshots docs client clean

$(BIN)/kbgen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(BIN)/kbgen

search/node_modules/.installed: search/package-lock.json
	cd search && npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/kbgen search/node_modules/.installed

## Build the demo store and serve it at http://127.0.0.1:8000 with live reload.
demo: install
	$(BIN)/kbgen build
	$(BIN)/kbgen serve --dev-addr 127.0.0.1:8000

## Install what the tests need and run them all (browser tests need Debian's chromium).
test: install
	$(BIN)/ruff check kbgen tests
	$(BIN)/cog --check README.md
	cd search && node tools/build.mjs --check
	$(BIN)/pytest -q

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
	rm -rf site screenshots dist .pytest_cache .ruff_cache
