# Two commands matter: `make run` and `make test`. Both work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install install-dev worker migrate clean backup restore load-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Migrate, load the demo programme into an empty database, print the demo logins, serve.
# With CELERY_BROKER_URL set, a Celery worker with beat runs alongside (stopped with the server).
run: migrate
	$(BIN)/python manage.py seed_demo --scale small --if-empty
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
		echo "Starting a Celery worker with beat on $$CELERY_BROKER_URL"; \
		$(BIN)/celery -A peernetworks worker --beat --loglevel=INFO --concurrency=2 & \
		trap "kill $$! 2>/dev/null" EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else \
		$(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

worker: install
	$(BIN)/celery -A peernetworks worker --beat --loglevel=INFO

# Lint, then the whole suite. DATABASE_URL (PostgreSQL) is used when set, SQLite otherwise;
# CELERY_BROKER_URL adds the real-worker tests; browser tests run when Chromium is installed.
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=peernetworks.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Backups (docs/operations.md): `make backup` writes backups/peernetworks-<time>.backup;
# `make restore BACKUP=path` replaces the database with it.
backup: install
	$(BIN)/python manage.py backup_database $(if $(BACKUP),--output $(BACKUP),)

restore: install
	@test -n "$(BACKUP)" || (echo "Usage: make restore BACKUP=backups/....backup" && exit 2)
	$(BIN)/python manage.py restore_database --yes $(BACKUP)

# Load test (docs/performance.md): gunicorn on the national demo in PostgreSQL (database pn_load,
# or LOAD_DATABASE_URL) driven by locust; prints PASS or FAIL against the load thresholds.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[bench]"
	touch $(VENV)/.installed $@

load-test: $(VENV)/.installed-bench
	bash benchmarks/load/run.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
