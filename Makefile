# The two commands a new user needs: `make run` (demo data, served at http://127.0.0.1:8000) and
# `make test` (the whole suite). Both install everything they need first.

SHELL := /bin/bash
# uv from PATH, else the one pip installs into python3 (run as `python3 -m uv`).
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export UV_LINK_MODE ?= copy

.PHONY: install run test lint typecheck pytest benchmark clean

include web.mk

# Bytecode is compiled at install time: some environments set PYTHONDONTWRITEBYTECODE, and without
# .pyc files every `peerlift` command spends a second compiling its imports.
.venv/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --break-system-packages uv
	$(UV) sync --frozen --compile-bytecode
	touch $@

install: .venv/.installed
	$(UV) sync --frozen --quiet
	$(UV) run --frozen python -m compileall -q src

# The server and a background worker side by side; Ctrl+C stops both (and so does the server ending).
run: install reports-system
	$(UV) run peerlift demo
	$(UV) run peerlift demo-users
	@$(UV) run peerlift worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(UV) run peerlift serve

lint: install
	$(UV) run ruff check src tests benchmarks
	$(UV) run ruff format --check src tests benchmarks
	$(UV) run lint-imports

typecheck: install
	$(UV) run mypy src

# The whole suite on SQLite, then the database tests again on PostgreSQL when PEERLIFT_TEST_POSTGRES
# names a server (they skip with a message if it does not answer).
pytest: install browsers reports-system
	$(UV) run pytest
	@if [ -n "$$PEERLIFT_TEST_POSTGRES" ]; then \
		echo "--- database tests on PostgreSQL ($$PEERLIFT_TEST_POSTGRES)"; \
		DATABASE_URL="$$PEERLIFT_TEST_POSTGRES" $(UV) run pytest -m "not browser" tests/store tests/test_cli*.py tests/web tests/reports; \
	fi

test: lint typecheck pytest

# Speed is measured here, never asserted in tests: each script prints its figures and targets.
benchmark: install
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(UV) run python benchmarks/national_import.py $${PEERLIFT_TEST_POSTGRES:+--postgres "$$PEERLIFT_TEST_POSTGRES"}
	$(UV) run python benchmarks/compare_national.py
	$(UV) run python benchmarks/compare_page.py
	$(UV) run python benchmarks/web_latency.py
	$(UV) run python benchmarks/datapacks_la.py
	$(UV) run python benchmarks/families_national.py
	$(UV) run python benchmarks/categories_national.py
	$(UV) run python benchmarks/partners_allocation.py
	$(UV) run python benchmarks/brokerage_national.py
	$(UV) run python benchmarks/gatsby_national.py

clean:
	rm -rf .venv var test-output node_modules peerlift.sqlite3
