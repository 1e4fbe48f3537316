# RUKO PARSEL: `make run` to try it, `make test` to check it. Needs only Python 3.12+ and make.
SHELL := /bin/bash
PYTHON := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run setup install lock test test-fast lint format bench bench-pages messages worker scheduler clean

# Production installs requirements/production.lock alone; development adds
# requirements/development.lock (the dev group of pyproject.toml, pinned to the same versions).
$(VENV)/.installed: requirements/production.lock requirements/development.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
	  -r requirements/production.lock -r requirements/development.lock
	@touch $@

install: $(VENV)/.installed

# Re-compile both locks after a change to the dependencies in pyproject.toml (needs the network).
# uv runs from a throwaway venv; pins already in the locks are kept unless the change needs
# others (`make lock UPGRADE=--upgrade` takes the newest releases allowed). The development
# lock is compiled against the production one, so it never pins another version of a
# production package.
LOCK := pip compile --quiet --universal --python-version 3.12 --generate-hashes \
	--custom-compile-command "make lock" $(UPGRADE)
lock:
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found"; exit 1; }
	@tools=$$(mktemp -d) && trap 'rm -rf "$$tools"' EXIT && \
	  $(PYTHON) -m venv "$$tools" && \
	  "$$tools/bin/pip" install --quiet --disable-pip-version-check uv && \
	  "$$tools/bin/uv" $(LOCK) pyproject.toml -o requirements/production.lock && \
	  "$$tools/bin/uv" $(LOCK) --group dev -c requirements/production.lock \
	    -o requirements/development.lock

setup: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py setup_office 63.11.07
	RUKO_DEMO=1 $(PY) manage.py seed_demo --quiet-logins

# Links in the e-mails (password set-up and reset, notifications, digest) lead to this server.
run: export RUKO_BASE_URL = http://127.0.0.1:$(PORT)
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

# The main pages under load against a bare view (gunicorn + wrk on PostgreSQL; needs a dataset
# from `manage.py seed_scale` in DATABASE_URL and `apt-get install wrk`; see docs/benchmarks.md).
bench: install
	$(PY) -m benchmarks.load

# In-process figures on a fresh SQLite file: region import, office setup, queries and page weights.
bench-pages: install
	$(PY) -m benchmarks.run

# The .po is the one source of the translations. This re-extracts the strings from the code into
# it (existing translations kept; new strings empty; near matches guessed and marked fuzzy) and
# compiles the .mo (fuzzy guesses left out). Translate in the .po with Poedit or any gettext tool,
# then run it again. Needs GNU gettext's xgettext.
messages: install
	$(PY) manage.py makemessages -l id --no-location --ignore=.venv --ignore=var
	$(PY) manage.py compile_catalogue

# Production-like background processes: the task worker and the cron-style scheduler.
worker: install
	RUKO_TASKS=database $(PY) manage.py db_worker

scheduler: install
	RUKO_TASKS=database $(PY) manage.py crontask --no-heartbeat

clean:
	rm -rf $(VENV) var
