"""A served worker hands the interpreter lock over quickly (issue 25: pages beside busy threads)."""

from __future__ import annotations

import sys

import pytest
from fastapi import FastAPI

from gluteus.web import app as app_module
from gluteus.web.app import SWITCH_INTERVAL_S


def test_a_served_worker_switches_threads_within_a_millisecond(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At Python's default 5 ms a busy thread delayed each round trip of a page."""
    monkeypatch.setattr(app_module, "create_app", lambda: FastAPI())
    monkeypatch.setattr(app_module, "tune_collector", lambda: None)
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        app_module.create_served_app()
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
        assert SWITCH_INTERVAL_S <= 0.001
    finally:
        sys.setswitchinterval(before)
