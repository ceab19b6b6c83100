# The entry point for people: `make run` serves the app with the Islington plan loaded; `make test`
# runs every test. Both set up what they need (virtualenv, npm packages, built assets) first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PLAN_FILE ?= plans/data/challenging-inequalities.yaml

# Django 6 needs Python 3.12 or newer and the machine's default python3 may be older: take the
# newest 3.13 or 3.12 found on PATH, in pyenv's versions or in the usual system places.
PYTHON ?= $(shell for v in 3.13 3.12; do \
	for p in $$(command -v python$$v) $$HOME/.pyenv/versions/$$v*/bin/python$$v \
	         /usr/local/bin/python$$v /usr/bin/python$$v; do \
	  [ -x "$$p" ] && "$$p" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null \
	    && { echo "$$p"; exit 0; }; \
	done; done)

WORKERS ?= 2
# Tests run in one process per core (pytest-xdist); each process has its own test database.
TEST_WORKERS ?= auto
PYTEST := DEBUG=true $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: help run test test-fast test-browser lint format audit migrate demo-data assets browser pdf serve clean \
	postgres bench load openapi

help:
	@echo "make run    - set up, migrate, load the Islington plan and demo accounts, serve on http://$(HOST):$(PORT)"
	@echo "make test   - run all tests (unit, request-level and browser)"
	@echo "make lint   - ruff check and format check, bandit"
	@echo "make serve  - production: gunicorn, DEBUG off, against DATABASE_URL"
	@echo "make audit  - pip-audit the pinned dependencies (needs PyPI's vulnerability data)"
	@echo "make bench  - page speed and queries at the Islington plan's size and at London scale (PostgreSQL)"
	@echo "make load   - 50 users for 60 s against gunicorn as production runs it (PostgreSQL)"
	@echo "make openapi - write api/openapi.json from the API's code (commit it with the change)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@[ -n "$(PYTHON)" ] || { echo "No Python 3.12+ found: install python3.13 (e.g. 'pyenv install 3.13') and retry." >&2; exit 1; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

ASSET_SOURCES := $(shell find static/src -type f 2>/dev/null)
static/build/.built: node_modules/.installed $(ASSET_SOURCES)
	npm run --silent build
	touch $@

assets: static/build/.built

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's Pango and fonts: WeasyPrint needs them to print the committee pack's PDF.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core
pdf:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }

migrate: $(VENV)/.installed
	DEBUG=true $(PY) manage.py migrate --no-input

demo-data: migrate
	DEBUG=true $(PY) manage.py import_plan $(PLAN_FILE)
	DEBUG=true $(PY) manage.py create_demo_accounts
	DEBUG=true $(PY) manage.py load_demo_progress
	DEBUG=true $(PY) manage.py load_population
	DEBUG=true $(PY) manage.py load_demo_measurements
	DEBUG=true $(PY) manage.py load_demo_returns

run: $(VENV)/.installed assets pdf demo-data
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed assets browser pdf
	$(PYTEST)

test-fast: $(VENV)/.installed assets pdf
	$(PYTEST) -m "not browser"

test-browser: $(VENV)/.installed assets browser pdf
	$(PYTEST) -m browser

# bandit reads every Python file of the project's own (new apps included), not tests or migrations.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r . -x './.venv,./node_modules,./static,./tests,*/migrations/*'

# The API's OpenAPI document, checked in so that a change to the API shows in review
# (tests/api/test_openapi.py fails until it is regenerated).
openapi: $(VENV)/.installed
	DEBUG=true $(PY) manage.py openapi

# Known vulnerabilities in the pinned dependencies. Needs PyPI's vulnerability data, which CI's
# network does not reach: run it where it does (see README, Deploying).
audit: $(VENV)/.installed
	$(VENV)/bin/pip-audit --strict -r requirements.txt

# As production runs it: gunicorn, whitenoise serving hashed static files, DEBUG off. Needs
# SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL) in the environment or .env.
serve: $(VENV)/.installed assets pdf
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py migrate --no-input
	$(VENV)/bin/gunicorn islington_equality.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles

# PostgreSQL for CI (.ci/run), the benchmark and the load test: installed if missing, started if
# it is stopped.
postgres:
	@command -v pg_ctlcluster >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | sort -V | tail -n 1)" main start; \
		for _ in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

# Speed at two sizes (see README, Performance): makes its own database BENCH_DB (dropped first).
BENCH_DB ?= islington_bench
bench: $(VENV)/.installed assets postgres
	$(PY) -m benchmarks.bench --database $(BENCH_DB)

# 50 users for 60 s against `make serve` on 127.0.0.1 (see README, Performance): makes its own
# database LOAD_DB (dropped first) with London-scale data; LOAD_SCALE=small for a quick run.
LOAD_DB ?= islington_load
LOAD_SCALE ?= london
LOAD_USERS ?= 50
LOAD_SECONDS ?= 60
load: $(VENV)/.installed assets postgres
	$(PY) -m benchmarks.load --database $(LOAD_DB) --scale $(LOAD_SCALE) \
		--users $(LOAD_USERS) --seconds $(LOAD_SECONDS)
