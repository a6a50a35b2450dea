"""Password hashing apart from serving: a small pool of its own with a bounded queue.

Checking or making an argon2 hash takes a good fraction of a second of CPU and memory on
purpose. Run in the thread pool that serves pages, a burst of sign-ins (or wrong passwords
from many addresses) would hold every thread and every page would wait behind them. Here
they run in :data:`HASH_WORKERS` threads of their own, awaited from async routes, so pages
and the API keep their threads; at most :data:`HASH_QUEUE` more wait, and a sign-in beyond
that is answered at once with 503 and ``Retry-After`` instead of piling up. argon2-cffi
releases the interpreter lock while it hashes, so a hashing thread does not slow the
serving ones beyond the CPU it uses.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from starlette.exceptions import HTTPException

HASH_WORKERS = 1
"""Hashes computed at once per worker process: one keeps a core for serving on a small
machine (two cores; benchmarks/web.py), and with several worker processes each has its own."""
HASH_QUEUE = 8
"""Sign-ins that may wait for a hashing thread; more are refused (503) rather than queued."""
BUSY_RETRY_AFTER_S = 5
"""The ``Retry-After`` of a sign-in refused because the queue is full."""

P = ParamSpec("P")
T = TypeVar("T")


class HashingBusy(HTTPException):
    """Every hashing slot is taken: the sign-in is refused with 503 and ``Retry-After``."""

    def __init__(self) -> None:
        super().__init__(
            status_code=503,
            detail="too many sign-ins at this moment; try again in a few seconds",
            headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
        )


class HashingPool:
    """Runs password work in its own threads, with a bounded number waiting.

    Args:
        workers: Threads hashing at once.
        queue: Calls that may wait beyond those running.
    """

    def __init__(self, workers: int = HASH_WORKERS, queue: int = HASH_QUEUE) -> None:
        if workers < 1 or queue < 0:
            raise ValueError("a hashing pool needs at least one worker and a queue of 0 or more")
        self.workers = workers
        self.capacity = workers + queue
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hash")
        self._lock = threading.Lock()
        self._taken = 0

    @property
    def in_use(self) -> int:
        """Calls running or waiting right now."""
        with self._lock:
            return self._taken

    def _take(self) -> bool:
        with self._lock:
            if self._taken >= self.capacity:
                return False
            self._taken += 1
            return True

    def _give_back(self, _future: Future[Any]) -> None:
        with self._lock:
            self._taken -= 1

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)`` in a hashing thread, awaited without holding a serving one.

        A slot stays taken until the call has finished, even when the request that asked
        is gone, so the bound holds.

        Raises:
            HashingBusy: When :attr:`capacity` calls are running or waiting already.
        """
        if not self._take():
            raise HashingBusy()
        try:
            future = self._executor.submit(fn, *args, **kwargs)
        except BaseException:
            self._give_back(Future())
            raise
        future.add_done_callback(self._give_back)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Stop the threads once the calls in hand are done (no new calls after)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
