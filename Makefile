# The README's commands. Each target sets up what it needs: virtualenv, pinned packages,
# migrations, the sample interview.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format setup clean

## make run: set up, import and publish the sample interview, serve on http://127.0.0.1:8000/
run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make setup: virtualenv, packages, database, sample and search index, without the server
setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_transcripts --publish archive/samples/
	$(BIN)/python manage.py rebuild_index

## make test: the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)
test: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create a virtualenv. On Debian: sudo apt install python3-venv"; exit 1; }

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache bench/results
