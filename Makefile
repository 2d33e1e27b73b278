# Every target sets up .venv itself, so a fresh checkout needs nothing but Python 3.11+.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?=

.PHONY: run demo console test lint bench clean system-deps

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

## make run: the console on the demo district (a database of its own, filled on first run)
run: $(STAMP)
	$(PY) main.py demo

## make console: the console on your own embedded database (empty on first run)
console: $(STAMP)
	$(PY) main.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

## make test: lint, types, layering, then every test (GUI tests offscreen)
test: lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -n auto --dist loadfile $(PYTEST_ARGS)

## make bench: the benchmarks at the scale the issues name; prints a table and
## writes bench-results.json
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .bench-cache
