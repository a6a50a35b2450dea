# One command per job. `make check` runs exactly what CI runs (.ci/run); `make lock` upgrades
# the locked dependency set and runs the suite against it.
.PHONY: install lock test test-fast lint types check bench overlap

VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements.lock

$(PY):
	python3 -m venv $(VENV)

install: $(PY)
	$(PY) -m pip install -c $(LOCK) -e '.[dev]'

lock: $(PY)
	$(PY) -m pip install -q 'uv>=0.9'
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra dev --universal \
		--python-version 3.11 --upgrade --quiet --custom-compile-command "make lock" -o $(LOCK)
	$(PY) -m pip install -c $(LOCK) -e '.[dev]'
	$(PY) -m pytest

test: $(PY)
	$(PY) -m pytest

test-fast: $(PY)  # no coverage, no slow tests, stop at the first failure
	$(PY) -m pytest -q -x --no-cov -m "not slow" -p no:cacheprovider

lint: $(PY)
	$(VENV)/bin/ruff check src tests benchmarks .ci
	$(VENV)/bin/ruff format --check src tests benchmarks .ci

types: $(PY)
	$(VENV)/bin/mypy

check:
	.ci/run

bench: $(PY)
	$(PY) benchmarks/plan.py
	$(PY) benchmarks/projection.py
	$(PY) benchmarks/progress.py
	$(PY) benchmarks/progress_page.py
	$(PY) benchmarks/cli.py
	$(PY) benchmarks/today.py
	$(PY) benchmarks/set_post.py
	$(PY) benchmarks/expenditure.py

overlap:  # our wording against the seed articles (needs the shared folder beside the repo)
	python3 ../shared/tools/seed_overlap.py
