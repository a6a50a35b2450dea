"""An in-process sliding-window limiter for sign-in and sign-up attempts.

Each worker process counts on its own, so N workers allow up to N times the limit; that
is acceptable for slowing down password guessing and keeps the workers stateless. A shared
store (PostgreSQL or Redis) would be needed for an exact global limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    """At most ``attempts`` in any ``window_s`` seconds per key."""

    attempts: int = 10
    window_s: float = 300.0


class RateLimiter:
    """Counts attempts per key (e.g. ``login:203.0.113.9``) in a sliding window."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record an attempt for ``key``; False when the key is over its limit."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and moment - hits[0] > self.limit.window_s:
                hits.popleft()
            if len(hits) >= self.limit.attempts:
                return False
            hits.append(moment)
            if len(self._hits) > 10_000:
                self._forget_idle(moment)
            return True

    def _forget_idle(self, moment: float) -> None:
        idle = [k for k, v in self._hits.items() if not v or moment - v[-1] > self.limit.window_s]
        for key in idle:
            del self._hits[key]
