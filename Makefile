# The README's commands. `make run` starts the app with a demo case; `make test` runs
# lint, type checks and the whole suite (installing headless Chromium if it is missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck pytest chromium bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): requirements/app.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/app.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(TEST_STAMP): requirements/test.txt $(APP_STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/test.txt
	@touch $@

run: $(APP_STAMP)
	$(BIN)/peacetrack serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium (never a downloaded browser build).
chromium:
	@if [ -n "$$PEACETRACK_CHROMIUM" ] || command -v chromium >/dev/null 2>&1; then :; \
	else echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; fi

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy peacetrack config

pytest: $(TEST_STAMP) chromium
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: lint typecheck pytest

bench: $(APP_STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/records.py

# Re-take the README's screenshots (docs/screenshots/) with the browser test.
screenshots: $(TEST_STAMP) chromium
	PEACETRACK_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -m browser

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
