"""A sliding-window limit on sign-in and sign-up attempts, counted in the shared database.

Every worker process and host serving one database counts against the same limit, so
adding workers does not multiply it, and the workers stay stateless.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from gluteus.db.engine import unit_of_work
from gluteus.services import accounts


@dataclass(frozen=True)
class RateLimit:
    """At most ``attempts`` in any ``window_s`` seconds per key."""

    attempts: int = 10
    window_s: float = 300.0


class RateLimiter:
    """Counts attempts per key (e.g. ``signin:203.0.113.9``) in a sliding window.

    Args:
        limit: How many attempts, in how long.
        engine: The database every worker shares.
    """

    def __init__(self, limit: RateLimit, engine: Engine) -> None:
        self.limit = limit
        self.engine = engine

    def allow(self, key: str, now: dt.datetime) -> bool:
        """Record an attempt for ``key`` at ``now`` (timezone-aware); False when over the limit.

        A refused attempt is not recorded, so waiting out the window always helps.
        """
        moment = now.astimezone(dt.UTC).replace(tzinfo=None)
        window = dt.timedelta(seconds=self.limit.window_s)
        with unit_of_work(self.engine) as session:
            return accounts.record_attempt(
                session, key, moment, attempts=self.limit.attempts, window=window
            )
