# Two entry points for a fresh clone: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test setup migrate demo lint format browser browser-soak browser-bench pdftools messages lock bench bench-issuance bench-national ci clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian's chromium for the browser tests; Playwright's own browser download cannot work here.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "WARNING: chromium could not be installed; browser tests will be skipped"; \
	else echo "WARNING: no /usr/bin/chromium and no root apt-get; browser tests will be skipped"; fi

# Debian's poppler-utils: pdfsig checks the digital signatures independently, pdftoppm renders pages.
pdftools:
	@if command -v pdfsig >/dev/null && command -v pdftoppm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's poppler-utils for the signature tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) \
		|| echo "WARNING: poppler-utils could not be installed; pdfsig tests will be skipped"; \
	else echo "WARNING: no pdfsig and no root apt-get; pdfsig tests will be skipped"; fi

# The browser suite N times in a row (flakiness shows as failures): prints "N passed, N failed".
N ?= 10
browser-soak: setup browser
	@passed=0; failed=0; i=0; while [ $$i -lt $(N) ]; do i=$$((i+1)); \
		start=$$(date +%s); \
		if DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/browser $(PYTEST_ARGS) >/tmp/congvu-soak-$$i.log 2>&1; \
		then passed=$$((passed+1)); r=passed; else failed=$$((failed+1)); r="FAILED (log /tmp/congvu-soak-$$i.log)"; fi; \
		echo "run $$i: $$r in $$(( $$(date +%s) - start ))s"; done; \
	echo "$$passed passed, $$failed failed"; [ $$failed -eq 0 ]

# The largest offline backlog synced in one go: BACKLOG_ITEMS findings, each with a photo of
# BACKLOG_PHOTO_KB kilobytes, sent from a tablet's outbox; prints items, MB, batches and seconds.
browser-bench: setup browser
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/browser/bench_backlog.py

# Two workers by default (the machines have two cores); TEST_WORKERS=0 runs in one process. Work
# stealing keeps both busy to the end: with whole files per worker (loadfile) one sat idle while the
# other finished a long browser file (same suite, this machine: 301 s with loadfile, 279 s stealing).
TEST_WORKERS ?= auto
test: setup browser pdftools
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: setup
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

# Regenerate the pinned lock file from pyproject.toml's ranges.
lock:
	rm -rf /tmp/congvu-lock && $(PYTHON) -m venv /tmp/congvu-lock
	/tmp/congvu-lock/bin/pip install --quiet pip-tools
	/tmp/congvu-lock/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

# Time and peak memory of a 1,000-finding report and a 100,000-finding summary, on a scratch database
# (BENCH_DATABASE_URL, default a new SQLite file; for PostgreSQL create an empty database first).
BENCH_DATABASE_URL ?= sqlite:////tmp/congvu-bench/bench.sqlite3
bench: setup
	rm -rf /tmp/congvu-bench && mkdir -p /tmp/congvu-bench
	DATABASE_URL=$(BENCH_DATABASE_URL) CONGVU_VAR_DIR=/tmp/congvu-bench $(BIN)/python manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) CONGVU_VAR_DIR=/tmp/congvu-bench $(BIN)/python manage.py report_benchmark $(BENCH_ARGS)

# Time to issue an inspection of 5,000 draft findings, twice (the second with 5,000 confirmed before).
bench-issuance: setup
	rm -rf /tmp/congvu-bench && mkdir -p /tmp/congvu-bench
	DATABASE_URL=$(BENCH_DATABASE_URL) CONGVU_VAR_DIR=/tmp/congvu-bench $(BIN)/python manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) CONGVU_VAR_DIR=/tmp/congvu-bench $(BIN)/python manage.py issuance_benchmark $(BENCH_ARGS)
# Every role's lists, summary and exports on the national dataset (README "National scale"), on
# PostgreSQL: BENCH_DATABASE_URL names an existing database, emptied and regenerated unless
# NATIONAL_KEEP=1 (reuse the data already generated there). NATIONAL_ARGS sizes the dataset.
NATIONAL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/congvu_national
bench-national: setup
	DATABASE_URL=$(or $(filter postgres%,$(BENCH_DATABASE_URL)),$(NATIONAL_DATABASE_URL)) bash -c '\
	  set -e; if [ "$(NATIONAL_KEEP)" != 1 ]; then \
	    $(BIN)/python manage.py flush --noinput -v 0 2>/dev/null || true; \
	    $(BIN)/python manage.py migrate --noinput -v 0; \
	    nice -n 10 $(BIN)/python manage.py generate_national $(NATIONAL_ARGS); fi; \
	  $(BIN)/python manage.py bench_national $(NATIONAL_BENCH_ARGS)'

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var
