# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= lscb.settings.dev
export MPLCONFIGDIR ?= $(CURDIR)/.venv/.matplotlib

.PHONY: run test install lint format bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Install, migrate a SQLite database, load the demo boards and serve them on http://127.0.0.1:8000,
## with the worker that runs the background tasks beside the server (both stop together)
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	$(PY) manage.py demo_logins
	$(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

## Install everything (Python packages, PostgreSQL, Chromium) and run the whole test suite
test: $(STAMP)
	bash .ci/system-deps
	bash .ci/test-all

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Measure every page at scale 1 and 10 and under load on a throwaway PostgreSQL (see BENCHMARKS.md)
bench: $(STAMP) $(VENV)/.bench-installed
	bash .ci/system-deps
	bash bench/run

$(VENV)/.bench-installed: requirements-bench.txt requirements-dev.txt requirements.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
