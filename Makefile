# Two commands: `make run` serves the portal on the demo company, `make test` runs the whole suite.
# Both set everything up first on a fresh Debian machine with Python 3.11 and make.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     := $(or $(RELCLIENT_DB),data/relclient.duckdb)
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check lint demo bench setup setup-dev chromium charts fonts postgresql clean

run: setup fonts $(DB)
	$(PY) -m relclient.ui.serve --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# Everything, on both cores: a test file per worker at a time, so that a file's module fixtures
# (a demo copy, a served app) are made once (26 min 31 s one test after the other).
test: setup-dev chromium charts postgresql lint
	$(PY) -m pytest -n 2 --dist loadfile

# The fast tier, before every commit (under 2 minutes): the lint, the import boundaries, and the unit
# tests that need no browser, no PostgreSQL and no other process (pytest -m "not slow"), on two
# workers of one DuckDB thread each (two threads each would fight for the two cores: 104 s against 82 s).
check: setup-dev lint
	RELCLIENT_THREADS=1 $(PY) -m pytest tests/unit -m "not slow" -q -n 2

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

# The demo company, built once when no database exists (delete the file to rebuild it).
$(DB): | setup
	RELCLIENT_DB=$(DB) $(PY) -m relclient demo

demo: setup
	RELCLIENT_DB=$(DB) $(PY) -m relclient demo --replace

bench: setup
	$(PY) bench/kpis.py --scale 1
	$(PY) bench/demo_build.py --scale 1
	$(PY) bench/dashboard.py --scale 1
	$(PY) bench/pages.py --scale 1
	$(PY) bench/actions.py --scale 1
	$(PY) bench/reviews.py --scale 1
	$(PY) bench/concurrent.py --sessions 20 --scale 1

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "relclient needs Python 3.11 or newer"'
	@# Debian ships venv's ensurepip separately (python3-venv); install it when venv fails.
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); \
		echo "python venv is missing: installing python3-venv"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Real-browser tests drive Debian's Chromium; Playwright cannot download a browser here.
# Chromium drives the browser tests (and draws the review minutes' charts where it is installed);
# DejaVu writes the minutes' PDF's every character.
chromium: fonts
	@command -v chromium >/dev/null 2>&1 || \
		{ echo "installing Debian's chromium"; $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# The charts of the review minutes (kaleido), on a server: Debian's chromium-headless-shell is
# enough, and a third of chromium's packages (README, "Charts in the minutes"). Without it the
# minutes are made without charts, and the page says how to add them.
charts: fonts
	@command -v chromium-headless-shell >/dev/null 2>&1 || \
		{ echo "installing Debian's chromium-headless-shell"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium-headless-shell; }

fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || \
		{ echo "installing fonts-dejavu-core"; $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q fonts-dejavu-core; }

# The DuckLake tests start a throw-away PostgreSQL cluster (tests/postgres_cluster.py) from Debian's package.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		{ echo "installing Debian's postgresql"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q postgresql; }

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
