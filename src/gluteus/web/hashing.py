"""Password hashing apart from serving: a small pool of its own with a bounded queue.

Checking or making an argon2 hash takes a good fraction of a second of CPU and memory on
purpose. Run in the thread pool that serves pages, a burst of sign-ins (or wrong passwords
from many addresses) would hold every thread and every page would wait behind them. Here
they run in :data:`HASH_WORKERS` threads of their own, awaited from async routes, so pages
and the API keep their threads; at most :data:`HASH_QUEUE` more wait, and a sign-in beyond
that is answered at once with 503 and ``Retry-After`` instead of piling up. argon2-cffi
releases the interpreter lock while it hashes, so a hashing thread does not slow the
serving ones beyond the CPU it uses.

That CPU is kept from the pages two ways (issue 25's benchmark: at full speed, hashes in
every worker took both cores of a small machine and a bystander's p99 grew several-fold):

- hashing threads run at the lowest OS priority (:data:`HASH_NICENESS`; Linux keeps a
  niceness per thread, and the threads argon2 starts for its lanes inherit it), so a core
  that a serving thread wants is the serving thread's, and hashes use what is left;
- one budget for the whole machine (:data:`MACHINE_HASHES`): a hashing thread takes a
  file lock in the data directory, shared by every worker process, before it hashes, so
  two workers never hash at once however many sign-ins arrive.

Sign-ins are not bystanders: they wait for the budget, and once the queue is full they are
told to come back (503 with ``Retry-After``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

from starlette.exceptions import HTTPException

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]

HASH_WORKERS = 1
"""Hashes computed at once per worker process: one keeps a core for serving on a small
machine (two cores; benchmarks/web.py), and with several worker processes each has its own."""
HASH_QUEUE = 8
"""Sign-ins that may wait for a hashing thread; more are refused (503) rather than queued."""
BUSY_RETRY_AFTER_S = 5
"""The ``Retry-After`` of a sign-in refused because the queue is full."""
REFUSAL_DELAY_S = 1.0
"""How long a sign-in refused for a full queue waits before its 503 is sent.

The wait costs no thread and no CPU (the request sleeps on the event loop), but a client
that tries again as soon as it is answered (a password-guessing script) then sends about
one attempt a second per connection instead of as many as the worker can refuse: issue
25's benchmark, 24 such clients, drew some 150 refusals a second that took the CPU a
signed-in person's page needed (see :data:`MAX_HELD_REFUSALS`)."""
MAX_HELD_REFUSALS = 1000
"""Refused sign-ins one pool holds at once (:data:`REFUSAL_DELAY_S`); more are answered at
once, so open connections stay bounded."""
HASH_NICENESS = 19
"""OS niceness of a hashing thread: the lowest priority (Linux, ``setpriority(2)`` on the
thread's id). Pages keep the CPU they need; hashing gets what is left, and all of it on
an idle machine."""
MACHINE_HASHES = 1
"""Hashes computed at once on the machine, across every worker process that shares the
data directory (each argon2 hash already runs its lanes on several cores)."""
LOCK_FILE = "hashing-{slot}.lock"
"""Name, in the data directory, of the lock file of one machine-wide hashing slot."""

