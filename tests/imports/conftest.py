"""Fixture files written by hand in each app's format, read as the CLI reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


def read_fixture(name: str) -> str:
    """A fixture file's text (a byte-order mark kept, as the parsers must drop it)."""
    return (DATA / name).read_bytes().decode("utf-8")


@pytest.fixture
def fixture_text() -> Callable[[str], str]:
    return read_fixture
