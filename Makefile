# The two commands a new user needs: `make run` (demo data, served at http://127.0.0.1:8000) and
# `make test` (the whole suite). Both install everything they need first.

SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
export UV_LINK_MODE ?= copy

.PHONY: install run test lint typecheck pytest browsers benchmark clean

$(UV):
	python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

run: install
	$(UV) run peerlift demo
	$(UV) run peerlift serve

lint: install
	$(UV) run ruff check src tests benchmarks
	$(UV) run ruff format --check src tests benchmarks

typecheck: install
	$(UV) run mypy src

pytest: install
	$(UV) run pytest

test: lint typecheck pytest

benchmark: install
	$(UV) run python benchmarks/national_import.py

clean:
	rm -rf .venv var test-output peerlift.sqlite3
