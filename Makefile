# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run PORT=8101` serves there; links in emails, calendar files and QR codes follow.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV_ENV := DJANGO_DEBUG=1 SITE_URL=$(SITE_URL)

.PHONY: run test fuzz system-tools install lock upgrade migrate demo lint format check privacy-timing bench clean

run: install migrate demo
	@echo ""
	@echo "Civic Forum is starting at http://127.0.0.1:$(PORT)/"
	@echo "Staff admin: http://127.0.0.1:$(PORT)/admin/ - create your own account first with:"
	@echo "    $(DEV_ENV) $(BIN)/python manage.py createsuperuser"
	@echo ""
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install system-tools
	$(BIN)/python -m pytest

# At least 10,000 generated requests against every page (tests/test_fuzz.py); prints the count.
# FUZZ_EXAMPLES=50000 for more; DATABASE_URL=... to run them on PostgreSQL.
fuzz: install
	FUZZ_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -q -s -p no:cacheprovider

# The browser tests drive Debian's Chromium (Playwright never downloads a browser), the
# catalogue tests run makemessages, which needs GNU gettext, and the flyer's test reads its PDF
# with poppler (pdfinfo, pdftotext, pdftoppm) and its QR codes with zbar.
SYSTEM_PACKAGES := chromium gettext poppler-utils zbar-tools
system-tools:
	@for tool in chromium msgmerge pdfinfo pdftotext pdftoppm zbarimg; do \
		command -v $$tool >/dev/null 2>&1 || missing=1; done; \
	[ -z "$$missing" ] || { \
		echo "Installing Debian's $(SYSTEM_PACKAGES) for the tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); }

install: $(VENV)/.installed

# Exactly the versions in requirements.lock, each checked against its hash; then the project
# itself, built with the locked setuptools (pip cannot check hashes of an editable install).
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Civic Forum needs Python 3.12 or newer; $(PYTHON) is " + sys.version.split()[0] + ". Try: make PYTHON=python3.13")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

# After changing the dependencies in pyproject.toml: write the lock again, keeping the other
# pins. `make upgrade` takes the newest release of everything instead.
LOCK := $(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes --python-version 3.12 --quiet -o requirements.lock
lock: install
	$(LOCK)

upgrade: install
	$(LOCK) --upgrade

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --verbosity 0

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Needs PostgreSQL on 127.0.0.1:5432 (user postgres); makes and drops its own database.
privacy-timing: install
	$(BIN)/python bench/privacy_timing.py

# How fast the site answers, next to a bare Django app (bench/speed.py; figures in the README).
# Needs PostgreSQL as above and wrk (Debian's package, installed here if missing). About ten
# minutes; `make bench BENCH_ARGS=--quick` for a smoke run, BENCH_ARGS="--duration 20" for
# steadier figures.
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing Debian's wrk for the bench"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python bench/speed.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
