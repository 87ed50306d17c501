# The README's commands. Each target sets up what it needs: virtualenv, pinned packages,
# migrations, the sample interview.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format messages setup clean

## make run: set up, import and publish the sample interview, serve on http://127.0.0.1:8000/
run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make setup: virtualenv, packages, database, sample and search index, without the server
setup: $(VENV)/.installed
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_transcripts --publish archive/samples/
	$(BIN)/python manage.py rebuild_index

## make test: the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)
test: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/python manage.py compile_translations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make messages: collect new interface strings into locale/zh_Hans (needs GNU gettext)
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l zh_Hans --no-location \
	  --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests

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

# axe-core for the browser tests' accessibility checks, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the browser tests' accessibility checks will be skipped"; fi

clean:
	rm -rf $(VENV) .venv-es var .pytest_cache .ruff_cache .hypothesis bench/results node_modules artifacts

## make loadtest: 50 clients for 60 s against gunicorn on a generated archive (needs wrk)
.PHONY: loadtest
loadtest: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk"; exit 1; }
	$(BIN)/python -m bench.loadtest

## make real-report: questions and answer pairs recovered over the real test transcripts
.PHONY: real-report
real-report: $(VENV)/.installed
	$(BIN)/python -m tests.real_report

## make bench: performance benchmark on a generated archive (BENCH_PAIRS=20000 for a quick run)
.PHONY: bench
bench: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python -m bench.run

## make bench-concordance: the concordance page and equivalents on a generated archive, vs a naive scan
.PHONY: bench-concordance
bench-concordance: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python -m bench.concordance

## make bench-leads: what leading search hits with their sentence pairs adds to the search page
.PHONY: bench-leads
bench-leads: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python -m bench.leads