_log = logging.getLogger(__name__)

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
        lock_dir: Where the machine-wide budget's lock files are (the data directory,
            shared by every worker); None: no budget beyond this pool's.
        machine_slots: Hashes at once across every pool sharing ``lock_dir``.
        niceness: OS niceness of the hashing threads.
        refusal_delay_s: How long a refused call waits before :class:`HashingBusy`.
        max_held: Refused calls that may wait so at once (more are refused at once).
    """

    def __init__(
        self,
        workers: int = HASH_WORKERS,
        queue: int = HASH_QUEUE,
        *,
        lock_dir: Path | None = None,
        machine_slots: int = MACHINE_HASHES,
        niceness: int = HASH_NICENESS,
        refusal_delay_s: float = REFUSAL_DELAY_S,
        max_held: int = MAX_HELD_REFUSALS,
    ) -> None:
        if workers < 1 or queue < 0:
            raise ValueError("a hashing pool needs at least one worker and a queue of 0 or more")
        if machine_slots < 1:
            raise ValueError("a machine-wide hashing budget needs at least one slot")
        self.workers = workers
        self.capacity = workers + queue
        self.niceness = niceness
        self._slots = (
            [lock_dir / LOCK_FILE.format(slot=n) for n in range(machine_slots)]
            if lock_dir is not None
            else []
        )
        self._executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="hash", initializer=self._lower_priority
        )
        self._lock = threading.Lock()
        self._taken = 0
        self.refusal_delay_s = refusal_delay_s
        self.max_held = max_held
        self._held = 0

    def _lower_priority(self) -> None:
        """Run in each hashing thread as it starts: drop it to :attr:`niceness`."""
        set_thread_niceness(self.niceness)

    @contextmanager
    def _machine_slot(self) -> Iterator[None]:
        """Hold one of the machine-wide slots (a file lock) while the body runs.

        Tries every slot without waiting, then waits on one; without a lock directory
        (or where file locks do not exist) only this process's bound applies. The lock
        files are opened per call (microseconds, beside a hash's tenths of a second):
        flock locks belong to the open file, so two threads of one process exclude each
        other as two processes do, and nothing stays open.
        """
        if not self._slots or fcntl is None:
            yield
            return
        with ExitStack() as files:
            try:
                self._slots[0].parent.mkdir(parents=True, exist_ok=True)
                opened = [files.enter_context(path.open("ab")) for path in self._slots]
            except OSError as exc:  # a read-only data directory: this process's bound only
                _log.warning("no machine-wide hashing budget: %s", exc)
                opened = []
            held = None
            for file in opened:
                try:
                    fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                held = file
                break
            if held is None and opened:
                held = opened[os.getpid() % len(opened)]
                fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                if held is not None:
                    fcntl.flock(held.fileno(), fcntl.LOCK_UN)

    def _budgeted(self, call: Callable[[], T]) -> T:
        with self._machine_slot():
            return call()

    @property
    def in_use(self) -> int:
        """Calls running or waiting right now."""
        with self._lock:
            return self._taken

    @property
    def full(self) -> bool:
        """Whether a call now would be refused (every running and waiting place taken)."""
        return self.in_use >= self.capacity

    @property
    def held(self) -> int:
        """Refused calls waiting out :attr:`refusal_delay_s` right now."""
        with self._lock:
            return self._held

    async def refuse(self) -> NoReturn:
        """Refuse a call: slowly, but without a thread or CPU.

        Waits :attr:`refusal_delay_s` on the event loop (at once when :attr:`max_held`
        refusals wait already), then raises.

        Raises:
            HashingBusy: Always.
        """
        with self._lock:
            hold = self._held < self.max_held and self.refusal_delay_s > 0
            self._held += hold
        if hold:
            try:
                await asyncio.sleep(self.refusal_delay_s)
            finally:
                with self._lock:
                    self._held -= 1
        raise HashingBusy()

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
            HashingBusy: When :attr:`capacity` calls are running or waiting already (after
                :attr:`refusal_delay_s`, see :meth:`refuse`).
        """
        if not self._take():
            await self.refuse()
        try:
            future = self._executor.submit(self._budgeted, partial(fn, *args, **kwargs))
        except BaseException:
            self._give_back(Future())
            raise
        future.add_done_callback(self._give_back)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Stop the threads once the calls in hand are done (no new calls after)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def set_thread_niceness(niceness: int) -> bool:
    """Give the calling thread OS niceness ``niceness`` (Linux: per thread; never raised).

    Returns:
        Whether the thread now runs at that niceness or lower priority; False where the
        OS has no per-thread niceness or refused (the thread then keeps its priority).
    """
    if not hasattr(os, "setpriority") or not sys.platform.startswith("linux"):
        return False
    tid = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, tid) < niceness:
            os.setpriority(os.PRIO_PROCESS, tid, niceness)
    except OSError as exc:
        _log.warning("hashing thread keeps its priority: %s", exc)
        return False
    return True


def thread_niceness() -> int:
    """The calling thread's OS niceness (Linux; 0 elsewhere)."""
    if not hasattr(os, "getpriority") or not sys.platform.startswith("linux"):
        return 0
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
