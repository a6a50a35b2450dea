"""Sign-in and sign-up attempts are limited per client across every worker of one database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from gluteus.db.engine import create_db_engine, unit_of_work
from gluteus.db.tables import AuthAttemptRow
from gluteus.web.ratelimit import RateLimit, RateLimiter

T0 = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_sliding_window_per_key(engine: Engine) -> None:
    limiter = RateLimiter(RateLimit(attempts=3, window_s=60), engine)
    key = "signin:203.0.113.9"
    assert [limiter.allow(key, _at(s)) for s in (0, 10, 20, 30)] == [True, True, True, False]
    assert limiter.allow("signin:198.51.100.7", _at(30))  # another client is not held back
    assert limiter.allow("signup:203.0.113.9", _at(30))  # nor another action
    assert not limiter.allow(key, _at(59))
    assert limiter.allow(key, _at(61))  # the first attempt left the window
    assert not limiter.allow(key, _at(62))
    assert limiter.allow(key, _at(81))  # and then the second: refusals were not counted


def test_every_worker_counts_against_one_limit(engine: Engine) -> None:
    other = create_db_engine(engine.url.render_as_string(hide_password=False))
    try:
        limits = RateLimit(attempts=4, window_s=300)
        workers = [RateLimiter(limits, engine), RateLimiter(limits, other)]
        allowed = [workers[n % 2].allow("signin:203.0.113.9", _at(n)) for n in range(6)]
    finally:
        other.dispose()
    assert allowed == [True, True, True, True, False, False]


def test_old_attempts_are_deleted_as_new_ones_come(engine: Engine) -> None:
    limiter = RateLimiter(RateLimit(attempts=5, window_s=60), engine)
    for n in range(5):
        assert limiter.allow(f"signin:192.0.2.{n}", _at(n))
    assert limiter.allow("signup:192.0.2.99", _at(200))
    with unit_of_work(engine, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(AuthAttemptRow)) == 1
