# governance-analytics — the two commands: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
KERNEL := governance-analytics
PERIOD ?= 2025-Q4
LANG_  ?= zh
RUNTIME := $(VENV)/.installed-runtime
STAMP   := $(VENV)/.installed

.PHONY: install install-runtime report test lint data lab bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The runtime alone for a planner's report; the dev and scale extras (JupyterLab, pytest, numba, dask)
# for the tests and notebooks. Reinstalled whenever pyproject.toml changes.
$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): pyproject.toml $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e ".[dev,scale]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (governance-analytics)" >/dev/null
	touch $(STAMP)

install-runtime: $(RUNTIME)

install: $(STAMP)

data: install-runtime
	$(BIN)/governance-analytics demo-data

report: data
	$(BIN)/governance-analytics report --data data/demo --period $(PERIOD) --lang $(LANG_) --out reports

# Notebook 05 (the parameterised report) is not run by nbmake: tests/reporting/test_report_notebook.py
# executes it with papermill and compares its tables with the CLI's, so a second run would only cost
# another full report build.
# The Demo City is generated first, so that the two pytest-xdist workers only read it; tests that
# share the full report build run on one worker (tests/conftest.py, SHARED_BUILDS).
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint data
	$(BIN)/python -m pytest tests notebooks --nbmake --nbmake-kernel=$(KERNEL) --nbmake-timeout=900 \
		--ignore=notebooks/05_periodic_report.ipynb -n 2 --dist loadgroup

lab: install
	$(BIN)/jupyter lab notebooks

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) data/demo data/demo-seed-* reports/*/ .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
