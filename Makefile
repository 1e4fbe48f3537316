# RUKO PARSEL: `make run` to try it, `make test` to check it. Needs only Python 3.12+ and make.
SHELL := /bin/bash
PYTHON := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run setup install test test-fast lint format bench messages worker scheduler clean

$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

install: $(VENV)/.installed

setup: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py setup_office 63.11.07
	RUKO_DEMO=1 $(PY) manage.py seed_demo --quiet-logins

run: setup
	@RUKO_DEMO=1 $(PY) manage.py seed_demo | sed -n '/Demo logins/,$$p'
	@echo
	@echo "RUKO PARSEL is at http://127.0.0.1:$(PORT)/ — log in with a username above and the password rukodemo."
	@echo "Stop it with Ctrl+C. Periodic tasks (overdue cases, digest, e-mail) log to var/scheduler.log."
	@RUKO_DEMO=1 $(PY) manage.py crontask --no-heartbeat > var/scheduler.log 2>&1 & \
	  trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	  RUKO_DEMO=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) -m benchmarks.run

# Re-extract the translatable strings and compile the catalogue (needs GNU gettext's xgettext).
messages: install
	$(PY) manage.py makemessages -l id --no-location --ignore=.venv --ignore=var
	$(PY) scripts/fill_catalogue.py locale/id/translations.py
	$(PY) manage.py compile_catalogue

# Production-like background processes: the task worker and the cron-style scheduler.
worker: install
	RUKO_TASKS=database $(PY) manage.py db_worker

scheduler: install
	RUKO_TASKS=database $(PY) manage.py crontask --no-heartbeat

clean:
	rm -rf $(VENV) var
