# The only entry points, for people and CI alike (see README.md).
#   make run        install, migrate, build, provision, serve on http://127.0.0.1:8000
#   make test       the whole test suite (Python, then the frontend when it exists)
#   make lint       ruff, ruff format --check, mypy --strict, import-linter
#   make provision FILE=path.json
#   make bench

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# Reinstalled only when a requirements file changes.
STAMP := $(VENV)/.installed
DEMO_PROVISION := demo/provision.json

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

.PHONY: help venv run test lint provision bench frontend-build frontend-test

help:
	@echo "make run                      install, migrate, provision and serve on http://127.0.0.1:8000"
	@echo "make test                     run every test (Python, then frontend)"
	@echo "make lint                     ruff, ruff format --check, mypy, import-linter"
	@echo "make provision FILE=path.json apply a provisioning file to DATABASE_URL"
	@echo "make bench                    run the benchmarks"

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@# A venv left without pip (python3-venv was missing) is rebuilt, not reused.
	@if ! $(PY) -m pip --version >/dev/null 2>&1; then \
		boot=""; \
		for candidate in python3.11 python3; do \
			if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
				boot=$$candidate; break; \
			fi; \
		done; \
		if [ -z "$$boot" ]; then echo "error: Python 3.11 or newer is needed (python3.11 or python3)" >&2; exit 1; fi; \
		rm -rf $(VENV); \
		echo "creating $(VENV) with $$(command -v $$boot)"; \
		$$boot -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: venv
	@# The in-process broker wakes only its own process: other workers would see updates
	@# only at the 5 s safety poll. Several workers need the shared Redis broker.
	@if [ "$${WORKERS:-1}" != "1" ] && [ -z "$${REDIS_URL:-}" ]; then \
		echo "error: WORKERS=$${WORKERS} needs REDIS_URL (the in-process broker cannot wake other processes)" >&2; \
		exit 2; \
	fi
	$(MANAGE) migrate --noinput
	@$(MAKE) frontend-build
	$(MANAGE) collectstatic --noinput --verbosity 0
	@file="$${MULTICHAT_PROVISION:-$(DEMO_PROVISION)}"; \
	if [ "$$file" = "$(DEMO_PROVISION)" ]; then \
		$(MANAGE) provision "$$file" --print-logins; \
	else \
		$(MANAGE) provision "$$file"; \
	fi
	@# Every worker writes its metrics under PROMETHEUS_MULTIPROC_DIR and /metrics sums
	@# them, whichever worker answers. Files left by an earlier run would be summed too.
	@# exec: uvicorn replaces the shell, so Ctrl-C and the SIGTERM make forwards reach it.
	@export PROMETHEUS_MULTIPROC_DIR="$${PROMETHEUS_MULTIPROC_DIR:-$${MULTICHAT_VAR_DIR:-var}/prometheus}"; \
	mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"; \
	rm -f "$$PROMETHEUS_MULTIPROC_DIR"/*.db; \
	echo "multichat is serving on http://$${HOST:-127.0.0.1}:$${PORT:-8000}/ (Ctrl-C stops it)"; \
	exec $(BIN)/uvicorn config.asgi:application \
		--host "$${HOST:-127.0.0.1}" --port "$${PORT:-8000}" --workers "$${WORKERS:-1}" \
		--proxy-headers --no-server-header --timeout-graceful-shutdown 5 --lifespan on

test: venv
	$(PY) -m pytest
	@$(MAKE) frontend-test

# Lint runs every tool even when an earlier one fails, so one pass shows everything.
lint: venv
	@status=0; \
	for tool in "ruff check ." "ruff format --check ." "mypy ." "lint-imports"; do \
		echo "--- $$tool"; \
		$(BIN)/$$tool || status=1; \
	done; \
	exit $$status

provision: venv
	@if [ -z "$(FILE)" ]; then echo "usage: make provision FILE=path.json" >&2; exit 2; fi
	$(MANAGE) migrate --noinput
	$(MANAGE) provision "$(FILE)"

# Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (see docs/benchmarks.md);
# BENCH_QUICK=1 for a short smoke run. Results: stdout and docs/benchmarks.md.
bench: venv
	$(PY) -m bench.run

# The web app (frontend/, see README "Web app"). Both act only when frontend/package.json
# exists. node_modules is reinstalled only when package-lock.json is newer than the last
# install.
define npm_install
	if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then \
		if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi; \
		touch node_modules/.installed; \
	fi
endef

frontend-build:
	@if [ -f frontend/package.json ]; then \
		cd frontend && $(npm_install) && npm run build; \
	fi

# eslint + tsc, Vitest, then the Playwright end-to-end run in /usr/bin/chromium against a
# server started as `make run` starts it (own temp MULTICHAT_VAR_DIR, free port; it
# builds the app). A missing chromium fails the run: the browser tests are never skipped.
frontend-test:
	@if [ -f frontend/package.json ]; then \
		cd frontend && $(npm_install) && npm run lint && npm run test:unit && npm run e2e; \
	fi
