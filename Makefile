# Two commands do everything on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
PORT ?= 8000

# CI runs the suite on the real PostgreSQL and Redis; locally SQLite and an embedded broker.
ifeq ($(CI),true)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pb_outcomes
export REDIS_URL ?= redis://127.0.0.1:6379/0
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
endif

# Python may cache compiled modules (and pytest its assertion-rewritten test modules) in
# __pycache__: with PYTHONDONTWRITEBYTECODE set, every pytest process, each xdist worker and each
# day of the date sweep compiled some 500 modules again (about 5 s of CPU apiece).
unexport PYTHONDONTWRITEBYTECODE

# pytest-xdist workers for the suite: one per core of the 2-core machines we run on (the Redis
# databases set aside for them are counted in tests/redis_dbs.py).
PYTEST_WORKERS ?= 2

.PHONY: run dev test test-fast check lint typecheck imports-check duplicates-check migrations-check pytest date-sweep seed assets bench system-deps browser-deps clean

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	touch $@

# Debian libraries the app and tests load: libmagic (upload sniffing), Pango (WeasyPrint PDFs),
# poppler (pdfinfo in PDF tests). Installed only when missing, and only where we may.
SYSTEM_PACKAGES := libmagic1 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils fonts-liberation2
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Please install: $$missing (sudo apt-get install $$missing)"; exit 1; fi; \
	fi

# Debian's Chromium for the Playwright + axe browser tests (never `playwright install`).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Please install Chromium: sudo apt-get install chromium"; exit 1; fi; \
	fi

# The demo councils' six named people each, plus 60 synthetic people per council so the
# council reports have numbers above the small-number threshold.
DEMO_SYNTHETIC_HOLDERS ?= 120

# `make run` serves as production does: DEBUG off (config/settings/local.py), gunicorn with a
# bounded pool (config/gunicorn_conf.py), static files collected under var/ and served by
# WhiteNoise, over plain http on 127.0.0.1. `make dev` is the same demo with Django's reloading
# development server and DEBUG on (config/settings/dev.py).
RUN_SETTINGS = config.settings.local
WEB_SERVER = $(VENV)/bin/gunicorn -c config/gunicorn_conf.py --bind 127.0.0.1:$(PORT)
dev: RUN_SETTINGS = config.settings.dev
dev: WEB_SERVER = $(PY) manage.py runserver 127.0.0.1:$(PORT)
dev: run
run: export DJANGO_SETTINGS_MODULE = $(RUN_SETTINGS)
run: export SITE_URL ?= http://127.0.0.1:$(PORT)

# The demo is the point of `make run`, so it seeds with --force although DEBUG is off; the seed
# command refuses a DEBUG-off database for everyone else.
run: $(VENV)/.installed system-deps
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed --force --ensure-holders $(DEMO_SYNTHETIC_HOLDERS)
	@$(PY) -c "import seeds.personas as p; p.print_sign_ins('http://127.0.0.1:$(PORT)/')"
	@trap 'kill 0' INT TERM EXIT; \
	$(VENV)/bin/celery -A config worker -Q default,reports -c 2 --loglevel=INFO & \
	$(VENV)/bin/celery -A config beat --loglevel=INFO & \
	$(WEB_SERVER) & \
	wait

seed: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed

test: $(VENV)/.installed system-deps browser-deps lint typecheck imports-check duplicates-check migrations-check pytest date-sweep

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy .

# The import rules of the layout (pyproject.toml, [tool.importlinter]): layers, no view imports, budgets below outcomes,
# config and the apps free of the demo data and the tests.
imports-check: $(VENV)/.installed
	$(VENV)/bin/lint-imports --no-cache

# pylint's duplicate-code check only (configured in pyproject.toml): six or more lines written
# twice in the application code. Migrations and tests are left out.
duplicates-check: $(VENV)/.installed
	$(VENV)/bin/pylint budgets outcomes config seeds

# Compares models with migration files only; it writes no database (the test settings, SQLite).
migrations-check: $(VENV)/.installed
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed
	$(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The edit loop: the suite without the browser and real-worker tests and without the date sweep,
# on xdist, with the local (smaller) hypothesis and schemathesis example counts. Not a gate:
# `make test` is.
test-fast: $(VENV)/.installed
	HYPOTHESIS_PROFILE=local $(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) -m "not browser and not slow" $(PYTEST_ARGS)

# The tests marked `dates` again on each awkward day of tests/clock.py SWEEP (docs/testing.md).
date-sweep: $(VENV)/.installed
	$(PY) -m tests.sweep

assets:
	npm ci --no-audit --no-fund
	npm run build

bench: $(VENV)/.installed
	$(PY) tests/perf/bench_reports.py

clean:
	rm -rf $(VENV) var
