# Shuyuan: `make run` starts the system on SQLite with the demo data; `make test` runs every test
# on SQLite and on a throwaway PostgreSQL server; `make bench` runs the benchmarks.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := fonts-wqy-zenhei poppler-utils gettext chromium yaz zbar-tools curl ca-certificates
PYTEST_ARGS ?=
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-postgres lint audit bench setup system messages echarts clean

run: setup
	@$(BIN)/shuyuan check_database
	@$(BIN)/shuyuan migrate --noinput -v 0
	@$(BIN)/shuyuan demo --if-empty
	@$(BIN)/shuyuan serve

setup: system $(VENV)/.installed messages echarts

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

system:
	@scripts/system-packages.sh $(SYSTEM_PACKAGES)

# Apache ECharts for the dashboards, from the npm registry: pinned version and SHA-256 in the script.
echarts:
	@scripts/fetch-echarts.sh

messages:
	@find shuyuan -name django.po | while read po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po" || exit 1; done

# lint-imports checks the layers written in pyproject.toml ([tool.importlinter]).
lint: setup
	$(BIN)/ruff check shuyuan bench
	$(BIN)/lint-imports
	$(BIN)/mypy shuyuan

# pip-audit of the pinned dependencies (scripts/audit_dependencies.py): exit 1 on a known vulnerability not in
# scripts/pip-audit-allow.txt, exit 2 when the vulnerability service could not check them (then it says so).
# SERVICE=osv asks api.osv.dev instead of pypi.org.
SERVICE ?= pypi
audit: setup
	$(BIN)/python scripts/audit_dependencies.py --service $(SERVICE)

# The tests keep their keys and files in a folder of their own, not in var/ (the demo's logins).
test-sqlite: setup
	SHUYUAN_VAR=$$(mktemp -d) DATABASE_URL= $(BIN)/pytest -n 2 -q $(PYTEST_ARGS)

test-postgres: setup
	SHUYUAN_VAR=$$(mktemp -d) scripts/with-postgres.sh $(BIN)/pytest -n 2 -q $(PYTEST_ARGS)

test: setup
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	echo "== dependency audit =="; $(BIN)/python scripts/audit_dependencies.py --service $(SERVICE); audit=$$?; \
	if [ $$audit = 1 ] || { [ $$audit = 2 ] && [ -n "$(AUDIT_STRICT)" ]; }; then status=1; fi; \
	echo "== tests on SQLite =="; $(MAKE) --no-print-directory test-sqlite || status=1; \
	echo "== tests on PostgreSQL =="; $(MAKE) --no-print-directory test-postgres || status=1; \
	echo "browser screenshots: $(CURDIR)/test-artifacts/screenshots"; \
	if [ $$audit = 2 ]; then echo "WARNING: the dependencies were NOT audited (vulnerability service unreachable, see above)"; fi; \
	exit $$status

bench: setup
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
