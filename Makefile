# Mostovi — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: demo test lint format lock messages venv serve worker bench clean-venv

# The virtualenv is rebuilt whenever the lock file changes.
$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

demo: export DJANGO_SETTINGS_MODULE ?= config.settings.local
demo: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_reference_data
	$(PY) manage.py import_partnerships
	$(PY) manage.py import_funding_catalogue
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo_setup
	PORT=$(PORT) ./bin/serve-demo

# The test settings always: a DJANGO_SETTINGS_MODULE from the shell must not leak into the suite.
test: venv
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-pin every dependency after editing requirements.in.
lock: venv
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe -o requirements.lock requirements.in

# Extract messages, fill the derived catalogues (English, Serbian Latin) and compile them.
messages: venv
	$(PY) manage.py i18n_sync

bench: venv
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done
