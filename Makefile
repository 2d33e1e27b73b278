# Every target sets up .venv itself, so a fresh checkout needs nothing but Python 3.11+.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The Chinese catalogue: the .ts is committed, its compiled .qm is made here (and by the
# console at start-up when missing or older than the .ts).
TS     := resources/translations/watchroom_zh_CN.ts
QM     := $(TS:.ts=.qm)
export QT_QPA_PLATFORM ?=

.PHONY: run demo console test lint bench clean system-deps translations

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM)
	touch $(STAMP)

$(QM): $(TS) $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM)

## make translations: new tr() strings into the .ts (translate them, then make run)
translations: $(STAMP)
	bash scripts/update-translations.sh --release

system-deps:
	bash scripts/system-deps.sh

## make run: the console on the demo district (a database of its own, filled on first run)
run: $(STAMP) $(QM)
	$(PY) main.py demo

## make console: the console on your own embedded database (empty on first run)
console: $(STAMP) $(QM)
	$(PY) main.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

## make test: lint, types, layering, then every test (GUI tests offscreen) on SQLite and
## on PostgreSQL: the server named by WATCHROOM_TEST_PG_URL, else a throwaway one on
## 127.0.0.1:54329 that scripts/test-postgres.sh installs (apt) and starts
test: lint
	@if [ -z "$${WATCHROOM_TEST_PG_URL:-}" ]; then eval "$$(bash scripts/test-postgres.sh)"; fi; \
	export WATCHROOM_TEST_PG_URL; \
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -n auto --dist loadfile $(PYTEST_ARGS)

## make bench: the benchmarks at the scale the issues name; prints a table and
## writes bench-results.json
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .bench-cache $(QM)
