# One command per job; `make check` is what a reviewer runs before merging.
.PHONY: install test test-fast lint types check bench

install:
	python3 -m pip install -e '.[dev]'

test:
	python3 -m pytest

test-fast:  # no coverage, no slow tests, stop at the first failure
	python3 -m pytest -q -x --no-cov -m "not slow" -p no:cacheprovider

lint:
	ruff check src tests benchmarks
	ruff format --check src tests benchmarks

types:
	mypy

check: lint types test
	python3 ../shared/tools/seed_overlap.py

bench:
	python3 benchmarks/plan.py
	python3 benchmarks/projection.py
	python3 benchmarks/progress.py
	python3 benchmarks/cli.py
	python3 benchmarks/expenditure.py
