# The README's two commands are `make run` and `make test`; CI calls `make test` through .ci/run.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
# Media and browser tests run in a network namespace holding only `lo` (docs/design.md, « Tests »):
# no test packet can leave the machine, and ICE only sees 127.0.0.1.
NETNS := unshare --net -- sh -c
# Firefox gathers no ICE candidate with `lo` alone: a veth pair inside the namespace, with a default route into it,
# gives it an interface; packets sent there have nowhere to go but the namespace.
FIREFOX_NET := ip link set lo up && ip link add fx0 type veth peer name fx1 && ip addr add 10.77.0.1/24 dev fx0 \
	&& ip link set fx0 up && ip link set fx1 up && ip route add default via 10.77.0.2

.PHONY: run test test-fast test-media test-browser system-deps bench lint i18n clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# Development on purpose: an unset ENTRAIDE_ENV means production, which wants a real secret.
run: export ENTRAIDE_ENV := development
run: $(STAMP)
	mkdir -p var
	$(VENV)/bin/entraide migrate
	$(VENV)/bin/entraide geo load
	if test -f var/.demo-loaded; then $(VENV)/bin/entraide demo --comptes; \
	else $(VENV)/bin/entraide demo && touch var/.demo-loaded; fi
	$(VENV)/bin/entraide serve --host $(HOST) --port $(PORT)

# Debian's Chromium and Firefox ESR for the browser tests; installed only when missing (needs root, as on CI).
system-deps:
	@command -v chromium >/dev/null 2>&1 && command -v firefox-esr >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver firefox-esr fonts-dejavu-core)

# The main lane on both cores (pytest-xdist): each worker has its own PostgreSQL database and SQLite files.
test: $(STAMP) system-deps node_modules/.installed
	$(MAKE) lint
	ENTRAIDE_TEST_PG_URL=$(PG_URL) $(PY) -m pytest -q -n 2 -m "not media and not browser and not firefox" -p no:cacheprovider --durations=25
	$(MAKE) test-media test-browser

test-fast: $(STAMP)
	ENTRAIDE_TEST_PG_URL=$(PG_URL) $(PY) -m pytest -q -x -m "not media and not browser and not firefox" -p no:cacheprovider

test-media: $(STAMP)
	$(NETNS) 'ip link set lo up && $(PY) -m pytest -q -m media -p no:cacheprovider'

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-browser: $(STAMP) system-deps node_modules/.installed
	$(NETNS) 'ip link set lo up && $(PY) -m pytest -q -m browser -p no:cacheprovider'
	$(NETNS) '$(FIREFOX_NET) && $(PY) -m pytest -q -m firefox -p no:cacheprovider tests/firefox'

bench: $(STAMP)
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(STAMP)
	$(VENV)/bin/ruff check learning live courses tests bench
	$(VENV)/bin/ruff format --check learning live courses tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/entraide content check content/

i18n: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -o learning/locale/messages.pot --no-location --sort-output learning live courses
	$(PY) -m learning.i18n_update

clean:
	rm -rf $(VENV) var
