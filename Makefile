# IMS Training Portal: `make run` (portal with demo data) and `make test` (lint + whole suite).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 5000
# Certificates freeze their verification links at issue: by default they point where `make run`
# serves (PORT), unless PUBLIC_BASE_URL is given (e.g. https://ims.example.org behind a proxy).
PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
export PUBLIC_BASE_URL
FLASK := $(VENV)/bin/flask --app ims_training
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run setup install install-test lock lock-check translations db test lint chromium wrk test-postgres bench bench-quiz i18n clean

## Installs come only from the lock files (exact versions, sha256 hashes): pip refuses anything else.
## `make lock` refreshes them from pyproject.toml's ranges; see README "Dependencies".
RUN_LOCK ?= requirements/run.txt
TEST_LOCK ?= requirements/test.txt
PIP_INSTALL_LOCKED := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps --only-binary :all: -r

$(PY):
	@command -v python3 >/dev/null || { echo "python3 (3.11+) is needed: install it first"; exit 1; }
	python3 -m venv $(VENV)

$(VENV)/.installed-run: $(RUN_LOCK) | $(PY)
	@echo "Installing the locked runtime dependencies ($(RUN_LOCK))"
	$(PIP_INSTALL_LOCKED) $(RUN_LOCK)
	$(PY) scripts/check_lock.py --installed $(RUN_LOCK)
	@touch $@

$(VENV)/.installed-test: $(TEST_LOCK) | $(PY)
	@echo "Installing the locked runtime and test dependencies ($(TEST_LOCK))"
	$(PIP_INSTALL_LOCKED) $(TEST_LOCK)
	$(PY) scripts/check_lock.py --installed $(TEST_LOCK)
	@touch $@ $(VENV)/.installed-run

## The portal runs from this folder (pytest, flask --app and gunicorn import `ims_training` from
## here), so the project itself is not installed into the venv.
install: $(VENV)/.installed-run

install-test: $(VENV)/.installed-test

## Refresh the lock files from pyproject.toml (needs PyPI). Keeps current pins where they still fit;
## `make lock UPGRADE=1` (or UPGRADE_PACKAGE=name) moves to newer releases.
UV_UPGRADE := $(if $(UPGRADE),--upgrade,)$(if $(UPGRADE_PACKAGE), --upgrade-package $(UPGRADE_PACKAGE),)
lock: | $(PY)
	$(PIP_INSTALL_LOCKED) requirements/tools.txt
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet $(UV_UPGRADE) -o $(RUN_LOCK)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes --quiet $(UV_UPGRADE) -o $(TEST_LOCK)
	$(PY) scripts/check_lock.py --stamp $(RUN_LOCK) $(TEST_LOCK)

## Fails when pyproject.toml changed without `make lock`, or a pin lacks a hash (CI runs it).
lock-check: | $(PY)
	$(PY) scripts/check_lock.py $(RUN_LOCK) $(TEST_LOCK)

translations: install
	$(VENV)/bin/pybabel compile --use-fuzzy -d ims_training/translations

db: install
	$(FLASK) db upgrade

## Everything the portal needs, then the demo data (course, question bank, demo accounts).
setup: install translations db
	$(FLASK) course import
	$(FLASK) bank import
	$(FLASK) programs ensure-default
	$(FLASK) seed-demo

run: setup
	@echo ""
	@echo "IMS Training Portal: http://127.0.0.1:$(PORT)   (the demo logins are printed above; certificate links: $(PUBLIC_BASE_URL))"
	$(VENV)/bin/gunicorn --workers 1 --threads 4 --bind 127.0.0.1:$(PORT) --access-logfile - "ims_training:create_app()"

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests (needs root or sudo)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

wrk:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

lint: install-test
	$(VENV)/bin/ruff format --check ims_training tests bench scripts
	$(VENV)/bin/ruff check ims_training tests bench scripts
	$(VENV)/bin/mypy

PYTEST_WORKERS ?= 2

test: lock-check install-test translations chromium lint
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS)

## The same suite on PostgreSQL (CI runs both). TEST_DATABASE_URL overrides the database.
test-postgres: install-test translations chromium
	TEST_DATABASE_URL=$(or $(TEST_DATABASE_URL),postgresql://postgres@127.0.0.1:5432/test) $(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS)

bench: install-test translations wrk
	$(PY) -m bench.run
	$(PY) -m bench.bank_import_bench
	$(PY) -m bench.documents_bench
	$(PY) -m bench.hostile_files

## 200 trainees take a quiz at once (SQLite; BENCH_DATABASE_URL=postgresql://... for PostgreSQL).
bench-quiz: install-test translations
	$(PY) -m bench.quiz_load

## Developer: extract new interface strings into the catalogs (then translate them in the .po file).
i18n: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o ims_training/translations/messages.pot . templates/_macros
	$(VENV)/bin/pybabel update -i ims_training/translations/messages.pot -d ims_training/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
