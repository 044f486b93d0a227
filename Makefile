# The two commands: `make run` and `make test`. Everything else is a convenience.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench lint demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@mkdir -p data
	$(BIN)/complaints demo > data/demo-summary.json
	@echo "Demo council built (step-by-step summary in data/demo-summary.json)."
	$(BIN)/complaints serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check --quiet complaints nlp service tests benchmarks notebooks
	$(BIN)/lint-imports --no-cache >/dev/null || $(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check complaints nlp service tests benchmarks notebooks
	$(BIN)/lint-imports --no-cache >/dev/null || $(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) data/*.db data/*.db-* test-artefacts
