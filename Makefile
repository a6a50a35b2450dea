# One command per job; `make check` is what a reviewer runs before merging.
.PHONY: install test lint types check bench

install:
	python3 -m pip install -e '.[dev]'

test:
	python3 -m pytest

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
