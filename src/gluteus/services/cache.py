"""What a process keeps of what it read: values by a key that changes whenever they do.

Pages read the same person's plan and logs many times a minute. Parsing them is most of the
cost of a page, so each process keeps, per user, what it parsed with the stamp stored beside
the data (a plan's version, a user's data stamp). A change writes a new stamp in the same
transaction, so processes sharing one database never serve outdated data and need not tell
each other anything: the next read sees the new stamp, misses and replaces the old value.
Values are frozen models, shared read-only between the threads of a process.

Every cache of the process, these and the domain's memos, is named in one registry,
:data:`CACHES` (kept in :mod:`gluteus.domain.memo` so that every layer can register);
:func:`clear_all` empties them.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel

from gluteus.domain.memo import CACHES, IDENTITY, MEMO, RESOURCE, STAMPED, clear_all, register

__all__ = [
    "CACHES",
    "IDENTITY",
    "MB",
    "MEMO",
    "RESOURCE",
    "STAMPED",
    "StampedCache",
    "approx_bytes",
    "clear_all",
    "model_bytes",
    "register",
]

K = TypeVar("K", bound=Hashable)
S = TypeVar("S")
V = TypeVar("V")


MB = 1024 * 1024
"""Bytes in a mebibyte: caches are bounded in approximate bytes of memory."""
SAMPLE = 64
"""Items of a long sequence measured to estimate the whole (:func:`approx_bytes`)."""


MODEL_BYTES_PER_JSON_BYTE = 6
"""Memory a parsed model takes per byte of its JSON, roughly (a day's view: about 5.4)."""


def model_bytes(value: BaseModel) -> int:
    """Approximate memory of a model from the length of its JSON (fast, for hot paths).

    About :data:`MODEL_BYTES_PER_JSON_BYTE` times the JSON; serialising takes a twentieth
    of the time walking the objects does (:func:`approx_bytes`), which matters for values
    made again after every logged set.
    """
    return len(value.__pydantic_serializer__.to_json(value)) * MODEL_BYTES_PER_JSON_BYTE


def approx_bytes(value: object) -> int:
    """Approximate memory held by ``value``: every object reachable from it, each once.

    Walks models, dataclasses, mappings and sequences, adding ``sys.getsizeof`` of each
    object. A sequence longer than :data:`SAMPLE` is estimated from evenly spread items,
    so a history of years costs about as much to measure as one of weeks. Objects shared
    with the rest of the process (enum members, interned strings) count too, so this
    errs on the high side.
    """
    seen: set[int] = set()
    return _walk(value, seen)


def _walk(value: object, seen: set[int]) -> int:
    if id(value) in seen or value is None or isinstance(value, (bool, type)):
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, (str, bytes, int, float)):
        return size
    if isinstance(value, BaseModel):
        held = _walk(value.__dict__, seen) + _walk(value.__pydantic_fields_set__, seen)
        return size + held
    if dataclasses.is_dataclass(value):
        fields = [getattr(value, f.name) for f in dataclasses.fields(value)]
        return size + sum(_walk(v, seen) for v in fields)
    if isinstance(value, dict):
        return size + sum(_walk(k, seen) + _walk(v, seen) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items: Sequence[object] = list(value)
        if len(items) <= SAMPLE:
            return size + sum(_walk(v, seen) for v in items)
        step = len(items) / SAMPLE
        picked = [items[int(n * step)] for n in range(SAMPLE)]
        return size + sum(_walk(v, seen) for v in picked) * len(items) // SAMPLE
    return size


class StampedCache(Generic[K, S, V]):
    """One value per key (a user) with its stamp; least recently used dropped first.

    Bounded in count and in size. A value is served only for the stamp it was kept
    under; keeping a value under a new stamp replaces the old one at once, so a process
    holds at most one version per key.

    Args:
        max_items: At most this many values are kept.
        max_size: At most this much size in all (in whatever unit :meth:`put` is given,
            e.g. bytes of JSON or number of log entries); a value larger than this is not
            kept at all.
        name: Registers the cache in :data:`CACHES` under this name (every cache a
            module keeps has one; a test's own cache need not).
        unit: What ``max_size`` counts, for the registry (e.g. ``bytes``).
    """

    def __init__(
        self, max_items: int, max_size: int, *, name: str | None = None, unit: str = "bytes"
    ) -> None:
        if name is not None:
            register(name, STAMPED, f"{max_items} values, {max_size} {unit}", self.clear)
        self.max_items = max_items
        self.max_size = max_size
        self._items: OrderedDict[K, tuple[S, V, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        """The size of the values kept, in all."""
        return self._size

    def get(self, key: K, stamp: S) -> V | None:
        """The value kept under ``key`` when it was kept under ``stamp``, else None."""
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] != stamp:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found[1]

    def latest(self, key: K) -> tuple[S, V] | None:
        """The value kept for ``key`` with its stamp, whatever the stamp (not counted)."""
        with self._lock:
            found = self._items.get(key)
            return None if found is None else (found[0], found[1])

    def put(self, key: K, stamp: S, value: V, size: int) -> None:
        """Keep ``value`` for ``key`` under ``stamp``, replacing any other version.

        Then the least recently used values go while over a limit.
        """
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[2]
            if size > self.max_size or self.max_items < 1:
                return
            self._items[key] = (stamp, value, size)
            self._size += size
            while len(self._items) > self.max_items or self._size > self.max_size:
                _, (_, _, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def get_or_make(
        self, key: K, stamp: S | None, make: Callable[[], V | None], size: Callable[[V], int]
    ) -> V | None:
        """The value kept for ``key`` under ``stamp``, else ``make()`` kept under it.

        Nothing is kept when the stamp is unknown (None) or ``make`` finds nothing (None).
        """
        if stamp is not None:
            found = self.get(key, stamp)
            if found is not None:
                return found
        value = make()
        if stamp is not None and value is not None:
            self.put(key, stamp, value, size(value))
        return value

    def clear(self) -> None:
        """Forget every value (and the hit counts)."""
        with self._lock:
            self._items.clear()
            self._size = 0
            self.hits = self.misses = 0
