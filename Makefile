# The README's commands. `make run` starts the app with a demo case; `make test` runs
# lint, type checks and the whole suite (installing headless Chromium if it is missing).
# Both install Debian's Pango and fonts where missing (PDF briefings, `pdf-libs`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck pytest chromium pdf-libs bench screenshots messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): requirements/app.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/app.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(TEST_STAMP): requirements/test.txt $(APP_STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/test.txt
	@touch $@

run: $(APP_STAMP) pdf-libs
	$(BIN)/peacetrack serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium (never a downloaded browser build).
chromium:
	@if [ -n "$$PEACETRACK_CHROMIUM" ] || command -v chromium >/dev/null 2>&1; then :; \
	else echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; fi

# Briefing packs as PDF: WeasyPrint draws text with Debian's Pango (and HarfBuzz, fontconfig,
# which it pulls in) and needs a font. Installed where importing WeasyPrint fails or no font is
# found, as `chromium` installs the browser.
pdf-libs: $(APP_STAMP)
	@if $(BIN)/python -c "import weasyprint" >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q .; then :; \
	else echo "Installing Debian's Pango and fonts for PDF briefings"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
	    libharfbuzz-subset0 fontconfig fonts-liberation fonts-dejavu-core >/dev/null; fi

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy peacetrack config

pytest: $(TEST_STAMP) chromium pdf-libs
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: lint typecheck pytest

# Every benchmark script, each one's output saved in bench/results/, then docs/performance.md
# written from them (bench/report.py). `make bench BENCH=load` runs only the load test.
bench: $(APP_STAMP)
	$(BIN)/python bench/report.py --run $(BENCH)

# Re-take the README's screenshots (docs/screenshots/) with the browser test.
screenshots: $(TEST_STAMP) chromium
	PEACETRACK_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -m browser

# Translations (docs/translating.md): refresh every catalogue from the code, then compile them.
# Needs GNU gettext (apt-get install gettext); the tests do not. `make messages` updates the
# languages each catalogue already has; `make messages NEW=es` adds Spanish to all of them.
# The advisor's rule texts (data files) are first written as code that makemessages reads
# (peacetrack/advisor/messages.py).
DJANGO_ADMIN := PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=config.settings $(CURDIR)/$(BIN)/django-admin
MESSAGES_FLAGS := --no-location --no-obsolete --all $(addprefix --locale=,$(NEW))
# The project catalogue (peacetrack/locale) covers peacetrack/templates/ and peacetrack/*.py;
# each app with a locale/ folder has its own.
PACKAGES := $(patsubst peacetrack/%/__init__.py,%,$(wildcard peacetrack/*/__init__.py))
APP_CATALOGUES := $(patsubst peacetrack/%/locale,%,$(wildcard peacetrack/*/locale))

messages: $(APP_STAMP)
	@command -v msgfmt >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext"; exit 1; }
	PYTHONPATH=$(CURDIR) $(BIN)/python -m peacetrack.advisor.messages
	cd peacetrack && $(DJANGO_ADMIN) makemessages $(MESSAGES_FLAGS) \
	  $(addprefix --ignore=,$(PACKAGES) static conftest.py)
	@for app in $(APP_CATALOGUES); do \
	  echo "peacetrack/$$app"; \
	  (cd peacetrack/$$app && $(DJANGO_ADMIN) makemessages $(MESSAGES_FLAGS) --ignore=tests) || exit 1; \
	done
	$(DJANGO_ADMIN) compilemessages --ignore=.venv --ignore=data

# The advisor's rules catalogue, docs/advisor-rules.md, from the registered rules (a test
# fails when it is out of date).
.PHONY: rules-doc
rules-doc: $(APP_STAMP)
	PYTHONPATH=$(CURDIR) $(BIN)/python -m peacetrack.advisor.catalogue

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
