# Two commands: `make run` (the demo on 127.0.0.1:5000) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# e.g. `make run DEMO_ARGS=--new-passwords` when the demo logins printed at the first run are lost
DEMO_ARGS ?=
APT_PACKAGES := chromium fonts-dejavu-core fonts-noto-core fonts-khmeros poppler-utils \
                libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
                libreoffice-writer-nogui libreoffice-calc-nogui

# With the recipes' --quiet, pip prints errors only (-qq): no progress, no notice of a newer pip,
# no warnings about package indexes that a machine's pip configuration names but lacks.
export PIP_QUIET := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck system-packages clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@

run: $(VENV)/.installed-run
	mkdir -p instance
	$(BIN)/tracker demo --port $(PORT) $(DEMO_ARGS)

# Debian packages the tests need (a browser for Playwright, fonts and poppler for the PDFs),
# installed only when missing and when apt is there to install them.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "missing Debian packages:$$missing (no apt-get here)"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	echo "installing:$$missing"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null

test: $(VENV)/.installed-test system-packages
	@if [ -z "$$TRACKER_TEST_DATABASE_URL" ]; then \
	  echo "!!! TRACKER_TEST_DATABASE_URL is not set: the PostgreSQL leg will NOT run (see README)."; fi
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
