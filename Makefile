# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench html-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/recon seeds/

test: $(DEVSTAMP)
	$(BIN)/python -m pytest

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

bench: $(DEVSTAMP)
	$(BIN)/python tests/benchmarks/bench.py

# Render the seed report in headless Chromium (skips when Chromium is absent).
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
html-check: $(STAMP)
	$(BIN)/recon seeds/ --format html -o report.html || test $$? -eq 1
	@if [ -z "$(CHROMIUM)" ]; then echo "html-check: no Chromium found, report.html written, not rendered"; else \
	  $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir=$$(mktemp -d) --window-size=1200,2000 --screenshot=report.png \
	    file://$(CURDIR)/report.html 2>/dev/null && echo "html-check: report.png"; fi

clean:
	rm -rf $(VENV) build dist report.html report.png src/*.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
