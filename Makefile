# kbgen: two commands matter. `make demo` serves the demo store; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install lint screenshots docs clean

$(BIN)/kbgen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(BIN)/kbgen

install: $(BIN)/kbgen

## Build the demo store and serve it at http://127.0.0.1:8000 with live reload.
demo: install
	$(BIN)/kbgen build
	$(BIN)/kbgen serve --dev-addr 127.0.0.1:8000

## Install what the tests need and run them all (browser tests need Debian's chromium).
test: install
	$(BIN)/ruff check kbgen tests
	$(BIN)/cog --check README.md
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check kbgen tests

## Refresh the README's CLI reference from the commands' --help.
docs: install
	$(BIN)/cog -r README.md

## Screenshots of the demo at 390 px and 1280 px, written to screenshots/.
screenshots: install
	$(BIN)/pytest -q tests/browser -k fit_the_screen

clean:
	rm -rf site screenshots dist .pytest_cache .ruff_cache
